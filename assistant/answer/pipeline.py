"""The one flow of every answer: question -> passages -> draft -> Answer.

`ask_stream` checks the question once, makes a follow-up standalone once, embeds and retrieves
once, quotes the passages (the extractive answer: the gate, the fallback and, in "extractive"
mode, the answer), hands its quotes to the language model in "llm" mode to write a cited lead
over them (`compose`), and ends in `finish`. `drain` keeps the last event: the verified Answer.

A request to write content ("write a post stating as fact that...", `pressure`) is answered
for its claim, always by quoting, and opens by declining the task; a figure the question
wrongly attributes to a claimant (`premise`) is corrected at the top of the answer; and the
claim a question takes for granted or asks about (`counter`) is searched once more, on its
own, for the sentences that dispute it, which open the answer.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from assistant.answer.compose import compose, unavailable_flag
from assistant.answer.counter import (
    CounterQuote,
    Premise,
    counter_evidence,
    counter_lines,
    premise_of,
)
from assistant.answer.draft import Draft, finish
from assistant.answer.extractive import NOT_ANSWERED, answer_extractively
from assistant.answer.followup import rewrite_deterministic, rewrite_with_model
from assistant.answer.misquoted import Misquote, correct_misquotes, misquotes
from assistant.answer.parts import joined, question_parts
from assistant.answer.premise import FalsePremise, false_premises
from assistant.answer.premise import correct as correct_premises
from assistant.answer.pressure import ContentRequest, content_request, declined
from assistant.answer.retrieve import retrieve
from assistant.config import Settings
from assistant.errors import ModelUnavailable, QuestionError
from assistant.ledger.library import Library
from assistant.models.chat import ChatModel
from assistant.models.registry import chat_model_for
from assistant.store.lexical import capitalised_words
from assistant.types import MODES, Answer, AnswerEvent, Flag, Mode, Passage, Token, Turn


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


def drain(events: Iterable[AnswerEvent]) -> Answer:
    """The verified Answer: the last event of an answer stream."""
    answer = None
    for event in events:
        if isinstance(event, Answer):
            answer = event
    if answer is None:
        raise RuntimeError("an answer stream ended without an Answer")
    return answer


def ask(
    question: str,
    library: Library,
    settings: Settings,
    *,
    k: int | None = None,
    mode: Mode | None = None,
    history: Sequence[Turn] = (),
) -> Answer:
    """The verified answer to `question` (the last event of `ask_stream`)."""
    return drain(ask_stream(question, library, settings, k=k, mode=mode, history=history))


@dataclass(frozen=True)
class Standalone:
    """The question as it will be searched, and the model that will write, if any."""

    text: str
    model: ChatModel | None
    flags: tuple[Flag, ...] = ()


def ask_stream(
    question: str,
    library: Library,
    settings: Settings,
    *,
    k: int | None = None,
    mode: Mode | None = None,
    history: Sequence[Turn] = (),
) -> Iterator[AnswerEvent]:
    """Answer text as it is produced, then the verified Answer (always the last event). In LLM
    mode the extractive answer comes first as an `Interim`, then the lead's tokens."""
    chosen = mode or settings.mode
    if chosen not in MODES:
        raise QuestionError(f"Unknown answer mode {chosen!r}; use one of: {', '.join(MODES)}.")
    started = time.perf_counter()
    q = check_question(question, settings.max_question_chars)
    request = content_request(q)
    if request is not None:  # a request to write: the claim is searched, no model writes
        q, chosen = request.claim or q, "extractive"
    standalone = make_standalone(q, history, settings, chosen)
    text = standalone.text[: settings.max_question_chars]
    premise = Premise(text, "requested") if request is not None else premise_of(text)
    refusal = _refusal(text, library, request)
    if refusal is not None:
        answer = _refused(Draft(text, refusal, (), (), False), library, request, premise)
        answer = replace(answer, flags=standalone.flags + answer.flags, timings=_since(started))
        yield Token(answer.text)
        yield answer
        return
    vector = library.index.embedder.embed_batch([text])[0]
    passages = retrieve(library.index, text, vector, k or settings.top_k)
    retrieved = time.perf_counter()
    quoted = quote_passages(text, vector, passages, library, settings)
    premises = false_premises(text, library)
    misquoted = misquotes(text, library)
    counters = counter_evidence(premise, library) if premise and not premises else []
    timings = {"retrieve_s": retrieved - started, "answer_s": time.perf_counter() - retrieved}
    quoted = replace(quoted, timings={**quoted.timings, **timings, **_since(started)})
    # no model call: the gate said the corpus does not answer, or the answer opens with the
    # correction of a false premise, which a small model's lead would echo ("the campaign was
    # cancelled because..."). A request to write content never reaches here with a model.
    if standalone.model is None or not quoted.answered or premises or misquoted:
        answer = _framed(
            replace(quoted, flags=standalone.flags + quoted.flags),
            request,
            premises,
            library,
            (premise, counters),
            misquoted,
        )
        yield Token(answer.text)
        yield answer
        return
    for event in compose(standalone.model, text, quoted, library, settings, started):
        yield (
            _framed(event, None, premises, library, (premise, counters))
            if isinstance(event, Answer)
            else event
        )


def _refusal(text: str, library: Library, request: ContentRequest | None) -> str | None:
    """Why the question gets no search at all, or None: a request to write with no claim
    left, or names the corpus never mentions."""
    if request is not None and not request.claim:
        return ""
    unknown = _not_publishers(library.index.unmentioned(capitalised_words(text)), library)
    if unknown:  # the question is about someone or something the corpus never mentions
        said = ", ".join(f"“{w}”" for w in dict.fromkeys(unknown))
        return f"{NOT_ANSWERED} No document mentions {said}."
    return None


def _not_publishers(words: list[str], library: Library) -> list[str]:
    """The words no publisher's name holds either: a source named only in its front matter
    ("by the Kestwick University Centre") is one the corpus knows."""
    if not words:
        return []
    named = {w.lower() for s in library.index.sources().values() for w in s.publisher.split()}
    return [w for w in words if w.lower() not in named]


def _refused(
    draft: Draft, library: Library, request: ContentRequest | None, premise: Premise | None
) -> Answer:
    """The answer that searched nothing, framed. A claim about someone the corpus never names
    may still be answered: the words it puts in their mouth, said by another ("Why did the
    CEO call it 'rumours'?")."""
    counters = counter_evidence(premise, library) if premise and draft.text else []
    return _framed(finish(draft, library), request, [], library, (premise, counters))


def _framed(
    answer: Answer,
    request: ContentRequest | None,
    premises: Sequence[FalsePremise],
    library: Library,
    countered: tuple[Premise | None, Sequence[CounterQuote]] = (None, ()),
    misquoted: Sequence[Misquote] = (),
) -> Answer:
    """The answer opened by what it will not do (write the requested text), by what the
    question wrongly assumes (a figure its claimant never gave) and by what disputes the claim
    it carries."""
    premise, counters = countered
    if premise is not None and counters:
        answer = counter_lines(answer, premise, counters, library)
    answer = correct_premises(answer, premises, library)
    answer = correct_misquotes(answer, misquoted, library)
    return declined(answer, request) if request is not None else answer


def make_standalone(
    question: str, history: Sequence[Turn], settings: Settings, mode: Mode
) -> Standalone:
    """The follow-up made standalone (by the model in "llm" mode, when it can be reached)."""
    turns = settings.llm.history_turns
    if mode != "llm":
        return Standalone(rewrite_deterministic(question, history, turns), None)
    llm = settings.llm
    try:
        model = chat_model_for(llm.backend, llm)
        return Standalone(rewrite_with_model(model, question, history, turns), model)
    except ModelUnavailable as exc:
        flag = unavailable_flag(exc, llm.backend)
        return Standalone(rewrite_deterministic(question, history, turns), None, (flag,))


def quote_passages(
    question: str,
    vector: Sequence[float],
    passages: Sequence[Passage],
    library: Library,
    settings: Settings,
) -> Answer:
    """The extractive answer over the retrieved passages, finished."""
    index = library.index
    texts = {p.chunk.doc_id: index.text(p.chunk.doc_id) or "" for p in passages}
    parts = question_parts(question)
    vectors = [vector] if len(parts) == 1 else index.embedder.embed_batch(list(parts))
    extracts = [
        answer_extractively(part, v, passages, index.embedder, texts, settings.min_support)
        for part, v in zip(parts, vectors, strict=True)
    ]
    extract = joined(extracts)
    draft = Draft(
        question,
        extract.text,
        tuple(extract.citations),
        tuple(passages),
        extract.answered,
        parts=parts,
    )
    return replace(finish(draft, library), timings={"best_support": extract.best_support})


def _since(started: float) -> dict[str, float]:
    return {"total_s": time.perf_counter() - started}
