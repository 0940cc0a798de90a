"""The Gradio app on a real server on 127.0.0.1, driven through its API (gradio_client)."""

import gradio as gr
from gradio_client import Client

from assistant.config import Settings
from assistant.ledger.library import Library
from tests.serving import serve_app


def test_chat_answers_over_a_real_server(fictional_library: Library, settings: Settings) -> None:
    app, url = serve_app(fictional_library, settings)
    assert isinstance(app, gr.Blocks)
    try:
        client = Client(url, verbose=False)
        box, history, evidence = client.predict(
            "How many tonnes of grain were lost?", [], "extractive", 4, False, api_name="/respond"
        )
        assert box == ""
        shown = str(history[-1]["content"])
        assert "1,200" in shown and 'class="cc-ref" href="#cc-t1-c1"' in shown
        assert 'id="cc-t1-c1"' in evidence and '<mark class="cc-hl">' in evidence

        _, history, _ = client.predict("", [], "extractive", 4, False, api_name="/respond")
        assert "empty" in str(history[-1]["content"])
    finally:
        app.close()
