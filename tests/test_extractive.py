"""Sentence choice of the extractive answerer, on hand-made passages (no model): what the
question asks for, self-describing sentences, and quotes widened to a sentence that cannot
stand alone. Fictional text only."""

from __future__ import annotations

import pytest

from assistant.answer.extractive import (
    adds,
    answer_extractively,
    candidate_sentences,
    describes_itself,
    rank,
    select,
    wanted,
    widen,
)
from assistant.store.lexical import tokenize
from assistant.types import Chunk, Passage, Source

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
