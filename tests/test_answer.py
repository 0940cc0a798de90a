"""The extractive answerer end to end: quotes verify, weak evidence abstains, bad input fails."""

from dataclasses import replace
from typing import Any

import pytest

from assistant.answer.extractive import NOT_ANSWERED
from assistant.answer.json_form import flag_json
from assistant.answer.pipeline import ask
from assistant.config import Settings
from assistant.errors import QuestionError
from assistant.ledger.library import Library
from assistant.types import Flag

from .conftest import SEEDS, Asker, build_library


def test_answer_quotes_and_attributes_its_source(ask_fictional: Asker) -> None:
    answer = ask_fictional("How many families were evacuated from Marrowby after the dam collapse?")
    assert answer.answered and answer.citations
    assert any("1,200" in c.quote for c in answer.citations)
    first = answer.text.splitlines()[0]
    assert first.startswith("According to ") and first.endswith("]")
    assert answer.passages and answer.timings["total_s"] > 0


@pytest.mark.parametrize(
    "question",
    [
        "What is the best apple pie recipe?",
        "How do I change a flat bicycle tyre?",
        "Who won the 1998 football world cup?",
    ],
)
def test_unrelated_questions_are_not_answered(ask_fictional: Asker, question: str) -> None:
    answer = ask_fictional(question)
    assert answer.text == NOT_ANSWERED
    assert not answer.answered and not answer.citations


@pytest.mark.parametrize("question", ["", "   ", "\n\t"])
def test_empty_question_is_a_clear_error(
    fictional_library: Library, settings: Settings, question: str
) -> None:
    with pytest.raises(QuestionError, match="empty"):
        ask(question, fictional_library, settings)


def test_huge_question_is_a_clear_error(fictional_library: Library, settings: Settings) -> None:
    with pytest.raises(QuestionError, match="limit is 2,000"):
        ask("why " * 5000, fictional_library, settings)


def test_partisan_citation_is_flagged(ask_fictional: Asker) -> None:
    answer = ask_fictional(
        "Did the Marrowby dam engineers warn the government about cracks before it collapsed?"
    )
    kinds = {f.kind for f in answer.flags}
    assert "partisan_source" in kinds
    # the claim (engineers warned in 2019) is made by a partisan party alone: the warning is
    # per claim, whatever independent context is quoted beside it
    lead = answer.citations[0]
    assert "warned" in lead.quote and lead.source.stance == "partisan"
    assert "partisan_only" in kinds


def test_metadata_less_seed_article_answers_about_itself(
    tmp_path_factory: pytest.TempPathFactory, embedder, settings: Settings
) -> None:
    index = build_library(tmp_path_factory.mktemp("seed"), SEEDS, embedder)
    answer = ask("What prison sentence did Assadollah Assadi receive?", index, settings)
    assert answer.answered
    assert any("20-year" in c.quote for c in answer.citations)
    # no front matter, but the advocacy wording gives it away: partisan, and marked inferred
    assert all(c.source.stance == "partisan" and c.source.stance_inferred for c in answer.citations)
    flag = next(f for f in answer.flags if f.kind == "partisan_source")
    assert all(s["inferred"] for s in details(flag)["sources"])


def test_a_stricter_threshold_abstains(fictional_library: Library, settings: Settings) -> None:
    strict = replace(settings, min_support=1.5)
    answer = ask("How many families were evacuated from Marrowby?", fictional_library, strict)
    assert not answer.answered and not answer.citations


def test_a_question_about_a_name_no_document_mentions_is_declined(ask_fictional: Asker) -> None:
    answer = ask_fictional("How many people did the Zarnovia relief agency rescue at Marrowby?")
    assert not answer.answered and not answer.citations
    assert answer.text.startswith(NOT_ANSWERED)
    assert "No document mentions “Zarnovia”." in answer.text
    # a name written differently from the corpus still counts as mentioned ("Marrowby's")
    assert ask_fictional("How many families were evacuated from Marrowby's valley?").answered


def details(f: Flag) -> dict[str, Any]:
    """A flag's details as the JSON form gives them (what the API and eval runs carry)."""
    return dict(flag_json(f, {})["details"])
