"""The naive RAG baseline the eval compares Crosscheck with, built as LangChain's RAG tutorial
builds it: the top-k chunks by dense similarity, stuffed into one prompt
(`prompts/baseline.txt`: "answer the question using the context, cite sources with [n]"), the
same chat model, and the model's text returned as it is.

No hybrid retrieval, no verification, no flags, no abstention threshold. Each [n] the model
writes becomes a citation of the whole chunk n (an [n] beyond the context stays in the text,
uncited), so the baseline's answers are scored exactly like Crosscheck's.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from assistant.answer.pipeline import check_question
from assistant.config import Settings
from assistant.evaluation.metrics import references
from assistant.models.chat import ChatModel
from assistant.models.prompts import render
from assistant.store.index import Index
from assistant.types import Answer, Citation, Message, Passage, Turn


def ask_baseline(
    question: str,
    index: Index,
    settings: Settings,
    model: ChatModel,
    *,
    k: int | None = None,
    history: Sequence[Turn] = (),
) -> Answer:
    started = time.perf_counter()
    q = check_question(question, settings.max_question_chars)
    vector = index.embedder.embed_batch([q])[0]
    sources = index.sources()
    hits = [(c, s) for c, s in index.dense(vector, k or settings.top_k) if c.doc_id in sources]
    passages = tuple(
        Passage(n, chunk, round(score, 6), sources[chunk.doc_id])
        for n, (chunk, score) in enumerate(hits, start=1)
    )
    retrieved = time.perf_counter()
    messages = [
        m for t in history for m in (Message("user", t.user), Message("assistant", t.assistant))
    ]
    messages.append(Message("user", render("baseline", context=context(passages), question=q)))
    text = model.generate(messages).strip()
    done = time.perf_counter()
    return Answer(
        question=q,
        text=text,
        citations=chunk_citations(text, passages),
        flags=(),
        passages=passages,
        timings={
            "retrieve_s": retrieved - started,
            "answer_s": done - retrieved,
            "total_s": done - started,
        },
    )


def context(passages: Sequence[Passage]) -> str:
    """The numbered context block: '[n] Title (publisher, date)' then the chunk text."""
    blocks = []
    for p in passages:
        who = ", ".join(x for x in (p.source.publisher, p.source.date) if x)
        blocks.append(
            f"[{p.n}] {p.source.title}" + (f" ({who})" if who else "") + f"\n{p.chunk.text}"
        )
    return "\n\n".join(blocks)


def chunk_citations(text: str, passages: Sequence[Passage]) -> tuple[Citation, ...]:
    """One citation per distinct [n] (or [n, m]) of the text that names a passage: the chunk."""
    by_number = {p.n: p for p in passages}
    out = []
    for n in references(text):
        p = by_number.get(n)
        if p is not None:
            c = p.chunk
            out.append(Citation(n, c.doc_id, c.start, c.end, c.text, p.source))
    return tuple(out)
