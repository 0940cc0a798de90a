"""What a composed lead is held to beyond its words (`grounding.leads.lead_problem`): who says
it, what that voice said, whose figure it is, the hedge, a cause, a change. The failures here
are the kinds the 0.5B model wrote on the demo set (`eval/lead_labels.jsonl`), retold."""

from __future__ import annotations

import pytest

from assistant.grounding.leads import lead_problem
from assistant.types import Chunk, Passage, Source

WIRE = Source("Wire", publisher="Meridian Wire", stance="independent")


def quote(n: int, text: str, source: Source = WIRE) -> Passage:
    return Passage(n, Chunk(f"c{n}", f"d{n}", 0, len(text), text), 1.0, source)


LETTER = quote(
    1,
    "Before the summit, 22 deputies led by Ana Vell had written to Minister Oren urging him "
    "to stay away, the Ledger reported.",
)
WORDING = quote(
    2,
    'The Harbour Gazette and Radio Tal wrote of fare rises of "up to 300%", while the Civic '
    "Audit's wording was a rise of 50% to 200%.",
)
DETAINED = quote(
    3, "Colonel Brask had been held since his arrest in Velmora on 1 July 2018, close to 5 years."
)
WORKER = quote(
    4,
    "Ivo Stann, a Tarsian aid worker, had been held in Korvat since his arrest there on "
    "24 February 2022.",
)
TOLL = quote(
    5,
    "The monitor said at least 251 people had been killed and that its count had reached 208 "
    "by 2 December.",
)


@pytest.mark.parametrize(
    ("lead", "cited", "why"),
    [
        ("According to Minister Oren, Ana Vell urged him to stay away [1].", [LETTER], "no quote"),
        ("According to the 22 deputies of the summit, it was put off [1].", [LETTER], ""),
        ("According to the Harbour Gazette, fares rose by 50% to 200% [2].", [WORDING], "figures"),
        ("According to the Civic Audit, fares rose by 50% to 200% [2].", [WORDING], ""),
        (
            "The aid worker was held from 1 July 2018, close to 5 years [3][4].",
            [DETAINED, WORKER],
            "not said of",
        ),
        (
            "Colonel Brask was held from 1 July 2018, close to 5 years [3][4].",
            [DETAINED, WORKER],
            "",
        ),
        ("According to the monitor, more than 251 people were killed [5].", [TOLL], "hedge"),
        ("According to the monitor, at least 251 people were killed [5].", [TOLL], ""),
        ("The monitor's count rose from 208 to 208 [5].", [TOLL], "same value"),
        ("The monitor said at least 251 people died because of the curfew [5].", [TOLL], "cause"),
    ],
)
def test_a_lead_sentence_holds_or_says_why_not(lead: str, cited: list[Passage], why: str) -> None:
    found = lead_problem(lead, cited)
    assert (why in found) if why else found == "", found
