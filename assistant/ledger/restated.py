"""A claim restated in its voice's own words elsewhere.

A wire story writes "the company says 43 workers were trapped; the union says 58"; the
company's own statement says "43 workers were underground", the union's "58 of our members".
Different words put the three sentences in different measures, so the voices' own statements
sit outside the dispute the wire story holds. The same voice giving the same figure (same
kind, unit and interval, and nothing in the two measures contradicting) joins them: each is
added to its voice's claim, as history or as the latest statement.

This is done when disputes are read, never saved with them, from a lookup of the stored rows
by value: a process that updated its disputes incrementally and one that grouped everything
from scratch read the same rows and add the same statements.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import replace
from itertools import pairwise

from assistant.ledger.disputes import (
    claims_of,
    in_dispute_order,
    linked,
    statements_of,
    voices_in_common,
)
from assistant.ledger.grouping import MAX_DAYS_APART, claimant_key, days_apart, words_of
from assistant.types import Claim, Dispute, FigureStatement

MIN_VALUE = 10  # smaller figures ("two", "six") are too common to tell one claim by
DISTINCT_VALUE = 100  # from here one voice's figure tells its claim even under other nouns


def restatement_values(disputes: Iterable[Dispute]) -> list[float]:
    """The low ends of the contested claims' figures worth looking up (`MIN_VALUE` and up)."""
    return sorted(
        {
            c.statement.quantity.low
            for d in disputes
            if d.contested
            for c in d.claims
            if abs(c.statement.quantity.low) >= MIN_VALUE
        }
    )


def with_restatements(
    disputes: Sequence[Dispute], candidates: Sequence[FigureStatement]
) -> list[Dispute]:
    """The disputes, those restating one another merged (`merged_restatements`), and each
    contested claim with the candidates that restate it (`restates`) added; a statement
    already in a contested dispute, or restating claims of two, is added to none."""
    disputes = merged_restatements(disputes)
    held = {_at(s) for d in disputes if d.contested for c in d.claims for s in _all(c)}
    claims_by_value: dict[tuple[float, float, str], list[tuple[int, int]]] = defaultdict(list)
    for i, d in enumerate(disputes):
        for j, c in enumerate(d.claims if d.contested else ()):
            claims_by_value[_value(c.statement)].append((i, j))
    added: dict[tuple[int, int], list[FigureStatement]] = defaultdict(list)
    for s in candidates:
        if _at(s) in held:
            continue
        places = [
            (i, j) for i, j in claims_by_value[_value(s)] if restates(s, disputes[i].claims[j])
        ]
        if len({i for i, _ in places}) == 1:
            added[places[0]].append(s)
    return [_with_added(d, i, added) for i, d in enumerate(disputes)]


def merged_restatements(disputes: Sequence[Dispute]) -> list[Dispute]:
    """Contested disputes that hold the same figures from the same two voices or more are one
    quantity told in two ways ("homes destroyed", "homes assessed as lost"): they become one,
    under the first one's id."""
    holders: dict[tuple[str, Hashable], set[int]] = defaultdict(set)
    for i, d in enumerate(disputes):
        for c in d.claims if d.contested else ():
            for s in _all(c):
                holders[(claimant_key(c.claimant), (s.measure.kind, *_value(s)))].add(i)
    links = [pair for pair, voices in voices_in_common(holders).items() if len(voices) >= 2]
    out = []
    for part in linked(len(disputes), links):
        d = disputes[part[0]]
        if len(part) > 1:
            told = [s for j in part for s in statements_of(disputes[j])]
            statements = [replace(s, counted=d.counted) for s in told]
            d = replace(d, claims=tuple(claims_of(statements)))
        out.append(d)
    return out


def restates(s: FigureStatement, claim: Claim) -> bool:
    """Does `s` give the claim's figure in its voice: the same voice (one name's words within
    the other's), kind, unit and interval, acts and things not contradicting, dates near?"""
    c = claim.statement
    a, b = words_of(s.claimant), words_of(claim.claimant)
    if not a or not b or not (a <= b or b <= a):
        return False
    m, n = s.measure, c.measure
    if _value(s) != _value(c) or m.kind != n.kind or (m.act and n.act and m.act != n.act):
        return False
    things = {m.thing, n.thing} - {""}
    # "people" is any count of persons ("212 passengers" may say it); and one voice giving one
    # large figure ("2,650 employees", "2,650 members") rarely means two quantities
    if len(things) == 2 and "people" not in things and abs(c.quantity.low) < DISTINCT_VALUE:
        return False
    return days_apart(s.date, c.date) <= MAX_DAYS_APART


def _with_added(d: Dispute, i: int, added: dict[tuple[int, int], list[FigureStatement]]) -> Dispute:
    if not any((i, j) in added for j in range(len(d.claims))):
        return d
    claims = []
    for j, c in enumerate(d.claims):
        extra = [_voiced(s, c, d.counted) for s in added.get((i, j), [])]
        if not extra:
            claims.append(c)
            continue
        ordered = sorted([*_all(c), *extra], key=lambda s: (s.date, -s.span_start))
        claims.append(Claim(c.claimant, ordered[-1], tuple(ordered[:-1])))
    return replace(d, claims=tuple(claims))


def _voiced(s: FigureStatement, c: Claim, counted: str) -> FigureStatement:
    """A restatement measures the dispute's quantity, in its words; one the text gives to a
    named voice takes that voice's stance (the claim's)."""
    stance = c.statement.stance if s.attributed else s.stance
    return replace(s, counted=counted, stance=stance)


def _all(c: Claim) -> tuple[FigureStatement, ...]:
    return (c.statement, *c.history)


def _value(s: FigureStatement) -> tuple[float, float, str]:
    return (s.quantity.low, s.quantity.high, s.quantity.unit)


def _at(s: FigureStatement) -> tuple[str, int]:
    return (s.doc_id, s.span_start)


Part = tuple[Dispute, ...]


class Restatements:
    """`with_restatements` over a whole ledger, done again only where a write could change
    it. Restatement joins contested disputes and statements only through a shared figure, so
    the disputes fall into parts (`restatement_parts`) each restated alone; a part whose
    disputes are the very ones restated before, and none of whose figures a write added or
    removed (`changed`), keeps its result, and only the other parts' figures are looked up."""

    def __init__(self) -> None:
        self._done: dict[tuple[int, ...], tuple[Part, list[Dispute]]] = {}
        self._changed: set[float] = set()

    def changed(self, lows: Iterable[float]) -> None:
        """Statements with these figures were written or removed."""
        self._changed |= set(lows)

    def forget(self) -> None:
        """Nothing restated before holds (the rows changed in ways not told)."""
        self._done, self._changed = {}, set()

    def seed(self, disputes: Sequence[Dispute], restated: Sequence[Dispute]) -> None:
        """Take `restated` as computed from `disputes` (both read as saved, for one state of
        the store): each part's result is the restated disputes under its disputes' ids (a
        merged one keeps its first dispute's id)."""
        by_id = {d.id: d for d in restated}
        self._done = {}
        for part in restatement_parts(disputes):
            self._done[_key(part)] = (part, [by_id[d.id] for d in part if d.id in by_id])

    def restated(
        self,
        disputes: Sequence[Dispute],
        lookup: Callable[[list[float]], list[FigureStatement]],
    ) -> list[Dispute]:
        """`with_restatements(disputes, candidates)`, in dispute order, where `lookup` reads
        the stored statements with the given low ends."""
        done: dict[tuple[int, ...], tuple[Part, list[Dispute]]] = {}
        todo: list[Part] = []
        for part in restatement_parts(disputes):
            key = _key(part)
            before = self._done.get(key)
            if before is not None and not (_lows(part) & self._changed):
                done[key] = before
            else:
                todo.append(part)
        by_value: dict[float, list[FigureStatement]] = defaultdict(list)
        for s in lookup(restatement_values(d for part in todo for d in part)):
            by_value[s.quantity.low].append(s)
        for part in todo:
            candidates = [s for low in sorted(_lows(part)) for s in by_value.get(low, ())]
            done[_key(part)] = (part, with_restatements(part, candidates))
        self._done, self._changed = done, set()
        return in_dispute_order(d for _, result in done.values() for d in result)


def restatement_parts(disputes: Sequence[Dispute]) -> list[Part]:
    """The disputes in the parts restatement may join: contested disputes sharing the low end
    of any of their figures are one part; every other dispute is a part of its own."""
    holders: dict[float, list[int]] = defaultdict(list)
    for i, d in enumerate(disputes):
        for low in _lows((d,)):
            holders[low].append(i)
    links = [pair for held in holders.values() for pair in pairwise(held)]
    return [tuple(disputes[i] for i in part) for part in linked(len(disputes), links)]


def _lows(part: Part) -> set[float]:
    return {s.quantity.low for d in part if d.contested for s in statements_of(d)}


def _key(part: Part) -> tuple[int, ...]:
    return tuple(id(d) for d in part)
