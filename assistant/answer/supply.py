"""Does a sentence supply what a question asks for? The sentence side of the answer-type gate.

`need.Need` holds what a question demands of a supplying sentence (worked out once per
question); `supplies` checks one sentence parsed by spaCy:

* a count, sum, share or duration: a number of that kind (dates, times, ages, identifiers
  such as "Route 9" are not counts) that counts the asked noun ("1,310 [patients]") or,
  counting nothing else, stands near the asked noun or verb ("killed 87", "rose to 312");
* who: a person or organisation the question does not name, with the asked role or act
  ("lawyer", "won"); a role owned by someone else ("Assadi's lawyer") does not count;
* when: a date; where: a place; why: a causal marker with the question's terms;
* yes/no and anything else: enough of the question's key terms.

General English only. Entities come from spaCy's small model, which mislabels places as
people now and then; the checks lean on the parse and the words as much as on the labels.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.answer.holders import SUBJECTS, role_of_theirs
from assistant.answer.need import Need
from assistant.answer.slots import FIGURE_SLOTS
from assistant.answer.sums import number_top, paid_for, sums_named
from assistant.answer.values import CURRENCY, TIME_UNIT, none_of, values
from assistant.answer.wording import doings, similar
from assistant.ledger.acts import lemma, object_act, verb_lemma
from assistant.ledger.figures import NUMBER_WORDS
from assistant.ledger.roles import HEADING, HEADS, PERSON_ROLES
from assistant.ledger.words import (
    ACTS,
    DAY_NAMES,
    IMPACT,
    MONTH_NAMES,
    PHYSICAL,
    SAME_THING,
    SUM_NOUNS,
    doers,
    event_of,
    same_act,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_TOTAL = frozenset({"total", "altogether", "overall"})
COVER = 0.5  # share of the question's key terms a sentence must hold (when/where/other)
REASON_COVER = 0.34  # a "why" answer: this share with a causal marker, STRONG_COVER without
STRONG_COVER = 0.6
WINDOW = 8  # tokens between a number and the word it counts
NUMERIC = re.compile(rf"\d|\b(?:{'|'.join(sorted(NUMBER_WORDS))}|no|nobody|none)\b", re.I)
DATE_WORD = re.compile(
    rf"\b(?:{MONTH_NAMES}|{DAY_NAMES}"
    r"|today|yesterday|tonight)\b|\b(?:1[5-9]|20)\d\d\b|\d{4}-\d\d",
    re.I,
)
_PHYSICAL = "|".join(sorted(PHYSICAL, key=len, reverse=True))  # "31 mm [of rain]", "2 kg"
_UNIT = re.compile(
    r"^(?:hectare|acre|(?:kilo|centi|milli)?met(?:re|er)|km|mile|tonne|ton|(?:kilo)?gram|kg"
    rf"|lit(?:re|er)|gallon|barrel|square|percent|per|cent|point|{CURRENCY}|{_PHYSICAL})s?$"
)
_CAUSAL = re.compile(
    r"\b(?:because|due to|as a result|result(?:ed)? (?:of|from)|caus\w*|led to|blam\w*|after"
    r"|following|owing to|so that|in order to|reasons?|trigger\w*|attribut\w*|since|therefore"
    r"|thus|hence|why|withdr[ae]w\w*|amid|over)\b",
    re.I,
)
_LOCATIVE = frozenset("in at near from outside inside into across to".split())
_ALONG = frozenset("on near along".split())
_GENERIC = frozenset(
    """people person individual money amount sum number total figure share percentage
    proportion""".split()
)
_LIGHT_VERBS = frozenset("be have do get give make take include reach total stand".split())
_HOLDING = frozenset("have hold contain include provide comprise offer house feature".split())
_STATES = frozenset("government country state nation administration".split())
_ANYONE = frozenset("people person individual".split())  # counts whoever the act befell
_POPULACE = frozenset("civilian resident inhabitant citizen villager local".split())


def supplies(doc: Doc, need: Need, speaker: str = "", leaned_on: str = "") -> bool:
    """Does the parsed sentence supply the asked slot for the question's own key terms? The
    words of `speaker` (its publisher) count as its own ("our teams" in a charity's report),
    and so do those of what its opening pronoun leans on ("It has been run since 2011 by X")."""
    slot = need.wants.slot
    words = {t.lemma_.lower() for t in doc} | {t.lower_ for t in doc}
    words |= set(re.findall(r"\w+", f"{speaker} {leaned_on}".lower()))
    words |= {w for initials, name in need.short if initials in words for w in name}
    cover = coverage(words, need.terms)
    on_verb = bool(need.verb) and any(_same_verb(w, need.verb) for w in words)
    if slot == "duration" and cover >= COVER:
        return bool(values(doc, slot, need.own, need.currencies))
    if slot in FIGURE_SLOTS:  # a figure of the asked noun done by another act needs context
        held = [anchored(v, doc, need) for v in values(doc, slot, need.own, need.currencies)]
        # the question's own other words: a follow-up's carried topic is no part of what it asks
        rest = tuple(t for t in need.wants.terms if t not in (need.noun, need.verb))
        whole = bool(_TOTAL & need.own)  # "how many ... in total": not those another act took
        if STATED in held or (OTHER_ACT in held and not whole and coverage(words, rest) >= COVER):
            return True
        # "how much business was lost": "$1.8 million in sales", a sum the asked verb names;
        # "how much did the shares fall": "fell 41%"
        others = [s for s in need.wants.figure_slots if s != slot]
        return any(
            supplies(doc, replace(need, noun="", wants=replace(need.wants, slot=s, amount=False)))
            for s in others
        )
    if slot == "reason":
        causal = _CAUSAL.search(doc.text) is not None
        return (causal and cover >= REASON_COVER) or cover >= STRONG_COVER
    if slot == "person_or_org":
        return _names_the_agent(doc, need, words, cover)
    if slot == "yes_no" and not _states_the_act(words, need):
        return False
    if slot == "time":  # a clock time, and the asked event's verb or most of the question
        enough = on_verb or cover >= (STRONG_COVER if _acts(need) else COVER)
        return enough and _states_a_clock_time(doc, need)
    if slot == "date":  # the asked event's verb, or most of the question
        enough = on_verb or cover >= (STRONG_COVER if _acts(need) else COVER)
        return bool(_entities(doc, slot, need)) and enough
    if slot == "place":
        on_focus = on_verb or (bool(need.noun) and any(similar(w, need.noun) for w in words))
        return bool(_entities(doc, slot, need)) and (on_focus or cover >= COVER)
    if need.noun in _PENALTIES and not _states_a_penalty(doc, need):
        return False  # "What sentence did X receive?": "X was charged" names none
    return cover >= COVER


_PENALTIES = frozenset({"sentence", "penalty", "punishment"})
_PENALISING = frozenset({"sentence", "jail", "imprison", "acquit", "fine", "clear"})


def _states_a_penalty(doc: Doc, need: Need) -> bool:
    """Does the sentence give a penalty: a verb that passes one ("was sentenced", "jailed",
    "acquitted"), or a term or a sum the question does not state ("20 years", "a $5,000 fine")?"""
    if any(t.pos_ == "VERB" and t.lemma_.lower() in _PENALISING for t in doc):
        return True
    return bool(values(doc, "duration", need.own) or values(doc, "money", need.own))


def _same_verb(word: str, verb: str) -> bool:
    """Does the word name the asked verb: itself, its act ("died" for "killed"), or an impact
    of the same kind ("struck" for "hit")?"""
    if similar(word, verb) or (same_act(word) == same_act(verb) and same_act(verb) in ACTS):
        return True
    return word in IMPACT and verb in IMPACT


def acts_asked(terms: tuple[str, ...]) -> frozenset[str]:
    """The acts a question's terms name ("die" -> "kill"): a yes-or-no question about an act
    ("did any child die?") is answered by a sentence that names it."""
    return frozenset(same_act(t) for t in terms) & ACTS


def _states_the_act(words: set[str], need: Need) -> bool:
    """Does the sentence name the asked act, in any of its words ("no child died", "there were
    no deaths")? True when the question names none."""
    asked = acts_asked(need.terms)
    return not asked or any(same_act(w) in asked for w in words)


def _acts(need: Need) -> bool:
    """Does the question ask about an act ("destroyed", "reopen"), not a state ("have")?"""
    return bool(need.verb) and need.verb != need.noun


def strength(doc: Doc, need: Need) -> float:
    """How squarely a supplying sentence answers: 1 when it holds the asked noun or verb, 0.5
    when it supplies the slot through the question's other terms only."""
    words = {t.lemma_.lower() for t in doc} | {t.lower_ for t in doc}
    return 1.0 if any(similar(w, x) for x in (need.noun, need.verb) if x for w in words) else 0.5


def _names_the_agent(doc: Doc, need: Need, words: set[str], cover: float) -> bool:
    """A who-answer: someone the question does not name, with the asked role ("who was the
    chief engineer": the sentence says "engineer", not someone else's) or the asked act."""
    found = _entities(doc, "person_or_org", need, people_only=need.noun in PERSON_ROLES)
    if not found or cover < COVER / 2:
        return False  # "which commander led…": a person's name, not an organisation's
    role = need.verb in ("", need.noun)  # "who was X's lawyer": no act, a role
    if role:
        return bool(need.noun) and role_of_theirs(doc, need)
    if any(_names_the_act(t, need.verb) for t in doc):
        return True
    if need.verb in HEADING and _heads_the_target(doc, need.target):
        return True  # "who leads X": "Mirela Dastani, Chief Inspector of X"; "head of the mission"
    # "who refereed the final?": a sentence naming the final's people, but no referee, is not
    # an answer. The other terms do when the question names the kind of agent ("which courts
    # ruled...": "the appeal court's order...") or its verb is light ("who is behind..."); a
    # kind the sentence never names ("which company made the pumps": "Corran Water, which runs
    # the station where the pumps failed") is not enough; a state is named by its place ("the
    # UK delisted it in 2008" names a government)
    named_kind = bool(need.noun) and (
        need.noun in _STATES or any(similar(w, need.noun) for w in words)
    )
    agent_named = named_kind or need.verb in _LIGHT_VERBS
    return agent_named and cover >= STRONG_COVER


def _names_the_act(t: Token, verb: str) -> bool:
    """Does the token name the asked act: the verb, its noun, its doer ("led", "the lead",
    "leader"), not a noun that only looks like it ("commandos" for "commanded")?"""
    word = t.lemma_.lower()
    if not similar(word, verb) and not similar(t.lower_, verb):
        return False
    if t.pos_ == "NOUN" and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in t.children):
        return False  # "the North District command": a body's name, not the act of commanding
    if t.pos_ in ("VERB", "AUX") or word == verb or word in (*doers(verb), *doings(verb)):
        return True
    return same_act(word) != word  # "the death of": an act's noun


def _heads_the_target(doc: Doc, target: str) -> bool:
    """Does the sentence give the head of what the question's verb is done to: "head of the
    mission", "Chief Inspector of the Inspectorate", "the federation's president"?"""
    heads = [t for t in doc if t.lemma_.lower() in HEADS] if target else []
    for t in heads:
        role = t.head if t.dep_ in ("compound", "amod") else t  # "Chief [Inspector] of"
        owners = [c for r in (t, role) for c in r.children if c.dep_ in ("poss", "compound")]
        owners += [o for r in (t, role) for c in r.children if c.lower_ == "of" for o in c.children]
        if any(similar(o.lemma_.lower(), target) for o in owners):
            return True
    return False


def _entities(doc: Doc, slot: str, need: Need, *, people_only: bool = False) -> list[str]:
    """Dates, places, people or organisations in the sentence that the question does not give."""
    labels = {"date": ("DATE",), "place": ("GPE", "LOC", "FAC"), "person_or_org": ("PERSON", "ORG")}
    if people_only:
        labels["person_or_org"] = ("PERSON",)
    wanted = labels[slot] + (("GPE", "NORP") if need.noun in _STATES else ())
    found = [e for e in doc.ents if e.label_ in wanted]
    if slot == "date":
        found = [e for e in found if DATE_WORD.search(e.text)]
    if slot == "place":  # "in Woluwe", whatever label the model gave the name
        found += [e for e in doc.ents if e.start > 0 and doc[e.start - 1].lower_ in _LOCATIVE]
    if slot == "person_or_org":  # "on Veyra Boulevard": a place the recogniser called a body
        found = [e for e in found if not (e.root.dep_ == "pobj" and e.root.head.lower_ in _ALONG)]
    names = [e.text for e in found]
    if slot == "person_or_org" and not people_only:  # a name the recogniser missed, as subject
        names += [
            t.text for t in doc if t.dep_ in SUBJECTS and t.pos_ == "PROPN" and not t.ent_type_
        ]
    return [n for n in names if not _named_in(n, need.own)]


_CLOCK = re.compile(
    r"\b\d{1,2}[.:]\d{2}\s*(?:[ap]\.?m\b\.?)?|\b\d{1,2}\s*[ap]\.?m\b\.?|\b(?:noon|midnight|midday)\b",
    re.I,
)


def _states_a_clock_time(doc: Doc, need: Need) -> bool:
    """Does the sentence give a time of day ("10.40am", "at 1:53", "noon") the question does
    not give?"""
    times = (e.text for e in doc.ents if e.label_ == "TIME" and _CLOCK.search(e.text))
    clocks = (m.group() for m in _CLOCK.finditer(doc.text))
    return any(t.lower() not in need.own for t in (*times, *clocks))


def _named_in(entity: str, own: frozenset[str]) -> bool:
    """Does the question name the entity: all its words, or the name it opens with ("Greyfen
    Catering Services" for a question about "Greyfen")?"""
    words = [w for w in re.findall(r"[\w.,:-]+", entity.lower()) if w not in ("the", "of")]
    return bool(words) and (all(w in own for w in words) or (len(words) > 1 and words[0] in own))


def coverage(words: set[str], terms: tuple[str, ...]) -> float:
    """The share of `terms` found (`similar`) among `words`."""
    if not terms:
        return 0.0
    return sum(any(similar(t, w) for w in words) for t in terms) / len(terms)


STATED, OTHER_ACT, NOT_STATED = "stated", "other act", ""


def anchored(value: Token, doc: Doc, need: Need) -> str:
    """Does the value state the asked measure (STATED)? It counts the asked noun; or it counts
    nothing else and the asked noun stands near it (the asked verb will do when the noun is
    general, "people", or the value is in units, "11,400 hectares"). A sum may name what it
    pays for. OTHER_ACT: it counts the asked noun, but another act does to it ("4,800 ballots
    rejected" for "how many ballots were cast")."""
    nought = none_of(value)
    if nought is not None:  # "no deaths", "no one was killed": nought of the asked noun or act
        return _nought_of(nought, need)
    counted = _counted(value)
    what = counted.lemma_.lower() if counted is not None else ""
    if what == "member" != need.noun and counted is not None:  # "58 members of staff": staff
        staff = [o for p in counted.children if p.lower_ == "of" for o in p.children]
        what = next((o.lemma_.lower() for o in staff if SAME_THING.get(o.lemma_) == "worker"), what)
    units = bool(_UNIT.match(what) or TIME_UNIT.match(what))
    units = units or (counted is not None and counted.ent_type_ == "MONEY")  # "150,000 marks"
    units = units or what in need.currencies  # "412 million dalers"
    what = "" if units else what  # "11,400 hectares", "40 minutes": how much, not of what
    specific = need.noun if need.noun not in _GENERIC else ""
    held = _of_the_noun(counted, what, specific, need) if counted is not None else NOT_STATED
    if held:
        return held
    if need.wants.slot == "money" and what in need.wants.terms:
        return STATED
    sum_of = counted.head if counted is not None and counted.dep_ == "compound" else None
    if need.wants.slot == "money" and units and sum_of and lemma(sum_of) in need.wants.terms:
        return STATED  # "a 214 million-mark contract" for "the value of the contract"
    if need.wants.slot == "money" and _sum_of(value) in need.wants.terms:
        return STATED  # "an emergency fund of €2.5 million" for "how much went into the fund"
    if need.wants.slot == "money" and _COSTS & {specific, need.verb} and paid_for(value):
        return STATED  # "the repair could be done for about $6.2 million": its cost
    if what and what == need.noun and not need.verb and counted is not None:
        # "how many people were inside": a state; "21 people lost their lives" is an act
        return STATED if _act_on(counted) in ("", *_LIGHT_VERBS) else NOT_STATED
    generic = what in _GENERIC and what in need.terms  # "identities of [people]"
    if what and not generic and (specific or (what not in _GENERIC and not need.verb)):
        return NOT_STATED  # it counts something else: "1,100 [firefighters]" for "homes"
    if specific and similar(_subject_of(value), specific):
        return STATED  # "traffic on the bridge rose … to about 47,000": the traffic's figure
    if not what and _done_to(value, need.verb):
        return STATED  # "Of these, 87 were confirmed by testing": the asked act, done to 87
    if need.wants.slot == "money" and _another_sum(value, specific):
        return NOT_STATED  # "puts the damage at $1.4 billion" for "how much compensation"
    whole = need.wants.slot in ("money", "duration")
    near = doc[:] if whole else doc[max(0, value.i - WINDOW) : value.i + WINDOW]
    loose = units or generic or not specific
    anchors = [need.verb, specific] if loose else [specific]
    close = any(
        similar(t.lemma_.lower(), a) or similar(t.lower_, a) or similar(object_act(t), a)
        for t in near
        for a in anchors
        if a
    )
    return STATED if close else NOT_STATED


def _nought_of(nought: Token, need: Need) -> str:
    """STATED when "no" or "none" counts the asked noun or act; OTHER_ACT when another act is
    done to the asked noun ("no hostage was struck" for "how many hostages were released")."""
    named = [x for x in (need.noun, need.verb) if x and x not in _GENERIC]
    said = [nought.lemma_.lower(), "" if nought.pos_ == "VERB" else _act_on(nought)]
    if not any(similar(w, x) for w in said if w for x in named):
        return NOT_STATED
    act, verb = said[1], need.verb if need.verb not in _GENERIC else ""
    if verb and act and not _same_verb(act, verb) and not similar(said[0], verb):
        return OTHER_ACT
    return STATED


def _of_the_noun(counted: Token, what: str, specific: str, need: Need) -> str:
    """STATED when a value counts the asked noun, or what its act names ("a death toll": "20
    soldiers were killed"); OTHER_ACT when another act is done to the noun; else NOT_STATED."""
    if not what or not specific:
        return NOT_STATED
    if same_act(specific) in ACTS and similar(_act_on(counted), specific):
        return STATED
    thing, asked = (SAME_THING.get(w, w) for w in (what, specific))
    named = need.wants.slot == "percentage" and what in need.terms  # "of fine [particle] pollution"
    anyone = what in _ANYONE and specific in _POPULACE  # "23,000 people" may be the civilians
    if not similar(what, specific) and not similar(thing, asked) and not (named or anyone):
        return NOT_STATED  # it counts something else; "620 redundancies" are jobs, staff workers
    if _another_known_act(counted, need.verb):
        return NOT_STATED  # "19 children were admitted to hospital" for "how many died"
    act = _act_on(counted)
    other = act and _acts(need) and not similar(act, need.verb) and act not in _LIGHT_VERBS
    asked_act = event_of(specific, need.verb)
    if other and asked_act in (event_of(what, act), _phrase_act(counted)):
        return STATED  # "1,140 jobs will go" for "how many jobs will be lost"; "left their homes"
    if other and {act, need.verb} <= _HOLDING:
        return STATED  # "the site will provide 2,400 apartments" for "how many will it have"
    if anyone and not similar(what, specific):
        return NOT_STATED if other or not act else STATED  # only by the asked act
    return OTHER_ACT if other else STATED


def _sum_of(value: Token) -> str:
    """The noun a sum is the size of ("a fund [of] €2.5 million": fund), "" when none."""
    node = number_top(value)
    of = node.head if node.dep_ == "pobj" and node.head.lower_ == "of" else None
    return lemma(of.head) if of is not None and of.head.pos_ == "NOUN" else ""


def _phrase_act(counted: Token) -> str:
    """The act the counted noun's verb names with its object ("[people] have left their homes":
    displace), "" when none."""
    verb = counted.head
    acted = counted.dep_ in ("nsubj", "nsubjpass", "dobj") and verb.pos_ == "VERB"
    return object_act(verb) if acted else ""


def _another_known_act(counted: Token, verb: str) -> bool:
    """Does the clause do to the counted noun an act the lexicon knows, other than the asked
    one, itself known ("were made ill", "admitted to hospital" against "died")?"""
    head = counted.head
    if counted.dep_ not in ("nsubj", "nsubjpass", "dobj") or head.pos_ != "VERB":
        return False
    done, asked = same_act(verb_lemma(head)), same_act(verb)
    return done in ACTS and asked in ACTS and done != asked


def _subject_of(value: Token) -> str:
    """The subject of the verb a value is the level of ("traffic rose to 47,000", "the toll
    stood at 87"), "" when it is not one."""
    node = number_top(value)
    if node.dep_ == "pobj" and node.head.lower_ in ("to", "at", "from", "by", "of"):
        node = node.head
    verb = node.head
    if verb.pos_ not in ("VERB", "AUX") or node.dep_ not in ("prep", "dobj", "attr", "npadvmod"):
        return ""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject.lemma_.lower() if subject is not None else ""


_COSTS = frozenset("cost price bill expense fee charge spending".split())


def _another_sum(value: Token, asked: str) -> bool:
    """Does the sum name itself (or, naming none, do the sentence's other sums name
    themselves) as another sum than the asked one: "$3.2 billion in damage" when compensation
    is asked?"""
    sums = sums_named(value) if asked in SUM_NOUNS else set()
    return bool(sums) and not any(similar(w, asked) for w in sums)


def _act_on(noun: Token) -> str:
    """The verb done to or by a counted noun ("rejected [ballots]", "[homes] destroyed"; "visited
    two rooms and nine [stations]")."""
    while noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN"):
        noun = noun.head
    if noun.dep_ in ("dobj", "nsubj", "nsubjpass") and noun.head.pos_ == "VERB":
        return noun.head.lemma_.lower()
    acts = [c for c in noun.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"]
    return acts[0].lemma_.lower() if acts else ""


def _done_to(value: Token, verb: str) -> bool:
    """Is a number with no noun of its own the subject or object of the asked verb (not a light
    one): "87 were confirmed", "we have sent 120 of them home"?"""
    node = number_top(value)
    head = node.head
    acted = node.dep_ in ("nsubj", "nsubjpass", "dobj") and head.pos_ == "VERB"
    return acted and bool(verb) and verb not in _LIGHT_VERBS and similar(head.lemma_.lower(), verb)


def _counted(value: Token) -> Token | None:
    """The noun a number counts ("1,310 [patients]", "1.2 million [litres]"), if any."""
    node = number_top(value)
    if node.dep_ in ("nummod", "quantmod", "amod", "compound", "nmod") and node.head.pos_ in (
        "NOUN",
        "PROPN",
    ):
        return node.head
    for child in node.children:
        if child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj" and c.pos_ != "PRON"]
            return objects[0] if objects else None  # "120 of them": no noun of its own
    return None


def years(text: str) -> set[int]:
    """The years a text names ("2017-18" names 2017 and 2018)."""
    out = set()
    for m in re.finditer(r"\b((?:1[5-9]|20)\d\d)(?:[-–/](\d\d))?\b", text):
        out.add(int(m.group(1)))
        if m.group(2):
            out.add(int(m.group(1)[:2] + m.group(2)))
    return out


def mentions(text: str, name: str) -> bool:
    """Does lower-case `text` mention the name (by its first five letters: "Iran" ~ "Iranian")?"""
    stem = re.escape(name[:5] if len(name) > 5 else name)
    return re.search(rf"\b{stem}", text) is not None
