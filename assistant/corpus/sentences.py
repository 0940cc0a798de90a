"""Sentence boundaries with exact character offsets.

A rule-based splitter (no model): a sentence ends at `.`, `!` or `?` (optionally followed by
closing quotes or brackets) when whitespace and an upper-case letter, digit or opening quote
follow, unless the word before the stop is a known abbreviation or a single initial. Blank
lines and Markdown headings always end a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from assistant.types import Passage

# the month names, as a regular-expression alternation (one list for every pattern of dates)
MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
# the day names, the same way
DAY_NAMES = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
# a month as written in dates, in full or cut short ("Sept", "Dec")
MONTHS_WRITTEN = rf"(?:{MONTH_NAMES}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)"

ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st sr jr gen col lt sgt capt gov sen rep rev hon pres no nos vs etc
    e.g i.e cf al approx est inc ltd co corp dept univ fig vol pp p jan feb mar apr jun jul aug
    sep sept oct nov dec u.s u.k u.n e.u d.c a.m p.m""".split()
)

_LOWER_WORD = re.compile(r"\b[a-z]{2,}")
MIN_CHARS = 12  # shorter sentences are not worth quoting on their own ("No child died." is)
_MARKUP = re.compile(r"^(?:[-*+>]\s+|\d+[.)]\s+|\|\s*)+")
_END = re.compile(r"[.!?]+[\"'”’)\]]*")
_OWN_LINE = re.compile(r"[ \t]*(?:#{1,6} |[-*+] |\d+[.)] |\|)")
_NEXT = re.compile(r"\s+[\"'“‘(\[]?[A-Z0-9]")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Paragraph-like blocks: blank lines end one; a heading, list item or table row is its own."""
    start = 0
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        own_block = bool(_OWN_LINE.match(line))
        if not stripped or own_block:
            if pos > start:
                yield start, pos
            if own_block:
                yield pos, pos + len(line)
            start = pos + len(line)
        pos += len(line)
    if pos > start:
        yield start, pos


def _is_abbreviation(text: str, stop: int) -> bool:
    m = re.search(r"([A-Za-z][A-Za-z.]*)$", text[max(0, stop - 12) : stop])
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    return word in ABBREVIATIONS or len(word) == 1


def _strip(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, text[start:end]) if end > start else None


def split_sentences(text: str, offset: int = 0) -> list[Span]:
    """Split `text` into sentences; offsets are shifted by `offset`.

    Invariant: for every span, `text[span.start - offset : span.end - offset] == span.text`.
    """
    spans: list[Span] = []
    for b_start, b_end in _blocks(text):
        start = b_start
        for m in _END.finditer(text, b_start, b_end):
            stop = m.start()
            if text[m.start()] == "." and _is_abbreviation(text, stop):
                continue
            if m.end() < b_end and not _NEXT.match(text, m.end(), b_end):
                continue
            span = _strip(text, start, m.end())
            if span:
                spans.append(span)
            start = m.end()
        span = _strip(text, start, b_end)
        if span:
            spans.append(span)
    if offset:
        spans = [Span(s.start + offset, s.end + offset, s.text) for s in spans]
    return spans


def candidate_sentences(passages: Sequence[Passage]) -> list[tuple[Passage, Span]]:
    """Quotable sentences: no headings, list markers trimmed, not too short."""
    out = []
    for p in passages:
        for s in split_sentences(p.chunk.text, offset=p.chunk.start):
            if s.text.startswith("#"):
                continue
            lead = _MARKUP.match(s.text)
            if lead:
                s = Span(s.start + lead.end(), s.end, s.text[lead.end() :])
            if len(s.text) >= MIN_CHARS and len(_LOWER_WORD.findall(s.text)) >= 2:
                out.append((p, s))  # not a dateline or a name alone ("TESSALY, 8 April 2024.")
    return out


# "CORVELLAN, April 19 (Meridian) — ", "**PORT AVENEL, 12 March 2025** — ": a news dateline
_MONTH = rf"{MONTHS_WRITTEN}\.?"
_DATELINE = re.compile(
    r"^\s*(?:(?:\*\*)?[A-Z][A-Z .'’-]{2,}(?:,[^\n—–()]{0,60})?(?:\*\*)?"
    r"|\*\*[A-Z][\w .'’-]{2,30},[^*\n]{1,40}\*\*"  # "**Kaltbach, 12 February 2025** —"
    rf"|[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,3}},\s+(?:\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?"
    rf"|{_MONTH}\s+\d{{1,2}}(?:,\s+\d{{4}})?))"  # "Port Taveth, 21 March 2025 -"
    r"\s*(?:\([^)\n]{1,40}\)\s*)?[-—–]{1,2}\s+"
)


def without_dateline(sentence: str) -> str:
    """The sentence with a news dateline at its start blanked out, same length (so offsets
    still hold): a parser would otherwise take the town for the subject."""
    m = _DATELINE.match(sentence)
    return " " * m.end() + sentence[m.end() :] if m else sentence


def leaves_a_quote_open(text: str) -> bool:
    """Does `text` open a quotation it does not close (straight or curly double quotes)? Read
    on the text before a position, it says whether that position is inside a quotation."""
    return text.count('"') % 2 == 1 or text.count("“") > text.count("”")


def paragraph_before(text: str, position: int) -> str:
    """The text of `position`'s paragraph (blank-line separated) up to it."""
    if not 0 <= position <= len(text):
        return ""
    return text[max(text.rfind("\n\n", 0, position), 0) : position]


SENTENCE_GAP = 3  # characters between one sentence and the next (a space, a line break)


def adjacent(text: str, end: int, start: int, across: bool = False) -> bool:
    """Is the sentence starting at `start` the next after the one ending at `end`: only a
    little whitespace, and no paragraph break (one, `across`), between them?"""
    gap = text[end:start]
    return (
        end <= start
        and len(gap) <= SENTENCE_GAP
        and not gap.strip()
        and gap.count("\n") < 2 + across
    )
