"""Every document's source in one file beside the store, with the store generation it holds for.

Reading every document record costs a read of the store per 5,000 records (about 7 s at
100,000 documents). The few callers that need every source (stance inference for an added
document, the names the ledger resolves claimants against) read this file instead when it
holds for the current generation. A write that already holds every source saves it afresh;
otherwise the next reader that reads them all saves it. Any write changes the generation, so
a file left by an earlier write, or by another instance sharing a Chroma server (each keeps
its own, beside its lexical index), is never taken for the current state.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import fields
from pathlib import Path
from typing import Any

from assistant.types import Source

_FIELDS = [f.name for f in fields(Source)]
log = logging.getLogger("crosscheck.store")


def load_sources(path: Path, generation: str) -> dict[str, Source] | None:
    """The saved sources when they were saved at `generation`, else None."""
    if not generation or not path.is_file():
        return None
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        if saved["generation"] != generation or saved["fields"] != _FIELDS:
            return None
        kinds = [Source(*entry) for entry in saved["entries"]]
        return {doc_id: kinds[i] for doc_id, i in saved["documents"].items()}
    except (OSError, ValueError, KeyError, TypeError, IndexError):  # another version's: read afresh
        log.warning("saved sources could not be read; reading every document record")
        return None


def save_sources(path: Path, generation: str, sources: dict[str, Source]) -> None:
    """Save `sources` as holding at `generation`: each distinct source once, and which one
    each document has (most documents of a corpus share their publisher's)."""
    if not generation:
        return
    entries: dict[tuple[Any, ...], int] = {}
    documents = {d: entries.setdefault(_values(s), len(entries)) for d, s in sources.items()}
    saved = {"generation": generation, "fields": _FIELDS, "entries": list(entries)}
    text = json.dumps(saved | {"documents": documents}, separators=(",", ":"))
    partial = path.with_name(path.name + ".partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)  # whole or not at all, whatever kills the process
    except OSError:  # a read-only directory: every reader reads the records instead
        log.warning("could not save the sources beside the store")


def _values(s: Source) -> tuple[Any, ...]:
    """`dataclasses.astuple` without its deep copies (a write saves every source; every field
    is a plain value)."""
    return tuple(getattr(s, name) for name in _FIELDS)
