"""The persistent index: chunks with embeddings in Chroma, full document texts beside them.

Ingest mirrors a corpus: unchanged documents (same content hash) are skipped, changed ones
replaced, deleted ones removed. A document counts as indexed only once its record is written,
after its chunks, so an interrupted ingest leaves no half document: the next sync removes
chunks whose document has no record, then redoes that document.
"""

from __future__ import annotations

import json
import sys
import threading
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from assistant.corpus.chunks import chunk_document
from assistant.errors import IndexCorrupt, IndexMissing, IndexUnreachable
from assistant.store import rows as store_rows
from assistant.store.chroma_client import chroma_client
from assistant.store.embedder_record import check_embedder
from assistant.store.embedders import Embedder
from assistant.store.lexical import LexicalIndex
from assistant.store.lexical_sync import Follower, lexical_path, one_writer
from assistant.store.rows import (
    chunk_row,
    document_metadata,
    document_row,
    read_all,
    source_row,
)
from assistant.store.saved_sources import SavedSources
from assistant.types import Chunk, Document, Source

CHUNKS = "crosscheck_chunks"
DOCUMENTS = "crosscheck_documents"
META = "crosscheck_meta"  # the write generation, and the journal of writes in progress
GENERATION = "generation"
PENDING = "pending:"
EMBED_BATCH = 512  # chunks per write group (journal entry, one write per collection, one bump)
LEXICAL_COMMIT_S = 5.0  # a long ingest commits the lexical index at most this often
# write generations this process made: its own Chroma system already holds those writes
_WRITTEN_HERE: set[str] = set()


@dataclass(frozen=True)
class Written:
    """Documents whose rows were just stored, with their chunks and the chunks' vectors."""

    documents: tuple[Document, ...]
    chunks: tuple[Chunk, ...]
    vectors: tuple[tuple[float, ...], ...]


@dataclass(frozen=True)
class StoreChange:
    """What a write did: `written` stored, `removed` deleted, or `stale` (another instance wrote,
    or an interrupted write was undone; cached state must be rebuilt)."""

    written: Written | None = None
    removed: tuple[str, ...] = ()
    stale: bool = False


class WriteListener(Protocol):
    """Whatever keeps state derived from the stored documents (the figure ledger) in step."""

    def changed(self, change: StoreChange) -> None: ...


@dataclass(frozen=True)
class IngestReport:
    added: tuple[str, ...]
    updated: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int
    chunks_embedded: int

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.removed)} removed, "
            f"{self.unchanged} unchanged; {self.chunks_embedded} chunks embedded"
        )


class Index:
    def __init__(self, path: Path, embedder: Embedder, *, chroma_url: str = "") -> None:
        self.path = Path(path)
        self.embedder = embedder
        self._chroma_url = chroma_url
        try:
            self._connect()
        except Exception as exc:
            if chroma_url:
                raise IndexUnreachable(chroma_url, f"{type(exc).__name__}: {exc}") from exc
            raise IndexCorrupt(str(path), f"{type(exc).__name__}: {exc}") from exc
        self._sources: dict[str, Source] = {}  # read so far; every one once `_all_sources`
        self._count: int | None = None  # chunks, once counted
        self._all_sources = False
        self._lexical = Follower(lexical_path(self.path, chroma_url))  # BM25, on disk
        self._sources_file = Path(f"{lexical_path(self.path, chroma_url)}-sources.json")
        self._saved_sources = SavedSources(self._sources_file)
        # one server answers many questions at once: cached state is built and changed under it
        self._lock = threading.RLock()
        self._write_lock = threading.RLock()  # see `one_writer`
        self._write_depth = 0
        self._texts: dict[str, str] = {}
        self._listeners: list[WriteListener] = []
        self._seen = self._generation()
        self._all_sources = not self._docs.count()  # an empty store: every source is known
        self._sources_saved = ""  # the generation the saved sources file holds, when known

    def _connect(self) -> None:
        self._client = chroma_client(self.path, self._chroma_url)
        self._chunks = self._client.get_or_create_collection(
            CHUNKS, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
        )
        self._docs = self._client.get_or_create_collection(DOCUMENTS, embedding_function=None)
        self._meta = self._client.get_or_create_collection(META, embedding_function=None)
        self._docs.count()

    def _reconnect(self) -> None:
        """Read the store afresh after another process wrote to it. An embedded Chroma keeps its
        vector index in memory per process: without this, a server would search an index that
        a CLI ingest changed under it. Requests still running keep the old system until they
        end; it is not stopped, so it never writes its stale state back."""
        if self._chroma_url:
            return  # a Chroma server serves every instance the same, current state
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient._identifier_to_system.pop(self._client._identifier, None)
        SharedSystemClient._identifier_to_refcount.pop(self._client._identifier, None)
        self._connect()

    @classmethod
    def open_existing(cls, path: Path, embedder: Embedder, *, chroma_url: str = "") -> Index:
        """Open an index that must already exist (for asking, not ingesting)."""
        if not chroma_url and not (Path(path) / "chroma.sqlite3").is_file():
            raise IndexMissing(str(path))
        index = cls(path, embedder, chroma_url=chroma_url)
        if not index.document_ids():
            raise IndexMissing(str(path))
        check_embedder(index._meta, embedder, chroma_url or str(path), empty=False, write=False)
        return index

    # ---- freshness: several instances may share one store (a Chroma server) --------------
    def _generation(self) -> str:
        got = self._meta.get(ids=[GENERATION], include=["metadatas"])
        return str(got["metadatas"][0]["token"]) if got["ids"] else ""

    def _bump(self) -> None:
        """Record that the store changed, so other instances drop their caches."""
        token = uuid.uuid4().hex
        _WRITTEN_HERE.add(token)
        self._count = None
        self._meta.upsert(ids=[GENERATION], embeddings=[[1.0]], metadatas=[{"token": token}])
        self._lexical.follow(self._seen, token)
        self._seen = token

    def generation(self) -> str:
        """The token of the last write this instance has seen (changes with every write)."""
        return self._seen

    def refresh(self) -> None:
        """Drop cached state when another instance wrote since we last looked."""
        now = self._generation()
        with self._lock:
            if now == self._seen:
                return
            self._sources, self._all_sources = {}, False  # lexical catches up when next used
            self._count = None
            self._texts = {}
            self._seen = now
            if now not in _WRITTEN_HERE:
                self._reconnect()
        self._tell(StoreChange(stale=True))

    # ---- what others keep beside the store ----------------------------------------------
    def subscribe(self, listener: WriteListener) -> None:
        """Tell `listener` of every write, removal and outside change from now on."""
        self._listeners.append(listener)

    def _tell(self, change: StoreChange) -> None:
        for listener in self._listeners:
            listener.changed(change)

    def collection(self, name: str, *, cosine: bool = False) -> Any:
        """A collection of this store for rows another layer derives from the documents (its
        rows carry a `doc_id`; the store knows nothing else of them)."""
        configuration = {"hnsw": {"space": "cosine"}} if cosine else None
        return self._client.get_or_create_collection(
            name, configuration=configuration, embedding_function=None
        )

    # ---- reading -------------------------------------------------------------------------
    def document_ids(self) -> list[str]:
        return sorted(read_all(self._docs, [])["ids"])

    def sources(self) -> dict[str, Source]:
        """Every document's source (one read of every record; kept until the store changes
        elsewhere). Answering needs only `sources_of` the documents it quotes."""
        if not self._all_sources:
            seen = self._seen
            every = self._saved_sources.load(seen)  # one file, saved at this generation
            if every is None:
                got = read_all(self._docs, ["metadatas"])
                every = {
                    i: source_row(m) for i, m in zip(got["ids"], got["metadatas"], strict=True)
                }
                self._saved_sources.save(seen, every)
            with self._lock:
                self._sources, self._all_sources, self._sources_saved = every, True, seen
        return self._sources

    def sources_of(self, doc_ids: Iterable[str]) -> dict[str, Source]:
        """The sources of these documents (ids with no record left out), read by id."""
        wanted = set(doc_ids)
        missing = sorted(wanted - self._sources.keys()) if not self._all_sources else []
        for at in range(0, len(missing), store_rows.PAGE):
            got = self._docs.get(ids=missing[at : at + store_rows.PAGE], include=["metadatas"])
            with self._lock:  # never into the whole map `sources()` handed out: it is read
                if not self._all_sources:  # by other threads, and already holds every record
                    for i, m in zip(got["ids"], got["metadatas"], strict=True):
                        self._sources[i] = source_row(m)
        known = self._sources
        return {i: known[i] for i in wanted if i in known}

    def document(self, doc_id: str) -> Document | None:
        got = self._docs.get(ids=[doc_id], include=["documents", "metadatas"])
        if not got["ids"]:
            return None
        return document_row(doc_id, got["documents"][0], got["metadatas"][0])

    def text(self, doc_id: str) -> str | None:
        """The stored full text of a document (what every citation offset points into)."""
        if doc_id not in self._texts:
            got = self._docs.get(ids=[doc_id], include=["documents"])
            if not got["ids"]:
                return None
            self._texts[doc_id] = got["documents"][0]
        return self._texts[doc_id]

    def documents(self) -> list[Document]:
        got = read_all(self._docs, ["documents", "metadatas"])
        docs = zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        return sorted((document_row(i, t, m) for i, t, m in docs), key=lambda d: d.id)

    def chunk_count(self) -> int:
        """The number of stored chunks (counted once per change of the store)."""
        count = self._count
        if count is None:
            count = self._count = int(self._chunks.count())
        return count

    def dense(self, vector: Sequence[float], k: int) -> list[tuple[Chunk, float]]:
        """Nearest chunks by cosine similarity."""
        n = min(k, self.chunk_count())
        if n == 0:
            return []
        try:
            got = self._chunks.query(
                query_embeddings=[list(vector)],
                n_results=n,
                include=["documents", "metadatas", "distances"],
            )
        except Exception as exc:  # a damaged vector segment fails here, not at open
            if self._chroma_url:
                raise IndexUnreachable(self._chroma_url, type(exc).__name__) from exc
            raise IndexCorrupt(str(self.path), f"{type(exc).__name__}: {exc}") from exc
        rows = zip(
            got["ids"][0],
            got["documents"][0],
            got["metadatas"][0],
            got["distances"][0],
            strict=True,
        )
        # a row without metadata is a chunk another process removed while this one searched
        return [(chunk_row(i, t, m), 1.0 - float(d)) for i, t, m, d in rows if m and t is not None]

    def lexical(self, query: str, k: int, *, every_word: bool = False) -> list[tuple[Chunk, float]]:
        """The `k` chunks that score best for `query` by BM25 (tantivy, on disk); with
        `every_word`, only chunks holding every word of it but stopwords."""
        self.refresh()
        return self._lexical_ready().search(query, k, every_word=every_word)

    def unmentioned(self, words: Sequence[str]) -> list[str]:
        """The words that no chunk of the corpus mentions (see `LexicalIndex.knows`)."""
        self.refresh()
        lexical = self._lexical_ready()
        return [w for w in words if not lexical.knows(w)]

    def _lexical_ready(self) -> LexicalIndex:
        return self._lexical.ready(self._seen, self._generation, self._docs, self._chunks)

    def _lexical_commit(self, *, every: float = 0.0, failed: bool = False) -> None:
        self._lexical.commit(self._seen, every=every, failed=failed)

    # ---- writing -------------------------------------------------------------------------
    @one_writer
    def sync(self, docs: Sequence[Document], *, progress: bool = False) -> IngestReport:
        """Make the index hold exactly `docs`."""
        self.refresh()
        self._finish_interrupted()
        self._claim_embedder()
        stored = self._stored_hashes()
        wanted = {d.id for d in docs}
        removed = sorted(set(stored) - wanted)
        self.remove(removed)
        report = self._write(docs, stored, removed, progress)
        self._save_sources()
        return report

    @one_writer
    def add(self, docs: Sequence[Document], *, progress: bool = False) -> IngestReport:
        """Add or replace `docs`, keeping every other document."""
        self.refresh()
        self._finish_interrupted()
        self._claim_embedder()
        report = self._write(docs, self._stored_hashes([d.id for d in docs]), [], progress)
        self._save_sources()
        return report

    def _save_sources(self) -> None:
        """At the end of the outermost write: every source saved for the new generation, when
        this instance holds them all (a store it filled from empty, or one whose sources it
        read) and they are not saved for it already (a sync's removals are not saved apart)."""
        if self._write_depth == 1 and self._all_sources and self._sources_saved != self._seen:
            self._saved_sources.save(self._seen, dict(self._sources))
            self._sources_saved = self._seen

    def _claim_embedder(self) -> None:
        """Refuse to write vectors of another space than the stored ones; record ours."""
        where = self._chroma_url or str(self.path)
        check_embedder(self._meta, self.embedder, where, empty=not self._docs.count(), write=True)

    @one_writer
    def remove(self, doc_ids: Iterable[str]) -> None:
        ids = list(doc_ids)
        if not ids:
            return
        journal = self._journal(ids)
        for doc_id in ids:
            self._docs.delete(ids=[doc_id])  # record first: a half-removed doc is an orphan
            self._chunks.delete(where={"doc_id": doc_id})
            self._forget(doc_id)
        self._tell(StoreChange(removed=tuple(ids)))
        self._meta.delete(ids=[journal])
        self._bump()
        self._save_sources()

    def _write(
        self, docs: Sequence[Document], stored: dict[str, str], removed: list[str], progress: bool
    ) -> IngestReport:
        todo = [d for d in docs if stored.get(d.id) != d.content_hash]
        pending = [(d, chunk_document(d)) for d in todo]
        total = sum(len(c) for _, c in pending)
        bar = _progress(total, progress)
        for doc, _ in pending:
            if doc.id in stored:
                self.remove([doc.id])
        group: list[tuple[Document, list[Chunk]]] = []
        in_group = 0
        for doc, chunks in pending:
            group.append((doc, chunks))
            in_group += len(chunks)
            if in_group >= EMBED_BATCH:
                self._write_group(group, bar)
                group, in_group = [], 0
        if group:
            self._write_group(group, bar)
        bar.close()
        return IngestReport(
            added=tuple(d.id for d in todo if d.id not in stored),
            updated=tuple(d.id for d in todo if d.id in stored),
            removed=tuple(removed),
            unchanged=len(docs) - len(todo),
            chunks_embedded=total,
        )

    def _write_group(self, group: list[tuple[Document, list[Chunk]]], bar: Any) -> None:
        journal = self._journal([d.id for d, _ in group])
        chunks = [c for _, cs in group for c in cs]
        written: list[tuple[float, ...]] = []
        for start in range(0, len(chunks), EMBED_BATCH * 8):
            part = chunks[start : start + EMBED_BATCH * 8]
            vectors = self.embedder.embed_batch([c.text for c in part])
            self._chunks.upsert(
                ids=[c.id for c in part],
                embeddings=vectors,
                documents=[c.text for c in part],
                metadatas=[{"doc_id": c.doc_id, "start": c.start, "end": c.end} for c in part],
            )
            bar.update(len(part))
            written += [tuple(v) for v in vectors]
        documents = tuple(d for d, _ in group)
        self._tell(StoreChange(written=Written(documents, tuple(chunks), tuple(written))))
        self._docs.upsert(
            ids=[d.id for d, _ in group],
            embeddings=[[1.0] for _ in group],
            documents=[d.text for d, _ in group],
            metadatas=[document_metadata(d, len(cs)) for d, cs in group],
        )
        self._meta.delete(ids=[journal])
        self._bump()
        for doc, cs in group:
            self._remember(doc, cs)
        self._lexical_commit(every=LEXICAL_COMMIT_S)  # a long ingest shows its progress

    def _stored_hashes(self, doc_ids: list[str] | None = None) -> dict[str, str]:
        """Content hashes of stored documents (all of them, or only `doc_ids`)."""
        if doc_ids is None:
            got = read_all(self._docs, ["metadatas"])
            ids, metas = got["ids"], got["metadatas"]
        else:
            ids, metas = [], []
            page = store_rows.PAGE  # SQLite caps the variables per query
            for start in range(0, len(doc_ids), page):
                got = self._docs.get(ids=doc_ids[start : start + page], include=["metadatas"])
                ids += got["ids"]
                metas += got["metadatas"]
        return {i: str(m.get("content_hash", "")) for i, m in zip(ids, metas, strict=True)}

    def _journal(self, doc_ids: list[str]) -> str:
        """Note the documents about to be written, before any of their rows are."""
        self._lexical.mark_dirty()  # until this write is committed there too
        key = PENDING + uuid.uuid4().hex
        self._meta.upsert(ids=[key], embeddings=[[1.0]], documents=[json.dumps(doc_ids)])
        return key

    def _finish_interrupted(self) -> None:
        """Undo writes a killed ingest left half done: rows of journalled documents that have
        no record (the record is written last). Reads only the journal, not the whole store.
        One writer at a time: a journal of another live writer would be undone too."""
        got = self._meta.get(include=["documents"])  # a handful of rows
        rows = zip(got["ids"], got["documents"], strict=True)
        pending = [(k, d) for k, d in rows if k.startswith(PENDING)]
        if not pending:
            return
        records = set(self.document_ids())
        undone: set[str] = set()
        for key, doc_ids in pending:
            for doc_id in set(json.loads(doc_ids)) - records:
                self._chunks.delete(where={"doc_id": doc_id})
                undone.add(doc_id)
            self._meta.delete(ids=[key])
        self._tell(StoreChange(removed=tuple(sorted(undone)), stale=True))
        self._bump()

    def check(self) -> list[str]:
        """Consistency problems, read from the whole store (for tests and `doctor` runs): chunks
        without a document record, records whose chunk count is off, a lexical index that does
        not hold the recorded documents once caught up."""
        records = {
            i: int(m.get("n_chunks", -1))
            for i, m in zip(*read_all(self._docs, ["metadatas"]).values(), strict=True)
        }
        counts: dict[str, int] = {}
        for m in read_all(self._chunks, ["metadatas"])["metadatas"]:
            counts[str(m["doc_id"])] = counts.get(str(m["doc_id"]), 0) + 1
        problems = [f"chunks without a record: {d}" for d in sorted(set(counts) - set(records))]
        problems += [
            f"{d}: {counts.get(d, 0)} chunks stored, record says {n}"
            for d, n in sorted(records.items())
            if counts.get(d, 0) != n
        ]
        self._lexical_ready()
        return problems + self._lexical.problems(self._docs)

    def _remember(self, doc: Document, chunks: list[Chunk]) -> None:
        with self._lock:
            self._remember_locked(doc, chunks)

    def _remember_locked(self, doc: Document, chunks: list[Chunk]) -> None:
        self._texts.pop(doc.id, None)
        self._sources[doc.id] = doc.source
        if (lexical := self._lexical.in_step(self._seen)) is not None:
            lexical.delete([doc.id])
            lexical.add(chunks, {doc.id: doc.content_hash})

    def _forget(self, doc_id: str) -> None:
        with self._lock:
            self._forget_locked(doc_id)

    def _forget_locked(self, doc_id: str) -> None:
        self._texts.pop(doc_id, None)
        self._sources.pop(doc_id, None)
        if (lexical := self._lexical.in_step(self._seen)) is not None:
            lexical.delete([doc_id])


def _progress(total: int, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="chunk", desc="embedding", disable=not enabled, file=sys.stderr)
