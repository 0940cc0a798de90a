"""Which chat model answers in "llm" mode, and how to reach it.

Read from environment variables, which override an optional `[llm]` table in a TOML file
(`$CROSSCHECK_CONFIG`, else `./crosscheck.toml` when it exists). Keys of the table are the
variable names without the `CROSSCHECK_LLM_` prefix, lower-cased (`backend`, `url`, `model`,
`api_key`, `model_path`, `timeout`, `max_tokens`, `judge`, `history_turns`).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import ConfigError

MODEL_FILE = "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
DEFAULT_MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / MODEL_FILE

# setting -> (environment variable, default as text)
_KEYS: dict[str, tuple[str, str]] = {
    "backend": ("CROSSCHECK_LLM", "local"),
    "url": ("CROSSCHECK_LLM_URL", ""),
    "model": ("CROSSCHECK_LLM_MODEL", ""),
    "api_key": ("CROSSCHECK_LLM_API_KEY", ""),
    "model_path": ("CROSSCHECK_LLM_MODEL_PATH", str(DEFAULT_MODEL_PATH)),
    "timeout": ("CROSSCHECK_LLM_TIMEOUT", "60"),
    "max_tokens": ("CROSSCHECK_LLM_MAX_TOKENS", "400"),
    "judge": ("CROSSCHECK_JUDGE", ""),
    "history_turns": ("CROSSCHECK_HISTORY_TURNS", "3"),
}


@dataclass(frozen=True)
class LLMSettings:
    backend: str = "local"  # a registered chat model: local, openai, ollama (or a test's fake)
    url: str = ""  # server base URL for openai/ollama ("" = the client's default)
    model: str = ""  # model name the server serves (openai/ollama)
    api_key: str = field(default="", repr=False)
    model_path: Path = DEFAULT_MODEL_PATH  # the GGUF file of the local backend
    timeout_s: float = 60.0  # per request to a model server
    max_tokens: int = 400  # longest generated answer
    judge: str = ""  # chat model asked "is this sentence supported?"; "" = no judge
    history_turns: int = 3  # earlier turns used to rewrite a follow-up question

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> LLMSettings:
        env = os.environ if env is None else env
        file_values = _file_values(env)
        raw = {
            key: env.get(var, str(file_values.get(key, default)))
            for key, (var, default) in _KEYS.items()
        }
        return cls(
            backend=raw["backend"].strip() or "local",
            url=raw["url"].strip(),
            model=raw["model"].strip(),
            api_key=raw["api_key"].strip(),
            model_path=Path(raw["model_path"]).expanduser(),
            timeout_s=_number("timeout", raw["timeout"], float),
            max_tokens=int(_number("max_tokens", raw["max_tokens"], int)),
            judge=raw["judge"].strip(),
            history_turns=int(_number("history_turns", raw["history_turns"], int)),
        )


def _number(key: str, value: str, kind: type[int] | type[float]) -> float:
    try:
        number = kind(value)
    except ValueError:
        raise ConfigError(
            f"{_KEYS[key][0]}={value!r} is not a number; the default is {_KEYS[key][1]}."
        ) from None
    if number < 0:
        raise ConfigError(f"{_KEYS[key][0]}={value!r} must not be negative.")
    return number


def _file_values(env: Mapping[str, str]) -> dict[str, Any]:
    """The `[llm]` table of the config file, or {} when there is no file."""
    named = env.get("CROSSCHECK_CONFIG", "")
    path = Path(named) if named else Path("crosscheck.toml")
    if not path.exists():
        if named:
            raise ConfigError(f"CROSSCHECK_CONFIG={named!r}: no such file.")
        return {}
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("llm", {})
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path} cannot be read as TOML: {exc}") from None
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [llm] must be a table.")
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        raise ConfigError(
            f"{path}: unknown [llm] key(s) {', '.join(unknown)}; known: {', '.join(_KEYS)}."
        )
    return table
