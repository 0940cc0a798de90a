"""Retrieval quality on a small fictional corpus written for the tests."""

import json
from pathlib import Path

from assistant.answer.retrieve import (
    LEXICAL_SEATS,
    diversify,
    fuse,
    retrieve,
    with_act_words,
    with_lexical_seats,
    with_the_kind,
)
from assistant.ledger.library import Library
from assistant.store.lexical import LexicalIndex, capitalised_words
from assistant.types import Chunk

from .conftest import DATA


def test_right_document_in_top_3_for_90_percent(fictional_library: Library) -> None:
    cases = json.loads((DATA / "fictional_questions.json").read_text())
    assert len(cases) >= 20
    misses = []
    for case in cases:
        vector = fictional_library.index.embedder.embed_batch([case["question"]])[0]
        top = [
            p.chunk.doc_id for p in retrieve(fictional_library.index, case["question"], vector, 3)
        ]
        if case["doc"] not in top:
            misses.append((case["question"], case["doc"], top))
    assert len(misses) <= len(cases) * 0.1, misses


def test_passages_are_numbered_and_capped_per_document(fictional_library: Library) -> None:
    q = "What happened at the Marrowby dam?"
    vector = fictional_library.index.embedder.embed_batch([q])[0]
    passages = retrieve(fictional_library.index, q, vector, 6, per_document=1)
    assert [p.n for p in passages] == list(range(1, len(passages) + 1))
    assert len({p.chunk.doc_id for p in passages}) == len(passages)


def test_fusion_rewards_agreement_and_diversity_caps() -> None:
    a, b, c = (Chunk(x, "d" + x, 0, 1, x) for x in "abc")
    a2 = Chunk("a2", "da", 1, 2, "a2")
    fused = fuse([[a, b, c], [b, a2, c]])
    assert fused[0][0] == b
    assert [ch.id for ch, _ in diversify(fused, 4, 1)] == ["b", "c", "a"]  # a2 shares a doc


def test_names_are_the_capitalised_words_after_a_sentences_first() -> None:
    assert capitalised_words("Who was Amir Saadouni's lawyer in Oslo? And Paris.") == [
        "Amir",
        "Saadouni's",
        "Oslo",
        "Paris",
    ]
    assert capitalised_words("When did the U.S. act?") == []


def test_bm25_knows_a_word_by_its_first_letters(tmp_path: Path) -> None:
    lexical = LexicalIndex(tmp_path / "lexical")
    text = "The Iranian ministry and Mohammad's office replied."
    lexical.add([Chunk("c", "a", 0, len(text), text)], {"a": "hash"})
    lexical.commit("g1")
    assert lexical.knows("Iran") and lexical.knows("Mohammed") and lexical.knows("Ministry's")
    assert not lexical.knows("Oslo") and not lexical.knows("Oslo-based")
    assert lexical.knows("EU")  # too short to judge
    lexical.delete(["a"])
    lexical.commit("g2")
    assert not lexical.knows("Iran")  # a deleted chunk's terms are not known


def test_the_lexical_search_is_given_the_other_words_of_an_act() -> None:
    expanded = with_act_words("How many people were killed in the crash?")
    assert {"death", "die"} <= set(expanded.split())
    assert with_act_words("Who chairs the port authority?") == "Who chairs the port authority?"
    # "take part" is an act's name; "take" alone is no word of it
    assert with_act_words("How long did the recount take?") == "How long did the recount take?"


def test_the_best_lexical_matches_keep_their_seats() -> None:
    """A passage with the question's exact words that the embedding ranks low is still read."""
    chunks = [Chunk(f"d{i}-0", f"d{i}", 0, 1, "x") for i in range(12)]
    fused = [(c, 1.0 / (i + 1)) for i, c in enumerate(chunks)]
    lexical = [chunks[11], chunks[10], chunks[0]]  # exact matches the fusion ranks last
    chosen = [c for c, _ in with_lexical_seats(fused, lexical, 6, per_document=2)]
    assert len(chosen) == 6 and LEXICAL_SEATS == 2
    assert chunks[11] in chosen and chunks[10] in chosen
    assert chosen[:4] == chunks[:4]  # the fused order is kept for the other seats


def test_a_how_long_question_keeps_a_passage_with_a_time_of_what_it_asks() -> None:
    def chunk(n: int, text: str) -> tuple[Chunk, float]:
        return Chunk(f"c{n}", f"d{n}", 0, len(text), text), 1.0 / n

    chosen = [
        chunk(1, "About 180 tonnes were inside Shed 7 when the fire started."),
        chunk(2, "For six years we have warned that Shed 7 was a danger."),  # one word shared
    ]
    burned = chunk(3, "The blaze burned for 31 hours before crews put out the fire.")
    kept = with_the_kind(chosen, [*chosen, burned], "How long did the fire at Shed 7 burn?")
    assert [c.id for c, _ in kept] == ["c1", "c3"]
    assert with_the_kind(chosen, [*chosen, burned], "Who owns Shed 7?") == chosen
