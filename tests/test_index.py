"""The index contract, on a real Chroma on disk AND a real Chroma server, with the real model.

Every test taking `make_index` runs against both stores; the server tests also show two app
instances sharing one corpus (lexical state and figure ledger included).
"""

from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.corpus.load import load_corpus
from assistant.errors import IndexCorrupt, IndexMissing
from assistant.ledger.library import Library
from assistant.ledger.saved import RESTATED, ROW, STATE
from assistant.store import index as index_module
from assistant.store.embedders import Embedder
from assistant.store.index import Index
from tests.chroma_server import chroma_server, database_url  # noqa: F401

MakeIndex = Callable[[Embedder], Index]


@pytest.fixture(params=["embedded", "server"])
def make_index(request: pytest.FixtureRequest, tmp_path: Path) -> MakeIndex:
    """Opens Index instances over one store: a directory, or one database on the server."""
    url = (
        database_url(request.getfixturevalue("chroma_server")) if request.param == "server" else ""
    )
    return lambda embedder: Index(tmp_path / "idx", embedder, chroma_url=url)


class Counting:
    """Wraps the real embedder to count what gets embedded."""

    def __init__(self, inner: Embedder) -> None:
        self.inner, self.name, self.texts = inner, "counting", 0

    def embed_batch(self, texts):  # type: ignore[no-untyped-def]
        self.texts += len(texts)
        return self.inner.embed_batch(texts)


def test_ingest_twice_embeds_nothing_then_only_the_edited_document(
    make_index: MakeIndex, corpus_copy: Path, embedder: Embedder
) -> None:
    counting = Counting(embedder)
    index = make_index(counting)
    first = index.sync(load_corpus(corpus_copy).documents)
    assert first.chunks_embedded == counting.texts > 0
    assert len(first.added) == len(index.document_ids())

    counting.texts = 0
    again = index.sync(load_corpus(corpus_copy).documents)
    assert counting.texts == 0 and again.unchanged == len(first.added) and not again.added

    target = next(corpus_copy.rglob("*.md"))
    target.write_text(target.read_text() + "\nA new closing sentence about harbour cranes.\n")
    edited = index.sync(load_corpus(corpus_copy).documents)
    doc_id = target.relative_to(corpus_copy).with_suffix("").as_posix()
    assert edited.updated == (doc_id,) and not edited.added
    n_chunks = len(index._chunks.get(where={"doc_id": doc_id}, include=[])["ids"])
    assert counting.texts == edited.chunks_embedded == n_chunks

    # a fresh Index on the same store sees the same state (persistence)
    reopened = make_index(embedder)
    assert reopened.document_ids() == index.document_ids()
    assert "harbour cranes" in (reopened.text(doc_id) or "")


def test_deleted_document_disappears_from_results(
    make_index: MakeIndex, corpus_copy: Path, embedder: Embedder
) -> None:
    index = make_index(embedder)
    index.sync(load_corpus(corpus_copy).documents)
    victim = corpus_copy / "misc" / "estrel-courier-2021-09-03.md"
    query = "How long is the cable car line in Estrel?"
    vector = embedder.embed_batch([query])[0]
    assert any(c.doc_id == "misc/estrel-courier-2021-09-03" for c, _ in index.dense(vector, 3))
    victim.unlink()
    report = index.sync(load_corpus(corpus_copy).documents)
    assert report.removed == ("misc/estrel-courier-2021-09-03",)
    hits = index.dense(vector, 50) + index.lexical(query, 50)
    assert all(c.doc_id != "misc/estrel-courier-2021-09-03" for c, _ in hits)
    assert index.text("misc/estrel-courier-2021-09-03") is None


def test_chunks_match_stored_text_exactly(fictional_library: Library) -> None:
    for doc in fictional_library.index.documents():
        chunks = [
            c
            for c, _ in fictional_library.index.lexical(doc.source.title, 200)
            if c.doc_id == doc.id
        ]
        assert chunks
        for c in chunks:
            assert doc.text[c.start : c.end] == c.text


def test_interrupted_ingest_leaves_no_half_document(
    make_index: MakeIndex, corpus_copy: Path, embedder: Embedder
) -> None:
    index = make_index(embedder)
    docs = load_corpus(corpus_copy).documents
    index.sync(docs)
    # the state a crash leaves after a document's chunks were written but before its record
    index._journal([docs[0].id])
    index._docs.delete(ids=[docs[0].id])
    assert index.check()  # chunks without a record
    index = make_index(embedder)
    report = index.sync(docs)
    assert report.added == (docs[0].id,)
    ids = index._chunks.get(where={"doc_id": docs[0].id}, include=[])["ids"]
    assert len(ids) == len(set(ids)) > 0
    assert index.check() == []


def test_missing_and_corrupt_index_give_clear_errors(tmp_path: Path, embedder: Embedder) -> None:
    with pytest.raises(IndexMissing, match="ingest"):
        Index.open_existing(tmp_path / "none", embedder)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(IndexCorrupt, match="--rebuild"):
        Index.open_existing(bad, embedder)


def test_two_instances_share_one_store(
    make_index: MakeIndex, corpus_copy: Path, embedder: Embedder
) -> None:
    """What one app instance writes, another sees: texts, lexical search and the ledger."""
    writer = Library.over(make_index(embedder))
    reader = Library.over(make_index(embedder))
    docs = load_corpus(corpus_copy).documents
    writer.sync_documents(docs[:-1])
    assert reader.index.lexical("harbour", 5) is not None  # builds the reader's lexical state
    before = len(reader.ledger.statements()[0])
    reader.disputes()
    writer.add_documents(docs[-1:])
    last = docs[-1]
    term = max(last.text.split(), key=len).strip(".,;:()\"'")
    assert any(c.doc_id == last.id for c, _ in reader.index.lexical(term, 50))
    assert reader.index.text(last.id) == last.text
    assert len(reader.ledger.statements()[0]) > before
    assert reader.index.check() == [] == writer.index.check()
    assert reader.ledger.check() == [] == writer.ledger.check()


def test_two_instances_writing_in_turn_keep_the_disputes_a_fresh_reader_computes(
    make_index: MakeIndex, corpus_copy: Path, embedder: Embedder
) -> None:
    """Each write saves only the disputes it changed, and each instance remembers what it
    saved: after another instance's write that memory is dropped, so the disputes both
    instances hold are the ones computed from the rows by an instance with no saved state."""
    first = Library.over(make_index(embedder))
    second = Library.over(make_index(embedder))
    docs = load_corpus(corpus_copy).documents
    first.sync_documents(docs[:-2])
    second.disputes()  # read as saved
    first.add_documents(docs[-2:-1])
    second.add_documents(docs[-1:])  # a write after another instance's
    first.remove([docs[0].id])
    fresh = Library.over(make_index(embedder))
    fresh.index.collection(STATE).delete(ids=[ROW, RESTATED])
    computed = fresh.disputes()
    assert computed and first.disputes() == computed == second.disputes()


def test_every_source_is_read_from_one_file_saved_for_the_generation(
    make_index: MakeIndex, corpus_copy: Path, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process needing every source (stance inference for an upload, the ledger's names)
    reads the file the last writer saved, not every document record; a write saves it anew."""
    docs = load_corpus(corpus_copy).documents
    writer = make_index(embedder)
    writer.sync(docs[:-1])  # filled from empty: it holds every source, and saves them
    reads: list[str] = []
    real = index_module.read_all
    monkeypatch.setattr(
        index_module, "read_all", lambda c, *a, **k: reads.append(c.name) or real(c, *a, **k)
    )
    reader = make_index(embedder)
    assert reader.sources() == writer.sources() and len(reader.sources()) == len(docs) - 1
    writer.add(docs[-1:])
    reader.refresh()
    assert set(reader.sources()) == {d.id for d in docs}
    writer.remove([docs[0].id])
    reader.refresh()
    assert docs[0].id not in reader.sources() and len(reader.sources()) == len(docs) - 1
    assert index_module.DOCUMENTS not in reads  # never a read of every record
    reader._sources_file.unlink()  # lost (or saved by another version): read
    reader.refresh()
    reader._all_sources = False
    assert len(reader.sources()) == len(docs) - 1 and index_module.DOCUMENTS in reads


def test_unreachable_server_says_how_to_fix(tmp_path: Path, embedder: Embedder) -> None:
    from assistant.errors import IndexUnreachable
    from tests.browser import free_port

    with pytest.raises(IndexUnreachable, match="chroma run"):
        Index(tmp_path, embedder, chroma_url=f"http://127.0.0.1:{free_port()}")


def test_concurrent_first_queries_share_one_lexical_build(
    tmp_path: Path, corpus_copy: Path, embedder: Embedder
) -> None:
    """The server answers many questions at once; the lazily built BM25 state must not be read
    half-built (the load test found a KeyError before the index took a lock)."""
    from concurrent.futures import ThreadPoolExecutor

    Index(tmp_path / "idx", embedder).sync(load_corpus(corpus_copy).documents)
    for _ in range(3):
        fresh = Index(tmp_path / "idx", embedder)
        with ThreadPoolExecutor(16) as pool:
            results = list(pool.map(fresh.lexical, ["harbour strike"] * 64, [5] * 64))
        assert all(r == results[0] for r in results)


class Capped:
    """A collection that, like SQLite past ~32,000 variables, refuses any read of more than
    `cap` rows at once (here a tiny cap, so a small corpus shows what a large one would)."""

    def __init__(self, inner: object, cap: int) -> None:
        self.inner, self.cap = inner, cap

    def get(self, ids=None, limit=None, **kwargs):  # type: ignore[no-untyped-def]
        asked = len(ids) if ids is not None else limit
        if asked is None or asked > self.cap:
            raise RuntimeError("too many SQL variables")
        return self.inner.get(ids=ids, limit=limit, **kwargs)

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)


def test_every_read_of_a_whole_collection_is_paged(
    corpus_copy: Path, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = load_corpus(corpus_copy).documents
    Library.over(Index(corpus_copy.parent / "idx-capped", embedder)).sync_documents(docs)
    monkeypatch.setattr("assistant.store.rows.PAGE", 2)
    index = Index.open_existing(corpus_copy.parent / "idx-capped", embedder)
    library = Library.over(index)
    for name in ("_docs", "_chunks"):
        setattr(index, name, Capped(getattr(index, name), cap=2))
    library.ledger._rows = Capped(library.ledger._rows, cap=2)  # type: ignore[assignment]
    index._sources_file.unlink()  # every record read, not the one saved file
    assert len(index.document_ids()) == len(index.sources()) == len(index.documents()) == len(docs)
    assert library.disputes() and not index.check() and not library.ledger.check()
    assert index.lexical("dam collapse", 3)
    assert index.sync(docs).unchanged == len(docs)  # content hashes read in pages too


def test_the_ledger_writes_its_rows_in_batches(
    corpus_copy: Path, embedder: Embedder, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Chroma refuses one write of more than ~5,000 rows: a document stating that many figures
    (a 5 MB upload stated 91,422) is written to the ledger in batches."""
    monkeypatch.setattr("assistant.ledger.ledger.UPSERT_BATCH", 3)
    library = Library.over(Index(tmp_path / "idx", embedder))
    library.sync_documents(load_corpus(corpus_copy).documents)
    statements, _ = library.ledger.statements()
    assert len(statements) > 3 and library.ledger.check() == []
