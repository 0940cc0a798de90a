"""The figure ledger: every figure statement of the corpus, kept beside the store, and the
disputes grouped from them.

The store knows nothing of figures: the ledger subscribes to its write path
(`Index.subscribe`) and is told which documents were written or removed, and when another
instance changed the store. It keeps its rows in a collection of the same store, so several
instances sharing a Chroma server share one ledger.

Groups persist: each row records the label of its group (`grouping.Grouper`), the key of its
measure and the name its claimant was resolved to. Nothing is regrouped when a store opens:
- a reader gets the disputes saved by the last writer (`SavedDisputes`), or, when they are
  out of date, reads them from the stored labels;
- a write loads the groups of its own measures only (`_load`), places its statements among
  them, and computes the disputes of those measures again, keeping the others (the very
  values: what was saved and restated for them holds, and only changed disputes are saved);
- only rows not placed under the current rules (`GROUPING`), such as those of an ingest into
  an empty store, are grouped all together, in date order (`settle`).

What is saved and updated are the disputes as grouped; readers get them with the statements
that restate their claims in other words (`restated`), looked up by value for the parts of
the ledger a write could change (`Restatements`) and saved beside them.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from assistant.ledger.disputes import (
    dispute_key,
    disputes_of,
    in_dispute_order,
    restanced,
    with_in_order,
)
from assistant.ledger.figure_rows import extracted, statement_metadata, statement_of
from assistant.ledger.grouping import GROUPING, Grouper, in_order, statement_id, voice_words
from assistant.ledger.names import NameBook, resolve_claimants
from assistant.ledger.restated import Restatements
from assistant.ledger.saved import RESTATED, ROW, SavedDisputes
from assistant.ledger.voice_stances import VoiceBook
from assistant.store.index import Index, StoreChange, Written
from assistant.store.rows import PAGE, read_all
from assistant.types import Dispute, FigureStatement

FIGURES = "crosscheck_figures"
NO_GROUP = f"{GROUPING}:-"  # placed, and in no group: a figure that cannot be disputed
UPSERT_BATCH = 4000
VALUES_PER_READ = 1000  # figures looked up in one read of the rows (`_restated`)
Where = dict[str, Any]


class Ledger:
    """Figure statements of the documents in `index`, and their disputes (cached until the
    next change of the store)."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._rows = index.collection(FIGURES, cosine=True)
        self._lock = threading.RLock()
        self._grouper: Grouper | None = None  # None: no group in memory yet
        self._loaded: set[str] | None = None  # the measure keys it holds; None: all of them
        self._placed: bool | None = None  # every stored row placed under `GROUPING`?
        self._voices: set[str] = set()
        self._names = NameBook()  # every name a claimant may resolve to
        self._disputes: list[Dispute] | None = None  # with restatements (`restated`)
        self._pure: list[Dispute] | None = None  # as grouped: what is saved and updated
        self._last: list[Dispute] = []  # what readers get while a write holds the groups
        self._base: list[Dispute] | None = None  # the disputes before the writes below
        self._stances_then = VoiceBook.of({})  # the publishers' stances then
        self._stances_now = VoiceBook.of({})  # the publishers' stances now (built once per change)
        self._touched: set[str] = set()  # measure keys written or removed since `_base`
        self._analysing: dict[str, str] = {}  # doc id -> title, while its figures are placed
        self._saved = SavedDisputes(index)
        self._restatements = Restatements()
        index.subscribe(self)

    # ---- told by the store ---------------------------------------------------------------
    def changed(self, change: StoreChange) -> None:
        with self._lock:
            if change.stale:  # another instance wrote: take the collection and groups afresh
                self._rows = self.index.collection(FIGURES, cosine=True)
                self._grouper, self._loaded, self._placed, self._base = None, None, None, None
                self._restatements.forget()
                self._saved.forget()
            elif self._base is None:  # what held before this change, if known
                self._base = self._pure
                if self._base is None:
                    self._base = self._saved.load(self.index.generation())
                    if self._base is not None and self._disputes is not None:
                        self._restatements.seed(self._base, self._disputes)
                if self._base and self._placed is None:
                    self._placed = True  # disputes are saved only once every row is placed
                self._stances_then = self._stances()
                self._touched = set()
            if change.removed:
                self._forget(change.removed)
        if change.written is not None:
            self._record(change.written)
        with self._lock:
            self._disputes = self._pure = None

    def _forget(self, doc_ids: Sequence[str]) -> None:
        """Drop the rows and group members of removed documents; their measures are touched."""
        keys: set[str] = set()
        for at in range(0, len(doc_ids), PAGE // 10):
            where = {"doc_id": {"$in": list(doc_ids[at : at + PAGE // 10])}}
            for m in self._rows.get(where=where, include=["metadatas"])["metadatas"]:
                keys.add(str(m.get("key", "")))
                self._restatements.changed([float(m.get("low", 0.0))])
            self._rows.delete(where=where)
        self._touched |= keys
        if self._grouper is not None:
            self._grouper.remove_documents(doc_ids)
            self._load(keys)

    def _record(self, written: Written) -> None:
        """Ledger rows for the figures of the written chunks, each with its chunk's vector and
        the label of the group it joined (or none yet, when `settle` places them all)."""
        titles = {d.id: d.source.title or d.id for d in written.documents}
        self._analysing |= titles
        try:
            statements, vectors = extracted(written)
            metas = self._placed_metadata(statements, vectors, set(titles))
            self._write(statements, vectors, metas)
        finally:
            for doc_id in titles:
                self._analysing.pop(doc_id, None)

    def _placed_metadata(
        self, statements: list[FigureStatement], vectors: np.ndarray, doc_ids: set[str]
    ) -> list[dict[str, Any]]:
        rows = [statement_metadata(f) for f in statements]
        with self._lock:
            keys = {str(m["key"]) for m in rows}
            self._touched |= keys
            self._restatements.changed(f.quantity.low for f in statements)
            if self._grouper is None:
                if not self._store_placed():
                    return [m | {"group": "", "placed": ""} for m in rows]  # for `settle`
                self._grouper, self._loaded = Grouper(vectors.shape[1]), set()
            self._load(keys)
            self._grouper.remove_documents(doc_ids)
            took, resolved = self._place(self._grouper, statements, vectors, [""] * len(rows))
        return [
            m | {"group": g, "placed": GROUPING, "voice": r.claimant}
            for m, g, r in zip(rows, took, resolved, strict=True)
        ]

    def _store_placed(self) -> bool:
        """Does the store hold rows, all placed under the current rules (`GROUPING`)?"""
        if self._placed is None:
            unplaced = {"placed": {"$ne": GROUPING}}
            self._placed = (
                bool(self._rows.count())
                and not (self._rows.get(where=unplaced, limit=1, include=[])["ids"])
            )
        return self._placed

    def _load(self, keys: Iterable[str]) -> None:
        """Bring the stored groups of these measures into memory (a grouper holding only some
        measures); placed rows keep their groups and their resolved claimants."""
        if self._grouper is None or self._loaded is None:
            return
        missing = sorted(set(keys) - self._loaded)
        if not missing:
            return
        self._loaded |= set(missing)
        where = {"$and": [{"key": {"$in": missing}}, {"group": {"$ne": NO_GROUP}}]}
        statements, vectors, metas = self._read(where, as_placed=True)
        sources = self.index.sources_of({s.doc_id for s in statements})
        publishers = {i: s.publisher for i, s in sources.items()}
        self._voices |= voice_words(statements, publishers.values())
        self._names.add(s.claimant for s in statements if s.attributed)
        for i in sorted(range(len(statements)), key=lambda i: _when(statements[i])):
            s = statements[i]
            self._grouper.add(
                s,
                vectors[i],
                publisher=publishers.get(s.doc_id, ""),
                voices=self._voices,
                label=str(metas[i]["group"]),
            )

    def _write(
        self, statements: list[FigureStatement], vectors: np.ndarray, metas: list[dict[str, Any]]
    ) -> None:
        ids = [statement_id(f) for f in statements]
        for at in range(0, len(ids), UPSERT_BATCH):  # Chroma caps one write at ~5,000 rows
            part = slice(at, at + UPSERT_BATCH)
            self._rows.upsert(
                ids=ids[part],
                embeddings=vectors[part].tolist(),
                documents=[f.sentence for f in statements[part]],
                metadatas=metas[part],
            )

    def _place(
        self,
        grouper: Grouper,
        statements: list[FigureStatement],
        vectors: np.ndarray,
        labels: list[str],
    ) -> tuple[list[str], list[FigureStatement]]:
        """Put statements in their groups (their stored label, else the closest), in date
        order; the labels they took, and the statements as placed (claimants resolved)."""
        publishers, resolved = self._resolved(statements)
        self._voices |= voice_words(resolved, publishers.values())
        took = list(labels)
        for i in sorted(range(len(resolved)), key=lambda i: _when(resolved[i])):
            s = resolved[i]
            stored = labels[i] if labels[i].startswith(GROUPING + ":") else ""
            stored = "" if stored == NO_GROUP else stored
            took[i] = grouper.add(
                s,
                vectors[i],
                publisher=publishers.get(s.doc_id, ""),
                voices=self._voices,
                label=stored,
            )
            took[i] = took[i] or NO_GROUP
        return took, resolved

    def _resolved(
        self, statements: list[FigureStatement]
    ) -> tuple[dict[str, str], list[FigureStatement]]:
        """The publishers, and `statements` with their claimants' short mentions resolved
        against every name the ledger has seen (the names are kept)."""
        sources = self.index.sources()
        publishers = {i: s.publisher for i, s in sources.items()}
        described = {s.publisher: f"{s.affiliation} {s.stance_reason}" for s in sources.values()}
        return publishers, resolve_claimants(statements, publishers, self._names, described)

    def settle(self) -> None:
        """Place every statement a write left without a group, all in date order (grouping is
        greedy: one pass in date order groups better than batch after batch), and store their
        labels; after an ingest, so that opening the index never groups anything. The disputes
        are computed then and saved (`SavedDisputes`): a process opening the store reads them."""
        with self._lock:
            if self._grouper is None and self._rows.count() and not self._store_placed():
                self._grouper = self._restore()
        self.disputes()

    def _restore(self) -> Grouper:
        """The groups of every stored statement, from their labels; rows without a label of the
        current grouping are grouped now, and rows whose placing changed are stored again."""
        statements, vectors, metas = self._read()
        stored = [str(m.get("group", "")) for m in metas]
        grouper = Grouper(vectors.shape[1] if len(statements) else 0)
        took, resolved = self._place(grouper, statements, vectors, stored)
        placed = [
            statement_metadata(f) | {"group": g, "placed": GROUPING, "voice": r.claimant}
            for f, g, r in zip(statements, took, resolved, strict=True)
        ]
        fresh = [i for i, m in enumerate(placed) if any(metas[i].get(k) != v for k, v in m.items())]
        self._restatements.forget()
        if fresh:
            self._write([statements[i] for i in fresh], vectors[fresh], [placed[i] for i in fresh])
        self._loaded, self._placed = None, True
        return grouper

    def _labelled(self) -> list[list[FigureStatement]]:
        """The stored groups, read from their labels alone: no vectors are read and nothing is
        placed. Rows not placed under the current grouping mean the whole ledger is placed
        again, once (`_restore`)."""
        got = read_all(self._rows, ["metadatas", "documents"])
        if any(m.get("placed") != GROUPING for m in got["metadatas"]):
            self._grouper = self._restore()
            return self._grouper.statement_groups()
        members: dict[str, list[FigureStatement]] = {}
        for m, text in zip(got["metadatas"], got["documents"], strict=True):
            if m["group"] != NO_GROUP:
                members.setdefault(str(m["group"]), []).append(
                    statement_of(m, text, as_placed=True)
                )
        return in_order(members.values())

    # ---- reading -------------------------------------------------------------------------
    def statements(self) -> tuple[list[FigureStatement], np.ndarray]:
        """Every figure statement, with the vector of its chunk (one row of a float32 matrix
        each)."""
        statements, vectors, _ = self._read()
        return statements, vectors

    def _read(
        self, where: Where | None = None, *, as_placed: bool = False
    ) -> tuple[list[FigureStatement], np.ndarray, list[dict[str, Any]]]:
        """The stored rows (those matching `where`): statements, their chunks' vectors, their
        metadata."""
        got = read_all(self._rows, ["metadatas", "documents", "embeddings"], where=where)
        metas = [dict(m) for m in got["metadatas"]]
        rows = zip(metas, got["documents"], strict=True)
        statements = [statement_of(m, t, as_placed=as_placed) for m, t in rows]
        width = len(got["embeddings"][0]) if len(statements) else 0
        vectors = np.asarray(got["embeddings"], dtype=np.float32).reshape(len(statements), width)
        return statements, vectors, metas

    def disputes(self) -> list[Dispute]:
        """Groups of statements measuring the same quantity (cached until the next write).
        While a write is placing its figures, readers get the disputes as they stood before
        it (`analysing()` names the documents not in them yet) rather than waiting."""
        self.index.refresh()
        if not self._lock.acquire(blocking=not self._analysing):
            return self._last
        try:
            if self._disputes is None:
                self._disputes = self._last = self._read_or_compute()
                self._touched = set()
                if len(self._disputes) >= FREEZE_FROM:
                    gc.freeze()  # what is now in memory lives until the next write
            return self._disputes
        finally:
            self._lock.release()

    def _read_or_compute(self) -> list[Dispute]:
        """The disputes as readers get them: saved at this generation, or computed (as
        grouped, then restated) and saved, both ways, for the next process."""
        generation = self.index.generation()
        whole = self._grouper is not None and self._loaded is None
        if not whole:
            restated = self._saved.load(generation, RESTATED)
            if restated is not None:  # the grouped ones are read only when a write needs them
                self._pure = self._base = None
                return restated
        saved = None if whole else self._saved.load(generation)
        pure = self._computed() if saved is None else saved
        self._pure = self._base = pure
        restated = self._restatements.restated(pure, self._stated_with)
        lists = {ROW: pure, RESTATED: restated} if saved is None else {RESTATED: restated}
        self._saved.save(generation, lists)
        return restated

    def keyed(self, keys: Sequence[str]) -> list[FigureStatement]:
        """The stored statements whose measures have these keys (`comparable.measure_key`),
        in a group or alone."""
        return self._rows_where({"key": {"$in": list(keys)}}) if keys else []

    def _stated_with(self, values: list[float]) -> list[FigureStatement]:
        """The stored statements whose figures have these low ends (for restatements)."""
        found: list[FigureStatement] = []
        for at in range(0, len(values), VALUES_PER_READ):  # SQLite caps a query's variables
            found += self._rows_where({"low": {"$in": values[at : at + VALUES_PER_READ]}})
        return found

    def _rows_where(self, where: Where) -> list[FigureStatement]:
        """The stored statements matching `where`, as placed (without their vectors)."""
        got = read_all(self._rows, ["metadatas", "documents"], where=where)
        rows = zip(got["metadatas"], got["documents"], strict=True)
        return [statement_of(m, t, as_placed=True) for m, t in rows]

    def _computed(self) -> list[Dispute]:
        """From the groups in memory when they are all there; from the disputes before the
        last writes and the groups of the measures they touched, when those are; else from the
        stored labels."""
        voices = self._stances()
        grouper, loaded, base, touched = self._grouper, self._loaded, self._base, self._touched
        if grouper is not None and loaded is None:
            every = disputes_of(grouper.statement_groups(), voices)
            return in_dispute_order(_as_before(every, base or ()))
        if grouper is not None and loaded is not None and base is not None and touched <= loaded:
            fresh = disputes_of(grouper.statement_groups(touched), voices)
            kept = [d for d in base if dispute_key(d) not in touched]
            now, before = voices.stances.items(), self._stances_then.stances.items()
            changed = {p for p, _ in now ^ before}  # came, went or changed
            kept = restanced(kept, voices, changed)
            return with_in_order(kept, _as_before(fresh, base))
        return in_dispute_order(disputes_of(self._labelled(), voices))

    def _stances(self) -> VoiceBook:
        """The publishers' stances, looked up by claimant; built again only when they change."""
        stances = {s.publisher: s.stance for s in self.index.sources().values() if s.publisher}
        if stances != self._stances_now.stances:
            self._stances_now = VoiceBook.of(stances)
        return self._stances_now

    def analysing(self) -> list[str]:
        """Titles of the documents whose figures are still being read and grouped."""
        return sorted(self._analysing.values())

    def check(self) -> list[str]:
        """Ledger rows whose document has no record in the store."""
        records = set(self.index.document_ids())
        rows = {str(m["doc_id"]) for m in read_all(self._rows, ["metadatas"])["metadatas"]}
        return [f"ledger rows without a record: {d}" for d in sorted(rows - records)]


# A large library holds millions of objects (statements, disputes, their words) that live
# from one write to the next. Python's cycle collector scanned them all again during every
# write: about a third of a write's time at 50,000 chunks. Once the disputes are computed,
# they are moved out of its sight (`gc.freeze`); what a write replaces is still freed by
# reference counting. Small libraries (tests, the demo) are left as they are: the size is
# told by the disputes just computed (about 2,000 at 20,000 chunks of the synthetic corpus;
# asking the store for its chunk count took 0.4-2 s at 200,000).
FREEZE_FROM = 1_000  # disputes


def _as_before(disputes: list[Dispute], before: Sequence[Dispute]) -> list[Dispute]:
    """`disputes`, each one equal to a dispute of `before` replaced by that very value: what
    was saved and restated for it still holds (`SavedDisputes`, `Restatements` know values
    by identity)."""
    known = {d.id: d for d in before}
    return [known[d.id] if known.get(d.id) == d else d for d in disputes]


def _when(s: FigureStatement) -> tuple[str, str]:
    return (s.date, s.doc_id)
