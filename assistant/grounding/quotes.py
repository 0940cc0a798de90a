"""Citations: quotes are checked character for character against the stored source.

The model (or the extractive answerer) refers to passages by local number [n]; the program
owns the stable ids (document id + offsets) and drops any citation it cannot verify.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from assistant.types import Citation, Passage


def verify(citation: Citation, document_text: str | None) -> bool:
    """True when the stored document holds the quote exactly at the cited offsets."""
    if document_text is None or not citation.quote:
        return False
    if not 0 <= citation.start < citation.end <= len(document_text):
        return False
    return document_text[citation.start : citation.end] == citation.quote


def verified(
    citations: Iterable[Citation], text_of: Callable[[str], str | None]
) -> tuple[list[Citation], list[Citation]]:
    """Split citations into (verified, dropped)."""
    kept: list[Citation] = []
    dropped: list[Citation] = []
    for c in citations:
        (kept if verify(c, text_of(c.doc_id)) else dropped).append(c)
    return kept, dropped


def cite_span(passage: Passage, start: int, end: int, document_text: str) -> Citation:
    """A citation of `document_text[start:end]`, which must lie inside the passage."""
    if not passage.chunk.start <= start < end <= passage.chunk.end:
        raise ValueError(f"span {start}:{end} is outside passage [{passage.n}]")
    return Citation(
        n=passage.n,
        doc_id=passage.chunk.doc_id,
        start=start,
        end=end,
        quote=document_text[start:end],
        source=passage.source,
    )
