"""Is a sentence about what the question names?

A sentence supplies an answer only for the question's own names (not another market's toll)
and years. A name counts as said when it is in the sentence, in its document's opening, in
the paragraph a "they" or "he" leans on, by its initials, or as the common noun the question
puts after it: a document that has named "Tarrow province" goes on to say "the province".
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from assistant.answer.asked import names
from assistant.answer.need import NAME_RUN
from assistant.answer.supply import DATE_WORD, mentions, years
from assistant.answer.values import MONTH_SET
from assistant.corpus.sentences import Span, paragraph_before
from assistant.ledger.affiliation import acronym
from assistant.ledger.grouping import year_of
from assistant.ledger.words import MONTH_WORDS
from assistant.store.lexical import STOPWORDS
from assistant.types import Passage

LEAD_CHARS = 300  # a document's opening, where it says what it is about
TOPIC_SHARE = 0.5  # a name in the openings of this share of the documents read is their topic
NAME_SHARE = 0.5  # share of the question's other names a supplying sentence must be about
LEANS_BACK = re.compile(r"^(?:they|he|she)\s", re.I)  # its subject is in the sentence before
_IT = re.compile(r"^it\s", re.I)
_TITLES = frozenset(
    "governor president minister judge dr mr mrs ms prof general mayor senator chief".split()
)
_KIND_AFTER = re.compile(r"\b([A-Z][\w'’-]+) ([a-z]{3,})\b")  # "Tarrow [province]"


@dataclass(frozen=True)
class Asking:
    """What the question names, worked out once: the names an answer must be about, its
    years, names by their initials, each name's kind, and whether a typed value is asked."""

    demands: tuple[str, ...]
    years: frozenset[int]
    short: tuple[tuple[str, str], ...]  # (initials, the name they stand for)
    kinds: tuple[tuple[str, str], ...]  # (name, the common noun after it in the question)
    typed: bool  # a typed slot: the passage around the sentence does not speak for it
    # for a figure: ("line", "9") of "how many on the Line 9 tram" (not for other slots: "was
    # it a Category 5 storm when it hit" is corrected by "a Category 4 system")
    numbered: frozenset[tuple[str, str]] = frozenset()


_NOT_NAMES = STOPWORDS | MONTH_WORDS | MONTH_SET  # "In 12", "March 14", "Sept 25": no things
_NUMBERED = re.compile(r"\b([A-Z][a-z]+)\s+(?:No\.?\s*)?(\d{1,4}[A-Za-z]?)\b")


def numbered(text: str) -> frozenset[tuple[str, str]]:
    """The numbered things a text names ("Line 9", "Shed 7", "Article 41"): a capitalised word
    and a number that is no year and no date ("March 14", "In 2021")."""
    return frozenset(
        (m[1].lower(), m[2])
        for m in _NUMBERED.finditer(text)
        if m[1].lower() not in _NOT_NAMES and not years(m[2])
    )


def another_numbered(asked: frozenset[tuple[str, str]], said: frozenset[tuple[str, str]]) -> bool:
    """Does the text name another number of a numbered thing the question asks about, and not
    the asked one ("Line 4", asked "Line 9")?"""
    return any(w == aw and n != an and (aw, an) not in said for w, n in said for aw, an in asked)


def document_lead(passage: Passage, text_of: dict[str, str]) -> str:
    """What a sentence's document is about: its publisher, title and opening."""
    src = passage.source
    return f"{src.publisher} {src.title} {text_of.get(passage.chunk.doc_id, '')[:LEAD_CHARS]}"


def leaned_on(passage: Passage, span: Span, text_of: dict[str, str], *, it: bool = False) -> str:
    """The sentence's paragraph up to it, when its subject is a pronoun: what "they" names
    ("...rotas for Elmhurst House. They show that agency workers filled 38% of shifts"); with
    `it`, also what "it" names ("It has been run since 2011 by X"), where "it" may be empty
    ("It is unclear whether...")."""
    if not (LEANS_BACK.match(span.text) or (it and _IT.match(span.text))):
        return ""
    return paragraph_before(text_of.get(passage.chunk.doc_id, ""), span.start)


def demanded(question: str, passages: Iterable[Passage], text_of: dict[str, str]) -> list[str]:
    """The question's names an answer must be about: not titles or dates, and not the topic of
    the documents read (a name in the opening of at least TOPIC_SHARE of them)."""
    leads = {p.chunk.doc_id: document_lead(p, text_of).lower() for p in passages}
    out = []
    for name in names(question):
        if name in _TITLES or DATE_WORD.fullmatch(name):
            continue
        if sum(mentions(lead, name) for lead in leads.values()) < TOPIC_SHARE * len(leads):
            out.append(name)
    return out


def named_kinds(question: str) -> tuple[tuple[str, str], ...]:
    """Each name with the common noun the question puts after it ("Tarrow province": tarrow,
    province)."""
    return tuple((m.group(1).lower(), m.group(2)) for m in _KIND_AFTER.finditer(question))


def about_the_question(
    passage: Passage, span: Span, sentence: str, asking: Asking, text_of: dict[str, str]
) -> bool:
    """Is the sentence about the question's own names and not about another year than the
    asked one?"""
    lead = document_lead(passage, text_of)
    read = f"{lead} {leaned_on(passage, span, text_of)} {sentence}"
    read += "" if asking.typed else " " + passage.chunk.text
    about = read.lower() + "".join(f" {i}" for i in spelled_out(read, asking.demands))
    about += "".join(f" {name}" for initials, name in asking.short if initials in about.split())
    about += "".join(f" {name}" for name in _named_by_kind(passage, span, asking, text_of))
    about += "".join(f" {i}" for i in _initials_by_kind(passage, span, asking.demands, text_of))
    stated = years(sentence) or years(passage.chunk.text)
    if asking.years and stated and not asking.years & stated:
        return False
    written = year_of(passage.source.date)
    if asking.years and not stated and written and all(written > y + 1 for y in asking.years):
        return False  # "the 2019 election" and a 2024 text naming no year: its own election
    if another_numbered(asking.numbered, numbered(sentence)):
        return False  # "13 Line 4 passengers" for the passengers of the Line 9 tram
    return sum(mentions(about, n) for n in asking.demands) >= NAME_SHARE * len(asking.demands)


def spelled_out(text: str, demands: Iterable[str]) -> list[str]:
    """The question's initials ("cmta") whose name the text spells out ("the Calloway
    Metropolitan Transit Authority")."""
    return [d for d, _ in _spelled(text, demands)]


def _spelled(text: str, demands: Iterable[str]) -> list[tuple[str, str]]:
    """(initials, the name spelled out) for each of the question's initials the text spells."""
    short = _initials_asked(demands)
    if not short:
        return []
    said = {initials: run for _, _, initials, run in _runs(text, 0, len(text))}
    return [(d, said[d]) for d in short if d in said]


def _initials_asked(demands: Iterable[str]) -> list[str]:
    return [d for d in demands if 2 < len(d) <= 8 and d.isalpha()]


def _runs(text: str, start: int, end: int) -> list[tuple[int, int, str, str]]:
    """The name runs of text[start:end], as that cut has them: (start, end, their initials,
    the run without a leading article)."""
    out = []
    for m in NAME_RUN.finditer(text, start, end):
        run = _ARTICLE.sub("", m.group())
        out.append((m.start(), m.end(), acronym(run).lower(), run))
    return out


_ARTICLE = re.compile(r"^(?:The|A|An|In|On|At)\s+")


@lru_cache(maxsize=32)
def _runs_of(text: str) -> tuple[list[tuple[int, int, str, str]], list[int]]:
    """A document's name runs (`_runs`), read once, with their starts for bisecting: every
    sentence asked about reads the text before it, and a document may be long."""
    runs = _runs(text, 0, len(text))
    return runs, [r[0] for r in runs]


def _spelled_before(text: str, at: int, demands: Iterable[str]) -> list[tuple[str, str]]:
    """`_spelled(text[:at], demands)`, from the document's runs read once: those ending by
    `at`, and the one the cut at `at` shortens read again as the cut has it."""
    short = _initials_asked(demands)
    if not short:
        return []
    runs, starts = _runs_of(text)
    before = runs[: bisect_left(starts, at)]
    if before and before[-1][1] > at:  # a run crossing the cut: read up to it
        before = before[:-1] + _runs(text, before[-1][0], at)
    said = {initials: run for _, _, initials, run in before}
    return [(d, said[d]) for d in short if d in said]


def _initials_by_kind(
    passage: Passage, span: Span, demands: Iterable[str], text_of: dict[str, str]
) -> list[str]:
    """The question's initials the sentence says again by the kind its spelled-out name ends
    in ("the authority" after "the Calloway Metropolitan Transit Authority")."""
    if not re.search(r"\bthe [a-z]", span.text, re.I):
        return []
    return [
        d
        for d, name in _spelled_before(text_of.get(passage.chunk.doc_id, ""), span.start, demands)
        if re.search(rf"\bthe {re.escape(name.split()[-1])}\b", span.text, re.I)
    ]


def _named_by_kind(
    passage: Passage, span: Span, asking: Asking, text_of: dict[str, str]
) -> list[str]:
    """The question's names the sentence says again by their kind ("the province" after its
    document named "Tarrow province"); the document before it is read only when one is."""
    kinds = [
        (name, kind)
        for name, kind in asking.kinds
        if re.search(rf"\bthe {kind}\b", span.text, re.I)
    ]
    if not kinds:
        return []
    before = text_of.get(passage.chunk.doc_id, "")[: span.start].lower()
    return [name for name, _ in kinds if mentions(before, name)]
