"""The JSON form of an Answer: what `ask --json`, the API and saved eval runs carry."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from assistant.types import Answer, Chunk, Citation, Flag, Passage, Source


def source_json(source: Source) -> dict[str, Any]:
    return asdict(source)


def citation_json(c: Citation) -> dict[str, Any]:
    return {
        "n": c.n,
        "doc_id": c.doc_id,
        "start": c.start,
        "end": c.end,
        "quote": c.quote,
        "publisher": c.source.publisher,
        "date": c.source.date,
        "stance": c.source.stance,
        "affiliation": c.source.affiliation,
        "title": c.source.title,
        "url": c.source.url,
        "stance_inferred": c.source.stance_inferred,
    }


def answer_json(a: Answer) -> dict[str, Any]:
    return {
        "question": a.question,
        "text": a.text,
        "answered": a.answered,
        "citations": [citation_json(c) for c in a.citations],
        "flags": [{"kind": f.kind, "message": f.message, "details": f.details} for f in a.flags],
        "passages": [
            {
                "n": p.n,
                "score": p.score,
                "chunk_id": p.chunk.id,
                "doc_id": p.chunk.doc_id,
                "start": p.chunk.start,
                "end": p.chunk.end,
                "text": p.chunk.text,
                "source": source_json(p.source),
            }
            for p in a.passages
        ],
        "timings": a.timings,
    }


def _source(d: dict[str, Any]) -> Source:
    fields = {k: d.get(k, "") for k in ("title", "publisher", "date", "url", "kind", "affiliation")}
    return Source(
        **fields, stance=d.get("stance", "unknown"), stance_inferred=bool(d.get("stance_inferred"))
    )


def answer_from_json(d: dict[str, Any]) -> Answer:
    """Inverse of `answer_json` (for re-scoring saved runs)."""
    passages = tuple(
        Passage(
            p["n"],
            Chunk(p["chunk_id"], p["doc_id"], p["start"], p["end"], p["text"]),
            p["score"],
            _source(p["source"]),
        )
        for p in d.get("passages", [])
    )
    citations = tuple(
        Citation(c["n"], c["doc_id"], c["start"], c["end"], c["quote"], _source(c))
        for c in d.get("citations", [])
    )
    flags = tuple(Flag(f["kind"], f["message"], f.get("details", {})) for f in d.get("flags", []))
    return Answer(
        d["question"],
        d["text"],
        citations,
        flags,
        passages,
        d.get("timings", {}),
        d.get("answered", True),
    )
