"""Who did what to whom: a generated sentence may not turn its quote around (real parser)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.grounding.relations import unsupported_relation

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("sentence", "quote"),
    [
        # the probe: a role reversed
        (
            "The EU represented Mohammad Javad Zarif at the forum.",
            "Mohammad Javad Zarif represented Iran at the forum, which the EU skipped.",
        ),
        (
            "On 3 March 2023 the Constitutional Court annulled the treaty.",
            "On 3 March 2023 the Constitutional Court rejected the request to annul the treaty.",
        ),
        (
            "The council confirmed the figure of 40 deaths.",
            "The council dismissed the figure of 40 deaths as propaganda.",
        ),
        (
            "About 300 workers did not join the strike.",
            "About 300 workers joined the strike on Monday.",
        ),
        (
            "Qatar mediated the exchange of prisoners.",
            "Oman mediated the exchange of prisoners in May.",
        ),
        (  # sharing a modifier ("Iran's") does not make two agents one
            "The shutdown was ordered by Iran's Ministry of Communications.",
            "The shutdown was ordered by Iran's Security Council and carried out by the Ministry.",
        ),
        (  # the speaker turned listener
            "Reuters said the figure came from hospitals.",
            "Two officials told Reuters that the figure came from hospitals.",
        ),
    ],
)
def test_a_contradicted_relation_is_caught(sentence: str, quote: str) -> None:
    assert unsupported_relation(sentence, [quote])


@pytest.mark.parametrize(
    ("sentence", "quote"),
    [
        (
            "The Antwerp court gave Assadollah Assadi 20 years in prison.",
            "The Antwerp court sentenced Assadollah Assadi to 20 years in prison.",
        ),
        (
            "Assadi was sentenced to 20 years by the Antwerp court.",
            "The Antwerp court sentenced Assadi to 20 years in prison.",
        ),
        (
            "The Constitutional Court refused to annul the treaty.",
            "The Constitutional Court rejected the request to annul the treaty.",
        ),
        ("Roughly 1,500 people died.", "About 1,500 people were killed."),
    ],
)
def test_a_paraphrase_keeps_its_relation(sentence: str, quote: str) -> None:
    assert unsupported_relation(sentence, [quote]) == ""


def test_on_the_calibration_pairs_it_adds_catches_and_rarely_false_alarms() -> None:
    """eval/judge_calibration.jsonl: 20 supported and 23 unsupported hand-labelled pairs. The
    relation check is an addition to the numbers-and-names check, aimed at the contradictions
    and swapped agents that check cannot see (README: "Checking relations")."""
    rows = [json.loads(line) for line in (ROOT / "eval/judge_calibration.jsonl").open()]
    flagged = [
        bool(unsupported_relation(r["sentence"], [r["passage"].split("): ", 1)[-1]])) for r in rows
    ]
    false_alarms = sum(f for f, r in zip(flagged, rows, strict=True) if r["supported"])
    caught = sum(f for f, r in zip(flagged, rows, strict=True) if not r["supported"])
    contradictions = [f for f, r in zip(flagged, rows, strict=True) if r["note"] == "contradiction"]
    assert false_alarms <= 1
    assert caught >= 5 and sum(contradictions) >= 2
