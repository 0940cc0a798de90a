"""The Gradio app on a real server on 127.0.0.1."""

import socket

import gradio as gr
from gradio_client import Client

from app import build_app
from assistant.config import Settings
from assistant.index import Index


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_chat_answers_over_a_real_server(fictional_index: Index, settings: Settings) -> None:
    app = build_app(fictional_index, settings)
    assert isinstance(app, gr.Blocks)
    port = free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        box, history = client.predict(
            "How many tonnes of grain were lost?", [], api_name="/respond"
        )
        assert box == ""
        shown = history[-1]["content"]
        shown = shown if isinstance(shown, str) else str(shown)
        assert "1,200" in shown and "cc-cite" in shown

        _, history = client.predict("", [], api_name="/respond")
        assert "empty" in str(history[-1]["content"])
    finally:
        app.close()
