"""The same quantity said in other words, and different quantities said in the same words, as
the real parser (spaCy en_core_web_sm) reads hand-made sentences with invented names."""

from __future__ import annotations

import pytest

from assistant.ledger.comparable import groupable, measure_key, same_measure
from assistant.ledger.figures import find_figures
from assistant.ledger.statements import extract_figures
from assistant.ledger.words import NAMED_BEFORE, PART, WHOLE
from assistant.types import FigureStatement, Measure


def _found(text: str, stance: str = "unknown") -> dict[str, FigureStatement]:
    found = extract_figures("d", text, publisher="Pub", date="2031-05-01", stance=stance)
    return {f.raw: f for f in found}


def _measure(text: str, raw: str) -> Measure:
    return _found(text)[raw].measure


@pytest.mark.parametrize(
    ("said", "raw", "plain", "plain_raw"),
    [
        (  # treated for injuries = injured, the "for" hung on the agent by the parser
            "Eleven marchers were treated by medics for injuries sustained in the clash.",
            "Eleven",
            "More than 40 marchers were injured in the clash.",
            "More than 40",
        ),
        (  # jobs destroyed, jobs that will disappear = jobs cut
            "The union says 900 jobs will be destroyed at the mill.",
            "900",
            "The owner said 450 jobs would be cut at the mill.",
            "450",
        ),
        (  # a relative pronoun stands for its noun
            "The union put the number of jobs that will disappear at the mill at 900.",
            "900",
            "The owner said 450 jobs would be cut at the mill.",
            "450",
        ),
        (  # aid delivered, money that arrived, grants pocketed: paid
            "Only $3.1 million of the money pledged has actually arrived in Tarvo.",
            "$3.1 million",
            "Donors said $8 million of that had been delivered to Tarvo.",
            "$8 million",
        ),
        (  # a sum named by what it is: "in compensation", "is real compensation"
            "The firm will provide $9 million in compensation to the valley's farmers.",
            "$9 million",
            "Less than $2 million of this is real compensation, the farmers' chair said.",
            "Less than $2 million",
        ),
        (  # "received a total of": the verb says what the total is
            "Ostrel has received a total of €90 million in public support since 2010.",
            "€90 million",
            "Since 2010, the Ostrel plant has received €130 million in public funds.",
            "€130 million",
        ),
        (  # a gerund names its verb's act, and "annual" is "a year"
            "The council says the merger will save $4.1 million a year.",
            "$4.1 million",
            "The union puts the annual saving at less than $2 million.",
            "less than $2 million",
        ),
        (  # "an average of" says how it is counted, not what; "payment" is what is paid
            "Members who have been paid received an average of €480 per claim.",
            "€480",
            "The agency says the average compensation payment is €920 per claim.",
            "€920",
        ),
        (  # a share of people is what they did, not what the people are said to be
            "Some 58% of the residents opposed the scheme.",
            "Some 58%",
            "By our count, 81% of residents who replied opposed the scheme.",
            "81%",
        ),
        (  # what "made up" a share of a whole is what the share counts
            "The lender said bad loans made up 7% of its loan book in March.",
            "7%",
            "The regulator found that 12% of the lender's loans were bad.",
            "12%",
        ),
        (  # roles are jobs, and a workforce reduced by them has them cut
            "The mill expects to reduce its workforce by 300 roles next year.",
            "300",
            "The union says 700 jobs will go at the mill.",
            "700",
        ),
    ],
)
def test_one_quantity_in_other_words(said: str, raw: str, plain: str, plain_raw: str) -> None:
    a, b = _measure(said, raw), _measure(plain, plain_raw)
    assert groupable(a, True) and groupable(b, True)
    assert same_measure(a, b), (a, b)
    assert measure_key(a) == measure_key(b), (a, b)  # grouped in one bucket, so they meet


def test_a_figure_noun_alone_says_nothing() -> None:
    """ "has put the figure at 90 million euros" says only that there is a figure."""
    m = _measure("The ministry has put the figure at 90 million euros.", "90 million euros")
    assert not groupable(m, True)


def test_a_count_put_at_a_small_number_in_words_is_a_figure() -> None:
    assert find_figures("The firm puts the number at six and calls the rest notes.")
    assert not find_figures("The board met at six.")


def test_the_owner_of_a_toll_that_stands_at_a_figure_states_it() -> None:
    found = _found("We note that the Harbour Office's official toll stands at 41.")
    assert found["41"].claimant == "Harbour Office"


@pytest.mark.parametrize(
    ("text", "raw", "mark"),
    [
        (  # a breakdown beside a count: parts of it
            "Seven workers died in the blast — four Orlin employees and three men employed by "
            "a contractor.",
            "three",
            PART,
        ),
        ("Of the 230, 90 have been charged with violent disorder, police said.", "90", PART),
        (  # figures adding up to the count of the sentence before: a breakdown of it
            "The mayor said three people had died. Two died at the scene and one died shortly "
            "after arriving at hospital.",
            "Two",
            PART,
        ),
        ("Of the 230, 90 have been charged with violent disorder, police said.", "230", WHOLE),
        (
            "Twelve miners died. Five of them died from gas, and seven died of injuries.",
            "seven",
            NAMED_BEFORE,
        ),
    ],
)
def test_parts_of_a_count_are_not_the_count(text: str, raw: str, mark: str) -> None:
    assert mark in _found(text)[raw].measure.mods


def test_figures_not_adding_up_to_a_count_are_no_breakdown() -> None:
    found = _found("The mayor said three people had died. Two died at the scene, and two more.")
    assert PART not in found["Two"].measure.mods


def test_a_voice_raising_its_own_count_is_an_update_not_a_dispute() -> None:
    from assistant.ledger.disputes import claims_of

    first = _found("The inspectorate has recorded 3,100 buildings that collapsed completely.")
    later = extract_figures(
        "e",
        "The inspectorate raised its count of buildings that collapsed completely to 4,870, "
        "from 3,100 a week earlier.",
        publisher="Wire",
        date="2031-05-08",
        stance="independent",
    )
    (claim,) = claims_of([first["3,100"], *(s for s in later if s.raw == "4,870")])
    assert claim.statement.raw == "4,870" and claim.history[0].raw == "3,100"


def test_a_rough_figure_an_independent_text_tells_in_its_own_voice_is_no_claim() -> None:
    from assistant.ledger.grouping import _narrated_roughly

    rough = _found("Scores of people were injured in the crush.", stance="independent")
    assert _narrated_roughly(rough["Scores"])
    claimed = _found("Hundreds of our members were injured in the crush.", stance="partisan")
    assert not _narrated_roughly(claimed["Hundreds"])


def test_a_figure_set_against_anothers_stated_one_is_the_writers() -> None:
    """ "nine …, not three as X has stated": three is X's, nine the writer's, one quantity."""
    found = _found(
        "Nine miners were killed in the collapse, not three as the Tessary Mining Company has "
        "stated."
    )
    assert found["three"].claimant == "Tessary Mining Company" and found["three"].attributed
    assert found["Nine"].claimant == "Pub" and not found["Nine"].attributed
    assert same_measure(found["Nine"].measure, found["three"].measure)


def test_a_claim_of_a_figure_is_its_owners() -> None:
    found = _found("Mayor Ana Ruiz's claim of two deaths angered the families.")
    assert found["two"].claimant == "Mayor Ana Ruiz"


def test_people_held_hostage_are_not_people_detained() -> None:
    held = _measure("Police said 40 people were held hostage in the Velm bank.", "40")
    inside = _measure("The bank said 35 people were being held inside the building.", "35")
    detained = _measure("Police said 40 people were arrested.", "40")
    assert held.act == inside.act == "hold" and same_measure(held, inside)
    assert not same_measure(held, detained)


def test_the_kind_a_text_described_a_name_as_stands_for_it() -> None:
    """ "The group said" after "The Verlan Tenants Alliance, a residents' group that…"."""
    found = _found(
        "The Verlan Tenants Alliance, a residents' group that opposes the plan, met on Monday. "
        "The group said 300 families had been evicted."
    )
    assert found["300"].claimant == "Verlan Tenants Alliance"


def test_a_later_bare_figure_restates_the_total_not_a_part_of_its_breakdown() -> None:
    found = _found(
        "The monitor found that 112 people were trapped in the mine. This total includes 61 "
        "miners and 38 engineers. The company's figure of 87 leaves out the contractors."
    )
    assert found["87"].measure == found["112"].measure


def test_coordinated_acts_of_a_count_take_the_known_one() -> None:
    m = _measure(
        "The number of soldiers who left their barracks or took part in the march was 300.", "300"
    )
    assert m.act == "take part"


def test_a_relative_who_names_the_voice_and_the_number_restates_the_sentences_figure() -> None:
    found = _found(
        "The army says more than 8,000 soldiers took part, a figure disputed by researchers "
        "at the Kell Institute, who put the number at between 1,500 and 2,000."
    )
    ranged = found["between 1,500 and 2,000"]
    assert "Kell Institute" in ranged.claimant
    assert same_measure(ranged.measure, found["more than 8,000"].measure)


def test_a_voice_repeating_anothers_figure_before_its_revision_agrees() -> None:
    from assistant.ledger.disputes import claims_of

    def said(text: str, date: str, publisher: str) -> FigureStatement:
        (s,) = extract_figures("d" + date, text, publisher=publisher, date=date, stance="")
        return s

    first = said("The ministry said it had dismissed 412 officers.", "2031-05-01", "Wire")
    echo = said("The ministry had dismissed 412 officers by then.", "2031-05-04", "Kell Institute")
    later = said("The ministry said it had dismissed 1,036 officers.", "2031-05-09", "Wire")
    (claim,) = claims_of([first, echo, later])
    assert claim.statement.raw == "1,036"


def test_a_voice_named_for_the_figure_keeps_it_beside_a_contrasted_one() -> None:
    found = _found(
        "The union said 40 miners died on Monday, not 30 as the Tessary Mining Company has claimed."
    )
    assert found["40"].claimant == "union" and found["30"].claimant == "Tessary Mining Company"


def test_a_count_bounded_by_a_time_is_another_quantity() -> None:
    """The count of "3,150 patients who had waited more than 52 weeks" is not that of
    "77,800 patients waiting"; the 52 weeks bound the count and claim nothing; "more than a
    year" is the same bound; a period ("over three days") bounds nothing."""
    bounded = _found("The study found 3,150 patients who had waited more than 52 weeks.")
    year = _found("It found 3,150 patients had been waiting more than a year.")["3,150"]
    plain = _found("On that date, 77,800 patients were waiting for treatment.")["77,800"]
    assert not same_measure(bounded["3,150"].measure, plain.measure)
    assert same_measure(bounded["3,150"].measure, year.measure)
    assert not groupable(bounded["more than 52"].measure)
    period = _found("Police detained 12 people over three days.")["12"]
    assert not any(m.startswith("beyond") for m in period.measure.mods)


def test_a_subject_the_parse_hangs_on_the_auxiliary_takes_the_verb_as_its_act() -> None:
    text = (
        "Our staff also told us that 210 care beds across the county are currently closed "
        "because there are not enough nurses."
    )
    assert _measure(text, "210").act == "close"  # not "The county has 4,800 care beds"


def test_a_point_on_a_scale_counts_nothing() -> None:
    """ "raised its alert level from 3 to 4": a point on a scale, never a count to dispute."""
    found = _found("The observatory raised its alert level from 3 to 4 on Thursday night.")
    assert {found[raw].measure.kind for raw in ("3", "4")} == {"identifier"}
    assert _found("The alert level remains at 5.")["5"].measure.kind == "identifier"


def test_a_forecast_never_meets_what_came_to_pass() -> None:
    agreed = "The concession agreement assumed an average of 48,000 vehicles a day."
    forecast = _measure(agreed, "48,000")
    saw = "The company said the road saw an average of 31,500 vehicles a day last year."
    counted = _measure(saw, "31,500")
    assert not same_measure(forecast, counted)
    other = _measure(
        "The ministry's study had assumed an average of 52,000 vehicles a day.", "52,000"
    )
    assert same_measure(forecast, other)  # two forecasts may be disputed


def test_a_noun_of_who_does_an_act_counts_people_only() -> None:
    observers = Measure("count", "observer", "", ("international",))
    assert not same_measure(observers, Measure("count", "country", "observe"))
    assert same_measure(Measure("count", "arrest"), Measure("count", "people", "arrest"))


def test_an_amount_acts_only_on_amounts() -> None:
    """ "43 prisoners escaped" were not released; "3,400 litres of coolant escaped" were."""
    assert _measure("Police said 43 prisoners escaped overnight.", "43").act == "escape"
    coolant = _measure("Some 3,400 litres of coolant escaped into the river.", "Some 3,400")
    assert coolant.act == "release"


def test_a_comparison_is_no_voice() -> None:
    text = (
        "An inquiry found that 51 prisoners escaped, eight more than the provincial "
        "government admitted."
    )
    assert "eight more than" not in _found(text)["51"].claimant


def test_a_participle_put_at_an_amount_gives_its_stuff() -> None:
    """ "the weight of dead fish collected at 38 tonnes": the parse hangs the amount on
    "collected"; it is an amount of fish, as "38 tonnes of dead fish were collected" is."""
    relayed = _measure("The agency put the weight of dead fish collected at 38 tonnes.", "38")
    plain = _measure("Crews collected 38 tonnes of dead fish from the shore.", "38")
    assert "fish" in relayed.mods and same_measure(relayed, plain)


def test_the_dimension_an_amount_measures_is_not_its_stuff() -> None:
    """ "The total volume discharged at 126 million litres": litres measure a volume, so the
    volume is no stuff of its own, and the figure meets "42 million litres were discharged"."""
    put = _measure("We estimate the total volume discharged at 126 million litres.", "126 million")
    plain = _measure(
        "An estimated 42 million litres were discharged over that period.",
        "An estimated 42 million",
    )
    assert put.mods == () and same_measure(put, plain)


def test_who_does_not_say_claims_nothing() -> None:
    text = "It did not say how many of those claimants were among the 1,860 families."
    figure = _found(text)["1,860"]
    assert not figure.attributed and figure.claimant == "Pub"


def test_figures_compiled_by_a_body_are_that_bodys() -> None:
    text = "Trade was worth $9.6 billion in 2024, according to figures compiled by the ministry."
    assert _found(text)["$9.6 billion"].claimant == "ministry"
    text = "Exports fell by 12%, according to data published by the Kestrian Statistics Office."
    assert _found(text)["12%"].claimant == "Kestrian Statistics Office"


def test_a_share_is_counted_by_what_it_did() -> None:
    """ "Of these" names no whole; "of the residents" does, and the verb is still the act."""
    assert _measure("Of these, 61% opposed the plan and 27% backed it.", "61%").act == "oppose"
    assert _measure("About 58% of the residents opposed the plan.", "About 58%").act == "oppose"


def test_a_share_that_refused_to_be_counted_did_not_refuse_as_its_act() -> None:
    """ "refused to be counted" is what was not counted: the same share as "were not
    counted", not an act of refusing."""
    refused = _measure("Nearly 30% of households in Ostby refused to be counted.", "Nearly 30%")
    missed = _measure("About 6% of households in Ostby were not counted.", "About 6%")
    assert refused.act == missed.act and measure_key(refused) == measure_key(missed)
