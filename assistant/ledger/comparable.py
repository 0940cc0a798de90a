"""Which figures can be compared: whether a measure can be disputed at all, whether two
measures can be the same quantity, and the bucket a measure is grouped in. Pure functions of
`Measure` values (read from the parse by `measures`)."""

from __future__ import annotations

from assistant.corpus.inflect import verb_of_noun
from assistant.ledger.words import (
    BEYOND,
    BOUND,
    COMPARED,
    DIMENSIONS,
    EARLIER,
    FIGURE_NOUNS,
    GAP,
    MONEY_NOUNS,
    NAMED_BEFORE,
    PART,
    PEOPLE,
    PER,
    PROJECTED,
    STATISTICS,
    TIME_SPANS,
    TIME_UNITS,
    TOTALS,
    WHOLE,
    doers,
    same_word,
)
from assistant.types import Measure

GROUPED_KINDS = frozenset({"count", "money", "percentage", "duration", "amount"})


def groupable(m: Measure, attributed: bool = False) -> bool:
    """Can this figure be part of a dispute at all? Not a date, time, age, ordinal or
    identifier, and it says what it measures: a duration what lasted, an amount what it
    measures beyond its dimension ("400 metres" alone is a distance). A count names an act or
    a narrowing word ("people killed", "suspected cases"), or a named voice states it ("the
    agency put the number of cities at 191"): a bare "120 beds" in a description claims
    nothing."""
    if (
        m.kind not in GROUPED_KINDS
        or not (m.thing or m.act)
        or {WHOLE, EARLIER, NAMED_BEFORE, BOUND} & set(m.mods)
    ):
        return False  # "the 23" of "eleven of the 23 piers" counts what the part is out of
    if COMPARED in m.mods:
        return True  # one sentence sets it against another voice's: the same quantity
    if m.thing in FIGURE_NOUNS - {"toll", "tally"} and not m.act:
        return False  # "put the figure at 118 million euros": says only that it is a figure
    if m.kind == "duration" and {m.thing, m.act} <= {*TIME_UNITS, *TIME_SPANS, ""}:
        return False  # "for nearly three hours", "a period of 22 months": not what lasted
    if m.kind == "amount" and not m.act and m.thing in DIMENSIONS and not m.mods:
        return False  # "about 400 metres from the school": a distance, not a claim
    if m.kind != "count" or m.act or set(m.mods) - TOTALS:
        return True
    return attributed and m.thing != "people"


def same_measure(a: Measure, b: Measure) -> bool:
    """Can two figures measure the same quantity? Kinds match and can be disputed; things
    match; acts match when both have one; a total never meets a part counted by an act; and
    narrowing words do not contradict (both narrowed, by different words); a part ("eleven of
    the 23 piers") never meets a count that is not one; an amount of a named stuff ("tonnes of
    X") never meets one of nothing named."""
    if a.kind != b.kind or a.kind not in GROUPED_KINDS:
        return False
    if (STATISTICS & set(a.mods)) != (STATISTICS & set(b.mods)):
        return False  # "the median sentence" is no "maximum sentence"
    if a.kind == "duration":
        things = a.thing == b.thing or a.thing in b.mods or b.thing in a.mods
        gaps = (GAP in a.mods) == (GAP in b.mods)
        return bool(a.thing or a.act) and things and a.act == b.act and gaps
    if not (a.thing or a.act) or not (b.thing or b.act):
        return False
    things = same_word(a.thing, b.thing) or _names_act(a, b) or _names_act(b, a)
    if a.thing and b.thing and not things:
        return False
    if a.act and b.act and not same_word(a.act, b.act):
        return False
    total = (a.act and not b.act and TOTALS & set(b.mods)) or (
        b.act and not a.act and TOTALS & set(a.mods)
    )
    if total or any((w in a.mods) != (w in b.mods) for w in (PART, PROJECTED)):
        return False  # a part never meets a whole; a forecast never meets what came to pass
    if _rate(a) != _rate(b):
        return False
    if _beyond(a) != _beyond(b):  # "patients waiting" is no "patients waiting over a year"
        return False
    narrow_a, narrow_b = set(a.mods) - TOTALS - {COMPARED}, set(b.mods) - TOTALS - {COMPARED}
    if a.kind == "amount" and bool(narrow_a) != bool(narrow_b):
        return False  # "11 km of riverbank" is not "lives two kilometres from the crossing"
    return not (narrow_a and narrow_b and not narrow_a & narrow_b)


def _names_act(a: Measure, b: Measure) -> bool:
    """Is a's thing b's act's own noun ("arrests", "evacuations": a count of the act)? Not a
    noun the verb is made from ("two hospitals" are not people hospitalised); and a noun of
    who does the act counts people only: "22 countries observed" are not 412 observers."""
    if verb_of_noun(a.thing) == b.act and b.act and not b.thing:
        return True  # "the annual saving" is what "will save" states
    if not (same_word(a.thing, b.act) and len(a.thing) >= len(b.act)):
        return False
    return a.thing not in doers(b.act) or not b.thing or b.thing in PEOPLE


def _rate(m: Measure) -> str:
    """The period of a rate ("per day" of "180 million a day"), "" for a level or a total."""
    return next((w for w in m.mods if w.startswith(PER)), "")


def _beyond(m: Measure) -> str:
    """The time a count is bounded by ("beyond-12 months"), "" for none."""
    return next((w for w in m.mods if w.startswith(BEYOND)), "")


def measure_key(m: Measure) -> str:
    """The bucket a measure is grouped in: figures in different buckets never meet. Keyed by
    the stem of the act when there is one, else of the thing (a duration by its act alone:
    "the repair works" and "the repair work" name their thing differently)."""
    if m.kind == "duration":
        return f"duration:{m.act[:6]}"
    if m.kind == "amount":
        return f"amount:{m.thing}"  # "contained 310 tonnes of X" and "900 tonnes of X were there"
    named = verb_of_noun(m.thing) or m.thing  # "saving" is keyed as "save", "payment" as "pay"
    if m.kind == "money" and m.thing in MONEY_NOUNS:
        return f"money:{named[:6]}"  # "the cost was $14.8 million" and "will cost $6.2 million"
    return f"{m.kind}:{(m.act or named)[:6]}"
