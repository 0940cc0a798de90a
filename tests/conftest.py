"""Shared fixtures: the real embedding model and real Chroma indexes, built once per session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"

from assistant.answer.pipeline import ask
from assistant.config import Settings
from assistant.corpus.load import load_corpus
from assistant.grounding.quotes import verify
from assistant.ledger.library import Library
from assistant.store.embedders import Embedder, get_embedder
from assistant.store.index import Index
from assistant.types import Answer, Document
from tests.browser import browser  # noqa: F401  (the real-Chromium fixture)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
FICTIONAL = DATA / "fictional"
DEMO = ROOT / "corpus"
SEEDS = ROOT.parent / "shared" / "seeds"

Asker = Callable[[str], Answer]


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return get_embedder("minilm")


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    base = Settings.from_env()
    return replace(base, index_dir=tmp_path_factory.mktemp("index"), chroma_url="")


def shipped(docs: list[Document]) -> list[Document]:
    """Documents of a corpus as committed: without what the app's upload put in `uploads/`."""
    return [d for d in docs if not d.id.startswith("uploads/")]


def build_library(path: Path, corpus: Path, embedder: Embedder) -> Library:
    """A library (index and ledger) over the corpus as committed."""
    library = Library.over(Index(path, embedder))
    library.sync_documents(shipped(load_corpus(corpus).documents))
    return library


@pytest.fixture(scope="session")
def fictional_library(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Library:
    return build_library(tmp_path_factory.mktemp("fictional"), FICTIONAL, embedder)


@pytest.fixture(scope="session")
def demo_library(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Library:
    return build_library(tmp_path_factory.mktemp("demo"), DEMO, embedder)


def checked(library: Library, settings: Settings) -> Asker:
    """`ask`, plus the product's guarantee: every citation of every answer verifies."""

    def run(question: str) -> Answer:
        answer = ask(question, library, settings)
        for c in answer.citations:
            assert verify(c, library.index.text(c.doc_id)), c
            assert f"[{c.n}]" in answer.text
        return answer

    return run


@pytest.fixture(scope="session")
def ask_fictional(fictional_library: Library, settings: Settings) -> Asker:
    return checked(fictional_library, settings)


@pytest.fixture(scope="session")
def ask_demo(demo_library: Library, settings: Settings) -> Asker:
    return checked(demo_library, settings)


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "corpus"
    shutil.copytree(FICTIONAL, dest)
    return dest
