"""The JSON form of an Answer: what `ask --json` prints, the API returns and eval runs carry."""

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
        "kind": c.source.kind,
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
        "disputes": disputes_json(a),
    }


def disputes_json(a: Answer) -> list[dict[str, Any]]:
    """The answer's contested figures (its `contested_figure` flags), one table each: who gives
    which value, when, with what stance, and which citation [n] quotes it."""
    return [dispute_json(f, a.citations) for f in a.flags if f.kind == "contested_figure"]


def dispute_json(flag: Flag, citations: tuple[Citation, ...]) -> dict[str, Any]:
    d = flag.details
    low, high = d.get("range") or (d.get("low"), d.get("high"))
    return {
        "id": d.get("dispute", ""),
        "counted": d.get("counted", ""),
        "message": flag.message,
        "low": low,
        "high": high,  # None when a claim is open-ended ("more than 200")
        "claims": [_claim_json(c, citations) for c in d.get("claims", [])],
    }


def _claim_json(claim: dict[str, Any], citations: tuple[Citation, ...]) -> dict[str, Any]:
    doc_id, start, end = claim.get("doc_id", ""), claim.get("start", 0), claim.get("end", 0)
    cited = [c.n for c in citations if c.doc_id == doc_id and c.start < end and start < c.end]
    return {
        "claimant": claim.get("claimant", ""),
        "value": claim.get("value", claim.get("raw", "")),
        "low": claim.get("low"),
        "high": claim.get("high"),
        "qualifier": claim.get("qualifier", ""),
        "date": claim.get("date", ""),
        "stance": claim.get("stance", "unknown"),
        "doc_id": doc_id,
        "start": start,
        "end": end,
        "earlier": list(claim.get("earlier", [])),
        "citation": cited[0] if cited else None,  # the [n] that quotes this claim, if any
    }


def answer_from_json(data: dict[str, Any]) -> Answer:
    """The Answer back from `answer_json` (eval runs are re-scored from their saved JSON).
    Derived keys (`disputes`) are ignored; KeyError/TypeError when a required key is missing."""
    return Answer(
        question=data["question"],
        text=data["text"],
        citations=tuple(_citation(c) for c in data["citations"]),
        flags=tuple(
            Flag(f["kind"], f["message"], dict(f.get("details") or {})) for f in data["flags"]
        ),
        passages=tuple(_passage(p) for p in data["passages"]),
        timings=dict(data.get("timings") or {}),
        answered=bool(data["answered"]),
    )


def _citation(c: dict[str, Any]) -> Citation:
    source = Source(
        title=c.get("title", ""),
        publisher=c.get("publisher", ""),
        date=c.get("date", ""),
        url=c.get("url", ""),
        kind=c.get("kind", ""),
        stance=c.get("stance", "unknown"),
        affiliation=c.get("affiliation", ""),
        stance_inferred=bool(c.get("stance_inferred", False)),
    )
    return Citation(c["n"], c["doc_id"], c["start"], c["end"], c["quote"], source)


def _passage(p: dict[str, Any]) -> Passage:
    chunk = Chunk(p["chunk_id"], p["doc_id"], p["start"], p["end"], p["text"])
    return Passage(p["n"], chunk, p["score"], Source(**p["source"]))
