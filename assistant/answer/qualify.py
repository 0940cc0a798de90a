"""What a quote's own document says about it next: "X admitted the plot", and two sentences
later "Tehran called this an accusation without evidence". A claim is quoted with the nearby
sentence of the same document that reframes it (a denial, "no evidence", "an accusation",
"was not"), so the reader sees the qualification the source itself gives.

General English markers only; the sentence must name something the quote names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from assistant.corpus.sentences import Span
from assistant.types import Passage

REACH = 2  # sentences before or after the quote
MAX_ADDED = 2  # reframing sentences added to one answer
_REFRAMES = re.compile(
    r"\b(?:accus\w*|alleg\w*|denie[sd]|deny(?:ing)?|rejected|dismissed|no evidence|false(?:ly)?"
    r"|untrue|unfounded|baseless|unverified|disputed?|could not (?:be )?(?:verif|confirm)\w*"
    r"|was not|were not|did not|has not|have not|never|contrary to|in fact)\b",
    re.I,
)
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'’-]{2,}")


class Quoted(Protocol):
    @property
    def passage(self) -> Passage: ...

    @property
    def span(self) -> Span: ...


def reframing(
    chosen: Sequence[Quoted], cands: Sequence[tuple[Passage, Span]]
) -> list[tuple[int, Passage, Span]]:
    """(index in `chosen` to follow, passage, sentence) for each quote whose document reframes
    it within REACH sentences, at most MAX_ADDED in all, none already chosen."""
    taken = {(q.passage.chunk.doc_id, q.span.start) for q in chosen}
    out: list[tuple[int, Passage, Span]] = []
    for i, q in enumerate(chosen):
        if len(out) == MAX_ADDED:
            break
        names = {n.lower() for n in _NAME.findall(q.span.text)}
        if _REFRAMES.search(q.span.text) or not names:
            continue  # the quote qualifies itself, or names nothing to match on
        near = _nearby(q, cands)
        for passage, span in near:
            key = (passage.chunk.doc_id, span.start)
            shared = names & {n.lower() for n in _NAME.findall(span.text)}
            if key not in taken and shared and _REFRAMES.search(span.text):
                out.append((i, passage, span))
                taken.add(key)
                break
    return out


def _nearby(q: Quoted, cands: Sequence[tuple[Passage, Span]]) -> list[tuple[Passage, Span]]:
    """The candidate sentences of the quote's document within REACH sentences of it, nearest
    first."""
    doc_id = q.passage.chunk.doc_id
    by_start = {s.start: (p, s) for p, s in cands if p.chunk.doc_id == doc_id}
    same = sorted(by_start.values(), key=lambda ps: ps[1].start)
    starts = [s.start for _, s in same]
    if q.span.start not in starts:
        return []
    at = starts.index(q.span.start)
    window = [same[j] for j in range(at - REACH, at + REACH + 1) if 0 <= j < len(same) and j != at]
    return sorted(window, key=lambda ps: abs(ps[1].start - q.span.start))
