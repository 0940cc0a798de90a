"""What a figure measures, read from the real parser (spaCy en_core_web_sm), on hand-made
sentences in general news English; and when two measures may be one quantity."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.corpus.nlp import parse
from assistant.ledger.comparable import groupable, measure_key, same_measure
from assistant.ledger.figures import find_figures
from assistant.ledger.statements import extract_figures
from assistant.ledger.words import COMPARED, EARLIER, PART, WHOLE, answers_measure
from assistant.types import Measure


def measures(sentence: str) -> dict[str, Measure]:
    """raw figure phrase -> its measure"""
    from assistant.ledger.measures import measure_of

    doc = parse(sentence)
    return {sentence[a:b]: measure_of(doc, a, b, q) for a, b, q in find_figures(sentence)}


@pytest.mark.parametrize(
    ("sentence", "raw", "kind", "thing", "act"),
    [
        ("Police arrested 47 people after the march.", "47", "count", "people", "arrest"),
        (
            "At least 38 people were killed, the ministry said.",
            "At least 38",
            "count",
            "people",
            "kill",
        ),
        ("The agency put the death toll at 87.", "87", "count", "people", "kill"),
        ("The commission rejected 1,240 ballots.", "1,240", "count", "ballot", "reject"),
        ("Some 14,200 residents were evacuated.", "Some 14,200", "count", "people", "evacuate"),
        ("The strike lasted four days.", "four", "duration", "strike", ""),
        (
            "Prosecutors say he received kickbacks totalling $4.7 million from contractors.",
            "$4.7 million",
            "money",
            "kickback",
            "pay",
        ),
        (
            "She pocketed more than $9 million in bribes.",
            "more than $9 million",
            "money",
            "bribe",
            "pay",
        ),
        ("Investors have lost $1.9 billion.", "$1.9 billion", "money", "", "lose"),
        ("Turnout of 71% was the lowest on record.", "71%", "percentage", "turnout", ""),
        ("Police seized 2 kg of salt.", "2", "amount", "mass", "seize"),
    ],
)
def test_measure_of_a_figure(sentence: str, raw: str, kind: str, thing: str, act: str) -> None:
    m = measures(sentence)[raw]
    assert (m.kind, m.thing, m.act) == (kind, thing, act), m


def test_a_bare_number_borrows_the_noun_of_the_clause_it_is_joined_to() -> None:
    found = measures("Orvel said four of its guards were killed and 13 wounded in the raid.")
    assert (found["four"].thing, found["four"].act) == ("guard", "kill")
    assert (found["13"].thing, found["13"].act) == ("guard", "injure")


def test_a_bare_number_borrows_the_noun_of_the_same_verb_in_its_sentence() -> None:
    found = measures("In 2019 the firm employed 26 rope engineers; today it employs 17.")
    assert found["17"].thing == found["26"].thing == "engineer"


def test_the_land_a_thing_takes_up_is_one_act_whatever_the_verb() -> None:
    for sentence in (
        "The park occupies 3,200 acres of the plateau.",
        "The park covers some 4,100 acres.",
        "The developer has fenced off about 5,650 acres.",
    ):
        (measure,) = measures(sentence).values()
        assert (measure.kind, measure.thing, measure.act) == ("amount", "area", "occupy")


def test_a_figure_that_says_what_it_refers_to_counts_that() -> None:
    found = measures("The figure of 4,200 refers only to people registered at the camps.")
    assert found["4,200"].thing == "people"
    found = measures("The total of 310 covers households in the two camps.")
    assert found["310"].thing == "family"  # one word for households and families


@pytest.mark.parametrize(
    ("sentence", "raw", "act"),
    [
        ("The campaign says it has counted 52 dead across the county.", "52", "kill"),
        ("The agency said 19 people lost their lives in the fire.", "19", "kill"),
        ("The storm drove 8,000 people from their homes.", "8,000", "displace"),
    ],
)
def test_common_ways_of_saying_killed_or_displaced(sentence: str, raw: str, act: str) -> None:
    assert measures(sentence)[raw].act == act


@pytest.mark.parametrize(
    ("sentence", "raw"),
    [
        ("The ministry says nine reporters are in custody.", "nine"),
        ("The ministry said nine reporters were being held.", "nine"),
        ("The group says all 14 are still behind bars.", "14"),
        ("Police have locked up 30 protesters since Monday.", "30"),
    ],
)
def test_ways_of_saying_held_in_detention_are_one_act(sentence: str, raw: str) -> None:
    assert measures(sentence)[raw].act == "arrest"


def test_an_event_that_is_held_holds_nobody() -> None:
    assert measures("Three public meetings were held in the town hall.")["Three"].act == "hold"


def test_a_statistic_of_a_quantity_is_not_the_quantity() -> None:
    maximum = measures("The offence carries a maximum sentence of five years.")["five"]
    median = measures("The median sentence imposed was two years.")["two"]
    assert "maximum" in maximum.mods and "median" in median.mods
    assert not same_measure(maximum, median)
    other = measures("Prosecutors say the maximum sentence is seven years.")["seven"]
    assert same_measure(maximum, other)


def test_a_partitive_figure_takes_the_act_of_its_verb() -> None:
    found = measures("The council said 30 of its tenants were evicted last winter.")
    assert (found["30"].thing, found["30"].act) == ("tenant", "evict")


def test_arrested_and_charged_are_two_quantities() -> None:
    found = measures("Police arrested 47 people, of whom 12 were later charged.")
    assert found["47"].act == "arrest" and found["12"].act == "charge"
    assert not same_measure(found["47"], found["12"])


def test_seats_won_are_not_seats_in_total() -> None:
    won = Measure("count", "seat", "win")
    total = Measure("count", "seat", "", ("total",))
    assert not same_measure(won, total)
    assert same_measure(won, Measure("count", "seat", "win", ("council",)))


def test_narrowing_words_that_differ_keep_quantities_apart() -> None:
    suspected = Measure("count", "case", "", ("suspected",))
    confirmed = Measure("count", "case", "", ("confirmed",))
    assert not same_measure(suspected, confirmed)
    assert same_measure(suspected, Measure("count", "case", "record", ("suspected",)))


def test_durations_dates_ages_and_identifiers_never_meet_counts() -> None:
    curfew = Measure("duration", "curfew")
    assert not same_measure(curfew, Measure("count", "curfew"))
    assert not same_measure(curfew, Measure("duration", "strike"))
    for kind in ("date", "time", "age", "ordinal", "identifier"):
        assert not groupable(Measure(kind, "people", "kill"))


def test_a_bare_noun_counts_only_when_a_voice_states_it() -> None:
    beds = Measure("count", "bed")
    assert not groupable(beds) and groupable(beds, attributed=True)
    assert not groupable(Measure("count", "people"), attributed=True)


def test_one_stem_is_one_word() -> None:
    assert same_measure(Measure("money", "overstatement"), Measure("money", "revenue", "overstate"))


def test_a_question_asks_for_a_measure_only_by_its_words() -> None:
    killed = Measure("count", "people", "kill")
    assert answers_measure("count", ("people", "die"), killed)
    assert not answers_measure("count", ("people", "arrest"), killed)
    assert not answers_measure("duration", ("people", "die"), killed)
    assert answers_measure("count", ("people",), killed)  # nothing narrower asked


def test_a_part_of_a_counted_whole_is_never_the_whole() -> None:
    text = "Eleven of the 23 kilns licensed by the guild have no chimney filters.\n"
    part, whole = extract_figures("d", text, publisher="Wire", date="", stance="")
    assert PART in part.measure.mods and PART not in whole.measure.mods
    assert part.measure.thing == whole.measure.thing == "kiln"
    assert not same_measure(part.measure, whole.measure)


@pytest.mark.parametrize(
    ("sentence", "raw", "thing", "act"),
    [
        ("Police estimated the crowd at about 3,500 people.", "about 3,500", "people", "take part"),
        (
            "The organisers put the turnout at more than 12,000.",
            "more than 12,000",
            "people",
            "take part",
        ),
        (
            "In our view the repair could be done for about $6.2 million.",
            "about $6.2 million",
            "cost",
            "",
        ),
        ("The ministry put the repair bill at 48 million crowns.", "48 million crowns", "bill", ""),
    ],
)
def test_synonyms_and_sums_read_as_one_measure(
    sentence: str, raw: str, thing: str, act: str
) -> None:
    m = measures(sentence)[raw]
    assert (m.thing, m.act) == (thing, act), m


def test_what_a_sum_or_a_share_is_of_keeps_quantities_apart() -> None:
    fees = measures("The fund paid 14.2 million euros in fees to its advisers.")[
        "14.2 million euros"
    ]
    stake = measures("The fund paid 540 million euros for a 45% stake.")["540 million euros"]
    assert not same_measure(fees, stake)
    down = measures("The write-down represents around 1% of the fund's assets.")["around 1%"]
    invested = measures("The investment amounted to about 1.7% of the fund's assets.")["about 1.7%"]
    assert not same_measure(down, invested)


def test_a_share_said_of_its_subject_measures_the_subject() -> None:
    reached = measures("The board said turnout reached 61.4% of registered voters.")["61.4%"]
    was = measures("The commission said turnout was 47.8%.")["47.8%"]
    assert reached.thing == "turnout" and same_measure(reached, was)
    beside = measures("The council says turnout was 61.4%, with 71.3% of valid votes in favour.")
    assert beside["71.3%"].thing != "turnout"
    held = measures("Our analysis shows the reservoir held about 14% of its capacity.")
    assert held["about 14%"].thing == "capacity"  # what the reservoir holds, not the reservoir


def test_a_duration_is_of_what_takes_that_long_whatever_the_verb() -> None:
    slow = measures("The department says the repair work will take about 30 weeks.")["about 30"]
    fast = measures("The contractor says the repair work can be finished in 12 weeks.")["12"]
    assert slow.kind == fast.kind == "duration" and same_measure(slow, fast)
    given = measures("The regulator has given the company 28 days to respond.")["28"]
    assert not groupable(given)  # "given 28 days": nothing said of what lasts


def test_the_whole_of_a_partitive_is_a_denominator() -> None:
    text = "Four of the province's nine districts have reported cases.\n"
    part, whole = extract_figures("d", text, publisher="Wire", date="", stance="")
    assert part.measure.thing == whole.measure.thing == "district"
    assert PART in part.measure.mods and WHOLE in whole.measure.mods
    assert not groupable(whole.measure, attributed=True)  # a denominator is never a claim


def test_a_figure_knows_the_years_its_own_clause_names() -> None:
    text = (
        "The work lasted 14 months, from May 2016 to July 2017. Halbrook, which did the work "
        "in 2016, says the repair will take 12 weeks (statement of 3 March 2025).\n"
    )
    lasted, weeks = extract_figures("d", text, publisher="Wire", date="2025-03-04", stance="")
    assert lasted.years == (2016, 2017)
    assert weeks.years is None  # another clause's year, and a bracketed date, are not its own


@pytest.mark.parametrize(
    ("sentence", "raw", "act"),
    [
        ("More than 400 children fell ill after eating the lunches.", "More than 400", "sicken"),
        ("About 150 children were unwell, he said.", "About 150", "sicken"),
        ("By noon 19 children had been admitted to hospital.", "19", "hospitalise"),
        ("Police say 4,500 people were present at the peak of the rally.", "4,500", "take part"),
    ],
)
def test_states_and_fixed_phrases_name_their_act(sentence: str, raw: str, act: str) -> None:
    m = measures(sentence)[raw]
    assert (m.thing, m.act) == ("people", act), m


def _stated(text: str) -> dict[str, tuple[Measure, str]]:
    """raw figure -> (measure, claimant) as the ledger reads them (invented names)"""
    found = extract_figures("d", text, publisher="Pub", date="2031-05-01", stance="unknown")
    return {f.raw: (f.measure, f.claimant) for f in found}


@pytest.mark.parametrize(
    ("sentence", "earlier", "later"),
    [
        ("The decree raises the annual fee at state colleges from 1,500 florins to 2,100.",
         "1,500 florins", "2,100"),
        ("Six reporters were detained, up from the three cases we reported last week.",
         "three", "Six"),
        ("The agency revised its toll from 32 to 47 deaths.", "32", "47"),
    ],
)  # fmt: skip
def test_the_value_a_change_starts_from_is_no_claim(
    sentence: str, earlier: str, later: str
) -> None:
    stated = _stated(sentence)
    assert EARLIER in stated[earlier][0].mods
    assert not groupable(stated[earlier][0], True)
    assert EARLIER not in stated[later][0].mods


def test_a_range_from_one_figure_to_another_is_no_change() -> None:
    stated = _stated("Estimates of the crowd ranged from 6,000 to 7,000 people.")
    assert all(EARLIER not in m.mods for m, _ in stated.values())


def test_an_elided_figure_restates_the_earlier_figure_of_its_size() -> None:
    text = (
        "Based on counts at three fixed points along the route, we estimate that between 6,000 "
        "and 7,000 people took part in the march. This is well above the Home Office's figure of "
        "about 1,800, and well below the figure of more than 12,000 given by the Tervel Students' "
        "Union."
    )
    stated = {raw: (_unmarked(m), voice) for raw, (m, voice) in _stated(text).items()}
    marched = stated["between 6,000 and 7,000"][0]
    assert stated["about 1,800"] == (marched, "Home Office")
    assert stated["more than 12,000"] == (marched, "Tervel Students' Union")


def _unmarked(m: Measure) -> Measure:
    """The measure without the mark of a figure set against another voice's (`COMPARED`)."""
    return replace(m, mods=tuple(w for w in m.mods if w != COMPARED))


def test_one_sentence_setting_voices_side_by_side_offers_one_quantity() -> None:
    stated = _stated(
        "The agency says 12,400 people have registered for shelter, the county counts 15,000, "
        "and Harbour Aid, a charity that has asked for more money, estimates 21,000."
    )
    voices = {raw: voice for raw, (_, voice) in stated.items()}
    assert voices == {"12,400": "agency", "15,000": "county", "21,000": "Harbour Aid"}
    measures = {m for m, _ in stated.values()}
    assert len(measures) == 1 and COMPARED in measures.pop().mods
    bare = Measure("count", "people", "", (COMPARED,))
    assert groupable(bare) and same_measure(bare, Measure("count", "people", "", ()))


@pytest.mark.parametrize(
    ("sentence", "raw", "claimant"),
    [
        ("Information shared with our members indicates that the train was travelling at "
         "around 45 mph as it approached Dunmore Lane, not the 31 mph Kestrel has claimed.", "31",
         "Kestrel"),
        ("The Rail Workers' Union, which has long opposed the cuts, says its members were told "
         "the train was doing around 45 mph.", "around 45", "Rail Workers' Union"),
    ],
)  # fmt: skip
def test_a_voice_in_a_relative_or_passive_reporting_clause(
    sentence: str, raw: str, claimant: str
) -> None:
    assert _stated(sentence)[raw][1] == claimant


def test_speeds_are_travelled_and_substances_released_whatever_the_verb() -> None:
    a = _stated("The recorder shows the train was travelling at 34 mph when it left the rails.")
    b = _stated("Varrow Freight says the train was doing 31 mph.")
    assert same_measure(a["34"][0], b["31"][0]) and a["34"][0].act == "travel"
    c = _stated("The board estimates that 71,500 litres of the solvent escaped.")
    d = _stated("We estimate that approximately 38,000 litres of the solvent was released.")
    assert same_measure(c["71,500"][0], d["approximately 38,000"][0])
    e = _stated("We find the volume of solvent released from the tank was 52,000 litres.")
    assert same_measure(d["approximately 38,000"][0], e["52,000"][0])  # what a copula says
    limit = _stated("This is within the 40 mph permitted speed for that section of line.")
    assert not groupable(limit["40"][0])


def test_a_reported_event_is_counted_by_the_event_not_the_report() -> None:
    a = _stated("The coroner said her office had attributed 11 deaths to the storm.")
    b = _stated("The alliance said its volunteers had documented 17 deaths.")
    assert a["11"][0].act == "kill" and same_measure(a["11"][0], b["17"][0])


def test_the_agent_of_a_passive_does_its_act() -> None:
    signed = _stated("The letter had been signed by 212 judges by noon on Monday.")
    signing = _stated("Some 212 judges signed the letter.")
    assert signed["212"][0].act == "sign" == signing["Some 212"][0].act


def test_a_light_verb_is_no_act_of_what_lasts() -> None:
    """ "Had eight months left" and "has 90 days to report" share the verb "have", which says
    nothing of what lasts: neither is a duration that can be disputed."""
    left = measures("Sorkin, who had eight months left to serve, was among the dead.")["eight"]
    due = measures("She has 90 days to report to the minister.")["90"]
    assert not same_measure(left, due) or not (groupable(left) and groupable(due))
    assert "have" not in (left.act, due.act)


def test_a_rough_duration_in_whole_units_is_good_to_half_a_unit() -> None:
    """ "Nearly two days" is 36 to 48 hours: it agrees with a 41-hour siege."""
    text = "The siege had lasted nearly two days. Officials said the siege lasted 41 hours.\n"
    rough, exact = extract_figures("d", text, publisher="Wire", date="", stance="")
    assert (rough.quantity.low, rough.quantity.high) == (36.0, 48.0)
    assert rough.quantity.low <= exact.quantity.low <= rough.quantity.high
    weeks = extract_figures(
        "d", "The works took about 30 weeks.\n", publisher="W", date="", stance=""
    )
    assert weeks[0].quantity.low == 0.95 * 30 * 168  # many units: its own interval


def test_one_thing_in_other_words_is_one_thing() -> None:
    cut = measures("The group will cut 1,150 positions over 18 months.")["1,150"]
    lost = measures("The union says 2,700 jobs will be cut.")["2,700"]
    assert cut.thing == lost.thing == "job" and same_measure(cut, lost)


@pytest.mark.parametrize(
    ("sentence", "raw", "act"),
    [
        (
            "More than 90 tonnes of cyanide solution poured into the river.",
            "More than 90",
            "release",
        ),
        ("The agency estimates that 35 tonnes of solution entered the river.", "35", "release"),
    ],
)
def test_a_substance_that_moved_out_was_released(sentence: str, raw: str, act: str) -> None:
    assert measures(sentence)[raw].act == act


def test_hospital_admissions_and_a_relative_clause_count_people_admitted() -> None:
    admissions = measures("Volunteers counted more than 60 hospital admissions.")["more than 60"]
    admitted = measures("We counted 60 people who were admitted to hospital.")["60"]
    assert (admissions.thing, admissions.act) == (admitted.thing, admitted.act)
    assert admitted == Measure("count", "people", "hospitalise", admitted.mods)


def test_a_rate_never_meets_a_total_or_another_period() -> None:
    text = (
        "The shutdown cost the economy about 180 million kors a day. It used to cost me 2,600 "
        "kors a week. The strike cost 90 million kors in all.\n"
    )
    day, week, total = (
        f.measure for f in extract_figures("d", text, publisher="W", date="", stance="")
    )
    assert day.kind == week.kind == total.kind == "money"  # "kors" is a currency's name
    assert not same_measure(day, week) and not same_measure(day, total)


def test_a_fee_in_an_unknown_currency_is_a_sum() -> None:
    fee = measures("The fund paid fees of 14.2 million dalers to two law firms.")["14.2 million"]
    paid = measures("The fund paid about 21 million dalers in fees.")["about 21 million"]
    assert fee.kind == paid.kind == "money" and same_measure(fee, paid)
    assert measure_key(fee) == measure_key(paid)


def test_a_part_of_them_is_named_not_counted() -> None:
    text = "At least 410 people were treated in hospital, 126 of them for gunshot wounds.\n"
    found = {f.raw: f for f in extract_figures("d", text, publisher="W", date="", stance="")}
    assert not groupable(found["126"].measure, attributed=True)


@pytest.mark.parametrize(
    ("sentence", "raw", "thing", "act"),
    [
        # a noun naming the act keeps it when a causal verb only says why
        ("The registry has recorded 96 deaths caused by the flood.", "96", "people", "kill"),
        # a neutral verb filing people under a state
        (
            "Some 4,200 people have registered as homeless in the county.",
            "Some 4,200",
            "people",
            "displace",
        ),
        ("Officials listed 12 climbers as missing.", "12", "climber", "miss"),
        # the homes of the counted people were destroyed: they lost them
        (
            "The council counts 7,300 people whose homes were destroyed.",
            "7,300",
            "people",
            "displace",
        ),
        # what the counted cases are cases of
        (
            "Inspectors have identified 210 cases of illness linked to the wedding.",
            "210",
            "people",
            "sicken",
        ),
        # an impact named by its cause
        (
            "Around 90 pupils were affected by illness after the trip.",
            "Around 90",
            "people",
            "sicken",
        ),
        # the noun the counted people are in
        ("Tests confirmed infection in 31 people who attended the fair.", "31", "people", "infect"),
        # refunds and payments are one act
        ("The airline has refunded 2,400 passengers.", "2,400", "passenger", "pay"),
        (
            "Fewer than 800 passengers have received money so far.",
            "Fewer than 800",
            "passenger",
            "pay",
        ),
    ],
)
def test_the_act_said_in_other_words(sentence: str, raw: str, thing: str, act: str) -> None:
    m = measures(sentence)[raw]
    assert (m.thing, m.act) == (thing, act), m


def test_money_sent_and_money_received_are_one_quantity() -> None:
    sent = measures("The ministry says it has transferred 2.4 billion crowns to the region.")
    got = measures("The region says it has received 900 million crowns so far.")
    a, b = sent["2.4 billion crowns"], got["900 million crowns"]
    assert a.act == b.act == "pay"
    assert same_measure(a, b) and measure_key(a) == measure_key(b)


def test_a_gap_between_two_events_is_not_how_long_either_lasted() -> None:
    lasted = measures("The fair ran for three days.")["three"]
    gap = measures("The report came out two days after the fair ended.")["two"]
    assert not same_measure(lasted, gap)
    first = measures("The order came 40 minutes after the fire crossed the road.")["40"]
    second = measures(
        "Residents say it came more than three hours after the fire crossed the road."
    )
    assert same_measure(first, second["more than three"])


@pytest.mark.parametrize(
    "sentence",
    [
        "The figure includes 31 people treated in hospital and 540 probable cases.",
        "Of these, 31 have been confirmed by tests.",
        "The toll of 80, including 12 children, was given on Monday.",
    ],
)
def test_a_figure_counted_inside_another_is_a_part(sentence: str) -> None:
    found = extract_figures(
        "doc", sentence, publisher="Publisher", date="2025-01-01", stance="independent"
    )
    assert any(PART in s.measure.mods for s in found), [(s.raw, s.measure) for s in found]


def test_a_voice_that_boasts_or_certifies_a_figure_is_its_claimant() -> None:
    boast = _stated("The ministry boasts that 4,500 police officers were deployed.")
    assert boast["4,500"][1] == "ministry"
    both = _stated(
        "The mission cannot verify the turnout of 61.4% announced by the Regional Board "
        "or the turnout of 47.8% certified by the Electoral Commission."
    )
    assert both["61.4%"][1] == "Regional Board"
    assert both["47.8%"][1] == "Electoral Commission"


def test_a_voice_whose_clause_says_nothing_else_states_the_earlier_noun() -> None:
    found = _stated(
        "The ministry says 4,500 officers were deployed on the mountain; "
        "the union says fewer than 1,000 were there."
    )
    assert found["fewer than 1,000"][0].act == found["4,500"][0].act == "deploy"
    assert COMPARED in found["fewer than 1,000"][0].mods


def test_a_voice_whose_verb_is_left_out_gives_its_own_figure() -> None:
    found = _stated("The board puts its share at 71.3%, the commission at 64.9%.")
    assert found["64.9%"][1] == "commission"
    assert found["64.9%"][0].thing == found["71.3%"][0].thing == "share"


def test_a_figure_set_against_another_voice_takes_the_noun_counted_before() -> None:
    found = _stated(
        "We estimate that between 450,000 and 500,000 people were on the hill. "
        "That is well below the figure of 620,000 given by the ministry, but above the "
        "trust's estimate of about 380,000."
    )
    assert found["620,000"][0].thing == found["about 380,000"][0].thing == "people"
    assert COMPARED in found["620,000"][0].mods


def test_a_share_a_property_takes_is_that_property() -> None:
    m = measures("Tests found the serum to be 71% effective against the strain.")["71%"]
    assert (m.kind, m.thing) == ("percentage", "efficacy")


def test_a_record_put_at_a_count_names_its_act() -> None:
    assert measures("The ministry put the toll at 12,700 cattle.")["12,700"].act == "kill"
    assert measures("The agency put the injury count at 40 people.")["40"].act == "injure"


@pytest.mark.parametrize(
    ("sentence", "raw", "thing", "act"),
    [
        ("Three of our drivers were among the dead.", "Three", "driver", "kill"),
        ("The list held 25 names of people who had not been found.", "25", "people", "miss"),
        ("Some 900 households have left their homes.", "Some 900", "family", "displace"),
        ("The merger will mean 310 redundancies.", "310", "job", "cut"),
        ("The union counted 480 jobs that will go.", "480", "job", "cut"),
        ("The rebels murdered 12 villagers.", "12", "villager", "kill"),
        # the verb of the total the noun is counted in, not the noun's own act
        ("A total of 2,310 volunteers have been enrolled.", "2,310", "volunteer", "enrol"),
        # the parse may hang the participle on "number"
        ("The number of people killed rose to 64, the council said.", "64", "people", "kill"),
        # what a known act does to its object, not how the object is described
        ("The army released 80 villagers held in the quarry camp.", "80", "villager", "release"),
        # the act a relative clause reports
        (
            "The guild counts 12, adding two of its members it says are missing.",
            "two",
            "member",
            "miss",
        ),
    ],
)
def test_an_act_said_in_other_words_is_the_same_act(
    sentence: str, raw: str, thing: str, act: str
) -> None:
    m = measures(sentence)[raw]
    assert (m.thing, m.act) == (thing, act), m


def test_a_gap_after_an_event_measures_the_event_it_follows() -> None:
    m = measures("The first ambulance arrived at 4.10am, nine minutes after the call.")["nine"]
    assert (m.thing, m.act) == ("ambulance", "arrive")


def test_time_taken_to_do_something_measures_what_was_done() -> None:
    m = measures("Crews took nearly nine hours to bring the blaze under control.")["nearly nine"]
    assert m.act == "bring"
    assert not same_measure(m, measures("Crews stayed on site for three days.")["three"])


def test_the_span_a_record_is_set_over_is_no_duration_claim() -> None:
    m = measures("It was the worst flood in more than three decades.")["more than three"]
    assert not groupable(m)


def test_a_place_is_not_the_people_a_verb_made_from_it_counts() -> None:
    hospitals = measures("The injured were taken to the city's two main hospitals.")["two"]
    admitted = measures("Some 40 people were hospitalised.")["Some 40"]
    assert not same_measure(hospitals, admitted)


def test_a_figure_named_only_as_a_figure_measures_what_the_other_voice_counts() -> None:
    found = _stated(
        "The tenants' union rejects the $6.8 million figure given by Orrin Homes, "
        "saying less than $2 million has reached tenants."
    )
    assert found["$6.8 million"][0].act == found["less than $2 million"][0].act == "pay"
    assert COMPARED in found["$6.8 million"][0].mods


def test_a_pronoun_speaks_for_the_voice_named_before_it() -> None:
    found = _stated(
        "The Velder Front, the group that holds the pass, rejects the figure; it says only "
        "three of its members died."
    )
    assert found["three"][1] == "Velder Front"


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("Nearly 2,000 families have fled Tarsk.", {"tarsk"}),  # an opening qualifier
        ("Adding together the payments, we estimate that $128 million is unaccounted for.", set()),
        ("After a review with the residents' GPs, we confirm that 14 residents died.", set()),
        ("Regrettably, 312 employees did not return to work.", set()),
        ("Nationally, 43% of care staff were vaccinated.", {"nationally"}),  # a scope
    ],
)
def test_an_opening_qualifier_or_participle_is_not_a_name(sentence: str, names: set[str]) -> None:
    from assistant.ledger.grouping import subject_names

    (s,) = extract_figures("doc", sentence, publisher="P", date="2025-01-01", stance="")
    assert subject_names(s) == names


def _read(sentence: str) -> dict[str, Measure]:
    return {
        f.raw: f.measure
        for f in extract_figures("d", sentence, publisher="P", date="2031-01-01", stance="unknown")
    }


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (  # a sum named after "in", and one a figure noun names
            "The survey found the explosion caused $3.2 billion in damage to the port.",
            "The ministry puts the damage at $1.4 billion.",
        ),
        (  # what a thing is worth is its value
            "The contract runs for five years and is worth $4.2 million a year.",
            "Our analysis shows the true value of the contract is $6.8 million a year.",
        ),
        (  # a toll said with a copula
            "The death toll is more than 100, the party said.",
            "The ministry said 41 people were killed in the blast.",
        ),
        (  # an amount of a named stuff, stored or held, however the parse cuts its name
            "Since 2020 the shed had contained 310 tonnes of ammonium nitrate.",
            "The union says close to 900 tonnes of ammonium nitrate were stored in the shed.",
        ),
    ],
)
def test_two_ways_of_stating_one_quantity_read_as_one_measure(one: str, other: str) -> None:
    [a] = [m for m in _read(one).values() if groupable(m, True) and m.kind != "duration"]
    [b] = [m for m in _read(other).values() if groupable(m, True) and m.kind != "duration"]
    assert same_measure(a, b) and measure_key(a) == measure_key(b)


def test_an_amount_of_something_named_never_meets_a_bare_distance() -> None:
    [oiled] = _read("We found oil along 11 kilometres of riverbank.").values()
    [lives] = _read("Dolores Amand lives two kilometres from the crossing.").values()
    assert groupable(oiled)
    assert not same_measure(oiled, lives)


def test_the_word_after_a_sum_in_the_texts_currency_is_not_what_is_counted() -> None:
    text = "The committee found fees of 14.2 million dalers. It paid 21 million dalers in fees."
    read = _read(text)
    assert read["14.2 million dalers"].thing == read["21 million dalers"].thing == "fee"


def test_a_money_noun_naming_the_kind_of_a_counted_thing_is_no_sum() -> None:
    read = _read("Auditors examined 18,640 payment vouchers from the relief programme.")
    assert read["18,640"].kind == "count" and read["18,640"].thing == "voucher"


def test_a_definition_is_no_act_done_to_what_is_counted() -> None:
    read = _read(
        "The audit identified 2,947 ghost beneficiaries, defined as payees who could not be "
        "matched to the registry."
    )
    assert read["2,947"].act == ""


def test_a_time_held_by_for_is_how_long_not_a_gap_and_meals_are_food() -> None:
    nine = _read("Records show he had been refusing meals for nine days before his death.")
    days = _read("His lawyer says he had refused all food for 21 days.")
    assert same_measure(nine["nine"], days["21"])


def test_a_pronoun_after_a_quote_is_not_who_the_quote_names() -> None:
    found = _stated('"Karim had refused all food for 21 days," she said.')
    assert found["21"][1] != "Karim"


def test_a_voice_after_by_ends_where_its_clause_does() -> None:
    found = _stated(
        "That is fewer than the 4,312 counted by the Clearwater Network, an anti-graft group, "
        'and far below the "more than 10,000" claimed on Monday by the Renewal Party.'
    )
    assert found["4,312"][1] == "Clearwater Network"


def test_a_stretch_of_time_says_nothing_of_what_lasted() -> None:
    """'over a period of 22 months' and 'the five-year period' are no quantity to dispute."""
    for sentence, raw in (
        ("The inquiry examined bank records over a period of 22 months.", "22"),
        ("Over the five-year period the authority awarded 148 contracts.", "five"),
    ):
        assert not groupable(measures(sentence)[raw]), sentence


def test_a_figure_a_copula_sets_closer_to_is_its_subjects() -> None:
    """'the real cost is closer to 75 million crowns' rivals 'the total cost is 31 million
    crowns': "real" and "total" assert a value, they count nothing narrower."""
    rival = _read("The real cost of the resits is closer to 75 million crowns, the union said.")
    stated = _read("The total cost of the resits is estimated at 31 million crowns.")
    assert rival["75 million crowns"].thing == "cost"
    assert same_measure(rival["75 million crowns"], stated["31 million crowns"])


def test_the_sum_a_payment_is_made_in_is_its_thing_not_a_narrowing_of_it() -> None:
    fees = _read("The fund also paid fees of 14.2 million dalers to advisers for work on the deal.")
    paid = _read("By our count, the fund paid about 21 million dalers in fees to advisers.")
    assert paid["about 21 million dalers"].mods == ()
    assert same_measure(fees["14.2 million dalers"], paid["about 21 million dalers"])


def test_a_number_of_figures_counts_the_figures_not_what_they_count() -> None:
    said = _read("Three different bodies have given three different death tolls for the riot.")
    assert not groupable(said["three"], True)
    assert _read("The true toll is 300, the group said.")["300"].act == ""


def test_taken_into_custody_is_arrested() -> None:
    taken = _read("A total of 31 crew members were taken into custody on Friday.")
    assert taken["31"].act == _read("Police arrested 46 crew members.")["46"].act


def test_jobs_a_change_will_cost_are_jobs_cut() -> None:
    cost = _read("The plan will cost the region 6,800 jobs.")["6,800"]
    assert (cost.kind, cost.act) == ("count", _read("They will destroy 900 jobs.")["900"].act)


@pytest.mark.parametrize(
    ("sentence", "verb", "lemma"),
    [
        ("Anyone on the streets would be fined 500 crowns.", "fined", "fine"),
        ("Carrow overbilled the ministry by £48 million.", "overbilled", "overbill"),
        ("Police detained 46 fishermen.", "detained", "detain"),
        ("Prices rose by 35 per cent.", "rose", "rise"),
    ],
)
def test_an_inflected_verbs_lemma_is_one_it_inflects_from(
    sentence: str, verb: str, lemma: str
) -> None:
    """The parser's lemmatizer guesses "fin" for "fined"; lemminflect's lexicon mends it."""
    (token,) = [t for t in parse(sentence) if t.text == verb]
    assert token.lemma_ == lemma


def test_an_elided_figure_in_a_joined_clause_counts_what_its_own_sentence_counts() -> None:
    text = (
        "The union's count had grown fast: it listed strikes at 65 depots. For comparison, on "
        "19 May the Harbour Trust had reported 106 arrests, and on 25 May the Harbour Trust "
        "reported 143."
    )
    stated = _stated(text)
    assert stated["143"][0].thing == stated["106"][0].thing == "arrest"
