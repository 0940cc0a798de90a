"""The default answerer: no language model, grounded by construction.

It picks the sentences of the retrieved passages that best answer the question and quotes
them verbatim, each attributed to its source. When no sentence is close enough to the question
(threshold calibrated in eval/calibrate_abstention.py) it says the corpus does not answer.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from assistant.corpus.instructions import addresses_a_model
from assistant.corpus.sentences import Span, candidate_sentences
from assistant.grounding.quotes import cite_span
from assistant.ledger.figures import find_figures
from assistant.ledger.stance import attribution
from assistant.store.embedders import Embedder
from assistant.store.lexical import STOPWORDS, tokenize
from assistant.types import Citation, Passage

NOT_ANSWERED = "The documents in this corpus do not answer this question."
MAX_SENTENCES = 4
PER_DOCUMENT = 2
MARGIN = 0.1  # keep sentences scoring within this of the best one
OVERLAP_WEIGHT = 0.3  # bonus for the share of question terms a sentence contains
ANSWER_WEIGHT = 0.15  # bonus for holding what the question asks for (a date, a number, a name)
SELF_REFERENCE_PENALTY = 0.3  # "This document is a digest of..." describes the text, not events

# What kind of answer a question asks for, from its question words (English, any topic).
_WANTS = (
    ("date", re.compile(r"(?:^|\band\s+)when\b|\bwhat (?:year|date|day|month)\b", re.I)),
    (
        "number",
        re.compile(
            r"\bhow (?:many|much|far|long|old|large|big|high|often|heavy)\b"
            r"|\bwhat (?:share|percentage|proportion|number|amount|sum|price|toll)\b",
            re.I,
        ),
    ),
    ("name", re.compile(r"(?:^|\band\s+|,\s*)(?:who|whom|whose|which|where)\b", re.I)),
)
_MONTHS = "january february march april may june july august september october november december"
_DATE = re.compile(
    rf"\b(?:{'|'.join(_MONTHS.split())})\b|\b(?:1[5-9]|20)\d\d\b|\b\d{{4}}-\d\d-\d\d\b", re.I
)
# A sentence that draws a conclusion from the one before it ("...therefore became final").
_CONCLUDES = re.compile(
    r"^(?:[\w'’,-]+\s+){0,6}?(?:therefore|thus|hence|consequently)\b"
    r"|^(?:as a result|for (?:this|that) reason|because of (?:this|that)|that is why)\b",
    re.I,
)
RESTATES = 3  # a sentence adding at most this many new words restates the question
FOCUS_WEIGHT = 0.3  # a follow-up's own words count more than the topic carried from the chat
_CONTEXT = re.compile(r"\s\([^()]*\)$")
_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]+")
_SELF_REFERENCE = re.compile(
    r"^(?:this|the present) (?:(?:is|was) (?:an? )?(?:[\w'’-]+ ){0,3})?"
    r"(?:document|digest|article|page|summary|note|compilation|entry)\b",
    re.I,
)


@dataclass(frozen=True)
class Scored:
    passage: Passage
    span: Span
    similarity: float  # cosine of sentence and question
    score: float  # similarity plus a bonus for the share of question terms the sentence holds
    rank: float = 0.0  # score, adjusted for answering the question's kind and self-reference


@dataclass(frozen=True)
class Extract:
    text: str
    citations: tuple[Citation, ...]
    answered: bool
    best_support: float  # the top sentence's score, compared with the abstention threshold


def rank(
    question: str,
    query_vector: Sequence[float],
    cands: Sequence[tuple[Passage, Span]],
    vectors: Sequence[Sequence[float]],
) -> list[Scored]:
    """Candidates, best first. `score` (closeness to the question) decides whether the corpus
    answers at all; `rank` orders them, favouring sentences that add what the question asks for
    over sentences that restate it."""
    q_terms = set(tokenize(question))
    context = _CONTEXT.search(question)  # "(topic terms)" a follow-up carries from the chat
    own = set(tokenize(question[: context.start()])) if context else set()
    kinds = wanted(question)
    scored = []
    for (p, s), v in zip(cands, vectors, strict=True):
        sim = sum(a * b for a, b in zip(query_vector, v, strict=True))
        terms = set(tokenize(s.text))
        overlap = len(q_terms & terms) / len(q_terms) if q_terms else 0.0
        score = sim + OVERLAP_WEIGHT * overlap
        answers = sum(adds(s.text, q_terms, kind) for kind in kinds) / len(kinds) if kinds else 0.0
        focus = len(own & terms) / len(own) if own else 0.0
        penalty = SELF_REFERENCE_PENALTY if describes_itself(s.text) else 0.0
        rank = score + ANSWER_WEIGHT * answers + FOCUS_WEIGHT * focus - penalty
        scored.append(Scored(p, s, sim, score, rank))
    return sorted(scored, key=lambda x: -x.rank)


def describes_itself(sentence: str) -> bool:
    """Is the sentence about the document rather than the events ("This is a digest of...")?"""
    return _SELF_REFERENCE.match(sentence) is not None


def wanted(question: str) -> tuple[str, ...]:
    """The kinds of answer the question asks for: "date", "number", "name" (maybe none)."""
    return tuple(kind for kind, pattern in _WANTS if pattern.search(question.strip()))


def adds(sentence: str, q_terms: set[str], kind: str) -> bool:
    """Does the sentence hold an answer of this kind that the question does not already name?"""
    if kind == "date":
        found = [m.group() for m in _DATE.finditer(sentence)]
    elif kind == "number":
        found = [sentence[a:b] for a, b, _ in find_figures(sentence)]
    else:
        found = [m.group() for m in _CAPITALISED.finditer(sentence)]
    for text in found:
        terms = [t for t in tokenize(text) if t not in STOPWORDS]
        if terms and not set(terms) <= q_terms:
            return True
    return False


def select(scored: Sequence[Scored], min_support: float) -> list[Scored]:
    """The best sentences: close to the top rank, few per document, no near-duplicates.

    Only sentences close enough to the question (`min_support`) count; nothing when none is."""
    eligible = [s for s in scored if s.score >= min_support]
    if not eligible:
        return []
    best = eligible[0].rank
    per_doc: Counter[str] = Counter()
    chosen: list[Scored] = []
    for s in eligible:
        if s.rank < best - MARGIN or len(chosen) == MAX_SENTENCES:
            break
        if per_doc[s.passage.chunk.doc_id] >= PER_DOCUMENT:
            continue
        if any(_similar_words(s.span.text, c.span.text) for c in chosen):
            continue
        per_doc[s.passage.chunk.doc_id] += 1
        chosen.append(s)
    return chosen


def widen(
    chosen: Sequence[Scored],
    cands: Sequence[tuple[Passage, Span]],
    question: str,
    text_of: dict[str, str],
) -> list[Scored]:
    """Add the neighbouring sentence of the same paragraph to one that cannot stand alone: the
    sentence before a conclusion ("...therefore became final"), the sentence after one that
    only restates the question or ends in a colon. A neighbour in the same passage joins the
    quote; one in another retrieved passage is quoted after it."""
    q_stems = {t[:5] for t in tokenize(question)}
    out: list[Scored] = []
    for s in chosen:
        text = text_of[s.passage.chunk.doc_id]
        before, after = _neighbours(s, cands, text)
        new = {t[:5] for t in tokenize(s.span.text) if not t[0].isdigit()} - q_stems
        parts = [
            *([before] if before and _CONCLUDES.match(s.span.text) else []),
            (s.passage, s.span),
            *([after] if after and (len(new) <= RESTATES or s.span.text.endswith(":")) else []),
        ]
        for passage, span in parts:
            last = out[-1] if out else None
            if last and last.passage is passage and _adjacent(text, last.span.end, span.start):
                joined = Span(last.span.start, span.end, text[last.span.start : span.end])
                out[-1] = replace(last, span=joined)
            elif not any(o.passage is passage and o.span == span for o in out):
                out.append(replace(s, passage=passage, span=span))
    return out


def _neighbours(
    s: Scored, cands: Sequence[tuple[Passage, Span]], text: str
) -> tuple[tuple[Passage, Span] | None, tuple[Passage, Span] | None]:
    """The candidate sentences just before and just after `s` in its paragraph (found in any
    retrieved passage of the same document)."""
    before = after = None
    for p, span in cands:
        if p.chunk.doc_id != s.passage.chunk.doc_id:
            continue
        if _adjacent(text, span.end, s.span.start):
            before = (p, span)
        elif _adjacent(text, s.span.end, span.start):
            after = after or (p, span)
    return before, after


def _adjacent(text: str, end: int, start: int) -> bool:
    """Only a little whitespace, and no paragraph break, between offsets `end` and `start`."""
    gap = text[end:start]
    return end <= start and len(gap) <= 3 and not gap.strip() and gap.count("\n") < 2


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
    cands = candidate_sentences(passages)
    vectors = embedder.embed_batch([s.text for _, s in cands])
    scored = rank(question, query_vector, cands, vectors)
    best = max((s.score for s in scored), default=0.0)
    # text addressed to an assistant is never the basis of an answer other sentences give
    plain = [s for s in scored if not addresses_a_model(s.span.text)]
    chosen = widen(select(plain, min_support), cands, question, text_of)
    if not chosen and len(plain) < len(scored):
        chosen = widen(select(scored, min_support), cands, question, text_of)
    if not chosen:
        return Extract(NOT_ANSWERED, (), False, best)
    text, citations = compose(chosen, text_of)
    return Extract(text, citations, True, best)


def _similar_words(a: str, b: str) -> bool:
    wa, wb = set(tokenize(a)), set(tokenize(b))
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) > 0.8
