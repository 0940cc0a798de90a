"""What a sum in a parsed sentence is called, and what it pays for: "$3.2 billion in damage",
"puts the damage at $1.4 billion", "could be done for $6.2 million". Read from spaCy's parse,
for the answer-type gate (`supply`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.ledger.words import SUM_NOUNS

if TYPE_CHECKING:
    from spacy.tokens import Token


def number_top(value: Token) -> Token:
    """The top of a number phrase: "1.2 [million]" for the 1.2 of "1.2 million"."""
    node = value
    while node.head is not node and node.head.like_num and node.dep_ != "ROOT":
        node = node.head
    return node


def sums_named(value: Token) -> set[str]:
    """What the sum is called; when the words around it name none, what the sentence's other
    sums are called ("puts the damage at $1.4 billion, while the survey found $3.2 billion")."""
    return _names(value) or {
        w for t in value.doc if t.like_num and t.i != value.i for w in _names(t)
    }


def _names(value: Token) -> set[str]:
    """What a sum is called by the words around it: "in damage", "put the damage at", "the
    cost is"."""
    node = number_top(value)
    named = [c for p in node.children if p.lower_ == "in" for c in p.children if c.dep_ == "pobj"]
    if node.dep_ == "pobj" and node.head.lower_ == "at":
        named += [c for c in node.head.head.children if c.dep_ == "dobj"]  # put X at N
    if node.dep_ in ("attr", "acomp") and node.head.lemma_ == "be":
        named += [c for c in node.head.children if c.dep_ == "nsubj"]  # X is N
    return {n.lemma_.lower() for n in named} & SUM_NOUNS


def paid_for(value: Token) -> bool:
    """Is the sum what something is done for ("done for $6.2 million", "sold for $40")?"""
    node = number_top(value)
    return node.dep_ == "pobj" and node.head.lower_ == "for" and node.head.head.pos_ == "VERB"
