"""Crosscheck inside LangChain: a retriever over the library and a Runnable for whole answers.

`CrosscheckRetriever` returns the passages `retrieve` chooses as LangChain `Document`s whose
metadata locates each one in the stored document (`start`/`end`) and says who is speaking.
`crosscheck_runnable` wraps the answer pipeline: `invoke` returns the Answer JSON, `stream`
yields `{"token": text}` events and then `{"answer": <Answer JSON>}`.

This is the only module of `assistant` that imports `langchain_core`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable, RunnableConfig
from langchain_core.runnables.config import run_in_executor
from pydantic import ConfigDict, Field

from assistant.answer.json_form import answer_json
from assistant.answer.pipeline import ask, ask_stream
from assistant.answer.retrieve import retrieve
from assistant.config import Settings
from assistant.errors import QuestionError
from assistant.ledger.library import Library
from assistant.types import Answer, Interim, Mode, Passage, Token, Turn

Question = str | Mapping[str, Any]  # "question?" or {"question": ..., "history": ..., "k": ...}


class CrosscheckRetriever(BaseRetriever):
    """The `k` passages Crosscheck would answer from (hybrid dense + BM25 retrieval, capped per
    document), as LangChain Documents: `library.index.text(doc_id)[start:end] == page_content`."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    library: Library
    k: int = Field(default=6, ge=1)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        """Embed `query` once, retrieve, and convert each passage to a Document."""
        index = self.library.index
        vector = index.embedder.embed_batch([query])[0]
        return [passage_document(p) for p in retrieve(index, query, vector, self.k)]


def passage_document(p: Passage) -> Document:
    """A retrieved passage as a LangChain Document: its text, where it is, who said it."""
    s = p.source
    return Document(
        page_content=p.chunk.text,
        metadata={
            "doc_id": p.chunk.doc_id,
            "chunk_id": p.chunk.id,
            "start": p.chunk.start,
            "end": p.chunk.end,
            "publisher": s.publisher,
            "title": s.title,
            "date": s.date,
            "url": s.url,
            "stance": s.stance,
            "stance_inferred": s.stance_inferred,
            "affiliation": s.affiliation,
            "score": p.score,
            "n": p.n,
        },
    )


class CrosscheckRunnable(Runnable[Question, dict[str, Any]]):
    """The whole answer pipeline as a Runnable. Input: a question string, or a mapping with
    "question" and optionally "history" ([[user, assistant], ...]) and "k". `invoke` returns
    the Answer JSON; `stream`/`astream` yield `{"token": text}` events, then
    `{"answer": <Answer JSON>}` last."""

    def __init__(self, library: Library, settings: Settings, *, mode: Mode | None = None) -> None:
        self.library = library
        self.settings = settings
        self.mode = mode
        self.name = "Crosscheck"

    def invoke(
        self, input: Question, config: RunnableConfig | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        """The verified answer to the question, as Answer JSON (traced as one run)."""
        return self._call_with_config(self._answer, input, config)

    def stream(
        self, input: Question, config: RunnableConfig | None = None, **kwargs: Any | None
    ) -> Iterator[dict[str, Any]]:
        """`{"token": text}` for each piece of answer text, then `{"answer": <Answer JSON>}`."""
        yield from self._transform_stream_with_config(iter([input]), self._events, config)

    async def astream(
        self, input: Question, config: RunnableConfig | None = None, **kwargs: Any | None
    ) -> AsyncIterator[dict[str, Any]]:
        """The events of `stream`, each computed in a worker thread."""
        events = self.stream(input, config)
        done: dict[str, Any] = {}
        while (event := await run_in_executor(config, next, events, done)) is not done:
            yield event

    def _answer(self, question: Question) -> dict[str, Any]:
        """Answer one input with `ask` and return its JSON."""
        text, history, k = parse_question(question)
        answer = ask(text, self.library, self.settings, k=k, mode=self.mode, history=history)
        return answer_json(answer)

    def _events(self, inputs: Iterator[Question]) -> Iterator[dict[str, Any]]:
        """Turn the `ask_stream` events for the single input into token, interim and answer
        dicts."""
        text, history, k = parse_question(next(inputs))
        for event in ask_stream(
            text, self.library, self.settings, k=k, mode=self.mode, history=history
        ):
            if isinstance(event, Token):
                yield {"token": event.text}
            elif isinstance(event, Interim):
                yield {"interim": answer_json(event.answer)}
            elif isinstance(event, Answer):
                yield {"answer": answer_json(event)}


def crosscheck_runnable(
    library: Library, settings: Settings, *, mode: Mode | None = None
) -> Runnable[Question, dict[str, Any]]:
    """The answer pipeline over `library` as a Runnable (see `CrosscheckRunnable`); `mode`
    overrides `settings.mode` ("extractive" or "llm")."""
    return CrosscheckRunnable(library, settings, mode=mode)


def parse_question(value: Question) -> tuple[str, tuple[Turn, ...], int | None]:
    """The question text, earlier turns and k of a Runnable input; QuestionError when the input
    is neither a string nor a mapping with a string "question"."""
    if isinstance(value, str):
        return value, (), None
    if not isinstance(value, Mapping) or not isinstance(value.get("question"), str):
        raise QuestionError(
            'Give the question as a string or as {"question": "...", "history": '
            '[[user, assistant], ...], "k": 6}.'
        )
    k = value.get("k")
    if k is not None and (isinstance(k, bool) or not isinstance(k, int) or k < 1):
        raise QuestionError(f'"k" must be a whole number of passages, 1 or more; got {k!r}.')
    return value["question"], parse_history(value.get("history") or ()), k


def parse_history(history: Sequence[Any]) -> tuple[Turn, ...]:
    """Earlier turns from [[user, assistant], ...] pairs (Turn values pass through)."""
    turns = []
    for turn in history:
        if isinstance(turn, Turn):
            turns.append(turn)
        elif isinstance(turn, Sequence) and not isinstance(turn, str) and len(turn) == 2:
            turns.append(Turn(str(turn[0]), str(turn[1])))
        else:
            raise QuestionError(f"Each history turn is a [user, assistant] pair; got {turn!r}.")
    return tuple(turns)
