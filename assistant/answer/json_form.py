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
    Cue,
    Dispute,
    FigureStatement,
    Flag,
    Measure,
    Passage,
    Quantity,
    Removed,
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
        "uploaded": c.source.uploaded,
    }


def answer_json(a: Answer) -> dict[str, Any]:
    disputes = {d.id: d for d in a.disputes}
    return {
        "question": a.question,
        "text": a.text,
        "lead": a.lead,
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
    """A flag as JSON: its scalar details, then what it is about, from its typed values: a
    contested figure's claims and range (from the dispute it names), loaded-language `cues`,
    the partisan `sources`, the removed `sentences`."""
    details: dict[str, Any] = {
        k: list(v) if isinstance(v, tuple) else v for k, v in flag.details.items()
    }
    d = disputes.get(str(details.get("dispute", "")))
    if flag.kind == "contested_figure" and d is not None:
        details["claims"] = [claim_json(c) for c in d.claims]
        details["range"] = [d.low, _finite(d.high)]
    if flag.cues:
        details["cues"] = [asdict(c) for c in flag.cues]
    if flag.sources:
        details["sources"] = [_partisan_json(s) for s in flag.sources]
    if flag.removed:
        details["sentences"] = [_removed_json(flag.kind, r) for r in flag.removed]
    return {"kind": flag.kind, "message": flag.message, "details": details}


def _partisan_json(s: Source) -> dict[str, Any]:
    return {"publisher": s.publisher or s.title, "affiliation": s.affiliation,
            "inferred": s.stance_inferred}  # fmt: skip


def _removed_json(kind: str, r: Removed) -> Any:
    """A removed sentence in the shape each verifier flag has always had."""
    if kind == "uncited_sentence":
        return r.sentence
    if kind == "citation_out_of_range":
        return {"sentence": r.sentence, "markers": list(r.markers)}
    if kind == "fabricated_quote":
        return {"sentence": r.sentence, "quote": r.quote, "cited": list(r.cited)}
    return {"sentence": r.sentence, "cited": list(r.cited), "missing": list(r.missing),
            "reason": r.reason}  # fmt: skip


def flag_from_json(f: dict[str, Any]) -> Flag:
    """A Flag back from `flag_json` (saved eval runs): lists of scalars become tuples, what the
    flag is about becomes typed again; a dispute's claims come back in `Answer.disputes`."""
    details = dict(f.get("details") or {})
    cues = tuple(Cue(**c) for c in details.pop("cues", ()))
    sources = tuple(_partisan(s) for s in details.pop("sources", ()) if isinstance(s, dict))
    removed = tuple(_removed(r) for r in details.pop("sentences", ()))
    for derived in ("claims", "range"):  # rebuilt from `Answer.disputes`
        details.pop(derived, None)
    scalars = {k: tuple(v) if isinstance(v, list) else v for k, v in details.items()}
    return Flag(f["kind"], f["message"], scalars, cues, removed, sources)


def _partisan(s: dict[str, Any]) -> Source:
    inferred = bool(s.get("inferred"))
    return Source("", s["publisher"], affiliation=s.get("affiliation", ""), stance="partisan",
                  stance_inferred=inferred)  # fmt: skip


def _removed(r: Any) -> Removed:
    if isinstance(r, str):
        return Removed(r)
    return Removed(
        r["sentence"],
        tuple(r.get("cited", ())),
        tuple(r.get("markers", ())),
        r.get("quote", ""),
        tuple(r.get("missing", ())),
        r.get("reason", ""),
    )


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
        "measure": {
            "kind": s.measure.kind,
            "thing": s.measure.thing,
            "act": s.measure.act,
            "mods": list(s.measure.mods),
        },
        "years": list(s.years) if s.years else None,  # the years the figure's clause names
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
        flags=tuple(flag_from_json(f) for f in data["flags"]),
        passages=tuple(_passage(p) for p in data["passages"]),
        timings=dict(data.get("timings") or {}),
        answered=bool(data["answered"]),
        disputes=tuple(dispute_from_json(d) for d in data.get("disputes") or ()),
        lead=str(data.get("lead") or ""),
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
        uploaded=bool(c.get("uploaded", False)),
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
        measure=_measure(c.get("measure")),
        years=_years(c.get("years")),
    )


def _years(y: Any) -> tuple[int, int] | None:
    if not isinstance(y, list) or len(y) != 2 or not all(isinstance(v, int) for v in y):
        return None
    return (y[0], y[1])


def _measure(m: Any) -> Measure:
    if not isinstance(m, dict):
        return Measure()
    return Measure(
        str(m.get("kind", "count")),
        str(m.get("thing", "")),
        str(m.get("act", "")),
        tuple(str(x) for x in m.get("mods", ())),
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
