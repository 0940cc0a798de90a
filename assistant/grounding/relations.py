"""Who did what to whom: a generated sentence's relations must be its quote's.

`check_support` makes sure every number and name of a sentence is in the passage it cites; it
cannot see that "the EU represented Zarif" reverses "Zarif spoke at the forum the EU skipped",
or that "the court annulled the treaty" turns "the court rejected the request to annul the
treaty" upside down. Here both texts are parsed (spaCy, `corpus.nlp`) into relations: a verb
with the words of its subject and object (passives turned active), and whether it is negated
("did not", or under "rejected / denied / dismissed / refused"). Every relation of the sentence
needs a relation of the quote with the same act (`ledger.measures.same_act`; reporting verbs
are one act), subject and object not contradicting, and the same polarity.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.corpus.nlp import parse_remembered
from assistant.ledger.words import same_act

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_CONTENT = frozenset({"NOUN", "PROPN", "NUM", "ADJ"})
_SAYING = "say"  # every verb of saying is one act: "reported" paraphrases "said"
_SAYS = frozenset("say report announce state tell write add note claim allege".split())
# one act, two polarities: "confirmed the figure" is contradicted by "dismissed the figure"
_AFFIRM = "affirm"
_AFFIRMS = frozenset("confirm accept approve uphold admit acknowledge endorse verify".split())
_DENIES = frozenset("deny dismiss reject refute dispute".split())
# a verb under one of these is denied, not asserted: "rejected the request to annul"
_DENYING = _DENIES | frozenset("refuse fail decline contest oppose block".split())
_LIGHT = frozenset("be have do get make take become seem accord".split())


@dataclass(frozen=True)
class Relation:
    act: str
    subject: frozenset[str]
    object: frozenset[str]
    negated: bool
    text: str  # the verb as written, for the reason shown
    agent_names: frozenset[str] = frozenset()  # the proper nouns of the subject
    head: str = ""  # the subject's head word: "ministry" in "Iran's Ministry of Information"


def _act(verb: Token) -> str:
    lemma = verb.lemma_.lower()
    if lemma in _SAYS:
        return _SAYING
    return _AFFIRM if lemma in _AFFIRMS | _DENIES else same_act(lemma)


def _names(words: frozenset[str], head: Token | None) -> frozenset[str]:
    if head is None:
        return frozenset()
    return frozenset(t.lemma_.lower() for t in head.subtree if t.pos_ == "PROPN") & words


def _words(head: Token | None) -> frozenset[str]:
    if head is None:
        return frozenset()
    return frozenset(t.lemma_.lower() for t in head.subtree if t.pos_ in _CONTENT)


def _child(verb: Token, deps: Iterable[str]) -> Token | None:
    wanted = tuple(deps)
    return next((c for c in verb.children if c.dep_ in wanted), None)


def _agent(verb: Token) -> Token | None:
    by = _child(verb, ("agent",))
    return _child(by, ("pobj",)) if by is not None else None


def _negated(verb: Token) -> bool:
    flips = verb.lemma_.lower() in _DENIES
    if any(c.dep_ == "neg" for c in verb.children):
        return not flips
    t = verb
    for _ in range(6):  # up through "the request to annul", "refused to confirm"
        if t.dep_ not in ("xcomp", "acl", "ccomp", "pobj", "prep", "dobj") or t.head.i == t.i:
            return flips
        t = t.head
        if t.pos_ == "VERB" and t.lemma_.lower() in _DENYING:
            return not flips
    return flips


def relations(doc: Doc) -> list[Relation]:
    """Each content verb of a parsed text with its subject and object words."""
    out = []
    for verb in doc:
        if verb.pos_ != "VERB" or verb.lemma_.lower() in _LIGHT:
            continue
        passive = _child(verb, ("nsubjpass",))
        subject = _agent(verb) if passive is not None else _child(verb, ("nsubj",))
        obj = passive if passive is not None else _child(verb, ("dobj", "attr"))
        words = _words(subject)
        head = subject.lemma_.lower() if subject is not None else ""
        rel = Relation(
            _act(verb), words, _words(obj), _negated(verb), verb.text, _names(words, subject), head
        )
        out.append(rel)
    return out


def _fits(a: frozenset[str], b: frozenset[str]) -> bool:
    return not a or not b or bool(a & b)


def _same_subject(claim: Relation, quote: Relation) -> bool:
    """Subjects that do not contradict: one missing, or one's head word among the other's words
    (sharing only a modifier, "Iran's council" and "Iran's ministry", is not enough)."""
    if not claim.subject or not quote.subject:
        return True
    return claim.head in quote.subject or quote.head in claim.subject


def _matches(claim: Relation, quote: Relation) -> bool:
    return (
        claim.act == quote.act
        and claim.negated == quote.negated
        and _same_subject(claim, quote)
        and _fits(claim.object, quote.object)
    )


def unsupported_relation(sentence: str, quotes: Sequence[str]) -> str:
    """Why the sentence's relations contradict its quotes' ("" when none does). A verb the
    quotes do not use at all passes (a paraphrase: numbers and names are checked elsewhere);
    the same act with the opposite polarity, its roles reversed, or another named agent fails.
    """
    docs = parse_remembered([sentence, *quotes])  # a lead mended is checked against them again
    stated = [r for d in docs[1:] for r in relations(d)]
    for claim in relations(docs[0]):
        same = [q for q in stated if q.act == claim.act]
        if not same or any(_matches(claim, q) for q in same):
            continue
        if claim.act == _SAYING:  # who said it: only a speaker turned listener is caught
            if all(_reversed(claim, q) for q in same):
                return f'the quote has "{claim.text}" the other way round'
            continue
        if all(q.negated != claim.negated for q in same):
            return f'the quote says the opposite of "{claim.text}"'
        if any(_reversed(claim, q) for q in same):
            return f'the quote has "{claim.text}" the other way round'
        if all(_other_agent(claim, q) for q in same):
            return f'the quote says someone else "{claim.text}"'
    return ""


def _reversed(claim: Relation, quote: Relation) -> bool:
    return bool(claim.subject & quote.object) and not claim.subject & quote.subject


def _other_agent(claim: Relation, quote: Relation) -> bool:
    if not (claim.agent_names and quote.agent_names):
        return False
    return not _same_subject(claim, quote) or not claim.agent_names & (quote.subject | quote.object)
