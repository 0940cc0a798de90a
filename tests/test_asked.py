"""What a question asks for: its slot, key terms, measure and the asked thing in words
(`assistant.answer.asked`). Fictional, general-English questions; spaCy's small model parses."""

from __future__ import annotations

import dataclasses

import pytest

from assistant.answer.asked import Asked, asked, focus, names
from assistant.answer.described import inflect
from assistant.answer.slots import FIGURE_SLOTS, SLOTS


@pytest.mark.parametrize(
    ("question", "slot"),
    [
        ("Who was the chief engineer of the Marrowby dam?", "person_or_org"),
        ("Which company built the Marrowby dam?", "person_or_org"),
        ("Whose lorries blocked the Tessaly road?", "person_or_org"),
        ("When did the Marrowby dam collapse?", "date"),
        ("In what year was the dam built?", "date"),
        ("Where did the ferry crews gather on Monday?", "place"),
        ("In which town did the strike begin?", "place"),
        ("How many ballots were rejected?", "count"),
        ("What death toll did the ministry give?", "count"),
        ("How much did the commission spend on printing ballots?", "money"),
        ("What was the price of a ferry ticket in 2024?", "money"),
        ("What profit did the ferry company report for 2023?", "money"),
        ("How much ransom did the hackers demand?", "money"),
        ("What was the operator's revenue in 2023?", "money"),
        ("What share of the vote did the Green Party win?", "percentage"),
        ("What was the turnout in the 2019 council election?", "percentage"),  # a share asked
        ("How long did the Tessaly strike last?", "duration"),
        ("How many days did the crews stay out?", "duration"),
        ("Over how many sitting days did the inquiry hear evidence?", "duration"),
        ("What was the name of the inmate who led the riot?", "person_or_org"),
        ("What is the name of the bridge?", "other"),
        ("What is the annual value of the catering contract?", "money"),
        ("Why did the union call the strike?", "reason"),
        ("What caused the dam to fail?", "reason"),
        ("What does the opposition say caused the blackout?", "reason"),
        ("What did the inquiry find led to the collapse?", "reason"),
        ("Did the port authority agree to a new rota?", "yes_no"),
        ("What did the court find about the ferry company?", "other"),
        ("How old is the harbour master?", "other"),
        ("Where did the union say the figure came from?", "other"),
        ("What was the final death toll from the flood?", "count"),
        ("At what time did the first ambulance arrive?", "time"),
        ("Which fire officer led the rescue at Parrow Mill?", "person_or_org"),
        ("What are the names of the three senior officers who resigned?", "person_or_org"),
        ("What were the names of the crew who reached the house?", "person_or_org"),
        ("What is the name of the chief hydrologist at the dam?", "person_or_org"),
        ("How much is the one-off payment each family receives?", "money"),
        ("What is the case number of the appeal?", "other"),
        ("What is the name of the police officer who opened the gate?", "person_or_org"),
        ("Which four appeal court judges dissented from the ruling?", "person_or_org"),
        ("Which private security firm did the council hire?", "person_or_org"),
        ("What caused the army to withdraw from Parrow?", "reason"),
    ],
)
def test_the_slot_comes_from_the_question_words(question: str, slot: str) -> None:
    assert asked(question).slot == slot
    assert slot in SLOTS


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("How many people were arrested?", ("people", "arrest")),
        ("How many ballots were rejected?", ("ballot", "reject")),
        ("How many seats did the Green Party win?", ("seat", "win")),
        ("How many patients have the Harbour Clinic's nurses treated?", ("patient", "treat")),
        ("What death toll did the ministry give?", ("death",)),  # giving is no act on deaths
        ("How much money was released from the reserve?", ("money", "release")),
        ("How many of the Tolvin flood victims were children?", ("child",)),  # the part counted
    ],
)
def test_a_figure_question_names_its_quantity_and_verb(
    question: str, measure: tuple[str, ...]
) -> None:
    assert asked(question).measure == measure


@pytest.mark.parametrize(
    ("question", "noun", "verb"),
    [
        ("What is the dockers' union demanding after the strike?", "", "demand"),  # not "is X"
        ("When is she expected to publish her final report?", "", "publish"),  # what is expected
        ("Who is its managing director?", "director", ""),  # a participle modifies the role
    ],
)
def test_the_asked_noun_and_verb_behind_helping_words(question: str, noun: str, verb: str) -> None:
    assert focus(question) == (noun, verb)


def test_only_figure_slots_have_a_measure() -> None:
    wants = asked("Who was the chief engineer of the Marrowby dam?")
    assert wants.slot not in FIGURE_SLOTS and wants.measure == ()
    assert focus("Who was the chief engineer of the Marrowby dam?")[0] == "engineer"


def test_a_hyphened_role_is_the_asked_noun_and_a_hyphened_modifier_is_not() -> None:
    assert focus("Who is the Director-General of the Marrowby Statistics Bureau?")[0] == "general"
    assert focus("Who is the director-general of the Vellmark Department of Corrections?")[0] == (
        "general"  # the parse may call the role a complement
    )
    assert focus("How much is the one-off payment each family receives?")[0] == "payment"


def test_key_terms_are_lemmas_of_content_words_with_names_kept() -> None:
    terms = asked("How many traders work at the Calder Wharf fish market?").terms
    assert terms == ("trader", "work", "calder", "wharf", "fish", "market")
    assert names("How many traders work at the Calder Wharf fish market?") == ("calder", "wharf")


def test_the_topic_a_follow_up_carries_is_not_its_own() -> None:
    wants = asked("How many were arrested there? (protests Velmora March 2021)")
    assert wants.slot == "count"
    assert "velmora" not in wants.terms


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("Who was the chief engineer?", "the name of the chief engineer"),
        ("How many ballots were rejected?", "the number of ballots that were rejected"),
        ("How many seats did the Green Party win?", "the number of seats the Green Party won"),
        ("How much did the new bridge cost?", "the cost of the new bridge"),
        (
            "How much did the commission spend on printing ballots?",
            "the amount the commission spent on printing ballots",
        ),
        ("When did the Marrowby dam collapse?", "the date the Marrowby dam collapsed"),
        (
            "Why did the union call the strike?",
            "the reason the union called the strike",
        ),
        ("What caused the dam to fail?", "an answer to what caused the dam to fail"),
        ("What caused the flood in Marrowby?", "the cause of the flood in Marrowby"),
        ("What led to the strike?", "the cause of the strike"),
        (
            "What does the opposition say caused the blackout?",
            "an answer to what the opposition says caused the blackout",
        ),
        (
            "According to the union, how many crew members walked out?",
            "the number of crew members that walked out, according to the union",
        ),
        (
            "Which company owns the Tessaly ferries?",
            "the name of the company that owns the Tessaly ferries",
        ),
        # a yes/no question after a clause that leads it; its "not" is the same question
        (
            "Given that the fair was called off on Sunday, shouldn't everyone get a refund?",
            "an answer to whether everyone should get a refund",
        ),
        (
            "Isn't it true the harbour police sank the trawler?",
            "an answer to whether the harbour police sank the trawler",
        ),
        ("Was the board right not to pay?", "an answer to whether the board was right not to pay"),
        ("Is the outbreak over?", "an answer to whether the outbreak is over"),
    ],
)
def test_the_asked_thing_in_the_questions_words(question: str, phrase: str) -> None:
    assert asked(question).phrase == phrase


def test_after_did_comes_a_verb_whatever_its_tag() -> None:
    assert asked("How long did the strike last?").phrase == "the length of time the strike lasted"


def test_of_two_questions_the_first_gives_the_measure() -> None:
    first = asked("How long did the sit-in last, and how long was the campus closed afterwards?")
    assert first.phrase == "the length of time the sit-in lasted"
    assert "close" not in first.measure


def test_asked_is_a_frozen_value() -> None:
    wants = asked("How many ballots were rejected?")
    assert isinstance(wants, Asked) and wants == asked("How many ballots were rejected?")
    with pytest.raises(dataclasses.FrozenInstanceError):
        wants.slot = "date"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("lemma", "past"),
    [
        ("win", "won"),
        ("reject", "rejected"),
        ("admit", "admitted"),
        ("carry", "carried"),
        ("uphold", "upheld"),
    ],
)
def test_verbs_take_the_tense_of_the_auxiliary(lemma: str, past: str) -> None:
    assert inflect(lemma, "did") == past
    assert inflect(lemma, "do") == lemma


@pytest.mark.parametrize(
    "question",
    ["What is the population of Harlow?", "What was the attendance at the final?"],
)
def test_the_size_of_a_population_or_a_crowd_is_a_count(question: str) -> None:
    assert asked(question).slot == "count"


@pytest.mark.parametrize(
    ("question", "verb"),
    [
        ("How many people were made homeless by the flood?", "homeless"),
        ("How many pupils fell ill after the trip?", "ill"),
        ("How many people were evacuated?", "evacuate"),
        ("How much money is unaccounted for?", "unaccounted"),  # an adjective's state
        ("How much of the relief money is unaccounted for?", "unaccounted"),
    ],
)
def test_a_state_brought_about_is_the_asked_act(question: str, verb: str) -> None:
    assert focus(question)[1] == verb


def test_a_sum_after_whose_it_is_asks_for_money() -> None:
    assert asked("What is the Velmora Volcano Observatory's annual budget?").slot == "money"
    assert asked("What was Brennick Colour & Finishing's annual turnover?").slot == "money"
    assert asked("What was the company's reason for the delay?").slot != "money"
    assert asked("What is Lina Ostrow's annual pay as head of Varne Water?").slot == "money"
