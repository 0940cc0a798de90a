"""What a composed lead is held to beyond its words (`grounding.leads.lead_problem`): who says
it, what that voice said, whose figure it is, the hedge, a cause, a change. The failures here
are the kinds the 0.5B model wrote on the demo set (`eval/lead_labels.jsonl`), retold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.corpus.load import load_corpus
from assistant.grounding.leads import lead_problem
from assistant.grounding.markers import markers, sentences
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

FUND = quote(6, "The province released $4.5 million in emergency funds on Monday.")
SURVEY = quote(8, "The survey counted 37 houses damaged and eight houses destroyed in Lesk.")
IMAGERY = quote(
    7,
    "Satellite imagery acquired on 18 August shows that the Carrick fire has burned 11,400 "
    "hectares.",
    Source("Fire update", publisher="Greenline Watch", stance="independent", date="2024-08-19"),
)
GAVE_WAY = quote(
    9, "A section of the Tarn Dam gave way before dawn on Friday, flooding four towns."
)
COSTS = quote(10, "The regional government said on Thursday that repairs would cost far more.")


@pytest.mark.parametrize(
    ("lead", "cited", "why"),
    [
        ("The Tarn Dam gave way on Thursday [9][10].", [GAVE_WAY, COSTS], "something else"),
        ("The Tarn Dam gave way on Friday [9][10].", [GAVE_WAY, COSTS], ""),
        ("On Thursday the government said repairs would cost more [10].", [COSTS], ""),
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
        (
            "$4.5 million was released from the provincial contingency reserve [6].",
            [FUND],
            "adds words",
        ),
        ("The province released $4.5 million in emergency funding [6].", [FUND], ""),
        ("The Carrick fire started on August 19, 2024 [7].", [IMAGERY], "published"),
        ("The notice was in force for 2024-08-19 [7].", [IMAGERY], "published"),
        ("According to the survey, 37 houses were destroyed in Lesk [8].", [SURVEY], "not destroy"),
        ("According to the survey, 37 houses were damaged in Lesk [8].", [SURVEY], ""),
        ("Residents could return to Lesk after 9 a [8].", [SURVEY], "mid-phrase"),
        ("The survey found houses damaged in Lesk this [8].", [SURVEY], "mid-phrase"),
        (
            "According to Greenline Watch, 2024-08-19, the Carrick fire had burned 11,400 "
            "hectares by 18 August [7].",
            [IMAGERY],
            "",
        ),
    ],
)
def test_a_lead_sentence_holds_or_says_why_not(lead: str, cited: list[Passage], why: str) -> None:
    found = lead_problem(lead, cited)
    assert (why in found) if why else found == "", found


def _removed_by_the_checks(labels: str) -> dict[tuple[str, str], int]:
    """(split, label) -> how many of those leads the checks remove, and (split, "all") counts,
    each lead checked again against the quotes it cites (sources read from the corpus)."""
    root = Path(__file__).resolve().parents[1]
    rows = [json.loads(line) for line in (root / "eval" / labels).open()]
    sources: dict[str, dict[str, Source]] = {}
    counts: dict[tuple[str, str], int] = {}
    for r in rows:
        if r["corpus"] not in sources:
            where = "corpus" if r["corpus"] == "demo" else f"eval/blind/{r['corpus']}/docs"
            sources[r["corpus"]] = {d.id: d.source for d in load_corpus(root / where).documents}
        given: dict[int, list[Passage]] = {}
        for q in r["quotes"]:
            chunk = Chunk("c", q["doc_id"], 0, len(q["quote"]), q["quote"])
            source = sources[r["corpus"]][q["doc_id"]]
            given.setdefault(q["n"], []).append(Passage(q["n"], chunk, 1.0, source))
        failed = any(
            lead_problem(sp.text, [p for n in markers(sp.text) for p in given.get(n, [])])
            for sp in sentences(r["lead"])
        )
        split = r.get("split", "all")
        counts[(split, r["label"])] = counts.get((split, r["label"]), 0) + failed
        counts[(split, "all")] = counts.get((split, "all"), 0) + 1
    return counts


def test_on_the_hand_labelled_leads_it_catches_distortions_and_spares_faithful_leads() -> None:
    """Every lead the 0.5B and 1.5B models wrote and we labelled (`eval/lead_labels.jsonl`),
    checked again against the quotes it cites. The labels store the quote shown, which can be
    shorter than the passage the model was given, so a few faithful leads fail here that passed
    when written."""
    removed = _removed_by_the_checks("lead_labels.jsonl")
    assert removed[("all", "distorted")] >= 19, removed  # of 32
    assert removed[("all", "faithful")] <= 9, removed  # of 116


def test_on_leads_labelled_blind_it_catches_distortions_and_spares_faithful_leads() -> None:
    """The 0.5B model's leads on eight blind corpora, every sentence it was shown with, labelled
    by a helper who never saw the code (`eval/lead_labels_blind.jsonl`). The checks of
    `grounding/rewording.py` were written on the "dev" four and measured once on the
    "held-out" four: none of these leads had been removed when written."""
    removed = _removed_by_the_checks("lead_labels_blind.jsonl")
    assert removed[("dev", "distorted")] >= 11 and removed[("dev", "faithful")] <= 4, removed
    held_out = removed[("held-out", "distorted")], removed[("held-out", "faithful")]
    assert held_out[0] >= 10 and held_out[1] <= 5, removed  # of 19 and of 34
