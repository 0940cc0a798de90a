"""What a question demands of a sentence that answers it, worked out once per question
(`need_of`): the asked slot and terms (`asked`), the asked noun and its verb, the question's
own words, its names of several words by their initials, and the currencies of the documents
an answer reads. `supply.supplies` checks a sentence against it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from assistant.answer.asked import Asked, focus
from assistant.answer.slots import CARRIED
from assistant.corpus.nlp import parse_remembered
from assistant.ledger.affiliation import acronym
from assistant.ledger.currencies import currencies_named
from assistant.store.lexical import tokenize

OWN_TERMS = 5  # a follow-up with this many key terms of its own needs no topic carried in


@dataclass(frozen=True)
class Need:
    """What a supplying sentence must hold, worked out once per question."""

    wants: Asked
    noun: str  # lemma of the asked noun ("patient", "lawyer", "company"), "" if none
    verb: str  # lemma of its verb ("treat", "own"), "" if none
    own: frozenset[str]  # the question's own words: a value it states is no answer
    terms: tuple[str, ...]  # its key terms, with the topic a follow-up carries from the chat
    owned: bool = False  # the asked role has an owner in the question ("the union's lawyer")
    # the question's names of several words by their initials: ("tdwu", ("tessaly", "dock", ...))
    short: tuple[tuple[str, tuple[str, ...]], ...] = ()
    currencies: frozenset[str] = frozenset()  # money the documents read name in words ("dalers")
    target: str = ""  # lemma of what the asked verb is done to ("who led [the mission]"), or ""

    def paying_in(self, texts: Iterable[str]) -> Need:
        """This need, with the currencies the texts name in words (`currencies_named`)."""
        return replace(self, currencies=frozenset().union(*map(currencies_named, set(texts))))


def need_of(question: str, wants: Asked) -> Need:
    """What a sentence must hold to answer `question` (with the topic a follow-up carries)."""
    noun, verb = focus(question)
    context = CARRIED.search(question)
    carried = tuple(tokenize(context.group())) if context else ()
    own = frozenset(w.lower().strip(".,:-") for w in re.findall(r"[\w.,:-]+", question))
    short = short_names(question)
    own |= {w.removesuffix("'s").removesuffix("’s") for w in own} | set(short)
    owned = bool(noun) and re.search(rf"['’]s (?:\w+ )?{noun}|\b{noun}s? of\b", question.lower())
    aliases = tuple((initials, tuple(re.findall(r"\w+", name))) for initials, name in short.items())
    # the topic carried from the chat stands in for terms the follow-up lacks, not beside them
    terms = wants.terms + (carried if len(wants.terms) < OWN_TERMS else ())
    target = _object_of(question, verb)
    return Need(wants, noun, verb, own, terms, bool(owned), aliases, target=target)


def _object_of(question: str, verb: str) -> str:
    """The lemma of the direct object of the asked verb ("who leads [the Inspectorate]")."""
    if not verb:
        return ""
    doc = parse_remembered([question])[0]
    done = [c for t in doc if t.lemma_.lower() == verb for c in t.children if c.dep_ == "dobj"]
    return done[0].lemma_.lower() if done else ""


NAME_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:(?:of|the|and|for)\s+)*[A-Z][\w'’-]*)+")
_OWNED = re.compile(r"['’]s\s+(.+)$")  # the name after an owner's: "X's [National ... Office]"


@lru_cache(maxsize=512)  # asked of one question by the ranking, the gate and its need
def short_names(question: str) -> dict[str, str]:
    """The question's names of several words by their initials: "National Students' Union of
    Carvessa" -> {"nsuc": "national students' union of carvessa"}, so that a sentence saying
    "NSUC president Mira Solenko" is about it. An owner's name before the name is left out too
    ("Oraluna's National Disaster Management Office" is also "ndmo")."""
    runs = [m.group() for m in NAME_RUN.finditer(question)]
    runs += [m.group(1) for run in runs for m in [_OWNED.search(run)] if m]
    return {acronym(run): run.lower() for run in runs if len(acronym(run)) >= 3}  # not "us"
