"""The JSON form of an Answer: what `ask --json` prints, the API returns and eval runs carry."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from assistant.ledger.disputes import contested_message
from assistant.types import (
    Answer,
    Chunk,
    Citation,
    Claim,
    Dispute,
    FigureStatement,
    Flag,
    Passage,
    Quantity,
    Source,
)


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
        "stance_reason": c.source.stance_reason,
        "stance_declared": c.source.stance_declared,
    }


def answer_json(a: Answer) -> dict[str, Any]:
    disputes = {d.id: d for d in a.disputes}
    return {
        "question": a.question,
        "text": a.text,
        "answered": a.answered,
        "citations": [citation_json(c) for c in a.citations],
        "flags": [flag_json(f, disputes) for f in a.flags],
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
        "disputes": [dispute_json(d, a.citations) for d in a.disputes],
    }


def flag_json(flag: Flag, disputes: dict[str, Dispute]) -> dict[str, Any]:
    """A flag as JSON; a `contested_figure` flag carries its dispute's claims and range, read
    from the typed dispute it names."""
    details = dict(flag.details)
    d = disputes.get(str(details.get("dispute", "")))
    if flag.kind == "contested_figure" and d is not None:
        details["claims"] = [claim_json(c) for c in d.claims]
        details["range"] = [d.low, _finite(d.high)]
    return {"kind": flag.kind, "message": flag.message, "details": details}


def statement_json(s: FigureStatement) -> dict[str, Any]:
    """One figure as stated: the value, its interval, where it stands, who gives it, when."""
    return {
        "claimant": s.claimant,
        "value": s.raw,
        "low": s.quantity.low,
        "high": _finite(s.quantity.high),
        "qualifier": s.quantity.qualifier,
        "unit": s.quantity.unit,
        "date": s.date,
        "stance": s.stance,
        "doc_id": s.doc_id,
        "start": s.start,
        "end": s.end,
        "span_start": s.span_start,
        "span_end": s.span_end,
        "sentence": s.sentence,
        "attributed": s.attributed,
    }


def claim_json(c: Claim) -> dict[str, Any]:
    """One claimant's latest figure (the one function every reader of a claim goes through),
    with its earlier figures (`earlier`: their values; `history`: the statements)."""
    return {
        **statement_json(c.statement),
        "claimant": c.claimant,
        "earlier": [h.raw for h in c.history],
        "history": [statement_json(h) for h in c.history],
    }


def dispute_json(d: Dispute, citations: Sequence[Citation] = ()) -> dict[str, Any]:
    """A dispute as JSON: who gives which value, when, with what stance, and which citation
    [n] of the answer quotes it (`citation`, None when none does). The UI, the API, eval runs
    and the `disputes` CLI verb all read disputes through this function."""
    return {
        "id": d.id,
        "counted": d.counted,
        "contested": d.contested,
        "message": contested_message(d),
        "low": d.low,
        "high": _finite(d.high),  # None when a claim is open-ended ("more than 200")
        "claims": [{**claim_json(c), "citation": _cited(c, citations)} for c in d.claims],
    }


def _cited(c: Claim, citations: Sequence[Citation]) -> int | None:
    s = c.statement
    cited = [x.n for x in citations if x.doc_id == s.doc_id and x.start < s.end and s.start < x.end]
    return cited[0] if cited else None


def _finite(value: float) -> float | None:
    return None if value == float("inf") else value


def answer_from_json(data: dict[str, Any]) -> Answer:
    """The Answer back from `answer_json` (eval runs are re-scored from their saved JSON).
    Disputes come back from the `disputes` key; KeyError/TypeError when a required key is
    missing."""
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
        disputes=tuple(dispute_from_json(d) for d in data.get("disputes") or ()),
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
        stance_reason=str(c.get("stance_reason", "")),
        stance_declared=bool(c.get("stance_declared", False)),
    )
    return Citation(c["n"], c["doc_id"], c["start"], c["end"], c["quote"], source)


def _passage(p: dict[str, Any]) -> Passage:
    chunk = Chunk(p["chunk_id"], p["doc_id"], p["start"], p["end"], p["text"])
    return Passage(p["n"], chunk, p["score"], Source(**p["source"]))


def _statement(c: dict[str, Any], counted: str) -> FigureStatement:
    high = c.get("high")
    return FigureStatement(
        doc_id=c["doc_id"],
        start=c["start"],
        end=c["end"],
        sentence=c.get("sentence", ""),
        span_start=c.get("span_start", c["start"]),
        span_end=c.get("span_end", c["end"]),
        raw=c["value"],
        quantity=Quantity(
            c["low"], float("inf") if high is None else high, c["qualifier"], c.get("unit", "")
        ),
        counted=counted,
        claimant=c["claimant"],
        attributed=bool(c.get("attributed", True)),
        date=c["date"],
        stance=c.get("stance", "unknown"),
    )


def dispute_from_json(d: dict[str, Any]) -> Dispute:
    """A `Dispute` back from `dispute_json` (or a `claims` list of the same shape)."""
    claims = tuple(
        Claim(
            c["claimant"],
            _statement(c, d["counted"]),
            tuple(_statement(h, d["counted"]) for h in c.get("history", ())),
        )
        for c in d["claims"]
    )
    return Dispute(d["id"], d["counted"], bool(d.get("contested", True)), claims)
