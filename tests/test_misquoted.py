"""Words a question puts in someone's mouth are checked against whose the documents say they are
(`answer/misquoted.py`), on a two-document corpus written for this test."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer.misquoted import correct_misquotes, misquotes
from assistant.answer.pipeline import ask
from assistant.answer.premise import FALSE_PREMISE
from assistant.config import Settings
from assistant.ledger.library import Library
from assistant.store.embedders import Embedder
from assistant.types import Answer
from tests.conftest import build_library

STATEMENT = """---
title: "Statement on the harbour levy"
publisher: Harbour Party
date: 2031-05-02
stance: partisan
---
The council has voted for the harbour levy. This is the worst betrayal in the history of our
town, and we will not forget it.
"""
WIRE = """---
title: "Council passes harbour levy"
publisher: Tessel Wire
date: 2031-05-01
stance: independent
---
The council of Tessel passed the harbour levy on Thursday by nine votes to four. Mayor Ilse
Varn said the levy was "a fair price for a safer harbour" and would fund the new sea wall.

"This was not a vote about money. It was a vote about who runs the harbour," said Oren Lusk,
who chairs the fishermen's guild.
"""


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Library:
    corpus = tmp_path_factory.mktemp("misquoted-corpus")
    (corpus / "harbour-party.md").write_text(STATEMENT)
    (corpus / "tessel-wire.md").write_text(WIRE)
    return build_library(tmp_path_factory.mktemp("misquoted-index"), Path(corpus), embedder)


def test_words_given_to_someone_else_are_said_to_be_theirs(library: Library) -> None:
    question = "Did Mayor Ilse Varn call the levy 'the worst betrayal in the history of our town'?"
    (found,) = misquotes(question, library)
    assert found.speaker == "Harbour Party" and found.credited == "Mayor Ilse Varn"
    plain = Answer(question, "An answer.", (), (), ())
    corrected = correct_misquotes(plain, [found], library)
    assert corrected.text.startswith("The documents do not give the words")
    assert [f.kind for f in corrected.flags] == [FALSE_PREMISE]
    (cited,) = corrected.citations
    assert "worst betrayal" in cited.quote and cited.source.publisher == "Harbour Party"


def test_a_quotation_that_runs_on_is_given_to_the_voice_named_where_it_closes(
    library: Library,
) -> None:
    question = "Why did Mayor Ilse Varn admit that 'this was not a vote about money'?"
    (found,) = misquotes(question, library)
    assert found.speaker == "Oren Lusk" and found.credited == "Mayor Ilse Varn"
    corrected = correct_misquotes(Answer(question, "An answer.", (), (), ()), [found], library)
    (cited,) = corrected.citations
    assert cited.quote.startswith('"This was not a vote') and cited.quote.endswith("guild.")


@pytest.mark.parametrize(
    "question",
    [
        "Did Mayor Ilse Varn call the levy 'a fair price for a safer harbour'?",  # hers
        "Who called the levy 'the worst betrayal in the history of our town'?",  # credits nobody
        "Did Mayor Ilse Varn call the levy 'a tax on every family in town'?",  # not in the corpus
        "Did Mayor Ilse Varn call it 'worst betrayal'?",  # too short to be anyone's words
    ],
)
def test_words_the_documents_give_to_the_one_named_or_do_not_hold_are_left(
    library: Library, question: str
) -> None:
    assert misquotes(question, library) == []


def test_a_publisher_named_only_in_front_matter_is_one_the_corpus_knows(
    library: Library, settings: Settings
) -> None:
    """The word "Wire" is in no document's text, only in the name of the one that published it."""
    answer = ask("By how many votes did the Tessel Wire say the levy passed?", library, settings)
    assert answer.answered and "nine votes to four" in answer.text
