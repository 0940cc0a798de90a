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
from dataclasses import dataclass
from pathlib import Path

from assistant.corpus.load import SUFFIXES, UPLOAD_FOLDER, document_id, load_file
from assistant.errors import DocumentError
from assistant.types import Document

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
    """A file name that stays inside the upload folder and is not hidden; a long name is cut
    before its suffix, never through it."""
    base = _UNSAFE.sub("-", Path(name).name).strip(".-") or "upload"
    stem, dot, suffix = base.rpartition(".")
    if not dot or not stem or len(suffix) > 10:
        return base[:120]
    if len(stem) > 100:
        stem = stem[:100].rstrip(".-") or "upload"
    return f"{stem}.{suffix}"


def name_problem(original: str, name: str) -> str | None:
    """Why an upload's name cannot be kept, or None: it must keep its suffix after cleaning,
    and must not be a name the corpus loader skips (README, hidden files)."""
    wanted = Path(original).suffix.lower()
    if Path(name).suffix.lower() not in SUFFIXES:
        if wanted in SUFFIXES:
            return f"the name {original!r} has nothing before its {wanted}; rename the file"
        return "only .txt, .md, .html and .pdf files can be added"
    if Path(name).stem.upper() == "README":
        return "README files describe a corpus and are not indexed; rename the file"
    return None


def _clash(dest: Path) -> Path | None:
    """Another upload with the same document id (same stem, other suffix)."""
    if not dest.parent.is_dir():
        return None
    for other in dest.parent.iterdir():
        if other.stem == dest.stem and other.name != dest.name and other.suffix.lower() in SUFFIXES:
            return other
    return None


def place_upload(path: Path, root: Path) -> Document:
    """Check one uploaded file, copy it into `<root>/uploads/` and load it from there.
    Raises `DocumentError` (with a reason a visitor can act on) when it cannot be added."""
    name = safe_name(path.name)
    problem = name_problem(path.name, name)
    if problem is not None:
        raise DocumentError(name, problem)
    dest = root / UPLOAD_FOLDER / name
    clash = _clash(dest)
    if clash is not None:
        raise DocumentError(
            name,
            f"{clash.name} already has the document id {document_id(dest, root)}; "
            "rename the file and upload it again",
        )
    load_file(path, path.parent)  # parse first: a bad file never reaches the corpus
    dest.parent.mkdir(parents=True, exist_ok=True)
    if path.resolve() != dest.resolve():
        shutil.copyfile(path, dest)
    return load_file(dest, root)
