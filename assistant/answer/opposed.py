"""Sentences that oppose a claim by its act or its count (see `answer.contradicts`):

* `opposite_act`: the claim's doer does the opposite act, not negated ("The assembly rejected
  the request" against "the assembly approved the petition");
* `affirms_denied`: the claim denies an act ("police never fired a single live round at
  civilians") and the sentence states that act, not denied ("police fired live ammunition at
  unarmed people");
* `for_a_time`: the claim says for good ("has permanently closed the quarry") and the sentence
  bounds it in time ("suspended all blasting at the quarry for 30 days");
* `part_only`: the claim says every one ("every school in Karsk was closed", "every one of the
  87 people detained was charged") and the sentence counts only some of them ("Of the city's
  231 schools and kindergartens, 142 closed"; "Of those detained, 23 have been charged").

General English only: quantifier words, pairs of opposite acts, the parse's negations, and the
act names the ledger already reads ("died" and "killed" name one act).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.answer.terms import act_terms, content_terms
from assistant.corpus.nlp import parse_remembered
from assistant.corpus.sentences import without_dateline

if TYPE_CHECKING:
    from spacy.tokens import Token

PART_SHARED = 2  # claim words or numbers a sentence counting a part must share with it
_EVERY = re.compile(r"\b(?:every|all|each|entire|whole)\b(?!\s+but\b)", re.I)
_COUNT = r"(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|half|most"
_COUNT += r"|several|some|a few|a third|a quarter|a minority|a fraction)"
_PART = re.compile(  # "142 of the 231 schools", "five out of the twelve", "Of those detained, 23"
    rf"\b{_COUNT}\s+(?:out\s+)?of\s+(?:the|its|their|those|these|them|our|all|\d)"
    rf"|^of\s+(?:the|those|these|its|their|our)\b[^.;]*?,\s*{_COUNT}\b",
    re.I,
)
_NUMBER = re.compile(r"\d[\d,.]*")
_FOREVER = re.compile(r"\b(?:permanent(?:ly)?|for good|forever|indefinite(?:ly)?|for ever)\b", re.I)
_A_TIME = re.compile(
    r"\bfor\s+(?:an?\s+(?:initial\s+|further\s+)?period\s+of\s+|up\s+to\s+|another\s+)?"
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|a few|several)\s+"
    r"(?:hours?|days?|weeks?|months?|years?)\b|\btemporar(?:y|ily)\b",
    re.I,
)
_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj"})
_NONE = frozenset({"no", "none", "nobody", "nothing", "never", "not", "n't"})


def part_only(claim: str, sentence: str) -> bool:
    """Does the sentence count only part of what the claim says all of?"""
    if not _EVERY.search(claim) or not _PART.search(without_dateline(sentence)):
        return False
    words = act_terms(content_terms(claim)) & act_terms(content_terms(sentence))
    numbers = set(_NUMBER.findall(claim)) & set(_NUMBER.findall(sentence))
    return len(words) + len(numbers) >= PART_SHARED


def for_a_time(claim: str, sentence: str) -> bool:
    """Does the sentence bound in time what the claim says is for good, naming a thing the
    claim names ("the suspension of all blasting at the Idrisk quarry for 30 days" against
    "the governor has permanently closed the Idrisk quarry")?"""
    if not _FOREVER.search(claim) or _FOREVER.search(sentence) or not _A_TIME.search(sentence):
        return False
    return bool(content_terms(claim) & content_terms(sentence))


def affirms_denied(claim: str, sentence: str) -> bool:
    """Does the sentence state, not denied, an act the claim denies, with a word of the claim
    beside the act ("rounds were fired from positions east of the village" against "forces
    never fired a single round at Lesk")?"""
    claim_doc, doc = parse_remembered([claim, without_dateline(sentence)])
    denied = [t for t in claim_doc if t.pos_ == "VERB" and _verb_denied(t)]
    if not denied:
        return False
    acts = act_terms(content_terms(" ".join(t.text for t in denied)))
    rest = act_terms(content_terms(claim)) - acts
    for verb in doc:
        if verb.pos_ != "VERB" or _verb_denied(verb):
            continue
        if not act_terms(content_terms(verb.text)) & acts:
            continue
        around = " ".join(t.text for t in verb.subtree)
        if act_terms(content_terms(around)) & rest:
            return True
    return False


def _verb_denied(verb: Token) -> bool:
    """Is the verb denied: "not", "never", or "no" / "not a single" on its subject or object?"""
    for child in verb.children:
        if child.dep_ == "neg" or child.lower_ in _NONE:
            return True
        marks = [child, *(d for d in child.children if d.dep_ in ("det", "neg", "advmod"))]
        if child.dep_ in _ARGUMENTS and any(m.lower_ in _NONE for m in marks):
            return True
    return False


_OPPOSITES = (  # acts that undo or refuse one another, in general English
    ("approve", "reject refuse deny block veto"),
    ("accept", "reject refuse decline"),
    ("confirm", "deny refute"),
    ("admit", "deny"),
    ("win", "lose"),
    ("pass", "reject"),
    ("open", "close shut"),
    ("allow", "ban forbid prohibit block"),
    ("permit", "ban forbid prohibit block"),
    ("support", "oppose"),
    ("include", "exclude"),
    ("rise", "fall drop decline"),
    ("increase", "decrease reduce cut"),
    ("raise", "lower cut"),
    ("convict", "acquit clear"),
    ("charge", "release clear"),
    ("arrest", "release free"),
    ("resign", "remain stay"),
    ("agree", "refuse disagree"),
    ("succeed", "fail"),
)


def _both_ways(pairs: tuple[tuple[str, str], ...]) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for act, others in pairs:
        for other in others.split():
            out.setdefault(act, set()).add(other)
            out.setdefault(other, set()).add(act)
    return {act: frozenset(others) for act, others in out.items()}


OPPOSITE = _both_ways(_OPPOSITES)


def opposite_act(claim: str, sentence: str) -> bool:
    """Does the sentence give the claim's doer (a word of its subject) the opposite act, not
    negated: "The assembly rejected the request" against "the assembly approved the
    petition"?"""
    claim_doc, doc = parse_remembered([claim, without_dateline(sentence)])
    acts = {
        t.lemma_.lower(): _subject_words(t)
        for t in claim_doc
        if t.pos_ == "VERB" and not _verb_denied(t)
    }
    for t in doc:
        if t.pos_ != "VERB" or _verb_denied(t):
            continue
        undone = [acts[a] for a in OPPOSITE.get(t.lemma_.lower(), ()) if a in acts]
        if any(words and words & _subject_words(t) for words in undone):
            return True
    return False


def _subject_words(verb: Token) -> set[str]:
    """The content words of the verb's subject (of its passive subject's "by" too)."""
    said = [
        w.text
        for c in verb.children
        if c.dep_ in ("nsubj", "nsubjpass", "agent")
        for w in c.subtree
        if w.pos_ in ("NOUN", "PROPN")
    ]
    return content_terms(" ".join(said))
