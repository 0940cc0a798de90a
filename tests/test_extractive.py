"""Sentence choice of the extractive answerer, on hand-made passages (no model): what the
question asks for, self-describing sentences, and quotes widened to a sentence that cannot
stand alone. Fictional text only."""

from __future__ import annotations

import pytest

from assistant.answer.asked import asked
from assistant.answer.extractive import (
    NOT_ANSWERED,
    RELATED_HEADING,
    Extract,
    Scored,
    adds,
    answer_extractively,
    candidate_sentences,
    describes_itself,
    lead_first,
    need_of,
    rank,
    select,
    short_names,
    wanted,
    widen,
)
from assistant.answer.retrieve import doer_of
from assistant.answer.slots import asked_voice
from assistant.answer.supply import supplies
from assistant.corpus.nlp import parse_remembered
from assistant.corpus.sentences import Span
from assistant.store.lexical import tokenize
from assistant.types import Chunk, Passage, Source, Stance

SOURCE = Source("Harbour gazette", "Harbour Gazette", "2024-05-02", stance="independent")
TEXT = (
    "This document is a digest of the Harbour Gazette's report on the Tessaly ferry strike.\n\n"
    "The ferry crews at Tessaly stopped work on 3 April 2024. "
    "The strike ended when the port authority agreed to a new rota.\n\n"
    "The court set out three findings about the ferry company:\n"
    "it had ignored the crews' safety reports; it had cut rest breaks; it owed back pay.\n\n"
    "The crews had worked without a contract since 2021. "
    "The union therefore called the strike in April 2024."
)


def _supplies(question: str, said: str) -> bool:
    """Does the sentence, parsed as the pipeline parses it, supply what the question asks?"""
    return supplies(parse_remembered([said], entities=True)[0], need_of(question, asked(question)))


def passages(*bounds: tuple[int, int]) -> list[Passage]:
    return [
        Passage(n, Chunk(f"c{n}", "gazette", a, b, TEXT[a:b]), 1.0, SOURCE)
        for n, (a, b) in enumerate(bounds, 1)
    ]


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("When did the Tessaly ferry crews stop work?", ("date",)),
        ("When and where did the crews strike?", ("date", "name")),
        ("How many crew members walked out?", ("number",)),
        ("What share of sailings was cancelled?", ("number",)),
        ("Who ended the strike?", ("name",)),
        ("Which authority agreed to a new rota?", ("name",)),
        ("Why did the union call the strike?", ()),
        ("What did the court find about the ferry company?", ()),
    ],
)
def test_the_kind_of_answer_a_question_asks_for(question: str, kinds: tuple[str, ...]) -> None:
    assert wanted(question) == kinds


def test_a_sentence_adds_only_what_the_question_does_not_already_hold() -> None:
    q = set(tokenize("When did the Tessaly ferry crews stop work in 2024?"))
    assert adds("The crews stopped work on 3 April 2024.", q, "date")  # April is new
    assert not adds("The Tessaly crews stopped work in 2024.", q, "date")
    assert adds("About 340 crew members walked out.", q, "number")
    assert not adds("The strike was called in 2024.", q, "number")  # a year is not a count
    assert adds("The Port Authority of Tessaly agreed.", q, "name")
    assert not adds("The Tessaly crews agreed.", q, "name")


def test_a_sentence_describing_the_document_ranks_below_the_events() -> None:
    ps = passages((0, len(TEXT)))
    cands = candidate_sentences(ps)
    same = [[1.0, 0.0]] * len(cands)  # equally close to the question: only the rules differ
    ranked = rank("What happened in the Tessaly ferry strike?", [1.0, 0.0], cands, same)
    last = ranked[-1]
    assert last.span.text.startswith("This document is a digest")
    assert last.score == max(s.score for s in ranked)  # closeness (abstention) is unchanged


def test_a_date_question_prefers_the_sentence_with_the_date() -> None:
    ps = passages((0, len(TEXT)))
    cands = candidate_sentences(ps)
    same = [[1.0, 0.0]] * len(cands)
    ranked = rank("When did the Tessaly ferry crews stop work?", [1.0, 0.0], cands, same)
    assert "3 April 2024" in ranked[0].span.text


def chosen_for(question: str, sentence: str, ps: list[Passage]) -> list[str]:
    cands = candidate_sentences(ps)
    vectors = [[1.0, 0.0] if s.text.startswith(sentence) else [0.0, 1.0] for _, s in cands]
    picked = select(rank(question, [1.0, 0.0], cands, vectors), min_support=0.5)
    return [s.span.text for s in widen(picked, cands, question, {"gazette": TEXT})]


def test_a_conclusion_is_quoted_with_the_sentence_it_draws_on() -> None:
    quotes = chosen_for(
        "Why did the union call the strike?", "The union therefore", passages((0, len(TEXT)))
    )
    assert quotes == [
        "The crews had worked without a contract since 2021. "
        "The union therefore called the strike in April 2024."
    ]


def test_a_sentence_that_restates_the_question_is_quoted_with_the_next() -> None:
    ps = passages((0, len(TEXT)))
    quotes = chosen_for(
        "What findings did the court set out about the ferry company?", "The court set out", ps
    )
    assert len(quotes) == 1 and quotes[0].endswith("it owed back pay.")


def test_the_next_sentence_in_another_passage_is_quoted_after_it() -> None:
    cut = TEXT.index("it had ignored")
    ps = passages((0, cut - 1), (cut, len(TEXT)))
    quotes = chosen_for(
        "What findings did the court set out about the ferry company?", "The court set out", ps
    )
    assert quotes[0].startswith("The court set out") and quotes[1].startswith("it had ignored")


def test_no_sentence_is_joined_across_a_paragraph_break() -> None:
    ps = passages((0, len(TEXT)))
    quotes = chosen_for("Why did the ferry crews stop work?", "The strike ended", ps)
    assert quotes == ["The strike ended when the port authority agreed to a new rota."]


def test_the_words_a_colon_introduces_in_the_next_paragraph_are_quoted_after_it() -> None:
    text = (
        "The harbour master, Ana Reyes, said:\n\n"
        '"The crews were never told the rota would change."\n\n'
        "The crews stopped work on 3 April 2024."
    )
    ps = [Passage(1, Chunk("c1", "gazette", 0, len(text), text), 1.0, SOURCE)]
    cands = candidate_sentences(ps)
    vectors = [[1.0, 0.0] if s.text.startswith("The harbour") else [0.0, 1.0] for _, s in cands]
    question = "What did the harbour master say about the rota?"
    picked = select(rank(question, [1.0, 0.0], cands, vectors), min_support=0.5)
    quotes = [s.span.text for s in widen(picked, cands, question, {"gazette": text})]
    assert quotes[:2] == [
        "The harbour master, Ana Reyes, said:",
        '"The crews were never told the rota would change."',
    ]


def test_widened_quotes_verify_against_the_document() -> None:
    class Fixed:
        name = "fixed"

        def embed_batch(self, texts: list[str]) -> list[list[float]]:
            return [[1.0, 0.0] if "therefore" in t else [0.0, 1.0] for t in texts]

    ps = passages((0, len(TEXT)))
    out = answer_extractively(
        "Why did the union call the strike?", [1.0, 0.0], ps, Fixed(), {"gazette": TEXT}, 0.5
    )
    assert out.answered and len(out.citations) == 1
    c = out.citations[0]
    assert TEXT[c.start : c.end] == c.quote and c.quote.startswith("The crews had worked")


def test_a_follow_ups_own_words_outrank_the_topic_carried_from_the_chat() -> None:
    ps = passages((0, len(TEXT)))
    cands = candidate_sentences(ps)
    same = [[1.0, 0.0]] * len(cands)
    question = "And what did the port authority agree to? (Tessaly ferry crews stop work)"
    ranked = rank(question, [1.0, 0.0], cands, same)
    assert ranked[0].span.text.startswith("The strike ended when the port authority agreed")


def test_a_sentence_close_enough_to_the_question_is_never_crowded_out() -> None:
    """A better-ranked sentence below the support threshold does not make the answerer decline
    when another sentence clears it."""
    ps = passages((0, len(TEXT)))
    cands = candidate_sentences(ps)
    half = ("The ferry crews", "The strike ended")  # both at cosine 0.5 to the question
    vectors = [[0.5, 0.866] if s.text.startswith(half) else [0.0, 1.0] for _, s in cands]
    question = "And what did the port authority agree to? (Tessaly ferry crews stop work)"
    ranked = rank(question, [1.0, 0.0], cands, vectors)
    assert ranked[0].span.text.startswith("The strike ended") and ranked[0].score < 0.6
    assert [s.span.text[:15] for s in select(ranked, 0.6)] == ["The ferry crews"]


@pytest.mark.parametrize(
    ("sentence", "itself"),
    [
        ("This document is a digest of the Harbour Gazette's report.", True),
        ("This is a digest, in our own words, of the Gazette's report.", True),
        ("This is the Gazette's digest of the port authority's statement.", True),
        ("This article was first published in May 2024.", True),
        ("This report found 40 crew members injured.", False),  # about events: no penalty
        ("The article reports that the crews were paid late.", False),
    ],
)
def test_sentences_describing_the_document_itself(sentence: str, itself: bool) -> None:
    assert describes_itself(sentence) == itself


# ---- the answer-type gate and the lead quote (issue 15, items 3 and 4) ------------------------
GAZETTE = Source("Harbour gazette", "Harbour Gazette", "2024-05-02", stance="independent")
BULLETIN = Source("Union bulletin", "Ferry Crews' Union", "2024-05-10", stance="partisan")
GAZETTE_TEXT = (
    "The Tessaly ferry strike ended on 9 April 2024, after eleven days.\n\n"
    "Police arrested 14 pickets at the Tessaly harbour gate on the first morning.\n\n"
    "The union said 340 crew members had joined the strike.\n\n"
    "The port authority agreed to a new rota for the ferry crews.\n\n"
    "Rhian Tellow, the union's lawyer, said the crews would return on Monday."
)
BULLETIN_TEXT = (
    "TESSALY, 8 April 2024. Our count shows 410 crew members on strike at Tessaly.\n\n"
    "The crews of Tessaly stood together against the port authority."
)
TEXTS = {"gazette": GAZETTE_TEXT, "bulletin": BULLETIN_TEXT}


class Flat:
    """Every sentence equally close to every question: only the gate decides."""

    name = "flat"

    def embed_batch(self, texts: list[str]) -> list[list[float]]:
        return [[1.0, 0.0] for _ in texts]


def strike_passages() -> list[Passage]:
    return [
        Passage(1, Chunk("g", "gazette", 0, len(GAZETTE_TEXT), GAZETTE_TEXT), 1.0, GAZETTE),
        Passage(2, Chunk("b", "bulletin", 0, len(BULLETIN_TEXT), BULLETIN_TEXT), 1.0, BULLETIN),
    ]


def answer(question: str) -> Extract:
    return answer_extractively(question, [1.0, 0.0], strike_passages(), Flat(), TEXTS, 0.5)


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        (
            "How many ferries were cancelled during the Tessaly strike?",
            "the number of ferries that were cancelled during the Tessaly strike",
        ),
        ("Who chairs the Tessaly port authority?", "the name of the person or organisation"),
        ("How much did the new rota cost the port authority?", "the cost of the new rota"),
        ("Who was the port authority's lawyer?", "the name of the port authority's lawyer"),
        # a sentence on the crews' return names someone, but not who persuaded them
        ("Who persuaded the crews to return on Monday?", "the name of the person"),
        ("What profit did the port authority report for 2024?", "the profit the port"),
    ],
)
def test_no_sentence_supplying_the_asked_slot_means_no_answer(question: str, missing: str) -> None:
    out = answer(question)
    assert not out.answered
    first, *rest = out.text.splitlines()
    assert first.startswith(f"The documents do not give {missing}")
    if rest:  # the closest passages, marked as related, none stating a figure
        assert rest[0] == RELATED_HEADING
        assert all(not any(ch.isdigit() for ch in c.quote) for c in out.citations)
    for c in out.citations:
        assert TEXTS[c.doc_id][c.start : c.end] == c.quote


@pytest.mark.parametrize(
    ("question", "supplied"),
    [
        ("How many pickets did police arrest at Tessaly?", "14 pickets"),
        ("When did the Tessaly ferry strike end?", "9 April 2024"),
        ("Who was the union's lawyer?", "Rhian Tellow"),
        ("How many crew members joined the strike?", "crew members"),
    ],
)
def test_a_sentence_supplying_the_slot_answers_and_leads(question: str, supplied: str) -> None:
    out = answer(question)
    assert out.answered
    assert supplied in out.citations[0].quote


def test_among_quotes_that_supply_the_slot_an_independent_source_leads() -> None:
    out = answer("How many crew members joined the Tessaly strike?")
    quotes = [c.quote for c in out.citations]
    assert quotes[0].startswith("The union said 340")  # Harbour Gazette: independent
    assert any("Our count shows 410" in q for q in quotes)


def test_ties_go_to_independent_sources_then_to_the_most_recent() -> None:
    def scored(date: str, stance: Stance, supplies: bool, rank: float) -> Scored:
        source = Source("t", "p", date, stance=stance)
        p = Passage(1, Chunk("c", date, 0, 1, "x"), 1.0, source)
        return Scored(p, Span(0, 1, "x"), 1.0, 1.0, rank, supplies)

    old = scored("2024-01-01", "independent", True, 0.9)
    new = scored("2024-03-01", "independent", True, 0.8)
    partisan = scored("2024-04-01", "partisan", True, 1.0)
    context = scored("2024-05-01", "independent", False, 1.2)
    assert lead_first([context, partisan, old, new]) == [new, old, partisan, context]


def test_a_count_of_another_noun_or_a_date_does_not_supply_a_count() -> None:
    out = answer("How many days did the Tessaly harbour gate stay shut?")  # no such count
    assert not out.answered
    out = answer("How many children joined the Tessaly strike?")  # crew members, not children
    assert not out.answered


def test_a_part_another_act_took_is_no_total() -> None:
    text = "Inspectors visited two control rooms, nine ambulance stations and four hospitals."
    passage = Passage(1, Chunk("q", "inspection", 0, len(text), text), 1.0, QUAY)

    def ask(question: str) -> bool:
        out = answer_extractively(
            question, [1.0, 0.0], [passage], Flat(), {"inspection": text}, 0.5
        )
        return out.answered

    assert ask("How many ambulance stations did the inspectors visit?")
    assert not ask("How many ambulance stations does the service operate in total?")


def test_a_sentence_whose_subject_is_they_is_about_what_the_sentence_before_names() -> None:
    opening = "Care homes across the county have struggled this winter. " * 6
    text = (
        f"{opening}\n\nThe Ledger has seen staffing rotas for Elmhurst House in Marrowby. They "
        "show that agency workers filled 38% of care shifts at the home in January.\n\n"
        "Agency workers filled 12% of care shifts at the other homes.\n"
    )
    passage = Passage(1, Chunk("q", "rotas", 0, len(text), text), 1.0, QUAY)
    question = "What share of care shifts at Elmhurst House were filled by agency workers?"
    out = answer_extractively(question, [1.0, 0.0], [passage], Flat(), {"rotas": text}, 0.5)
    assert out.answered
    assert out.citations[0].quote.startswith("The Ledger has seen staffing rotas")
    assert "38%" in out.citations[0].quote


def test_a_figure_about_another_year_does_not_answer() -> None:
    assert not answer("How many crew members joined the Tessaly strike of 2019?").answered


def test_unrelated_text_still_gets_the_closeness_reply() -> None:
    far = answer_extractively(
        "How many crew members joined the strike?",
        [0.0, 1.0],
        strike_passages(),
        Flat(),
        TEXTS,
        0.9,
    )
    assert far.text == NOT_ANSWERED and not far.answered and not far.citations


QUAY = Source("Quay news", "Quay News", "2024-05-03", stance="independent")
QUAY_TEXT = (
    "Traffic on the Tessaly quay rose from an average of 900 vehicles to about 1,400 during "
    "the strike.\n\n"
    "Shops on the quay lost around $2.1 million in sales while the ferries stood idle.\n\n"
    "Mira Cole, the port's director of operations, said the backlog would clear by June.\n\n"
    "The port signed a 4.2 million-mark dredging contract in May."
)


@pytest.mark.parametrize(
    ("question", "supplied"),
    [
        ("How much business did the shops on the quay lose?", "$2.1 million"),
        ("What figure does the port give for sales lost on the quay?", "$2.1 million"),
        ("What was the value of the Tessaly dredging contract?", "4.2 million-mark"),
        ("How much traffic did the Tessaly quay carry during the strike?", "about 1,400"),
        ("Who is the director of operations at the Tessaly port?", "Mira Cole"),
    ],
)
def test_an_amount_a_level_or_a_role_is_supplied_in_the_ways_news_says_it(
    question: str, supplied: str
) -> None:
    passage = Passage(3, Chunk("q", "quay", 0, len(QUAY_TEXT), QUAY_TEXT), 1.0, QUAY)
    out = answer_extractively(question, [1.0, 0.0], [passage], Flat(), {"quay": QUAY_TEXT}, 0.5)
    assert out.answered
    assert supplied in out.citations[0].quote


def test_an_entity_the_question_names_is_no_new_answer() -> None:
    question = "Which company supplied the eggs that Greyfen suspected?"
    need = need_of(question, asked(question))
    said = "Every child had eaten a lunch supplied by Greyfen Catering Services on Tuesday."
    assert not supplies(parse_remembered([said], entities=True)[0], need)


FERRY_CAPTAIN = "Who was the captain of the ferry?"
HYDROLOGIST = "What is the name of the chief hydrologist at the Saldo dam?"  # "-ist": a person
INMATE = "What was the name of the inmate who led the riot?"  # a name is asked, whoever of


@pytest.mark.parametrize(
    ("question", "said", "holds"),
    [
        (FERRY_CAPTAIN, "Captain Ilan Dorsk, 52, was in command of the ferry that night.", True),
        (FERRY_CAPTAIN, "Josephine Dembe, the ferry's captain, said the crossing was calm.", True),
        (FERRY_CAPTAIN, "The minister, Paul Verhagen, has spoken to the ferry's captain.", False),
        (HYDROLOGIST, "Mira Vance, the dam's chief hydrologist, said the level fell.", True),
        (HYDROLOGIST, "Our readings are taken at the dam gauge by our own hydrologists.", False),
        (INMATE, "Karl Brenn, an inmate serving 12 years, led the riot.", True),
        (INMATE, "Nine inmates died in the riot, the minister said.", False),
    ],
)
def test_a_role_answers_who_only_when_the_parse_ties_it_to_a_name(
    question: str, said: str, holds: bool
) -> None:
    assert _supplies(question, said) is holds


@pytest.mark.parametrize(
    ("said", "holds"),
    [
        ("The prosecutor said she expected the inquiry to take at least a year.", True),
        ("The prosecutor opened the inquiry a year ago.", False),
    ],
)
def test_one_unit_of_time_in_words_is_a_duration(said: str, holds: bool) -> None:
    question = "How long does the prosecutor expect the inquiry to take?"
    assert _supplies(question, said) is holds


@pytest.mark.parametrize(
    ("said", "holds"),
    [
        ("Halvik Pumps, a company in Orrin, built the pumps that failed at Dunmere.", True),
        ("Corran Water, which runs the Dunmere station where two pumps failed, said so.", False),
    ],
)
def test_which_kind_of_agent_is_answered_by_a_sentence_naming_that_kind_or_the_act(
    said: str, holds: bool
) -> None:
    question = "Which company manufactured the pumps that failed at Dunmere?"
    assert _supplies(question, said) is holds


def test_a_state_is_named_by_its_place() -> None:
    question = "Which governments removed the Orrin Front from their terrorist lists?"
    assert _supplies(question, "Britain took the Orrin Front off its terrorist list in 2008.")


@pytest.mark.parametrize(
    ("question", "said", "supplied"),
    [
        (  # "people" who left their homes are the civilians displaced
            "How many civilians have been displaced from the Orla hills?",
            "Around 9,000 people have left their homes in the Orla hills, the charity says.",
            True,
        ),
        (  # ...but people who did something else are not
            "How many civilians have been displaced from the Orla hills?",
            "Around 9,000 people have signed the petition in the Orla hills.",
            False,
        ),
        (  # a sum the size of what the question names
            "How much money did the council put into the relief fund for farmers?",
            "The council has approved a relief fund of €1.8 million for the valley's farmers.",
            True,
        ),
        (  # "how many of the victims were children": the part is asked
            "How many of the Tolvin flood victims were children?",
            "The coroner has confirmed 31 deaths, nine of them children.",
            True,
        ),
        (  # "struck" names the asked "hit"
            "At what time did the mudslide hit Orvel?",
            "The mudslide struck the upper town of Orvel at about 4:15 a.m. on Tuesday.",
            True,
        ),
        (  # none of the asked noun, but by another act
            "How many hostages were released before the Velm raid?",
            "Witnesses say no hostage was struck by police fire.",
            False,
        ),
        (  # who did the act: "commandos" only look like "commanded"
            "Who commanded the Kestrel Unit during the Velm raid?",
            "Police commandos stormed the Velm bank, ending a siege by the Orrin Front.",
            False,
        ),
        (
            "Who commanded the Kestrel Unit during the Velm raid?",
            "The Kestrel Unit, commanded by Major Ilse Varga, stormed the Velm bank.",
            True,
        ),
        (  # the act's noun does
            "Which judge ruled on the Velm dockers' case?",
            "Judge Ilse Varga gave her ruling in the Velm dockers' case on Monday.",
            True,
        ),
        (  # a sentence is answered only by a penalty: a sentencing verb, a term or a sum
            "What sentence did Victor Amado receive?",
            "Among those charged was Victor Amado, a senior figure in the gang.",
            False,
        ),
        (
            "What sentence did Victor Amado receive?",
            "Victor Amado was sentenced to 12 years in prison on Monday.",
            True,
        ),
        ("What sentence did Victor Amado receive?", "The court gave Victor Amado 12 years.", True),
        (  # a body named after the act does not do it
            "Who commanded the Special Tactical Unit during the raid?",
            "The raid involved officers of the Special Tactical Unit and the North District "
            "command.",
            False,
        ),
    ],
)
def test_a_sentence_supplies_what_the_question_counts(
    question: str, said: str, supplied: bool
) -> None:
    assert _supplies(question, said) is supplied


def test_a_name_the_parse_hangs_on_the_body_holds_the_role_of_it() -> None:
    question = "Who was the chief executive of the ferry company who stepped down?"
    need = need_of(question, asked(question))
    said = "The chief executive of the Tessaly Ferry Company, Dr Alan Pryce, has stepped down."
    assert supplies(parse_remembered([said], entities=True)[0], need)


def test_the_parts_of_a_hyphened_role_are_not_its_owner() -> None:
    question = "Who is the director-general of the Vellmark Department of Corrections?"
    need = need_of(question, asked(question))
    said = "Director-General Marta Olsund said the department accepted the findings in full."
    assert supplies(parse_remembered([said], entities=True)[0], need)


@pytest.mark.parametrize(
    "question",
    ["Who was appointed to chair the inquiry into the raid?", "Who did he appoint to chair it?"],
)
def test_who_was_put_in_a_role_is_who_takes_it(question: str) -> None:
    need = need_of(question, asked(question))
    said = "The minister said the inquiry would be chaired by Oren Castell, a retired judge."
    assert need.verb == "chair"
    assert supplies(parse_remembered([said], entities=True)[0], need)


def test_a_name_in_its_initials_is_the_name() -> None:
    question = "Who is the president of the Tessaly Dock Workers' Union?"
    assert short_names(question) == {"tdwu": "tessaly dock workers' union"}
    need = need_of(question, asked(question))
    said = "TDWU president Anna Brel, a crane driver, told reporters the strike would go on."
    assert supplies(parse_remembered([said], entities=True)[0], need)


def test_a_name_after_its_owners_is_known_by_its_own_initials() -> None:
    question = "Who is the director of Oraluna's National Disaster Management Office?"
    assert short_names(question)["ndmo"] == "national disaster management office"
    said = "NDMO director Sela Maufa said every death on the list had been verified."
    assert _supplies(question, said)


def test_a_question_asking_whose_account_names_that_voice() -> None:
    assert (
        asked_voice("How many members does the port authority say joined?") == "the port authority"
    )
    assert asked_voice("According to the union, how many joined?") == "the union"
    assert asked_voice("How many does it say joined?") == ""


@pytest.mark.parametrize(
    ("question", "said", "supplied"),
    [
        ("How many people were killed in the crash?", "No one was killed.", True),
        ("How many people died in the crash?", "No deaths were reported.", True),
        ("How many people were arrested?", "Police made no comment on the arrests.", False),
    ],
)
def test_none_is_a_count(question: str, said: str, supplied: bool) -> None:
    assert _supplies(question, said) is supplied


@pytest.mark.parametrize(
    ("said", "supplied"),
    [
        ("The firm said it would provide $12 million in compensation to the families.", True),
        ("The ministry puts the damage at $1.4 billion, while families seek compensation.", False),
        (
            "The ministry puts the damage at $1.4 billion; a business group seeking compensation"
            " says its own survey found $3.2 billion.",
            False,
        ),
        ("The blast caused $3.2 billion in damage; families want compensation.", False),
    ],
)
def test_a_sum_named_as_another_sum_is_not_the_asked_one(said: str, supplied: bool) -> None:
    question = "How much compensation has the government paid to the families?"
    assert _supplies(question, said) is supplied


@pytest.mark.parametrize(
    ("question", "said", "supplied"),
    [
        # the doer of the asked verb
        (
            "Who leads the Harbour Party?",
            "Maria Costa, the party's leader, said on Monday that the vote was fair.",
            True,
        ),
        ("Who owns the Calder ferry?", "Its owner, Tomas Weller, declined to comment.", True),
        # the measure a "how" adjective asks
        ("How deep was the mine shaft?", "The shaft reached a depth of 410 metres.", True),
        # a state brought about ("made homeless") is the act a count must name
        (
            "How many people were made homeless by the flood?",
            "Some 4,200 people have registered as homeless since the flood.",
            True,
        ),
        ("How many people were made homeless by the flood?", "Some 4,200 people voted.", False),
        # a verb and its particle name the act ("turned out" is the turnout)
        (
            "How many people turned out for the rally on 4 March?",
            "The organisers put the turnout at more than 12,000.",
            True,
        ),
        # a verb and its object name the act ("receive a payment": pay), in a currency no
        # lexicon lists
        (
            "How much will the state pay the family of each person killed?",
            "Each bereaved family will receive a payment of 250,000 aldens from the state.",
            True,
        ),
        # staff are workers, and "members of staff" are staff
        ("How many staff does the kitchen employ?", "The kitchen employs 58 workers.", True),
        (
            "How many staff are employed at the kitchen?",
            "All 58 members of staff employed at the kitchen were tested.",
            True,
        ),
        # a number with no noun of its own, to which the asked act is done
        (
            "How many cases had been confirmed by laboratory testing?",
            "Of these, 87 were confirmed by laboratory testing.",
            True,
        ),
        (
            "How many of its workers were sent home?",
            "We have sent 120 of them home on full pay.",
            True,
        ),
        ("How many people died in the fire?", "Of these, 87 were confirmed by testing.", False),
        # another act the lexicon knows, done to the asked noun, does not count it
        ("How many children died in the outbreak?", "Over 400 children were made ill.", False),
        (
            "How many children died in the outbreak?",
            "Nineteen children were admitted to hospital during the outbreak.",
            False,
        ),
        ("How many children died in the outbreak?", "Two children died in the outbreak.", True),
        (  # a payment to someone else is not what the asked verb pays
            "How much did the housing authority pay the demolition contractor?",
            "Households are being offered flats and a relocation payment of $4,500 each.",
            False,
        ),
        # how much a thing fell: a share will do
        (
            "How much did the firm's shares fall on the day the report came out?",
            "Its shares fell 41% on Monday.",
            True,
        ),
        # what a cost is done for ("could be completed for £4.2 million")
        (
            "How much will it cost to replace the cladding on the towers?",
            "Replacing the cladding on the towers could be completed for £4.2 million.",
            True,
        ),
        (
            "How much rain fell in the valley in June?",
            "The valley recorded 31 mm of rain in June.",
            True,
        ),
    ],
)
def test_the_asked_words_in_other_forms(question: str, said: str, supplied: bool) -> None:
    need = need_of(question, asked(question)).paying_in([said])
    assert supplies(parse_remembered([said], entities=True)[0], need) is supplied


def test_a_sum_in_a_currency_its_documents_name_supplies_how_much() -> None:
    """ "dalers" is money because a document read pays "fees of 14.2 million dalers"."""
    question = "How much money did the fund lose on the tower?"
    said = parse_remembered(["The fund has lost 412 million dalers on the tower."])[0]
    need = need_of(question, asked(question))
    assert not supplies(said, need)
    assert supplies(said, need.paying_in(["It paid fees of 14.2 million dalers."]))


def test_a_who_question_searches_for_the_doer_of_its_verb() -> None:
    heads = doer_of("Who leads the Harbour Party?").split()
    assert {"leader", "chief", "director", "chairwoman"} <= set(heads)  # "X, Chief Inspector of"
    assert doer_of("Who owns the ferry?").split() == ["owner"]
    assert doer_of("How many people were evacuated?") == ""


def test_a_follow_ups_carried_topic_does_not_dilute_what_it_asks() -> None:
    question = (
        "How many schools was it using as shelters? "
        "(Harbour Aid the Tessar Valley charity estimated 52 000 people lost)"
    )
    said = "Our 300 volunteers are working from 41 schools that have been turned into shelters."
    need = need_of(question, asked(question))
    assert supplies(parse_remembered([said], entities=True)[0], need, "Harbour Aid")


@pytest.mark.parametrize(
    ("question", "said", "supplied"),
    [
        # one event in the noun's own phrases: jobs that go are jobs lost
        ("How many jobs will be lost at the mill?", "The union says 700 jobs will go.", True),
        ("How many jobs will be lost at the mill?", "The mill will make 700 redundancies.", True),
        ("How many jobs will be lost at the mill?", "The mill employs 700 people.", False),
        # what a place has is what it provides or holds
        (
            "How many flats will the Orrin estate have?",
            "When finished, the Orrin estate will provide 1,300 flats.",
            True,
        ),
        # a role only a person holds is answered by a person's name, not a body's
        (
            "Which police commander led the raid on Velm Street?",
            "The Velm Street Tenants' Union said the raid was led without warning.",
            False,
        ),
        (
            "Which police commander led the raid on Velm Street?",
            "Commander Ilse Varga, who led the raid on Velm Street, defended it.",
            True,
        ),
        # a time of day
        (
            "At what time did the first ambulance arrive?",
            "The first ambulance arrived at 4.12am, the service said.",
            True,
        ),
        ("At what time did the first ambulance arrive?", "The first ambulance arrived.", False),
        # a verb's own noun, and a sum in a currency the parser names
        (
            "Which judge ruled on the dockers' case?",
            "Judge Oriel Venn gave her ruling on Monday in the dockers' case.",
            True,
        ),
        (
            "How much is the state payment for each family?",
            "The state will make a payment of 150,000 marks to each family.",
            True,
        ),
        # who leads an organisation: its head, in whatever title
        (
            "Who leads the Marrowby Labour Inspectorate?",
            '"We will find the facts," said Mirela Dastani, Chief Inspector of the Marrowby'
            " Labour Inspectorate.",
            True,
        ),
        (
            "Who led the Marrowby observer mission?",
            '"Voters showed patience," said Ambassador Sigrun Tellefsen, head of the mission.',
            True,
        ),
        (
            "Who led the Marrowby observer mission?",
            "The mission's report was published by the Marrowby institute, Sigrun Tellefsen said.",
            False,
        ),
        (  # the head of something else than what was led
            "Which police commander led the operation at Marrowby?",
            "Commissioner Ana Roe, head of the Marrowby police, said the road was closed.",
            False,
        ),
    ],
)
def test_answers_said_in_other_words_of_news(question: str, said: str, supplied: bool) -> None:
    assert _supplies(question, said) is supplied


def test_a_name_the_document_gave_before_is_said_again_by_its_kind() -> None:
    """ "Tarrow province" named once; "the province" after it is about Tarrow, and not in a
    document that never named it."""
    from assistant.answer.about import Asking, about_the_question, named_kinds

    question = "How many observers were deployed in Marlo province by 9 May?"
    asking = Asking(("marlo",), frozenset(), (), named_kinds(question), True)
    said = "As of 9 May, 41 observers were deployed in the province."
    for opening, about in (("The mission works in Marlo province. ", True), ("Weekly. ", False)):
        text = opening + "x" * 400 + " " + said
        source = Source("Weekly report", "Mission", "2031-05-10", stance="independent")
        passage = Passage(1, Chunk("c", "d", 0, len(text), text), 1.0, source)
        span = Span(text.index(said), len(text), said)
        assert about_the_question(passage, span, said, asking, {"d": text}) is about


def test_initials_in_the_question_are_the_name_the_document_spells_out() -> None:
    """ "the ORTA fleet": a document that spells out the Ostby Regional Transit Authority and
    then says "the authority" is about it; one that never names it is not."""
    from assistant.answer.about import Asking, about_the_question

    asking = Asking(("orta",), frozenset(), (), (), True)
    said = "The authority runs a fleet of 380 buses on 29 routes."
    opened = "The Ostby Regional Transit Authority raised its fare. "
    for opening, about in ((opened, True), ("Riders walked. ", False)):
        text = opening + "x" * 400 + " " + said
        source = Source("Boycott begins", "Wire", "2031-05-10", stance="independent")
        passage = Passage(1, Chunk("c", "d", 0, len(text), text), 1.0, source)
        span = Span(text.index(said), len(text), said)
        assert about_the_question(passage, span, said, asking, {"d": text}) is about
    spelled = "The Ostby Regional Transit Authority runs 380 buses."
    text = "x" * 400 + " " + spelled
    source = Source("Fleet", "Wire", "2031-05-10", stance="independent")
    passage = Passage(1, Chunk("c", "d", 0, len(text), text), 1.0, source)
    span = Span(text.index(spelled), len(text), spelled)
    assert about_the_question(passage, span, spelled, asking, {"d": text})


class FarFromTitles:
    """Sentences naming someone by title sit far from the question: only their words say they
    hold the role asked about."""

    name = "far"

    def embed_batch(self, texts: list[str]) -> list[list[float]]:
        return [[0.0, 1.0] if ("Captain" in t or "chairwoman" in t) else [1.0, 0.0] for t in texts]


@pytest.mark.parametrize(
    ("question", "holder"),
    [
        ("Who was the captain of the Orla Bay?", "Captain Ivo Renk"),
        ("Who chairs the Orla Bay Families Association?", "Mara Esk"),
    ],
)
def test_a_role_named_with_its_holder_answers_whatever_the_embedding_says(
    question: str, holder: str
) -> None:
    text = (
        "The Orla Bay capsized off Tarn Point on Sunday. "
        "Captain Ivo Renk, 52, and two crew members were charged on Monday. "
        "Mara Esk, the association's chairwoman, called the charges overdue. "
        "The Orla Bay Families Association was founded in 2019."
    )
    source = Source("Wire", publisher="Tarn Wire", stance="independent")
    ps = [Passage(1, Chunk("c", "wire", 0, len(text), text), 1.0, source)]
    out = answer_extractively(question, [1.0, 0.0], ps, FarFromTitles(), {"wire": text}, 0.5)
    assert out.answered and any(holder in c.quote for c in out.citations), out.text


class FarFromAll:
    name = "far-all"

    def embed_batch(self, texts: list[str]) -> list[list[float]]:
        return [[0.0, 1.0] for _ in texts]


@pytest.mark.parametrize(
    ("question", "holder"),
    [
        ("Who was the captain of the Orla Bay?", "Captain Ivo Renk"),
        ("Who was the engineer of the Orla Bay?", None),  # no sentence names that role
    ],
)
def test_a_role_holder_is_read_when_no_sentence_is_close_to_the_question(
    question: str, holder: str | None
) -> None:
    text = (
        "The Orla Bay capsized off Tarn Point on Sunday. "
        "Captain Ivo Renk, 52, and two crew members were charged on Monday."
    )
    source = Source("Wire", publisher="Tarn Wire", stance="independent")
    ps = [Passage(1, Chunk("c", "wire", 0, len(text), text), 1.0, source)]
    out = answer_extractively(question, [1.0, 0.0], ps, FarFromAll(), {"wire": text}, 0.5)
    assert out.answered is (holder is not None), out.text
    assert holder is None or any(holder in c.quote for c in out.citations), out.text


def test_a_figure_of_another_numbered_thing_is_no_answer() -> None:
    """Asked about the Line 9 tram, "13 Line 4 passengers" counts other passengers; a
    sentence naming the Line 9 tram too may still answer; dates and years are no numbered
    things."""
    from assistant.answer.about import another_numbered, numbered

    asked = numbered("How many passengers were on the Line 9 tram that was struck?")
    assert asked == {("line", "9")}
    assert another_numbered(asked, numbered("Thirteen regular Line 4 passengers told us so."))
    assert not another_numbered(asked, numbered("Line 4 hit the Line 9 tram with 86 aboard."))
    assert numbered("On March 14, in 2021, Shed 7 burned; Sept 25 (Wire)") == {("shed", "7")}
    text = "Thirteen regular Line 4 passengers said the brakes were noisy."
    source = Source("Wire", publisher="Tarn Wire", stance="independent")
    ps = [Passage(1, Chunk("c", "wire", 0, len(text), text), 1.0, source)]
    question = "How many passengers were on the Line 9 tram?"
    out = answer_extractively(question, [1.0, 0.0], ps, FarFromTitles(), {"wire": text}, 0.5)
    assert not out.answered, out.text


def test_a_year_asked_is_not_about_a_later_text_naming_none() -> None:
    """ "How many seats did X win in the 2019 election?": a text of 2024 that names no year
    tells of its own election."""
    from assistant.answer.about import Asking, about_the_question

    text = "The Civic Alliance won 31 seats in the provincial election."
    span = Span(0, len(text), text)
    for date, about in (("2024-09-18", False), ("2020-01-10", True)):
        source = Source("Courier", "Courier", date, stance="independent")
        passage = Passage(1, Chunk("c:0", "c", 0, len(text), text), 0.9, source)
        asking = Asking(("civic",), frozenset({2019}), (), (), True)
        assert about_the_question(passage, span, text, asking, {"c": text}) is about, date


def test_a_fine_in_a_currency_named_in_words_is_stated() -> None:
    """The words "fined 500 crowns" state a fine: the verb's lemma is "fine" (not the
    parser's "fin"), and "crowns" is a currency named in words."""
    assert _supplies("How much was the fine for breaking curfew?", "Anyone was fined 500 crowns.")


def test_a_figure_stated_plainly_answers_below_the_closeness_threshold() -> None:
    """The sentence with the figure may say nothing but it ("340 crew members had joined"):
    for a figure asked, the gate reads sentences within SUPPLY_MARGIN of the threshold."""
    question = "How many crew members joined the strike?"
    out = answer_extractively(question, [0.5, 0.866], strike_passages(), Flat(), TEXTS, 0.85)
    assert out.answered and "340 crew members" in out.text
    asked_nothing = "Who led the crew members in the strike?"
    out = answer_extractively(asked_nothing, [0.5, 0.866], strike_passages(), Flat(), TEXTS, 0.85)
    assert out.text == NOT_ANSWERED
