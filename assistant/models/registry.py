"""Chat models by name: the built-in backends, and whatever a test or plugin registers.

Configuration picks a backend by name (`CROSSCHECK_LLM`); `chat_model_for(name, llm)` builds it
from explicit settings. Heavy imports (llama.cpp, langchain chat models) happen inside the
factories, never at import time.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.config import LLMSettings
from assistant.errors import ConfigError
from assistant.models.backends import local_model, ollama_model, openai_model
from assistant.models.chat import ChatModel

ChatModelFactory = Callable[[], ChatModel]
BUILTIN: dict[str, Callable[[LLMSettings], ChatModel]] = {
    "local": local_model,
    "openai": openai_model,
    "ollama": ollama_model,
}
_FACTORIES: dict[str, ChatModelFactory] = {}


def register_chat_model(name: str, factory: ChatModelFactory) -> None:
    """Make a backend available under `name` (tests register their scripted fakes here too)."""
    _FACTORIES[name] = factory


def chat_model_names() -> list[str]:
    return sorted({*BUILTIN, *_FACTORIES})


def get_chat_model(name: str) -> ChatModel:
    """The backend registered under `name`; a built-in one reads its settings from the
    environment."""
    if name in _FACTORIES:
        return _FACTORIES[name]()
    if name in BUILTIN:
        return BUILTIN[name](LLMSettings.from_env())
    known = ", ".join(chat_model_names()) or "none"
    raise ConfigError(f"No chat model named {name!r}; known: {known}.")


def chat_model_for(name: str, llm: LLMSettings) -> ChatModel:
    """A built-in backend configured by `llm`, else whatever is registered under `name`."""
    build = BUILTIN.get(name)
    return build(llm) if build and name not in _FACTORIES else get_chat_model(name)
