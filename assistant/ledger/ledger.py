"""The figure ledger: every figure statement of the corpus, kept beside the store, and the
disputes grouped from them.

The store knows nothing of figures: the ledger subscribes to its write path
(`Index.subscribe`) and is told which documents were written or removed, and when another
instance changed the store. It keeps its rows in a collection of the same store, so several
instances sharing a Chroma server share one ledger.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Any

import numpy as np

from assistant.corpus.instructions import addresses_a_model
from assistant.ledger.disputes import build_disputes
from assistant.ledger.figures import extract_figures
from assistant.store.index import Index, StoreChange, Written
from assistant.store.rows import read_all
from assistant.types import Dispute, FigureStatement, Measure, Quantity

FIGURES = "crosscheck_figures"
UPSERT_BATCH = 4000


class Ledger:
    """Figure statements of the documents in `index`, and their disputes (cached until the
    next change of the store)."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._rows = index.collection(FIGURES, cosine=True)
        self._lock = threading.RLock()
        self._disputes: list[Dispute] | None = None
        index.subscribe(self)

    # ---- told by the store ---------------------------------------------------------------
    def changed(self, change: StoreChange) -> None:
        if change.stale:  # the store may have reconnected: take the collection afresh
            self._rows = self.index.collection(FIGURES, cosine=True)
        if change.written is not None:
            self._record(change.written)
        for doc_id in change.removed:
            self._rows.delete(where={"doc_id": doc_id})
        with self._lock:
            self._disputes = None

    def _record(self, written: Written) -> None:
        """Ledger rows for the figures of the written chunks, each with its chunk's vector."""
        docs = {d.id: d for d in written.documents}
        ids, vecs, texts, metas = [], [], [], []
        for chunk, vector in zip(written.chunks, written.vectors, strict=True):
            doc = docs[chunk.doc_id]
            src = doc.source
            found = extract_figures(
                doc.id,
                chunk.text,
                publisher=src.publisher or src.title,
                date=src.date,
                stance=src.stance,
            )
            for f in found:
                if addresses_a_model(f.sentence):
                    continue  # a figure planted in text addressed to an assistant
                f = _shift(f, chunk.start)
                ids.append(f"{f.doc_id}@{f.span_start}")
                vecs.append(list(vector))
                texts.append(f.sentence)
                metas.append(_statement_metadata(f))
        for at in range(0, len(ids), UPSERT_BATCH):  # Chroma caps one write at ~5,000 rows
            part = slice(at, at + UPSERT_BATCH)
            self._rows.upsert(
                ids=ids[part], embeddings=vecs[part], documents=texts[part], metadatas=metas[part]
            )

    # ---- reading -------------------------------------------------------------------------
    def statements(self) -> tuple[list[FigureStatement], np.ndarray]:
        """Every figure statement, with the vector of its chunk (one row of a float32 matrix
        each)."""
        got = read_all(self._rows, ["metadatas", "documents", "embeddings"])
        statements = [
            _statement(m, t) for m, t in zip(got["metadatas"], got["documents"], strict=True)
        ]
        vectors = np.asarray(got["embeddings"], dtype=np.float32).reshape(len(statements), -1)
        return statements, vectors

    def disputes(self) -> list[Dispute]:
        """Groups of statements measuring the same quantity (cached until the next write)."""
        self.index.refresh()
        with self._lock:
            if self._disputes is None:
                statements, vectors = self.statements()
                sources = self.index.sources()
                publishers = {i: s.publisher for i, s in sources.items()}
                stances = {s.publisher: s.stance for s in sources.values() if s.publisher}
                self._disputes = build_disputes(statements, vectors, publishers, stances)
            return self._disputes

    def check(self) -> list[str]:
        """Ledger rows whose document has no record in the store."""
        records = set(self.index.document_ids())
        rows = {str(m["doc_id"]) for m in read_all(self._rows, ["metadatas"])["metadatas"]}
        return [f"ledger rows without a record: {d}" for d in sorted(rows - records)]


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
