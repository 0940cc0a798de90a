"""Quoting a sentence the retrieval did not hand over: a counter-claim, a claimant's own
figure. The quote joins the answer as one more numbered passage and citation, verified against
the stored text by its offsets like every other quote."""

from __future__ import annotations

from assistant.grounding.quotes import verify
from assistant.ledger.library import Library
from assistant.types import Chunk, Citation, Passage


def quote_into(
    doc_id: str,
    start: int,
    end: int,
    citations: list[Citation],
    passages: list[Passage],
    library: Library,
) -> int:
    """The [n] quoting document[start:end]: an existing citation that holds its start, else a
    new verified citation of the span, appended with its passage (0 when the stored text no
    longer holds it)."""
    for c in citations:
        if c.doc_id == doc_id and c.start <= start < c.end:
            return c.n
    source = library.index.sources_of([doc_id]).get(doc_id)
    doc_text = library.index.text(doc_id)
    if source is None or doc_text is None:
        return 0
    n = max([c.n for c in citations] + [p.n for p in passages], default=0) + 1
    quote = doc_text[start:end]
    citation = Citation(n, doc_id, start, end, quote, source)
    if not verify(citation, doc_text):
        return 0
    chunk = Chunk(f"quoted:{doc_id}@{start}", doc_id, start, end, quote)
    passages.append(Passage(n, chunk, 0.0, source))
    citations.append(citation)
    return n
