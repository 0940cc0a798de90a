"""The figure ledger: every figure statement of the corpus, kept beside the store, and the
disputes grouped from them.

The store knows nothing of figures: the ledger subscribes to its write path
(`Index.subscribe`) and is told which documents were written or removed, and when another
instance changed the store. It keeps its rows in a collection of the same store, so several
instances sharing a Chroma server share one ledger.

Groups persist: each row records the label of its group (`grouping.Grouper`). A write places
only its own statements in the groups held in memory and stores their labels; a removal drops
its documents' members; opening a store restores the groups from the labels. Only rows without
a label of the current grouping (`GROUPING`) are grouped, once.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Any

import numpy as np

from assistant.corpus.instructions import addresses_a_model
from assistant.ledger.disputes import disputes_of, resolve_claimants
from assistant.ledger.grouping import GROUPING, Grouper, in_order, statement_id, voice_words
from assistant.ledger.saved import SavedDisputes
from assistant.ledger.statements import FigureSource, extract_many
from assistant.store.index import Index, StoreChange, Written
from assistant.store.rows import read_all
from assistant.types import Dispute, FigureStatement, Measure, Quantity

FIGURES = "crosscheck_figures"
NO_GROUP = f"{GROUPING}:-"  # placed, and in no group: a figure that cannot be disputed
UPSERT_BATCH = 4000


class Ledger:
    """Figure statements of the documents in `index`, and their disputes (cached until the
    next change of the store)."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._rows = index.collection(FIGURES, cosine=True)
        self._lock = threading.RLock()
        self._grouper: Grouper | None = None  # None: restore from the stored labels on demand
        self._voices: set[str] = set()
        self._names: set[str] = set()
        self._disputes: list[Dispute] | None = None
        self._last: list[Dispute] = []  # what readers get while a write holds the groups
        self._analysing: dict[str, str] = {}  # doc id -> title, while its figures are placed
        self._saved = SavedDisputes(index)
        index.subscribe(self)

    # ---- told by the store ---------------------------------------------------------------
    def changed(self, change: StoreChange) -> None:
        if change.stale:  # another instance wrote: take the collection and the groups afresh
            self._rows = self.index.collection(FIGURES, cosine=True)
            with self._lock:
                self._grouper = None
        for doc_id in change.removed:
            self._rows.delete(where={"doc_id": doc_id})
        with self._lock:
            if self._grouper is not None and change.removed:
                self._grouper.remove_documents(change.removed)
        if change.written is not None:
            self._record(change.written)
        with self._lock:
            self._disputes = None

    def _record(self, written: Written) -> None:
        """Ledger rows for the figures of the written chunks, each with its chunk's vector and,
        when the groups are in memory, the label of the group it joined."""
        titles = {d.id: d.source.title or d.id for d in written.documents}
        self._analysing |= titles
        try:
            statements, vectors = _extracted(written)
            labels = self._labels(statements, vectors, set(titles))
            metas = [
                _statement_metadata(f) | {"group": g}
                for f, g in zip(statements, labels, strict=True)
            ]
            self._write(statements, vectors, metas)
        finally:
            for doc_id in titles:
                self._analysing.pop(doc_id, None)

    def _labels(
        self, statements: list[FigureStatement], vectors: np.ndarray, doc_ids: set[str]
    ) -> list[str]:
        with self._lock:
            if self._grouper is None:
                return [""] * len(statements)  # placed by `settle`, all in date order
            self._grouper.remove_documents(doc_ids)
            return self._place(self._grouper, statements, vectors, [""] * len(statements))

    def _write(
        self, statements: list[FigureStatement], vectors: np.ndarray, metas: list[dict[str, Any]]
    ) -> None:
        ids = [statement_id(f) for f in statements]
        for at in range(0, len(ids), UPSERT_BATCH):  # Chroma caps one write at ~5,000 rows
            part = slice(at, at + UPSERT_BATCH)
            self._rows.upsert(
                ids=ids[part],
                embeddings=vectors[part].tolist(),
                documents=[f.sentence for f in statements[part]],
                metadatas=metas[part],
            )

    def _place(
        self,
        grouper: Grouper,
        statements: list[FigureStatement],
        vectors: np.ndarray,
        labels: list[str],
    ) -> list[str]:
        """Put statements in their groups (their stored label, else the closest), in date
        order; the labels they took."""
        publishers, resolved = self._resolved(statements)
        self._voices |= voice_words(resolved, publishers.values())
        took = list(labels)
        for i in sorted(range(len(resolved)), key=lambda i: (resolved[i].date, resolved[i].doc_id)):
            s = resolved[i]
            stored = labels[i] if labels[i].startswith(GROUPING + ":") else ""
            stored = "" if stored == NO_GROUP else stored
            took[i] = grouper.add(
                s,
                vectors[i],
                publisher=publishers.get(s.doc_id, ""),
                voices=self._voices,
                label=stored,
            )
            took[i] = took[i] or NO_GROUP
        return took

    def _resolved(
        self, statements: list[FigureStatement]
    ) -> tuple[dict[str, str], list[FigureStatement]]:
        """The publishers, and `statements` with their claimants' short mentions resolved
        against every name the ledger has seen (the names are kept)."""
        publishers = {i: s.publisher for i, s in self.index.sources().items()}
        self._names |= {s.claimant for s in statements if s.attributed} | set(publishers.values())
        return publishers, resolve_claimants(statements, publishers, self._names)

    def settle(self) -> None:
        """Place every statement a write left without a group, all in date order (grouping is
        greedy: one pass in date order groups better than batch after batch), and store their
        labels; after an ingest, so that opening the index never groups anything. The disputes
        are computed then and saved (`SavedDisputes`): a process opening the store reads them."""
        with self._lock:
            if self._grouper is None and self._rows.count():
                self._grouper = self._restore()
        self.disputes()  # computed now and saved, so a process opening the store reads them

    def _restore(self) -> Grouper:
        """The groups of every stored statement, from their labels; rows without a label of the
        current grouping are grouped now and their labels stored."""
        statements, vectors, metas = self._read()
        stored = [str(m.get("group", "")) for m in metas]
        grouper = Grouper(vectors.shape[1] if len(statements) else 0)
        took = self._place(grouper, statements, vectors, stored)
        fresh = [i for i, (a, b) in enumerate(zip(stored, took, strict=True)) if a != b]
        if fresh:
            labelled = [metas[i] | {"group": took[i]} for i in fresh]
            self._write([statements[i] for i in fresh], vectors[fresh], labelled)
        return grouper

    def _labelled(self) -> list[list[FigureStatement]]:
        """The stored groups, read from their labels alone: no vectors are read and nothing is
        placed (that waits for the first write). Rows without a label of the current grouping
        mean the whole ledger is placed again, once (`_restore`)."""
        got = read_all(self._rows, ["metadatas", "documents"])
        labels = [str(m.get("group", "")) for m in got["metadatas"]]
        if any(not label.startswith(GROUPING + ":") for label in labels):
            self._grouper = self._restore()
            return self._grouper.statement_groups()
        rows = zip(got["metadatas"], got["documents"], strict=True)
        stored = [_statement(dict(m), t) for m, t in rows]
        _, resolved = self._resolved(stored)  # named as `_place` names them
        members: dict[str, list[FigureStatement]] = {}
        for label, s in zip(labels, resolved, strict=True):
            if label != NO_GROUP:
                members.setdefault(label, []).append(s)
        return in_order(members.values())

    # ---- reading -------------------------------------------------------------------------
    def statements(self) -> tuple[list[FigureStatement], np.ndarray]:
        """Every figure statement, with the vector of its chunk (one row of a float32 matrix
        each)."""
        statements, vectors, _ = self._read()
        return statements, vectors

    def _read(self) -> tuple[list[FigureStatement], np.ndarray, list[dict[str, Any]]]:
        """Every stored row: statements, their chunks' vectors, their metadata."""
        got = read_all(self._rows, ["metadatas", "documents", "embeddings"])
        metas = [dict(m) for m in got["metadatas"]]
        statements = [_statement(m, t) for m, t in zip(metas, got["documents"], strict=True)]
        width = len(got["embeddings"][0]) if len(statements) else 0
        vectors = np.asarray(got["embeddings"], dtype=np.float32).reshape(len(statements), width)
        return statements, vectors, metas

    def disputes(self) -> list[Dispute]:
        """Groups of statements measuring the same quantity (cached until the next write).
        While a write is placing its figures, readers get the disputes as they stood before
        it (`analysing()` names the documents not in them yet) rather than waiting."""
        self.index.refresh()
        if not self._lock.acquire(blocking=not self._analysing):
            return self._last
        try:
            if self._disputes is None:
                generation = self.index.generation()
                saved = None if self._grouper else self._saved.load(generation)
                self._disputes = self._computed() if saved is None else saved
                if saved is None:
                    self._saved.save(generation, self._disputes)
                self._last = self._disputes
            return self._disputes
        finally:
            self._lock.release()

    def _computed(self) -> list[Dispute]:
        groups = self._grouper.statement_groups() if self._grouper else self._labelled()
        sources = self.index.sources()
        stances = {s.publisher: s.stance for s in sources.values() if s.publisher}
        return disputes_of(groups, stances)

    def analysing(self) -> list[str]:
        """Titles of the documents whose figures are still being read and grouped."""
        return sorted(self._analysing.values())

    def check(self) -> list[str]:
        """Ledger rows whose document has no record in the store."""
        records = set(self.index.document_ids())
        rows = {str(m["doc_id"]) for m in read_all(self._rows, ["metadatas"])["metadatas"]}
        return [f"ledger rows without a record: {d}" for d in sorted(rows - records)]


def _extracted(written: Written) -> tuple[list[FigureStatement], np.ndarray]:
    """The figure statements of the written chunks (not those planted in text addressed to an
    assistant), with their chunks' vectors."""
    docs = {d.id: d.source for d in written.documents}
    sources = [
        FigureSource(c.doc_id, c.text, s.publisher or s.title, s.date, s.stance)
        for c in written.chunks
        for s in [docs[c.doc_id]]
    ]
    statements, rows = [], []
    for chunk, vector, found in zip(
        written.chunks, written.vectors, extract_many(sources), strict=True
    ):
        for f in found:
            if not addresses_a_model(f.sentence):
                statements.append(_shift(f, chunk.start))
                rows.append(list(vector))
    width = len(written.vectors[0]) if len(written.vectors) else 0
    return statements, np.asarray(rows, dtype=np.float32).reshape(len(statements), width)


def _shift(f: FigureStatement, by: int) -> FigureStatement:
    return replace(
        f,
        start=f.start + by,
        end=f.end + by,
        span_start=f.span_start + by,
        span_end=f.span_end + by,
    )


def _statement_metadata(f: FigureStatement) -> dict[str, Any]:
    q = f.quantity
    return {
        "doc_id": f.doc_id,
        "start": f.start,
        "end": f.end,
        "span_start": f.span_start,
        "span_end": f.span_end,
        "raw": f.raw,
        "low": q.low,
        "high": q.high if q.high != float("inf") else -1.0,
        "qualifier": q.qualifier,
        "unit": q.unit,
        "counted": f.counted,
        "claimant": f.claimant,
        "attributed": f.attributed,
        "date": f.date,
        "stance": f.stance,
        "kind": f.measure.kind,
        "thing": f.measure.thing,
        "act": f.measure.act,
        "mods": " ".join(f.measure.mods),
    }


def _statement(m: dict[str, Any], sentence: str) -> FigureStatement:
    high = float(m["high"])
    quantity = Quantity(
        float(m["low"]), float("inf") if high < 0 else high, str(m["qualifier"]), str(m["unit"])
    )
    return FigureStatement(
        doc_id=str(m["doc_id"]),
        start=int(m["start"]),
        end=int(m["end"]),
        sentence=sentence,
        span_start=int(m["span_start"]),
        span_end=int(m["span_end"]),
        raw=str(m["raw"]),
        quantity=quantity,
        counted=str(m["counted"]),
        claimant=str(m["claimant"]),
        attributed=bool(m["attributed"]),
        date=str(m["date"]),
        stance=m["stance"],
        measure=Measure(
            str(m.get("kind", "count")),
            str(m.get("thing", "")),
            str(m.get("act", "")),
            tuple(str(m.get("mods", "")).split()),
        ),
    )
