"""Rows of the store as typed values and back: chunks, documents and their sources, and the
paged read of a whole collection (SQLite caps the variables of one query)."""

from __future__ import annotations

import json
from typing import Any

from assistant.types import Chunk, Document, Source

PAGE = 5000  # rows per read: SQLite caps the variables of one query (about 32,000)
_SOURCE_FIELDS = ("title", "publisher", "date", "url", "kind", "stance", "affiliation")


def chunk_row(chunk_id: str, text: str, meta: dict[str, Any]) -> Chunk:
    return Chunk(chunk_id, str(meta["doc_id"]), int(meta["start"]), int(meta["end"]), text)


def document_metadata(doc: Document, n_chunks: int) -> dict[str, Any]:
    meta: dict[str, Any] = {f: getattr(doc.source, f) for f in _SOURCE_FIELDS}
    meta.update(
        stance_inferred=doc.source.stance_inferred,
        stance_reason=doc.source.stance_reason,
        stance_declared=doc.source.stance_declared,
        uploaded=doc.source.uploaded,
        content_hash=doc.content_hash,
        path=doc.path,
        n_chunks=n_chunks,
        extra=json.dumps(list(doc.extra)),
    )
    return meta


def source_row(meta: dict[str, Any]) -> Source:
    fields = {f: str(meta.get(f, "") or "") for f in _SOURCE_FIELDS}
    fields["stance"] = fields["stance"] or "unknown"
    return Source(
        **fields,  # type: ignore[arg-type]
        stance_inferred=bool(meta.get("stance_inferred", False)),
        stance_reason=str(meta.get("stance_reason", "") or ""),
        stance_declared=bool(meta.get("stance_declared", False)),
        uploaded=bool(meta.get("uploaded", False)),
    )


def document_row(doc_id: str, text: str, meta: dict[str, Any]) -> Document:
    extra = tuple((str(k), str(v)) for k, v in json.loads(str(meta.get("extra", "[]"))))
    return Document(
        doc_id,
        text,
        source_row(meta),
        str(meta.get("path", "")),
        str(meta.get("content_hash", "")),
        extra,
    )


def read_all(
    collection: Any, include: list[str], where: dict[str, Any] | None = None
) -> dict[str, list[Any]]:
    """Every row of a collection (those matching `where`), read in pages: {"ids": [...],
    field: [...]}. One unpaged read of a large store fails ("too many SQL variables" past
    ~32,000 rows)."""
    out: dict[str, list[Any]] = {"ids": [], **{k: [] for k in include}}
    offset = 0
    while True:
        got = collection.get(include=include, limit=PAGE, offset=offset, where=where)
        for key in out:
            out[key] += list(got[key])
        if len(got["ids"]) < PAGE:
            return out
        offset += PAGE
