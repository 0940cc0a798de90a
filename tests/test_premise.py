"""False premises about who gave which figure: found in the question, checked against the
claims ledger, corrected at the top of the answer with the claimant's own quoted figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.answer.pipeline import ask
from assistant.answer.premise import (
    FALSE_PREMISE,
    _distinct,
    _mid,
    _restated,
    name_words,
    presupposed,
    same_voice,
)
from assistant.config import Settings
from assistant.corpus.load import load_corpus
from assistant.ledger.library import Library
from assistant.store.embedders import Embedder
from assistant.store.index import Index
from assistant.types import Answer, FigureStatement, Quantity
from tests.conftest import ROOT, Asker

KNOWN = {
    name: name_words(name)
    for name in (
        "Riverwatch Institute",
        "Ministry of Health",
        "Frontline Care International",
        "Calvera",
    )
}


@pytest.mark.parametrize(
    ("question", "mention", "raw", "counted"),
    [
        (
            "Why did the Riverwatch Institute confirm 1,500 deaths in the flood?",
            "the Riverwatch Institute",
            "1,500",
            "deaths",
        ),
        (
            "Given that the health ministry reported about 500 deaths, why is the mayor still "
            "in office?",
            "the health ministry",
            "about 500",
            "deaths",
        ),
        (
            "Isn't it true that FCI's two centres have treated 6,500 patients?",
            "FCI's",
            "6,500",
            "patients",
        ),
        (
            "How many arrests did the Ministry of Health report - was it 12,000?",
            "the Ministry of Health",
            "12,000",
            "",
        ),
        (  # the verb after the count is not what is counted twice: "13 people killed"
            "Did the Ministry of Health confirm that 13 people died in the flood?",
            "the Ministry of Health",
            "13",
            "people killed",
        ),
    ],
)
def test_a_figure_attributed_to_a_known_claimant_is_found(
    question: str, mention: str, raw: str, counted: str
) -> None:
    found = [p for p in presupposed(question, KNOWN) if p.raw == raw]
    assert found and found[0].mention == mention
    assert found[0].counted.startswith(counted)
    assert "died" not in found[0].counted


@pytest.mark.parametrize(
    "question",
    [
        "How many people died in the flood?",  # no claimant, no figure
        "Did 1,500 people die in Calvera in the flood?",  # a place, not a voice
        "Given that the Riverwatch Institute said the dam broke, why did 300 people stay?",
        "When did the Riverwatch Institute publish its count?",
    ],
)
def test_no_presupposed_figure_without_a_voice_giving_it(question: str) -> None:
    assert presupposed(question, KNOWN) == []


def test_names_match_by_words_and_initials() -> None:
    assert same_voice("Amnesty", "Amnesty International")
    assert same_voice("FCI's", "Frontline Care International")
    assert not same_voice("Amnesty International", "Human Rights Watch")


def _flags(answer: Answer) -> list[str]:
    return [f.kind for f in answer.flags]


def test_a_figure_the_claimant_never_gave_is_corrected_with_its_own_figures(
    ask_demo: Asker,
) -> None:
    a = ask_demo(
        "Why did Amnesty International confirm 1,500 deaths in the November 2019 protests?"
    )
    first = a.text.splitlines()[0]
    assert first.startswith("The documents do not say that Amnesty International gave")
    assert "1,500 deaths" in first and "304" in first
    assert _flags(a)[0] == FALSE_PREMISE
    cited = {c.n: c for c in a.citations}
    quoted_304 = [c for n, c in cited.items() if f"[{n}]" in first and "304" in c.quote]
    assert quoted_304 and quoted_304[0].source.publisher == "Amnesty International"


def test_a_figure_the_claimant_did_give_raises_no_flag(ask_demo: Asker) -> None:
    for question in (
        "Why did Amnesty International raise its count to 304 deaths?",
        "Given that the US State Department said Iran could have killed more than 1,000 "
        "protesters, what did Amnesty count?",
        "Did Reuters report about 1,500 deaths in the November 2019 protests?",
    ):
        assert FALSE_PREMISE not in _flags(ask_demo(question)), question


def test_a_sentence_is_quoted_once_in_an_answer(ask_demo: Asker) -> None:
    """Counter-evidence opens the answer; the answer below it does not quote it again."""
    rows = [json.loads(x) for x in (ROOT / "eval/blind/demo/pressure.jsonl").open() if x.strip()]
    for row in rows[:12]:
        text = ask_demo(row["question"]).text
        lines = [x for x in text.splitlines() if x.startswith("According")]
        assert len(lines) == len(set(lines)), row["question"]


def _said(value: float, date: str, doc: str) -> FigureStatement:
    q = Quantity(value, value)
    return FigureStatement(doc, 0, 1, "s", 0, 1, str(int(value)), q, "dead", "X", True, date)


def test_the_last_value_given_again_later_is_quoted_again() -> None:
    """A claimant that still stood by its figure later is quoted from the later statement too."""
    said = [
        _said(9, "2025-02-10", "early"),
        _said(11, "2025-02-13", "first"),
        _said(11, "2025-02-20", "again"),
        _said(11, "2025-03-04", "still"),
    ]
    chosen = _distinct(said)
    assert [s.doc_id for s in chosen] == ["early", "first"]
    again = _restated(said, chosen)
    assert again is not None and again.doc_id == "still"
    assert _restated(said[:2], _distinct(said[:2])) is None


@pytest.mark.parametrize(
    ("raw", "shown"),
    [("Sixty-four", "sixty-four"), ("About 500", "about 500"), ("318 million", "318 million")],
)
def test_a_figure_that_opened_its_sentence_is_shown_mid_sentence(raw: str, shown: str) -> None:
    assert _mid(raw) == shown


def test_a_figure_only_its_claimant_gives_still_corrects_a_false_premise(
    tmp_path: Path, embedder: Embedder, settings: Settings
) -> None:
    """The Trust alone counts boats damaged (no dispute holds its figure): a question saying
    it counted 900 is corrected with its own 212."""
    docs = tmp_path / "docs"
    docs.mkdir()
    head = "---\ntitle: {t}\npublisher: {p}\ndate: 2031-04-0{d}\nstance: {s}\n---\n\n"
    (docs / "trust.md").write_text(
        head.format(t="Storm damage at Orlen", p="Orlen Harbour Trust", d=2, s="partisan")
        + "# Storm damage at Orlen\n\nThe Orlen Harbour Trust said on Monday that 212 boats "
        "were damaged in the storm. Repairs to the north mole will start in May.\n"
    )
    (docs / "wire.md").write_text(
        head.format(t="Orlen clears up", p="Norland Wire", d=3, s="independent")
        + "# Orlen clears up\n\nCrews in Orlen spent Tuesday clearing the harbour road. "
        "The storm brought gusts of 140 km/h to the coast, the weather service said.\n"
    )
    library = Library.over(Index(tmp_path / "index", embedder))
    library.sync_documents(load_corpus(docs).documents)
    answer = ask("Why did the Orlen Harbour Trust say 900 boats were damaged?", library, settings)
    assert any(f.kind == FALSE_PREMISE for f in answer.flags)
    opening = answer.text.split("\n")[0]
    assert "gave a figure of 900" in opening and "gives 212" in opening, opening
    assert any("212 boats" in c.quote for c in answer.citations)
