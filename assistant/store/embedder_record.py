"""Which embedder built an index: a row of the store's meta collection, checked on open.

The row holds the embedder's `name` and the vector `space` it embeds into (an embedder without
a `space` attribute is its own space). Vectors of one space can be compared whatever backend
made them: the torch and ONNX MiniLM backends share a space (their vectors agree to a mean
cosine above 0.99, `tests/test_embedder_parity.py`), so switching between them needs no
re-ingest. An index of another space refuses the embedder with `EmbedderMismatch`.

An index made before the record existed has none: it is taken as it is, and the next write
records the embedder that wrote it. A store with no documents takes the record of whoever
writes to it next (`ingest --rebuild` against a Chroma server empties it first).
"""

from __future__ import annotations

import logging
from typing import Any

from assistant.errors import StoreError

EMBEDDER = "embedder"  # the row's id in the meta collection
log = logging.getLogger("crosscheck.store")


class EmbedderMismatch(StoreError):
    """The index was built by an embedder whose vectors cannot be compared with this one's."""

    def __init__(self, where: str, recorded: dict[str, str], name: str, space: str) -> None:
        built = recorded.get("name", "?")
        super().__init__(
            f"The index at {where} was built with the embedder {built!r} "
            f"({recorded.get('space', built)} vectors), but this process embeds with {name!r} "
            f"({space} vectors), which cannot be compared with them. Re-ingest with this "
            f"embedder: python -m assistant ingest --rebuild --corpus DIR --index {where} "
            f"(or set CROSSCHECK_EMBEDDER={built} to use the index as it is)."
        )
        self.recorded = built
        self.name = name


def space_of(embedder: Any) -> str:
    return str(getattr(embedder, "space", "") or embedder.name)


def recorded_embedder(meta: Any) -> dict[str, str] | None:
    """The record of the embedder that built the store, or None (none yet, or an old index)."""
    got = meta.get(ids=[EMBEDDER], include=["metadatas"])
    if not got["ids"] or not got["metadatas"][0]:
        return None
    return {str(k): str(v) for k, v in got["metadatas"][0].items()}


def check_embedder(meta: Any, embedder: Any, where: str, *, empty: bool, write: bool) -> None:
    """Raise `EmbedderMismatch` when the store holds vectors of another space than
    `embedder`'s. Before a write (`write`), record `embedder` when the store has no record yet
    or no documents (`empty`)."""
    recorded = recorded_embedder(meta)
    space = space_of(embedder)
    if recorded is not None and not empty:
        if recorded.get("space") != space:
            raise EmbedderMismatch(where, recorded, embedder.name, space)
        if recorded.get("name") != embedder.name:
            log.info(
                "index %s: built by %s, used with %s (the same %s vectors)",
                where,
                recorded.get("name"),
                embedder.name,
                space,
            )
        return
    mine = {"name": embedder.name, "space": space}
    if write and recorded != mine:
        meta.upsert(ids=[EMBEDDER], embeddings=[[1.0]], metadatas=[mine])
