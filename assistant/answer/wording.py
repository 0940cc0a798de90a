"""When two words name the same thing for the answer-type gate: the same word, a closed
compound of it, the doer of a verb, the measure an adjective asks, one act's words."""

from __future__ import annotations

from assistant.ledger.words import ACTS, DIMENSION, doers, same_act


def similar(a: str, b: str) -> bool:
    """Same word, same first five letters, a closed compound of it ("dockworker" for
    "worker"), the doer of a verb ("leader" for "lead"), its doing ("ruling"), the measure an
    adjective asks ("depth" for "deep"), or one act's words (`SAME_ACT`: "die", "death",
    "kill"; "detain", "arrest")."""
    if a == b or (len(a) >= 5 and len(b) >= 5 and a[:5] == b[:5]):
        return True
    short, long = sorted((a, b), key=len)
    if len(short) >= 5 and long.endswith(short):
        return True
    if len(short) >= 3 and long in doers(short):
        return True
    if len(short) >= 3 and long in doings(short):
        return True  # "ruling" for "rule"
    if DIMENSION.get(a) == b or DIMENSION.get(b) == a:
        return True
    return same_act(a) == same_act(b) and same_act(a) in ACTS


def doings(verb: str) -> tuple[str, ...]:
    """The doing of a verb: "rule" -> "ruling"."""
    return (verb + "ing", verb.removesuffix("e") + "ing")
