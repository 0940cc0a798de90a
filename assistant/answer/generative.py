"""LLM mode: the model writes the answer, the program decides what of it may be shown.

The pipeline hands over the passages it retrieved once; this module asks the model over them
and checks what it streams (`grounding.generated.verify_answer`: every sentence cited and
supported, every quote verbatim, citations built by the program), then `draft.finish`.

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

from assistant.answer.draft import Draft, finish
from assistant.config import Settings
from assistant.errors import ModelUnavailable
from assistant.grounding.generated import verify_answer
from assistant.ledger.library import Library
from assistant.models.chat import ChatModel
from assistant.models.prompts import render
from assistant.models.registry import chat_model_for
from assistant.types import Answer, Flag, Message, Passage, Token


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


def generate(
    model: ChatModel,
    question: str,
    passages: Sequence[Passage],
    quoted: Answer,
    library: Library,
    settings: Settings,
    started: float,
) -> Iterator[Token | Answer]:
    """Stream the model's tokens over the passages already retrieved, then the verified Answer
    (always the last event); `quoted` (the extractive answer) is the fallback."""
    llm = settings.llm
    gated = time.perf_counter()
    pieces: list[str] = []
    first_token = 0.0
    try:
        for piece in model.stream(answer_messages(question, passages)):
            first_token = first_token or time.perf_counter()
            pieces.append(piece)
            yield Token(piece)
    except ModelUnavailable as exc:
        yield replace(quoted, flags=(unavailable_flag(exc, llm.backend), *quoted.flags))
        return
    generated = time.perf_counter()
    judge, judge_flags = _judge(settings, model)
    checked = verify_answer("".join(pieces), passages, library.index.text, judge)
    flags = checked.flags + judge_flags
    if checked.kept == 0:  # nothing the model wrote survived: the quotes instead
        answer = replace(quoted, flags=flags + quoted.flags, timings={"fallback_extractive": 1.0})
    else:
        draft = Draft(question, checked.text, checked.citations, tuple(passages), True, flags)
        answer = finish(draft, library)
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


def unavailable_flag(exc: ModelUnavailable, backend: str) -> Flag:
    return Flag(
        "llm_unavailable",
        "The language model is unavailable, so this answer quotes the sources directly "
        f"(extractive mode). {exc}",
        {"role": "answer", "backend": backend, "error": str(exc)},
    )
