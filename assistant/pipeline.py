"""The whole answer, as one readable function: question -> passages -> quotes -> Answer."""

from __future__ import annotations

import time

from assistant.cite import verified
from assistant.config import Settings
from assistant.errors import QuestionError
from assistant.extractive import answer_extractively
from assistant.index import Index
from assistant.retrieve import retrieve
from assistant.sources import partisan_flags
from assistant.types import Answer, Flag


def check_question(question: str, max_chars: int) -> str:
    text = (question or "").strip()
    if not text:
        raise QuestionError("The question is empty. Type a question about the documents.")
    if len(text) > max_chars:
        raise QuestionError(
            f"The question is {len(text):,} characters long; the limit is {max_chars:,}. "
            "Ask the question itself, without pasting documents into it."
        )
    return text


def ask(question: str, index: Index, settings: Settings, *, k: int | None = None) -> Answer:
    started = time.perf_counter()
    q = check_question(question, settings.max_question_chars)
    query_vector = index.embedder.embed_batch([q])[0]
    passages = retrieve(index, q, query_vector, k or settings.top_k)
    retrieved = time.perf_counter()

    texts = {p.chunk.doc_id: index.text(p.chunk.doc_id) or "" for p in passages}
    extract = answer_extractively(
        q, query_vector, passages, index.embedder, texts, settings.min_support
    )
    citations, dropped = verified(extract.citations, index.text)
    flags: list[Flag] = []
    text = extract.text
    if dropped:
        text = "\n".join(
            line for line in text.splitlines() if not any(c.quote in line for c in dropped)
        )
        flags.append(
            Flag(
                "citation_dropped",
                f"{len(dropped)} quote(s) did not match the stored source and were removed.",
                {"dropped": [c.doc_id for c in dropped]},
            )
        )
    flags.extend(partisan_flags(citations))
    done = time.perf_counter()
    return Answer(
        question=q,
        text=text,
        citations=tuple(citations),
        flags=tuple(flags),
        passages=tuple(passages),
        timings={
            "retrieve_s": retrieved - started,
            "answer_s": done - retrieved,
            "total_s": done - started,
            "best_support": extract.best_support,
        },
        answered=extract.answered and bool(citations),
    )
