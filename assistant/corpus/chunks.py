"""Sentence-aware chunks with exact offsets: `doc.text[chunk.start:chunk.end] == chunk.text`."""

from __future__ import annotations

import hashlib

from assistant.corpus.sentences import Span, split_sentences
from assistant.types import Chunk, Document

MAX_CHARS = 700


def chunk_document(doc: Document, max_chars: int = MAX_CHARS) -> list[Chunk]:
    """Pack whole sentences into chunks of at most `max_chars` (a longer sentence stands alone).

    A heading opens a new chunk so that a chunk stays within one section.
    """
    chunks: list[Chunk] = []
    group: list[Span] = []
    for sent in split_sentences(doc.text):
        is_heading = sent.text.startswith("#")
        too_long = group and sent.end - group[0].start > max_chars
        if group and (too_long or is_heading):
            chunks.append(_chunk(doc, group))
            group = []
        group.append(sent)
    if group:
        chunks.append(_chunk(doc, group))
    return chunks


def _chunk(doc: Document, group: list[Span]) -> Chunk:
    start, end = group[0].start, group[-1].end
    key = f"{doc.id}:{doc.content_hash}:{start}:{end}".encode()
    return Chunk(
        id=hashlib.sha1(key).hexdigest()[:20],
        doc_id=doc.id,
        start=start,
        end=end,
        text=doc.text[start:end],
    )
