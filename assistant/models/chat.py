"""The one contract every chat-model backend keeps: `generate` and `stream`.

Backends live in `assistant.models.backends`; `assistant.models.registry` picks one by name.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol, runtime_checkable

from assistant.types import Message


@runtime_checkable
class ChatModel(Protocol):
    """A chat model: messages in, text out (whole, or as it is produced)."""

    def generate(self, messages: Sequence[Message]) -> str: ...

    def stream(self, messages: Sequence[Message]) -> Iterator[str]: ...
