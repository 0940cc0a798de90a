"""An index records the embedder that built it; opening or writing it with an embedder of
another vector space is a clear error that says to re-ingest, and re-ingesting fixes it."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.corpus.load import load_corpus
from assistant.errors import StoreError
from assistant.ledger.library import ingest, open_library
from assistant.store.embedder_record import EMBEDDER, EmbedderMismatch, recorded_embedder
from assistant.store.embedders import register_embedder
from assistant.store.index import Index
from tests.conftest import FICTIONAL, ROOT


class Hashed:
    """A cheap deterministic embedder: words hashed into 16 dimensions, in its own space."""

    def __init__(self, name: str, space: str) -> None:
        self.name, self.space = name, space

    def embed_batch(self, texts: Sequence[str]) -> list[list[float]]:
        out = []
        for text in texts:
            v = [0.0] * 16
            for word in text.lower().split():
                v[hashlib.blake2b(word.encode(), digest_size=1).digest()[0] % 16] += 1.0
            norm = sum(x * x for x in v) ** 0.5 or 1.0
            out.append([x / norm for x in v])
        return out


@pytest.fixture()
def built(tmp_path: Path) -> Path:
    """An index of the fictional corpus built by the embedder "words-a" (space "words-a")."""
    path = tmp_path / "index"
    Index(path, Hashed("words-a", "words-a")).sync(load_corpus(FICTIONAL).documents)
    return path


def test_the_index_records_its_embedder(built: Path) -> None:
    index = Index.open_existing(built, Hashed("words-a", "words-a"))
    assert recorded_embedder(index._meta) == {"name": "words-a", "space": "words-a"}


def test_another_space_is_refused_with_how_to_re_ingest(built: Path) -> None:
    other = Hashed("words-b", "words-b")
    with pytest.raises(EmbedderMismatch) as caught:
        Index.open_existing(built, other)
    message = str(caught.value)
    assert isinstance(caught.value, StoreError)
    assert "'words-a'" in message and "'words-b'" in message
    assert "python -m assistant ingest --rebuild" in message and str(built) in message
    assert "CROSSCHECK_EMBEDDER=words-a" in message

    index = Index(built, other)  # writing is refused too, before anything changes
    before = index.document_ids()
    with pytest.raises(EmbedderMismatch):
        index.sync(load_corpus(FICTIONAL).documents[:2])
    with pytest.raises(EmbedderMismatch):
        index.add(load_corpus(FICTIONAL).documents[:1])
    assert index.document_ids() == before


def test_the_same_space_under_another_backend_opens(built: Path) -> None:
    """torch "minilm" and "minilm-onnx-int8" share a space: no re-ingest to switch."""
    index = Index.open_existing(built, Hashed("words-a-fast", "words-a"))
    assert index.document_ids()
    index.add(load_corpus(FICTIONAL).documents[:1])
    assert recorded_embedder(index._meta) == {"name": "words-a", "space": "words-a"}


def test_an_emptied_store_takes_the_next_writer(built: Path) -> None:
    """What `ingest --rebuild` does against a Chroma server: remove everything, write anew."""
    index = Index(built, Hashed("words-b", "words-b"))
    index.remove(index.document_ids())
    index.sync(load_corpus(FICTIONAL).documents)
    assert recorded_embedder(index._meta) == {"name": "words-b", "space": "words-b"}
    assert Index.open_existing(built, Hashed("words-b", "words-b")).document_ids()


def test_an_index_older_than_the_record_is_adopted(built: Path) -> None:
    old = Index(built, Hashed("words-a", "words-a"))
    old._meta.delete(ids=[EMBEDDER])
    index = Index.open_existing(built, Hashed("words-b", "words-b"))  # cannot know: accepted
    assert recorded_embedder(index._meta) is None
    index.add(load_corpus(FICTIONAL).documents[:1])  # the next write records its embedder
    assert recorded_embedder(index._meta) == {"name": "words-b", "space": "words-b"}


def test_the_library_refuses_to_open_or_ingest(tmp_path: Path, settings: Settings) -> None:
    register_embedder("test-words-a", lambda: Hashed("test-words-a", "test-words-a"))
    register_embedder("test-words-b", lambda: Hashed("test-words-b", "test-words-b"))
    corpus = tmp_path / "corpus"
    shutil.copytree(FICTIONAL, corpus)
    base = replace(settings, corpus_dir=corpus, index_dir=tmp_path / "index")
    ingest(replace(base, embedder="test-words-a"))
    changed = replace(base, embedder="test-words-b")
    with pytest.raises(EmbedderMismatch, match="ingest --rebuild"):
        open_library(changed)
    with pytest.raises(EmbedderMismatch):
        ingest(changed)  # an incremental ingest cannot mix the two


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "CROSSCHECK_EMBEDDER": "minilm-onnx-int8"}
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_cli_says_to_re_ingest_and_the_rebuild_fixes_it(built: Path) -> None:
    question = "How long is the cable car line in Estrel?"
    refused = _cli("ask", question, "--index", str(built))
    assert refused.returncode == 2, refused.stderr
    assert "ingest --rebuild" in refused.stderr and "'words-a'" in refused.stderr
    assert "Traceback" not in refused.stderr

    rebuilt = _cli(
        "ingest", "--rebuild", "--quiet", "--corpus", str(FICTIONAL), "--index", str(built)
    )
    assert rebuilt.returncode == 0, rebuilt.stderr
    answered = _cli("ask", question, "--index", str(built))
    assert answered.returncode == 0 and "[1]" in answered.stdout, answered.stderr
