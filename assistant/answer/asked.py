"""What a question asks for: the kind of answer (its slot), its own key terms, the quantity a
figure question measures, and the asked thing in the question's words.

    >>> asked("How many ballots were rejected?")
    Asked(slot='count', terms=('ballot', 'reject'), measure=('ballot', 'reject'),
          phrase='the number of ballots that were rejected')

The slot comes from the question words (`slots`: "how many", "who", "what caused"...);
lemmas, the asked noun and its verb come from spaCy's parse of the question (one short parse,
cached). General English only: nothing here knows a topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from assistant.answer.described import INVERTED, WH, copular, describe, first_question, wh_index
from assistant.answer.slots import ACCORDING, FIGURE_SLOTS, asked_voice, clean, slot_of
from assistant.corpus.nlp import parse, to_infinitive
from assistant.ledger.words import CHANGES, SAME_ACT

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


@dataclass(frozen=True)
class Asked:
    slot: str  # one of SLOTS
    terms: tuple[str, ...]  # the question's own key terms: lower-case lemmas, names kept
    measure: tuple[str, ...]  # figure slots: the asked quantity's head noun and its verb
    phrase: str  # the asked thing as a noun phrase: "the number of ballots that were rejected"
    amount: bool = False  # "how much [business] was lost": a sum of money will answer it too

    @property
    def figure_slots(self) -> tuple[str, ...]:
        """The slots whose figures answer it: "how much" of a thing may be answered in money,
        and how much it changed by a share ("how much did the shares fall": "fell 41%")."""
        if not (self.amount and self.slot == "count"):
            return (self.slot,)
        changed = any(w in CHANGES for w in (*self.measure, *self.terms))
        return (self.slot, "money", "percentage") if changed else (self.slot, "money")


_HOW = frozenset("long old far much many often".split())  # "how long": the question word
_LIGHT = frozenset("be have do get become remain stay seem accord".split())
_REPORTING = frozenset("say tell report claim state announce estimate put".split())
_GIVEN_CLAUSE = re.compile(
    r"^(?:now that|given that|given|since|seeing that|considering that|after)\s+[^,?]{8,}?,\s*",
    re.I,
)
_WH_OR_AUX = re.compile(
    rf"(?:how|what|which|who|whom|whose|when|where|why|{'|'.join(INVERTED)})\b", re.I
)
_MODIFIER_DEPS = frozenset({"amod", "acl", "relcl", "compound", "advcl"})  # "when it [happened]"


def asked(question: str) -> Asked:
    """What `question` asks for (see the module docstring)."""
    return _read(question)[0]


def focus(question: str) -> tuple[str, str]:
    """The lemmas of the asked noun and of its verb, whatever the slot ("company", "own");
    "" when the question has none."""
    return _read(question)[1]


def names(question: str) -> tuple[str, ...]:
    """The question's proper names, lower-case, one word each ("calder", "wharf")."""
    return _read(question)[2]


@lru_cache(maxsize=512)
def _read(question: str) -> tuple[Asked, tuple[str, str], tuple[str, ...]]:
    text = clean(question)
    according = ACCORDING.match(text)
    body = text[according.end() :] if according else text
    given = _GIVEN_CLAUSE.match(body)  # "Now that X, will Y?": Y is what is asked
    body = body[given.end() :] if given and _WH_OR_AUX.match(body[given.end() :]) else body
    slot = slot_of(body)
    doc = parse(body + "?")
    head = asked_noun(doc)
    i = wh_index(doc)
    copula = i is not None and copular([t for t in doc[i + 1 :] if not t.is_punct])
    pred = None if copula else predicate(doc, head)  # "who was the chief engineer": no act
    noun, verb = (t.lemma_.lower() if t is not None else "" for t in (head, pred))
    verb = _state_made(pred) or _phrasal(pred) or _role_taken(pred) or verb  # "made homeless"
    part = _part_asked(doc)  # "how many of the victims were [children]": children are counted
    noun, verb = (part.lemma_.lower(), "") if part is not None else (noun, verb)
    if verb in _REPORTING | {"give"} and asked_voice(text):
        verb = _qualifying_verb(head)  # "what toll does X give": X's figure, no act of giving
    phrase = describe(doc, slot, head, pred)
    if according and phrase:
        phrase += f", according to {according.group(1)}"
    whole = parse(text) if body != text else doc
    found = [t.text.lower().removesuffix("'s").rstrip("'’") for t in whole if t.pos_ == "PROPN"]
    proper = tuple(dict.fromkeys(w for w in found if len(w) > 1))
    measure = tuple(dict.fromkeys(w for w in (noun, verb) if w)) if slot in FIGURE_SLOTS else ()
    # "how much [business] was lost", "what figure did X give for sales lost": a sum will do
    amount = re.search(r"\bhow much\b", text, re.I) is not None or _any_figure(doc)
    return Asked(slot, key_terms(whole), measure, phrase, amount), (noun, verb), proper


def _part_asked(doc: Doc) -> Token | None:
    """The noun that names the part a question counts of a whole: "how many of the victims
    were [children]", "how many of those arrested were [minors]"; None for any other shape."""
    many = next((t for t in doc if t.lower_ in ("many", "much") and t.i > 0), None)
    if many is None or doc[many.i - 1].lower_ != "how" or many.head.lemma_ != "be":
        return None
    if not any(c.lower_ == "of" for c in many.children):
        return None
    parts = [c for c in many.head.children if c.dep_ in ("attr", "nsubj") and c.pos_ == "NOUN"]
    return parts[0] if parts and parts[0].i > many.i else None


_MAKING = frozenset("make leave render fall become get go".split())


def _phrasal(pred: Token | None) -> str:
    """A verb and its particle that name an act together ("turned out" -> "turn out", "laid
    off" -> "lay off"); "" when there is none."""
    particle = next((c for c in pred.children if c.dep_ == "prt"), None) if pred else None
    both = f"{pred.lemma_.lower()} {particle.lower_}" if pred and particle else ""
    return both if both in SAME_ACT else ""


_APPOINTING = frozenset("appoint name choose select pick nominate hire elect tap ask".split())


def _role_taken(pred: Token | None) -> str:
    """The role someone was put in, named by its verb: "who was appointed to chair the
    inquiry" asks who chairs it, whether a sentence says "chaired by X" or "X will chair"."""
    if pred is None or pred.lemma_.lower() not in _APPOINTING:
        return ""
    role = next(  # "to chair" may be read as a noun: "to" still makes it the role's verb
        (c for c in pred.children if c.dep_ in ("xcomp", "advcl") and to_infinitive(c)), None
    )
    return role.lemma_.lower() if role is not None else ""


def _state_made(pred: Token | None) -> str:
    """The state a light verb brings about, named by its complement: "were made homeless"
    -> "homeless", "fell ill" -> "ill"; "" when there is none."""
    if pred is None or pred.lemma_.lower() not in _MAKING:
        return ""
    state = next((c for c in pred.children if _complement(c)), None)
    return state.lemma_.lower() if state is not None else ""


def _complement(c: Token) -> bool:
    """An adjective completing a light verb; "ill" of "fell ill" parses as an adverb."""
    adjective = c.dep_ in ("acomp", "oprd", "xcomp") and c.pos_ == "ADJ"
    return adjective or (c.dep_ == "advmod" and c.lower_ in SAME_ACT)


def key_terms(doc: Doc) -> tuple[str, ...]:
    """Lower-case lemmas of the content words, names as written, in order, no repeats."""
    out: list[str] = []
    for t in doc:
        if t.pos_ == "PROPN":
            term = t.text.lower().removesuffix("'s").removesuffix("’s").rstrip("'’")
        elif t.pos_ in ("NOUN", "VERB", "ADJ", "NUM", "ADV") and not t.is_stop:
            term = t.lemma_.lower()
        else:
            continue
        dropped = term in WH or term in _LIGHT or term in _HOW
        if term and not dropped and len(term) > 1 and term not in out:
            out.append(term)
    return tuple(out)


def asked_noun(doc: Doc) -> Token | None:
    """The noun a question asks about: "how many [people]", "what [share] of", "which
    [company]", "who was the chief [engineer]" (for share, number, toll...: what it counts)."""
    i = wh_index(doc)
    if i is None:
        return None
    rest = [t for t in doc[i + 1 :] if not t.is_punct]
    window = rest[:5]
    if doc[i].lower_ in ("who", "what") and copular(rest):
        window = rest[1:6]  # "who was [the chief engineer]"
    elif doc[i].lower_ == "how" and len(rest) > 1 and copular(rest[1:]):
        window = rest[2:7]  # "how much is [the one-off payment]"
    for t in window:
        if _hyphened(t) and t.dep_ not in ("nsubj", "nsubjpass", "attr", "acomp", "dobj", "pobj"):
            continue  # "the one-off payment": a modifier of the noun ("Director-General": one)
        if t.pos_ in ("AUX", "VERB", "ADP", "PUNCT", "PRON") and t.lower_ != "of":
            if t.dep_ == "poss":  # "how many of [their] patients"
                continue
            if t.dep_ == "amod" and t.head.pos_ == "NOUN" and t.head.i > t.i:
                continue  # "its [managing] director", "the [presiding] judge"
            return None
        if t.pos_ in ("NOUN", "PROPN") and t.lower_ not in ("many", "much"):
            noun = _counted_noun(t)
            if not any(c.dep_ == "case" for c in noun.children):  # "Saadouni['s] lawyer"
                return noun
    return None


def _hyphened(t: Token) -> bool:
    """Is the token one part of a hyphened word ("one-off", "long-term")?"""
    doc = t.doc
    before = t.i > 0 and doc[t.i - 1].text == "-" and not doc[t.i - 1].whitespace_
    after = t.i + 1 < len(doc) and doc[t.i + 1].text == "-" and not t.whitespace_
    return before or after


def _counted_noun(t: Token) -> Token:
    head = t
    while head.dep_ == "compound" and head.head.pos_ in ("NOUN", "PROPN"):
        head = head.head
    if head.lemma_.lower() not in _OF_NOUNS:
        return head
    of = [c for c in head.children if c.lower_ == "of"]
    objects = [c for c in of[0].children if c.dep_ == "pobj"] if of else []
    modifiers = [c for c in head.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
    if not (objects or modifiers) and head.lemma_.lower() in _ANY_FIGURE:
        target = _figure_for(head)  # "what figure did X give for [sales] lost"
        return _counted_noun(target) if target is not None else head
    return (objects or modifiers or [head])[0]  # "number of [people]", "[death] toll"


def _figure_for(figure: Token) -> Token | None:
    """What a figure is given for: "what figure did X give for [sales] lost"."""
    fors = [c for c in figure.head.children if c.lower_ == "for" and c.i > figure.i]
    return next((o for f in fors for o in f.children if o.dep_ == "pobj"), None)


def _qualifying_verb(noun: Token | None) -> str:
    """The verb that qualifies the asked noun after it ("sales [lost] by X"), "" for none."""
    acts = [c for c in noun.children if c.dep_ == "acl" and c.pos_ == "VERB"] if noun else []
    return acts[0].lemma_.lower() if acts else ""


def _any_figure(doc: Doc) -> bool:
    """Does the question ask "what figure" or "what estimate": a quantity of any kind?"""
    return any(
        t.lemma_.lower() in _ANY_FIGURE and any(c.lower_ in ("what", "which") for c in t.children)
        for t in doc
    )


_ANY_FIGURE = frozenset({"figure", "estimate"})  # the asked noun names no kind of quantity
_OF_NOUNS = frozenset(
    "share percentage percent proportion fraction number amount total majority toll tally "
    "figure count name".split()  # "the name of [the inmate]": who holds it is asked
)


def predicate(doc: Doc, head: Token | None) -> Token | None:
    """The verb of the asked thing: its governing verb, the root verb, the first verb after
    an inverted auxiliary, or the word after an inverted subject ("did the party [win]")."""
    first = first_question(doc, wh_index(doc))  # "How long did X last, and how long...?"
    end = first[-1].i + 1 if first else len(doc)
    candidates: list[Token] = []
    if head is not None and head.dep_ in ("nsubj", "nsubjpass", "dobj"):
        candidates.append(head.head)
    inverted = next((t for t in doc if t.lower_ in INVERTED), None)
    if inverted is not None and inverted.dep_ == "aux" and inverted.head.pos_ == "VERB":
        candidates.append(inverted.head)  # "how much did X [fall] on the day Y came out"
    candidates += [t for t in doc if t.dep_ == "ROOT"]
    after = list(doc[inverted.i + 1 : end]) if inverted is not None else []
    candidates += [t for t in after if t.pos_ == "VERB" and t.dep_ not in _MODIFIER_DEPS]
    for t in (t for t in candidates if t.i < end):
        if t.i > 0 and t.text[:1].isupper():
            continue  # "When will Route 9 reopen": a name the tagger took for a verb
        if inverted is not None and t.i == inverted.i:
            continue  # "how many workers [did] X say...": the auxiliary, tagged as the verb
        if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in _LIGHT:
            complement = [c for c in t.children if c.dep_ in ("acomp", "xcomp")]
            if complement and complement[0].i > t.i:
                return complement[0]
        elif t.pos_ == "VERB" or (t.pos_ == "ADJ" and t.dep_ == "ROOT"):
            return _through(t)  # "how much money is [unaccounted] for": an adjective's state
    # "did the strike [last]": after "did" comes a verb, whatever its tag, when none is tagged
    after_do = inverted is not None and inverted.lemma_ == "do"
    after_do = after_do and not any(t.pos_ in ("VERB", "AUX") for t in after)
    prev: Token | None = None
    for t in after:  # up to a preposition, or the end of the (first) question
        if (t.pos_ == "ADP" and t.lower_ != "of") or (t.is_punct and t.text != "-"):
            break
        prev = t
    if prev is not None and (prev.pos_ in ("NOUN", "VERB") or prev.dep_ == "acomp" or after_do):
        return prev
    return None


def _through(verb: Token) -> Token:
    """A reporting verb's reported verb ("does it say its volunteers [counted]")."""
    if verb.lemma_.lower() in _REPORTING:
        inner = [c for c in verb.children if c.dep_ == "ccomp" and c.pos_ == "VERB"]
        inner.sort(key=lambda c: c.i < verb.i)  # what it says follows it ("did X [say] joined")
        if inner:
            return inner[0]
    if verb.lemma_.lower() in _INTENDING:  # "when is she expected to [publish]"
        inner = [c for c in verb.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")]
        return inner[0] if inner else verb
    return verb


_INTENDING = frozenset("expect plan schedule intend due set hope aim".split())
