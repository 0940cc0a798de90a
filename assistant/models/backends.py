"""The chat-model backends: a local GGUF model, any OpenAI-compatible server, Ollama. Each keeps
a composed lead to its shape as best it can: a grammar (llama.cpp), a JSON schema
(`response_format`; Ollama's `format`), or nothing, and the caller checks after the fact.

`assistant.models.registry` names them. Every failure of a
backend (missing file or package, refused connection, timeout, an error mid-stream) surfaces as
`ModelUnavailable` with a message that says what to do, so that the answer can degrade to the
extractive mode with a visible flag. langchain message types exist only inside this module.
"""

from __future__ import annotations

import atexit
import functools
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from assistant.config import LLMSettings
from assistant.errors import ModelUnavailable
from assistant.models.chat import ChatModel, OutputShape
from assistant.models.grammar import from_json, gbnf, json_schema
from assistant.types import Message

N_CTX = 4096
FALLBACK = "Answer in extractive mode (--mode extractive / CROSSCHECK_MODE=extractive) meanwhile."


class LocalChat:
    """A GGUF model run in-process by llama.cpp; greedy decoding (temperature 0)."""

    def __init__(self, llama: Any, lock: threading.Lock, max_tokens: int) -> None:
        self._llama = llama
        self._lock = lock  # one llama.cpp context serves one request at a time
        self._max_tokens = max_tokens

    def generate(self, messages: Sequence[Message], shape: OutputShape | None = None) -> str:
        return "".join(self.stream(messages, shape))

    def count_tokens(self, messages: Sequence[Message]) -> int:
        """Tokens of the messages' text (the chat template's few tokens per message aside)."""
        with self._lock:
            return sum(
                len(self._llama.tokenize(m.content.encode("utf-8"), add_bos=False))
                for m in messages
            )

    def stream(
        self, messages: Sequence[Message], shape: OutputShape | None = None
    ) -> Iterator[str]:
        """Greedy tokens; under `shape`, only what its grammar allows. The messages of one
        request share their start with the last request's (the fixed system prompt), which
        llama.cpp keeps evaluated: only the new part is read."""
        with self._lock:
            try:
                chunks = self._llama.create_chat_completion(
                    messages=[{"role": m.role, "content": m.content} for m in messages],
                    temperature=0.0,
                    max_tokens=self._max_tokens or None,
                    stream=True,
                    grammar=_grammar(gbnf(shape)) if shape is not None else None,
                )
                for chunk in chunks:
                    text = chunk["choices"][0]["delta"].get("content")
                    if text:
                        yield text
            except (ValueError, RuntimeError, OSError) as exc:
                raise ModelUnavailable(f"The local model failed: {exc}. {FALLBACK}") from exc


@functools.lru_cache(maxsize=64)
def _grammar(text: str) -> Any:
    from llama_cpp import LlamaGrammar

    return LlamaGrammar.from_string(text, verbose=False)


@functools.lru_cache(maxsize=2)
def _load_llama(path: str, n_ctx: int) -> tuple[Any, threading.Lock]:
    """Load a GGUF file once per process (the chat template comes from the file)."""
    try:
        from llama_cpp import Llama
    except ImportError as exc:
        raise ModelUnavailable(
            f"llama-cpp-python is not installed ({exc}). Run `make llm`. {FALLBACK}"
        ) from exc
    try:
        llama = Llama(model_path=path, n_ctx=n_ctx, n_threads=os.cpu_count() or 1, verbose=False)
    except (ValueError, RuntimeError, OSError) as exc:
        raise ModelUnavailable(f"Cannot load the model file {path}: {exc}. {FALLBACK}") from exc
    # Free it before interpreter teardown: llama.cpp's own __del__ fails once modules are gone.
    atexit.register(llama.close)
    return llama, threading.Lock()


def local_model(llm: LLMSettings) -> ChatModel:
    path = Path(llm.model_path)
    if not path.is_file():
        raise ModelUnavailable(
            f"The local model file {path} is missing. Run `make llm` to assemble it, or set "
            f"CROSSCHECK_LLM_MODEL_PATH to a GGUF file. {FALLBACK}"
        )
    llama, lock = _load_llama(str(path.resolve()), N_CTX)
    return LocalChat(llama, lock, llm.max_tokens)


class LangChainChat:
    """A langchain chat model behind the `ChatModel` contract (the adapter at the edge).

    Under a shape, the server is asked for JSON of `grammar.json_schema` (`constrain` says how
    this server takes a schema); the reply is turned back into lead text as it streams. A
    server that refuses the schema (`refused`: an HTTP 400 or 422) is not asked again by this
    instance: its free text is held to the shape after the fact."""

    def __init__(
        self,
        model: Any,
        where: str,
        errors: tuple[type[BaseException], ...],
        constrain: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
        refused: tuple[type[BaseException], ...] = (),
    ) -> None:
        self._model = model
        self._where = where
        self._errors = errors
        self._constrain = constrain
        self._refused = refused
        self.schema_refused = False

    def generate(self, messages: Sequence[Message], shape: OutputShape | None = None) -> str:
        return "".join(self.stream(messages, shape))

    def stream(
        self, messages: Sequence[Message], shape: OutputShape | None = None
    ) -> Iterator[str]:
        asked = _langchain_messages(messages)
        try:
            if shape is not None and self._constrain is not None and not self.schema_refused:
                try:
                    yield from self._constrained(asked, shape)
                    return
                except self._refused:
                    self.schema_refused = True  # this server takes no schema: free text
            for chunk in self._model.stream(asked):
                text = str(chunk.text)
                if text:
                    yield text
        except self._errors as exc:
            raise self._unavailable(exc) from exc

    def _constrained(self, asked: list[Any], shape: OutputShape) -> Iterator[str]:
        """The lead text of the JSON as it streams: what extends what was already sent."""
        constrained = self._model.bind(**self._constrain(json_schema(shape)))  # type: ignore[misc]
        reply, sent = "", ""
        for chunk in constrained.stream(asked):
            reply += str(chunk.text)
            now = from_json(reply, shape, partial=True)
            if now.startswith(sent) and len(now) > len(sent):
                yield now[len(sent) :]
                sent = now
        final = from_json(reply, shape)
        if final.startswith(sent):  # else the model took back what it wrote: the check decides
            yield final[len(sent) :]

    def _unavailable(self, exc: BaseException) -> ModelUnavailable:
        return ModelUnavailable(
            f"The chat model at {self._where} failed ({type(exc).__name__}: {exc}). Check that "
            f"the server is running and CROSSCHECK_LLM_URL / CROSSCHECK_LLM_MODEL are right. "
            f"{FALLBACK}"
        )


def _langchain_messages(messages: Sequence[Message]) -> list[Any]:
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

    kinds = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
    return [kinds[m.role](content=m.content) for m in messages]


def _need_model_name(llm: LLMSettings, backend: str) -> None:
    if not llm.model:
        raise ModelUnavailable(
            f"The {backend} backend needs a model name: set CROSSCHECK_LLM_MODEL (the name the "
            f"server serves). {FALLBACK}"
        )


def openai_model(llm: LLMSettings) -> ChatModel:
    """Any OpenAI-compatible server: vLLM, llama.cpp server, LM Studio, OpenAI."""
    _need_model_name(llm, "openai")
    import httpx
    import openai
    from langchain_core.exceptions import ModelError
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    model = ChatOpenAI(
        model=llm.model,
        base_url=llm.url or None,
        # local servers ignore the key, but the client insists on one
        api_key=SecretStr(llm.api_key or "not-needed"),
        timeout=llm.timeout_s,
        max_retries=1,
        temperature=0.0,
        max_completion_tokens=llm.max_tokens or None,
    )
    errors = (ModelError, openai.APIError, httpx.HTTPError, OSError)
    refused = (openai.BadRequestError, openai.UnprocessableEntityError)
    return LangChainChat(model, llm.url or "the OpenAI API", errors, _openai_schema, refused)


def _openai_schema(schema: dict[str, Any]) -> dict[str, Any]:
    spec = {"name": "lead", "schema": schema, "strict": True}
    return {"response_format": {"type": "json_schema", "json_schema": spec}}


def ollama_model(llm: LLMSettings) -> ChatModel:
    _need_model_name(llm, "ollama")
    import httpx
    import ollama
    from langchain_core.exceptions import ModelError
    from langchain_ollama import ChatOllama

    url = llm.url or "http://127.0.0.1:11434"
    model = ChatOllama(
        model=llm.model,
        base_url=url,
        temperature=0.0,
        num_predict=llm.max_tokens or None,
        num_ctx=N_CTX,
        client_kwargs={"timeout": llm.timeout_s},
    )
    errors = (ModelError, ollama.ResponseError, ollama.RequestError, httpx.HTTPError, OSError)
    return LangChainChat(model, url, errors, lambda schema: {"format": schema})
