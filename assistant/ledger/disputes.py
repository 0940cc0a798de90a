"""Disputes: where claimants disagree on a quantity that statements measure together.

Groups come from `grouping` (the same measure, close contexts, near dates, compatible names).
A group is contested when two different claimants' latest intervals do not overlap; one
claimant revising its own count is an update, kept as history.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import replace
from itertools import combinations

import numpy as np

from assistant.ledger.affiliation import is_acronym, same_organisation
from assistant.ledger.claimants import bare_kind
from assistant.ledger.comparable import measure_key
from assistant.ledger.grouping import (
    claimant_key,
    group_statements,
    key_words,
    stated_order,
)
from assistant.ledger.names import resolve_claimants
from assistant.ledger.roles import OFFICIALS
from assistant.ledger.voice_stances import VoiceBook, with_voice_stances
from assistant.ledger.words import MONTH_NAMES
from assistant.types import Citation, Claim, Dispute, FigureStatement, Flag, Stance

EXACT_TOLERANCE = 0.02  # two "exact" figures within 2% agree
MIN_VALUE = 10  # smaller figures ("two", "six") are too common to tell one claim by


def agree(a: FigureStatement, b: FigureStatement) -> bool:
    """Do two figures' intervals overlap (exact figures with a small tolerance)?"""
    qa, qb = a.quantity, b.quantity
    if qa.unit != qb.unit:
        return False
    lo_a, hi_a = qa.low * (1 - EXACT_TOLERANCE), qa.high * (1 + EXACT_TOLERANCE)
    return lo_a <= qb.high and qb.low <= hi_a


def _merge_names(keys: set[str]) -> dict[str, str]:
    """Map each claimant key to the longest key whose words contain it ("civil protection
    office" -> "regional government civil protection office")."""
    words = {k: set(k.split()) for k in keys}
    ordered = sorted(keys)  # one answer for equally long names, whatever the hash seed
    return {k: max((o for o in ordered if words[k] <= words[o]), key=len) for k in keys}


def said_by(s: FigureStatement) -> str:
    """Who says the figure: a bare kind ("the ministry") by the name its document gave it, so
    two ministries are two voices."""
    return s.named if s.named and bare_kind(s.claimant) else s.claimant


def _voices(group: Sequence[FigureStatement]) -> dict[str, str]:
    """Each claimant's voice key: the fullest name containing it (`_merge_names`), or the
    organisation an official of it speaks for (`_speaks_for`)."""
    names = sorted({said_by(s) for s in group})
    canonical = _merge_names({claimant_key(n) for n in names})
    voice = {n: canonical[claimant_key(n)] for n in names}
    for n in names:
        org = _speaks_for(n, names)
        if org:
            voice[n] = voice[org]
    return voice


def _speaks_for(name: str, others: Iterable[str]) -> str:
    """The other voice an official's title names: "NDRA Director Pavel Drozan" speaks for the
    National Disaster Response Agency, as "FMG" alone does; "" when the name opens with no
    organisation."""
    words = name.split()
    at = next((i for i, w in enumerate(words) if w.lower() in OFFICIALS), 0)
    org = " ".join(words[:at]) or (name if is_acronym(name) else "")
    if not org:
        return ""
    return next((o for o in others if o != name and same_organisation(org, o)), "")


def claims_of(group: Sequence[FigureStatement]) -> list[Claim]:
    """One claim per voice: its latest statement (first in its latest document). A voice
    that says it revised a figure ("88, up from the 62 it reported") owns that figure."""
    voice = _voices(group)
    by_claimant: dict[str, list[FigureStatement]] = defaultdict(list)
    for s in group:
        by_claimant[voice[said_by(s)]].append(s)
    by_claimant = _echoes_joined(_revisions_joined(by_claimant))
    claims = []
    for statements in by_claimant.values():
        claims.append(claim_of(sorted(statements, key=said_order)))
    return sorted(claims, key=lambda c: (c.statement.date, c.claimant))


def said_order(s: FigureStatement) -> tuple[str, int]:
    """A voice's statements from first to latest: by date, then the first in a document last
    (its lead states the figure it stands by)."""
    return (s.date, -s.span_start)


def latest_of(claim: Claim) -> FigureStatement:
    """The claim's latest statement: the one shown, or the last of its history (kept in
    `said_order`) when a relay of it came later."""
    last = claim.history[-1] if claim.history else claim.statement
    return last if said_order(last) > said_order(claim.statement) else claim.statement


def claim_of(ordered: Sequence[FigureStatement]) -> Claim:
    """One voice's claim from its statements in date order: the latest figure, shown from the
    voice's own document when one states it (a relay published later is the same claim,
    second hand), the rest as history."""
    latest = ordered[-1]
    own = [s for s in ordered if s.quantity == latest.quantity and not s.attributed]
    shown = own[-1] if own else latest
    return Claim(latest.claimant, shown, tuple(s for s in ordered if s is not shown))


def named_claimants(disputes: Iterable[Dispute]) -> list[Dispute]:
    """The disputes with each claimant the corpus's names left a bare kind ("ministry") shown
    by the proper name its latest document gave it ("Interior Ministry"). Done last: grouping
    and restating compare voices as written."""
    out = []
    for d in disputes:
        claims = tuple(_named(c) for c in d.claims)
        same = all(a is b for a, b in zip(claims, d.claims, strict=True))
        out.append(d if same else replace(d, claims=claims))
    return out


def _named(c: Claim) -> Claim:
    if not (c.statement.named or any(s.named for s in c.history)):
        return c  # most statements: no bare kind named
    said = (latest_of(c), c.statement, *c.history)
    name = next(s.named for s in said if s.named)
    return replace(c, claimant=name) if bare_kind(c.claimant) else c


_REVISED = re.compile(
    r"\b(?:up|down|revised|raised|lowered|increased|reduced)\s+from\s+(?:the|its|their|an?)?\s*"
    r"(?:earlier|previous|initial|first|original)?\s*(?:figure\s+of\s+)?(?P<n>\d[\d,.]*)"
    r"\s+(?:(?:that|which)\s+)?(?:it|they|he|she)\b",
    re.I,
)
# "raised its count of buildings that collapsed completely to 4,870, from 3,100 a week earlier"
_OWN_FROM = re.compile(
    r"\b(?:raised|revised|lowered|increased|reduced|updated|cut)\s+(?:its|their)\s+"
    r"(?:\S+\s+){0,12}?from\s+(?P<n>\d[\d,.]*)",
    re.I,
)


# "had received 1,870 complaints by the end of March, up from 1,140 in mid-December": one
# series over time (a figure from another voice would be named: "up from the 1,140 X gave")
_UP_FROM_THEN = re.compile(
    rf"\b(?:up|down)\s+from\s+(?P<n>\d[\d,.]*)\s+(?:(?:in|on|at|by)\s+(?:mid-|early\s+|late\s+)?"
    rf"(?:{MONTH_NAMES})|(?:a|one|two|three|four)\s+(?:day|week|month)s?\s+(?:earlier|before|ago)"
    r"|(?:last|the\s+previous)\s+(?:week|month|year)|earlier)\b"
)


def _revisions_joined(
    by_voice: dict[str, list[FigureStatement]],
) -> dict[str, list[FigureStatement]]:
    """Fold into a voice the claim whose figure that voice says was its own earlier one."""
    out = dict(by_voice)
    for voice, statements in by_voice.items():
        earlier = {
            _number(m["n"])
            for s in statements
            for pattern in (_REVISED, _OWN_FROM, _UP_FROM_THEN)
            for m in pattern.finditer(s.sentence)
        }
        if not earlier - {None}:
            continue
        first = min(s.date for s in statements)
        for other, theirs in by_voice.items():
            if other == voice or other not in out or voice not in out:
                continue
            if all(s.date <= first and _is_one_of(s, earlier) for s in theirs):
                out[voice] = out[voice] + out.pop(other)
    return out


def _echoes_joined(
    by_voice: dict[str, list[FigureStatement]],
) -> dict[str, list[FigureStatement]]:
    """Fold into a voice that revised its figure another voice that only repeated one of its
    earlier figures before the revision ("the ministry had dismissed 412 officers", written
    before the ministry raised its count to 1,036): that voice agreed, it did not contest."""
    out = dict(by_voice)
    for voice, statements in by_voice.items():
        if voice not in out or len({s.quantity for s in statements}) < 2:
            continue
        for other in [o for o in out if o != voice]:
            if all(_repeats_earlier(s, statements) for s in out[other]):
                out[voice] = out[voice] + out.pop(other)
    return out


def _repeats_earlier(s: FigureStatement, voice: Sequence[FigureStatement]) -> bool:
    """Does `s` give a figure the voice had given by then and revised later (`MIN_VALUE` and
    up)?"""
    latest = max(voice, key=said_order)
    said = {o.quantity.low for o in voice if o.date <= s.date} - {latest.quantity.low}
    return s.date < latest.date and s.quantity.low in said and abs(s.quantity.low) >= MIN_VALUE


def _number(digits: str) -> float | None:
    """ "1,150" -> 1150.0; None for what is no number ("1.2.3")."""
    try:
        return float(digits.replace(",", "").rstrip("."))
    except ValueError:
        return None


def _is_one_of(s: FigureStatement, values: set[float | None]) -> bool:
    q = s.quantity
    return q.low == q.high and q.low in values


def _all_agree(group: Sequence[FigureStatement]) -> bool:
    return all(agree(group[0], s) for s in group[1:])


def _joined(groups: list[list[FigureStatement]]) -> list[list[FigureStatement]]:
    """Groups of one measure that hold the same two claims (two voices, each with the same
    value) are one quantity, split by the grouper: they become one. One shared claim is enough
    only when one of the two groups agrees throughout (it restates that claim); between two
    groups that each hold a disagreement, a text recalling another event's figure would pull
    that event in. Groups counting one thing by other verbs ("1,150 households withholding
    rent", "1,150 households taking part") join by two such claims, each of `MIN_VALUE` and
    up, or by one when a group restates that one figure (overlapping open figures, "more than
    540" and "more than 700", are not one); a lone statement joins the largest group holding
    its claim."""
    alone = {i for i, g in enumerate(groups) if len(g) == 1}
    measured, counted = _holders(groups, alone)
    links = [
        (a, b)
        for (a, b), voices in voices_in_common(measured).items()
        if not {a, b} & alone
        if len(voices) >= 2 or _all_agree(groups[a]) or _all_agree(groups[b])
    ]
    shared = voices_in_common(counted).items()
    links += [
        (a, b)
        for (a, b), voices in shared
        if not {a, b} & alone
        if len(voices) >= 2 or _one_figure(groups[a]) or _one_figure(groups[b])
    ]
    links += _lone_links(groups, [ab for ab, _ in shared if len(set(ab) & alone) == 1], alone)
    parts = [[s for i in part for s in groups[i]] for part in linked(len(groups), links)]
    return [p for p in parts if len(p) >= 2]


def _one_figure(group: Sequence[FigureStatement]) -> bool:
    """Does every statement give the same figure (a group restating one claim)?"""
    return len({(s.quantity.low, s.quantity.high) for s in group}) == 1


def _holders(
    groups: list[list[FigureStatement]], alone: set[int]
) -> tuple[dict[tuple[str, Hashable], set[int]], dict[tuple[str, Hashable], set[int]]]:
    """Which groups hold each claim: by voice, measure and figure; and, for figures of
    `MIN_VALUE` and up, by voice, kind, thing counted and figure (a lone one by that only)."""
    measured: dict[tuple[str, Hashable], set[int]] = defaultdict(set)
    counted: dict[tuple[str, Hashable], set[int]] = defaultdict(set)
    for i, g in enumerate(groups):
        for st in g:
            voice, q, m = claimant_key(said_by(st)), st.quantity, st.measure
            if not voice:
                continue
            if i not in alone:
                measured[(voice, (measure_key(m), q.low, q.high))].add(i)
            if _telling(st):
                counted[(voice, (m.kind, m.thing, q.low, q.high))].add(i)
    return measured, counted


def _telling(s: FigureStatement) -> bool:
    """Can the statement's claim tell its quantity by the thing counted alone (a thing named,
    a figure of `MIN_VALUE` and up)?"""
    return bool(s.measure.thing) and max(abs(s.quantity.low), abs(s.quantity.high)) >= MIN_VALUE


def _lone_links(
    groups: list[list[FigureStatement]], links: list[tuple[int, int]], alone: set[int]
) -> list[tuple[int, int]]:
    """Each lone statement's link to the largest group holding its claim, unless that group
    already has its document (the document saying its figure again adds nothing)."""
    holding: dict[int, list[int]] = defaultdict(list)
    for a, b in links:
        lone, other = (a, b) if a in alone else (b, a)
        if lone in alone:
            holding[lone].append(other)
    out = []
    for lone, others in holding.items():
        best = max(others, key=lambda i: (len(groups[i]), -i))
        if groups[lone][0].doc_id not in {s.doc_id for s in groups[best]}:
            out.append((lone, best))
    return out


def voices_in_common(
    holders: Mapping[tuple[str, Hashable], set[int]],
) -> dict[tuple[int, int], set[str]]:
    """For each pair of items (a < b) holding one voice's same figure (`holders`: (voice,
    figure) -> the items holding it), the voices they have in common."""
    shared: dict[tuple[int, int], set[str]] = defaultdict(set)
    for (voice, _), held in holders.items():
        for a, b in combinations(sorted(held), 2):
            shared[(a, b)].add(voice)
    return shared


def linked(count: int, links: Iterable[tuple[int, int]]) -> list[list[int]]:
    """The items 0..count-1 in the connected parts `links` make: each part in index order,
    the parts in the order of their first item."""
    parent = list(range(count))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in links:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    parts: dict[int, list[int]] = defaultdict(list)
    for i in range(count):
        parts[root(i)].append(i)
    return list(parts.values())


def _echoes(groups: list[list[FigureStatement]]) -> set[int]:
    """Groups whose documents all sit in a larger group of the same measure (they repeat it);
    of one act, of the same thing: soldiers killed are no echo of the civilians killed."""
    docs = [{s.doc_id for s in g} for g in groups]
    things = [{s.measure.thing for s in g if s.measure.act} - {""} for g in groups]
    holding: dict[tuple[str, str], list[int]] = defaultdict(list)  # (measure, doc) -> groups
    for i, g in enumerate(groups):
        for d in docs[i]:
            holding[(measure_key(g[0].measure), d)].append(i)
    echoes = set()
    for i, g in enumerate(groups):
        first = next(iter(docs[i]))
        for j in holding[(measure_key(g[0].measure), first)]:
            same = not things[i] or bool(things[i] & things[j])
            if j != i and len(groups[j]) > len(g) and docs[i] <= docs[j] and same:
                echoes.add(i)
                break
    return echoes


def _names_one_of(s: FigureStatement, words: set[str]) -> bool:
    return s.attributed and not words.isdisjoint(key_words(s.claimant))


def build_disputes(
    statements: Sequence[FigureStatement],
    vectors: np.ndarray | Sequence[Sequence[float]],
    publishers: dict[str, str],
    publisher_stances: dict[str, Stance] | None = None,
) -> list[Dispute]:
    """Every group with at least two statements, contested or not (grouped from scratch)."""
    statements = resolve_claimants(statements, publishers)
    voices = VoiceBook.of(publisher_stances) if publisher_stances is not None else None
    return disputes_of(group_statements(statements, vectors, publishers), voices)


def disputes_of(
    groups: Iterable[Sequence[FigureStatement]],
    voices: VoiceBook | None = None,
) -> list[Dispute]:
    """The disputes of groups of statements: one claim per claimant, contested when two
    claimants' latest figures disagree; a group repeating a larger one is left out."""
    kept = [list(g) for g in groups if len(g) >= 2 or _telling(g[0])]  # a lone one may join
    if voices is not None:  # one pass over every statement, then split again
        flat = with_voice_stances([s for g in kept for s in g], voices)
        ends = np.cumsum([len(g) for g in kept]).tolist()
        kept = [flat[a:b] for a, b in zip([0, *ends], ends, strict=False)]
    kept = _joined(kept)
    echoes = _echoes(kept)
    disputes = []
    for i, group in enumerate(kept):
        if i in echoes:
            continue
        claims = claims_of(group)
        latest = [c.statement for c in claims]
        contested = any(not agree(a, b) for i, a in enumerate(latest) for b in latest[i + 1 :])
        key = "|".join(sorted(f"{s.doc_id}:{s.span_start}" for s in group))
        disputes.append(
            Dispute(
                hashlib.sha1(key.encode()).hexdigest()[:12],
                group[0].counted,
                contested,
                tuple(claims),
            )
        )
    return disputes


def statements_of(d: Dispute) -> list[FigureStatement]:
    return [s for c in d.claims for s in (c.statement, *c.history)]


def touched(disputes: Sequence[Dispute], citations: Sequence[Citation]) -> list[Dispute]:
    """Contested disputes with a figure inside one of the cited quotes."""

    def inside(s: FigureStatement) -> bool:
        return any(c.doc_id == s.doc_id and c.start <= s.span_start < c.end for c in citations)

    return [d for d in disputes if d.contested and any(inside(s) for s in statements_of(d))]


def contested_message(d: Dispute) -> str:
    who = "; ".join(f"{c.claimant}: {c.statement.raw} ({c.statement.date})" for c in d.claims)
    return f"Sources disagree on this figure ({d.counted}): {who}."


def contested_flag(d: Dispute) -> Flag:
    """The reader's warning; the claims themselves travel typed in `Answer.disputes`."""
    return Flag(
        "contested_figure",
        contested_message(d),
        {"dispute": d.id, "counted": d.counted, "claims_count": len(d.claims)},
    )


def dispute_key(d: Dispute) -> str:
    """The measure a dispute is about (every statement of one dispute has it)."""
    return measure_key(d.claims[0].statement.measure)


def in_dispute_order(disputes: Iterable[Dispute]) -> list[Dispute]:
    """Disputes ordered by their earliest statement, however they were computed."""
    return sorted(disputes, key=dispute_order)


def with_in_order(ordered: Sequence[Dispute], more: Iterable[Dispute]) -> list[Dispute]:
    """`in_dispute_order([*ordered, *more])` for `ordered` already in that order: each of
    `more` is put in its place (a write adds a few disputes to many)."""
    out = list(ordered)
    for d in in_dispute_order(more):
        out.insert(bisect.bisect_right(out, dispute_order(d), key=dispute_order), d)
    return out


def dispute_order(d: Dispute) -> tuple[tuple[str, str, int], str]:
    """The sort key of `in_dispute_order`: the earliest statement, then the id."""
    return (min(map(stated_order, statements_of(d))), d.id)


def restanced(
    disputes: Sequence[Dispute],
    voices: VoiceBook,
    changed: Iterable[str] | None = None,
) -> list[Dispute]:
    """The same disputes with their claimants' stances taken again from `voices`
    (a write elsewhere may have added or changed a publisher a claimant names); a dispute
    none of whose stances changed is the very same value. With `changed` (the publishers
    whose stance came, went or changed), only claimants sharing a word with one are asked."""
    if changed is not None:
        words = {w for p in changed for w in claimant_key(p).split()}
        asked = [d for d in disputes if any(_names_one_of(s, words) for s in statements_of(d))]
        again = dict(zip(map(id, asked), restanced(asked, voices), strict=True))
        return [again.get(id(d), d) for d in disputes]
    before = [statements_of(d) for d in disputes]
    after = iter(with_voice_stances([s for stated in before for s in stated], voices))
    out = []
    for d, stated in zip(disputes, before, strict=True):
        now = [next(after) for _ in stated]
        if all(a is b for a, b in zip(stated, now, strict=True)):
            out.append(d)
            continue
        flat = iter(now)
        claims = tuple(
            replace(c, statement=next(flat), history=tuple(next(flat) for _ in c.history))
            for c in d.claims
        )
        out.append(replace(d, claims=claims))
    return out
