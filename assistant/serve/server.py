"""The one web server: the API of `serve.api` with the Gradio UI mounted at /, run by uvicorn.

`build_server(library, settings, blocks)` composes them; `run_server` serves them with bounded
connection timeouts. Nothing here knows what the UI shows.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from fastapi import FastAPI

from assistant.config import Settings
from assistant.corpus.nlp import english
from assistant.ledger.library import Library
from assistant.serve.api import build_api
from assistant.ui.style import CSS, HEAD, theme

log = logging.getLogger("crosscheck.server")

KEEP_ALIVE_S = 5  # an idle keep-alive connection is closed after this many seconds
HEADERS_TIMEOUT_S = 10  # a client must finish sending request headers within this


def build_server(library: Library, settings: Settings, blocks: Any, **gradio: Any) -> FastAPI:
    """The API with the Gradio UI `blocks` mounted at /; `gradio` goes to mount_gradio_app
    (css=, theme=, head=, js=...; the app's own styles and upload limits when not given)."""
    import gradio as gr

    # the UI's questions and the API's requests draw on the same per-client rate limit
    app = build_api(library, settings, bucket=getattr(blocks, "rate_limiter", None))
    options = {
        "css": CSS,
        "theme": theme(),
        "head": HEAD,
        # Gradio serves only its own upload cache: never the corpus, the index or anything
        # else named in a request; an upload larger than the limit is refused by Gradio.
        "max_file_size": settings.max_upload_bytes,
        "allowed_paths": [],
        "blocked_paths": [str(settings.corpus_dir.resolve()), str(settings.index_dir.resolve())],
        **gradio,
    }
    server = gr.mount_gradio_app(
        app, blocks, path="/", server_name=settings.host, server_port=settings.port, **options
    )
    # Gradio checks that a file named in a request was uploaded (is in its upload folder, not
    # in blocked_paths) only for Blocks that "have launched"; mounting never sets it, which
    # would let a request name any readable server file. The app's upload handler checks too.
    blocks.has_launched = True
    return server


def warm(library: Library) -> threading.Thread:
    """Group the figure ledger and load the lexical index now, not on the first questions;
    load the models every answer needs (the parser with and without its entity recogniser,
    the embedder) in the background: the server listens meanwhile, and the first question no
    longer pays for them (0.79 s against 0.14 s for the next one on the demo index). Returns
    that thread."""
    library.disputes()
    library.index.lexical("warm up", 1)
    models = threading.Thread(target=_load_models, args=(library,), name="warm", daemon=True)
    models.start()
    return models


def _load_models(library: Library) -> None:
    try:
        for entities in (True, False):
            english(entities)
        library.index.embedder.embed_batch(["warm up"])
    except Exception:  # a model that cannot load fails the first question, with its own error
        log.exception("loading the models in the background failed")


def run_server(app: FastAPI, settings: Settings) -> None:
    import uvicorn

    print(
        f"Crosscheck: UI http://{settings.host}:{settings.port}/ · API /api/v1 (schema "
        f"/openapi.json) · widget /widget.js, demo /widget-demo",
        flush=True,
    )
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level="warning",
        timeout_keep_alive=KEEP_ALIVE_S,
        h11_max_incomplete_event_size=16 * 1024,
    )
