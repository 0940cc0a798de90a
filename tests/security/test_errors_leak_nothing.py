"""Errors speak to visitors, not developers: a damaged index gives the one-line rebuild advice,
with no server path and no traceback, in API bodies; the whole error goes to the log."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx

from assistant.config import Settings
from assistant.corpus.load import load_corpus
from assistant.ledger.library import Library
from assistant.serve.api import build_api
from assistant.store.embedders import Embedder
from assistant.store.index import Index
from tests.conftest import FICTIONAL
from tests.serving import serving


class Damaged:
    """A vector segment that fails when searched, as a truncated HNSW file does."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def query(self, **_: Any) -> Any:
        raise RuntimeError("Cannot open header file /srv/secret/index/abc/header.bin")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def test_a_damaged_index_answers_with_advice_not_internals(
    tmp_path: Path, embedder: Embedder, settings: Settings
) -> None:
    index = Index(tmp_path / "index", embedder)
    library = Library.over(index)
    library.sync_documents(load_corpus(FICTIONAL / "dam").documents)
    index._chunks = Damaged(index._chunks)
    config = replace(settings, index_dir=tmp_path / "index", rate_limit="off")
    with serving(build_api(library, config)) as url:
        got = httpx.post(f"{url}/api/v1/ask", json={"question": "How many died?"}, timeout=60)
    assert got.status_code == 503
    message = got.json()["error"]["message"]
    assert "--rebuild" in message
    for leak in (str(tmp_path), "/srv/secret", "Traceback", "RuntimeError"):
        assert leak not in got.text, leak


def test_deeply_nested_json_gets_a_listed_code(
    tmp_path: Path, embedder: Embedder, settings: Settings
) -> None:
    library = Library.over(Index(tmp_path / "index", embedder))
    library.sync_documents(load_corpus(FICTIONAL / "dam").documents)
    config = replace(settings, rate_limit="off")
    deep = '{"question": ' + "[" * 5000 + "]" * 5000 + "}"
    with serving(build_api(library, config)) as url:
        got = httpx.post(
            f"{url}/api/v1/ask", content=deep, headers={"Content-Type": "application/json"}
        )
    assert got.status_code in (400, 422), got.text
    code = got.json()["error"]["code"]
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert f"`{code}`" in readme
