"""A claim is quoted with the nearby sentence of its own document that reframes it."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answer.qualify import reframing
from assistant.corpus.sentences import split_sentences
from assistant.types import Chunk, Passage, Source

TEXT = (
    "The Valley Front said the Harbour Board admitted opening the sluice gates. "
    "The statement was published on Tuesday. "
    "The Harbour Board called this an accusation without evidence and said the gates stayed shut. "
    "Rain fell all week."
)


@dataclass(frozen=True)
class Quote:
    passage: Passage
    span: object


def passage_and_sentences() -> tuple[Passage, list]:
    chunk = Chunk("c1", "d1", 0, len(TEXT), TEXT)
    passage = Passage(1, chunk, 0.9, Source("Wire"))
    return passage, split_sentences(TEXT)


def test_the_documents_own_reframing_follows_the_claim() -> None:
    passage, sentences = passage_and_sentences()
    cands = [(passage, s) for s in sentences]
    added = reframing([Quote(passage, sentences[0])], cands)  # type: ignore[list-item]
    assert [(i, s.text) for i, _, s in added] == [(0, sentences[2].text)]


def test_a_sentence_naming_nothing_the_claim_names_is_not_added() -> None:
    passage, sentences = passage_and_sentences()
    cands = [(passage, s) for s in sentences]
    assert reframing([Quote(passage, sentences[3])], cands) == []  # type: ignore[list-item]
