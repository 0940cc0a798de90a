"""What a figure measures, read from the dependency parse of its sentence (spaCy).

A figure's `Measure` is its kind (count, money, percentage, duration, amount, date, time, age,
ordinal, identifier), the thing it counts (the head noun: "ballots", "seats"; persons of any
description are "people"), the act that counts it ("arrested", "rejected", "won": the verb or
participle governing that noun) and the words that narrow it ("suspected", "total").

Two figures can only measure the same quantity when these agree (`comparable.same_measure`):
a count of people arrested is not a count of people charged, seats won are not seats in total,
and a duration never meets a count. General English only: the lexicons below are grammar words,
units and a few synonym sets ("died" = "killed"), never names or topics.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from assistant.ledger.acts import (
    act_of,
    amount_of,
    changed_by,
    child,
    compound_act,
    event_act,
    gapped_noun,
    lemma,
    of_act,
    of_object,
    on_a_scale,
    referred_to,
    share_doing,
    verb_lemma,
    verb_of_total,
)
from assistant.ledger.currencies import MONEY_UNIT
from assistant.ledger.figures import CURRENCY_WORDS
from assistant.ledger.words import (
    AGE_WORDS,
    BLAND,
    CHANGES,
    FIGURE_NOUNS,
    GAP,
    LASTING,
    MONEY_NOUNS,
    NEUTRAL,
    PAYING,
    PEOPLE,
    PHYSICAL,
    SAME_ACT,
    SAME_THING,
    SPENDING,
    STATISTICS,
    SUM_NOUNS,
    TIME_UNITS,
    TOTALS,
    event_of,
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


def _is_percent(t: Token) -> bool:
    return t.text == "%" or t.lower_ in ("percent", "cent", "pc")


def _noun_of(root: Token) -> tuple[Token | None, Token | None]:
    """(the noun the figure counts, the verb it is the subject or object of when it stands
    alone: '87 died', 'won 12')."""
    t = phrase_top(root)  # "4.5 million", "41 %", "7 percent"
    if _is_percent(t):
        of = of_object(t)
        if of is not None and of.pos_ != "PRON":  # "Of these, 61% opposed": no whole named
            return of, share_doing(t)  # "84% of people who responded opposed the closures"
        said = [t.head] if t.dep_ == "npadvmod" else [c for c in t.children if c.dep_ == "amod"]
        said = [a for a in said if a.pos_ == "ADJ" and lemma(a) in SAME_THING]
        if said:
            return said[0], None  # "78% effective": its efficacy
    if t.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod") and t.head.pos_ in (
        "NOUN",
        "PROPN",
    ):
        listed = of_object(t.head) if lemma(t.head) in _LISTS else None
        verb = verb_of_total(t.head) or changed_by(t.head)  # "40 names of people": people
        return listed or t.head, verb
    after = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    said_of_it = after is not None and (after.pos_ == "ADJ" or _participle_of(after, t))
    if said_of_it and after is not None and SAME_ACT.get(lemma(after)):
        return after, None  # "87 dead", "200 injured", "a figure of 7,000 detained": the people
    if t.dep_ == "pobj" and t.head.dep_ in ("prep", "agent"):
        gov = t.head.head
        if gov.pos_ in ("NOUN", "PROPN"):
            return referred_to(gov) or gov, None  # "the figure of 4,200 refers to people…"
        if gov.dep_ == "acomp" and lemma(gov.head) == "be" and t.head.lower_ in ("to", "than"):
            return child(gov.head, ("nsubj", "nsubjpass")), None  # "the cost is closer to 75"
        if gov.pos_ in ("VERB", "AUX"):
            noun = child(gov, ("dobj", "nsubj", "nsubjpass", "attr"))
            if (noun is None or noun.tag_ in ("WDT", "WP")) and gov.dep_ in ("acl", "relcl"):
                return gov.head, None  # "people evacuated at 14,200", "jobs that will go at 600"
            return noun, None
    of = of_object(t)
    if of is not None:
        return of, t.head if t.dep_ in ("nsubj", "nsubjpass", "dobj") else None
    if t.dep_ == "attr" or (t.dep_ == "acomp" and lemma(t.head) == "be"):
        return child(t.head, ("nsubj", "nsubjpass")), None  # "the toll is (more than) 100"
    if t.dep_ == "dobj" and lemma(t.head) in _TOTALLING:  # "received kickbacks totalling $4.7
        total = t.head  # million": the kickbacks, and what was done with them
        totalled = total.head if total.dep_ == "acl" else child(total, ("nsubj",))
        if totalled is not None and totalled.pos_ == "NOUN":
            up = totalled.head if total.dep_ == "acl" else total.head
            return totalled, up if up.pos_ == "VERB" and up.i != total.i else None
    if t.dep_ in ("nsubj", "nsubjpass", "dobj"):
        return gapped_noun(t.head, t), t.head
    return None, None


_TOTALLING = frozenset({"total", "amount", "number"})


def _participle_of(word: Token, number: Token) -> bool:
    return word.dep_ == "acl" and word.head.i == number.i and word.tag_ == "VBN"


_LISTS = frozenset({"name"})  # a list's entries count what they are of


def _mods(noun: Token, act: str) -> tuple[str, ...]:
    words = {
        lemma(c)
        for c in noun.children
        if c.dep_ in ("amod", "compound", "nmod")
        and not c.like_num
        and c.pos_ != "PROPN"
        and not _is_percent(c)
    }
    words = {w for w in words if w not in BLAND or w in TOTALS} - {act}
    return tuple(sorted(words))


def _time_target(unit: Token) -> Measure:
    """What a duration is of (`_lasting`); a gap between two events ("40 minutes after the
    fire crossed Route 9", "two days after the festival ended") is marked as one, so it never
    meets how long either event lasted."""
    m = _lasting(unit)
    after = unit.doc[unit.i + 1].lower_ if unit.i + 1 < len(unit.doc) else ""
    held = unit.dep_ == "pobj" and unit.head.lower_ == "for"  # "for nine days before his death"
    if not held and (after in _OFFSETS or any(c.lower_ in _OFFSETS for c in unit.children)):
        return replace(m, mods=tuple(sorted({*m.mods, GAP})))
    return m


def _lasting(unit: Token) -> Measure:
    """What a duration is of: its thing (with the nouns compounded with it) and act. 'the
    strike lasted four days' -> strike; 'a five-day curfew' -> curfew; 'closed for 12 days' ->
    act close; 'the repair work can be finished in 12 weeks' -> work (repair). A verb that
    only says how long (`LASTING`) or reports (`NEUTRAL`: "given 28 days") is no act."""
    head = unit.head
    if unit.dep_ in ("compound", "amod", "nmod") and head.pos_ == "NOUN":
        return _duration_of(head, "")
    if unit.dep_ == "pobj" and unit.head.dep_ == "prep":
        head = unit.head.head
    elif unit.dep_ == "npadvmod" and head.lower_ in _OFFSETS and head.dep_ == "prep":
        head = head.head  # "arrived at 1.59am, six minutes after the call": the arrival
    if head.pos_ == "NOUN":
        return _duration_of(head, "")
    if head.pos_ not in ("VERB", "AUX") or lemma(head) in _GRANTING:
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
        subject = child(head.head, ("dobj", "nsubjpass", "nsubj"))  # "expect X to take"
    act = "" if lemma(head) in LASTING or lemma(head) in NEUTRAL else lemma(head)
    purpose = child(head, ("xcomp", "advcl")) if lemma(head) == "take" else None
    if purpose is not None and purpose.pos_ == "VERB":
        act = verb_lemma(purpose)  # "took nearly 11 hours to bring it under control"
    if subject is None or subject.pos_ == "PRON":
        return Measure("duration", "", act, ())
    return _duration_of(subject, act)


def _record_span(unit: Token) -> bool:
    """The span a record is set over, not a duration anything lasted: "the deadliest fire in
    more than four decades", "for the first time in 30 years"."""
    if unit.dep_ != "pobj" or unit.head.lower_ not in ("in", "for", "since"):
        return False
    held = unit.head.head
    return held.tag_ == "JJS" or any(
        c.tag_ == "JJS" or c.lower_ == "first" for c in held.children if c.dep_ == "amod"
    )


_GRANTING = frozenset("give grant allow offer".split())
_OFFSETS = frozenset("after before later earlier ago since".split())


def _duration_of(noun: Token, act: str) -> Measure:
    """A duration's thing, with the nouns compounded with it and the adjectives that say which
    one it is ("the maximum sentence", "pretrial detention"; not "the first", "12-day")."""
    compounds = {lemma(c) for c in noun.children if c.dep_ == "compound" and c.pos_ == "NOUN"}
    which = {
        lemma(c)
        for c in noun.children
        if c.dep_ == "amod" and c.pos_ == "ADJ" and not c.like_num and "-" not in c.text
    }
    word = lemma(noun)
    mods = compounds | {w for w in which if w not in BLAND and w not in TIME_UNITS}
    return Measure("duration", SAME_THING.get(word, word), act, tuple(sorted(mods)))


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
    if noun is not None and lemma(noun) in TIME_UNITS:
        nxt = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
        return "age" if nxt is not None and nxt.lower_ == "old" else "duration"
    if root.ent_type_ == "TIME":
        return "time"
    if root.ent_type_ == "DATE" and noun is None:
        return "date"
    if noun is not None and lemma(noun) in PHYSICAL:
        return "amount"
    if (noun is None or noun.i < root.i) and on_a_scale(root):
        return "identifier"  # "raised the alert level from 3 to 4", "the level stays at 5"
    return "count"


_GRAMMAR = frozenset({"PUNCT", "ADP", "DET", "CCONJ", "PART"})  # "a total of €118 million in"
_SUMS = frozenset({"money", "fund", "funding", "cash"})  # a sum's nouns that say nothing more


def _thing(noun: Token | None, act: str, kind: str) -> str:
    """The thing counted: "people" for persons, else the noun's lemma; none for a pronoun or a
    number ("$31 million of that", "of the $85 million"), nor for money called money."""
    if noun is None or noun.pos_ in ("PRON", "NUM") or (kind == "money" and lemma(noun) in _SUMS):
        return "people" if act and kind == "count" else ""
    word = lemma(noun)
    if word in SAME_THING:
        return SAME_THING[word]  # "620 redundancies": jobs
    if word in PEOPLE or noun.ent_type_ in ("NORP",):
        return "people"
    if kind == "count" and (SAME_ACT.get(word) or SAME_ACT.get(noun.lower_)):
        return "people"  # "87 deaths": people killed
    if kind == "count" and (compound_act(noun) or of_act(noun)):
        return "people"  # "60 hospital admissions", "640 cases of illness": people
    return word


def _holder(noun: Token) -> Token | None:
    """The noun a counted noun is the measure of: "fees of 14.2 million euros" -> fees, "a
    crowd of 3,500 people" -> crowd, "estimated the crowd at about 3,500 people" -> crowd."""
    if noun.dep_ != "pobj":
        return None
    prep, holder = noun.head, None
    if prep.lower_ == "of" and prep.head.pos_ == "NOUN":
        holder = prep.head
    elif prep.lower_ == "at" and prep.head.pos_ == "VERB" and lemma(prep.head) in NEUTRAL:
        holder = child(prep.head, ("dobj",))
    if holder is None or holder.pos_ != "NOUN" or holder.i == noun.i or _is_percent(holder):
        return None  # "41% of the votes": the votes are what the share is of
    return None if lemma(holder) in FIGURE_NOUNS | BLAND | _LISTS else holder


def _spent_on(verb: Token | None) -> str:
    """What money was paid, spent or lost on, when the verb says: "paid 14.2 million in fees"
    -> fee, "paid 540 million for a 45% stake" -> stake; "" otherwise."""
    if verb is None or lemma(verb) not in SPENDING:
        return ""
    for prep in [
        *verb.children,
        *(c for o in verb.children if o.dep_ == "dobj" for c in o.children),
    ]:
        obj = child(prep, ("pobj",)) if prep.dep_ == "prep" else None
        if prep.lower_ not in ("in", "for", "on") or obj is None or obj.pos_ != "NOUN":
            continue
        if lemma(obj) not in TIME_UNITS and lemma(obj) not in FIGURE_NOUNS | BLAND:
            return lemma(obj)
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


def _currency_named(noun: Token, root: Token, q: Quantity) -> bool:
    """Is the figure's noun its currency: one the lexicon knows ("48 million crowns"), or the
    word after a sum in a currency its text uses ("14.2 million dalers")?"""
    return noun.lower_ in CURRENCY_WORDS or (q.unit == MONEY_UNIT and noun.i == root.i + 1)


def _holds_figure(inner: Token, root: Token, q: Quantity, kind: str) -> bool:
    """Is the figure noun's "of" object the figure itself ("the figure of 118"), or its
    currency ("the figure of 48 million crowns")?"""
    if inner.i in (root.i, phrase_top(root).i):
        return True
    return kind == "money" and _currency_named(inner, root, q)


def _measure_at(root: Token, q: Quantity) -> Measure:
    noun, verb = _noun_of(root)
    kind = _special_kind(root, noun, q)
    if kind == "money" and noun is not None and _currency_named(noun, root, q):
        noun, verb = _noun_of(noun)  # "48 million crowns" is read as "$48 million" is
    if kind == "duration" and noun is not None:
        return Measure("duration") if _record_span(noun) else _time_target(noun)
    if kind == "amount" and noun is not None:
        act, stuff = amount_of(noun)  # "the volume discharged at 126 million litres" is of
        dimension = PHYSICAL[lemma(noun)]  # no stuff: "volume" is what litres measure
        return Measure("amount", dimension, act, tuple(w for w in stuff if w != dimension))
    if noun is not None and lemma(noun) in FIGURE_NOUNS:
        inner = of_object(noun)
        marks = [c for c in noun.children if c.dep_ in ("compound", "amod") or c.i == root.i + 1]
        marks = [c for c in marks if c.pos_ not in _GRAMMAR and lemma(c) not in BLAND]
        if root.head.i == noun.i and root.dep_ == "nummod" and noun.tag_ == "NNS":
            return Measure(kind, "", "", ())  # "three different death tolls": figures counted
        record_act = lemma(max(marks, key=lambda c: c.dep_ == "acl")) if marks else ""
        holds_figure = inner is not None and _holds_figure(inner, root, q, kind)
        if inner is not None and not holds_figure:  # "the figure of 118 injured": no inner
            # "the number of people killed": the parse may hang "killed" on "number"
            done = [c for c in noun.children if c.dep_ == "acl" and c.i == inner.right_edge.i + 1]
            noun, verb = inner, (done[0] if done and done[0].tag_ == "VBN" else verb)
        elif record_act:
            act = SAME_ACT.get(record_act, record_act)
            return Measure(kind, _thing(None, act, kind), act, ())  # "the toll of 21 dead"
        elif holds_figure and noun.dep_ == "dobj" and verb_lemma(noun.head) not in NEUTRAL:
            verb = noun.head  # "received a total of €118 million": what was received
            noun = None
        elif inner is not None:  # "the figure of 12,000 was based on...": says what of it?
            return Measure(kind, "", "", ())
    act = _act_done(root, noun, verb, kind)
    mods = _mods(noun, act) if noun is not None else ()
    holder = _holder(noun) if noun is not None else None
    if holder is not None and not act and SAME_ACT.get(lemma(holder)):
        act = SAME_ACT[lemma(holder)]  # "a crowd of 3,500 people": people taking part
    elif holder is not None:
        mods = tuple(sorted({*mods, lemma(holder)}))  # "fees of 14.2 million euros"
    thing = _thing(noun, act, kind) or (_sum_named(root, verb) if kind == "money" else "")
    if kind in ("money", "count"):
        spent = _spent_on(verb if verb is not None else _governor(noun))
        mods = tuple(sorted({*mods, spent} - {""}))
        thing = thing or spent  # "paid $21 million in fees": fees
    # a money noun naming the counted thing's kind ("18,640 payment vouchers") is no sum
    kinds = {lemma(c) for c in noun.children if c.dep_ == "compound"} if noun is not None else set()
    sums = sorted(MONEY_NOUNS & ({*mods} - kinds))
    if kind == "count" and thing not in PEOPLE and (act == "cost" or sums):
        kind, thing = "money", (sums or [""])[0]  # "a fee of 2,100 drals": a currency's name
    if thing in STATISTICS:  # "received an average of €640": an average of what was received
        mods, thing = tuple(sorted({*mods, thing})), ""
    mods = tuple(w for w in mods if w != thing)  # "€412,000 in compensation": no narrowing
    property_ = noun is not None and noun.pos_ == "ADJ"  # "71% effective": a property's share
    if kind == "percentage" and not property_:
        return _share_measure(root, Measure(kind, thing, act, mods))
    return Measure(kind, thing, act, mods)


def _act_done(root: Token, noun: Token | None, verb: Token | None, kind: str) -> str:
    """The act a figure counts: its verb's ('12 of its civilians were seized'), else its
    noun's ('87 deaths'), in the one word each act has."""
    act = ""
    if verb is not None and verb_lemma(verb) not in NEUTRAL:
        act = verb_lemma(verb)  # '12 of its civilians were seized', '11 wounded'
    elif noun is not None:
        act = event_act(noun) if kind == "count" else act_of(noun)
    act = SAME_ACT.get(act, act)
    if act and noun is not None and noun.pos_ == "NOUN":
        act = event_of(lemma(noun), act)  # "reduce ... by 1,150 roles": jobs cut
    if kind == "money":
        act = PAYING.get(act, act)  # "transferred 1.8 billion" / "received 640 million"
        if not act and _reached_someone(root, verb):
            act = "pay"  # "less than $3 million has reached the families"
    return act


def _share_measure(root: Token, m: Measure) -> Measure:
    """A share named by what it is a share of: "turnout reached 61.4% of voters" is a turnout
    (when no act counts it); otherwise that whole narrows it."""
    share = _share_of_what(root)
    if share and not m.act and _said_of(root):
        return replace(m, thing=share, mods=tuple(sorted({*m.mods, m.thing} - {"", share})))
    return replace(m, mods=tuple(sorted({*m.mods, share} - {""})))


def _sum_named(root: Token, verb: Token | None) -> str:
    """What a sum is called when its own noun says nothing: "less than $4 million of this is
    real compensation", "$12 million in compensation" -> compensation."""
    top = phrase_top(root)
    if top.head.lower_ == "worth":
        return "value"  # "is worth $4.2 million a year": its value
    said = child(verb, ("attr",)) if verb is not None and lemma(verb) == "be" else None
    preps = [*top.children, *(verb.children if verb is not None else ())]
    named = [said, *(child(p, ("pobj",)) for p in preps if p.dep_ == "prep" and p.lower_ == "in")]
    return next((lemma(n) for n in named if n is not None and lemma(n) in SUM_NOUNS), "")


def _reached_someone(root: Token, verb: Token | None) -> bool:
    """Money that is the subject of 'reach' with an object: paid to them."""
    subject = phrase_top(root).dep_ in ("nsubj", "nsubjpass")
    return subject and verb is not None and lemma(verb) == "reach" and bool(child(verb, ("dobj",)))


def _said_of(root: Token) -> bool:
    """Is the percentage the amount its clause says its subject is or reaches ("turnout
    reached 61.4%", "turnout was 47.8%"), not an adjunct beside it ("..., with 71.3% of valid
    votes") nor what the subject holds ("the reservoir held 14% of its capacity")?"""
    t = phrase_top(root)
    if t.dep_ == "pobj" and t.head.lower_ in ("to", "at"):
        t = t.head
    elif t.dep_ not in ("attr", "dobj"):
        return False
    verb = t.head
    made_up = verb.lemma_.lower() == "make" and any(c.lower_ == "up" for c in verb.children)
    return made_up or verb.lemma_.lower() in _AMOUNTING


# verbs that say their subject is a figure: "turnout reached 61.4%", "bad loans made up 9% of
# the book", "the write-down represents 1% of the assets"
_AMOUNTING = (
    frozenset("be reach stand hit top total amount come represent constitute comprise".split())
    | CHANGES
)


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
    subject = child(verb, ("dobj",) if t.dep_ == "prep" else ("nsubj", "nsubjpass"))
    if subject is None or subject.pos_ != "NOUN" or subject.i == t.i:
        subject = child(verb, ("nsubj", "nsubjpass"))
    if subject is None or subject.pos_ != "NOUN":
        return ""
    word = lemma(subject)
    return "" if word in FIGURE_NOUNS | BLAND or _is_percent(subject) else word


def _governor(noun: Token | None) -> Token | None:
    """The verb a counted noun is the object or subject of."""
    if noun is None or noun.dep_ not in ("dobj", "nsubjpass", "nsubj"):
        return None
    return noun.head if noun.head.pos_ in ("VERB", "AUX") else None
