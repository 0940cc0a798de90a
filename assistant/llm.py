"""Chat-model backends behind one small contract: `generate` and `stream`.

Backends register a factory under a name; configuration picks one by name. Heavy imports
(llama.cpp, langchain chat models) happen inside the factories, never at import time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Protocol, runtime_checkable

from assistant.errors import ConfigError
from assistant.types import Message


@runtime_checkable
class ChatModel(Protocol):
    """A chat model: messages in, text out (whole, or as it is produced)."""

    def generate(self, messages: Sequence[Message]) -> str: ...

    def stream(self, messages: Sequence[Message]) -> Iterator[str]: ...


ChatModelFactory = Callable[[], ChatModel]
_FACTORIES: dict[str, ChatModelFactory] = {}


def register_chat_model(name: str, factory: ChatModelFactory) -> None:
    """Make a backend available under `name` (tests register their scripted fakes here too)."""
    _FACTORIES[name] = factory


def chat_model_names() -> list[str]:
    return sorted(_FACTORIES)


def get_chat_model(name: str) -> ChatModel:
    if name not in _FACTORIES:
        import assistant.llm_backends  # noqa: F401  (registers local, openai, ollama on import)
    try:
        factory = _FACTORIES[name]
    except KeyError:
        known = ", ".join(chat_model_names()) or "none"
        raise ConfigError(f"No chat model named {name!r}; known: {known}.") from None
    return factory()
