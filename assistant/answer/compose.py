"""LLM mode: the model writes a short lead over the quotes the program already chose.

The extractive answer comes first (it costs milliseconds). It is the gate (when it finds no
answer, no model is asked: abstention stays with the program, never with a small model), the
evidence, and the fallback. Its quotes, at most `MAX_QUOTES`, are numbered as they are in the
answer and handed to the model with their source, date and stance; the model writes one to
three sentences, each ending in the numbers of the quotes it uses (`models.chat.OutputShape`:
a grammar under llama.cpp, a check after the fact elsewhere). It is not offered a way to say
the quotes do not answer: the gate has decided that, and offered one, the 0.5B model took it
for 7 of the first 30 demo questions, all of which the quotes answer.

What it writes is verified like any generated text (`grounding.generated.verify_answer`:
cited, numbers and names in the cited quotes, quotations verbatim) and, sentence by sentence,
for its relations (`grounding.leads`: who did what to whom, whether it happened, who says
it, the hedge of a figure, a cause). A sentence that fails only because it cites the wrong
quote, or states a partisan quote as fact, is mended by the program where that makes it
hold; what still fails is removed and flagged. The answer is the verified lead, then the
quotes and dispute lines of the extractive answer; `Answer.lead` holds the lead alone (""
when nothing survived).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace

from assistant.config import Settings
from assistant.corpus.sentences import split_sentences
from assistant.errors import ModelUnavailable
from assistant.grounding.generated import verify_answer
from assistant.grounding.markers import answer_sentences
from assistant.ledger.library import Library
from assistant.models.chat import ChatModel, CountsTokens, OutputShape
from assistant.models.prompts import render
from assistant.models.registry import chat_model_for
from assistant.types import (
    Answer,
    AnswerEvent,
    Chunk,
    Citation,
    Dispute,
    Flag,
    Interim,
    Message,
    Passage,
    Token,
)

MAX_QUOTES = 3  # a prompt is read at ~90 tokens/s on 2 cores: three short quotes
MAX_CHARS = 240  # of one quote handed over: its first sentences up to this length
_NEAR = 400  # two quotes of one [n] closer than this are handed over as one stretch


def evidence_passages(quoted: Answer, text_of: dict[str, str]) -> tuple[Passage, ...]:
    """The extractive answer's quotes as numbered passages, [n] as in its text: a quote, or
    the stretch of its document that joins two quotes of one number."""
    by_n: dict[int, list[Citation]] = {}
    for c in quoted.citations:
        by_n.setdefault(c.n, []).append(c)
    out = []
    for n, cites in sorted(by_n.items())[:MAX_QUOTES]:
        first = cites[0]
        start, end = first.start, max(c.end for c in cites if c.doc_id == first.doc_id)
        text = text_of.get(first.doc_id, "")
        if end - first.end > _NEAR or not text:
            end = first.end
        if text:
            end = _short_end(text, start, end)
        body = text[start:end] if text else first.quote
        chunk = Chunk(f"{first.doc_id}@{start}", first.doc_id, start, end, body)
        out.append(Passage(n, chunk, 1.0, first.source))
    return tuple(out)


def _short_end(text: str, start: int, end: int) -> int:
    """Where the quote's first sentences stop within `MAX_CHARS` (at least one sentence)."""
    spans = split_sentences(text[start:end], offset=start)
    kept = [sp for sp in spans if sp.end - start <= MAX_CHARS] or spans[:1]
    return kept[-1].end if kept else end


def format_quotes(passages: Sequence[Passage]) -> str:
    """'Passage n (source, date, stance):' then the quote, for each."""
    blocks = []
    for p in passages:
        s = p.source
        who = ", ".join(x for x in (s.publisher or s.title, s.date, s.stance) if x)
        blocks.append(f"Passage {p.n} ({who}):\n{p.chunk.text.strip()}")
    return "\n\n".join(blocks)


def _disagreement(disputes: Sequence[Dispute]) -> str:
    lines = []
    for d in disputes[:2]:
        who = "; ".join(f"{c.claimant} says {c.statement.raw}" for c in d.claims[:4])
        lines.append(f"The sources disagree on {d.counted}: {who}.")
    return "".join(f"{line}\n\n" for line in lines)


def compose_messages(
    question: str, passages: Sequence[Passage], disputes: Sequence[Dispute] = ()
) -> list[Message]:
    """The fixed system prompt (the same for every question, so llama.cpp reuses it), then the
    quotes and the question."""
    prompt = render(
        "compose",
        disagreement=_disagreement(disputes),
        quotes=format_quotes(passages),
        question=question,
    )
    return [Message("system", render("compose_system").strip()), Message("user", prompt)]


def compose(
    model: ChatModel,
    question: str,
    quoted: Answer,
    library: Library,
    settings: Settings,
    started: float,
) -> Iterator[AnswerEvent]:
    """The extractive answer first (`Interim`: shown while the model works), the lead as the
    model writes it, then the Answer: the verified lead over the extractive answer (always
    the last event)."""
    texts = {c.doc_id: library.index.text(c.doc_id) or "" for c in quoted.citations}
    evidence = evidence_passages(quoted, texts)
    shape = OutputShape(tuple(p.n for p in evidence), offer_refusal=False)
    messages = compose_messages(question, evidence, quoted.disputes)
    gated = time.perf_counter()
    yield Interim(quoted)
    pieces: list[str] = []
    first_token = 0.0
    try:
        for piece in model.stream(messages, shape):
            first_token = first_token or time.perf_counter()
            pieces.append(piece)
            yield Token(piece)
    except ModelUnavailable as exc:
        yield replace(quoted, flags=(unavailable_flag(exc, settings.llm.backend), *quoted.flags))
        return
    generated = time.perf_counter()
    written = _shaped("".join(pieces), shape)
    judge, judge_flags = _judge(settings, model)
    lead, flags, total, kept, mended = "", judge_flags, 0, 0, 0
    if written and written != shape.refusal:
        checked = verify_answer(
            written, evidence, library.index.text, judge, lead=True, asked=question
        )
        lead, flags = checked.text, checked.flags + judge_flags
        total, kept, mended = checked.total, checked.kept, checked.mended
    answer = with_lead(quoted, lead, flags)
    done = time.perf_counter()
    timings = {
        "retrieve_s": gated - started,  # rewrite, retrieval and the extractive gate
        "first_token_s": (first_token or generated) - gated,
        "generate_s": generated - gated,
        "verify_s": done - generated,
        "total_s": done - started,
        "tokens": float(len(pieces)),
        "prompt_chars": float(sum(len(m.content) for m in messages)),
        **_prompt_tokens(model, messages),
        "sentences": float(total),
        "sentences_kept": float(kept),
        "sentences_mended": float(mended),  # re-cited or attributed by the program
        "model_declined": float(written == shape.refusal),
    }
    yield replace(answer, timings={**answer.timings, **timings})


def _prompt_tokens(model: ChatModel, messages: Sequence[Message]) -> dict[str, float]:
    """{"prompt_tokens": n} when the model can count its own tokens, else nothing."""
    return (
        {"prompt_tokens": float(model.count_tokens(messages))}
        if isinstance(model, CountsTokens)
        else {}
    )


_PASSAGE_TALK = re.compile(
    r"\b(?:according to|as (?:stated|reported|said) in|in)\s+(?:the\s+)?passages?"
    r"(?:\s+\d+)?,?\s*",
    re.I,
)


_HEADER_DATE = re.compile(  # "According to X, 2022-05-10, ...": a quote's heading copied
    r"\b(according to [^,\[\]]{1,80}), \d{4}(?:-\d\d){0,2}(?:, (?:independent|partisan|unknown))?,",
    re.I,
)


_HEADER_COPY = re.compile(r",?\s*\([^()]{0,80}\b\d{4}-\d\d(?:-\d\d)?\b[^()]{0,30}\)")


def _shaped(text: str, shape: OutputShape) -> str:
    """What the model wrote, held to the shape (a grammar already did this for a local model):
    the refusal, or its first `max_sentences` sentences, without talk of "the passage"."""
    text = _without_passage_talk(text).strip()
    if text.startswith(shape.refusal):
        return shape.refusal
    return " ".join(_one_of_each(s) for s in answer_sentences(text)[: shape.max_sentences])


def _one_of_each(sentence: str) -> str:
    """'... [2][1][2].' -> '... [2][1].': a quote cited once per sentence."""
    seen: set[str] = set()

    def once(m: re.Match[str]) -> str:
        if m.group(1) in seen:
            return ""
        seen.add(m.group(1))
        return m.group(0)

    return re.sub(r"\[(\d{1,3})\]", once, sentence)


def _without_passage_talk(text: str) -> str:
    """'According to Passage 2, the court...' -> 'The court...': the marker already cites it."""
    out = _PASSAGE_TALK.sub("", text)
    out = _HEADER_DATE.sub(r"\1,", _HEADER_COPY.sub("", out)).replace(", ,", ",")
    return re.sub(r"(^|[.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), out)


def with_lead(quoted: Answer, lead: str, flags: tuple[Flag, ...] = ()) -> Answer:
    """The extractive answer opened by the verified lead (which cites its quotes' [n])."""
    text = f"{lead}\n\n{quoted.text}" if lead else quoted.text
    return replace(quoted, text=text, lead=lead, flags=flags + quoted.flags)


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
