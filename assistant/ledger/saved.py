"""The disputes as last computed, saved beside the ledger with the store generation they were
computed at. A process that opens the store answers with them at once, without reading every
figure row and every document record; any write changes the generation, and the next reader
computes them afresh (and saves them again).
"""

from __future__ import annotations

import json
import logging
from dataclasses import fields
from typing import Any

from assistant.ledger.grouping import GROUPING
from assistant.store.index import Index
from assistant.types import Claim, Dispute, FigureStatement, Measure, Quantity

STATE = "crosscheck_ledger_state"
ROW = "disputes"  # as grouped: the base a write updates
RESTATED = "disputes-restated"  # as readers get them (`restated`): read at open, not recomputed
VERSION = f"{GROUPING}/2"  # the grouping rules and this format: saved by others is not read
log = logging.getLogger("crosscheck.ledger")


class SavedDisputes:
    """One row of its own collection: the disputes (JSON) and the generation they hold for,
    in its metadata."""

    def __init__(self, index: Index) -> None:
        self._rows = index.collection(STATE)

    def load(self, generation: str, row: str = ROW) -> list[Dispute] | None:
        """The saved disputes (of `row`) when they were computed at `generation`, else None."""
        if not generation:
            return None
        got = self._rows.get(ids=[row], include=["metadatas"])
        meta = got["metadatas"][0] if got["ids"] else {}
        if meta.get("generation") != generation or meta.get("version") != VERSION:
            return None
        try:
            return [_dispute(d) for d in json.loads(str(meta["disputes"]))]
        except (ValueError, KeyError, TypeError):  # written by another version: compute afresh
            log.warning("saved disputes could not be read; computing them again")
            return None

    def save(self, generation: str, disputes: list[Dispute], row: str = ROW) -> None:
        text = json.dumps([_plain(d) for d in disputes], separators=(",", ":"))
        # in the metadata: a document would be indexed for full-text search, needed by nothing
        meta = {"generation": generation, "version": VERSION, "disputes": text}
        self._rows.upsert(ids=[row], embeddings=[[1.0]], metadatas=[meta])


_STATEMENT_FIELDS = [f.name for f in fields(FigureStatement)]


def _plain(d: Dispute) -> dict[str, Any]:
    """`dataclasses.asdict` without its deep copies (a write saves every dispute)."""

    def statement(s: FigureStatement) -> dict[str, Any]:
        out = {name: getattr(s, name) for name in _STATEMENT_FIELDS}
        q, m = s.quantity, s.measure
        out["quantity"] = {"low": q.low, "high": q.high, "qualifier": q.qualifier, "unit": q.unit}
        out["measure"] = {"kind": m.kind, "thing": m.thing, "act": m.act, "mods": list(m.mods)}
        return out

    claims = [
        {
            "claimant": c.claimant,
            "statement": statement(c.statement),
            "history": [statement(h) for h in c.history],
        }
        for c in d.claims
    ]
    return {"id": d.id, "counted": d.counted, "contested": d.contested, "claims": claims}


def _dispute(d: dict[str, Any]) -> Dispute:
    claims = tuple(
        Claim(
            str(c["claimant"]),
            _statement(c["statement"]),
            tuple(_statement(h) for h in c["history"]),
        )
        for c in d["claims"]
    )
    return Dispute(str(d["id"]), str(d["counted"]), bool(d["contested"]), claims)


def _statement(s: dict[str, Any]) -> FigureStatement:
    m, q = s["measure"], s["quantity"]
    return FigureStatement(
        **{k: v for k, v in s.items() if k not in ("measure", "quantity", "years")},
        years=(int(s["years"][0]), int(s["years"][1])) if s.get("years") else None,
        quantity=Quantity(float(q["low"]), float(q["high"]), str(q["qualifier"]), str(q["unit"])),
        measure=Measure(str(m["kind"]), str(m["thing"]), str(m["act"]), tuple(m["mods"])),
    )
