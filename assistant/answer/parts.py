"""A question of several parts, as questions of their own: "How many people were evacuated,
and how many were still in shelters?" asks two things, and each is quoted for what it asks.

The second part borrows what it leaves out from the first: the counted noun ("how many
[people] were still in shelters") and, when it leans on the first ("how many of them were
charged"), the first part's key terms, the way a follow-up borrows from an earlier turn."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.answer.described import second_question_at, wh_index
from assistant.answer.extractive import Extract
from assistant.answer.followup import rewrite_deterministic
from assistant.corpus.nlp import parse_remembered
from assistant.types import Citation, Turn

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

_HOW_MUCH = ("many", "much")
_BORROWED = re.compile(r"\s(\([^()]*\))\s*$")


def question_parts(question: str) -> tuple[str, ...]:
    """The question's parts, each a question; the question alone when it asks one thing (or a
    part has no verb of its own: "Which body certified the results, and when?")."""
    borrowed = _BORROWED.search(question)  # a follow-up's topic, made standalone: both parts'
    asks = question[: borrowed.start()] if borrowed else question
    doc = parse_remembered([asks])[0]
    cut = second_question_at(doc, wh_index(doc))
    if cut is None:
        return (question,)
    first, second = doc[:cut], doc[cut + 1 :]
    while len(second) and second[0].lower_ in (",", "and"):
        second = second[1:]
    if not (_is_a_clause(first) and _is_a_clause(second)):
        return (question,)
    opening = f"{first.text.rstrip(' ,?')}?"
    asked = _with_the_counted_noun(second, first)
    asked = rewrite_deterministic(asked[:1].upper() + asked[1:], (Turn(opening, ""),))
    topic = f" {borrowed.group(1)}" if borrowed else ""
    return opening + topic, asked + topic


def joined(extracts: Sequence[Extract]) -> Extract:
    """One answer from its parts' answers: each answered part's quotes, each quote once, and
    for a part left unanswered, what it asks ("The documents do not give..."). When no part
    is answered, the first part's reply stands for the question."""
    if len(extracts) == 1 or not any(e.answered for e in extracts):
        return extracts[0]
    lines: list[str] = []
    citations: list[Citation] = []
    for e in extracts:
        said = e.text.split("\n") if e.answered else e.text.split("\n")[:1]
        lines += [line for line in said if line not in lines]
        citations += [c for c in e.citations if e.answered and c not in citations]
    best = max(e.best_support for e in extracts)
    return Extract("\n".join(lines), tuple(citations), True, best)


def _is_a_clause(words: Span) -> bool:
    """A verb and something it is said of ("How many suspected and how many confirmed cases"
    is one question)."""
    verb = any(t.pos_ in ("VERB", "AUX") for t in words)
    return verb and any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in words)


def _with_the_counted_noun(second: Span, first: Span) -> str:
    """ "how many were still in shelters" after "how many people were evacuated": "how many
    people were still in shelters" (only when the second part names no noun of its own)."""
    text = second.text
    if len(second) < 3 or second[0].lower_ != "how" or second[1].lower_ not in _HOW_MUCH:
        return text
    if second[2].pos_ not in ("AUX", "VERB"):
        return text  # "how many of them", "how many homes": its own words
    noun = _counted_noun(first)
    if not noun:
        return text
    return f"{second[:2].text} {noun} {second[2:].text}"


def _counted_noun(first: Span) -> str:
    """The words "how many" / "how much" count in the first part ("people", "money"), or ""."""
    doc: Doc = first.doc
    for t in first[:-2]:
        if t.lower_ == "how" and doc[t.i + 1].lower_ in _HOW_MUCH:
            words = []
            for w in doc[t.i + 2 : first.end]:
                if w.pos_ not in ("NOUN", "ADJ", "PROPN"):
                    break
                words.append(w.text)
            return " ".join(words)
    return ""
