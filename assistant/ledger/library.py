"""The one place that opens an index: the store of documents with its figure ledger attached.

`open_library(settings)` and `ingest(settings)` build a `Library` from `Settings`; the CLI, the
server, the eval harness and the Python API all come through here. Documents reach the store
only through `add_documents` / `sync_documents`, which infer the stance of sources that declare
none, so every write path is the same.
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assistant.config import Settings
from assistant.corpus.load import LoadResult, is_upload, load_corpus
from assistant.corpus.uploads import UPLOAD_FOLDER, UploadResult, place_upload, safe_name
from assistant.errors import DocumentError
from assistant.ledger.ledger import Ledger
from assistant.ledger.stance import infer_stances
from assistant.store.embedders import Embedder, get_embedder
from assistant.store.index import Index, IngestReport
from assistant.types import Dispute, Document

log = logging.getLogger("crosscheck.library")


@dataclass(frozen=True)
class Library:
    """The indexed documents (`index`) and the figures they state (`ledger`). Writes from the
    UI, the API and the Python API go through `add_upload` / `remove_upload`, one at a time."""

    index: Index
    ledger: Ledger
    writing: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)

    @classmethod
    def over(cls, index: Index) -> Library:
        """A library over an open index: its ledger subscribes to the index's writes."""
        return cls(index, Ledger(index))

    def disputes(self) -> list[Dispute]:
        return self.ledger.disputes()

    def add_documents(self, docs: Sequence[Document], *, progress: bool = False) -> IngestReport:
        """Add or replace `docs`, keeping every other document. What the stored documents
        declare about their publishers informs the stance of added ones that declare none."""
        self.index.refresh()
        adding = {d.id for d in docs}
        others = [s for i, s in self.index.sources().items() if i not in adding]
        report = self.index.add(infer_stances(docs, others), progress=progress)
        self.ledger.settle()
        return report

    def sync_documents(self, docs: Sequence[Document], *, progress: bool = False) -> IngestReport:
        """Make the index hold exactly `docs`: they are the whole corpus, so stances are
        inferred from them alone (no stored document outlives the sync)."""
        report = self.index.sync(infer_stances(docs, others=()), progress=progress)
        self.ledger.settle()
        return report

    def remove(self, doc_ids: Sequence[str]) -> None:
        self.index.remove(doc_ids)


def _index(settings: Settings, embedder: Embedder | None = None) -> Index:
    return Index(
        settings.index_dir,
        embedder or get_embedder(settings.embedder),
        chroma_url=settings.chroma_url,
    )


def ingest(
    settings: Settings, *, rebuild: bool = False, progress: bool = False
) -> tuple[IngestReport, LoadResult, Library]:
    """Mirror the corpus directory into the index; returns the library it wrote."""
    load = load_corpus(settings.corpus_dir)
    if rebuild and not settings.chroma_url and settings.index_dir.exists():
        shutil.rmtree(settings.index_dir)
    library = Library.over(_index(settings))
    if rebuild and settings.chroma_url:
        library.remove(library.index.document_ids())
    return library.sync_documents(load.documents, progress=progress), load, library


def open_library(
    settings: Settings, *, sync: bool = False, embedder: Embedder | None = None
) -> Library:
    """The library for asking; `sync=True` first brings it in step with the corpus directory."""
    if sync:
        return ingest(settings)[2]
    index = Index.open_existing(
        settings.index_dir,
        embedder or get_embedder(settings.embedder),
        chroma_url=settings.chroma_url,
    )
    return Library.over(index)


def open_store(path: Path, embedder_name: str) -> Index:
    """The stored documents alone, for reading texts (eval scoring): no ledger, no writes."""
    return Index.open_existing(path, get_embedder(embedder_name))


def add_upload(path: Path, library: Library, root: Path) -> UploadResult:
    """Check, copy and index one uploaded file; a bad file is its own result, never a raise."""
    name = safe_name(path.name)
    with library.writing:
        try:
            doc = place_upload(path, root)
        except DocumentError as exc:
            return UploadResult(name, error=exc.reason)
        try:
            report = library.add_documents([doc])
        except Exception:  # the store failed on this file: its own error, never the others'
            log.exception("indexing upload %s failed", doc.id)
            Path(doc.path).unlink(missing_ok=True)
            library.remove([doc.id])  # and whatever rows it left
            return UploadResult(name, error="it could not be indexed; the server log says why")
    status = "added" if report.added else "replaced" if report.updated else "unchanged"
    return UploadResult(name, doc.id, status=status, chunks=report.chunks_embedded)


def add_uploads(
    paths: Sequence[Path], library: Library, root: Path, progress: Callable[[float, str], None]
) -> list[UploadResult]:
    """Every file in turn; `progress(fraction, what)` before each one."""
    results = []
    for i, path in enumerate(paths):
        what = f"Indexing {i + 1} of {len(paths)}: {safe_name(path.name)}"
        progress(i / max(len(paths), 1), what)
        results.append(add_upload(path, library, root))
    progress(1.0, "Done")
    return results


def remove_upload(library: Library, doc_id: str, root: Path) -> str | None:
    """Remove an uploaded document: its file under `<root>/uploads/` and its rows. None when
    removed; else why not (no such document, or not an upload: the corpus's own documents
    are changed in the corpus folder, never from outside)."""
    with library.writing:
        doc = library.index.document(doc_id)
        if doc is None:
            return f"No document with id {doc_id!r}."
        folder = (root / UPLOAD_FOLDER).resolve()
        path = Path(doc.path).resolve() if doc.path else None
        if not is_upload(doc_id) or path is None or folder not in path.parents:
            return f"{doc_id!r} is not an uploaded document; only uploads can be removed."
        path.unlink(missing_ok=True)
        library.remove([doc_id])
        return None
