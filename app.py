"""Crosscheck web app: `python app.py` serves http://127.0.0.1:7860; `make run` builds the index."""

from __future__ import annotations

from typing import Any

import gradio as gr

from assistant.config import Settings, offline_environment
from assistant.errors import CrosscheckError
from assistant.index import Index
from assistant.pipeline import ask
from assistant.ui import render_answer, render_error

STARTERS = [
    "How many people were killed in the November 2019 protests in Iran?",
    "What sentence did Assadollah Assadi receive?",
    "How many people were arrested during the November 2019 protests?",
    "What did Khamenei say about the MEK in January 2018?",
]
CSS = """
.cc-badge { border-radius: 999px; padding: 0 .5em; font-size: .8em; margin-left: .3em; }
.cc-independent { background: #dcfce7; color: #14532d; }
.cc-partisan { background: #fee2e2; color: #7f1d1d; }
.cc-unknown { background: #e5e7eb; color: #1f2937; }
.cc-quote { border-left: 3px solid #94a3b8; margin: .3em 0; padding-left: .6em; }
.cc-flag { background: #fef3c7; color: #78350f; padding: .3em .6em; border-radius: 6px; }
.cc-loc { color: #64748b; }
"""


def build_app(index: Index, settings: Settings) -> gr.Blocks:
    """The chat UI over `index`. Launching is the caller's business."""

    def respond(message: str, history: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
        try:
            shown = render_answer(ask(message, index, settings))
        except CrosscheckError as exc:
            shown = render_error(str(exc))
        history = [
            *history,
            {"role": "user", "content": message},
            {"role": "assistant", "content": shown},
        ]
        return "", history

    with gr.Blocks(title="Crosscheck") as app:
        gr.Markdown(
            "## Crosscheck\nAnswers quoted verbatim from the corpus, each with its source, date "
            "and stance."
        )
        chat = gr.Chatbot(label="Crosscheck", elem_id="cc-chat", height=560)
        box = gr.Textbox(
            placeholder="Ask about the events in the corpus…",
            show_label=False,
            elem_id="cc-question",
        )
        gr.Examples(STARTERS, inputs=box)
        box.submit(respond, [box, chat], [box, chat])
    return app


def main() -> None:
    from assistant.embed import get_embedder

    offline_environment()
    settings = Settings.from_env()
    index = Index.open_existing(
        settings.index_dir, get_embedder(settings.embedder), chroma_url=settings.chroma_url
    )
    build_app(index, settings).launch(server_name="127.0.0.1", server_port=7860, css=CSS)


if __name__ == "__main__":
    main()
