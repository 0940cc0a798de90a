"""Figures whose noun is left out: "The club gives an attendance of 38,212. The police estimate
around 42,000." The second figure counts what the first does.

A count is elided when it is the value a voice the parse names states (the object of its
reporting verb, "X put the figure at N", "the figure of N given by X") and it names nothing
of its own to count: no noun, the number itself, a noun that names a figure, or the voice
("the police estimate 42,000" does not count police). It then takes the measure of the first
figure of its kind in the nearest sentence before it, within a few sentences of the same
document, leaving out figures said in an aside ("X, a group whose 23 members...", "..., a
little under its capacity of 38,500"), as a reader resolves the ellipsis. "Of the suspected
cases, 312 have been confirmed" states no value of a voice: it stays a quantity of its own.
A figure a voice names only as a figure before the one it is set against ("rejects the $14.2
million figure given by Halvern, saying less than $3 million has reached families") takes that
later figure's measure.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from assistant.ledger.acts import child, projected
from assistant.ledger.comparable import groupable
from assistant.ledger.grouping import claimant_key
from assistant.ledger.measures import phrase_top
from assistant.ledger.voices import contrasted_at, gapped_voice, parsed_voice
from assistant.ledger.words import CHANGES, FIGURE_NOUNS, PART, REPORTING_LEMMAS, measure_words
from assistant.types import FigureStatement, Measure

if TYPE_CHECKING:
    from spacy.tokens import Token

LOOKBACK = 3  # sentences back a reader still carries the counted noun
_ELIDED_KINDS = frozenset({"count", "percentage"})  # "X puts its share at 71.3%, Y at 64.9%"
_STATING = frozenset("at as of around about to".split())
_ASIDES = frozenset("appos relcl acl advcl".split())
_OBJECTS = frozenset("dobj attr oprd npadvmod".split())  # "X says 238", "X put it at..."


class Role(NamedTuple):
    """Where a figure sits in its sentence's parse."""

    stated: bool  # the value a named voice states ("X estimates around N", "X put it at N")
    aside: bool  # inside an appositive or a relative or adverbial clause
    part: bool = False  # "eleven of the 23 piers": a part of another figure's whole
    listed_with: int = -1  # "212 passengers according to X, 238 according to Y": 212's offset
    whole: bool = False  # "eleven of the 23 piers": 23, the whole a part is counted out of
    earlier: bool = False  # "raised from 1,500 to 2,100", "up from three": where a change began
    projected: bool = False  # "the agreement assumed 48,000 vehicles a day": foreseen


def role_of(root: Token | None) -> Role:
    """The role of the figure headed by `root` (`measures.figure_root`)."""
    if root is None:
        return Role(False, False)
    part = any(
        n.dep_ == "nummod" and n.like_num
        for of in root.children
        if of.dep_ == "prep" and of.lower_ == "of"
        for whole in of.children
        if whole.dep_ == "pobj"
        for n in whole.children
    )
    head = root.head
    of = head.head if root.dep_ == "nummod" and head.dep_ == "pobj" else None
    # "four of the nine districts": nine is what four is out of; "(every) one of the 47
    # deaths" counts no part, and 47 stays a claim
    whole = of is not None and of.lower_ == "of" and of.head.like_num and of.head.lower_ != "one"
    whole = whole or _out_of(root)
    listed = [c for c in head.children if c.dep_ == "nummod" and c.like_num and c.i < root.i]
    listed_with = listed[0].idx if root.dep_ in ("appos", "conj") and listed else -1
    stated = root.dep_ in _OBJECTS and head.lemma_.lower() in REPORTING_LEMMAS
    if root.dep_ == "pobj" and head.lower_ in _STATING:
        above = head.head
        stated = above.lemma_.lower() in REPORTING_LEMMAS or above.lower_ in FIGURE_NOUNS
    stated = stated or _bare_clause(root) or gapped_voice(root) is not None
    stated = stated and bool(parsed_voice(root))  # a named voice states it, in this clause
    t, aside = root, False
    for _ in range(32):  # a parse tree is shallow; bounded all the same
        aside = aside or t.dep_ in _ASIDES
        if t.head.i == t.i:
            break
        t = t.head
    part = part or _included(root) or _broken_down(root)
    earlier = _change_start(root)
    return Role(stated, aside, part, listed_with, whole, earlier, projected(root))


_BARE_VERBS = frozenset("be do have".split())
_BARE_PARTS = frozenset("nsubj advmod prep punct neg aux".split())


def _bare_clause(root: Token) -> bool:
    """Is the figure the subject of a clause a reporting verb states that says nothing of its
    own: "the union says fewer than 1,000 were there", "... 40 did"?"""
    verb = root.head
    return (
        root.dep_ == "nsubj"
        and verb.lemma_.lower() in _BARE_VERBS
        and verb.dep_ == "ccomp"
        and verb.head.lemma_.lower() in REPORTING_LEMMAS
        and all(c.dep_ in _BARE_PARTS for c in verb.children)
    )


def _out_of(root: Token) -> bool:
    """Is the figure what a counted part is taken out of: "Of the 23, nine have been charged"?"""
    if root.dep_ != "pobj" or root.head.lower_ != "of" or root.head.head.pos_ != "VERB":
        return False
    subject = child(root.head.head, ("nsubj", "nsubjpass"))
    return subject is not None and subject.like_num


def _broken_down(root: Token) -> bool:
    """Is the figure one line of a breakdown set beside a count: "Seven workers were killed —
    four Meridane employees and three men employed by the contractor"?"""
    noun = root.head if root.dep_ == "nummod" else None
    for _ in range(8):  # "four X, three Y and two Z": a short chain of conjuncts
        if noun is None or noun.dep_ != "conj":
            break
        noun = noun.head
    if noun is None or noun.dep_ != "appos":
        return False
    return any(c.dep_ == "nummod" and c.like_num for c in noun.head.children)


_INCLUDING = frozenset("include including comprise".split())
_THESE = frozenset("these them those whom which".split())


def _included(root: Token) -> bool:
    """Is the figure counted as a part of something named before it: "the count includes 96
    people … and 544 probable cases", "including 13 children", "Of these, 96 have been
    confirmed", "Of the 23, nine have been charged"?"""
    for above in list(root.ancestors)[:32]:  # a parse tree is shallow; bounded all the same
        if above.lemma_.lower() in _INCLUDING and above.i < root.i:
            return True
        of_these = any(
            c.dep_ == "prep"
            and c.lower_ == "of"
            and any(
                o.dep_ == "pobj" and (o.lower_ in _THESE or o.like_num) and o.i != root.i
                for o in c.children
            )
            for c in above.children
        )
        if of_these and above.pos_ in ("VERB", "AUX"):
            return True
    return False


def _change_start(root: Token) -> bool:
    """Is the figure the value a change starts from: "raises the fee from 1,500 drals to
    2,100", "six, up from the three we reported"? An earlier state, not a claim of its own."""
    top = phrase_top(root)
    if top.dep_ == "nummod":
        top = top.head
    prep = top.head
    if top.dep_ != "pobj" or prep.lower_ != "from":
        return False
    if prep.i > 0 and prep.doc[prep.i - 1].lower_ in ("up", "down"):
        return True
    t = prep.head
    for _ in range(4):  # "raises the fee at state universities from ...": up to its verb
        if t.lemma_.lower() in CHANGES:
            return True
        if t.pos_ in ("VERB", "AUX") or t.head.i == t.i:
            return False
        t = t.head
    return False


def _elided(s: FigureStatement, role: Role) -> bool:
    m = s.measure
    contrasted = contrasted_at(s.sentence, s.span_start - s.start)  # "…, not three as X said"
    if not (role.stated or (role.listed_with >= 0 and s.attributed) or contrasted):
        return False
    if m.kind not in _ELIDED_KINDS or m.act or m.mods:
        return False
    voice = set(re.findall(r"[a-z]+", s.claimant.lower()))
    return not m.thing or any(c.isdigit() for c in m.thing) or m.thing in FIGURE_NOUNS | voice


def _antecedent(
    s: FigureStatement,
    role: Role,
    earlier: Sequence[tuple[FigureStatement, Role]],
    starts: Sequence[int],
) -> Measure | None:
    """The figure a listed one is listed with; else the nearest earlier figure of its own
    sentence outside an aside, in a clause a semicolon closes ("X says 212 passengers; Y says
    238"); else the one outside an aside in the nearest earlier sentence that has one,
    nearest in size (`_orders_apart`), first on a tie."""
    same = [
        (e, r)
        for e, r in earlier
        if e.start == s.start
        and (
            e.span_start - e.start == role.listed_with
            if role.listed_with >= 0
            else (not r.aside or role.aside) and _set_apart(s, e)
        )
        and (groupable(e.measure, True) or bool(e.measure.thing))  # "29,500 people…, Y 38,000"
    ]
    # "X found 2,947 …; Y counted 4,312 on visits to 212 villages; Z claims 10,000": a voice's
    # figure is listed with the other voices' figures, not with a figure their clauses mention
    stated = [e for e, r in same if r.stated]
    found = (stated or [e for e, _ in same])[-1:]
    here = starts.index(s.start)
    for before in reversed(starts[max(0, here - LOOKBACK) : here]):
        if found or role.listed_with >= 0:
            break
        found = sorted(
            (e for e, r in earlier if e.start == before and not r.aside and _carries_noun(e, s)),
            key=lambda e: _orders_apart(e, s),
        )[:1]
    return found[0].measure if found and found[0].measure.kind == s.measure.kind else None


def _carries_noun(e: FigureStatement, s: FigureStatement) -> bool:
    """Can an earlier sentence's figure lend `s` its noun: one that could be disputed, or a
    bare count that another voice gave ("we estimate that 450,000 people were on the hill.
    That is well below the figure of 620,000 given by the ministry")?"""
    if PART in e.measure.mods and PART not in s.measure.mods:
        return False  # "61 guests" of a breakdown: "the ministry's figure of 87" is a total
    if groupable(e.measure, True):
        return True
    return s.attributed and _other_voice(e, s) and bool(e.measure.thing)


def _other_voice(e: FigureStatement, s: FigureStatement) -> bool:
    """Is `e` a named voice other than `s`'s?"""
    return e.attributed and claimant_key(e.claimant) != claimant_key(s.claimant)


def _set_apart(s: FigureStatement, e: FigureStatement) -> bool:
    """Is the earlier figure `e` of the sentence in a clause set apart from `s`'s: by a
    semicolon ("X says 212 passengers; Y says 238") or a joined clause ("X had reported 106
    deaths, and on 25 November X reported 143"), or as another voice's ("X says 29,500
    people…, the province counts 38,000")?"""
    between = s.sentence[e.span_end - s.start : s.span_start - s.start]
    own = s.attributed and claimant_key(e.claimant) != claimant_key(s.claimant)
    joined = ";" in between or ", and " in between
    return joined or _other_voice(e, s) or own  # "..., who put the number at 1,500"


def _orders_apart(a: FigureStatement, b: FigureStatement) -> int:
    """How many orders of magnitude two figures lie apart: a voice restating a quantity gives
    a figure of its size ("counts at three points ... 6,000 to 7,000 people took part. ...
    the figure of 12,000" restates the people, not the points)."""
    x, y = (max(abs(s.quantity.low), 1.0) for s in (a, b))
    return round(abs(math.log10(x) - math.log10(y)))


def resolve_elided(
    statements: Sequence[FigureStatement], roles: Sequence[Role]
) -> list[FigureStatement]:
    """The document's statements, an elided count taking its antecedent's measure."""
    starts = sorted({s.start for s in statements})
    done: list[tuple[FigureStatement, Role]] = []
    for s, role in zip(statements, roles, strict=True):
        measure = _antecedent(s, role, done, starts) if _elided(s, role) else None
        done.append(
            (replace(s, measure=measure, counted=measure_words(measure)), role)
            if measure
            else (s, role)
        )
    return _named_only_as_figures([s for s, _ in done])


def _named_only_as_figures(statements: Sequence[FigureStatement]) -> list[FigureStatement]:
    """A figure a voice names only as a figure, before the figure it is set against ("rejects
    the $14.2 million figure given by Halvern, saying less than $3 million has reached
    families"), measures what the one other voice's figure of its kind in the sentence does."""
    by_sentence: dict[int, list[FigureStatement]] = {}
    for st in statements:
        if st.attributed:
            by_sentence.setdefault(st.start, []).append(st)
    taken: dict[int, Measure] = {}
    for group in by_sentence.values():
        for bare in (st for st in group if st.measure.thing in FIGURE_NOUNS):
            others = [
                o
                for o in group
                if o.measure.kind == bare.measure.kind
                and o.measure.thing not in FIGURE_NOUNS
                and _other_voice(o, bare)
            ]
            if len(others) == 1 and groupable(others[0].measure, True):
                taken[id(bare)] = others[0].measure
    return [
        replace(st, measure=taken[id(st)], counted=measure_words(taken[id(st)]))
        if id(st) in taken
        else st
        for st in statements
    ]
