"""The English words figures are measured with: time and physical units, acts that name one
event ("died" = "killed"), nouns that name a figure, verbs that only report, words that never
tell two quantities apart; and a measure said back in a reader's words. Grammar words, units
and a few synonym sets only, never names or topics.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from assistant.corpus.inflect import PARTICIPLE, verb_form
from assistant.corpus.sentences import DAY_NAMES, MONTH_NAMES
from assistant.types import Measure

MONTHS = tuple(MONTH_NAMES.split("|"))  # in calendar order: MONTHS[0] is January
# the month and day names, lower-case: a time, not a name
MONTH_WORDS = frozenset(f"{MONTH_NAMES}|{DAY_NAMES}".lower().split("|"))

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
# nouns for a stretch of time that say nothing of what lasted: "over a period of 22 months"
TIME_SPANS = frozenset("period span stretch spell time timeframe window".split())
# physical units, by what they measure: "2 kg" and "2,000 grams" are one kind of amount
PHYSICAL = {
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
DIMENSIONS = frozenset(PHYSICAL.values())
# the measure a "how" adjective asks: "how deep" a depth, "how far" a distance
DIMENSION = {
    "deep": "depth",
    "high": "height",
    "tall": "height",
    "wide": "width",
    "long": "length",
    "far": "distance",
    "heavy": "weight",
    "fast": "speed",
    "effective": "efficacy",
    "large": "size",
    "big": "size",
}
PEOPLE = frozenset(
    """people person individual resident inhabitant civilian citizen man woman child adult
    victim other inmate prisoner hostage pupil schoolchild student""".split()
)
# acts that name the same event: one key each
SAME_ACT = {
    "die": "kill",
    "death": "kill",
    "dead": "kill",
    "fatality": "kill",
    "killing": "kill",
    "slay": "kill",
    "murder": "kill",
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
    "custody": "arrest",
    "be in custody": "arrest",  # "nine journalists are in custody"
    "remain in custody": "arrest",
    "take into custody": "arrest",  # "31 crew members were taken into custody"
    "place in custody": "arrest",
    "be in detention": "arrest",
    "remain in detention": "arrest",
    "be behind bar": "arrest",  # "all 14 are still behind bars"
    "remain behind bar": "arrest",
    "put behind bar": "arrest",
    "lock up": "arrest",
    "spend in detention": "arrest",
    "spend in custody": "arrest",
    "lose life": "kill",  # "41 people lost their lives"
    "lose home": "displace",  # "12,400 people lost their homes"
    "drive from": "displace",  # "drove 30,000 people from their homes"
    "force from": "displace",
    "flee home": "displace",
    "leave home": "displace",  # "2,000 families have left their homes"
    "displaced": "displace",
    "homeless": "displace",  # "registered as homeless"
    "homelessness": "displace",
    # taken to hospital, falling ill
    "admit to hospital": "hospitalise",
    "take to hospital": "hospitalise",
    "treat in hospital": "hospitalise",
    "treat for injury": "injure",  # "seven protesters were treated for injuries"
    "treat for wound": "injure",
    "hospitalize": "hospitalise",
    "hospitalisation": "hospitalise",
    "hospitalization": "hospitalise",
    "admission": "hospitalise",  # "the board counts 23 admissions"
    "hospitalized": "hospitalise",
    "hospitalised": "hospitalise",
    "hospital admission": "hospitalise",  # "60 hospital admissions"
    "fall ill": "sicken",
    "become ill": "sicken",
    "make ill": "sicken",
    "take ill": "sicken",
    "fall sick": "sicken",
    "get sick": "sicken",
    "become sick": "sicken",
    "ill": "sicken",
    "unwell": "sicken",
    "sick": "sicken",
    "sickened": "sicken",
    "illness": "sicken",
    "infection": "infect",  # "640 cases of illness", "affected by illness"
    "sickness": "sicken",
    "imprison": "jail",
    # jobs that go: "620 redundancies", "1,140 jobs will go", "cut 300 jobs"
    "redundancy": "cut",
    "layoff": "cut",
    "lay off": "cut",
    "make redundant": "cut",
    "axe": "cut",
    "shed": "cut",
    "eliminate": "cut",
    "reduce job": "cut",  # "reduce its workforce by 1,150 roles"
    "job go": "cut",
    "job loss": "cut",
    "lose job": "cut",
    "destroy job": "cut",  # "destroyed 2,600 jobs"
    "cost job": "cut",  # "will cost the region about 6,800 jobs"
    "job destroy": "cut",  # "2,600 jobs will be destroyed"
    "job disappear": "cut",  # "jobs that will disappear"
    "job vanish": "cut",
    # paid to people: "refunded 9,800 ticket holders", "3,000 have received money"
    "refund": "pay",
    "reimburse": "pay",
    "compensate": "pay",
    "receive money": "pay",
    "receive refund": "pay",
    "receive payment": "pay",
    "make payment": "pay",  # "we will make a payment of 150,000 marks to each family"
    "receive compensation": "pay",
    # taking part in a collective action, or being counted in its crowd
    "take part": "take part",
    "turnout": "take part",
    "crowd": "take part",
    "attendance": "take part",
    "attendee": "take part",
    "attend": "take part",
    "gathering": "take part",
    "gather": "take part",
    "turn out": "take part",
    "show up": "take part",
    "march": "take part",
    "marcher": "take part",
    "rally": "take part",
    "demonstrate": "take part",
    "demonstrator": "take part",
    "protester": "take part",
    "protestor": "take part",
    "participant": "take part",
    "present": "take part",  # "4,500 people were present at the peak of the gathering"
    "fill": "take part",  # "more than 40,000 filled the square"
    "walk out": "take part",
    "walk down": "take part",  # "40,000 citizens walked down Liberty Avenue": a march
    "walk along": "take part",
    "walk through": "take part",
    "join": "take part",
    "participate": "take part",
    "go on strike": "take part",
    "come out on strike": "take part",
}
# things that name the same thing: one name each ("1,150 positions" and "2,700 jobs")
SAME_THING = {
    "position": "job",
    "post": "job",
    "role": "job",  # "will cut 1,150 roles": jobs
    "vessel": "boat",
    "ship": "boat",
    "house": "home",
    "dwelling": "home",
    "household": "family",  # "212 families", "340 households": a family each (not a house)
    "employee": "worker",
    "staffer": "worker",
    "staff": "worker",  # "58 staff", "58 workers"
    "personnel": "worker",
    "redundancy": "job",  # a redundancy is a job cut, counted as the jobs are
    "layoff": "job",
    "meal": "food",  # "refusing meals", "refusing food"
    "effective": "efficacy",  # "78% effective", "78% efficacy"
    "effectiveness": "efficacy",
}
# a figure noun that names its act by itself: "put the toll at 12,700 cattle" counts the dead
RECORD_ACTS = {"toll": "kill"}
# nouns that name a figure rather than a thing: "the death toll at 87", "the number of ballots"
FIGURE_NOUNS = frozenset(
    """number total toll tally figure count estimate sum amount level tallies figures""".split()
)
# verbs whose subject or object is the thing, not an act on it
NEUTRAL = frozenset(
    """be have say report estimate count document tell claim state announce confirm record
    register tally verify allege write note add acknowledge admit insist cite put give show list
    indicate suggest find reach rise climb stand increase grow fall drop jump soar total put
    number include exceed top hit remain bring raise revise lower update set place cause
    classify identify detect log mean define describe label term dub name publish weigh""".split()
)
# words narrowing a thing that never tell two quantities apart
BLAND = frozenset(
    """more other further additional new least most some many several few estimated total
    overall about around nearly almost roughly approximately official latest final first
    initial preliminary own whole entire combined real true actual revised updated""".split()
)
TOTALS = frozenset("total overall whole entire combined all".split())
# a statistic of a quantity, never the quantity itself: "the median sentence"
STATISTICS = frozenset("average mean median maximum minimum typical".split())
# what is "held" without anyone being held: "three meetings were held"
GATHERINGS = frozenset(
    """meeting hearing session talk election vote poll ballot event ceremony funeral vigil
    conference rally march protest referendum trial inquiry debate match game concert""".split()
)
WHOLE = "whole"  # the narrowing word of the 23 in "eleven of the 23 piers": a denominator
PART = "part"  # the narrowing word of "N of the M things": a part of a counted whole
# nouns that make what they hold a sum: "a fee of 2,100 drals", "worth 300 kors"
MONEY_NOUNS = frozenset(
    "fee price cost worth salary wage fine budget bill payment compensation ransom bail bribe"
    " kickback".split()
)
# what a sum is called after "in" or "is": "$3.2 billion in damage", "$12 million in compensation"
SUM_NOUNS = MONEY_NOUNS | {"damage", "value", "loss"}
# money changing hands, named from either end: "we transferred 1.8 billion" to a treasury that
# "has received 640 million"; aid "delivered", money that "has arrived", grants "pocketed"
PAYING = dict.fromkeys(
    "pay transfer send disburse remit receive wire deliver arrive pocket".split(), "pay"
)
# verbs that say something happened to people, naming what by its cause ("affected by illness")
IMPACT = frozenset("affect hit strike touch".split())
# what befalls a home whose people lose it ("people whose homes collapsed")
DESTROYING = frozenset("collapse destroy flatten raze demolish wreck burn level".split())
# the narrowing word of a figure one sentence sets against another voice's ("X says 29,500, Y
# counts 38,000"): a marker that makes it groupable, never a narrowing of what is counted
COMPARED = "compared"
GAP = "gap"  # the narrowing word of a time between two events: "two days after the festival"
PER = "per-"  # the narrowing word of a rate: "per-day" of "180 million kors a day"
# adjectives that make a figure a rate: "the annual saving" is a saving per year
RATE_ADJECTIVES = {"annual": "year", "yearly": "year", "daily": "day", "weekly": "week"}
RATE_ADJECTIVES |= {"monthly": "month", "hourly": "hour"}
# the narrowing word of a count bounded by a time ("3,150 patients who had waited more than 52
# weeks": "beyond-12 months"); the bound itself is marked BOUND, a limit and not a claim
BEYOND = "beyond-"
BOUND = "bound"
NAMED_BEFORE = "named"  # the narrowing word of "the two vessels": things named before, not counted
EARLIER = "earlier"  # the narrowing word of 1,500 in "raised from 1,500 to 2,100": a past state
# words of a change from one value to another ("rose from 32 to 47")
CHANGES = frozenset(
    """rise raise increase grow climb jump soar fall drop decline cut reduce lower double triple
    halve revise change shrink swell slip plunge go move""".split()
)
AGE_WORDS = frozenset("aged age old".split())
# words that foresee a figure rather than report one: "assumed 48,000 vehicles a day", "a
# forecast of 48,000"; the narrowing word `PROJECTED` keeps it from what came to pass
PROJECTING = frozenset(
    "assume forecast project projection predict prediction promise envisage anticipate".split()
)
PROJECTED = "projected"
# nouns of a scale: "raised its alert level from 3 to 4" names a point on it, counts nothing
SCALE_NOUNS = frozenset("level grade category stage tier rating notch".split())
PARTICLES = frozenset("out off up down away back over".split())


# verbs that say only how long a thing takes: "the work will take 30 weeks" = "the work can be
# finished in 12 weeks"
LASTING = frozenset("be last take finish complete end do run carry".split())

SPENDING = frozenset("pay spend invest lose cost charge earn raise owe borrow lend".split())


# acts on an amount of a substance that name one event ("escaped" = "leaked" = "released")
# a substance that escaped, leaked, poured, flowed or entered the river was released
AMOUNT_ACTS = dict.fromkeys(
    "escape leak spill discharge pour flow seep gush drain enter dump".split(), "release"
)
# ... and a stuff taken away was removed: "hauled 60 tonnes of dead fish out", "15 tonnes
# have been recovered", "collected 38 tonnes"
AMOUNT_ACTS |= dict.fromkeys("remove recover collect retrieve haul pull clear".split(), "remove")
# (not SAME_ACT: "43 prisoners escaped" were not released)
# land a thing takes up: "occupies 3,200 acres", "covers some 4,100", "has fenced off 5,650"
AREA_ACTS = dict.fromkeys(
    ["occupy", "cover", "use", "enclose", "span", "fence", "fence off", "take in", "take up"],
    "occupy",
)
SPEED_ACTS = dict.fromkeys("travel do go run drive head move".split(), "travel")  # "doing 31 mph"
# the acts, one name each ("kill", "take part", "release")
ACTS = frozenset(SAME_ACT.values()) | frozenset(AMOUNT_ACTS.values())


@cache
def act_stems() -> dict[str, frozenset[str]]:
    """Stem of a one-word name of an act -> the stems of every one-word name of that act, in
    the search index's stemming ("deaths" -> {"death", "die", "dead", "kill", ...})."""
    from assistant.store.lexical import stems

    family: dict[str, set[str]] = {}
    for word, act in SAME_ACT.items():
        if " " not in word:  # "take part" is no name of "take" or "part"
            family.setdefault(act, set() if " " in act else {act}).add(word)
    out: dict[str, frozenset[str]] = {}
    for words in family.values():
        stemmed = frozenset(st for w in words for st in stems(w))
        out |= dict.fromkeys(stemmed, stemmed)
    return out


def same_act(lemma: str) -> str:
    """The act a word names, one word per act: 'die', 'death' -> 'kill'; 'detain' -> 'arrest'."""
    return SAME_ACT.get(lemma, lemma)


def thing_does(thing: str, verb: str) -> str:
    """The act a thing's own phrase with its verb names ("jobs that will go": cut), else the
    verb as it is."""
    return SAME_ACT.get(f"{SAME_THING.get(thing, thing)} {verb}", verb)


def event_of(thing: str, verb: str) -> str:
    """The act a verb does to a thing, in the thing's own phrases where it has them: 'lose'
    and 'go' done to jobs are both 'cut' ("jobs will be lost", "jobs will go")."""
    done_to = SAME_ACT.get(f"{verb} {SAME_THING.get(thing, thing)}")
    return done_to or same_act(thing_does(thing, verb))


def measure_words(m: Measure) -> str:
    """The measure in a reader's words: 'people killed', 'suspected case', 'days of curfew'."""
    if m.kind == "duration":
        return f"duration of {m.thing or m.act}".strip()
    mods = [w for w in m.mods if w not in (m.act, COMPARED) and not w.startswith(BEYOND)]
    words = [*mods, m.thing or "", m.act and verb_form(m.act, PARTICIPLE)]
    text = " ".join(w for w in words if w)
    return text or m.kind


_STRESSING = frozenset("full whole entire long straight consecutive".split())


def duration_hours(text_after: str) -> float:
    """Hours in the time unit that follows a duration's number ('days' -> 24; 'full weeks',
    'whole days': the unit past a word that only stresses it), 0 if none."""
    words = text_after.lstrip(" -‐\u00a0").split(" ", 2)
    if len(words) > 1 and words[0].lower() in _STRESSING:
        words = words[1:]
    word = words[0].lower().strip(".,;:)")
    word = word[:-1] if word.endswith("s") else word
    return TIME_UNITS.get(word, 0.0)


def doers(verb: str) -> tuple[str, ...]:
    """The nouns of who does a verb: "lead" -> "leader", "own" -> "owner", "invest" ->
    "investor", "manage" -> "manager"."""
    return (f"{verb}r", f"{verb}er", f"{verb}or")


def same_word(a: str, b: str) -> bool:
    """One word, or one stem ("overstate" / "overstatement", "evacuate" / "evacuation")."""
    if not a or not b:
        return False
    if a == b:
        return True
    common = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    return common >= 6 and common >= min(len(a), len(b)) - 2


_SLOT_KINDS = {"count": ("count", "amount"), "money": ("money",), "percentage": ("percentage",)}
_SLOT_KINDS["duration"] = ("duration",)


def answers_measure(slot: str, words: Sequence[str], m: Measure) -> bool:
    """Does a question asking for `slot` about `words` (lemmas of the asked noun and verb: "people",
    "arrest") ask for the quantity `m`? Its kind fits the slot, and one asked word names its
    act or its thing ("died" names "kill"; "people" alone names nothing)."""
    kinds = _SLOT_KINDS.get(slot, ())
    if slot == "count" and any(w in TIME_UNITS for w in words):
        kinds = ("duration",)  # "over how many sitting days": a duration in days
    # the unit, or "last", "take", says nothing of what lasted
    words = [w for w in words if w not in TIME_UNITS and w not in LASTING]
    if m.kind not in kinds:
        return False
    asked = {SAME_ACT.get(w, w) for w in words if w not in FIGURE_NOUNS and w not in PEOPLE}
    if not asked:
        return True
    named = {m.act, m.thing} - {"", "people"} | set(m.mods)
    return any(same_word(a, n) for a in asked for n in named)


# the verbs that report a figure rather than do what it counts ("X said", "attributed 11
# deaths to the storm")
REPORTING_LEMMAS = frozenset(
    """say report estimate count document tell claim state announce confirm record register
    tally verify allege write note add acknowledge admit insist cite put give publish find
    show list calculate reckon believe assert maintain expect forecast predict project
    attribute boast argue contend concede stress certify release repeat""".split()
)
