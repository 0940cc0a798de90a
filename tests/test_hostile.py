"""Hostile documents: prompt-injection text and markup inside a source change no other answer,
are stored as plain text, and are never shown unescaped. (LLM mode: tests/test_llm_hostile.py.)"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.embed import Embedder
from assistant.index import Index
from assistant.ingest import load_corpus
from assistant.pipeline import ask
from assistant.ui import render_message
from assistant.ui_evidence import render_citation
from tests.conftest import DATA, FICTIONAL

HOSTILE = DATA / "hostile"
QUESTIONS = [q["question"] for q in json.loads((DATA / "fictional_questions.json").read_text())]


@pytest.fixture(scope="module")
def poisoned_index(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Index:
    corpus = tmp_path_factory.mktemp("poisoned")
    shutil.copytree(FICTIONAL, corpus / "fictional")
    shutil.copytree(HOSTILE, corpus / "hostile")
    index = Index(tmp_path_factory.mktemp("poisoned-index"), embedder)
    index.sync(load_corpus(corpus).documents)
    return index


def test_injection_changes_no_answer_to_other_questions(
    fictional_index: Index, poisoned_index: Index, settings: Settings
) -> None:
    for q in QUESTIONS[:12]:
        clean, poisoned = ask(q, fictional_index, settings), ask(q, poisoned_index, settings)
        assert all(c.doc_id != "hostile/injection" for c in poisoned.citations), q
        assert [c.quote for c in poisoned.citations] == [c.quote for c in clean.citations], q
        assert "9,999" not in poisoned.text and "never broke" not in poisoned.text


def test_hostile_document_is_plain_text_and_rendered_escaped(
    poisoned_index: Index, settings: Settings
) -> None:
    answer = ask("What colour was the Lantern Bridge repainted?", poisoned_index, settings)
    assert any(c.doc_id == "hostile/injection" for c in answer.citations)
    text = poisoned_index.text("hostile/injection") or ""
    shown = render_message(answer, 0) + "".join(
        render_citation(c, text, [], 0) for c in answer.citations
    )
    for payload in ("<script", "<img", 'href="javascript:'):
        assert payload not in shown, payload
    assert "Lantern" in shown


def test_markup_in_metadata_is_kept_as_text(poisoned_index: Index) -> None:
    source = poisoned_index.sources()["hostile/injection"]
    assert "<img" in source.publisher  # stored verbatim as text; escaping happens on display
    text = poisoned_index.text("hostile/injection") or ""
    assert "Ignore all previous instructions" in text


def test_hostile_folder_is_not_part_of_the_fictional_corpus() -> None:
    assert not any(Path(d.path).is_relative_to(HOSTILE) for d in load_corpus(FICTIONAL).documents)
