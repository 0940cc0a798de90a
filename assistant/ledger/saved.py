"""The disputes as last computed, saved beside the ledger with the store generation they were
computed at. A process that opens the store answers with them at once, without reading every
figure row and every document record; any write changes the generation, and the next reader
computes them afresh (and saves them again).
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict
from typing import Any

from assistant.ledger.grouping import GROUPING
from assistant.store.index import Index
from assistant.types import Claim, Dispute, FigureStatement, Measure, Quantity

STATE = "crosscheck_ledger_state"
ROW = "disputes"
VERSION = f"{GROUPING}/1"  # the grouping rules and this format: saved by others is not read
log = logging.getLogger("crosscheck.ledger")


class SavedDisputes:
    """One row of its own collection: the disputes (JSON) and the generation they hold for."""

    def __init__(self, index: Index) -> None:
        self._rows = index.collection(STATE)

    def load(self, generation: str) -> list[Dispute] | None:
        """The saved disputes when they were computed at `generation`, else None."""
        if not generation:
            return None
        got = self._rows.get(ids=[ROW], include=["metadatas", "documents"])
        meta = got["metadatas"][0] if got["ids"] else {}
        if meta.get("generation") != generation or meta.get("version") != VERSION:
            return None
        try:
            return [_dispute(d) for d in json.loads(got["documents"][0])]
        except (ValueError, KeyError, TypeError):  # written by another version: compute afresh
            log.warning("saved disputes could not be read; computing them again")
            return None

    def save(self, generation: str, disputes: list[Dispute]) -> None:
        text = json.dumps([asdict(d) for d in disputes], separators=(",", ":"))
        self._rows.upsert(
            ids=[ROW],
            embeddings=[[1.0]],
            documents=[text],
            metadatas=[{"generation": generation, "version": VERSION}],
        )


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
        **{k: v for k, v in s.items() if k not in ("measure", "quantity")},
        quantity=Quantity(float(q["low"]), float(q["high"]), str(q["qualifier"]), str(q["unit"])),
        measure=Measure(str(m["kind"]), str(m["thing"]), str(m["act"]), tuple(m["mods"])),
    )
