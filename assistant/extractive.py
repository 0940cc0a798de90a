"""The default answerer: no language model, grounded by construction.

It picks the sentences of the retrieved passages that best answer the question and quotes
them verbatim, each attributed to its source. When no sentence is close enough to the question
(threshold calibrated in eval/calibrate_abstention.py) it says the corpus does not answer.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.cite import cite_span
from assistant.embed import Embedder
from assistant.lexical import tokenize
from assistant.sentences import Span, split_sentences
from assistant.sources import attribution
from assistant.types import Citation, Passage

NOT_ANSWERED = "The documents in this corpus do not answer this question."
MAX_SENTENCES = 4
PER_DOCUMENT = 2
MARGIN = 0.1  # keep sentences scoring within this of the best one
OVERLAP_WEIGHT = 0.3  # bonus for the share of question terms a sentence contains
MIN_CHARS = 25
_MARKUP = re.compile(r"^(?:[-*+>]\s+|\d+[.)]\s+|\|\s*)+")


@dataclass(frozen=True)
class Scored:
    passage: Passage
    span: Span
    similarity: float  # cosine of sentence and question
    score: float  # similarity plus a bonus for the share of question terms the sentence holds


@dataclass(frozen=True)
class Extract:
    text: str
    citations: tuple[Citation, ...]
    answered: bool
    best_support: float  # the top sentence's score, compared with the abstention threshold


def candidate_sentences(passages: Sequence[Passage]) -> list[tuple[Passage, Span]]:
    """Quotable sentences: no headings, list markers trimmed, not too short."""
    out = []
    for p in passages:
        for s in split_sentences(p.chunk.text, offset=p.chunk.start):
            if s.text.startswith("#"):
                continue
            lead = _MARKUP.match(s.text)
            if lead:
                s = Span(s.start + lead.end(), s.end, s.text[lead.end() :])
            if len(s.text) >= MIN_CHARS:
                out.append((p, s))
    return out


def score_sentences(
    question: str, query_vector: Sequence[float], passages: Sequence[Passage], embedder: Embedder
) -> list[Scored]:
    cands = candidate_sentences(passages)
    vectors = embedder.embed_batch([s.text for _, s in cands])
    q_terms = set(tokenize(question))
    scored = []
    for (p, s), v in zip(cands, vectors, strict=True):
        sim = sum(a * b for a, b in zip(query_vector, v, strict=True))
        overlap = len(q_terms & set(tokenize(s.text))) / len(q_terms) if q_terms else 0.0
        scored.append(Scored(p, s, sim, sim + OVERLAP_WEIGHT * overlap))
    return sorted(scored, key=lambda x: -x.score)


def select(scored: Sequence[Scored], min_support: float) -> list[Scored]:
    """The best sentences: close to the top score, few per document, no near-duplicates."""
    if not scored or scored[0].score < min_support:
        return []
    best = scored[0].score
    per_doc: Counter[str] = Counter()
    chosen: list[Scored] = []
    for s in scored:
        if s.score < best - MARGIN or len(chosen) == MAX_SENTENCES:
            break
        if s.score < min_support or per_doc[s.passage.chunk.doc_id] >= PER_DOCUMENT:
            continue
        if any(_similar_words(s.span.text, c.span.text) for c in chosen):
            continue
        per_doc[s.passage.chunk.doc_id] += 1
        chosen.append(s)
    return chosen


def compose(chosen: Sequence[Scored], text_of: dict[str, str]) -> tuple[str, tuple[Citation, ...]]:
    """One line per quote: 'According to X (date): "..." [n]'."""
    lines: list[str] = []
    citations: list[Citation] = []
    for s in chosen:
        doc_text = text_of[s.passage.chunk.doc_id]
        citation = cite_span(s.passage, s.span.start, s.span.end, doc_text)
        citations.append(citation)
        lines.append(
            f'According to {attribution(s.passage.source)}: "{citation.quote}" [{s.passage.n}]'
        )
    return "\n".join(lines), tuple(citations)


def answer_extractively(
    question: str,
    query_vector: Sequence[float],
    passages: Sequence[Passage],
    embedder: Embedder,
    text_of: dict[str, str],
    min_support: float,
) -> Extract:
    scored = score_sentences(question, query_vector, passages, embedder)
    best = scored[0].score if scored else 0.0
    chosen = select(scored, min_support)
    if not chosen:
        return Extract(NOT_ANSWERED, (), False, best)
    text, citations = compose(chosen, text_of)
    return Extract(text, citations, True, best)


def _similar_words(a: str, b: str) -> bool:
    wa, wb = set(tokenize(a)), set(tokenize(b))
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) > 0.8
