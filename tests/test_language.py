"""Loaded political language, stance inference for undeclared sources, and one-sided answers.

The lexicon is general: these tests use invented places and parties, none of the demo corpus.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from assistant.answer.json_form import flag_json
from assistant.answer.pipeline import ask
from assistant.answer.retrieve import balance
from assistant.config import Settings
from assistant.corpus.load import load_corpus
from assistant.ledger.library import Library
from assistant.ledger.loaded_language import loaded_cues, looks_partisan
from assistant.store.embedders import Embedder
from assistant.store.index import Index
from assistant.types import Chunk, Flag, Source

PARTISAN_UNDECLARED = """# Voices of the Free Tarsh Valley

The criminal regime of Governor Olan sent its thugs into Tarsh Square on 3 May 2024. Our heroic
martyrs fell there. The so-called inquiry is a whitewash, and the appeasement of the tyrant by
foreign capitals must end. The massacre of 3 May left 41 people dead, the Valley Committee says.
"""
NEUTRAL_UNDECLARED = """# Tarsh Valley clashes: the coroner's count

The regional coroner of Tarsh said on 20 May 2024 that 17 people died in the clashes in Tarsh
Square on 3 May 2024. The coroner said the count covers deaths recorded in the two city
hospitals. The sanctions regime against the province remains in force.
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The regime sent thugs.", ["regime", "thugs"]),
        ("Our martyrs and heroes.", ["martyrs", "heroes"]),
        ("This is criminal negligence.", ["criminal negligence"]),
        ("A policy of appeasement.", ["appeasement"]),
        ("The so-called reformers.", ["so-called"]),
        ("A massacre of civilians.", ["massacre"]),
        ("The sanctions regime stays; the visa regime eased.", []),
        ("The council met on Tuesday and approved the budget.", []),
        ("Regimen and regimental bands.", []),
    ],
)
def test_loaded_cues_from_a_general_lexicon(text: str, expected: list[str]) -> None:
    cues = loaded_cues(text, "d", 100)
    assert [c.text for c in cues] == expected
    for c in cues:
        assert text[c.start - 100 : c.end - 100] == c.text


def test_undeclared_stance_is_inferred_from_wording() -> None:
    assert looks_partisan(PARTISAN_UNDECLARED)
    assert not looks_partisan(NEUTRAL_UNDECLARED)


@pytest.fixture(scope="module")
def tarsh_index(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Library:
    corpus = tmp_path_factory.mktemp("tarsh")
    (corpus / "voices.md").write_text(PARTISAN_UNDECLARED)
    (corpus / "coroner.md").write_text(NEUTRAL_UNDECLARED)
    declared = "---\ntitle: Rally\npublisher: Tarsh Front\nstance: independent\n---\n"
    (corpus / "declared.md").write_text(declared + PARTISAN_UNDECLARED.replace("#", "##"))
    load = load_corpus(corpus)
    assert not load.errors
    library = Library.over(Index(tmp_path_factory.mktemp("tarsh-index"), embedder))
    library.sync_documents(load.documents)
    return library


def test_ingest_marks_inferred_stance_and_respects_declared(tarsh_index: Library) -> None:
    sources = tarsh_index.index.sources()
    assert sources["voices"].stance == "partisan" and sources["voices"].stance_inferred
    assert sources["coroner"].stance == "unknown" and not sources["coroner"].stance_inferred
    assert sources["declared"].stance == "independent" and not sources["declared"].stance_inferred


def test_answer_flags_loaded_language_with_offsets(
    tarsh_index: Library, settings: Settings
) -> None:
    answer = ask("Who sent thugs into Tarsh Square?", tarsh_index, settings)
    flag = next(f for f in answer.flags if f.kind == "loaded_language")
    for cue in details(flag)["cues"]:
        text = tarsh_index.index.text(cue["doc_id"])
        assert text is not None and text[cue["start"] : cue["end"]] == cue["text"]
    assert {"thugs", "criminal regime"} <= {c["text"].lower() for c in details(flag)["cues"]}


def test_plain_wording_raises_no_loaded_language_flag(
    tarsh_index: Library, settings: Settings
) -> None:
    answer = ask("What does the coroner's count of deaths cover?", tarsh_index, settings)
    assert answer.answered
    assert "loaded_language" not in {f.kind for f in answer.flags}


def test_one_sided_answer_says_so(ask_fictional) -> None:  # type: ignore[no-untyped-def]
    answer = ask_fictional(
        "Did the Marrowby dam engineers warn the government about cracks before it collapsed?"
    )
    # the claim is the partisan party's alone, whatever independent context is quoted beside
    # it: the warning is per claim, and the answer says it in words
    assert answer.citations[0].source.stance == "partisan"
    flag = next(f for f in answer.flags if f.kind == "one_sided")
    assert flag.message in answer.text


def _chunk(doc: str, n: int) -> tuple[Chunk, float]:
    return Chunk(f"{doc}-{n}", doc, 0, 1, "x"), 1.0 / n


def test_balance_brings_in_a_relevant_independent_passage() -> None:
    sources = {
        "p1": Source("a", stance="partisan"),
        "p2": Source("b", stance="partisan"),
        "i1": Source("c", stance="independent"),
    }
    chosen = [_chunk("p1", 1), _chunk("p2", 2), _chunk("p1", 3)]
    relevant = [*chosen, _chunk("i1", 4)]
    out = balance(chosen, relevant, sources)
    assert [c.doc_id for c, _ in out] == ["p1", "p2", "i1"]
    # already balanced, or nothing independent relevant: unchanged
    assert balance(out, relevant, sources) == out
    assert balance(chosen, chosen, sources) == chosen


def test_partisan_only_and_one_sided_absent_when_independent_quoted(
    tarsh_index: Library, settings: Settings, tmp_path: Path
) -> None:
    answer = ask(
        "How many people died in Tarsh Square according to the coroner?",
        tarsh_index,
        replace(settings, top_k=4),
    )
    assert answer.answered
    if any(c.source.stance != "partisan" for c in answer.citations):
        kinds = {f.kind for f in answer.flags}
        assert "partisan_only" not in kinds and "one_sided" not in kinds


def details(f: Flag) -> dict[str, Any]:
    """A flag's details as the JSON form gives them (what the API and eval runs carry)."""
    return dict(flag_json(f, {})["details"])
