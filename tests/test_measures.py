"""What a figure measures, read from the real parser (spaCy en_core_web_sm), on hand-made
sentences in general news English; and when two measures may be one quantity."""

from __future__ import annotations

import pytest

from assistant.corpus.nlp import parse
from assistant.ledger.figures import find_figures
from assistant.ledger.measures import PART, answers_measure, groupable, same_measure
from assistant.ledger.statements import extract_figures
from assistant.types import Measure


def measures(sentence: str) -> dict[str, Measure]:
    """raw figure phrase -> its measure"""
    from assistant.ledger.measures import measure_of

    doc = parse(sentence)
    return {sentence[a:b]: measure_of(doc, a, b, q) for a, b, q in find_figures(sentence)}


@pytest.mark.parametrize(
    ("sentence", "raw", "kind", "thing", "act"),
    [
        ("Police arrested 47 people after the march.", "47", "count", "people", "arrest"),
        (
            "At least 38 people were killed, the ministry said.",
            "At least 38",
            "count",
            "people",
            "kill",
        ),
        ("The agency put the death toll at 87.", "87", "count", "people", "kill"),
        ("The commission rejected 1,240 ballots.", "1,240", "count", "ballot", "reject"),
        ("Some 14,200 residents were evacuated.", "Some 14,200", "count", "people", "evacuate"),
        ("The strike lasted four days.", "four", "duration", "strike", ""),
        ("Investors have lost $1.9 billion.", "$1.9 billion", "money", "", "lose"),
        ("Turnout of 71% was the lowest on record.", "71%", "percentage", "turnout", ""),
        ("Police seized 2 kg of salt.", "2", "amount", "mass", "seize"),
    ],
)
def test_measure_of_a_figure(sentence: str, raw: str, kind: str, thing: str, act: str) -> None:
    m = measures(sentence)[raw]
    assert (m.kind, m.thing, m.act) == (kind, thing, act), m


def test_a_bare_number_borrows_the_noun_of_the_clause_it_is_joined_to() -> None:
    found = measures("Orvel said four of its guards were killed and 13 wounded in the raid.")
    assert (found["four"].thing, found["four"].act) == ("guard", "kill")
    assert (found["13"].thing, found["13"].act) == ("guard", "injure")


@pytest.mark.parametrize(
    ("sentence", "raw", "act"),
    [
        ("The campaign says it has counted 52 dead across the county.", "52", "kill"),
        ("The agency said 19 people lost their lives in the fire.", "19", "kill"),
        ("The storm drove 8,000 people from their homes.", "8,000", "displace"),
    ],
)
def test_common_ways_of_saying_killed_or_displaced(sentence: str, raw: str, act: str) -> None:
    assert measures(sentence)[raw].act == act


def test_a_partitive_figure_takes_the_act_of_its_verb() -> None:
    found = measures("The council said 30 of its tenants were evicted last winter.")
    assert (found["30"].thing, found["30"].act) == ("tenant", "evict")


def test_arrested_and_charged_are_two_quantities() -> None:
    found = measures("Police arrested 47 people, of whom 12 were later charged.")
    assert found["47"].act == "arrest" and found["12"].act == "charge"
    assert not same_measure(found["47"], found["12"])


def test_seats_won_are_not_seats_in_total() -> None:
    won = Measure("count", "seat", "win")
    total = Measure("count", "seat", "", ("total",))
    assert not same_measure(won, total)
    assert same_measure(won, Measure("count", "seat", "win", ("council",)))


def test_narrowing_words_that_differ_keep_quantities_apart() -> None:
    suspected = Measure("count", "case", "", ("suspected",))
    confirmed = Measure("count", "case", "", ("confirmed",))
    assert not same_measure(suspected, confirmed)
    assert same_measure(suspected, Measure("count", "case", "record", ("suspected",)))


def test_durations_dates_ages_and_identifiers_never_meet_counts() -> None:
    curfew = Measure("duration", "curfew")
    assert not same_measure(curfew, Measure("count", "curfew"))
    assert not same_measure(curfew, Measure("duration", "strike"))
    for kind in ("date", "time", "age", "ordinal", "identifier"):
        assert not groupable(Measure(kind, "people", "kill"))


def test_a_bare_noun_counts_only_when_a_voice_states_it() -> None:
    beds = Measure("count", "bed")
    assert not groupable(beds) and groupable(beds, attributed=True)
    assert not groupable(Measure("count", "people"), attributed=True)


def test_one_stem_is_one_word() -> None:
    assert same_measure(Measure("money", "overstatement"), Measure("money", "revenue", "overstate"))


def test_a_question_asks_for_a_measure_only_by_its_words() -> None:
    killed = Measure("count", "people", "kill")
    assert answers_measure("count", ("people", "die"), killed)
    assert not answers_measure("count", ("people", "arrest"), killed)
    assert not answers_measure("duration", ("people", "die"), killed)
    assert answers_measure("count", ("people",), killed)  # nothing narrower asked


def test_a_part_of_a_counted_whole_is_never_the_whole() -> None:
    text = "Eleven of the 23 kilns licensed by the guild have no chimney filters.\n"
    part, whole = extract_figures("d", text, publisher="Wire", date="", stance="")
    assert PART in part.measure.mods and PART not in whole.measure.mods
    assert part.measure.thing == whole.measure.thing == "kiln"
    assert not same_measure(part.measure, whole.measure)
