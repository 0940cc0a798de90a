"""A real Crosscheck server over its own small corpus, and the Gradio call API it serves."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
from gradio.utils import get_upload_folder

from app import build_app
from assistant.config import Settings
from assistant.corpus.load import load_corpus
from assistant.ledger.library import Library
from assistant.serve.server import build_server
from assistant.store.embedders import Embedder
from assistant.store.index import Index
from tests.serving import serving

SEED = (
    "---\ntitle: Quillon ferry strike ends\npublisher: Quillon Post\ndate: 2024-03-22\n---\n"
    "The Quillon ferry strike lasted nineteen days, the Quillon Post reported.\n"
)
GOOD = "---\ntitle: Vardo bridge\n---\nThe Vardo bridge inspection found cracked bolts.\n"


@dataclass
class Served:
    url: str
    library: Library
    corpus: Path


@contextmanager
def crosscheck(
    tmp_path: Path, embedder: Embedder, settings: Settings, **changes: Any
) -> Iterator[Served]:
    """The app as `main()` serves it (build_server, not launch), on 127.0.0.1."""
    corpus = tmp_path / "corpus"
    corpus.mkdir(parents=True)
    (corpus / "seed.md").write_text(SEED, encoding="utf-8")
    library = Library.over(Index(tmp_path / "index", embedder))
    library.sync_documents(load_corpus(corpus).documents)
    chosen = replace(settings, corpus_dir=corpus, index_dir=tmp_path / "index", **changes)
    with serving(build_server(library, chosen, build_app(library, chosen))) as url:
        yield Served(url, library, corpus)


def upload_folder() -> Path:
    return Path(get_upload_folder())


def file_data(path: str) -> dict[str, Any]:
    return {"path": path, "meta": {"_type": "gradio.FileData"}}


def call_upload(url: str, files: list[dict[str, Any]], key: str = "") -> Any:
    """POST /gradio_api/call/upload, then read the event stream to its result."""
    data = [files, key, [], [], "", "", ""]  # files, Key, then the five Library filters
    with httpx.Client(base_url=url, timeout=60) as client:
        started = client.post("/gradio_api/call/upload", json={"data": data})
        started.raise_for_status()
        event_id = started.json()["event_id"]
        stream = client.get(f"/gradio_api/call/upload/{event_id}").text
    event = ""
    for line in stream.splitlines():
        if line.startswith("event:"):
            event = line.split(":", 1)[1].strip()
        elif line.startswith("data:") and event in ("complete", "error"):
            return event, json.loads(line.split(":", 1)[1])
    raise AssertionError(f"no result in the stream: {stream[:500]}")


def upload_for_real(url: str, name: str, text: str) -> str:
    """Send a file the way the browser does; returns the path Gradio stored it under."""
    with httpx.Client(base_url=url, timeout=60) as client:
        sent = client.post("/gradio_api/upload", files={"files": (name, text.encode())})
        sent.raise_for_status()
        return str(sent.json()[0])
