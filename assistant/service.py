"""Wiring settings to an index: the one place that builds an `Index` from `Settings`."""

from __future__ import annotations

import shutil

from assistant.config import Settings
from assistant.embed import get_embedder
from assistant.index import Index, IngestReport
from assistant.ingest import LoadResult, load_corpus


def ingest(
    settings: Settings, *, rebuild: bool = False, progress: bool = False
) -> tuple[IngestReport, LoadResult, Index]:
    """Mirror the corpus directory into the index; returns the index it wrote."""
    load = load_corpus(settings.corpus_dir)
    if rebuild and not settings.chroma_url and settings.index_dir.exists():
        shutil.rmtree(settings.index_dir)
    index = Index(
        settings.index_dir, get_embedder(settings.embedder), chroma_url=settings.chroma_url
    )
    if rebuild and settings.chroma_url:
        index.remove(index.document_ids())
    return index.sync(load.documents, progress=progress), load, index


def open_index(settings: Settings, *, sync: bool = False) -> Index:
    """The index for asking; `sync=True` first brings it in step with the corpus directory."""
    if sync:
        _, _, index = ingest(settings)
        return index
    return Index.open_existing(
        settings.index_dir, get_embedder(settings.embedder), chroma_url=settings.chroma_url
    )
