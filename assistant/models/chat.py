"""The one contract every chat-model backend keeps: `generate` and `stream`.

Backends live in `assistant.models.backends`; `assistant.models.registry` picks one by name.
A caller may pass an `OutputShape`: llama.cpp constrains decoding with a GBNF grammar
(`assistant.models.grammar`), so the model cannot write anything else; an OpenAI-compatible
server or Ollama is sent the shape as a JSON schema and its JSON is turned back into text; a
server that refuses the schema writes freely. The caller checks the shape after the fact
whatever the backend did.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from assistant.types import Message


@dataclass(frozen=True)
class OutputShape:
    """1 to `max_sentences` sentences, each ending in one or more `[n]` with n from `markers`;
    or exactly `refusal` (the quotes do not answer), when `offer_refusal`. A refusal written
    anyway (by a server that ignores the shape) is still read as one."""

    markers: tuple[int, ...]
    max_sentences: int = 3
    refusal: str = "NOT ANSWERED"
    max_chars: int = 300  # per sentence
    offer_refusal: bool = True


@runtime_checkable
class CountsTokens(Protocol):
    """A model that can say how many of its tokens a prompt's messages take (the local
    llama.cpp model can; a remote server is not asked)."""

    def count_tokens(self, messages: Sequence[Message]) -> int: ...


@runtime_checkable
class ChatModel(Protocol):
    """A chat model: messages in, text out (whole, or as it is produced)."""

    def generate(self, messages: Sequence[Message], shape: OutputShape | None = None) -> str: ...

    def stream(
        self, messages: Sequence[Message], shape: OutputShape | None = None
    ) -> Iterator[str]: ...
