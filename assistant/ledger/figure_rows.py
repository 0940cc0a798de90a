"""Ledger rows as typed values and back: the figure statements of written chunks, and the
metadata each row keeps (the statement, its measure's key, the label of its group, the name its
claimant was resolved to when it was placed)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from assistant.corpus.instructions import addresses_a_model
from assistant.ledger.comparable import measure_key
from assistant.ledger.statements import FigureSource, extract_many
from assistant.store.index import Written
from assistant.types import Chunk, Document, FigureStatement, Measure, Quantity

LOOKBACK = 4000  # characters of a chunk's document before it that may name "the ministry"


def _before(document: Document, chunk: Chunk) -> str:
    return document.text[max(0, chunk.start - LOOKBACK) : chunk.start]


def extracted(written: Written) -> tuple[list[FigureStatement], np.ndarray]:
    """The figure statements of the written chunks (not those planted in text addressed to an
    assistant), with their chunks' vectors."""
    docs = {d.id: d for d in written.documents}
    sources = [
        FigureSource(*(c.doc_id, c.text, s.publisher or s.title, s.date, s.stance), _before(d, c))
        for c in written.chunks
        for d in [docs[c.doc_id]]
        for s in [d.source]
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


def statement_metadata(f: FigureStatement) -> dict[str, Any]:
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
        "key": measure_key(f.measure),
        "years": " ".join(map(str, f.years)) if f.years else "",
        "named": f.named,
    }


def statement_of(m: dict[str, Any], sentence: str, *, as_placed: bool = False) -> FigureStatement:
    """The statement of a row; `as_placed`: its claimant as resolved when it was placed."""
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
        claimant=str((as_placed and m.get("voice")) or m["claimant"]),
        attributed=bool(m["attributed"]),
        date=str(m["date"]),
        stance=m["stance"],
        measure=Measure(
            str(m.get("kind", "count")),
            str(m.get("thing", "")),
            str(m.get("act", "")),
            tuple(str(m.get("mods", "")).split()),
        ),
        years=_years(str(m.get("years", ""))),
        named=str(m.get("named", "")),
    )


def _years(text: str) -> tuple[int, int] | None:
    first, _, last = text.partition(" ")
    return (int(first), int(last)) if first.isdigit() and last.isdigit() else None
