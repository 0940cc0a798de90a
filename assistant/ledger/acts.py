"""The act that counts a noun, read from the parse around it: "people killed", "were
arrested", "evacuated 14,200 people", "the death toll", "640 cases of illness", "people whose
homes collapsed", "registered as homeless". An act is named once (`words.SAME_ACT`: "died",
"deaths", "fatalities" are "kill"), so two sentences counting one event in other words meet.
General English only: grammar and a few synonym sets, never names or topics.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from assistant.ledger.words import (
    ACTS,
    AMOUNT_ACTS,
    AREA_ACTS,
    CHANGES,
    DESTROYING,
    FIGURE_NOUNS,
    GATHERINGS,
    IMPACT,
    NEUTRAL,
    PARTICLES,
    PHYSICAL,
    PROJECTING,
    RECORD_ACTS,
    REPORTING_LEMMAS,
    SAME_ACT,
    SAME_THING,
    SCALE_NOUNS,
    SPEED_ACTS,
    same_act,
    thing_does,
)


def lemma(t: Token) -> str:
    return t.lemma_.lower()


def on_a_scale(root: Token) -> bool:
    """Is the number a point a scale was set to ("raised its alert level from 3 to 4", "the
    level stays at 5"): after "to", "from" or "at", just after the scale's noun?"""
    if root.dep_ != "pobj" or root.head.lower_ not in ("to", "from", "at"):
        return False
    return any(lemma(t) in SCALE_NOUNS for t in root.doc[max(0, root.i - 5) : root.i])


def projected(root: Token) -> bool:
    """Is the figure what was foreseen rather than what happened: the object of a verb that
    projects ("the agreement assumed 48,000 vehicles a day", "the 48,000 the contract
    promised") or held by a noun that does ("a forecast of 48,000")?"""
    t, steps = root, 0
    while steps < 4 and t.head.i != t.i:
        t, steps = t.head, steps + 1
        if lemma(t) in PROJECTING:
            return True
        if t.pos_ in ("VERB", "AUX"):
            break
    return any(c.dep_ in ("relcl", "acl") and lemma(c) in PROJECTING for c in root.children)


def child(t: Token, deps: Sequence[str]) -> Token | None:
    """The first child with one of `deps`, in the order of `deps`."""
    children = list(t.children)
    return next((c for d in deps for c in children if c.dep_ == d), None)


def verb_lemma(verb: Token) -> str:
    """A verb with its particle or fixed object: 'walk out', 'take part', 'lose lives'."""
    named = named_by_cause(verb) or state_as(verb) or among_them(verb) or not_found(verb)
    if named:
        return named
    named = object_act(verb)  # "lost their lives", "drove from"
    if named:
        return named
    for c in _reach(verb):
        obj = child(c, ("pobj",)) if c.dep_ == "prep" else None
        phrases = [f"{lemma(verb)} {c.lower_} {w}" for w in _forms(obj)]
        phrase = next((p for p in phrases if p in SAME_ACT), "")
        if phrase:
            return SAME_ACT[phrase]  # "go on strike", "treated for injuries"
        if (
            c.dep_ in ("acomp", "oprd", "xcomp", "advmod")
            and f"{lemma(verb)} {c.lower_}" in SAME_ACT
        ):
            return SAME_ACT[f"{lemma(verb)} {c.lower_}"]  # "fell ill", "were made ill"
        particle = c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ in PARTICLES)
        if particle or (c.dep_ == "dobj" and c.lower_ == "part"):
            return SAME_ACT.get(f"{lemma(verb)} {c.lower_}", f"{lemma(verb)} {c.lower_}")
    if _held(verb):
        return SAME_ACT["detain"]  # "nine journalists were being held"
    return lemma(verb)


def _held(verb: Token) -> bool:
    """Is the verb "held" said of who is held ("nine journalists were being held"), not of an
    event held ("three meetings were held")?"""
    subject = child(verb, ("nsubjpass",)) if lemma(verb) == "hold" else None
    if any(c.lower_ in _HELD_CAPTIVE for c in verb.children):
        return False  # "held inside the building", "held hostage", "held against their will"
    return subject is not None and lemma(subject) not in GATHERINGS


_HELD_CAPTIVE = frozenset("inside hostage hostages captive against".split())


def object_act(verb: Token) -> str:
    """The act a verb names with its object or preposition ("receive a payment": pay, "lost
    their lives": kill, "drove [them] from"); "" when none."""
    phrases = (f"{lemma(verb)} {lemma(c)}" for c in _reach(verb) if c.dep_ in ("dobj", "prep"))
    return next((SAME_ACT[p] for p in phrases if p in SAME_ACT), "")


def _reach(verb: Token) -> list[Token]:
    """A verb's children, and the phrases the parser hung on its agent that belong to the verb:
    "were treated by paramedics [for injuries]"."""
    agents = [child(c, ("pobj",)) for c in verb.children if c.dep_ == "agent"]
    stray = [p for a in agents if a is not None for p in a.children if p.dep_ == "prep"]
    return [*verb.children, *stray]


def _forms(t: Token | None) -> tuple[str, ...]:
    """A word as written and as its lemma ("injuries", "injury"); none for no word."""
    return () if t is None else (t.lower_, lemma(t))


def named_by_cause(verb: Token) -> str:
    """The act an impact names by its cause: 'were affected by illness' -> sicken."""
    if lemma(verb) not in IMPACT:
        return ""
    for c in verb.children:
        cause = child(c, ("pobj",)) if c.dep_ in ("agent", "prep") and c.lower_ == "by" else None
        if cause is not None and SAME_ACT.get(lemma(cause)):
            return SAME_ACT[lemma(cause)]
    return ""


def state_as(verb: Token) -> str:
    """The state a neutral verb files its object under: 'registered as homeless', 'listed as
    missing' -> displace, miss."""
    if lemma(verb) not in NEUTRAL:
        return ""
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "as":
            state = child(c, ("pobj", "pcomp", "amod", "acomp"))
            named = state and (SAME_ACT.get(state.lower_) or SAME_ACT.get(lemma(state)))
            if named:
                return named
    return ""


def among_them(verb: Token) -> str:
    """The state a copula files its subject under: 'two of our members were among the dead'
    -> kill, 'are among the missing' -> miss."""
    if lemma(verb) not in ("be", "remain"):
        return ""
    for c in verb.children:
        state = child(c, ("pobj",)) if c.dep_ == "prep" and c.lower_ == "among" else None
        if state is not None:
            return SAME_ACT.get(state.lower_) or SAME_ACT.get(lemma(state), "")
    return ""


UNFOUND = frozenset("find locate trace account see hear recover identify".split())


def not_found(verb: Token) -> str:
    """People who 'have not been found / accounted for / seen' are missing."""
    negated = any(c.dep_ == "neg" for c in verb.children)
    return "miss" if negated and lemma(verb) in UNFOUND else ""


def home_lost(clause: Token) -> str:
    """The act of 'people whose homes collapsed / were destroyed': they lost their homes."""
    subject = child(clause, ("nsubj", "nsubjpass"))
    if subject is None or lemma(clause) not in DESTROYING:
        return ""
    if not any(c.lower_ == "whose" for c in subject.children):
        return ""
    return SAME_ACT.get(f"lose {SAME_THING.get(lemma(subject), lemma(subject))}", "")


def of_object(t: Token) -> Token | None:
    """'12 of the 40 seats' -> seats; 'the number of ballots' -> ballots."""
    for prep in t.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            obj = child(prep, ("pobj",))
            if obj is not None:
                return obj
    return None


def named_stuff(of: Token) -> tuple[str, ...]:
    """What an amount is of, every noun of its name: "310 tonnes of ammonium nitrate" is of
    ammonium and nitrate (a parse that cuts the name after its first word still meets it)."""
    words = [c for c in of.children if c.dep_ == "compound"] + [of]
    return tuple(sorted({lemma(w) for w in words}))


def _done_to(unit: Token) -> Token | None:
    """The stuff a participle put at an amount is said of: "put the weight of dead fish
    collected at 38 tonnes" (the parse hangs "at 38 tonnes" on "collected") is of fish."""
    at = unit.head if unit.dep_ == "pobj" and unit.head.lower_ == "at" else None
    verb = at.head if at is not None else None
    return verb.head if verb is not None and verb.dep_ == "acl" else None


def said_to_be(unit: Token) -> Token | None:
    """What a copula says an amount is of: "the volume of coolant released was 6,000 litres"
    is of coolant (the "of" object of the subject), or None."""
    if unit.dep_ != "attr" or lemma(unit.head) != "be":
        return None
    subject = child(unit.head, ("nsubj",))
    return of_object(subject) if subject is not None else None


def act_of(noun: Token) -> str:
    """The verb or participle counting a noun, strongest first: 'ballots rejected', 'were
    arrested' / 'evacuated 14,200 people', 'rejected ballots' / 'death toll', 'people who
    were killed'; '' when none (or only a neutral verb). An act the noun names with its
    verb is that event: 'jobs that will go' are jobs cut."""
    act = _act_of(noun)
    return thing_does(lemma(noun), act) if act else act


def event_act(noun: Token) -> str:
    """The act of a counted noun that names an event, when a reporting verb counts it, is
    the event ("attributed 11 deaths to the storm": deaths); otherwise `act_of`."""
    found = act_of(noun)
    own = SAME_ACT.get(lemma(noun), "")
    return own if own and found in REPORTING_LEMMAS else (found or own)


def _act_of(noun: Token) -> str:
    children = list(noun.children)
    head = noun.head
    if head.dep_ in ("aux", "auxpass") and head.head.pos_ == "VERB":
        head = head.head  # "320 beds are currently closed": the subject hung on "are"
    clause = head.pos_ in ("VERB", "AUX")
    verb_act = verb_lemma(head) if clause else ""
    # "gave 92,400 doses" hands them out; "gives an attendance of 38,212" reports one
    handed = verb_act == "give" and noun.dep_ == "dobj" and not SAME_ACT.get(lemma(noun))
    verb_act = "" if verb_act in NEUTRAL and not handed else verb_act
    if verb_act and noun.dep_ in ("nsubj", "nsubjpass"):  # "910 people detained ... were
        return verb_act  # released": what the clause says of them
    named = of_act(noun)  # "640 cases of illness linked to the outbreak"
    if named:
        return named
    if verb_act and noun.dep_ == "dobj" and same_act(verb_act) in ACTS:
        return verb_act  # "released 150 persons held in…": what a known act does to them
    for c in children:
        if c.dep_ == "acl" and c.tag_ == "VBN" and verb_lemma(c) not in NEUTRAL:
            return verb_lemma(c)  # "27 people admitted to hospital" ("admit" alone reports)
    if noun.dep_ in ("nsubj", "nsubjpass", "dobj", "conj") and clause:
        if verb_act:
            return verb_act
        xcomp = child(head, ("xcomp", "acomp", "oprd"))
        near = xcomp is not None and any(c.lower_ in ("to", "than") for c in xcomp.children)
        if xcomp is not None and lemma(xcomp) not in NEUTRAL and not near:
            return lemma(xcomp)  # "were found dead", "remain missing"; not "is closer to 75"
    for c in children:
        if c.dep_ == "amod" and c.tag_ in ("VBN", "VBD") and lemma(c) not in NEUTRAL:
            return lemma(c)
        if c.dep_ in ("amod", "compound") and (SAME_ACT.get(c.lower_) or SAME_ACT.get(lemma(c))):
            return lemma(c)
    if noun.dep_ == "pobj" and noun.head.dep_ == "agent" and noun.head.head.pos_ == "VERB":
        return verb_lemma(noun.head.head)  # "signed by 212 judges": as "212 judges signed"
    named = compound_act(noun) or act_in(noun) or record_at(noun)  # "hospital admissions",
    if named:  # "infection in 58", "put the toll at 12,700 cattle"
        return named
    said = said_of(noun)
    if said:
        return said
    for c in children:
        if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB" and verb_lemma(c) not in NEUTRAL:
            return home_lost(c) or _known_of_joined(c)  # "people ... who were admitted to…"
    return ""


def _known_of_joined(verb: Token) -> str:
    """The verb's act, or the known act of a verb joined to it when its own is none ("soldiers
    who left their bases or took part in the operation": taking part)."""
    own = verb_lemma(verb)
    if same_act(own) in ACTS:
        return own
    joined = [verb_lemma(c) for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    return next((j for j in joined if same_act(j) in ACTS), own)


_BELIEVING = frozenset("believe think fear suspect understand".split())


def said_of(noun: Token) -> str:
    """The act a relative clause reports of the noun (or of the number counting it): "two of
    its members [it says are missing]", "40 workers it believes were killed"; "" for none."""
    number = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else None
    holders = [noun, *([number] if number is not None and number.pos_ == "NUM" else [])]
    for c in (c for h in holders for c in h.children if c.dep_ == "relcl"):
        said = child(c, ("ccomp",)) if verb_lemma(c) in NEUTRAL | _BELIEVING else None
        if said is not None and said.pos_ == "VERB" and verb_lemma(said) not in NEUTRAL:
            return verb_lemma(said)
    return ""


def of_act(noun: Token) -> str:
    """The act named by what a noun is a case of: '640 cases of illness' -> sicken."""
    of = of_object(noun)
    return SAME_ACT.get(lemma(of), "") if of is not None else ""


def act_in(noun: Token) -> str:
    """The act named by the noun the counted noun sits in: 'infection in 58 people'."""
    if noun.dep_ != "pobj" or noun.head.lower_ not in ("in", "among"):
        return ""
    holder = noun.head.head  # "infection in", or "confirmed [infection] in" (a verb's object)
    if holder.pos_ in ("VERB", "AUX"):
        holder = child(holder, ("dobj",)) or holder
    return SAME_ACT.get(lemma(holder), "") if holder.pos_ == "NOUN" else ""


def record_at(noun: Token) -> str:
    """The act named by the record a verb puts at the counted noun: "put the toll at 12,700
    cattle" (the dead), "put the injury count at 40 people"."""
    if noun.dep_ != "pobj" or noun.head.lower_ not in ("at", "as"):
        return ""
    verb = noun.head.head
    record = child(verb, ("dobj",)) if verb.pos_ == "VERB" else None
    if record is None or lemma(record) not in FIGURE_NOUNS:
        return ""
    marks = [SAME_ACT.get(lemma(c), "") for c in record.children if c.dep_ in ("compound", "amod")]
    return next((m for m in marks if m), RECORD_ACTS.get(lemma(record), ""))


def compound_act(noun: Token) -> str:
    """The act a noun names with its compound ("hospital admissions": hospitalise), or ""."""
    phrases = (f"{lemma(c)} {lemma(noun)}" for c in noun.children if c.dep_ == "compound")
    return next((SAME_ACT[p] for p in phrases if p in SAME_ACT), "")


def amount_of(unit: Token) -> tuple[str, tuple[str, ...]]:
    """The act and the stuff of an amount: "2 kg of salt" is of salt; "the volume of coolant
    released was 6,000 litres" is of coolant, released."""
    said = said_to_be(unit) or _done_to(unit)
    of = of_object(unit) or said
    act = amount_act(unit) or (amount_act(said) if said is not None else "")
    return act, named_stuff(of) if of is not None else ()


def amount_act(noun: Token) -> str:
    """The act of an amount: litres that 'escaped' were released, '31 mph' is travelled."""
    act = act_of(noun)
    if not act and noun.dep_ == "pobj" and noun.head.lower_ == "at":
        verb = noun.head.head  # "travelling at 31 mph"
        act = lemma(verb) if verb.pos_ == "VERB" and lemma(verb) not in NEUTRAL else ""
    dimension = PHYSICAL.get(lemma(noun))
    if dimension == "speed":
        return SPEED_ACTS.get(act, act)
    return (AREA_ACTS if dimension == "area" else AMOUNT_ACTS).get(act, act)


def gapped_noun(verb: Token, number: Token) -> Token | None:
    """The noun a bare number borrows from the clause it is conjoined to: 'three of its
    soldiers were killed and 11 wounded' -> soldiers for 11; not when the clause has a
    subject of its own ('…, and the charity estimates 52,000'). Outside a conjoined clause,
    the counted noun of the same verb in its sentence (`_same_verb_noun`)."""
    if verb.dep_ != "conj" or verb.head.pos_ not in ("VERB", "AUX"):
        return _same_verb_noun(verb, number)
    own = child(verb, ("nsubj", "nsubjpass"))
    if own is not None and own.i != number.i:
        return None
    subject = child(verb.head, ("nsubjpass", "nsubj"))
    if subject is None or subject.pos_ == "PRON":
        return None
    if subject.pos_ == "NUM":
        return of_object(subject)
    return subject if subject.pos_ == "NOUN" else None


def _same_verb_noun(verb: Token, number: Token) -> Token | None:
    """The counted noun of the same verb elsewhere in the sentence, for a bare number it takes
    as its object: "employed 26 maintenance technicians in 2019; today it employs 17"."""
    if number.dep_ != "dobj":
        return None
    for other in verb.sent:
        noun = child(other, ("dobj",)) if other.i != verb.i and other.pos_ == "VERB" else None
        counted = noun is not None and noun.pos_ == "NOUN" and child(noun, ("nummod",))
        if counted and lemma(other) == lemma(verb):
            return noun
    return None


_REFERS = frozenset("refer cover".split())  # not "includes two drivers": a part of it


def referred_to(noun: Token) -> Token | None:
    """What a figure noun says it counts: "the figure of 4,200 refers only to [people]
    registered at its centres", "the total covers [households] in the camps"; None else."""
    verb = noun.head if noun.dep_ in ("nsubj", "nsubjpass") else None
    if verb is None or lemma(verb) not in _REFERS or lemma(noun) not in FIGURE_NOUNS:
        return None
    if lemma(verb) == "refer":  # "refers [to] people": the object of its preposition
        to = child(verb, ("prep",))
        counted = child(to, ("pobj",)) if to is not None else None
    else:
        counted = child(verb, ("dobj",))  # "covers households"
    return counted if counted is not None and counted.pos_ == "NOUN" else None


def share_doing(share: Token) -> Token | None:
    """The verb a share of people is the subject of ("61% of responses opposed the plan"):
    what that share did; None when it is no subject or its verb only states it."""
    verb = share.head
    if share.dep_ != "nsubj" or verb.pos_ != "VERB" or verb_lemma(verb) in NEUTRAL:
        return None
    # "40% of households refused to be counted": the act is the infinitive's, not read here
    return None if child(verb, ("xcomp",)) is not None else verb


def verb_of_total(noun: Token) -> Token | None:
    """The verb of the total a noun is counted in: "a total of 4,812 participants [have been
    enrolled]"; None when the noun is not counted in a total."""
    total = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else None
    if total is None or lemma(total) != "total" or total.dep_ not in _CLAUSE_ROLES:
        return None
    return total.head if total.head.pos_ == "VERB" else None


def changed_by(noun: Token) -> Token | None:
    """The verb that changes a whole by the counted noun: "reduce its workforce by 1,150
    roles" is 1,150 roles reduced; None for any other noun."""
    by = noun.head if noun.dep_ == "pobj" and noun.head.lower_ == "by" else None
    verb = by.head if by is not None else None
    if verb is None or verb.pos_ != "VERB" or lemma(verb) not in CHANGES:
        return None
    return verb if child(verb, ("dobj",)) is not None else None


_CLAUSE_ROLES = frozenset({"nsubj", "nsubjpass"})  # "has published an estimate of": no act
