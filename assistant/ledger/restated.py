"""A claim restated in its voice's own words elsewhere.

A wire story writes "the company says 43 workers were trapped; the union says 58"; the
company's own statement says "43 workers were underground", the union's "58 of our members".
Different words put the three sentences in different measures, so the voices' own statements
sit outside the dispute the wire story holds. The same voice giving the same figure (same
kind, unit and interval, and nothing in the two measures contradicting) joins them: each is
added to its voice's claim, as history or as the latest statement.

This is done over the disputes as grouped, from a lookup of the stored rows by value, and the
result is saved beside them (`saved.RESTATED`): a process that updated its disputes
incrementally and one that grouped everything from scratch read the same rows and add the
same statements. `Restatements` does it again only for the parts a write could change.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from assistant.ledger.disputes import (
    MIN_VALUE,
    claim_of,
    claims_of,
    in_dispute_order,
    latest_of,
    linked,
    said_order,
    statements_of,
    voices_in_common,
)
from assistant.ledger.grouping import MAX_DAYS_APART, claimant_key, days_apart, words_of
from assistant.types import Claim, Dispute, FigureStatement

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
    merged = merged_restatements(disputes)
    return restated_with(merged, candidates, ClaimIndex.of(merged))


@dataclass(frozen=True)
class ClaimIndex:
    """Where a restatement may go, over every (merged) dispute: the statements contested
    disputes hold, and their claims by figure."""

    held: frozenset[tuple[str, int]]
    by_value: dict[tuple[float, float, str], list[tuple[Dispute, int]]]

    @classmethod
    def of(cls, merged: Iterable[Dispute]) -> ClaimIndex:
        held: set[tuple[str, int]] = set()
        by_value: dict[tuple[float, float, str], list[tuple[Dispute, int]]] = defaultdict(list)
        for d in merged:
            for j, c in enumerate(d.claims if d.contested else ()):
                held |= {_at(s) for s in _all(c)}
                by_value[_value(c.statement)].append((d, j))
        return cls(frozenset(held), dict(by_value))


def restated_with(
    merged: Sequence[Dispute], candidates: Iterable[FigureStatement], claims: ClaimIndex
) -> list[Dispute]:
    """`merged` with each candidate added to the claim it restates, when that is the one
    dispute of all (`claims`) it restates and the candidate is in no contested dispute."""
    added: dict[tuple[int, int], list[FigureStatement]] = defaultdict(list)
    for s in candidates:
        if _at(s) in claims.held:
            continue
        places = [(d, j) for d, j in claims.by_value.get(_value(s), ()) if restates(s, d.claims[j])]
        if len({id(d) for d, _ in places}) == 1:
            added[(id(places[0][0]), places[0][1])].append(s)
    return [_with_added(d, added) for d in merged]


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
    c = latest_of(claim)  # its latest, not the one shown
    a, b = words_of(s.claimant), words_of(claim.claimant)
    if not a or not b or not (a <= b or b <= a):
        return False
    m, n = s.measure, c.measure
    if _value(s) != _value(c) or m.kind != n.kind or (m.act and n.act and m.act != n.act):
        return False
    things = {m.thing, n.thing} - {""}
    # "people" is any count of persons ("212 passengers" may say it); and one voice giving one
    # large figure ("2,650 employees", "2,650 members") rarely means two quantities
    if len(things) == 2 and "people" not in things and not _distinct(c):
        return False
    return days_apart(s.date, c.date) <= MAX_DAYS_APART


def _distinct(s: FigureStatement) -> bool:
    """Does the figure tell its claim even under other nouns: a large one, or a share given
    to a tenth of a point ("71.3%")?"""
    low = abs(s.quantity.low)
    return low >= DISTINCT_VALUE or (s.measure.kind == "percentage" and low != round(low))


def _with_added(d: Dispute, added: dict[tuple[int, int], list[FigureStatement]]) -> Dispute:
    i = id(d)
    if not any((i, j) in added for j in range(len(d.claims))):
        return d
    claims = []
    for j, c in enumerate(d.claims):
        extra = [_voiced(s, c, d.counted) for s in added.get((i, j), [])]
        if not extra:
            claims.append(c)
            continue
        ordered = sorted([*_all(c), *extra], key=said_order)
        claims.append(replace(claim_of(ordered), claimant=c.claimant))
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


@dataclass(frozen=True)
class _Restated:
    part: Part  # the disputes as grouped (kept: their identity is the cache's key)
    merged: list[Dispute]  # `merged_restatements(part)`
    result: list[Dispute]  # with the restatements added


class Restatements:
    """`with_restatements` over a whole ledger, done again only where a write could change
    it. Restatement joins statements and contested disputes only through one voice's same
    figure, so the disputes fall into parts (`restatement_parts`), each restated alone
    against an index of every claim; a part whose disputes are the very values restated
    before keeps its result, unless a figure it holds was written, removed, or held by a
    dispute that changed (`changed`): only the other parts' figures are looked up."""

    def __init__(self) -> None:
        self._done: dict[tuple[int, ...], _Restated] = {}
        self._before: dict[int, Dispute] = {}  # the disputes last restated, by identity
        self._changed: set[float] = set()

    def changed(self, lows: Iterable[float]) -> None:
        """Statements with these figures were written or removed."""
        self._changed |= set(lows)

    def forget(self) -> None:
        """Nothing restated before holds (the rows changed in ways not told)."""
        self._done, self._before, self._changed = {}, {}, set()

    def seed(self, disputes: Sequence[Dispute], restated: Sequence[Dispute]) -> None:
        """Take `restated` as computed from `disputes` (both read as saved, for one state of
        the store): each part's result is the restated disputes under its disputes' ids (a
        merged one keeps its first dispute's id)."""
        by_id = {d.id: d for d in restated}
        self._done = {}
        for part in restatement_parts(disputes):
            result = [by_id[d.id] for d in part if d.id in by_id]
            self._done[_key(part)] = _Restated(part, merged_restatements(part), result)
        self._before = {id(d): d for d in disputes}

    def restated(
        self,
        disputes: Sequence[Dispute],
        lookup: Callable[[list[float]], list[FigureStatement]],
    ) -> list[Dispute]:
        """`with_restatements(disputes, candidates)`, in dispute order, where `lookup` reads
        the stored statements with the given low ends."""
        now = {id(d): d for d in disputes}
        moved = [d for i, d in now.items() if i not in self._before]
        moved += [d for i, d in self._before.items() if i not in now]
        changed = self._changed | _lows(tuple(moved))
        done: dict[tuple[int, ...], _Restated] = {}
        todo: list[tuple[Part, set[float]]] = []  # each part to restate, with its figures
        for part in restatement_parts(disputes):
            before, lows = self._done.get(_key(part)), _lows(part)
            if before is not None and not (lows & changed):
                done[_key(part)] = before
            else:
                todo.append((part, lows))
        fresh = {_key(part): merged_restatements(part) for part, _ in todo}
        claims = ClaimIndex.of(
            [d for x in done.values() for d in x.merged] + [d for m in fresh.values() for d in m]
        )
        by_value: dict[float, list[FigureStatement]] = defaultdict(list)
        for s in lookup(restatement_values(d for part, _ in todo for d in part)):
            by_value[s.quantity.low].append(s)
        for part, lows in todo:
            merged = fresh[_key(part)]
            candidates = [s for low in sorted(lows) for s in by_value.get(low, ())]
            done[_key(part)] = _Restated(part, merged, restated_with(merged, candidates, claims))
        self._done, self._before, self._changed = done, now, set()
        return in_dispute_order(d for x in done.values() for d in x.result)


def restatement_parts(disputes: Sequence[Dispute]) -> list[Part]:
    """The disputes in the parts restatement may join: contested disputes holding one figure
    (its low end) from claimants sharing a word are one part; every other dispute is a part
    of its own."""
    holders: dict[tuple[float, str], list[int]] = defaultdict(list)
    for i, d in enumerate(disputes):
        for c in d.claims if d.contested else ():
            for word in words_of(c.claimant) or {""}:
                for s in _all(c):
                    holders[(s.quantity.low, word)].append(i)
    links = [pair for held in holders.values() for pair in pairwise(held)]
    return [tuple(disputes[i] for i in part) for part in linked(len(disputes), links)]


def _lows(part: Part) -> set[float]:
    return {s.quantity.low for d in part if d.contested for s in statements_of(d)}


def _key(part: Part) -> tuple[int, ...]:
    return tuple(id(d) for d in part)
