"""The disputes as last computed, saved beside the ledger with the store generation they were
computed at. A process that opens the store answers with them at once, without reading every
figure row and every document record; any write changes the generation, and the next reader
computes them afresh (and saves them again).

Each dispute is a row of its own, named by a hash of its content; a list (`ROW`, `RESTATED`)
names the rows it holds, in order, and the generation. A write that changes a few disputes
therefore writes a few rows and the list, not every dispute: rows whose content is unchanged
are already there. The list is written after its rows, and rows no list names any more are
deleted after it: a reader finds either a whole list or one naming a missing row (another
instance deleted it meanwhile), which it takes as out of date.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import fields
from typing import Any

from assistant.ledger.grouping import GROUPING
from assistant.store.index import Index
from assistant.store.rows import read_all
from assistant.types import Claim, Dispute, FigureStatement, Measure, Quantity

STATE = "crosscheck_ledger_state"
ROW = "disputes"  # as grouped: the base a write updates
RESTATED = "disputes-restated"  # as readers get them (`restated`): read at open, not recomputed
VERSION = f"{GROUPING}/3"  # the grouping rules and this format: saved by others is not read
IDS_PER_READ = 1000  # SQLite caps the variables of one query
WRITE_BATCH = 4000  # Chroma caps one write at ~5,000 rows
log = logging.getLogger("crosscheck.ledger")


class SavedDisputes:
    """The lists and their dispute rows, in one collection; the disputes this process read or
    wrote are kept by hash, so that saving them again, or reading the other list, needs no
    work for those."""

    def __init__(self, index: Index) -> None:
        self._rows = index.collection(STATE)
        self._by_hash: dict[str, Dispute] = {}
        self._held: dict[str, list[str]] = {}  # list -> the hashes it named when last read or saved
        self._incomplete: set[str] = set()  # lists found naming a missing row: saved whole
        self._hash_of: dict[int, tuple[Dispute, str]] = {}  # id(dispute) -> (it, its hash)

    def load(self, generation: str, row: str = ROW) -> list[Dispute] | None:
        """The saved disputes (of list `row`) when they were computed at `generation`, else
        None."""
        if not generation:
            return None
        stored = self._stored(row)
        if stored is None or stored[0] != generation:
            return None
        hashes = stored[1]
        missing = [h for h in dict.fromkeys(hashes) if h not in self._by_hash]
        try:
            for at in range(0, len(missing), IDS_PER_READ):
                ids = [f"{row}:{h}" for h in missing[at : at + IDS_PER_READ]]
                got = self._rows.get(ids=ids, include=["metadatas"])
                for meta in got["metadatas"]:
                    self._keep(_dispute(json.loads(str(meta["dispute"]))), str(meta["hash"]))
        except (ValueError, KeyError, TypeError):  # written by another version: compute afresh
            log.warning("saved disputes could not be read; computing them again")
            return None
        if any(h not in self._by_hash for h in hashes):  # deleted by a later write meanwhile
            self._incomplete.add(row)
            return None
        self._held[row] = hashes
        self._prune()
        return [self._by_hash[h] for h in hashes]

    def save(self, generation: str, lists: Mapping[str, Sequence[Dispute]]) -> None:
        """Save each list (`ROW`, `RESTATED`: its disputes) as computed at `generation`: the
        rows not stored yet, then the lists, then the rows the lists named before and do not
        any more."""
        old = {
            row: self._held[row] if row in self._held else _hashes(self._stored(row))
            for row in lists
        }
        texts: dict[str, str] = {}  # the disputes serialised here, by hash
        hashes = {row: [self._hash(d, texts) for d in disputes] for row, disputes in lists.items()}
        ids: list[str] = []
        metas: list[dict[str, Any]] = []
        for row, disputes in lists.items():
            stored = set() if row in self._incomplete else set(old[row] or ())
            for h, d in dict(zip(hashes[row], disputes, strict=True)).items():
                if h not in stored:
                    ids.append(f"{row}:{h}")
                    metas.append({"hash": h, "dispute": texts.get(h) or _text(d)})
        ids += list(lists)
        metas += [
            {"generation": generation, "version": VERSION, "rows": json.dumps(hashes[row])}
            for row in lists
        ]
        for at in range(0, len(ids), WRITE_BATCH):
            part = slice(at, at + WRITE_BATCH)
            n = len(ids[part])  # in the metadata: a document would be indexed for text search
            self._rows.upsert(ids=ids[part], embeddings=[[1.0]] * n, metadatas=metas[part])
        gone = [n for row in lists for n in self._unnamed(row, old[row], set(hashes[row]))]
        for at in range(0, len(gone), IDS_PER_READ):  # one call: each costs as much as many rows
            self._rows.delete(ids=gone[at : at + IDS_PER_READ])
        self._incomplete -= set(lists)
        self._held = {**self._held, **hashes}
        self._prune()

    def forget(self) -> None:
        """Another instance wrote: what this process read or saved may be stored no more."""
        self._held, self._by_hash, self._hash_of = {}, {}, {}

    def _stored(self, row: str) -> tuple[str, list[str]] | None:
        """The generation the stored list `row` was saved at, and the hashes it names (None:
        no list of this format)."""
        got = self._rows.get(ids=[row], include=["metadatas"])
        meta = got["metadatas"][0] if got["ids"] else {}
        if meta.get("version") != VERSION:
            return None
        try:
            return str(meta["generation"]), [str(h) for h in json.loads(str(meta["rows"]))]
        except (ValueError, KeyError, TypeError):
            return None

    def _unnamed(self, row: str, old: list[str] | None, kept: set[str]) -> list[str]:
        """The rows of `row` no longer named: those the old list named, or, with no old list
        to go by, every row of it (a store saved by another version, or a write cut short)."""
        if old is None:
            got = read_all(self._rows, [])
            names = [n for n in got["ids"] if n.startswith(f"{row}:")]
        else:
            names = [f"{row}:{h}" for h in set(old)]
        return sorted(n for n in names if n.split(":", 1)[1] not in kept)

    def _hash(self, d: Dispute, texts: dict[str, str]) -> str:
        """The hash of `d`'s content: known when this process read or saved the very value,
        else from its text (kept in `texts`)."""
        known = self._hash_of.get(id(d))
        if known is not None and known[0] is d:
            return known[1]
        text = _text(d)
        h = hashlib.blake2b(text.encode(), digest_size=8).hexdigest()
        texts[h] = text
        self._keep(d, h)
        return h

    def _keep(self, d: Dispute, h: str) -> None:
        self._by_hash.setdefault(h, d)
        self._hash_of[id(d)] = (d, h)

    def _prune(self) -> None:
        """Keep only the disputes the lists last read or saved name."""
        held = {h for hashes in self._held.values() for h in hashes}
        self._by_hash = {h: d for h, d in self._by_hash.items() if h in held}
        self._hash_of = {i: (d, h) for i, (d, h) in self._hash_of.items() if h in held}


def _hashes(stored: tuple[str, list[str]] | None) -> list[str] | None:
    return None if stored is None else stored[1]


def _text(d: Dispute) -> str:
    return json.dumps(_plain(d), separators=(",", ":"))


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
