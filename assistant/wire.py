"""The JSON form of an Answer: what `ask --json` prints (and the API and eval runs will carry)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from assistant.types import Answer, Citation, Source


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
