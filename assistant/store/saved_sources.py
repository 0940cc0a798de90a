"""Every document's source in one file beside the store, with the store generation it holds for.

Reading every document record costs a read of the store per 5,000 records (about 7 s at
100,000 documents). The few callers that need every source (stance inference for an added
document, the names the ledger resolves claimants against) read this file instead when it
holds for the current generation. A write that already holds every source saves it afresh;
otherwise the next reader that reads them all saves it. Any write changes the generation, so
a file left by an earlier write, or by another instance sharing a Chroma server (each keeps
its own, beside its lexical index), is never taken for the current state.

A write changes a few sources, so it appends what changed to a log beside the file (one line
per write: from which generation to which, the sources set and the documents dropped) rather
than saving every source again; the whole file is written again when the log has grown as
large as it, or when the log is not the one this process last wrote (another process on the
same store appended to it). A reader replays the log from the file's generation; a line that
does not follow from the one before (two writers), or a line cut short, means the saved
state is not the current one, and every record is read instead.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import fields
from pathlib import Path
from typing import Any

from assistant.types import Source

_FIELDS = [f.name for f in fields(Source)]
log = logging.getLogger("crosscheck.store")
Values = tuple[Any, ...]


class SavedSources:
    """The file at `path` and its log (`path` + ".log"); what this process last read or wrote
    is kept (generation, every source's values, the log's size) to write only the change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._log = path.with_name(path.name + ".log")
        self._held: dict[str, Values] = {}
        self._generation = ""  # the generation `_held` is the saved state of ("": none)
        self._log_size = -1  # the log's size when this process last read or wrote it
        self._objects: dict[str, tuple[Source, Values]] = {}  # the sources last saved, as given
        self._lock = threading.Lock()  # a reader's first read may save while a writer saves

    def load(self, generation: str) -> dict[str, Source] | None:
        """The saved sources when they hold for `generation`, else None."""
        with self._lock:
            return self._load(generation)

    def _load(self, generation: str) -> dict[str, Source] | None:
        if not generation or not self.path.is_file():
            return None
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
            if saved["fields"] != _FIELDS:
                return None
            kinds = [tuple(entry) for entry in saved["entries"]]
            held = {doc_id: kinds[i] for doc_id, i in saved["documents"].items()}
            now, size = self._replayed(held, str(saved["generation"]))
        except (OSError, ValueError, KeyError, TypeError, IndexError):  # another version's
            log.warning("saved sources could not be read; reading every document record")
            return None
        if now != generation:
            return None
        self._held, self._generation, self._log_size = held, now, size
        return {doc_id: Source(*values) for doc_id, values in held.items()}

    def _replayed(self, held: dict[str, Values], generation: str) -> tuple[str, int]:
        """Apply the log's lines that follow on from `generation` to `held`; the generation
        reached ("" when a line breaks the chain) and the log's size."""
        if not self._log.is_file():
            return generation, 0
        text = self._log.read_text(encoding="utf-8")
        for line in text.splitlines():
            change = json.loads(line)  # a line cut short raises: the caller reads the records
            if change["from"] != generation:
                return "", len(text.encode())
            for doc_id in change["drop"]:
                held.pop(doc_id, None)
            held.update({doc_id: tuple(v) for doc_id, v in change["set"].items()})
            generation = str(change["to"])
        return generation, len(text.encode())

    def save(self, generation: str, sources: dict[str, Source]) -> None:
        """Save `sources` as holding at `generation`: what changed since the state this
        process last read or wrote, when the log is still as it left it; else all of them."""
        with self._lock:
            self._save(generation, sources)

    def _save(self, generation: str, sources: dict[str, Source]) -> None:
        if not generation:
            return
        now = {doc_id: self._values_of(doc_id, s) for doc_id, s in sources.items()}
        try:
            if self._generation and self._log_size == _size(self._log) and self._log_small():
                self._append(generation, now)
            else:
                self._write_whole(generation, now)
        except OSError:  # a read-only directory: every reader reads the records instead
            log.warning("could not save the sources beside the store")
            self._generation = ""
            return
        self._held, self._generation = now, generation
        self._objects = {doc_id: (s, now[doc_id]) for doc_id, s in sources.items()}

    def _values_of(self, doc_id: str, s: Source) -> Values:
        """`s`'s values, as last saved when `s` is the very object last saved for `doc_id`."""
        last = self._objects.get(doc_id)
        return last[1] if last is not None and last[0] is s else _values(s)

    def _append(self, generation: str, now: dict[str, Values]) -> None:
        held = self._held
        change = {
            "from": self._generation,
            "to": generation,
            "set": {d: v for d, v in now.items() if held.get(d) != v},
            "drop": [d for d in held if d not in now],
        }
        with self._log.open("a", encoding="utf-8") as out:
            out.write(json.dumps(change, separators=(",", ":")) + "\n")
        self._log_size = _size(self._log)

    def _write_whole(self, generation: str, now: dict[str, Values]) -> None:
        """The file, whole, and an empty log: the log is emptied first, so that a process
        killed in between leaves an older file that holds for no current generation."""
        entries: dict[Values, int] = {}
        documents = {d: entries.setdefault(v, len(entries)) for d, v in now.items()}
        saved = {"generation": generation, "fields": _FIELDS, "entries": list(entries)}
        text = json.dumps(saved | {"documents": documents}, separators=(",", ":"))
        partial = self.path.with_name(self.path.name + ".partial")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(text, encoding="utf-8")
        self._log.write_text("", encoding="utf-8")
        os.replace(partial, self.path)  # whole or not at all, whatever kills the process
        self._log_size = 0

    def _log_small(self) -> bool:
        """Is the log still smaller than the file it follows (else it is folded into it)?"""
        return _size(self._log) < _size(self.path)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1


def _values(s: Source) -> Values:
    """`dataclasses.astuple` without its deep copies (a write saves every source; every field
    is a plain value)."""
    return tuple(getattr(s, name) for name in _FIELDS)
