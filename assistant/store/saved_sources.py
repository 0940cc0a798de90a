"""Every document's source in one row, saved with the store generation it holds for.

Reading every document record costs a read of the store per 5,000 records (about 7 s at
100,000 documents). The few callers that need every source (stance inference for an added
document, the names the ledger resolves claimants against) read this one row instead when it
holds for the current generation. A write that already holds every source saves it afresh;
otherwise the next reader that reads them all saves it. Any write changes the generation, so
a row another instance left behind is never taken for the current state.
"""

from __future__ import annotations

import json
import logging
from dataclasses import astuple, fields
from typing import Any

from assistant.types import Source

ROW = "sources"
VERSION = "1"
_FIELDS = [f.name for f in fields(Source)]
log = logging.getLogger("crosscheck.store")


def load_sources(meta: Any, generation: str) -> dict[str, Source] | None:
    """The saved sources when they were saved at `generation`, else None."""
    if not generation:
        return None
    got = meta.get(ids=[ROW], include=["metadatas"])
    row = got["metadatas"][0] if got["ids"] else {}
    if row.get("generation") != generation or row.get("version") != VERSION:
        return None
    try:
        saved = json.loads(str(row["sources"]))
        if saved["fields"] != _FIELDS:
            return None
        kinds = [Source(*entry) for entry in saved["entries"]]
        return {doc_id: kinds[i] for doc_id, i in saved["documents"].items()}
    except (ValueError, KeyError, TypeError, IndexError):  # another version's: read afresh
        log.warning("saved sources could not be read; reading every document record")
        return None


def save_sources(meta: Any, generation: str, sources: dict[str, Source]) -> None:
    """Save `sources` as holding at `generation`: each distinct source once, and which one
    each document has (most documents of a corpus share their publisher's)."""
    if not generation:
        return
    entries: dict[tuple[Any, ...], int] = {}
    documents = {d: entries.setdefault(astuple(s), len(entries)) for d, s in sources.items()}
    text = json.dumps(
        {"fields": _FIELDS, "entries": list(entries), "documents": documents},
        separators=(",", ":"),
    )
    # in the metadata: a document would be indexed for full-text search, needed by nothing
    row = {"generation": generation, "version": VERSION, "sources": text}
    meta.upsert(ids=[ROW], embeddings=[[1.0]], metadatas=[row])
