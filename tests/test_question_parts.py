"""A question of several parts is answered part by part: each part quoted for what it asks,
a part the documents do not answer named as such. Fictional text only."""

from __future__ import annotations

import pytest

from assistant.answer.parts import question_parts
from tests.conftest import Asker


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "How many people were evacuated, and how many were still in shelters on May 2?",
            ("How many people were evacuated?", "How many people were still in shelters on May 2?"),
        ),
        (
            "How long did the march last, and at what time did the clashes begin?",
            ("How long did the march last?", "At what time did the clashes begin?"),
        ),
        (
            "When did the strike start and when did it end? (Port Celadon)",
            (
                "When did the strike start? (Port Celadon)",
                "When did it end? (strike start) (Port Celadon)",
            ),
        ),
    ],
)
def test_a_question_of_two_parts_is_two_questions(question: str, parts: tuple[str, ...]) -> None:
    """Each part as asked; the second may borrow the first's terms, as a follow-up does."""
    first, second = question_parts(question)
    assert first == parts[0]
    assert second.startswith(parts[1].split(" (")[0])
    assert second.endswith(parts[1][-len("(Port Celadon)") :]) or "(" not in parts[1]


@pytest.mark.parametrize(
    "question",
    [
        "How many people died in the flood?",
        "Which court certified the results, and when?",  # the second part has no verb
        "How many suspected and how many confirmed cases were recorded?",  # one question
    ],
)
def test_a_question_of_one_part_stays_whole(question: str) -> None:
    assert question_parts(question) == (question,)


def test_each_part_is_quoted_for_what_it_asks(ask_fictional: Asker) -> None:
    answer = ask_fictional(
        "How long did the Port Celadon strike last, "
        "and how many tonnes of grain did the Warehouse 7 fire destroy?"
    )
    assert answer.answered
    assert "9 days" in answer.text and "1,200 tonnes" in answer.text


def test_a_part_the_documents_do_not_answer_is_named(ask_fictional: Asker) -> None:
    answer = ask_fictional(
        "How long did the Port Celadon strike last, and who paid for the repairs to Warehouse 7?"
    )
    assert answer.answered and "9 days" in answer.text
    assert "The documents do not give" in answer.text


def test_a_contested_figure_asked_by_the_second_part_gets_its_dispute_line(
    ask_fictional: Asker,
) -> None:
    answer = ask_fictional(
        "How long did the Port Celadon strike last, and how many dockworkers took part in it?"
    )
    assert answer.answered and "9 days" in answer.text
    assert "Sources disagree on this figure" in answer.text
    assert any(d.contested for d in answer.disputes)
