"""The ledger keeps its groups: a write places only its own figures, a removal drops its
documents' members, and opening a store restores the groups from their stored labels without
clustering again. Real embedder, real Chroma on disk."""

from __future__ import annotations

import gc
import shutil
import threading
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from assistant.corpus.load import load_corpus
from assistant.ledger import ledger as ledger_module
from assistant.ledger.disputes import statements_of
from assistant.ledger.grouping import Grouper, group_statements, subject_names
from assistant.ledger.ledger import Ledger
from assistant.ledger.library import Library
from assistant.ledger.saved import RESTATED, ROW, STATE
from assistant.ledger.statements import extract_figures
from assistant.store.embedders import Embedder
from assistant.store.index import Index
from assistant.types import Dispute, Document, FigureStatement, Source

from .conftest import FICTIONAL


def _contested(library: Library) -> set[frozenset[str]]:
    return {frozenset(c.claimant for c in d.claims) for d in library.disputes() if d.contested}


def _doc(doc_id: str, publisher: str, text: str) -> Document:
    return Document(doc_id, text, Source(title=doc_id, publisher=publisher, date="2023-06-20"))


@pytest.fixture
def library(tmp_path: Path, embedder: Embedder) -> Library:
    lib = Library.over(Index(tmp_path / "index", embedder))
    lib.sync_documents(load_corpus(FICTIONAL).documents)
    return lib


def test_opening_a_store_restores_the_groups_without_clustering(
    library: Library, tmp_path: Path, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _contested(library)
    assert before

    def no_clustering(*args: object, **kwargs: object) -> int:
        raise AssertionError("a stored label was ignored: the store was grouped again")

    monkeypatch.setattr(Grouper, "_closest", no_clustering)
    reopened = Library.over(Index(tmp_path / "index", embedder))
    assert _contested(reopened) == before


def test_opening_a_store_reads_the_saved_disputes(
    library: Library, tmp_path: Path, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An ingest saves its disputes with the store's generation: a process opening the store
    answers with them and reads no figure row; once they are gone (or another instance has
    written since), they are computed from the stored labels and saved again."""
    before = library.disputes()

    def no_reading(self: Ledger) -> object:
        raise AssertionError("the saved disputes were not used")

    with monkeypatch.context() as m:
        m.setattr(Ledger, "_labelled", no_reading)
        assert Library.over(Index(tmp_path / "index", embedder)).disputes() == before
    library.index.collection(STATE).delete(ids=[ROW])
    assert Library.over(Index(tmp_path / "index", embedder)).disputes() == before
    text = "The Harbour Watch Collective said 9,000 dockworkers had walked out at Port Celadon."
    library.add_documents([_doc("extra/watch", "Harbour Watch Collective", text)])
    reopened = Library.over(Index(tmp_path / "index", embedder))
    assert "Harbour Watch Collective" in {c.claimant for d in reopened.disputes() for c in d.claims}


def test_restatements_are_read_in_batches_of_values(
    library: Library, tmp_path: Path, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The figures looked up for restatements are read a few values at a time (SQLite caps the
    variables of one query: 200k chunks passed that cap); the result does not depend on it."""
    before = library.disputes()
    assert any(len(c.history) for d in before for c in d.claims)
    monkeypatch.setattr(ledger_module, "VALUES_PER_READ", 1)
    library.index.collection(STATE).delete(ids=[RESTATED])  # so that they are looked up
    calls: list[int] = []
    lookup = Ledger._stated_with

    def counted(self: Ledger, values: list[float]) -> list[FigureStatement]:
        calls.append(len(values))
        return lookup(self, values)

    monkeypatch.setattr(Ledger, "_stated_with", counted)
    assert Library.over(Index(tmp_path / "index", embedder)).disputes() == before
    assert calls


def test_a_write_places_only_its_own_figures(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    library.disputes()  # the groups are in memory
    placed: list[str] = []
    closest = Grouper._closest

    def counting(self: Grouper, s, *args):  # type: ignore[no-untyped-def]
        placed.append(s.doc_id)
        return closest(self, s, *args)

    monkeypatch.setattr(Grouper, "_closest", counting)
    text = (
        "The Harbour Watch Collective said that 9,000 dockworkers had walked out at Port Celadon."
    )
    library.add_documents([_doc("extra/watch", "Harbour Watch Collective", text)])
    assert set(placed) == {"extra/watch"}
    claimants = {c.claimant for d in library.disputes() for c in d.claims}
    assert "Harbour Watch Collective" in claimants


def _claims(disputes: list[Dispute]) -> list[tuple[str, bool, frozenset[tuple[str, str, str]]]]:
    return [
        (
            d.counted,
            d.contested,
            frozenset((c.claimant, c.statement.raw, c.statement.stance) for c in d.claims),
        )
        for d in disputes
    ]


def _reopened_reading_no_whole_ledger(
    path: Path, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> Library:
    """The store at `path` opened again, in a process that fails if it reads every row."""

    def no_whole_read(self: Ledger, *args: object) -> None:
        raise AssertionError("the whole ledger was read")

    monkeypatch.setattr(Ledger, "_restore", no_whole_read)
    monkeypatch.setattr(Ledger, "_labelled", no_whole_read)
    return Library.over(Index(path, embedder))


def test_a_new_process_writes_without_reading_the_whole_ledger(
    library: Library, tmp_path: Path, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process that opens a store and then adds or removes a document loads the groups of
    the measures it touches, not every row, and ends with the disputes that a process holding
    every group in memory reaches with the same writes."""
    library.disputes()
    shutil.copytree(tmp_path / "index", tmp_path / "copy")
    texts = [
        "The Harbour Watch Collective said 9,000 dockworkers had walked out at Port Celadon.",
        "The Celadon Port Authority said on Friday that 41 ships were stuck outside the port.",
    ]
    adding = [_doc(f"extra/{i}", "Harbour Watch Collective", t) for i, t in enumerate(texts)]
    removing = next(s.doc_id for d in library.disputes() if d.contested for s in statements_of(d))
    library.add_documents(adding)
    library.remove([removing])
    expected = library.disputes()
    reopened = _reopened_reading_no_whole_ledger(tmp_path / "copy", embedder, monkeypatch)
    reopened.add_documents(adding)
    reopened.remove([removing])
    assert reopened.ledger._loaded  # some measures are in memory, not all
    assert _claims(reopened.disputes()) == _claims(expected)


def test_a_new_process_joins_a_claim_said_in_other_words(
    library: Library, tmp_path: Path, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Figures that join claims of another measure (the same voices and figures, counting the
    same thing by another verb) are joined by a process holding only some measures too: the
    claims they restate are looked up by value (`restated`), as for any write."""
    library.disputes()
    shutil.copytree(tmp_path / "index", tmp_path / "copy")
    text = (
        "The Celadon Dockers' Union said that 12,000 dockworkers had stayed off the quays. The"
        " Port Celadon Authority said that about 3,000 dockworkers had stayed off the quays."
    )
    adding = [_doc("extra/union", "Harbour Watch Collective", text)]
    library.add_documents(adding)
    expected = library.disputes()
    assert "extra/union" in {s.doc_id for d in expected for s in statements_of(d)}
    reopened = _reopened_reading_no_whole_ledger(tmp_path / "copy", embedder, monkeypatch)
    reopened.add_documents(adding)
    assert reopened.ledger._loaded  # some measures are in memory, not all
    assert _claims(reopened.disputes()) == _claims(expected)


def test_removing_a_document_drops_its_claims(library: Library) -> None:
    library.disputes()
    doc_id = next(
        s.doc_id for d in library.disputes() if d.contested for c in d.claims for s in [c.statement]
    )
    library.remove([doc_id])
    assert all(
        c.statement.doc_id != doc_id and all(h.doc_id != doc_id for h in c.history)
        for d in library.disputes()
        for c in d.claims
    )


def test_readers_do_not_wait_for_a_large_write(library: Library) -> None:
    """While a write holds the groups, a question gets the disputes as they stood, and the
    ledger names the document still being analysed."""
    before = library.disputes()
    ledger = library.ledger
    held, release = threading.Event(), threading.Event()

    def writer() -> None:
        with ledger._lock:
            ledger._analysing["big"] = "A very large upload"
            held.set()
            release.wait(30)
            ledger._analysing.pop("big")

    thread = threading.Thread(target=writer)
    thread.start()
    held.wait(30)
    try:
        assert ledger.analysing() == ["A very large upload"]
        assert library.disputes() == before
    finally:
        release.set()
        thread.join()


def test_a_log_of_figures_does_not_slow_grouping(embedder: Embedder, tmp_path: Path) -> None:
    """A document that states hundreds of figures of one measure (a table, a log) is grouped
    in time linear in its size: its rows beyond the first few dozen are not claims in dispute."""
    rows = "".join(
        f"The Harbour Board recorded {100 + n} crossings by the ferry in week {n % 52 + 1}. "
        for n in range(400)
    )
    lib = Library.over(Index(tmp_path / "index", embedder))
    lib.sync_documents([_doc("log", "Harbour Board", rows)])
    grouper = lib.ledger._grouper or lib.ledger._restore()
    assert sum(len(g.members) for g in grouper.groups) <= 50


def test_a_process_opening_the_store_reads_the_restated_disputes_saved(
    library: Library, tmp_path: Path, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Looking restatements up reads rows by value (10.8 s at 200k chunks): the writer saves
    the disputes as readers get them, and a process opening the store reads those."""
    before = library.disputes()

    def no_lookup(self: Ledger, values: list[float]) -> list[FigureStatement]:
        raise AssertionError("the restated disputes were looked up again")

    with monkeypatch.context() as m:
        m.setattr(Ledger, "_stated_with", no_lookup)
        assert Library.over(Index(tmp_path / "index", embedder)).disputes() == before
    text = "The Harbour Watch Collective said 9,000 dockworkers had walked out at Port Celadon."
    reader = Library.over(Index(tmp_path / "index", embedder))
    reader.disputes()  # read from what was saved; then a write of its own
    reader.add_documents([_doc("extra/watch", "Harbour Watch Collective", text)])
    fresh = Library.over(Index(tmp_path / "index", embedder))
    fresh.index.collection(STATE).delete(ids=[ROW, RESTATED])
    assert reader.disputes() == fresh.disputes()  # the same as computed from the rows


def test_figures_of_other_years_are_other_quantities() -> None:
    def said(doc_id: str, text: str, date: str, publisher: str) -> list[FigureStatement]:
        found = extract_figures(doc_id, text + "\n", publisher=publisher, date=date, stance="")
        return [replace(f, attributed=True) for f in found]

    old = said(
        "courier",
        "The bridge works lasted 14 months, from May 2016 to July 2017.",
        "2025-03-06",
        "Courier",
    )
    new = said(
        "wire", "The bridge works will last about 30 weeks, the city says.", "2025-03-18", "Wire"
    )
    late = said(
        "review", "The bridge works of 2024 lasted 40 weeks, the city said.", "2025-03-20", "Review"
    )
    statements = [*old, *new, *late]
    vectors = np.ones((len(statements), 4), dtype=np.float32)
    groups = group_statements(
        statements, vectors, {"courier": "Courier", "wire": "Wire", "review": "Review"}
    )
    together = [{s.doc_id for s in g} for g in groups]
    assert {"courier"} in together  # 2016-2017 never meets what a 2025 text names no year for
    assert {"wire", "review"} in together  # a year within two of the document's meets it


def test_a_text_answering_a_named_voice_in_its_own_voice_disputes_it() -> None:
    """Two figures of one measure in one text are two quantities (a breakdown) unless the text
    sets them against each other: a named voice's figure, then "In reality, ..." in its own."""
    text = (
        "The ministry boasts that 4,500 officers were deployed on the hill. "
        "In reality, fewer than 1,000 officers were deployed on the hill that night."
    )
    answered = extract_figures("union", text, publisher="Union", date="2025-03-20", stance="")
    plain = extract_figures(
        "wire",
        text.replace("In reality, fewer", "Of them, fewer").replace("boasts", "says"),
        publisher="Wire",
        date="2025-03-20",
        stance="",
    )
    for found, apart in ((answered, False), (plain, True)):
        vectors = np.ones((len(found), 4), dtype=np.float32)
        groups = group_statements(found, vectors, {"union": "Union", "wire": "Wire"})
        assert (len(groups) == 2) is apart, [[s.raw for s in g] for g in groups]


def test_a_bold_lead_in_names_nothing() -> None:
    text = "**Escapes.** The Prison Service has said that 14 inmates escaped at Holm.\n"
    (escaped,) = extract_figures("d", text, publisher="Wire", date="2025-03-20", stance="")
    assert subject_names(escaped, "Wire", {"prison", "service"}) == {"holm"}


def test_a_write_saves_again_only_the_disputes_it_changed(
    library: Library, tmp_path: Path, embedder: Embedder
) -> None:
    """Each saved dispute is a row named by its content: a write stores the disputes it
    changed and the lists, and keeps every other row. A figure restating a claim of a dispute
    the write did not touch still joins that claim (its part is restated again), as a fresh
    computation from the rows finds."""
    library.disputes()
    state = library.index.collection(STATE)
    before = set(state.get(include=[])["ids"])
    text = (
        "Meridian Press reported that roughly 5,000 strikers marched through the port "
        "district of Port Celadon on 14 June 2023."
    )
    library.add_documents([_doc("extra/meridian", "Meridian Press", text)])
    after = set(state.get(include=[])["ids"])
    kept = (before & after) - {ROW, RESTATED}
    assert kept and len(after - before) <= 2
    told = [
        s.doc_id for d in library.disputes() for c in d.claims for s in (c.statement, *c.history)
    ]
    assert "extra/meridian" in told
    fresh = Library.over(Index(tmp_path / "index", embedder))
    fresh.index.collection(STATE).delete(ids=[ROW, RESTATED])
    assert fresh.disputes() == library.disputes()


def test_a_saved_list_naming_a_missing_row_is_computed_again(
    library: Library, tmp_path: Path, embedder: Embedder
) -> None:
    """Another instance's write may delete a row a list still names: that list is out of
    date, and the disputes are computed from the rows (and saved whole again)."""
    before = library.disputes()
    state = library.index.collection(STATE)
    rows = [i for i in state.get(include=[])["ids"] if i.startswith(f"{RESTATED}:")]
    state.delete(ids=rows[:1])
    assert Library.over(Index(tmp_path / "index", embedder)).disputes() == before
    assert set(rows) <= set(state.get(include=[])["ids"])


def test_a_publisher_whose_stance_changes_changes_its_claims_stance(
    library: Library, tmp_path: Path, embedder: Embedder
) -> None:
    """A write re-takes the stances of the claims naming a publisher whose stance came, went
    or changed (and of no other): the result is what a computation from the rows gives."""

    def stances(lib: Library) -> set[str]:
        return {
            c.statement.stance
            for d in lib.disputes()
            for c in d.claims
            if c.claimant == "Meridian Press"
        }

    assert stances(library) and "partisan" not in stances(library)
    reader = Library.over(Index(tmp_path / "index", embedder))
    reader.disputes()  # read as saved; the write updates them
    text = "Meridian Press thanked its readers for a good year of reporting from Port Celadon."
    doc = _doc("extra/meridian-note", "Meridian Press", text)
    reader.add_documents([replace(doc, source=replace(doc.source, stance="partisan"))])
    assert stances(reader) == {"partisan"}
    fresh = Library.over(Index(tmp_path / "index", embedder))
    fresh.index.collection(STATE).delete(ids=[ROW, RESTATED])
    assert fresh.disputes() == reader.disputes()


def test_figures_a_thousand_times_apart_measure_different_things() -> None:
    """ "$3,000 paid to a family" and "$367 million paid out": one word, two quantities."""
    texts = {
        "agency": "The agency said it had paid $367 million to families.",
        "wire": "A widow, Ana Reyes, said she was paid $3,000 by the agency.",
        "paper": "The union said the agency had paid only $290 million.",
    }
    statements = [
        s
        for i, (doc, text) in enumerate(texts.items())
        for s in extract_figures(doc, text, publisher=doc, date=f"2025-03-0{i + 1}", stance="")
    ]
    vectors = np.ones((len(statements), 4), dtype=np.float32)
    groups = group_statements(
        statements, vectors, {"agency": "Agency", "wire": "Wire", "paper": "Paper"}
    )
    together = [{s.raw for s in g} for g in groups]
    assert {"$367 million", "$290 million"} in together and {"$3,000"} in together


def test_a_large_library_is_kept_out_of_the_cycle_collectors_sight(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once a large library's disputes are computed, what is in memory is frozen (`gc.freeze`):
    the collector no longer scans it at every write. A small library is left as it is."""
    gc.unfreeze()
    doc_ids = sorted({c.statement.doc_id for d in library.disputes() for c in d.claims})
    library.remove(doc_ids[:1])
    library.disputes()
    assert gc.get_freeze_count() == 0  # the fictional corpus holds far fewer disputes
    monkeypatch.setattr(ledger_module, "FREEZE_FROM", 0)
    try:
        library.remove(doc_ids[1:2])
        after = library.disputes()
        assert gc.get_freeze_count() > 0
        assert all(c.statement.doc_id not in doc_ids[:2] for d in after for c in d.claims)
    finally:
        gc.unfreeze()
