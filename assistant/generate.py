"""LLM mode: the model writes the answer, the program decides what of it may be shown.

question -> standalone question (rewritten with the chat history) -> passages -> prompt ->
streamed tokens -> `verify.verify_answer` (every sentence cited and supported, every quote
verbatim, citations built by the program) -> `pipeline.finish` (competing figures, flags).

The extractive answer is computed first (it costs milliseconds) and serves three purposes:
* the gate: when its calibrated abstention says the corpus does not answer, the model is not
  asked at all (a small model, asked anyway, writes fluent irrelevance that its cited passage
  happens to support word for word);
* degradation, never a crash: when the chat model cannot be loaded or reached, or fails while
  streaming, the answer is the extractive one with an `llm_unavailable` flag saying what to do;
* the fallback: when nothing the model wrote survives verification (or it said the passages
  do not answer), the answer is the extractive one, keeping the flags of the removed sentences.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import replace

from assistant.config import Settings
from assistant.errors import ModelUnavailable
from assistant.followup import rewrite_deterministic, rewrite_with_model
from assistant.index import Index
from assistant.llm import ChatModel
from assistant.llm_backends import chat_model_for
from assistant.pipeline import Draft, ask_extractive, check_question, finish
from assistant.prompts import render
from assistant.retrieve import retrieve
from assistant.types import Answer, Flag, Message, Passage, Token, Turn
from assistant.verify import verify_answer


def format_passages(passages: Sequence[Passage]) -> str:
    """'Passage n (publisher, date, stance, affiliation):' then its text, for each passage.

    Labels are not written as "[n]": a small model copies a leading "[n] header" pattern
    instead of answering, while it does cite "[n]" when the instructions ask for it.
    """
    blocks = []
    for p in passages:
        s = p.source
        who = ", ".join(x for x in (s.publisher or s.title, s.date, s.stance, s.affiliation) if x)
        blocks.append(f"Passage {p.n} ({who}):\n{p.chunk.text.strip()}")
    return "\n\n".join(blocks)


def answer_messages(question: str, passages: Sequence[Passage]) -> list[Message]:
    prompt = render("answer", passages=format_passages(passages), question=question)
    return [Message("system", render("system").strip()), Message("user", prompt)]


def ask_generative(
    question: str,
    index: Index,
    settings: Settings,
    *,
    k: int | None = None,
    history: Sequence[Turn] = (),
) -> Iterator[Token | Answer]:
    """Stream the model's tokens, then the verified Answer (always the last event)."""
    started = time.perf_counter()
    q = check_question(question, settings.max_question_chars)
    llm = settings.llm
    try:
        model = chat_model_for(llm.backend, llm)
        standalone = rewrite_with_model(model, q, history, llm.history_turns)
    except ModelUnavailable as exc:
        yield degraded(q, history, index, settings, k, exc)
        return
    standalone = standalone[: settings.max_question_chars]
    quoted = ask_extractive(standalone, index, settings, k=k)
    if not quoted.answered:  # the calibrated gate: the corpus does not answer; no model call
        yield Token(quoted.text)
        yield quoted
        return
    gated = time.perf_counter()
    query_vector = index.embedder.embed_batch([standalone])[0]
    passages = retrieve(index, standalone, query_vector, k or settings.top_k)
    pieces: list[str] = []
    first_token = 0.0
    try:
        for piece in model.stream(answer_messages(standalone, passages)):
            first_token = first_token or time.perf_counter()
            pieces.append(piece)
            yield Token(piece)
    except ModelUnavailable as exc:
        yield replace(quoted, flags=(_unavailable(exc, llm.backend), *quoted.flags))
        return
    generated = time.perf_counter()
    judge, judge_flags = _judge(settings, model)
    checked = verify_answer("".join(pieces), passages, index.text, judge)
    flags = checked.flags + judge_flags
    if checked.kept == 0:  # nothing the model wrote survived: the quotes instead
        answer = replace(quoted, flags=flags + quoted.flags, timings={"fallback_extractive": 1.0})
    else:
        draft = Draft(standalone, checked.text, checked.citations, tuple(passages), True, flags)
        answer = finish(draft, index)
    done = time.perf_counter()
    timings = {
        "retrieve_s": gated - started,  # rewrite, retrieval and the extractive gate
        "first_token_s": (first_token or generated) - gated,
        "generate_s": generated - gated,
        "verify_s": done - generated,
        "total_s": done - started,
        "tokens": float(len(pieces)),
        "sentences": float(checked.total),
        "sentences_kept": float(checked.kept),
    }
    yield replace(answer, timings={**answer.timings, **timings})


def _judge(settings: Settings, model: ChatModel) -> tuple[ChatModel | None, tuple[Flag, ...]]:
    """The support judge, when one is configured (the answer model itself when names match)."""
    llm = settings.llm
    if not llm.judge:
        return None, ()
    if llm.judge == llm.backend:
        return model, ()
    try:
        return chat_model_for(llm.judge, llm), ()
    except ModelUnavailable as exc:
        flag = Flag(
            "llm_unavailable",
            f"The support judge {llm.judge!r} is unavailable, so sentences were checked "
            f"without it: {exc}",
            {"role": "judge", "backend": llm.judge, "error": str(exc)},
        )
        return None, (flag,)


def degraded(
    question: str,
    history: Sequence[Turn],
    index: Index,
    settings: Settings,
    k: int | None,
    exc: ModelUnavailable,
) -> Answer:
    """The extractive answer, flagged: the chat model could not be used."""
    standalone = rewrite_deterministic(question, history, settings.llm.history_turns)
    answer = ask_extractive(standalone[: settings.max_question_chars], index, settings, k=k)
    return replace(answer, flags=(_unavailable(exc, settings.llm.backend), *answer.flags))


def _unavailable(exc: ModelUnavailable, backend: str) -> Flag:
    return Flag(
        "llm_unavailable",
        "The language model is unavailable, so this answer quotes the sources directly "
        f"(extractive mode). {exc}",
        {"role": "answer", "backend": backend, "error": str(exc)},
    )
