"""Ingest against the tutorial pipeline, with the real MiniLM on both sides, in one sitting.

    python -m bench.versus_naive [--copies 3] [--rounds 3]

The naive pipeline is what LangChain's tutorials build: `RecursiveCharacterTextSplitter`
(500/50) -> MiniLM through sentence-transformers (torch), behind a LangChain `Embeddings`
class (what `HuggingFaceEmbeddings` does; that package is not installed) ->
`Chroma.from_documents`. Ours is measured twice:

- **searchable**: the store alone (chunk, embed with the default embedder, write chunks, the
  document records and the on-disk lexical index): what a question needs to retrieve and quote;
- **complete**: the library (the same, plus the claims of every chunk read by the parser and
  placed in the dispute ledger, and stances inferred).

The corpus is the demo corpus, `--copies` times over (ids made distinct). Each run is a fresh
process (model load timed apart, not counted in the rate); the three systems take turns for
`--rounds` rounds and the median is reported. Recall@6 is the share of the demo gold
questions whose cited documents (any copy) are among the six retrieved.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SYSTEMS = ("naive", "searchable", "complete")


def documents(copies: int) -> list[Any]:
    from assistant.corpus.load import load_corpus

    docs = load_corpus(ROOT / "corpus").documents
    return [replace(d, id=f"{d.id}~{n}") for n in range(copies) for d in docs]


def gold() -> list[tuple[str, set[str]]]:
    from assistant.evaluation.goldset import load_questions

    questions = load_questions(ROOT / "eval" / "questions.jsonl")
    return [(q.question, set(q.sources)) for q in questions if q.answerable and q.sources]


def _recall(found: list[list[str]], wanted: list[set[str]]) -> float:
    hits = sum(bool({d.split("~")[0] for d in f} & w) for f, w in zip(found, wanted, strict=True))
    return hits / max(1, len(wanted))


def run_naive(docs: list[Any], work: Path) -> dict[str, float]:
    from langchain_chroma import Chroma
    from langchain_core.documents import Document as LCDocument
    from langchain_core.embeddings import Embeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter
    from sentence_transformers import SentenceTransformer

    from assistant.store.onnx_embedder import minilm_dir

    class MiniLM(Embeddings):  # what langchain_huggingface.HuggingFaceEmbeddings does
        def __init__(self) -> None:
            self.model = SentenceTransformer(str(minilm_dir()), device="cpu")

        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return self.model.encode(texts, normalize_embeddings=True).tolist()  # type: ignore[no-any-return]

        def embed_query(self, text: str) -> list[float]:
            return self.embed_documents([text])[0]

    t = time.perf_counter()
    embeddings = MiniLM()
    embeddings.embed_query("warm up")
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    splitter = RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50)
    pieces = splitter.split_documents(
        [LCDocument(page_content=d.text, metadata={"doc_id": d.id}) for d in docs]
    )
    store = Chroma.from_documents(pieces, embeddings, persist_directory=str(work))
    ingest_s = time.perf_counter() - t
    questions = gold()
    found = [[d.metadata["doc_id"] for d in store.similarity_search(q, k=6)] for q, _ in questions]
    return {
        "load_s": load_s,
        "ingest_s": ingest_s,
        "chunks": len(pieces),
        "recall_at_6": _recall(found, [w for _, w in questions]),
    }


def run_ours(system: str, docs: list[Any], work: Path) -> dict[str, float]:
    from assistant.answer.retrieve import retrieve
    from assistant.ledger.library import Library
    from assistant.ledger.statements import extract_figures
    from assistant.store.embedders import DEFAULT_EMBEDDER, get_embedder
    from assistant.store.index import Index

    t = time.perf_counter()
    embedder = get_embedder(DEFAULT_EMBEDDER)
    embedder.embed_batch(["warm up"])
    if system == "complete":  # the parser loads once per process, like the model
        extract_figures("w", "Police arrested 12 people.", publisher="", date="", stance="")
    load_s = time.perf_counter() - t
    index = Index(work, embedder)
    t = time.perf_counter()
    if system == "complete":
        Library.over(index).sync_documents(docs)
    else:
        index.sync(docs)
    ingest_s = time.perf_counter() - t
    questions = gold()
    vectors = embedder.embed_batch([q for q, _ in questions])
    found = [
        [p.chunk.doc_id for p in retrieve(index, q, v, 6)]
        for (q, _), v in zip(questions, vectors, strict=True)
    ]
    return {
        "load_s": load_s,
        "ingest_s": ingest_s,
        "chunks": index.chunk_count(),
        "recall_at_6": _recall(found, [w for _, w in questions]),
    }


def child(system: str, copies: int) -> None:
    from assistant.config import offline_environment

    offline_environment()
    docs = documents(copies)
    with tempfile.TemporaryDirectory() as tmp:
        got = run_naive(docs, Path(tmp)) if system == "naive" else run_ours(system, docs, Path(tmp))
    got |= {
        "docs": len(docs),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    print(json.dumps({"system": system, **got}))


def table(rows: list[dict[str, Any]]) -> str:
    by: dict[str, list[dict[str, Any]]] = {
        s: [r for r in rows if r["system"] == s] for s in SYSTEMS
    }
    naive = statistics.median(r["docs"] / r["ingest_s"] for r in by["naive"])
    lines = [
        "| system | documents/s | chunks/s | vs naive (documents/s) | recall@6 | model load s "
        "| peak RSS MB |",
        "|---|---|---|---|---|---|---|",
    ]
    for system in SYSTEMS:
        rs = by[system]
        docs_s = statistics.median(r["docs"] / r["ingest_s"] for r in rs)
        chunks_s = statistics.median(r["chunks"] / r["ingest_s"] for r in rs)
        lines.append(
            f"| {system} | {docs_s:.2f} | {chunks_s:.1f} | {docs_s / naive:.2f}x | "
            f"{statistics.median(r['recall_at_6'] for r in rs):.3f} | "
            f"{statistics.median(r['load_s'] for r in rs):.1f} | "
            f"{statistics.median(r['peak_rss_mb'] for r in rs):.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--child", choices=SYSTEMS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.copies)
        return
    rows = []
    for _ in range(args.rounds):
        for system in SYSTEMS:
            cmd = [sys.executable, "-m", "bench.versus_naive", "--copies", str(args.copies)]
            out = subprocess.run(
                [*cmd, "--child", system], check=True, stdout=subprocess.PIPE, text=True
            ).stdout
            rows.append(json.loads(out.strip().splitlines()[-1]))
            print(json.dumps(rows[-1]), file=sys.stderr)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "versus_naive.json").write_text(json.dumps(rows, indent=1))
    print(table(rows))


if __name__ == "__main__":
    main()
