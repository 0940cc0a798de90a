"""Ingest is idempotent and incremental, on a real Chroma on disk with the real model."""

from pathlib import Path

import pytest

from assistant.embed import Embedder
from assistant.errors import IndexCorrupt, IndexMissing
from assistant.index import Index
from assistant.ingest import load_corpus


class Counting:
    """Wraps the real embedder to count what gets embedded."""

    def __init__(self, inner: Embedder) -> None:
        self.inner, self.name, self.texts = inner, "counting", 0

    def embed_batch(self, texts):  # type: ignore[no-untyped-def]
        self.texts += len(texts)
        return self.inner.embed_batch(texts)


def test_ingest_twice_embeds_nothing_then_only_the_edited_document(
    tmp_path: Path, corpus_copy: Path, embedder: Embedder
) -> None:
    counting = Counting(embedder)
    index = Index(tmp_path / "idx", counting)
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

    # a fresh Index on the same directory sees the same state (persistence)
    reopened = Index(tmp_path / "idx", embedder)
    assert reopened.document_ids() == index.document_ids()
    assert "harbour cranes" in (reopened.text(doc_id) or "")


def test_deleted_document_disappears_from_results(
    tmp_path: Path, corpus_copy: Path, embedder: Embedder
) -> None:
    index = Index(tmp_path / "idx", embedder)
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


def test_chunks_match_stored_text_exactly(fictional_index: Index) -> None:
    for doc in fictional_index.documents():
        chunks = [
            c for c, _ in fictional_index.lexical(doc.source.title, 200) if c.doc_id == doc.id
        ]
        assert chunks
        for c in chunks:
            assert doc.text[c.start : c.end] == c.text


def test_interrupted_ingest_leaves_no_half_document(
    tmp_path: Path, corpus_copy: Path, embedder: Embedder
) -> None:
    index = Index(tmp_path / "idx", embedder)
    docs = load_corpus(corpus_copy).documents
    index.sync(docs)
    # simulate a crash after a document's chunks were written but before its record
    index._docs.delete(ids=[docs[0].id])
    index = Index(tmp_path / "idx", embedder)
    report = index.sync(docs)
    assert report.added == (docs[0].id,)
    ids = index._chunks.get(where={"doc_id": docs[0].id}, include=[])["ids"]
    assert len(ids) == len(set(ids)) > 0


def test_missing_and_corrupt_index_give_clear_errors(tmp_path: Path, embedder: Embedder) -> None:
    with pytest.raises(IndexMissing, match="ingest"):
        Index.open_existing(tmp_path / "none", embedder)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(IndexCorrupt, match="--rebuild"):
        Index.open_existing(bad, embedder)
