"""What a figure measures, read from the dependency parse of its sentence (spaCy).

A figure's `Measure` is its kind (count, money, percentage, duration, amount, date, time, age,
ordinal, identifier), the thing it counts (the head noun: "ballots", "seats"; persons of any
description are "people"), the act that counts it ("arrested", "rejected", "won": the verb or
participle governing that noun) and the words that narrow it ("suspected", "total").

Two figures can only measure the same quantity when these agree (`same_measure`): a count of
people arrested is not a count of people charged, seats won are not seats in total, and a
duration never meets a count. General English only: the lexicons below are grammar words,
units and a few synonym sets ("died" = "killed"), never names or topics.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from assistant.ledger.figures import CURRENCY_WORDS
from assistant.ledger.words import (
    AGE_WORDS,
    AMOUNT_ACTS,
    BLAND,
    DIMENSIONS,
    EARLIER,
    FIGURE_NOUNS,
    LASTING,
    MONEY_NOUNS,
    NAMED_BEFORE,
    NEUTRAL,
    PART,
    PARTICLES,
    PEOPLE,
    PER,
    PHYSICAL,
    SAME_ACT,
    SAME_THING,
    SPEED_ACTS,
    SPENDING,
    TIME_UNITS,
    TOTALS,
    WHOLE,
    same_word,
)
from assistant.types import Measure, Quantity


def figure_root(doc: Doc, start: int, end: int) -> Token | None:
    """The token heading the figure phrase at doc.text[start:end] (its number or scale word)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    numeric = [t for t in span if t.like_num or t.pos_ == "NUM" or t.text in "%$€£¥"]
    tokens = numeric or list(span)
    inside = {t.i for t in span}
    outer = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    return (outer or tokens)[-1]


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


def _child(t: Token, deps: Sequence[str]) -> Token | None:
    """The first child with one of `deps`, in the order of `deps`."""
    children = list(t.children)
    return next((c for d in deps for c in children if c.dep_ == d), None)


def _is_percent(t: Token) -> bool:
    return t.text == "%" or t.lower_ in ("percent", "cent", "pc")


def _verb_lemma(verb: Token) -> str:
    """A verb with its particle or fixed object: 'walk out', 'take part', 'lose lives'."""
    for c in verb.children:
        if c.dep_ in ("dobj", "prep") and f"{_lemma(verb)} {_lemma(c)}" in SAME_ACT:
            return SAME_ACT[f"{_lemma(verb)} {_lemma(c)}"]  # "lost their lives", "drove from"
        obj = _child(c, ("pobj",)) if c.dep_ == "prep" else None
        phrase = f"{_lemma(verb)} {c.lower_} {obj.lower_}" if obj is not None else ""
        if phrase in SAME_ACT:
            return SAME_ACT[phrase]  # "go on strike"
        if (
            c.dep_ in ("acomp", "oprd", "xcomp", "advmod")
            and f"{_lemma(verb)} {c.lower_}" in SAME_ACT
        ):
            return SAME_ACT[f"{_lemma(verb)} {c.lower_}"]  # "fell ill", "were made ill"
        particle = c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ in PARTICLES)
        if particle or (c.dep_ == "dobj" and c.lower_ == "part"):
            return SAME_ACT.get(f"{_lemma(verb)} {c.lower_}", f"{_lemma(verb)} {c.lower_}")
    return _lemma(verb)


def _of_object(t: Token) -> Token | None:
    """'12 of the 40 seats' -> seats; 'the number of ballots' -> ballots."""
    for prep in t.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            obj = _child(prep, ("pobj",))
            if obj is not None:
                return obj
    return None


def _noun_of(root: Token) -> tuple[Token | None, Token | None]:
    """(the noun the figure counts, the verb it is the subject or object of when it stands
    alone: '87 died', 'won 12')."""
    t = phrase_top(root)  # "4.5 million", "41 %", "7 percent"
    if _is_percent(t):
        of = _of_object(t)
        if of is not None:
            return of, None
    if t.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod") and t.head.pos_ in (
        "NOUN",
        "PROPN",
    ):
        return t.head, None
    after = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    if after is not None and after.pos_ == "ADJ" and SAME_ACT.get(_lemma(after)):
        return after, None  # "87 dead", "200 injured": the adjective names the people
    if t.dep_ == "pobj" and t.head.dep_ in ("prep", "agent"):
        gov = t.head.head
        if gov.pos_ in ("NOUN", "PROPN"):
            return gov, None
        if gov.pos_ in ("VERB", "AUX"):
            noun = _child(gov, ("dobj", "nsubj", "nsubjpass", "attr"))
            if noun is None and gov.dep_ in ("acl", "relcl"):
                return gov.head, None  # "the number of people evacuated at 14,200"
            return noun, None
    of = _of_object(t)
    if of is not None:
        return of, t.head if t.dep_ in ("nsubj", "nsubjpass", "dobj") else None
    if t.dep_ == "attr":
        return _child(t.head, ("nsubj", "nsubjpass")), None
    if t.dep_ in ("nsubj", "nsubjpass", "dobj"):
        return _gapped_noun(t.head), t.head
    return None, None


def _gapped_noun(verb: Token) -> Token | None:
    """The noun a bare number borrows from the clause it is conjoined to: 'three of its
    soldiers were killed and 11 wounded' -> soldiers for 11."""
    if verb.dep_ != "conj" or verb.head.pos_ not in ("VERB", "AUX"):
        return None
    subject = _child(verb.head, ("nsubjpass", "nsubj"))
    if subject is None or subject.pos_ == "PRON":
        return None
    if subject.pos_ == "NUM":
        return _of_object(subject)
    return subject if subject.pos_ == "NOUN" else None


def _act_of(noun: Token) -> str:
    """The verb or participle counting a noun, strongest first: 'ballots rejected', 'were
    arrested' / 'evacuated 14,200 people', 'rejected ballots' / 'death toll', 'people who
    were killed'; '' when none (or only a neutral verb)."""
    children = list(noun.children)
    clause = noun.head.pos_ in ("VERB", "AUX")
    verb_act = _verb_lemma(noun.head) if clause else ""
    verb_act = "" if verb_act in NEUTRAL else verb_act
    if verb_act and noun.dep_ in ("nsubj", "nsubjpass"):  # "910 people detained ... were
        return verb_act  # released": what the clause says of them
    for c in children:
        if c.dep_ == "acl" and c.tag_ == "VBN" and _verb_lemma(c) not in NEUTRAL:
            return _verb_lemma(c)  # "27 people admitted to hospital" ("admit" alone reports)
    if noun.dep_ in ("nsubj", "nsubjpass", "dobj", "conj") and clause:
        if verb_act:
            return verb_act
        xcomp = _child(noun.head, ("xcomp", "acomp", "oprd"))
        if xcomp is not None and _lemma(xcomp) not in NEUTRAL:
            return _lemma(xcomp)  # "were found dead", "remain missing"
    for c in children:
        if c.dep_ == "amod" and c.tag_ in ("VBN", "VBD") and _lemma(c) not in NEUTRAL:
            return _lemma(c)
        if c.dep_ in ("amod", "compound") and (SAME_ACT.get(c.lower_) or SAME_ACT.get(_lemma(c))):
            return _lemma(c)
    named = _compound_act(noun)  # "hospital admissions"
    if named:
        return named
    for c in children:
        if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB" and _verb_lemma(c) not in NEUTRAL:
            return _verb_lemma(c)  # "people ... who were admitted to hospital"
    return ""


def _compound_act(noun: Token) -> str:
    """The act a noun names with its compound ("hospital admissions": hospitalise), or ""."""
    phrases = (f"{_lemma(c)} {_lemma(noun)}" for c in noun.children if c.dep_ == "compound")
    return next((SAME_ACT[p] for p in phrases if p in SAME_ACT), "")


def _amount_act(noun: Token) -> str:
    """The act of an amount: litres that 'escaped' were released, '31 mph' is travelled."""
    act = _act_of(noun)
    if not act and noun.dep_ == "pobj" and noun.head.lower_ == "at":
        verb = noun.head.head  # "travelling at 31 mph"
        act = _lemma(verb) if verb.pos_ == "VERB" and _lemma(verb) not in NEUTRAL else ""
    speed = PHYSICAL.get(_lemma(noun)) == "speed"
    return SPEED_ACTS.get(act, act) if speed else AMOUNT_ACTS.get(act, act)


def _mods(noun: Token, act: str) -> tuple[str, ...]:
    words = {
        _lemma(c)
        for c in noun.children
        if c.dep_ in ("amod", "compound", "nmod")
        and not c.like_num
        and c.pos_ != "PROPN"
        and not _is_percent(c)
    }
    words = {w for w in words if w not in BLAND or w in TOTALS} - {act}
    return tuple(sorted(words))


def _time_target(unit: Token) -> Measure:
    """What a duration is of: its thing (with the nouns compounded with it) and act. 'the
    strike lasted four days' -> strike; 'a five-day curfew' -> curfew; 'closed for 12 days' ->
    act close; 'the repair work can be finished in 12 weeks' -> work (repair). A verb that
    only says how long (`LASTING`) or reports (`NEUTRAL`: "given 28 days") is no act."""
    head = unit.head
    if unit.dep_ in ("compound", "amod", "nmod") and head.pos_ == "NOUN":
        return _duration_of(head, "")
    if unit.dep_ == "pobj" and unit.head.dep_ == "prep":
        head = unit.head.head
    if head.pos_ == "NOUN":
        return _duration_of(head, "")
    if head.pos_ not in ("VERB", "AUX") or _lemma(head) in _GRANTING:
        return Measure("duration")  # "has given the company 28 days": a time allowed
    subject = next(
        (
            c
            for d in ("dobj", "nsubjpass", "nsubj")
            for c in head.children
            if c.dep_ == d and c.i != unit.i
        ),
        None,
    )  # "take 30 weeks": the unit is no subject
    if subject is None and head.dep_ == "xcomp":
        subject = _child(head.head, ("dobj", "nsubjpass", "nsubj"))  # "expect X to take"
    act = "" if _lemma(head) in LASTING or _lemma(head) in NEUTRAL else _lemma(head)
    if subject is None or subject.pos_ == "PRON":
        return Measure("duration", "", act, ())
    return _duration_of(subject, act)


_GRANTING = frozenset("give grant allow offer".split())


def _duration_of(noun: Token, act: str) -> Measure:
    compounds = (_lemma(c) for c in noun.children if c.dep_ == "compound" and c.pos_ == "NOUN")
    return Measure("duration", _lemma(noun), act, tuple(sorted(compounds)))


def _special_kind(root: Token, noun: Token | None, q: Quantity) -> str:
    if q.unit.startswith("money"):
        return "money"
    if q.unit == "percent":
        return "percentage"
    if root.ent_type_ == "ORDINAL" or root.lower_.endswith(("st", "nd", "rd", "th")):
        return "ordinal"
    before = root.doc[root.i - 1] if root.i > 0 else None
    after = root.doc[root.i + 1 : root.i + 4].text.lower()
    if (before is not None and before.lower_ in AGE_WORDS) or "year-old" in after:
        return "age"
    if noun is not None and noun.i < root.i and root.dep_ in ("nummod", "appos", "npadvmod"):
        return "identifier"  # "week 5", "Gate 7", "Route 9": a number after its noun names it
    if noun is not None and _lemma(noun) in TIME_UNITS:
        nxt = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
        return "age" if nxt is not None and nxt.lower_ == "old" else "duration"
    if root.ent_type_ == "TIME":
        return "time"
    if root.ent_type_ == "DATE" and noun is None:
        return "date"
    if noun is not None and _lemma(noun) in PHYSICAL:
        return "amount"
    return "count"


def _thing(noun: Token | None, act: str, kind: str) -> str:
    if noun is None:
        return "people" if act and kind == "count" else ""
    lemma = _lemma(noun)
    if lemma in PEOPLE or noun.ent_type_ in ("NORP",):
        return "people"
    if kind == "count" and (SAME_ACT.get(lemma) or SAME_ACT.get(noun.lower_)):
        return "people"  # "87 deaths": people killed
    if kind == "count" and _compound_act(noun):
        return "people"  # "60 hospital admissions": people admitted
    return SAME_THING.get(lemma, lemma)


def _holder(noun: Token) -> Token | None:
    """The noun a counted noun is the measure of: "fees of 14.2 million euros" -> fees, "a
    crowd of 3,500 people" -> crowd, "estimated the crowd at about 3,500 people" -> crowd."""
    if noun.dep_ != "pobj":
        return None
    prep, holder = noun.head, None
    if prep.lower_ == "of" and prep.head.pos_ == "NOUN":
        holder = prep.head
    elif prep.lower_ == "at" and prep.head.pos_ == "VERB" and _lemma(prep.head) in NEUTRAL:
        holder = _child(prep.head, ("dobj",))
    if holder is None or holder.pos_ != "NOUN" or holder.i == noun.i or _is_percent(holder):
        return None  # "41% of the votes": the votes are what the share is of
    return None if _lemma(holder) in FIGURE_NOUNS | BLAND else holder


def _spent_on(verb: Token | None) -> str:
    """What money was paid, spent or lost on, when the verb says: "paid 14.2 million in fees"
    -> fee, "paid 540 million for a 45% stake" -> stake; "" otherwise."""
    if verb is None or _lemma(verb) not in SPENDING:
        return ""
    for prep in [
        *verb.children,
        *(c for o in verb.children if o.dep_ == "dobj" for c in o.children),
    ]:
        obj = _child(prep, ("pobj",)) if prep.dep_ == "prep" else None
        if prep.lower_ not in ("in", "for", "on") or obj is None or obj.pos_ != "NOUN":
            continue
        if _lemma(obj) not in TIME_UNITS and _lemma(obj) not in FIGURE_NOUNS | BLAND:
            return _lemma(obj)
    return ""


def phrase_top(root: Token) -> Token:  # the top of "4.5 [million]", "41 [%]"
    t = root
    while t.head.i != t.i and (t.head.like_num or _is_percent(t.head)):
        t = t.head
    return t


def _bought_for(root: Token) -> bool:
    """'could be done for about $6.2 million': money that is the price of an act."""
    t = phrase_top(root)
    return t.dep_ == "pobj" and t.head.lower_ == "for" and t.head.head.pos_ in ("VERB", "AUX")


def measure_of(doc: Doc | Span, start: int, end: int, q: Quantity) -> Measure:
    """The measure of the figure at doc.text[start:end] (offsets into the parsed text)."""
    sent = doc.doc if isinstance(doc, Span) else doc
    return measure_at(figure_root(sent, start, end), q)


def measure_at(root: Token | None, q: Quantity) -> Measure:
    """The measure of the figure headed by `root` (`figure_root`)."""
    if root is None:
        return Measure(kind="count")
    measure = _measure_at(root, q)
    if measure.kind == "money" and _bought_for(root):
        return Measure("money", "cost", "", ())
    return measure


def _measure_at(root: Token, q: Quantity) -> Measure:
    noun, verb = _noun_of(root)
    kind = _special_kind(root, noun, q)
    if kind == "money" and noun is not None and noun.lower_ in CURRENCY_WORDS:
        noun, verb = _noun_of(noun)  # "48 million crowns" is read as "$48 million" is
    if kind == "duration" and noun is not None:
        return _time_target(noun)
    if kind == "amount" and noun is not None:
        of = _of_object(noun)  # "2 kg of salt": salt, in kilograms
        stuff = (_lemma(of),) if of is not None else ()
        return Measure("amount", PHYSICAL[_lemma(noun)], _amount_act(noun), stuff)
    if noun is not None and _lemma(noun) in FIGURE_NOUNS:
        inner = _of_object(noun)
        marks = [c for c in noun.children if c.dep_ in ("compound", "amod") or c.i == root.i + 1]
        marks = [c for c in marks if c.dep_ != "punct" and _lemma(c) not in BLAND]
        record_act = _lemma(max(marks, key=lambda c: c.dep_ == "acl")) if marks else ""
        if inner is not None and inner.i != root.i:  # "the figure of 118 injured": no inner
            noun = inner
        elif record_act:
            act = SAME_ACT.get(record_act, record_act)
            return Measure(kind, _thing(None, act, kind), act, ())  # "the toll of 21 dead"
        elif inner is not None:  # "the figure of 12,000 was based on...": says what of it?
            return Measure(kind, "", "", ())
    act = ""
    if verb is not None and _verb_lemma(verb) not in NEUTRAL:
        act = _verb_lemma(verb)  # '12 of its civilians were seized', '11 wounded'
    elif noun is not None:
        act = _act_of(noun) or (SAME_ACT.get(_lemma(noun), "") if kind == "count" else "")
    act = SAME_ACT.get(act, act)
    mods = _mods(noun, act) if noun is not None else ()
    holder = _holder(noun) if noun is not None else None
    if holder is not None and not act and SAME_ACT.get(_lemma(holder)):
        act = SAME_ACT[_lemma(holder)]  # "a crowd of 3,500 people": people taking part
    elif holder is not None:
        mods = tuple(sorted({*mods, _lemma(holder)}))  # "fees of 14.2 million euros"
    thing = _thing(noun, act, kind)
    if kind in ("money", "count"):
        spent = _spent_on(verb if verb is not None else _governor(noun))
        mods = tuple(sorted({*mods, spent} - {""}))
        thing = thing or spent  # "paid $21 million in fees": fees
    sums = sorted(MONEY_NOUNS & {*mods})
    if kind == "count" and thing not in PEOPLE and (act == "cost" or sums):
        kind, thing = "money", (sums or [""])[0]  # "a fee of 2,100 drals": a currency's name
    if kind == "percentage":
        mods = tuple(sorted({*mods, _share_of_what(root)} - {""}))
    return Measure(kind, thing, act, mods)


def _share_of_what(root: Token) -> str:
    """What a percentage is the share of: "the write-down represents around 1% of the fund's
    assets" -> write-down; "the investment amounted to about 1.7% of the assets" ->
    investment; "set that limit at 1%" -> limit."""
    t = phrase_top(root)
    if t.dep_ == "pobj" and t.head.dep_ == "prep":
        t = t.head  # "amounted to 1.7%", "set that limit at 1%"
    if t.dep_ not in ("dobj", "attr", "prep") or t.head.pos_ not in ("VERB", "AUX"):
        return ""
    verb = t.head
    subject = _child(verb, ("dobj",) if t.dep_ == "prep" else ("nsubj", "nsubjpass"))
    if subject is None or subject.pos_ != "NOUN" or subject.i == t.i:
        subject = _child(verb, ("nsubj", "nsubjpass"))
    if subject is None or subject.pos_ != "NOUN":
        return ""
    lemma = _lemma(subject)
    return "" if lemma in FIGURE_NOUNS | BLAND or _is_percent(subject) else lemma


def _governor(noun: Token | None) -> Token | None:
    """The verb a counted noun is the object or subject of."""
    if noun is None or noun.dep_ not in ("dobj", "nsubjpass", "nsubj"):
        return None
    return noun.head if noun.head.pos_ in ("VERB", "AUX") else None


GROUPED_KINDS = frozenset({"count", "money", "percentage", "duration", "amount"})


def groupable(m: Measure, attributed: bool = False) -> bool:
    """Can this figure be part of a dispute at all? Not a date, time, age, ordinal or
    identifier, and it says what it measures: a duration what lasted, an amount what it
    measures beyond its dimension ("400 metres" alone is a distance). A count names an act or
    a narrowing word ("people killed", "suspected cases"), or a named voice states it ("the
    agency put the number of cities at 191"): a bare "120 beds" in a description claims
    nothing."""
    if (
        m.kind not in GROUPED_KINDS
        or not (m.thing or m.act)
        or {WHOLE, EARLIER, NAMED_BEFORE} & set(m.mods)
    ):
        return False  # "the 23" of "eleven of the 23 piers" counts what the part is out of
    if m.kind == "duration" and {m.thing, m.act} <= {*TIME_UNITS, ""}:
        return False  # "for nearly three hours": nothing says what lasted
    if m.kind == "amount" and not m.act and m.thing in DIMENSIONS:
        return False  # "about 400 metres from the school": a distance, not a claim
    if m.kind != "count" or m.act or set(m.mods) - TOTALS:
        return True
    return attributed and m.thing != "people"


def same_measure(a: Measure, b: Measure) -> bool:
    """Can two figures measure the same quantity? Kinds match and can be disputed; things
    match; acts match when both have one; a total never meets a part counted by an act; and
    narrowing words do not contradict (both narrowed, by different words); a part ("eleven of
    the 23 piers") never meets a count that is not one."""
    if a.kind != b.kind or a.kind not in GROUPED_KINDS:
        return False
    if a.kind == "duration":
        things = a.thing == b.thing or a.thing in b.mods or b.thing in a.mods
        return bool(a.thing or a.act) and things and a.act == b.act
    if not (a.thing or a.act) or not (b.thing or b.act):
        return False
    things = same_word(a.thing, b.thing) or same_word(a.thing, b.act) or same_word(a.act, b.thing)
    if a.thing and b.thing and not things:
        return False
    if a.act and b.act and not same_word(a.act, b.act):
        return False
    total = (a.act and not b.act and TOTALS & set(b.mods)) or (
        b.act and not a.act and TOTALS & set(a.mods)
    )
    if total or (PART in a.mods) != (PART in b.mods) or _rate(a) != _rate(b):
        return False
    narrow_a, narrow_b = set(a.mods) - TOTALS, set(b.mods) - TOTALS
    return not (narrow_a and narrow_b and not narrow_a & narrow_b)


def _rate(m: Measure) -> str:
    """The period of a rate ("per day" of "180 million a day"), "" for a level or a total."""
    return next((w for w in m.mods if w.startswith(PER)), "")


def measure_key(m: Measure) -> str:
    """The bucket a measure is grouped in: figures in different buckets never meet. Keyed by
    the stem of the act when there is one, else of the thing (a duration by its act alone:
    "the repair works" and "the repair work" name their thing differently)."""
    if m.kind == "duration":
        return f"duration:{m.act[:6]}"
    if m.kind == "money" and m.thing in MONEY_NOUNS:
        return f"money:{m.thing[:6]}"  # "the cost was $14.8 million" and "will cost $6.2 million"
    return f"{m.kind}:{(m.act or m.thing)[:6]}"
