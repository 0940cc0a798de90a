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
    dispute_order,
    latest_of,
    linked,
    named_claimants,
    said_order,
    statements_of,
    voices_in_common,
)
from assistant.ledger.grouping import (
    MAX_DAYS_APART,
    claimant_key,
    days_apart,
    words_of,
)
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


class ClaimIndex:
    """Where a restatement may go, over every (merged) dispute: the statements contested
    disputes hold, and their claims by figure. Kept up to date part by part (`add`,
    `remove`) over a large ledger."""

    def __init__(self) -> None:
        self._held: dict[tuple[str, int], int] = defaultdict(int)  # statement -> holders
        self.by_value: dict[tuple[float, float, str], list[tuple[Dispute, int]]] = defaultdict(list)

    @classmethod
    def of(cls, merged: Iterable[Dispute]) -> ClaimIndex:
        index = cls()
        index.add(merged)
        return index

    def holds(self, s: FigureStatement) -> bool:
        """Is `s` in a contested dispute?"""
        return self._held.get(_at(s), 0) > 0

    def add(self, merged: Iterable[Dispute]) -> None:
        for d in merged:
            for j, c in enumerate(d.claims if d.contested else ()):
                for s in _all(c):
                    self._held[_at(s)] += 1
                self.by_value[_value(c.statement)].append((d, j))

    def remove(self, merged: Iterable[Dispute]) -> None:
        for d in merged:
            for c in d.claims if d.contested else ():
                for s in _all(c):
                    self._held[_at(s)] -= 1
                value = _value(c.statement)
                self.by_value[value] = [(e, j) for e, j in self.by_value[value] if e is not d]


def restated_with(
    merged: Sequence[Dispute], candidates: Iterable[FigureStatement], claims: ClaimIndex
) -> list[Dispute]:
    """`merged` with each candidate added to the claim it restates, when that is the one
    dispute of all (`claims`) it restates and the candidate is in no contested dispute."""
    added: dict[tuple[int, int], list[FigureStatement]] = defaultdict(list)
    for s in candidates:
        if claims.holds(s):
            continue
        places = [(d, j) for d, j in claims.by_value.get(_value(s), ()) if restates(s, d.claims[j])]
        if len({id(d) for d, _ in places}) == 1:
            added[(id(places[0][0]), places[0][1])].append(s)
    return [_with_added(d, added) for d in merged]


def merged_restatements(disputes: Sequence[Dispute]) -> list[Dispute]:
    """Contested disputes that hold the same figures from the same two voices or more are one
    quantity told in two ways ("homes destroyed", "homes assessed as lost"): they become one,
    under the first one's id."""
    if len(disputes) < 2:
        return list(disputes)  # most parts: one dispute, nothing to merge
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
    if _value(s) != _value(c) or m.kind != n.kind:
        return False
    # "people" is any count of persons ("212 passengers" may say it); and one voice giving one
    # large figure ("2,650 employees", "2,650 members"; "1,200 employees working in the
    # forge", "1,200 workers locked out") rarely means two quantities
    things = {m.thing, n.thing} - {""}
    if len(things) == 2 and "people" not in things and not _distinct(c):
        return False
    if m.act and n.act and m.act != n.act and not _distinct(c):
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
    links: frozenset[tuple[float, str]] = frozenset()  # `_holder_keys` of its disputes
    lows: frozenset[float] = frozenset()  # `_lows(part)`


class Restatements:
    """`with_restatements` over a whole ledger, done again only where a write could change
    it. Restatement joins statements and contested disputes only through one voice's same
    figure, so the disputes fall into parts (`restatement_parts`), each restated alone
    against an index of every claim; a part whose disputes are the very values restated
    before keeps its result, unless a figure it holds was written, removed, or held by a
    dispute that changed (`changed`): only the other parts' figures are looked up. The parts
    themselves, the claim index and the order are kept between writes: only the parts that
    held a dropped dispute, or share a figure and voice with a new one, are formed again.
    The results carry their claimants' names (`named_claimants`)."""

    def __init__(self) -> None:
        self._changed: set[float] = set()
        self.forget()

    def changed(self, lows: Iterable[float]) -> None:
        """Statements with these figures were written or removed."""
        self._changed |= set(lows)

    def forget(self) -> None:
        """Nothing restated before holds (the rows changed in ways not told)."""
        self._done: dict[tuple[int, ...], _Restated] = {}
        self._before: dict[int, Dispute] = {}  # the disputes last restated, by identity
        self._changed = set()
        self._part_of: dict[int, tuple[int, ...]] = {}  # a dispute's id -> its part's key
        self._linking: dict[tuple[float, str], set[tuple[int, ...]]] = defaultdict(set)
        self._holding: dict[float, set[tuple[int, ...]]] = defaultdict(set)  # figure -> parts
        self._claims = ClaimIndex()
        self._order: dict[int, tuple[tuple[str, str, int], str]] = {}  # a result's id -> order

    def seed(self, disputes: Sequence[Dispute], restated: Sequence[Dispute]) -> None:
        """Take `restated` as computed from `disputes` (both read as saved, for one state of
        the store): each part's result is the restated disputes under its disputes' ids (a
        merged one keeps its first dispute's id)."""
        by_id = {d.id: d for d in restated}
        changed = self._changed
        self.forget()
        self._changed = changed
        for part in restatement_parts(disputes):
            self._keep(part, merged_restatements(part))
            self._result(part, [by_id[d.id] for d in part if d.id in by_id])
        self._before = {id(d): d for d in disputes}

    def restated(
        self,
        disputes: Sequence[Dispute],
        lookup: Callable[[list[float]], list[FigureStatement]],
    ) -> list[Dispute]:
        """`with_restatements(disputes, candidates)`, in dispute order, with its claimants
        named, where `lookup` reads the stored statements with the given low ends."""
        now = {id(d): d for d in disputes}
        new = [d for i, d in now.items() if i not in self._before]
        gone = [d for i, d in self._before.items() if i not in now]
        formed = self._parts_again(disputes, now, new, gone)
        for part in formed:  # every claim indexed before any part is restated
            self._keep(part, merged_restatements(part))
        changed = self._changed | _lows((*new, *gone))
        again = {k for low in changed for k in self._holding.get(low, ())} - set(map(_key, formed))
        todo = [*formed, *(self._done[k].part for k in again)]
        by_value: dict[float, list[FigureStatement]] = defaultdict(list)
        for s in lookup(restatement_values(d for part in todo for d in part)):
            by_value[s.quantity.low].append(s)
        for part in todo:
            done = self._done[_key(part)]
            candidates = [s for low in sorted(done.lows) for s in by_value.get(low, ())]
            joined = restated_with(done.merged, candidates, self._claims)
            self._result(part, named_claimants(joined))
        self._before, self._changed = now, set()
        results = [d for x in self._done.values() for d in x.result]
        return sorted(results, key=lambda d: self._order[id(d)])

    def _parts_again(
        self,
        disputes: Sequence[Dispute],
        now: dict[int, Dispute],
        new: list[Dispute],
        gone: list[Dispute],
    ) -> list[Part]:
        """Drop the parts that held a dispute now gone or share a figure and voice with a new
        one; their disputes' parts formed again (in the order of `disputes`)."""
        dropped = {self._part_of[id(d)] for d in gone if id(d) in self._part_of}
        for d in new:
            for link in _holder_keys(d):
                dropped |= self._linking.get(link, set())
        members = {i for k in dropped for i in k if i in now} | {id(d) for d in new}
        for part_key in dropped:
            self._drop(self._done[part_key])
        if len(members) == len(now):
            return restatement_parts(disputes)
        position = {i: n for n, i in enumerate(now)}
        return restatement_parts([now[i] for i in sorted(members, key=position.__getitem__)])

    def _keep(self, part: Part, merged: list[Dispute]) -> None:
        """Hold a part (its result to come) and index it: its disputes, links, figures and
        claims."""
        key = _key(part)
        links = frozenset(link for d in part for link in _holder_keys(d))
        done = self._done[key] = _Restated(part, merged, [], links, frozenset(_lows(part)))
        for d in part:
            self._part_of[id(d)] = key
        for link in links:
            self._linking[link].add(key)
        for low in done.lows:
            self._holding[low].add(key)
        self._claims.add(merged)

    def _result(self, part: Part, result: list[Dispute]) -> None:
        done = self._done[_key(part)]
        for d in done.result:
            self._order.pop(id(d), None)
        self._done[_key(part)] = replace(done, result=result)
        for d in result:
            self._order[id(d)] = dispute_order(d)

    def _drop(self, done: _Restated) -> None:
        key = _key(done.part)
        del self._done[key]
        for d in done.part:
            self._part_of.pop(id(d), None)
        for link in done.links:
            self._linking[link].discard(key)
        for low in done.lows:
            self._holding[low].discard(key)
        self._claims.remove(done.merged)
        for d in done.result:
            self._order.pop(id(d), None)


def restatement_parts(disputes: Sequence[Dispute]) -> list[Part]:
    """The disputes in the parts restatement may join: contested disputes holding one figure
    (its low end) from claimants sharing a word are one part; every other dispute is a part
    of its own."""
    holders: dict[tuple[float, str], list[int]] = defaultdict(list)
    for i, d in enumerate(disputes):
        for key in _holder_keys(d):
            holders[key].append(i)
    links = [pair for held in holders.values() for pair in pairwise(held)]
    return [tuple(disputes[i] for i in part) for part in linked(len(disputes), links)]


def _holder_keys(d: Dispute) -> set[tuple[float, str]]:
    """(figure, voice word) for every statement of a contested dispute: what links parts."""
    return {
        (s.quantity.low, word)
        for c in (d.claims if d.contested else ())
        for word in words_of(c.claimant) or {""}
        for s in _all(c)
    }


def _lows(part: Part) -> set[float]:
    return {s.quantity.low for d in part if d.contested for s in statements_of(d)}


def _key(part: Part) -> tuple[int, ...]:
    return tuple(id(d) for d in part)
