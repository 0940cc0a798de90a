"""Load a corpus directory into `Document` values.

Markdown with YAML front matter carries source metadata; plain .txt/.md/.html/.pdf files load
too (stance "unknown", title from the first heading or line). A file that cannot be read is
reported as a `DocumentError` naming it, and the other files still load.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import time
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast

import yaml

from assistant.errors import DocumentError
from assistant.types import STANCES, Document, Source, Stance

SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm", ".pdf")
SOURCE_KEYS = ("title", "publisher", "date", "url", "kind", "stance", "affiliation")
MAX_BYTES = 20_000_000
# Source fields added after indexes were first built: left out of the content hash, so that an
# existing index keeps its chunk ids and is not re-embedded on upgrade.
_UNHASHED = ("stance_reason", "stance_declared", "uploaded")
UPLOAD_FOLDER = "uploads"  # documents added by uploads live here, under the corpus root
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# Front matter is metadata, not data: bounded so that no file can make loading slow or large.
MAX_PDF_PAGES = 500
MAX_PDF_CHARS = 2_000_000
MAX_PDF_SECONDS = 60.0
MAX_FRONT_MATTER = 16 * 1024  # characters between the '---' lines
MAX_DEPTH = 10  # nested lists/mappings
MAX_VALUE_CHARS = 4096  # one top-level value, serialized


class _Refused(Exception):
    """Front matter outside the bounds; the message says what to change."""


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader without aliases or anchors, and with nesting depth capped."""

    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise _Refused("front matter uses a YAML alias (*name); write the value out instead")
        if getattr(self.peek_event(), "anchor", None):
            raise _Refused("front matter uses a YAML anchor (&name); remove it")
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Refused(
                    f"front matter is nested more than {MAX_DEPTH} levels deep; flatten it"
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


@dataclass(frozen=True)
class LoadResult:
    documents: tuple[Document, ...]
    errors: tuple[DocumentError, ...] = ()
    skipped: tuple[str, ...] = ()  # "path: reason" for files not loaded


def load_corpus(root: Path) -> LoadResult:
    """Every supported file under `root` (README files and hidden paths excluded)."""
    if not root.is_dir():
        raise DocumentError(str(root), "corpus directory not found")
    docs: list[Document] = []
    errors: list[DocumentError] = []
    skipped: list[DocumentError] = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        try:
            if not path.is_file() or any(p.startswith(".") for p in rel.parts):
                continue
            if path.suffix.lower() not in SUFFIXES or path.stem.upper() == "README":
                continue
            docs.append(load_file(path, root))
        except DocumentError as exc:
            (skipped if exc.reason.startswith("skipped") else errors).append(exc)
        except Exception as exc:  # one bad file never stops the others
            errors.append(DocumentError(rel.as_posix(), _unexpected(exc, path, rel.as_posix())))
    return LoadResult(tuple(docs), tuple(errors), tuple(str(e) for e in skipped))


def _unexpected(exc: BaseException, path: Path, shown: str) -> str:
    """A reason for an unexpected failure that names no server path."""
    if isinstance(exc, RecursionError):
        return "nested too deeply to read; simplify the file"
    if isinstance(exc, OSError):
        return f"cannot be read ({exc.strerror or type(exc).__name__})"
    text = (str(exc).splitlines() or [""])[0].replace(str(path), shown)[:200]
    return f"cannot be read ({type(exc).__name__}: {text})" if text else "cannot be read"


def document_id(path: Path, root: Path) -> str:
    return path.relative_to(root).with_suffix("").as_posix()


def load_file(path: Path, root: Path) -> Document:
    """One file as a `Document`; any failure is a `DocumentError` naming it."""
    try:
        return _load_file(path, root)
    except DocumentError:
        raise
    except Exception as exc:  # ValueError, RecursionError, OSError...: this file's error only
        shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
        raise DocumentError(shown, _unexpected(exc, path, shown)) from None


def _load_file(path: Path, root: Path) -> Document:
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise DocumentError(str(path), f"skipped: larger than {MAX_BYTES:,} bytes")
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return _make(path, root, _pdf_text(path), {})
    if b"\x00" in raw[:8192]:
        raise DocumentError(str(path), "skipped: binary file, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentError(str(path), "skipped: not UTF-8 text") from None
    meta, body = split_front_matter(text, str(path))
    if suffix in (".html", ".htm"):
        body, title = _html_text(body)
        meta.setdefault("title", title)
    return _make(path, root, body, meta)


def split_front_matter(text: str, where: str) -> tuple[dict[str, Any], str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---", 4)
    if end < 0:
        raise DocumentError(where, "front matter opened with '---' is never closed")
    meta = _front_matter(text[4:end], where)
    body = text[end + 4 :].lstrip("-").lstrip("\n")
    return {str(k): v for k, v in meta.items()}, body


def _front_matter(block: str, where: str) -> dict[Any, Any]:
    """The front matter mapping, within the bounds; anything else is this file's error."""
    if len(block) > MAX_FRONT_MATTER:
        raise DocumentError(
            where, f"front matter is longer than {MAX_FRONT_MATTER:,} characters; shorten it"
        )
    try:
        meta = yaml.load(block, Loader=_BoundedLoader) or {}  # a SafeLoader
    except _Refused as exc:
        raise DocumentError(where, str(exc)) from None
    except yaml.YAMLError as exc:
        raise DocumentError(where, f"malformed YAML front matter: {exc}".splitlines()[0]) from None
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:  # bad !!int, dates
        reason = (str(exc).splitlines() or [""])[0][:200]
        raise DocumentError(
            where, f"front matter has a value YAML cannot read ({reason})"
        ) from None
    if not isinstance(meta, dict):
        raise DocumentError(where, "front matter must be a YAML mapping of key: value")
    for key, value in meta.items():
        if len(json.dumps(value, default=str)) > MAX_VALUE_CHARS:
            raise DocumentError(
                where,
                f"front matter value {str(key)[:40]!r} is longer than "
                f"{MAX_VALUE_CHARS:,} characters; shorten it",
            )
    return meta


def _make(path: Path, root: Path, body: str, meta: dict[str, Any]) -> Document:
    body = unicodedata.normalize("NFC", body.replace("\r\n", "\n")).strip("\n") + "\n"
    if not body.strip():
        raise DocumentError(str(path), "skipped: no text")
    source = _source(meta, body, str(path))
    extra = tuple(sorted((k, _scalar(v)) for k, v in meta.items() if k not in SOURCE_KEYS))
    hashed = {k: v for k, v in source.__dict__.items() if k not in _UNHASHED}
    digest = hashlib.sha256(
        (body + json.dumps([hashed, extra], sort_keys=True, default=str)).encode()
    ).hexdigest()
    doc_id = document_id(path, root)
    if is_upload(doc_id):
        source = replace(source, uploaded=True)
    return Document(doc_id, body, source, str(path), digest, extra)


def is_upload(doc_id: str) -> bool:
    """Is the document one a visitor uploaded (kept under the corpus's `uploads/`)?"""
    return doc_id.startswith(UPLOAD_FOLDER + "/")


def _source(meta: dict[str, Any], body: str, where: str) -> Source:
    """The declared source; an undeclared stance stays "unknown" here (the ledger infers it
    from the text when the corpus is indexed)."""
    stance = cast(Stance, str(meta.get("stance", "unknown")).strip().lower())
    if stance not in STANCES:
        raise DocumentError(where, f"stance must be one of {', '.join(STANCES)}, not {stance!r}")
    return Source(
        title=str(meta.get("title") or _first_line(body)),
        publisher=str(meta.get("publisher", "") or ""),
        date=_date(meta.get("date"), where),
        url=str(meta.get("url", "") or ""),
        kind=str(meta.get("kind", "") or ""),
        stance=stance,
        affiliation=str(meta.get("affiliation", "") or ""),
        stance_declared="stance" in meta,
    )


def _date(value: Any, where: str) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not _ISO_DATE.match(text):
        raise DocumentError(where, f"date must be ISO (YYYY-MM-DD), not {text!r}")
    return text


def _first_line(body: str) -> str:
    for line in body.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return shorten(line, 90)
    return "Untitled"


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _scalar(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value if isinstance(value, str) else json.dumps(value, default=str)


def _html_text(html: str) -> tuple[str, str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "iframe", "object"]):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    if soup.title:
        soup.title.decompose()
    blocks = [" ".join(b.get_text().split()) for b in soup.find_all(["h1", "h2", "h3", "p", "li"])]
    text = "\n\n".join(b for b in blocks if b) or soup.get_text("\n", strip=True)
    return text, title


def _pdf_text(path: Path) -> str:
    """The text of a PDF, page by page, within bounds: at most MAX_PDF_PAGES pages,
    MAX_PDF_CHARS characters and MAX_PDF_SECONDS of extraction (checked after each page)."""
    from langchain_community.document_loaders import PyPDFLoader

    started, parts, chars = time.monotonic(), [], 0
    try:
        for n, page in enumerate(PyPDFLoader(str(path)).lazy_load(), start=1):
            text = page.page_content.strip()
            chars += len(text)
            _pdf_bound(path, n, chars, time.monotonic() - started)
            if text:
                parts.append(text)
    except DocumentError:
        raise
    except Exception as exc:  # pypdf raises many types for broken files
        raise DocumentError(str(path), f"skipped: unreadable PDF ({exc})") from None
    return "\n\n".join(parts)


def _pdf_bound(path: Path, pages: int, chars: int, seconds: float) -> None:
    if pages > MAX_PDF_PAGES:
        raise DocumentError(str(path), f"skipped: more than {MAX_PDF_PAGES} pages; split it")
    if chars > MAX_PDF_CHARS:
        raise DocumentError(str(path), f"skipped: more than {MAX_PDF_CHARS:,} characters")
    if seconds > MAX_PDF_SECONDS:
        raise DocumentError(
            str(path),
            f"skipped: reading it took over {MAX_PDF_SECONDS:.0f} s at page {pages}; "
            "convert it to text and add that instead",
        )


def starter_questions(root: Path, limit: int = 8) -> list[str]:
    """Questions to offer a new visitor: the `questions:` list of the corpus README's front
    matter (README.md at the corpus root). None there means no starters."""
    readme = root / "README.md"
    try:
        meta, _ = split_front_matter(readme.read_text(encoding="utf-8"), readme.name)
    except (OSError, UnicodeDecodeError, DocumentError):
        return []
    questions = meta.get("questions")
    if not isinstance(questions, list):
        return []
    return [shorten(" ".join(str(q).split()), 200) for q in questions if str(q).strip()][:limit]
