"""The one contract every chat-model backend keeps: `generate` and `stream`.

Backends live in `assistant.models.backends`; `assistant.models.registry` picks one by name.
A caller may pass an `OutputShape`: a backend that can constrain decoding (llama.cpp, through
a GBNF grammar from `assistant.models.grammar`) makes the model unable to write anything else;
the others ignore it, and the caller checks the shape after the fact (`grammar.conforming`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from assistant.types import Message


@dataclass(frozen=True)
class OutputShape:
    """1 to `max_sentences` sentences, each ending in one or more `[n]` with n from `markers`;
    or exactly `refusal` (the quotes do not answer)."""

    markers: tuple[int, ...]
    max_sentences: int = 3
    refusal: str = "NOT ANSWERED"
    max_chars: int = 300  # per sentence


@runtime_checkable
class ChatModel(Protocol):
    """A chat model: messages in, text out (whole, or as it is produced)."""

    def generate(self, messages: Sequence[Message], shape: OutputShape | None = None) -> str: ...

    def stream(
        self, messages: Sequence[Message], shape: OutputShape | None = None
    ) -> Iterator[str]: ...
