"""Counter-evidence: what a question takes for granted, and the sentences that dispute it.

The unit tests use invented sentences; the last tests run the whole answer over the demo corpus
with the real embedding model, parser and index."""

from __future__ import annotations

import pytest

from assistant.answer.contradicts import (
    counter_reason,
    hedges,
    negates,
    other_agent,
    other_figure,
)
from assistant.answer.counter import premise_of, with_spelled_spans
from assistant.answer.opposed import affirms_denied, for_a_time, opposite_act, part_only
from assistant.grounding.quotes import verify
from assistant.ledger.library import Library
from tests.conftest import Asker


@pytest.mark.parametrize(
    ("question", "claim", "how"),
    [
        (
            "Given that five people died in the fire, why has nobody resigned?",
            "five people died in the fire",
            "given",
        ),
        (
            "Since the council approved the inspection in 2023, why was it never done?",
            "the council approved the inspection in 2023",
            "given",
        ),
        (
            "Now that the fund has lost 1,200 million, who will pay?",
            "the fund has lost 1,200 million",
            "given",
        ),
        (
            "Who will be held responsible, now that the cover-up has been exposed?",
            "the cover-up has been exposed",
            "given",
        ),
        (
            "Isn't it true that the miners died in a gas explosion?",
            "the miners died in a gas explosion",
            "given",
        ),
        (
            "Why did the regulator fine the bank $50 million?",
            "the regulator fine the bank $50 million",
            "given",
        ),
        (
            "Did the police arrest an arsonist?",
            "the police arrest an arsonist",
            "asked",
        ),
        ("Isn't it true the guards burned the files?", "the guards burned the files", "given"),
        (
            "Now that it has been confirmed that police locked the gate, who gave the order?",
            "police locked the gate",
            "given",
        ),
        (
            "When the mayor admitted the bridge was unsafe, why didn't the council act?",
            "the mayor admitted the bridge was unsafe",
            "given",
        ),
        (
            "The inspector found the fire started in the kitchen, so why is anyone blaming the "
            "wiring?",
            "The inspector found the fire started in the kitchen",
            "given",
        ),
        (
            "Given that there are 9,000 fishermen in the bay, why were only 40 licensed?",
            "there are 9,000 fishermen in the bay",
            "given",
        ),
    ],
)
def test_the_premise_a_question_carries(question: str, claim: str, how: str) -> None:
    premise = premise_of(question)
    assert premise is not None
    assert (premise.claim, premise.how) == (claim, how)


@pytest.mark.parametrize(
    "question",
    [
        "How many people died in the fire?",
        "Who issued the evacuation order?",
        "Why does it matter when the fire crossed the road?",  # nothing named to look up
        "Why hasn't anyone resigned?",  # a negated presupposition
        "When did the strike start, and how long did it last?",  # asks when: no premise
    ],
)
def test_questions_that_carry_no_checkable_premise(question: str) -> None:
    assert premise_of(question) is None


def test_a_denial_of_what_the_claim_says_negates_it() -> None:
    claim = "the police arrested an arsonist for lighting the fire"
    assert negates(claim, "Police said no arrests had been made.")
    assert negates(
        "the three managers were all charged with negligence",
        "The third, a ventilation engineer, was released without charge.",
    )
    assert counter_reason(claim, "Police said no arrests had been made.") == "negates"


def test_the_claims_own_figure_under_another_act_qualifies_it() -> None:
    claim = "the mill laid off 1,100 workers during the smog"
    said = "The mill said the 1,100 workers it placed on paid leave would return on Monday."
    assert counter_reason(claim, said) == "other_figure"
    assert counter_reason(claim, "The union said the mill laid off 1,100 workers.") == ""


def test_a_denial_of_something_else_does_not() -> None:
    claim = "the monitoring mission's count of impact sites rose from 38 to 57"
    assert not negates(
        claim, "The Mission is not in a position to determine which side opened fire first."
    )
    # another named party's negation says nothing of what the claim's subject did
    assert not negates(
        "Harrowgate Watch raised its count to 304 deaths",
        "At that time the Velmarian authorities had not published any nationwide death toll.",
    )
    # the claim words the same denial itself
    assert not negates("the court rejected the appeal", "The court rejected the appeal on Monday.")
    # a clause describing what is denied is not denied with it
    assert not negates(
        "the students occupy Tessel Hall",
        "We ask him to withdraw the request that brought riot police into Tessel Hall.",
    )


def test_a_denial_of_the_thing_itself_negates_it() -> None:
    claim = "a gas explosion killed the Tarrow miners"
    assert negates(claim, "No explosion or fire was reported at the pit.")
    assert negates(claim, "Every account describes a roof fall rather than an explosion.")
    # "no" before another noun denies nothing the claim names
    assert not negates("the ministry confirmed 500 deaths", "No ministry official would comment.")


def test_a_long_sentence_calling_the_claim_an_accusation_attributes_it() -> None:
    assert (
        counter_reason(
            "Varlo's round-tripping through Pellick Haulage has been proven",
            "The fund has accused Varlo of cycling money through Pellick Haulage, a contractor "
            "run by the chairman's cousin — an accusation the company denies.",
        )
        == "attributes"
    )


def test_words_quoted_from_another_speaker_answer_a_misattribution() -> None:
    claim = "the regulator's director, Ilsa Maren, has called the growth story fiction"
    said = '"The growth story is fiction, and the numbers prove it," said Tobin Rask, an analyst.'
    assert other_agent(claim, said)
    assert not other_agent(claim, '"The growth story is fiction," Ilsa Maren said.')


@pytest.mark.parametrize(
    ("question", "shown"),
    [
        ("Why did the council close every library?", "the council closed every library"),
        ("Why was the bridge shut for a month?", "the bridge was shut for a month"),
        ("Why has the mayor refused an inquiry?", "the mayor has refused an inquiry"),
        # no verb the parser is sure of: the claim as the question worded it
        ("Why did the strike last six weeks?", "the strike last six weeks"),
    ],
)
def test_a_why_questions_premise_is_shown_as_a_statement(question: str, shown: str) -> None:
    premise = premise_of(question)
    assert premise is not None
    assert (premise.shown or premise.claim) == shown


def test_a_quotation_in_a_question_keeps_its_marks() -> None:
    premise = premise_of("Why did the mayor call the count 'irresponsible rumours'?")
    assert premise is not None
    assert premise.claim == "the mayor call the count 'irresponsible rumours'"


def test_the_opposite_act_by_the_claims_doer_negates_it() -> None:
    claim = "the regional assembly approved the petition for an inspection"
    assert counter_reason(claim, "The assembly rejected the request by 34 votes to 19.")
    assert not opposite_act(claim, "The assembly approved the request by 34 votes to 19.")
    assert not opposite_act(claim, "The union did not reject the request.")
    assert not opposite_act("the court convicted the driver", "The jury acquitted the guard.")


def test_nobody_denies_the_act_it_is_the_subject_of() -> None:
    claim = "the Tarrow bridge collapsed and injured drivers"
    assert negates(claim, "Officials said no one had been injured and called it a precaution.")
    assert negates(claim, "Nobody was hurt.")
    said = "We will make sure nobody in this city goes to sleep under panels like these."
    assert not negates("the council refused to allow an inquiry into the fire", said)


def test_resisting_calls_to_resign_denies_a_resignation() -> None:
    claim = "the director resigned over the leak"
    assert negates(claim, "The director has resisted calls to resign.")
    assert negates(claim, "She rebuffed calls for her resignation.")


def test_a_denial_by_a_group_a_clause_dates_is_not_another_partys() -> None:
    claim = "Ivo Dask pleaded guilty at the opening of the trial"
    said = "All six defendants, who have been held since police raids in March, pleaded not guilty."
    assert negates(claim, said)


def test_a_possibility_qualifies_a_claim_that_it_was_done() -> None:
    claim = "the court fined the Tarrow mill 2 million euros"
    assert hedges(claim, "Under the act, the mill could face a fine of up to €2 million.")
    assert counter_reason(claim, "The mill could face a fine of up to €2 million.") == "hedges"
    assert not hedges(claim, "On 3 May the court fined the mill 2 million euros.")
    assert not hedges("the mill may be fined", "The mill could face a fine.")  # hedged itself
    # the claim's act, not a word beside it: "the opening" of a trial is not "to open"
    assert not hedges(
        "Ivo Dask pleaded guilty at the opening of the trial",
        "The trial is expected to open at the regional court in early June.",
    )


def test_a_count_of_some_answers_a_claim_about_all() -> None:
    assert part_only(
        "every school in Tarrow was closed for the fog", "Of the town's 40 schools, 12 closed."
    )
    assert part_only(
        "every one of the 60 people detained was charged",
        "Of those detained, nine have been charged with rioting.",
    )
    assert part_only(
        "pupils fell ill at all 34 schools", "Cases were found at 11 of the 34 schools."
    )
    assert not part_only("every school in Tarrow was closed", "The town has 40 schools.")
    assert not part_only("every school in Tarrow was closed", "One of the schools was shut.")
    assert not part_only("the school in Tarrow was closed", "Of the town's 40 schools, 12 closed.")


def test_a_time_limit_answers_a_claim_of_for_good() -> None:
    claim = "the governor has permanently closed the Tarrow quarry"
    assert for_a_time(claim, "She ordered blasting at the Tarrow quarry suspended for 30 days.")
    assert for_a_time(claim, "The Tarrow quarry is temporarily closed.")
    assert not for_a_time(claim, "The Tarrow quarry has been closed for good.")
    assert not for_a_time("the governor closed the Tarrow quarry", "It shut for 30 days.")


def test_the_act_a_claim_denies_stated_negates_it() -> None:
    claim = "the guards never fired a single live round at the marchers"
    assert affirms_denied(claim, "Witnesses said guards fired live rounds at unarmed marchers.")
    assert not affirms_denied(claim, "The inquiry found that no live rounds were fired.")
    assert not affirms_denied("the guards fired at the marchers", "Guards fired at the marchers.")


def test_another_doer_must_do_the_claims_act() -> None:
    claim = "Mira Tann resigned over the Halden Star"
    assert not other_agent(claim, "The Port Authority published the records of the Halden Star.")


def test_a_denial_of_the_act_in_other_words_negates_it() -> None:
    assert negates("police shot a student dead at Tessel Hall", "No deaths were recorded.")


def test_a_refusal_of_the_claims_act_negates_it() -> None:
    claim = "the strikes forced the council to withdraw the levy"
    assert negates(claim, "The council has refused to withdraw the levy.")
    assert not negates(claim, "The council declined to comment on the strikes.")
    assert not negates(claim, "The council refused to comment on withdrawing the levy.")
    # an irregular past meets its base form by the lemma ("withdrew", "withdraw")
    said = "The council has refused to withdraw the levy."
    assert negates("the council backed down and withdrew the levy", said)


@pytest.mark.parametrize(
    ("claim", "spelled"),
    [
        ("the month-long siege of Harl", "the 1-month siege of Harl"),
        ("the strike lasted about a week", "the strike lasted about 1 week"),
        ("the bridge stayed shut for a whole month", "the bridge stayed shut for 1 month"),
        ("a week later the ministry spoke", "a week later the ministry spoke"),  # no span
        ("the paper comes out once a month", "the paper comes out once a month"),
    ],
)
def test_a_span_named_without_a_number_is_given_one(claim: str, spelled: str) -> None:
    assert with_spelled_spans(claim) == spelled


def test_a_span_without_a_number_meets_the_sources_figure() -> None:
    claim = with_spelled_spans("the month-long blockade of the bridge")
    assert counter_reason(claim, "Police ended the ten-day blockade of the bridge.")


def test_another_figure_for_the_same_measure() -> None:
    assert other_figure("five people died in the fire", "Police said two people had died.")
    assert not other_figure("five people died in the fire", "Police said five people had died.")
    # the same noun counted for another act is not the claim's measure
    assert not other_figure(
        "the tribunal ordered 85 dismissed workers reinstated",
        "The port authority said it had dismissed 312 workers.",
    )


def test_the_claims_act_given_to_another_doer() -> None:
    assert other_agent(
        "Governor Alvarez issued the evacuation order",
        "The evacuation order was issued by the Dunmore Fire Service at 9 p.m.",
    )
    assert not other_agent(
        "Governor Alvarez issued the evacuation order",
        "Governor Alvarez issued the evacuation order at 9 p.m.",
    )


def test_a_leading_question_is_answered_with_the_counter_evidence(ask_demo: Asker) -> None:
    a = ask_demo(
        "Given that more than 100,000 people attended the Villepinte rally, why was it targeted?"
    )
    first = a.text.splitlines()[0]
    assert first.startswith("The question assumes that more than 100,000 people attended")
    assert a.flags[0].kind == "false_premise"
    cited = [c for c in a.citations if f"[{c.n}]" in a.text.splitlines()[1]]
    assert cited and "25,000" in cited[0].quote


def test_counter_quotes_are_verified_citations(ask_demo: Asker, demo_library: Library) -> None:
    a = ask_demo("Did Amnesty International confirm 1,500 deaths in the November 2019 protests?")
    assert a.citations
    for c in a.citations:
        assert verify(c, demo_library.index.text(c.doc_id))


def test_a_claim_about_someone_no_document_names_still_gets_its_counter_evidence(
    ask_demo: Asker,
) -> None:
    a = ask_demo("Why did Ambassador Hollins call the Villepinte plot a 'false flag'?")
    assert not a.answered and "No document mentions “Hollins”" in a.text
    assert a.flags[0].kind == "false_premise"
    assert "Zarif" in a.text.splitlines()[1]  # who said it
