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

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from assistant.types import Measure, Quantity

# time units in hours: durations compare across units ("two weeks" = "14 days")
TIME_UNITS = {
    "second": 1 / 3600,
    "minute": 1 / 60,
    "hour": 1.0,
    "day": 24.0,
    "night": 24.0,
    "week": 168.0,
    "fortnight": 336.0,
    "month": 730.0,
    "year": 8760.0,
    "decade": 87600.0,
}
# physical units, by what they measure: "2 kg" and "2,000 grams" are one kind of amount
_PHYSICAL = {
    w: dimension
    for dimension, words in (
        ("mass", "kg kilogram kilo gram g tonne ton mg milligram pound lb"),
        ("length", "km kilometre kilometer mile metre meter m cm mm foot feet ft yard"),
        ("area", "hectare ha acre sq square"),
        ("volume", "litre liter gallon barrel"),
        ("speed", "mph kph kmh"),
        ("temperature", "degree"),
    )
    for w in words.split()
}
_DIMENSIONS = frozenset(_PHYSICAL.values())
_PEOPLE = frozenset(
    """people person individual resident inhabitant civilian citizen man woman child adult
    victim other""".split()
)
# acts that name the same event: one key each
_SAME_ACT = {
    "die": "kill",
    "death": "kill",
    "dead": "kill",
    "fatality": "kill",
    "killing": "kill",
    "slay": "kill",
    "life": "kill",
    "injury": "injure",
    "wound": "injure",
    "hurt": "injure",
    "injured": "injure",
    "wounded": "injure",
    "detain": "arrest",
    "detention": "arrest",
    "detainee": "arrest",
    "arrested": "arrest",
    "evacuee": "evacuate",
    "evacuation": "evacuate",
    "displacement": "displace",
    "execution": "execute",
    "disappear": "miss",
    "missing": "miss",
    "disappearance": "miss",
    "move": "evacuate",
    "relocate": "evacuate",
    "seize": "arrest",
    "capture": "arrest",
    "lose life": "kill",  # "41 people lost their lives"
    "lose home": "displace",  # "12,400 people lost their homes"
    "drive from": "displace",  # "drove 30,000 people from their homes"
    "force from": "displace",
    "flee home": "displace",
    "displaced": "displace",
    "imprison": "jail",
    # taking part in a collective action
    "take part": "take part",
    "walk out": "take part",
    "join": "take part",
    "participate": "take part",
    "go on strike": "take part",
    "come out on strike": "take part",
}
# nouns that name a figure rather than a thing: "the death toll at 87", "the number of ballots"
FIGURE_NOUNS = frozenset(
    """number total toll tally figure count estimate sum amount level tallies figures""".split()
)
# verbs whose subject or object is the thing, not an act on it
_NEUTRAL = frozenset(
    """be have say report estimate count document tell claim state announce confirm record
    register tally verify allege write note add acknowledge admit insist cite put give show list
    indicate suggest find reach rise climb stand increase grow fall drop jump soar total put
    number include exceed top hit remain bring raise revise lower update set place""".split()
)
# words narrowing a thing that never tell two quantities apart
_BLAND = frozenset(
    """more other further additional new least most some many several few estimated total
    overall about around nearly almost roughly approximately official latest final first
    initial preliminary own whole entire combined""".split()
)
_TOTALS = frozenset("total overall whole entire combined all".split())
PART = "part"  # the narrowing word of "N of the M things": a part of a counted whole
_AGE_WORDS = frozenset("aged age old".split())
_PARTICLES = frozenset("out off up down away back over".split())


def same_act(lemma: str) -> str:
    """The act a word names, one word per act: 'die', 'death' -> 'kill'; 'detain' -> 'arrest'."""
    return _SAME_ACT.get(lemma, lemma)


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
        if c.dep_ in ("dobj", "prep") and f"{_lemma(verb)} {_lemma(c)}" in _SAME_ACT:
            return _SAME_ACT[f"{_lemma(verb)} {_lemma(c)}"]  # "lost their lives", "drove from"
        obj = _child(c, ("pobj",)) if c.dep_ == "prep" else None
        phrase = f"{_lemma(verb)} {c.lower_} {obj.lower_}" if obj is not None else ""
        if phrase in _SAME_ACT:
            return _SAME_ACT[phrase]  # "go on strike"
        particle = c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ in _PARTICLES)
        if particle or (c.dep_ == "dobj" and c.lower_ == "part"):
            return _SAME_ACT.get(f"{_lemma(verb)} {c.lower_}", f"{_lemma(verb)} {c.lower_}")
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
    t = root
    while t.head.i != t.i and (t.head.like_num or _is_percent(t.head)):
        t = t.head  # "4.5 million", "41 %", "7 percent"
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
    if after is not None and after.pos_ == "ADJ" and _SAME_ACT.get(_lemma(after)):
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
    for c in children:
        if c.dep_ == "acl" and c.tag_ == "VBN" and _lemma(c) not in _NEUTRAL:
            return _lemma(c)
    if noun.dep_ in ("nsubj", "nsubjpass", "dobj", "conj") and noun.head.pos_ == "VERB":
        verb = noun.head
        if _verb_lemma(verb) not in _NEUTRAL:
            return _verb_lemma(verb)
        xcomp = _child(verb, ("xcomp", "acomp", "oprd"))
        if xcomp is not None and _lemma(xcomp) not in _NEUTRAL:
            return _lemma(xcomp)  # "were found dead", "remain missing"
    for c in children:
        if c.dep_ == "amod" and c.tag_ in ("VBN", "VBD") and _lemma(c) not in _NEUTRAL:
            return _lemma(c)
        if c.dep_ in ("amod", "compound") and (_SAME_ACT.get(c.lower_) or _SAME_ACT.get(_lemma(c))):
            return _lemma(c)
    for c in children:
        if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB" and _lemma(c) not in _NEUTRAL:
            return _lemma(c)
    return ""


def _mods(noun: Token, act: str) -> tuple[str, ...]:
    words = {
        _lemma(c)
        for c in noun.children
        if c.dep_ in ("amod", "compound", "nmod") and not c.like_num and c.pos_ != "PROPN"
    }
    words = {w for w in words if w not in _BLAND or w in _TOTALS} - {act}
    return tuple(sorted(words))


def _time_target(unit: Token) -> tuple[str, str]:
    """What a duration is of: (thing, act). 'the strike lasted four days' -> ('strike', 'last');
    'a five-day curfew' -> ('curfew', ''); 'closed for 12 days' -> ('', 'close')."""
    head = unit.head
    if unit.dep_ in ("compound", "amod", "nmod") and head.pos_ == "NOUN":
        return _lemma(head), ""
    if unit.dep_ == "pobj" and unit.head.dep_ == "prep":
        head = unit.head.head
    if head.pos_ == "NOUN":
        return _lemma(head), ""
    if head.pos_ in ("VERB", "AUX"):
        subject = _child(head, ("dobj", "nsubjpass", "nsubj"))
        thing = _lemma(subject) if subject is not None and subject.pos_ != "PRON" else ""
        return thing, "" if _lemma(head) in ("be", "last", "take") else _lemma(head)
    return "", ""


def _special_kind(root: Token, noun: Token | None, q: Quantity) -> str:
    if q.unit.startswith("money"):
        return "money"
    if q.unit == "percent":
        return "percentage"
    if root.ent_type_ == "ORDINAL" or root.lower_.endswith(("st", "nd", "rd", "th")):
        return "ordinal"
    before = root.doc[root.i - 1] if root.i > 0 else None
    after = root.doc[root.i + 1 : root.i + 4].text.lower()
    if (before is not None and before.lower_ in _AGE_WORDS) or "year-old" in after:
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
    if noun is not None and _lemma(noun) in _PHYSICAL:
        return "amount"
    return "count"


def _thing(noun: Token | None, act: str, kind: str) -> str:
    if noun is None:
        return "people" if act and kind == "count" else ""
    lemma = _lemma(noun)
    if lemma in _PEOPLE or noun.ent_type_ in ("NORP",):
        return "people"
    if _SAME_ACT.get(lemma) or _SAME_ACT.get(noun.lower_):
        return "people"  # "87 deaths": people killed
    return lemma


def measure_of(doc: Doc | Span, start: int, end: int, q: Quantity) -> Measure:
    """The measure of the figure at doc.text[start:end] (offsets into the parsed text)."""
    sent = doc.doc if isinstance(doc, Span) else doc
    root = figure_root(sent, start, end)
    if root is None:
        return Measure(kind="count")
    noun, verb = _noun_of(root)
    kind = _special_kind(root, noun, q)
    if kind == "duration" and noun is not None:
        thing, act = _time_target(noun)
        return Measure("duration", thing, act, ())
    if kind == "amount" and noun is not None:
        of = _of_object(noun)  # "2 kg of salt": salt, in kilograms
        stuff = (_lemma(of),) if of is not None else ()
        return Measure("amount", _PHYSICAL[_lemma(noun)], _act_of(noun), stuff)
    if noun is not None and _lemma(noun) in FIGURE_NOUNS:
        inner = _of_object(noun)
        marks = [c for c in noun.children if c.dep_ in ("compound", "amod") or c.i == root.i + 1]
        marks = [c for c in marks if c.dep_ != "punct" and _lemma(c) not in _BLAND]
        record_act = _lemma(max(marks, key=lambda c: c.dep_ == "acl")) if marks else ""
        if inner is not None and inner.i != root.i:  # "the figure of 118 injured": no inner
            noun = inner
        elif record_act:
            act = _SAME_ACT.get(record_act, record_act)
            return Measure(kind, _thing(None, act, kind), act, ())  # "the toll of 21 dead"
        elif inner is not None:  # "the figure of 12,000 was based on...": says what of it?
            return Measure(kind, "", "", ())
    act = ""
    if verb is not None and _verb_lemma(verb) not in _NEUTRAL:
        act = _verb_lemma(verb)  # '12 of its civilians were seized', '11 wounded'
    elif noun is not None:
        act = _act_of(noun) or (_SAME_ACT.get(_lemma(noun), "") if kind == "count" else "")
    act = _SAME_ACT.get(act, act)
    mods = _mods(noun, act) if noun is not None else ()
    return Measure(kind, _thing(noun, act, kind), act, mods)


GROUPED_KINDS = frozenset({"count", "money", "percentage", "duration", "amount"})


def groupable(m: Measure, attributed: bool = False) -> bool:
    """Can this figure be part of a dispute at all? Not a date, time, age, ordinal or
    identifier, and it says what it measures: a duration what lasted, an amount what it
    measures beyond its dimension ("400 metres" alone is a distance). A count names an act or
    a narrowing word ("people killed", "suspected cases"), or a named voice states it ("the
    agency put the number of cities at 191"): a bare "120 beds" in a description claims
    nothing."""
    if m.kind not in GROUPED_KINDS or not (m.thing or m.act):
        return False
    if m.kind == "duration" and {m.thing, m.act} <= {*TIME_UNITS, ""}:
        return False  # "for nearly three hours": nothing says what lasted
    if m.kind == "amount" and not m.act and m.thing in _DIMENSIONS:
        return False  # "about 400 metres from the school": a distance, not a claim
    if m.kind != "count" or m.act or set(m.mods) - _TOTALS:
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
        return bool(a.thing or a.act) and (a.thing, a.act) == (b.thing, b.act)
    if not (a.thing or a.act) or not (b.thing or b.act):
        return False
    things = (
        _same_word(a.thing, b.thing) or _same_word(a.thing, b.act) or _same_word(a.act, b.thing)
    )
    if a.thing and b.thing and not things:
        return False
    if a.act and b.act and not _same_word(a.act, b.act):
        return False
    total = (a.act and not b.act and _TOTALS & set(b.mods)) or (
        b.act and not a.act and _TOTALS & set(a.mods)
    )
    if total or (PART in a.mods) != (PART in b.mods):
        return False
    narrow_a, narrow_b = set(a.mods) - _TOTALS, set(b.mods) - _TOTALS
    return not (narrow_a and narrow_b and not narrow_a & narrow_b)


def duration_hours(text_after: str) -> float:
    """Hours in the time unit that follows a duration's number ('days' -> 24), 0 if none."""
    word = text_after.lstrip(" -‐\u00a0").split(" ", 1)[0].lower().strip(".,;:)")
    word = word[:-1] if word.endswith("s") else word
    return TIME_UNITS.get(word, 0.0)


def _same_word(a: str, b: str) -> bool:
    """One word, or one stem ("overstate" / "overstatement", "evacuate" / "evacuation")."""
    if not a or not b:
        return False
    if a == b:
        return True
    common = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    return common >= 6 and common >= min(len(a), len(b)) - 2


def measure_key(m: Measure) -> str:
    """The bucket a measure is grouped in: figures in different buckets never meet. Keyed by
    the stem of the act when there is one, else of the thing."""
    return f"{m.kind}:{(m.act or m.thing)[:6]}"


def measure_words(m: Measure) -> str:
    """The measure in a reader's words: 'people killed', 'suspected case', 'days of curfew'."""
    if m.kind == "duration":
        return f"duration of {m.thing or m.act}".strip()
    words = [*[w for w in m.mods if w != m.act], m.thing or "", m.act and _participle(m.act)]
    text = " ".join(w for w in words if w)
    return text or m.kind


_PAST_SPEC = """win:won cast:cast hold:held lose:lost give:given take:taken throw:thrown
    seek:sought cost:cost flee:fled shoot:shot spend:spent sell:sold cut:cut hit:hit build:built
    buy:bought pay:paid find:found burn:burned go:gone do:done make:made send:sent
    bring:brought leave:left keep:kept strike:struck write:written run:run put:put set:set"""
_IRREGULAR_PAST = dict(pair.split(":") for pair in _PAST_SPEC.split())


def _participle(act: str) -> str:
    """'arrest' -> 'arrested', 'take part' -> 'taken part', 'certify' -> 'certified'."""
    verb, _, rest = act.partition(" ")
    if verb in _IRREGULAR_PAST:
        done = _IRREGULAR_PAST[verb]
    elif verb.endswith("ed"):
        done = verb
    elif verb.endswith("e"):
        done = verb + "d"
    elif re.fullmatch(r"\w*[^aeiou]y", verb):
        done = verb[:-1] + "ied"
    elif re.fullmatch(r"[^aeiou]*[aeiou][^aeiouwxy]", verb):
        done = verb + verb[-1] + "ed"  # stop -> stopped
    else:
        done = verb + "ed"
    return f"{done} {rest}" if rest else done


_SLOT_KINDS = {"count": ("count", "amount"), "money": ("money",), "percentage": ("percentage",)}
_SLOT_KINDS["duration"] = ("duration",)


def answers_measure(slot: str, words: Sequence[str], m: Measure) -> bool:
    """Does a question asking for `slot` about `words` (lemmas of the asked noun and verb: "people",
    "arrest") ask for the quantity `m`? Its kind fits the slot, and one asked word names its
    act or its thing ("died" names "kill"; "people" alone names nothing)."""
    if m.kind not in _SLOT_KINDS.get(slot, ()):
        return False
    asked = {_SAME_ACT.get(w, w) for w in words if w not in FIGURE_NOUNS and w not in _PEOPLE}
    if not asked:
        return True
    named = {m.act, m.thing} - {"", "people"} | set(m.mods)
    return any(_same_word(a, n) for a in asked for n in named)
