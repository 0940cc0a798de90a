"""Benchmark: the MiniLM embedders (torch, ONNX fp32, ONNX int8) over the demo corpus's chunks.

    python -m bench.embedders [--threads 2] [--rounds 3] [--repeat 3] [--sweep]

Each backend runs in a process of its own, as the app would: import, load, one warm-up call,
then `embed_batch` over every chunk, `--repeat` times. The backends take turns for `--rounds`
rounds in one sitting, so that other work on the machine falls on all of them alike. Reported
per backend: chunks/s (best and median wall time), chunks per CPU-second (the work itself,
steadier when the cores are shared), the time from process start until the first vector, the
mean cosine to torch's vectors, and the ratio to torch. `--sweep` also times the int8 model at
other batch sizes and thread counts.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

STARTED = time.perf_counter()
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BACKENDS = ("minilm", "minilm-onnx", "minilm-onnx-int8", "minilm-onnx-int8-avx2")
RESULTS = HERE / "results" / "embedders.json"


def _texts() -> list[str]:
    from assistant.corpus.chunks import chunk_document
    from assistant.corpus.load import load_corpus

    docs = load_corpus(ROOT / "corpus").documents
    return [c.text for d in docs if not d.id.startswith("uploads/") for c in chunk_document(d)]


def _embedder(name: str, threads: int, batch: int) -> Any:
    if name == "minilm":
        import torch

        torch.set_num_threads(threads)
    os.environ["CROSSCHECK_EMBED_THREADS"] = str(threads)
    from assistant.store.embedders import get_embedder
    from assistant.store.onnx_embedder import OnnxEmbedder

    embedder = get_embedder(name)
    if batch and isinstance(embedder, OnnxEmbedder):
        embedder = OnnxEmbedder(name, embedder.variant, batch_size=batch)
    return embedder


def child(name: str, threads: int, batch: int, repeat: int) -> dict[str, Any]:
    """One backend in this process: load, warm up, time `repeat` passes over the chunks."""
    import numpy as np

    from assistant.config import offline_environment

    offline_environment()
    texts = _texts()
    embedder = _embedder(name, threads, batch)
    embedder.embed_batch(["warm up"])
    ready_s = time.perf_counter() - STARTED
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        vectors = embedder.embed_batch(texts)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    np.save(_vectors_file(name, threads, batch), np.asarray(vectors, dtype=np.float32))
    return {"chunks": len(texts), "ready_s": ready_s, "walls": walls, "cpus": cpus}


def _vectors_file(name: str, threads: int, batch: int) -> Path:
    return Path(os.environ.get("TMPDIR", "/tmp")) / f"crosscheck-bench-{name}-{threads}-{batch}.npy"


def _run(name: str, threads: int, batch: int, repeat: int) -> dict[str, Any]:
    args = ["--child", name, "--threads", str(threads), "--batch", str(batch)]
    done = subprocess.run(
        [sys.executable, "-m", "bench.embedders", *args, "--repeat", str(repeat)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{name} failed:\n{done.stderr[-2000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def measure(configs: list[tuple[str, int, int]], rounds: int, repeat: int) -> list[dict[str, Any]]:
    """Every config in its own process, taking turns for `rounds` rounds."""
    runs: dict[tuple[str, int, int], list[dict[str, Any]]] = {c: [] for c in configs}
    for r in range(rounds):
        for config in configs:
            runs[config].append(_run(*config, repeat))
            print(f"round {r + 1}/{rounds}: {config} done", file=sys.stderr, flush=True)
    return [_summary(config, got) for config, got in runs.items()]


def _summary(config: tuple[str, int, int], got: list[dict[str, Any]]) -> dict[str, Any]:
    import numpy as np

    name, threads, batch = config
    chunks = got[0]["chunks"]
    walls = [w for g in got for w in g["walls"]]
    cpus = [c for g in got for c in g["cpus"]]
    mine = np.load(_vectors_file(*config))
    torch = np.load(_vectors_file("minilm", threads, 0))
    return {
        "backend": name,
        "threads": threads,
        "batch": batch or "default",
        "chunks_per_s_best": chunks / min(walls),
        "chunks_per_s_median": chunks / statistics.median(walls),
        "chunks_per_cpu_s": chunks / min(cpus),
        "ready_s": min(g["ready_s"] for g in got),
        "cosine_to_torch": float((mine * torch).sum(axis=1).mean()),
    }


def report(rows: list[dict[str, Any]]) -> str:
    base = next(r for r in rows if r["backend"] == "minilm")
    lines = [
        "| backend | threads | batch | chunks/s best | chunks/s median | chunks/CPU-s "
        "| ratio to torch (best / median / CPU) | start to first vector s | cosine to torch |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ratios = [
            r[k] / base[k] for k in ("chunks_per_s_best", "chunks_per_s_median", "chunks_per_cpu_s")
        ]
        lines.append(
            f"| {r['backend']} | {r['threads']} | {r['batch']} | {r['chunks_per_s_best']:.1f} "
            f"| {r['chunks_per_s_median']:.1f} | {r['chunks_per_cpu_s']:.1f} "
            f"| {' / '.join(f'{x:.2f}x' for x in ratios)} | {r['ready_s']:.1f} "
            f"| {r['cosine_to_torch']:.4f} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="turns of every backend")
    parser.add_argument("--repeat", type=int, default=3, help="passes per process")
    parser.add_argument("--sweep", action="store_true", help="int8 batch sizes and threads too")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--batch", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.threads, args.batch, args.repeat)))
        return 0
    configs = [(name, args.threads, 0) for name in BACKENDS]
    if args.sweep:
        configs += [("minilm-onnx-int8", args.threads, b) for b in (4, 8, 32, 64)]
        configs += [("minilm-onnx-int8", 1, 0), ("minilm", 1, 0)]
    rows = measure(configs, args.rounds, args.repeat)
    table = report(rows)
    print(table)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"rows": rows, "table": table}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
