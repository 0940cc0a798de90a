"""Real servers on 127.0.0.1 for tests: an ASGI app under uvicorn, and a static host site."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import uvicorn

from app import build_app
from assistant.config import Settings
from assistant.ledger.library import Library
from assistant.ui.style import CSS, HEAD, theme
from tests.browser import free_port


@contextmanager
def serving(app: Any, port: int | None = None) -> Iterator[str]:
    """Run `app` under uvicorn in a thread; yields its base URL, stops it afterwards."""
    port = port or free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"uvicorn did not start on 127.0.0.1:{port}")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@contextmanager
def static_site(html: str, port: int | None = None) -> Iterator[str]:
    """A one-page site (any path serves `html`) on its own port: another origin."""
    body = html.encode()

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", port or free_port()), Page)
    thread = threading.Thread(target=httpd.serve_forever, name="host-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def serve_app(library: Library, settings: Settings) -> tuple[Any, str]:
    """The Gradio app over `library` on a free 127.0.0.1 port, styled as `make run` serves it."""
    app = build_app(library, settings)
    port = free_port()
    app.launch(
        server_name="127.0.0.1",
        server_port=port,
        prevent_thread_lock=True,
        quiet=True,
        css=CSS,
        theme=theme(),
        head=HEAD,
    )
    return app, f"http://127.0.0.1:{port}/"
