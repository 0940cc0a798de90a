"""Disputes on a fictional corpus with planted disagreements, agreements and updates."""

import json
import os
import subprocess
import sys
from dataclasses import astuple

import pytest

from assistant.answer.draft import asked_disputes
from assistant.answer.pipeline import ask
from assistant.config import Settings
from assistant.ledger.disputes import (
    agree,
    claimant_key,
    claims_of,
    disputes_of,
    named_claimants,
    statements_of,
    touched,
)
from assistant.ledger.library import Library
from assistant.ledger.statements import FigureSource, extract_figures, extract_many
from assistant.types import FigureStatement, Measure, Quantity

from .conftest import DATA, Asker


def statement(low: float, high: float, qualifier: str = "exact") -> FigureStatement:
    return FigureStatement(
        "d", 0, 1, "s", 0, 1, "x", Quantity(low, high, qualifier), "killed", "c", False, ""
    )


def test_intervals_agree_with_qualifiers() -> None:
    inf = float("inf")
    assert agree(statement(47, 47), statement(47, 47))
    assert not agree(statement(38, 38), statement(47, 47))
    assert agree(statement(1350, 1650, "about"), statement(1500, inf, "more_than"))
    assert not agree(statement(304, 304), statement(1350, 1650, "about"))
    assert agree(statement(208, inf, "at_least"), statement(304, 304))


def test_claimant_names_normalise() -> None:
    assert claimant_key("The Riverwatch Institute") == claimant_key("Riverwatch Institute")


def test_planted_disputes_are_found_and_nothing_else(fictional_library: Library) -> None:
    planted = json.loads((DATA / "fictional_disputes.json").read_text())
    contested = [d for d in fictional_library.disputes() if d.contested]
    found = {frozenset(claimant_key(c.claimant) for c in d.claims) for d in contested}
    expected = [{claimant_key(n) for n in case["claimants"]} for case in planted["contested"]]
    hits = [e for e in expected if any(all(any(n in k for k in f) for n in e) for f in found)]
    recall = len(hits) / len(expected)
    precision = len(hits) / len(contested)
    assert recall >= 0.9 and precision >= 0.9, [[c.claimant for c in d.claims] for d in contested]


def test_agreements_and_updates_are_not_disputes(fictional_library: Library) -> None:
    disputes = fictional_library.disputes()
    for d in disputes:
        values = {c.statement.quantity.low for c in d.claims}
        if d.counted in ("day", "years of prison"):
            assert not d.contested and values in ({9.0}, {6.0})
    riverwatch = [c for d in disputes for c in d.claims if "riverwatch" in claimant_key(c.claimant)]
    latest = [c for c in riverwatch if c.statement.raw == "47" and c.history]
    assert latest and latest[0].history[0].raw == "32"  # an update, kept as history
    assert not any(
        {c.statement.counted for c in d.claims} & {"family", "families", "grams", "tonne"}
        and d.contested
        for d in disputes
    )


def test_answer_presents_competing_figures_with_attribution(ask_fictional: Asker) -> None:
    answer = ask_fictional("How many people died when the Marrowby dam collapsed?")
    flags = {f.kind: f for f in answer.flags}
    assert "contested_figure" in flags
    claims = [c for d in answer.disputes for c in d.claims]
    assert {c.statement.raw for c in claims} >= {"47", "38"} and len(claims) >= 3
    assert "Sources disagree on this figure" in answer.text
    assert "partisan_source" in flags


def test_plain_single_source_fact_has_no_dispute_flags(ask_fictional: Asker) -> None:
    answer = ask_fictional("How heavy was the winning pumpkin at the Lunor festival?")
    assert answer.citations
    kinds = {f.kind for f in answer.flags}
    assert not kinds & {"contested_figure", "partisan_source", "partisan_only"}


def test_demo_corpus_toll_arrests_and_cities_contested_sentence_not(demo_library: Library) -> None:
    disputes = demo_library.disputes()
    contested = [d for d in disputes if d.contested]
    measures = {(m.act or m.thing) for d in contested for m in [d.claims[0].statement.measure]}
    assert {"kill", "arrest", "city"} <= measures, measures
    arrests = [d for d in contested if "arrest" in astuple(d.claims[0].statement.measure)]
    values = {c.statement.raw.split()[-1] for d in arrests for c in d.claims}
    assert {"7,000", "12,000"} <= values, values
    # early counts far below the later ones are still one disputed toll
    killed = [d for d in contested if "kill" in astuple(d.claims[0].statement.measure)]
    # (officials' early "at least 12", relayed by USIP, is the officials' claim's history)
    tolls = [{s.raw.split()[-1] for s in statements_of(d)} for d in killed]
    assert any({"12", "1,500"} <= toll for toll in tolls), tolls
    sentences = [
        s
        for d in disputes
        for c in d.claims
        for s in (c.statement, *c.history)
        if s.measure.kind == "duration" and s.raw == "20"
    ]
    assert not any(d.contested for d in disputes if set(statements_of(d)) & set(sentences)), (
        "Assadi's 20-year sentence is not contested"
    )


def test_a_relayed_figure_takes_its_claimants_stance_not_the_relays(demo_library: Library) -> None:
    """A figure a partisan text attributes to an independent outlet keeps that outlet's stance."""
    sources = demo_library.index.sources()
    stances = {s.publisher: s.stance for s in sources.values()}
    for d in demo_library.disputes():
        for c in d.claims:
            s = c.statement
            if s.attributed and c.claimant in stances:
                assert s.stance == stances[c.claimant], (c.claimant, s.doc_id)


def test_dispute_lines_only_for_questions_that_ask_the_figure(
    demo_library: Library, settings: Settings
) -> None:
    """The same quotes carry a contested toll; only a question asking for that count shows it."""
    answer = ask(
        "How many people were killed in the November 2019 protests?", demo_library, settings
    )
    citations = list(answer.citations)
    assert any(f.kind == "contested_figure" for f in answer.flags)
    assert asked_disputes(("How many people died in the protests?",), demo_library, citations)
    for question in (
        "Who counted the people killed in the November 2019 protests?",
        "Why did the protests of November 2019 begin?",
        "When did the November 2019 protests start?",
        "How many people were arrested in the November 2019 protests?",
    ):
        shown = asked_disputes((question,), demo_library, citations)
        assert all(d.claims[0].statement.measure.act == "arrest" for d in shown), question


def test_a_yes_no_question_shows_the_disputes_of_its_claim_not_of_its_context(
    demo_library: Library, settings: Settings
) -> None:
    """Quotes beside the lead give context; a contested toll they state is no line for "Did
    ...?" unless the lead states it too, or the question names that figure."""
    answer = ask(
        "How many people were killed in the November 2019 protests?", demo_library, settings
    )
    tolls = [c for c in answer.citations if touched(demo_library.disputes(), [c])]
    other = ask("What sentence did Assadollah Assadi receive?", demo_library, settings)
    context = next(c for c in other.citations if not touched(demo_library.disputes(), [c]))
    question = "Did the protests spread to other cities?"
    assert tolls and not asked_disputes((question,), demo_library, [context, *tolls])
    assert asked_disputes((question,), demo_library, tolls)  # the lead states the toll
    assert asked_disputes(("Did 1,500 people die?",), demo_library, [context, *tolls])


def test_an_open_question_shows_a_dispute_only_when_it_names_the_quantity(
    demo_library: Library, settings: Settings
) -> None:
    """ "What was X about?" asks no figure: a contested toll its lead quote states is an aside.
    "What do the sources say about the death toll?" names it."""
    answer = ask(
        "How many people were killed in the November 2019 protests?", demo_library, settings
    )
    tolls = [c for c in answer.citations if touched(demo_library.disputes(), [c])]
    assert tolls
    assert not asked_disputes(("What was the November 2019 uprising about?",), demo_library, tolls)
    named = "What do the sources say about the death toll of the protests?"
    assert asked_disputes((named,), demo_library, tolls)


@pytest.mark.parametrize(
    ("question", "measure", "named"),
    [
        (
            "What does the union say about the official death toll?",
            ("count", "people", "kill"),
            True,
        ),
        (
            "How fast was the tram going when it left the rails?",
            ("amount", "speed", "travel"),
            True,
        ),
        ("What was the dock strike about?", ("count", "people", "kill"), False),
        ("What does the council accuse the firm of?", ("money", "", "pay"), False),
    ],
)
def test_an_open_question_names_a_quantity_in_its_own_words(
    question: str, measure: tuple[str, str, str], named: bool
) -> None:
    from assistant.answer.draft import _named_in

    assert _named_in(question, Measure(*measure)) is named


def _first(doc: str, text: str, date: str) -> FigureStatement:
    return extract_figures(doc, text, publisher="Wire", date=date, stance="independent")[0]


def test_an_official_speaks_for_the_organisation_his_title_names() -> None:
    board = _first("a", "The Harbour Safety Board said 14 people were killed.", "2030-01-01")
    director = _first("b", "HSB Director Ola Brenn said 29 people were killed.", "2030-01-05")
    (claim,) = claims_of([board, director])
    assert claim.statement.raw == "29"


def test_an_organisation_named_by_its_initials_is_one_voice_with_its_full_name() -> None:
    full = _first("a", "The Harbour Safety Board said 14 people were killed.", "2030-01-01")
    initials = _first("b", "HSB investigators counted 29 people killed.", "2030-01-05")
    (claim,) = claims_of([full, initials])
    assert claim.statement.raw == "29"


def test_a_figure_cited_from_our_own_peoples_reports_is_ours_and_stated() -> None:
    (ours,) = extract_figures(
        "a",
        "According to our members' reports, more than 40 ships are waiting at anchor.",
        publisher="Shippers' Council",
        date="2030-01-01",
        stance="",
    )
    assert (ours.claimant, ours.attributed) == ("Shippers' Council", True)
    (report,) = extract_figures(
        "b", "Our full 64-page report is available.", publisher="X", date="2030-01-01", stance=""
    )
    assert not report.attributed


def test_a_smaller_group_counting_another_thing_by_the_same_act_is_no_echo() -> None:
    said = [
        ("a", "The army said three civilians were killed. Two soldiers were killed.", "Army"),
        ("b", "The militia said 27 civilians were killed. It said 19 soldiers were killed.", "M"),
        ("c", "The monitor said 11 civilians were killed in the town.", "Monitor"),
    ]
    statements = [
        s
        for doc, text, who in said
        for s in extract_figures(doc, text, publisher=who, date="2030-01-01", stance="")
    ]
    civilians = [s for s in statements if s.measure.thing == "people"]
    soldiers = [s for s in statements if s.measure.thing == "soldier"]
    found = disputes_of([civilians, soldiers])
    assert sorted(len(d.claims) for d in found if d.contested) == [2, 3]


def test_a_voice_that_says_it_revised_a_figure_owns_the_earlier_one() -> None:
    first = _first("a", "Dr Ines Kade said her staff had treated 40 people.", "2030-01-01")
    later = _first(
        "b",
        "Tarrow Clinic said it had now treated 65 people, up from the 40 it reported earlier.",
        "2030-01-05",
    )
    (claim,) = claims_of([first, later])
    assert claim.claimant == "Tarrow Clinic" and claim.history == (first,)


def test_a_figure_up_from_an_earlier_one_at_an_earlier_time_is_one_series() -> None:
    first = _first("a", "The census ombudsman has received 1,140 complaints.", "2030-01-01")
    later = _first(
        "b",
        "The ombudsman, Ana Roe, said her office had received 1,870 complaints by the end of"
        " March, up from 1,140 in mid-December.",
        "2030-04-02",
    )
    (claim,) = claims_of([first, later])
    assert claim.statement.raw == "1,870" and claim.history == (first,)


def test_a_revision_phrase_that_holds_no_number_changes_nothing() -> None:
    first = _first("a", "Dr Ines Kade said her staff had treated 40 people.", "2030-01-01")
    later = _first(
        "b", "Tarrow Clinic said it had treated 65 people, up from 1.2.3 it reported.", "2030-01-05"
    )
    assert len(claims_of([first, later])) == 2


def test_a_bare_kind_is_shown_by_the_name_its_document_gave_it() -> None:
    text = (
        "The Interior Ministry met the students on Monday. Officers of the Rail Incident Review "
        "Board also spoke. The ministry said 41 students were detained."
    )
    (ministry,) = extract_figures("a", text, publisher="Wire", date="2030-01-01", stance="")
    assert ministry.claimant == "ministry" and ministry.named == "Interior Ministry"
    other = _first("b", "Students' Union said 90 students were detained.", "2030-01-02")
    (dispute,) = named_claimants(disputes_of([[ministry, other]]))
    assert {c.claimant for c in dispute.claims} == {"Interior Ministry", "Students' Union"}
    # a chunk of a longer document: the name may sit in the chunks before it
    chunk = FigureSource("a", "The ministry said 41 were held.", "Wire", "2030-01-01", "", text)
    assert extract_many([chunk])[0][0].named == "Interior Ministry"
    # two ministries named: which one speaks is not guessed
    two = FigureSource("a", chunk.text, "Wire", "2030-01-01", "", "The Education Ministry. " + text)
    assert extract_many([two])[0][0].named == ""


def test_groups_counting_one_thing_by_other_verbs_join_by_claims_they_share() -> None:
    """The grouper may split one quantity by its verbs ("withholding rent", "taking part"):
    two groups holding two voices' same figures (each of ten or more) join, or one voice's when
    a group restates that one figure; a lone statement joins the largest group holding its
    claim, unless that group already has its document."""
    union = _first(
        "a", "The Tenants' Union said 1,150 households were withholding rent.", "2030-01-01"
    )
    owner = _first(
        "b", "Brightgate said fewer than 400 households were withholding rent.", "2030-01-02"
    )
    own = _first("c", "Brightgate said fewer than 400 households had failed to pay.", "2030-01-01")
    part = _first("d", "The Tenants' Union said 1,150 households had taken part.", "2030-01-03")
    few = _first("d", "Brightgate said fewer than 400 households had taken part.", "2030-01-03")
    assert union.measure.act != part.measure.act and owner.measure.act != own.measure.act
    (dispute,) = disputes_of([[union, owner], [part, few], [own]])
    assert {s.doc_id for s in statements_of(dispute)} == {"a", "b", "c", "d"}
    assert len(disputes_of([[union, owner], [part, part]])) == 1  # restating one claim
    more = _first(
        "d", "The Tenants' Union said more than 1,000 households had taken part.", "2030-01-03"
    )
    assert len(disputes_of([[union, owner], [part, more]])) == 2  # one voice in common
    small = _first("e", "Brightgate said two households had failed to pay.", "2030-01-01")
    twice = _first("f", "Brightgate said two households were withholding rent.", "2030-01-02")
    assert len(statements_of(disputes_of([[union, twice], [small]])[0])) == 2  # "two" tells none
    (alone,) = disputes_of([[union, owner], [_first("b", own.sentence, "2030-01-02")]])
    assert len(statements_of(alone)) == 2  # b's figure again


def test_two_bodies_of_one_kind_named_by_their_documents_are_two_voices() -> None:
    """ "the ministry" in one country's statement and another country's Ministry of Commerce
    are two voices: a bare kind is keyed by the name its document gave it."""
    text = (
        "The Ministry of Trade and Industry announced duties today. Trade was worth $9.6 "
        "billion in 2024, according to figures compiled by the ministry."
    )
    (ours,) = [
        f
        for f in extract_figures("a", text, publisher="W", date="2030-01-01", stance="")
        if f.raw == "$9.6 billion"
    ]
    assert ours.claimant == "ministry" and ours.named == "Ministry of Trade and Industry"
    theirs = _first(
        "b", "The Ministry of Commerce of Kestria said trade was worth $12.4 billion.", "2030-01-02"
    )
    (dispute,) = disputes_of([[ours, theirs]])
    assert dispute.contested and len(dispute.claims) == 2


def test_whose_voice_a_name_joins_does_not_depend_on_the_hash_seed() -> None:
    """Two fuller names of one length both contain "harbour board": every process picks the
    same one, so one commit gives one ledger (sets iterate by the process's hash seed)."""
    probe = (
        "from assistant.ledger.disputes import _merge_names;"
        "print(_merge_names({'harbour board', 'harbour board east', 'harbour board west'})"
        "['harbour board'])"
    )
    picked = {
        subprocess.run(
            [sys.executable, "-c", probe],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(8)
    }
    assert len(picked) == 1


def test_a_date_before_a_speakers_name_is_no_part_of_it() -> None:
    said = "On 12 March 2031 Transport Minister Ola Brenn said on radio that about 14 had died."
    assert _first("a", said, "2031-03-13").claimant == "Transport Minister Ola Brenn"


def test_a_possessive_pronoun_is_no_part_of_a_speakers_name() -> None:
    said = "Its foreign ministry has claimed that 46 men were detained."
    assert _first("a", said, "2031-03-13").claimant == "foreign ministry"
