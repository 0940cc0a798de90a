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
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.answer.pipeline import ask
from assistant.answer.retrieve import retrieve
from assistant.config import Settings, offline_environment
from assistant.corpus.chunks import chunk_document
from assistant.corpus.load import load_corpus
from assistant.ledger.disputes import build_disputes
from assistant.ledger.library import Library
from assistant.ledger.statements import extract_figures
from assistant.remember import forget_everything
from assistant.store.embedders import get_embedder
from assistant.store.index import Index
from assistant.types import Document

HERE = Path(__file__).resolve().parent


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure_encoding(texts: list[str]) -> dict[str, float]:
    """Model load, then raw SentenceTransformer.encode over every chunk (the baseline)."""
    embedder = get_embedder()
    t = time.perf_counter()
    embedder.embed_batch(["warm up"])
    load_s = time.perf_counter() - t
    model = embedder._load()  # type: ignore[attr-defined]  # the raw SentenceTransformer
    t = time.perf_counter()
    model.encode(texts, batch_size=64, normalize_embeddings=True)
    return {"load_s": load_s, "raw_s": time.perf_counter() - t}


def measure_ledger(docs: Sequence[Document]) -> dict[str, float]:
    """Figure extraction (claims read from the parser) over every document, after the parser
    is loaded (its load is once per process, like the embedding model's)."""
    t = time.perf_counter()
    extract_figures("warm-up", "Police arrested 12 people.", publisher="", date="", stance="")
    parser_load_s = time.perf_counter() - t
    t = time.perf_counter()
    found = [
        st
        for d in docs
        for st in extract_figures(
            d.id, d.text, publisher=d.source.publisher, date=d.source.date, stance=d.source.stance
        )
    ]
    return {
        "ledger_s": time.perf_counter() - t,
        "figures": len(found),
        "parser_load_s": parser_load_s,
    }


def measure_library(docs: Sequence[Document], tmp: Path, repeat: int) -> dict[str, Any]:
    """Ingest, a no-op re-ingest, dispute grouping, then retrieval and answer latencies."""
    embedder = get_embedder()
    library = Library.over(Index(tmp, embedder))
    t = time.perf_counter()
    library.sync_documents(docs)
    ingest_s = time.perf_counter() - t
    t = time.perf_counter()
    library.sync_documents(docs)
    noop_s = time.perf_counter() - t
    statements, vectors = library.ledger.statements()
    publishers = {i: src.publisher for i, src in library.index.sources().items()}
    t = time.perf_counter()
    build_disputes(statements, vectors, publishers)
    group_s = time.perf_counter() - t
    settings = Settings.from_env()
    questions = [q for q in (HERE / "questions.txt").read_text().splitlines() if q.strip()]
    ask(questions[0], library, settings)  # builds the lexical index once
    retrieval, answers = [], []
    for _ in range(repeat):
        forget_everything()  # every answer as if its sentences were new (see the memo rows)
        for q in questions:
            t = time.perf_counter()
            retrieve(library.index, q, embedder.embed_batch([q])[0], settings.top_k)
            retrieval.append(time.perf_counter() - t)
            t = time.perf_counter()
            ask(q, library, settings)
            answers.append(time.perf_counter() - t)
    return {
        "ingest_s": ingest_s,
        "noop_s": noop_s,
        "group_s": group_s,
        "retrieval": retrieval,
        "answers": answers,
    }


def measure_default_answers(docs: Sequence[Document], tmp: Path) -> dict[str, Any]:
    """Answer latency with the app's own embedder (`Settings.embedder`, ONNX int8 by default):
    each question asked once, after one warm-up question."""
    settings = Settings.from_env()
    library = Library.over(Index(tmp, get_embedder(settings.embedder)))
    library.sync_documents(docs)
    questions = [q for q in (HERE / "questions.txt").read_text().splitlines() if q.strip()]
    ask("What happened?", library, settings)
    forget_everything()
    answers, again = [], []
    for q in questions:
        t = time.perf_counter()
        ask(q, library, settings)
        answers.append(time.perf_counter() - t)
    for q in questions:  # the same questions again: their sentences embedded and parsed once
        t = time.perf_counter()
        ask(q, library, settings)
        again.append(time.perf_counter() - t)
    return {"default_embedder": settings.embedder, "default_answers": answers, "again": again}


def report(docs: int, n: int, m: dict[str, Any]) -> list[tuple[str, str]]:
    retrieval, answers = m["retrieval"], m["answers"]
    return [
        ("documents / chunks", f"{docs} / {n}"),
        ("model load (once per process)", f"{m['load_s']:.2f} s"),
        ("raw SentenceTransformer.encode", f"{n / m['raw_s']:.1f} chunks/s"),
        ("pipeline ingest (chunk+embed+store)", f"{n / m['ingest_s']:.1f} chunks/s"),
        ("ingest / raw encode", f"{m['raw_s'] / m['ingest_s']:.0%}"),
        (
            "figure ledger extraction per 1,000 chunks",
            f"{m['ledger_s'] / n * 1000:.2f} s ({m['figures']} figures)",
        ),
        ("raw embedding per 1,000 chunks", f"{m['raw_s'] / n * 1000:.2f} s"),
        ("ledger extraction / raw embedding", f"{m['ledger_s'] / m['raw_s']:.1%}"),
        ("dispute grouping over the whole ledger", f"{m['group_s'] * 1000:.0f} ms"),
        ("re-ingest, nothing changed", f"{m['noop_s']:.3f} s"),
        (
            "retrieval p50 / p95",
            f"{statistics.median(retrieval) * 1000:.0f} / {pct(retrieval, 0.95) * 1000:.0f} ms",
        ),
        (
            "extractive answer p50 / p95",
            f"{statistics.median(answers) * 1000:.0f} / {pct(answers, 0.95) * 1000:.0f} ms",
        ),
        (
            f"extractive answer p50 / p95, {m['default_embedder']} (each question once, new)",
            f"{statistics.median(m['default_answers']) * 1000:.0f}"
            f" / {pct(m['default_answers'], 0.95) * 1000:.0f} ms",
        ),
        (
            f"extractive answer p50 / p95, {m['default_embedder']}, asked again (remembered)",
            f"{statistics.median(m['again']) * 1000:.0f} / {pct(m['again'], 0.95) * 1000:.0f} ms",
        ),
        ("peak RSS", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"),
        ("parser load (once per process)", f"{m['parser_load_s']:.2f} s"),
        _limit("claim parsing / embedding ≤ 50%", m["ledger_s"] / m["raw_s"] <= 0.5),
        _limit("extractive answer p50 ≤ 0.5 s", statistics.median(answers) <= 0.5),
    ]


def _limit(name: str, held: bool) -> tuple[str, str]:
    return (f"limit: {name}", "holds" if held else "BROKEN")


def main() -> None:
    offline_environment()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    docs = load_corpus(args.corpus).documents
    texts = [c.text for d in docs for c in chunk_document(d)]
    measured = {**measure_encoding(texts), **measure_ledger(docs)}
    with tempfile.TemporaryDirectory() as tmp:
        measured |= measure_library(docs, Path(tmp) / "torch", args.repeat)
        measured |= measure_default_answers(docs, Path(tmp) / "default")
    print(f"| measure ({len(measured['answers'])} answers) | value |\n|---|---|")
    for name, value in report(len(docs), len(texts), measured):
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
