"""When a figure is: the years its own clause names ("the work lasted 14 months, from May 2016
to July 2017"), read from the dependency parse, so that figures of different periods are not
taken for one quantity (`grouping`)."""

from __future__ import annotations

import re

from spacy.tokens import Token

from assistant.ledger.words import REPORTING_LEMMAS

_YEAR = re.compile(r"(?:19|20)\d\d")


def _clause_head(t: Token) -> Token:
    """The verb heading the clause a token sits in (or the sentence root)."""
    for _ in range(32):
        if t.pos_ in ("VERB", "AUX") or t.head.i == t.i:
            return t
        t = t.head
    return t


def _after_determiner(t: Token) -> bool:
    """'the 2019 protests': a year, where '2020 people' is a count."""
    return t.i > 0 and t.doc[t.i - 1].dep_ in ("det", "poss")


def _in_brackets(t: Token) -> bool:
    """'(Interior Minister X, 30 May 2020)': a date in brackets dates the source, not the
    figure."""
    before = t.doc[t.sent.start : t.i].text
    return before.count("(") > before.count(")")


def clause_years(root: Token | None, start: int, end: int) -> tuple[int, int] | None:
    """The first and last year named in the clause of the figure headed by `root`
    (`measures.figure_root`; the figure is doc.text[start:end]): "the
    work lasted 14 months, from May 2016 to July 2017" -> (2016, 2017); None when it names
    none. A year in another clause ("X, which built it in 2017, said it would cost…"), in a
    clause that only reports the figure, or counting a plural noun ("2020 people") is not the
    figure's."""
    if root is None:
        return None
    head = _clause_head(root)
    if head.lemma_.lower() in REPORTING_LEMMAS:
        return None  # "X gave a figure of 230 deaths on 1 June 2020": when it was said
    years = [
        int(t.text)
        for t in head.subtree
        if _YEAR.fullmatch(t.text)
        and not (start <= t.idx < end)
        and not (t.dep_ == "nummod" and t.head.tag_ == "NNS" and not _after_determiner(t))
        and _clause_head(t).i == head.i
        and not _in_brackets(t)
    ]
    return (min(years), max(years)) if years else None
