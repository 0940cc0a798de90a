"""The whole answer: question -> passages -> draft (quotes or generated text) -> Answer.

Every mode produces a `Draft` and ends in `finish`, which re-verifies each quote against the
stored text, presents competing figures with their sources and raises the reader's flags.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from assistant.cite import verified
from assistant.config import Settings
from assistant.disputes import claimant_key, contested_flag, touched
from assistant.errors import QuestionError
from assistant.extractive import NOT_ANSWERED, answer_extractively
from assistant.followup import rewrite_deterministic
from assistant.index import Index
from assistant.language import loaded_language_flag
from assistant.lexical import names
from assistant.retrieve import retrieve
from assistant.sources import attribution, one_sided, partisan_flags
from assistant.types import (
    MODES,
    Answer,
    Chunk,
    Citation,
    Dispute,
    Flag,
    Mode,
    Passage,
    Token,
    Turn,
)


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


def ask(
    question: str,
    index: Index,
    settings: Settings,
    *,
    k: int | None = None,
    mode: Mode | None = None,
    history: Sequence[Turn] = (),
) -> Answer:
    """The verified answer to `question` (the last event of `ask_stream`)."""
    answer = None
    for event in ask_stream(question, index, settings, k=k, mode=mode, history=history):
        if isinstance(event, Answer):
            answer = event
    assert answer is not None, "ask_stream always ends with an Answer"
    return answer


def ask_stream(
    question: str,
    index: Index,
    settings: Settings,
    *,
    k: int | None = None,
    mode: Mode | None = None,
    history: Sequence[Turn] = (),
) -> Iterator[Token | Answer]:
    """Answer text as it is produced, then the verified Answer (always the last event)."""
    chosen = mode or settings.mode
    if chosen == "extractive":
        q = check_question(question, settings.max_question_chars)
        standalone = rewrite_deterministic(q, history, settings.llm.history_turns)
        answer = ask_extractive(standalone[: settings.max_question_chars], index, settings, k=k)
        yield Token(answer.text)
        yield answer
        return
    if chosen == "llm":
        from assistant.generate import ask_generative

        yield from ask_generative(question, index, settings, k=k, history=history)
        return
    raise QuestionError(f"Unknown answer mode {chosen!r}; use one of: {', '.join(MODES)}.")


def ask_extractive(
    question: str, index: Index, settings: Settings, *, k: int | None = None
) -> Answer:
    """The default answerer: quoted sentences, no language model."""
    started = time.perf_counter()
    q = check_question(question, settings.max_question_chars)
    unknown = index.unmentioned(names(q))
    if unknown:  # the question is about someone or something the corpus never mentions
        said = ", ".join(f"“{w}”" for w in dict.fromkeys(unknown))
        text = f"{NOT_ANSWERED} No document mentions {said}."
        answer = finish(Draft(q, text, (), (), False), index)
        return replace(answer, timings={"total_s": time.perf_counter() - started})
    query_vector = index.embedder.embed_batch([q])[0]
    passages = retrieve(index, q, query_vector, k or settings.top_k)
    retrieved = time.perf_counter()
    texts = {p.chunk.doc_id: index.text(p.chunk.doc_id) or "" for p in passages}
    extract = answer_extractively(
        q, query_vector, passages, index.embedder, texts, settings.min_support
    )
    draft = Draft(q, extract.text, tuple(extract.citations), tuple(passages), extract.answered)
    answer = finish(draft, index)
    done = time.perf_counter()
    timings = {
        "retrieve_s": retrieved - started,
        "answer_s": done - retrieved,
        "total_s": done - started,
        "best_support": extract.best_support,
    }
    return replace(answer, timings=timings)


@dataclass(frozen=True)
class Draft:
    """An answer before checking: text with [n] markers and the citations it claims."""

    question: str
    text: str
    citations: tuple[Citation, ...]
    passages: tuple[Passage, ...]
    answered: bool
    flags: tuple[Flag, ...] = ()


def finish(draft: Draft, index: Index) -> Answer:
    """Every answer mode ends here: competing figures added, quotes re-verified, flags raised."""
    text, citations, passages = draft.text, list(draft.citations), list(draft.passages)
    contested = touched(index.disputes(), citations)
    if contested:
        text, citations, passages = present_disputes(contested, text, citations, passages, index)
    citations, dropped = verified(citations, index.text)
    flags = list(draft.flags)
    if dropped:
        flags.append(_dropped_flag(dropped))
    text = _without_markers(text, {c.n for c in dropped})
    flags += partisan_flags(citations)
    side = one_sided(citations, passages)
    if side:
        text += "\n" + side.message
    for extra in (side, loaded_language_flag(citations)):
        flags += [extra] if extra else []
    flags += [contested_flag(d) for d in touched(contested, citations)]
    return Answer(
        question=draft.question,
        text=text,
        citations=tuple(citations),
        flags=tuple(flags),
        passages=tuple(passages),
        answered=draft.answered and bool(citations),
    )


def _without_markers(text: str, numbers: set[int]) -> str:
    """The answer without the lines that cite a dropped citation."""
    if not numbers:
        return text
    keep = [line for line in text.splitlines() if not any(f"[{n}]" in line for n in numbers)]
    return "\n".join(keep)


def _dropped_flag(dropped: list[Citation]) -> Flag:
    return Flag(
        "citation_dropped",
        f"{len(dropped)} quote(s) did not match the stored source and were removed.",
        {"dropped": [f"{c.doc_id}@{c.start}-{c.end}" for c in dropped]},
    )


def present_disputes(
    disputes: list[Dispute],
    text: str,
    citations: list[Citation],
    passages: list[Passage],
    index: Index,
) -> tuple[str, list[Citation], list[Passage]]:
    """Add one line per contested figure giving every claimant's value, each cited."""
    passages, citations = list(passages), list(citations)
    sources = index.sources()
    lines = [text]
    for d in disputes:
        parts = []
        for claim in d.claims:
            s = claim.statement
            doc_text = index.text(s.doc_id)
            if doc_text is None or s.doc_id not in sources:
                continue
            cited = [
                c.n for c in citations if c.doc_id == s.doc_id and c.start <= s.span_start < c.end
            ]
            n = cited[0] if cited else len(passages) + 1
            if not cited:
                quote = doc_text[s.start : s.end]
                chunk = Chunk(f"figure:{s.doc_id}@{s.start}", s.doc_id, s.start, s.end, quote)
                passages.append(Passage(n, chunk, 0.0, sources[s.doc_id]))
                citations.append(Citation(n, s.doc_id, s.start, s.end, quote, sources[s.doc_id]))
            source = sources[s.doc_id]
            if claimant_key(claim.claimant) in claimant_key(source.publisher or source.title):
                parts.append(f"{attribution(source)} gives {s.raw} [{n}]")
            else:
                parts.append(
                    f"{claim.claimant} gives {s.raw} (as reported by {attribution(source)}) [{n}]"
                )
        if parts:
            lines.append(
                f"Sources disagree on this figure ({d.counted}): " + "; ".join(parts) + "."
            )
    return "\n".join(lines), citations, passages
