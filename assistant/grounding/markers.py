"""The one grammar of citation markers: `[n]` after the sentence it supports.

The model (or the extractive answerer) refers to passages by local number; everything that
reads, strips, links or normalises markers uses the patterns and functions here, and answers
are split into sentences with their markers here too (on the one sentence splitter).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.corpus.sentences import Span, leaves_a_quote_open, split_sentences

MARKER = re.compile(r"\[(\d{1,3})\]")  # one marker: [3]
MARKER_GROUP = re.compile(r"\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]")  # [3] or [1, 2]
SPACED_MARKER = re.compile(r"\s*\[(\d{1,3})\]")  # a marker with the space before it
LEADING_MARKERS = re.compile(r"^(?:\s*\[\d{1,3}\])+")
_LOOSE_GROUP = re.compile(
    r"\[\s*(?:(?:passage|source|doc(?:ument)?)\s*)?(\d{1,3}(?:\s*,\s*\d{1,3})*)\]", re.I
)


def markers(text: str) -> list[int]:
    """The [n] numbers in `text`, in order of appearance (repeats kept)."""
    return [int(m.group(1)) for m in MARKER.finditer(text)]


def references(sentence: str) -> list[int]:
    """The passage numbers a sentence cites ([1], [2, 3]), in order, without repeats."""
    refs: list[int] = []
    for m in MARKER_GROUP.finditer(sentence):
        for n in re.split(r"\s*,\s*", m.group(1)):
            if int(n) not in refs:
                refs.append(int(n))
    return refs


def strip_markers(text: str) -> str:
    """The text without its markers, spaces folded."""
    return re.sub(r"\s+", " ", MARKER_GROUP.sub(" ", text)).strip()


def replace_markers(text: str, new: Callable[[int], str]) -> str:
    """Every single marker replaced by `new(n)` (which may return "" to drop it, with its
    leading space)."""
    return SPACED_MARKER.sub(lambda m: new(int(m.group(1))), text)


def normalise_markers(text: str) -> str:
    """'[1, 2]' -> '[1][2]'; '[Passage 3]' -> '[3]'; prefix markers become suffixes.

    Some models put the marker first ("[1] A says x. [2] B says y."): when the text opens with
    a marker, every sentence up to the next marker gets that marker at its end instead.
    """
    text = _LOOSE_GROUP.sub(
        lambda m: "".join(f"[{n.strip()}]" for n in m.group(1).split(",")), text
    )
    if not LEADING_MARKERS.match(text):
        return text
    parts = re.split(r"((?:\s*\[\d{1,3}\])+)", text)
    lines = []
    for marker, body in zip(parts[1::2], parts[2::2], strict=True):
        tag = "".join(marker.split())
        said = [s.text for s in split_sentences(body)]
        if said:
            lines.append(" ".join(f"{s} {tag}" for s in said))
    return "\n".join(lines)


def sentences(text: str) -> list[Span]:
    """Sentences with their own markers: a marker after the full stop joins the sentence.

    A marker that opens a new line before more text ("...\\n[2] Next") stays with that text.
    """
    out: list[Span] = []
    for span in split_sentences(text):
        lead = LEADING_MARKERS.match(span.text)
        alone = lead is not None and not span.text[lead.end() :].strip()
        if lead and out and (alone or "\n" not in text[out[-1].end : span.start]):
            prev = out[-1]
            out[-1] = Span(
                prev.start, span.start + lead.end(), text[prev.start : span.start + lead.end()]
            )
            rest = span.text[lead.end() :].strip()
            if not rest:
                continue
            span = Span(span.end - len(rest), span.end, rest)
        out.append(span)
    return out


def answer_sentences(text: str) -> list[str]:
    """The sentences of an answer as text: every line on its own, each sentence keeping the
    [n] markers that follow its final stop; a quotation is never split."""
    out: list[str] = []
    for line in text.splitlines():
        start = -1  # where the sentence being built began, while a quotation is open
        for span in sentences(line):
            if not span.text.strip():
                continue
            if start < 0:
                start = span.start
            merged = line[start : span.end].strip()
            if leaves_a_quote_open(merged):
                continue
            out.append(merged)
            start = -1
        if start >= 0:
            out.append(line[start:].strip())
    return out
