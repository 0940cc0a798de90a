"""Documents uploaded in the web app: checked, copied into `<corpus>/uploads/`, indexed at once.

Uploads go into the corpus directory (not the index directory) so they persist the way every
other document does: `python -m assistant ingest` mirrors the corpus directory into the index,
so a file kept anywhere else would be removed from the index by the next ingest. A file is
parsed before it is copied, so a file that cannot be read is reported by name and never lands
in the corpus; the other files of the same upload are still added.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import DocumentError
from assistant.index import Index
from assistant.ingest import SUFFIXES, document_id, load_file
from assistant.ui import esc

UPLOAD_FOLDER = "uploads"
_UNSAFE = re.compile(r"[^\w.-]+")


@dataclass(frozen=True)
class UploadResult:
    """What became of one uploaded file: its document id, or why it was not added."""

    name: str
    doc_id: str = ""
    error: str = ""
    status: str = ""  # "added", "replaced" or "unchanged" when it was indexed
    chunks: int = 0


def safe_name(name: str) -> str:
    """A file name that stays inside the upload folder and is not hidden."""
    base = _UNSAFE.sub("-", Path(name).name).strip(".-") or "upload"
    return base[:120]


def _clash(dest: Path) -> Path | None:
    """Another upload with the same document id (same stem, other suffix)."""
    if not dest.parent.is_dir():
        return None
    for other in dest.parent.iterdir():
        if other.stem == dest.stem and other.name != dest.name and other.suffix.lower() in SUFFIXES:
            return other
    return None


def add_upload(path: Path, index: Index, root: Path) -> UploadResult:
    """Check, copy and index one uploaded file."""
    name = safe_name(path.name)
    if path.suffix.lower() not in SUFFIXES:
        return UploadResult(name, error="only .txt, .md, .html and .pdf files can be added")
    dest = root / UPLOAD_FOLDER / name
    clash = _clash(dest)
    if clash is not None:
        return UploadResult(
            name,
            error=f"{clash.name} already has the document id {document_id(dest, root)}; "
            "rename the file and upload it again",
        )
    try:
        load_file(path, path.parent)  # parse first: a bad file never reaches the corpus
    except DocumentError as exc:
        return UploadResult(name, error=exc.reason)
    dest.parent.mkdir(parents=True, exist_ok=True)
    if path.resolve() != dest.resolve():
        shutil.copyfile(path, dest)
    doc = load_file(dest, root)
    report = index.add([doc])
    status = "added" if report.added else "replaced" if report.updated else "unchanged"
    return UploadResult(name, doc.id, status=status, chunks=report.chunks_embedded)


def add_uploads(
    paths: Sequence[Path], index: Index, root: Path, progress: Callable[[float, str], None]
) -> list[UploadResult]:
    """Every file in turn; `progress(fraction, what)` before each one."""
    results = []
    for i, path in enumerate(paths):
        progress(i / max(len(paths), 1), f"Indexing {safe_name(path.name)}")
        results.append(add_upload(path, index, root))
    progress(1.0, "Done")
    return results


def render_upload_report(results: Sequence[UploadResult]) -> str:
    if not results:
        return '<p class="cc-note">Choose files first.</p>'
    items = []
    for r in results:
        if r.error:
            items.append(
                f'<li class="cc-up-error"><b>{esc(r.name)}</b> was not added: {esc(r.error)}</li>'
            )
        else:
            what = f"{r.chunks} passages" if r.chunks else "already indexed, same content"
            items.append(
                f'<li class="cc-up-ok"><b>{esc(r.name)}</b> {esc(r.status)} as '
                f"<code>{esc(r.doc_id)}</code> ({what}); you can ask about it now.</li>"
            )
    return f'<ul class="cc-upload-report">{"".join(items)}</ul>'
