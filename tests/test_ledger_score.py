"""The dispute-ledger and stance scorer, on hand-made disputes and documents (no models)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from assistant.errors import EvalDataError
from assistant.evaluation.ledger_gold import GoldLedger, load_gold_ledger, same_sentence
from assistant.evaluation.ledger_score import (
    ledger_report,
    points_at,
    same_claimant,
    score_ledger,
    score_stance,
    value_fits,
)
from assistant.types import Claim, Dispute, Document, FigureStatement, Quantity, Source, Stance

INF = float("inf")
MINISTRY = "The Ministry of Health said 38 people were killed in the collapse."
RIVERWATCH = "Our field teams have documented 47 deaths in the valley."
FRONT = "More than 200 of our neighbours died, the Valley Front said."
POLICE = "Police said 120 protesters were arrested on Friday, and 14 were later charged."
GUILD = "The guild puts the number of arrests at about 300."

GOLD: dict[str, Any] = {
    "corpus": "dam",
    "contested": [
        {
            "id": "toll",
            "quantity": "people killed",
            "type": "count",
            "question": "How many died?",
            "claims": [
                {
                    "claimant": "Ministry of Health",
                    "value": 38,
                    "doc": "ministry",
                    "sentence": MINISTRY,
                },
                {
                    "claimant": "Riverwatch Institute",
                    "value": 47,
                    "doc": "riverwatch",
                    "sentence": RIVERWATCH,
                },
                {"claimant": "Valley Front", "value": ">200", "doc": "front", "sentence": FRONT},
            ],
        },
        {
            "id": "arrests",
            "quantity": "protesters arrested",
            "type": "count",
            "question": "How many were arrested?",
            "claims": [
                {"claimant": "City Police", "value": 120, "doc": "police", "sentence": POLICE},
                {"claimant": "Lawyers' Guild", "value": "~300", "doc": "guild", "sentence": GUILD},
            ],
        },
    ],
    "not_contested": [
        {
            "id": "families",
            "trap": "agreement",
            "quantity": "families evacuated",
            "type": "count",
            "values": [1200],
            "docs": ["herald", "wire"],
            "why": "both say 1,200",
            "question": "How many families left?",
        },
        {
            "id": "decree",
            "trap": "single_source",
            "quantity": "decree number",
            "type": "identifier",
            "values": ["2027/118"],
            "docs": ["herald"],
        },
    ],
    "stance": {
        "ministry": "partisan",
        "riverwatch": "independent",
        "front": "partisan",
        "herald": "independent",
    },
}
GOLD_WITH_TIME: dict[str, Any] = {
    "contested": [
        {
            "id": "delay",
            "unit": "minutes",
            "claims": [
                {
                    "claimant": "Fire Service",
                    "value": 40,
                    "doc": "fire",
                    "sentence": "It took 40 minutes.",
                },
                {
                    "claimant": "Residents",
                    "value": ">180",
                    "doc": "res",
                    "sentence": "It took more than three hours.",
                },
            ],
        }
    ]
}


def gold_file(tmp_path: Path, data: Any, name: str = "gold_ledger.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture()
def gold(tmp_path: Path) -> GoldLedger:
    return load_gold_ledger(gold_file(tmp_path, GOLD))


def stmt(
    doc: str,
    sentence: str,
    raw: str,
    low: float,
    high: float | None = None,
    qualifier: str = "exact",
    counted: str = "killed",
    claimant: str = "",
) -> FigureStatement:
    q = Quantity(low, low if high is None else high, qualifier)
    return FigureStatement(
        doc, 0, len(sentence), sentence, 0, 1, raw, q, counted, claimant, True, ""
    )


def claim(name: str, s: FigureStatement, *history: FigureStatement) -> Claim:
    return Claim(name, s, tuple(history))


def dispute(id_: str, *claims: Claim, contested: bool = True) -> Dispute:
    return Dispute(id_, claims[0].statement.counted, contested, claims)


def toll(*names: str) -> Dispute:
    """The planted toll dispute as the ledger would find it (doc ids under docs/)."""
    a, b, c = names or ("the Ministry of Health", "Riverwatch Institute", "Valley Front")
    return dispute(
        "toll-1",
        claim(
            a, stmt("docs/ministry", "The Ministry of Health said 38 people were killed", "38", 38)
        ),
        claim(
            b,
            stmt(
                "docs/riverwatch",
                "Our  field teams have documented 47 deaths in the valley.",
                "47",
                47,
            ),
        ),
        claim(
            c,
            stmt(
                "docs/front",
                "“More than 200 of our neighbours died,” the Valley Front said.",
                "More than 200",
                200,
                INF,
                "more_than",
            ),
        ),
    )


def arrests(contested: bool = True) -> Dispute:
    return dispute(
        "arrests-1",
        claim("police", stmt("police", POLICE, "120", 120, counted="arrested")),
        claim("Lawyers' Guild", stmt("guild", GUILD, "about 300", 270, 330, "about", "arrested")),
        contested=contested,
    )


def test_perfect_match(gold: GoldLedger) -> None:
    score = score_ledger(gold, [toll(), arrests(), Dispute("x", "y", False, ())])
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)
    assert {(m.dispute_id, m.entry_id) for m in score.matches} == {
        ("toll-1", "toll"),
        ("arrests-1", "arrests"),
    }
    assert next(m for m in score.matches if m.entry_id == "toll").gold_claims_found == 3
    assert score.claimant_accuracy == 1.0 and len(score.claimants) == 5
    assert not score.false_disputes and not score.missed
    assert "Dispute precision | 1.00 (2/2)" in ledger_report(score, None)


def test_false_dispute_on_a_trap_and_a_plain_false_dispute(gold: GoldLedger) -> None:
    families = dispute(
        "fam-1",
        claim(
            "The Herald",
            stmt("herald", "Some 1,200 families fled.", "1,200", 1200, counted="families"),
        ),
        claim(
            "Wire",
            stmt("wire", "About 1,500 families were housed.", "1,500", 1500, counted="families"),
        ),
    )
    ages = dispute(
        "age-1",
        claim("Herald", stmt("herald", "He was 67.", "67", 67, counted="years")),
        claim("Wire", stmt("wire", "She was 45.", "45", 45, counted="years")),
    )
    score = score_ledger(gold, [toll(), families, ages])
    assert score.precision == pytest.approx(1 / 3) and score.recall == 0.5
    by_id = {f.dispute_id: f for f in score.false_disputes}
    assert (by_id["fam-1"].trap_id, by_id["fam-1"].trap) == ("families", "agreement")
    assert (
        by_id["fam-1"].description == "families: The Herald = 1,200 [herald]; Wire = 1,500 [wire]"
    )
    assert by_id["age-1"].trap_id == ""  # no trap value, and the identifier is never compared
    report = ledger_report(score, None)
    assert "trap `families` (agreement)" in report and "**False disputes**" in report


def test_missed_dispute_names_an_uncontested_group(gold: GoldLedger) -> None:
    score = score_ledger(gold, [toll(), arrests(contested=False)])
    assert score.predicted == 1 and score.precision == 1.0 and score.recall == 0.5
    (missed,) = score.missed
    assert missed.entry_id == "arrests" and missed.uncontested_match == "arrests-1"
    assert "City Police = 120 [police]" in missed.description
    assert "grouped but not contested: `arrests-1`" in ledger_report(score, None)


def test_no_prediction_is_full_precision_zero_recall(gold: GoldLedger) -> None:
    score = score_ledger(gold, [])
    assert (score.precision, score.recall, score.f1) == (1.0, 0.0, 0.0)
    assert [m.entry_id for m in score.missed] == ["toll", "arrests"]


def test_one_pointing_claim_is_not_a_match(gold: GoldLedger) -> None:
    half = dispute(
        "half",
        claim("Ministry of Health", stmt("ministry", MINISTRY, "38", 38)),
        claim("Herald", stmt("herald", "The Herald counted 51 dead.", "51", 51)),
    )
    score = score_ledger(gold, [half])
    assert score.matched == 0 and [f.dispute_id for f in score.false_disputes] == ["half"]


def test_claimant_accuracy_with_name_variants(gold: GoldLedger) -> None:
    score = score_ledger(gold, [toll("Health Ministry", "Our teams", "the Valley Front")])
    assert score.claimant_accuracy == pytest.approx(2 / 3)
    wrong = [c for c in score.claimants if not c.correct]
    assert [(c.predicted, c.gold) for c in wrong] == [("Our teams", "Riverwatch Institute")]
    assert "Claimant mismatches" in ledger_report(score, None)


@pytest.mark.parametrize(
    ("predicted", "gold_name", "expected"),
    [
        ("the Ministry of Health", "Health Ministry", True),
        ("MINISTRY OF HEALTH of the Republic of Sarvenia", "Ministry of Health", True),
        ("FCI", "Frontline Care International", True),
        ("Governor Brandt", "Office of the Governor of Varrenmoor (Governor Celia Brandt)", True),
        (
            "University of Port Sellan",
            "Institute for Coastal Research, University of Port Sellan",
            True,
        ),
        ("the ministry", "Ministry of Health", False),
        ("Ministry of Finance", "Ministry of Health", False),
        ("Coastal Democratic Alliance", "Institute for Coastal Health Research", False),
    ],
)
def test_same_claimant(predicted: str, gold_name: str, expected: bool) -> None:
    assert same_claimant(predicted, gold_name) is expected


def test_two_gold_claims_in_one_sentence_are_told_apart_by_value(gold: GoldLedger) -> None:
    police_claim = gold.contested[1].claims[0]
    assert points_at(stmt("police", POLICE, "120", 120), police_claim)
    assert not points_at(stmt("police", POLICE, "14", 14), police_claim)
    assert not points_at(stmt("guild", POLICE, "120", 120), police_claim)  # other document
    # a repeat of the figure in another sentence of the same document still points
    assert points_at(
        stmt("guild", "About 300 were held.", "about 300", 270, 330), gold.contested[1].claims[1]
    )
    assert not points_at(stmt("police", "Two days later.", "two", 2), police_claim)


def test_sentence_and_value_rules() -> None:
    assert same_sentence("Police said 120 protesters were arrested", POLICE)  # splitter cut
    assert same_sentence("## Headline\n" + POLICE, POLICE)  # splitter joined a heading
    assert not same_sentence("Police said nothing.", POLICE)
    about = stmt("d", "s", "roughly two hours", 1.8, 2.2, "about", "hours")
    assert value_fits(about, [120], "minutes") and not value_fits(about, [40], "minutes")
    assert value_fits(stmt("d", "s", "between 190 and 240", 190, 240, "range"), [190, 240])


def test_time_units_are_converted(tmp_path: Path) -> None:
    gold = load_gold_ledger(gold_file(tmp_path, GOLD_WITH_TIME))
    delay = dispute(
        "delay-1",
        claim("Fire Service", stmt("fire", "It took 40 minutes.", "40", 40, counted="minutes")),
        claim(
            "Residents",
            stmt(
                "res",
                "It took more than three hours.",
                "more than three",
                3,
                INF,
                "more_than",
                "hours",
            ),
        ),
    )
    assert score_ledger(gold, [delay]).matched == 1


def test_relay_restatement_counts_only_for_relay_precision(gold: GoldLedger) -> None:
    relay = dispute(
        "relay-1",
        claim("the ministry", stmt("wire", "The ministry says 38 died.", "38", 38)),
        claim("Riverwatch", stmt("wire", "Riverwatch says 47 died.", "47", 47)),
    )
    score = score_ledger(gold, [relay])
    assert score.precision == 0.0 and score.relay_precision == 1.0 and score.recall == 0.0
    assert score.false_disputes[0].restates == "toll"
    assert score.missed[0].restated_by == "relay-1"


def test_history_statement_can_point(gold: GoldLedger) -> None:
    latest = stmt("wire", "Riverwatch now says 47.", "47", 47)
    original = stmt("riverwatch", RIVERWATCH, "47", 47)
    d = dispute(
        "h",
        claim("Ministry of Health", stmt("ministry", MINISTRY, "38", 38)),
        claim("Riverwatch", latest, original),
    )
    assert score_ledger(gold, [d]).matched == 1


def doc(id_: str, stance: Stance, inferred: bool = False, reason: str = "") -> Document:
    source = Source(title=id_, stance=stance, stance_inferred=inferred, stance_reason=reason)
    return Document(id=id_, text="", source=source)


def test_stance_precision_recall_f1(gold: GoldLedger) -> None:
    documents = [
        doc("docs/ministry", "partisan"),
        doc("riverwatch", "partisan", True, "speaks as 'we' for its members"),
        doc("herald", "independent"),
        doc("extra", "partisan"),
    ]  # "front" (partisan) is missing: it counts as not predicted partisan
    score = score_stance(gold, documents)
    assert score.precision == 0.5 and score.recall == 0.5 and score.f1 == 0.5
    assert score.accuracy == 0.5 and score.unscored == ("extra",)
    rows = {r.doc_id: r for r in score.rows}
    assert rows["riverwatch"].inferred and rows["riverwatch"].reason.startswith("speaks")
    assert rows["front"].predicted == "missing" and rows["docs/ministry"].correct
    report = ledger_report(score_ledger(gold, []), score)
    assert "## Stance" in report and "| riverwatch | independent | partisan | yes |" in report


def test_stance_all_right(gold: GoldLedger) -> None:
    labels = dict(gold.stance)
    documents = [
        doc(name, "partisan" if label == "partisan" else "independent")
        for name, label in labels.items()
    ]
    score = score_stance(gold, documents)
    assert (score.precision, score.recall, score.f1, score.accuracy) == (1.0, 1.0, 1.0, 1.0)


def broken(change: str) -> Any:
    data: Any = json.loads(json.dumps(GOLD))
    if change == "value":
        data["contested"][0]["claims"][1]["value"] = "lots"
    elif change == "trap":
        data["not_contested"][0]["trap"] = "coincidence"
    elif change == "stance":
        data["stance"]["herald"] = "neutral"
    elif change == "twice":
        data["not_contested"][0]["id"] = "toll"
    elif change == "claims":
        data["contested"][1]["claims"] = data["contested"][1]["claims"][:1]
    elif change == "sentence":
        del data["contested"][0]["claims"][2]["sentence"]
    elif change == "contested":
        data["contested"] = {"toll": 1}
    elif change == "array":
        data = [data]
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("value", "contested[0].claims[1]: the value 'lots'"),
        ("trap", 'not_contested[0]: "trap" must be one of'),
        ("stance", "stance of 'herald'"),
        ("twice", "the id 'toll' is used twice"),
        ("claims", 'contested[1]: "claims" must be a list of at least two'),
        ("sentence", 'contested[0].claims[2]: "sentence" must be a non-empty string'),
        ("contested", '"contested" must be a list'),
        ("array", "one JSON object"),
    ],
)
def test_malformed_gold_names_file_and_problem(tmp_path: Path, change: str, message: str) -> None:
    path = gold_file(tmp_path, broken(change))
    with pytest.raises(EvalDataError) as err:
        load_gold_ledger(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_unreadable_or_invalid_json(tmp_path: Path) -> None:
    with pytest.raises(EvalDataError, match="Cannot read the gold ledger"):
        load_gold_ledger(tmp_path / "absent.json")
    with pytest.raises(EvalDataError, match=r"not valid JSON .*line 1"):
        load_gold_ledger(gold_file(tmp_path, "{'corpus': 1}"))


def test_blind_example_gold_parses() -> None:
    path = Path("/work/blind/epidemic/gold_ledger.json")
    if not path.exists():
        pytest.skip("the blind epidemic corpus is not on this machine")
    gold = load_gold_ledger(path)
    assert gold.corpus == "epidemic" and len(gold.contested) >= 2
    assert all(len(e.claims) >= 2 and all(c.numbers for c in e.claims) for e in gold.contested)
    assert {label for _, label in gold.stance} == {"partisan", "independent"}
    assert len(gold.not_contested) >= 6
