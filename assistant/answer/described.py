"""The asked thing as a noun phrase, in the question's own words, for a reply that names
what the documents do not give: "How many ballots were rejected?" -> "the number of ballots
that were rejected"; and the question's shape that the phrase and `asked` both read (where its
question word is, where its first question ends, whether it asks "who was [the X]")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.corpus.inflect import PAST, THIRD_PERSON, verb_form
from assistant.corpus.nlp import parse_remembered

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

WH = frozenset("how what when where which who whom whose why whether".split())
INVERTED = frozenset("do does did is are was were am has have had can could will would".split())
INVERTED |= {"shall", "should", "may", "might", "must"}
_TRUE = frozenset("true right correct so".split())
_NP = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM", "PART", "ADV"})


def wh_index(doc: Doc) -> int | None:
    return next((t.i for t in doc if t.lower_ in WH), None)


def second_question_at(doc: Doc, i: int | None) -> int | None:
    """Where a second question joins the first (the "," or "and" before it: "When did X start,
    and how many...", "How many were arrested and how many were charged?"), or None."""
    if i is None:
        return None
    for t in doc[i + 2 :]:
        nxt = doc[t.i + 1].lower_ if t.i + 1 < len(doc) else ""
        joins = nxt in WH or (nxt == "and" and t.text == ",")
        if t.lower_ in (",", "and") and joins:
            return t.i
    return None


def first_question(doc: Doc, i: int | None) -> list[Token]:
    """The words of the first question of several ("When did X start, and how many...")."""
    end = second_question_at(doc, i)
    out = [t for t in doc[:end] if not t.is_punct or t.i < len(doc) - 1]
    while out and out[-1].text == ",":
        out.pop()
    return out


def copular(rest: list[Token]) -> bool:
    """ "who was the chief engineer", not "who is leading" or "what is X demanding"."""
    if len(rest) < 2 or rest[0].lemma_ != "be" or rest[0].dep_ in ("aux", "auxpass"):
        return False  # "what is X demanding after the fire": "is" helps the verb
    starts = rest[1].pos_ in ("DET", "NOUN", "PROPN", "PRON", "NUM", "ADJ")
    return starts and rest[-1].tag_ not in ("VBG", "VBN")


def describe(doc: Doc, slot: str, head: Token | None, pred: Token | None) -> str:
    """The asked thing as a noun phrase, for "The documents do not give <phrase>."."""
    i = wh_index(doc)
    words = first_question(doc, i)
    if i is None:
        words = _main_clause(words)
        return f"an answer to whether {_declarative(words, pred)}" if words else ""
    wh = doc[i].lower_
    rest = [t for t in words if t.i > i]
    if len(rest) > 1 and rest[0].lower_ == "and" and rest[1].lower_ in WH:
        rest = rest[2:]  # "when and where was..."
    if wh == "how" and rest:
        return _how(doc[:i], rest, slot, pred)
    noun = _np(rest) if rest and rest[0].pos_ in ("NOUN", "PROPN", "ADJ") else []
    if wh == "whose" and noun:
        after = _declarative(rest[len(noun) :], pred)
        return _tidy(f"the name of the person or organisation whose {_text(noun)} {after}")
    if wh in ("what", "which") and noun:
        return _with_noun(noun, rest[len(noun) :], slot, pred, doc[:i])
    if wh in ("what", "who") and copular(rest) and slot != "reason":
        return _copula(rest[1:], slot)
    if wh == "what" and slot == "reason" and rest and rest[0].pos_ == "VERB":  # "what caused…"
        infinitive = any(t.lower_ == "to" and t.pos_ == "PART" for t in rest)
        caused = rest[2:] if len(rest) > 2 and rest[1].lower_ == "to" else rest[1:]  # "led to"
        return _tidy(
            f"an answer to what {_text(rest)}" if infinitive else f"the cause of {_text(caused)}"
        )
    lead = {
        "when": "the date",
        "where": "the place where",
        "why": "the reason",
        "who": "the name of the person or organisation that",
        "whom": "the name of the person or organisation",
    }.get(wh, f"an answer to {wh}")
    return _tidy(f"{lead} {_declarative(rest, pred)}")


def _main_clause(words: list[Token]) -> list[Token]:
    """The yes/no question after a clause that leads it ("Given that X, should everyone get a
    refund?" -> "should everyone get a refund"), its "not" dropped after the auxiliary: whether
    they should not is the same question as whether they should."""
    cut = max(
        (k + 1 for k, t in enumerate(words[:-1]) if t.text == "," and _asks(words[k + 1 :])),
        default=0,
    )
    words = words[cut:]
    if len(words) > 2 and words[0].lower_ in INVERTED and words[1].lower_ in ("n't", "not"):
        words = [words[0], *words[2:]]
    said = [t.lower_ for t in words[:3]]
    if len(words) > 3 and said[0] in ("is", "was") and said[1] == "it" and said[2] in _TRUE:
        words = words[4:] if words[3].lower_ == "that" else words[3:]  # "is it true (that) X"
    return words


def _asks(words: list[Token]) -> bool:
    """Do the words open a yes/no question: an auxiliary, its "not", then a subject?"""
    if words[0].lower_ not in INVERTED:
        return False
    return _inverted(words) or (len(words) > 2 and words[1].lower_ in ("n't", "not"))


def statement(aux: str, clause: str) -> str:
    """The clause a question inverted around `aux`, as a statement: ("did", "the city close
    the centres") -> "the city closed the centres", ("was", "the bridge closed") -> "the bridge
    was closed"; the clause as it is when the parse finds no subject and verb to put back."""
    words = list(parse_remembered([f"{aux} {clause}"])[0])
    while words and words[-1].text in "?.!":
        words.pop()
    if not _inverted(words):
        return clause
    verb = _split_verb(words, None)
    if words[0].lemma_ == "do" and (verb is None or verb.pos_ not in ("VERB", "AUX")):
        return clause  # "did the strike last six weeks": no verb the parser is sure of
    return _declarative(words, None)


def _how(pre: Span, rest: list[Token], slot: str, pred: Token | None) -> str:
    """ "how many / much / long / old / far ..." as a noun phrase."""
    first = rest[0].lower_
    if first in ("many", "much"):
        phrase = _how_many(rest[1:], slot, pred, first == "many")
        prep = [t.lower_ for t in pre if t.pos_ == "ADP"]
        if prep and " that " not in phrase:  # "in how many cities did...": "... in which ..."
            noun = _text(_np(rest[1:]))
            at = len(noun.split()) + 3 if noun else 2
            words = phrase.split()
            return " ".join([*words[:at], prep[-1], "which", *words[at:]])
        return phrase
    if first == "long":
        return _tidy("the length of time " + _declarative(rest[1:], pred))
    if first == "old" and copular(rest[1:]):
        return _tidy("the age of " + _text(rest[2:]))
    if rest[0].pos_ in ("ADJ", "ADV"):
        return _tidy(f"an answer to how {first} {_declarative(rest[1:], pred)}")
    return _tidy(f"an answer to how {_declarative(rest, pred)}")


def _how_many(rest: list[Token], slot: str, pred: Token | None, many: bool) -> str:
    noun = _np(rest)
    after = rest[len(noun) :]
    if not noun:  # "how much did the doses cost", "how much did they spend on..."
        if pred is not None and pred.lemma_.lower() == "cost":
            subject = [t for t in after[1:] if t.i < pred.i]
            return _tidy("the cost of " + _text(subject))
        return _tidy("the amount " + _declarative(after, pred))
    thing = _text(noun).removeprefix("of ")
    kind = "the number of" if many else "the amount of"
    return _tidy(f"{kind} {thing} {_relative(after, pred)}")


def _with_noun(
    noun: list[Token], after: list[Token], slot: str, pred: Token | None, pre: Span
) -> str:
    """ "which company owns...", "what share of the vote did X win", "in which city..." """
    thing = _text(noun)
    prep = " ".join(t.lower_ for t in pre if t.pos_ == "ADP")
    if prep:  # "in which city did...": "the city in which ..."
        return _tidy(f"the {thing} {prep} which {_declarative(after, pred)}")
    if slot == "person_or_org":
        return _tidy(f"the name of the {thing} {_relative(after, pred)}")
    return _tidy(f"the {thing} {_relative(after, pred)}")


def _copula(rest: list[Token], slot: str) -> str:
    """ "who was the chief engineer" -> "the name of the chief engineer"."""
    text = _text(rest)
    if slot == "person_or_org":  # "what is the name of X": already a name
        named = re.match(r"the names? of ", text)
        return _tidy(text if named else f"the name of {text}")
    starts = text.split()[:1]
    return _tidy(text if starts in (["the"], ["a"], ["an"]) else f"an answer to what is {text}")


def _np(tokens: list[Token]) -> list[Token]:
    """The noun phrase at the start of `tokens` ("people", "districts of Calvera Province",
    "the water samples tested by the researchers")."""
    out: list[Token] = []
    skip_to = -1
    for t in tokens:
        if t.i <= skip_to:
            continue
        if t.dep_ in ("acl", "prep") and out and t.head in out and t.lower_ != "of":
            sub = [x for x in t.subtree if x.i >= t.i]
            out += sub
            skip_to = max(x.i for x in sub)
            continue
        if t.pos_ in _NP or t.lower_ == "of" or t.text in ("-", "'", "’"):
            if t.pos_ == "ADV" and not out:
                break
            out.append(t)
            continue
        break
    while out and (out[-1].lower_ == "of" or out[-1].pos_ in ("ADV", "DET")):
        out.pop()
    return out if any(t.pos_ in ("NOUN", "PROPN") for t in out) else []


def _inverted(tokens: list[Token]) -> bool:
    """Does the clause open with an auxiliary before its subject ("did the party...")?"""
    return (
        len(tokens) > 1
        and tokens[0].lower_ in INVERTED
        and tokens[1].pos_ in ("DET", "NOUN", "PROPN", "PRON", "NUM", "ADJ")
    )


def _relative(after: list[Token], pred: Token | None) -> str:
    """The rest of the question as a relative clause of the asked noun."""
    if not after:
        return ""
    clause = _declarative(after, pred)
    return clause if _inverted(after) else f"that {clause}"


def _declarative(tokens: list[Token], pred: Token | None) -> str:
    """The clause with subject-auxiliary inversion undone ("did the party win" -> "the party
    won", "has the outbreak reached" -> "the outbreak has reached")."""
    if not _inverted(tokens):
        return _text(tokens)
    first = tokens[0]
    be_subject = next((c for c in first.children if c.dep_ == "nsubj"), None)
    if first.lemma_ == "be" and be_subject is not None:
        before = [t for t in tokens[1:] if t.i <= be_subject.i]  # "was the trust right not to pay"
        rest = _text(tokens[len(before) + 1 :])
        return " ".join(x for x in (_text(before), first.lower_, rest) if x)
    verb = _split_verb(tokens, pred)
    if verb is None:
        return _text(tokens)
    subject = [t for t in tokens[1:] if t.i < verb.i]
    tail = [t for t in tokens if t.i > verb.i]
    if first.lower_ in ("do", "does", "did"):
        head = inflect(verb.lemma_.lower(), first.lower_)
    else:
        head = f"{first.lower_} {verb.text}"
    return " ".join(x for x in (_text(subject), head, _text(tail)) if x)


_CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "conj", "xcomp", "aux", "auxpass", "advcl"})


def _split_verb(tokens: list[Token], pred: Token | None) -> Token | None:
    """The verb that follows the inverted subject: a clause verb, the predicate, a lower-case
    word right after a name ("did Germany [extradite]"), or the word before a preposition."""
    rest = tokens[2:]
    for t in rest:
        if t.pos_ in ("VERB", "AUX") and t.dep_ in _CLAUSE_DEPS:
            return t
    if pred is not None and pred in rest:
        return pred
    for prev, t in zip(tokens[1:], rest, strict=False):
        if prev.pos_ == "PROPN" and t.text.islower() and t.pos_ in ("NOUN", "VERB", "ADJ"):
            return t
    last = None
    for t in rest:
        if (t.pos_ == "ADP" and t.lower_ != "of") or t.is_punct:
            break
        last = t
    if last is not None and (last.pos_ in ("NOUN", "VERB") or tokens[0].lemma_ == "do"):
        return last  # "did the strike last": after "did" there is a verb, whatever its tag
    return None


def _tidy(text: str) -> str:
    return re.sub(r"\s+([,'’])(?!\w)", r"\1", re.sub(r"\s+", " ", text)).strip()


def _text(tokens: list[Token] | Span) -> str:
    return "".join(t.text_with_ws for t in tokens).strip()


def inflect(lemma: str, aux: str) -> str:
    """The verb as the auxiliary's tense asks: "did" -> past, "does" -> third person."""
    if aux == "do":
        return lemma
    return verb_form(lemma, THIRD_PERSON if aux == "does" else PAST)
