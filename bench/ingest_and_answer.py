"""Benchmark: ingest throughput against raw embedding, retrieval and answer latency, peak RSS.

    python -m bench.ingest_and_answer [--corpus corpus] [--repeat 5]

Every ratio compares two measurements taken in the same run on the same chunks.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from pathlib import Path

from assistant.chunking import chunk_document
from assistant.config import Settings, offline_environment
from assistant.disputes import build_disputes
from assistant.embed import get_embedder
from assistant.figures import extract_figures
from assistant.index import Index
from assistant.ingest import load_corpus
from assistant.pipeline import ask
from assistant.retrieve import retrieve

HERE = Path(__file__).resolve().parent


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    offline_environment()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    docs = load_corpus(args.corpus).documents
    texts = [c.text for d in docs for c in chunk_document(d)]
    embedder = get_embedder()
    t = time.perf_counter()
    embedder.embed_batch(["warm up"])
    load_s = time.perf_counter() - t

    model = embedder._load()  # type: ignore[attr-defined]  # the raw SentenceTransformer
    t = time.perf_counter()
    model.encode(texts, batch_size=64, normalize_embeddings=True)
    raw_s = time.perf_counter() - t

    # the figure ledger: extraction over every document, then dispute grouping over the ledger
    t = time.perf_counter()
    statements = [
        st
        for d in docs
        for st in extract_figures(
            d.id, d.text, publisher=d.source.publisher, date=d.source.date, stance=d.source.stance
        )
    ]
    ledger_s = time.perf_counter() - t

    with tempfile.TemporaryDirectory() as tmp:
        index = Index(Path(tmp), embedder)
        t = time.perf_counter()
        index.sync(docs)
        ingest_s = time.perf_counter() - t
        t = time.perf_counter()
        index.sync(docs)
        noop_s = time.perf_counter() - t
        ledger, vectors = index.figure_statements()
        publishers = {i: src.publisher for i, src in index.sources().items()}
        t = time.perf_counter()
        build_disputes(ledger, vectors, publishers)
        group_s = time.perf_counter() - t

        settings = Settings.from_env()
        questions = [q for q in (HERE / "questions.txt").read_text().splitlines() if q.strip()]
        ask(questions[0], index, settings)  # builds the lexical index once
        retrieval, answers = [], []
        for _ in range(args.repeat):
            for q in questions:
                t = time.perf_counter()
                retrieve(index, q, embedder.embed_batch([q])[0], settings.top_k)
                retrieval.append(time.perf_counter() - t)
                t = time.perf_counter()
                ask(q, index, settings)
                answers.append(time.perf_counter() - t)

    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = len(texts)
    rows = [
        ("documents / chunks", f"{len(docs)} / {n}"),
        ("model load (once per process)", f"{load_s:.2f} s"),
        ("raw SentenceTransformer.encode", f"{n / raw_s:.1f} chunks/s"),
        ("pipeline ingest (chunk+embed+store)", f"{n / ingest_s:.1f} chunks/s"),
        ("ingest / raw encode", f"{raw_s / ingest_s:.0%}"),
        (
            "figure ledger extraction per 1,000 chunks",
            f"{ledger_s / n * 1000:.2f} s ({len(statements)} figures)",
        ),
        ("raw embedding per 1,000 chunks", f"{raw_s / n * 1000:.2f} s"),
        ("ledger extraction / raw embedding", f"{ledger_s / raw_s:.1%}"),
        ("dispute grouping over the whole ledger", f"{group_s * 1000:.0f} ms"),
        ("re-ingest, nothing changed", f"{noop_s:.3f} s"),
        (
            "retrieval p50 / p95",
            f"{statistics.median(retrieval) * 1000:.0f} / {pct(retrieval, 0.95) * 1000:.0f} ms",
        ),
        (
            "extractive answer p50 / p95",
            f"{statistics.median(answers) * 1000:.0f} / {pct(answers, 0.95) * 1000:.0f} ms",
        ),
        ("peak RSS", f"{rss_mb:.0f} MB"),
    ]
    print(f"| measure ({len(answers)} answers) | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
