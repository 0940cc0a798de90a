"""Scale benchmark: ingest and query synthetic corpora of 10k, 50k and 200k chunks, ours beside
the naive langchain pipeline (`Chroma.from_documents` + `similarity_search`) in the same run.

    python -m bench.scale [--sizes 10000,50000,200000] [--queries 200] [--out bench/results]
    python -m bench.scale --store-only [--sizes ...]   # the store alone: lexical and opening

Both sides embed with the same fast hashed bag-of-words embedder (registered through
`register_embedder`, the real extension path), so the numbers measure storage, the figure
ledger, lexical search and retrieval, not the neural model (whose cost is the same for both
and is measured by `python -m bench.versus_naive`). Each phase of each system runs in its own
process: build (ours twice: the store alone, "searchable", then the library with its claims
parsed and grouped, "complete"), open to the first answer, and queries; peak RSS is the
serving process's.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.store.lexical import tokenize

DIM = 384
HERE = Path(__file__).resolve().parent


class HashedBagOfWords:
    """Deterministic, fast: each token adds +-1 to one of DIM buckets; L2-normalised."""

    name = "hashed-bow"

    def embed_batch(self, texts: Sequence[str]) -> list[list[float]]:
        out = []
        for text in texts:
            v = [0.0] * DIM
            for token in tokenize(text):
                h = int.from_bytes(hashlib.blake2b(token.encode(), digest_size=8).digest(), "big")
                v[h % DIM] += 1.0 if (h >> 32) & 1 else -1.0
            norm = math.sqrt(sum(x * x for x in v)) or 1.0
            out.append([x / norm for x in v])
        return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def disk_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def ours_phase(phase: str, n_chunks: int, queries: int, work: Path) -> dict[str, float]:
    """Ours, one phase per process. `build`: the store alone (searchable), then the library
    (complete: claims parsed and grouped too), each into its own directory; `open`: a new
    process opens the library and answers one question with its disputes (start-up); `query`:
    retrieval latency and recall@6, then one more document added (serving, peak RSS)."""
    from assistant.answer.retrieve import retrieve
    from assistant.ledger.library import Library
    from assistant.store.embedders import get_embedder, register_embedder
    from assistant.store.index import Index
    from bench.synth import corpus

    register_embedder("hashed-bow", HashedBagOfWords)
    embedder = get_embedder("hashed-bow")
    pairs = list(corpus(n_chunks // 2 + 1))
    if phase == "build":
        docs = [d for d, _ in pairs[:-1]]
        t = time.perf_counter()
        Index(work / "store", embedder).sync(docs)
        searchable_s = time.perf_counter() - t
        library = Library.over(Index(work / "library", embedder))
        t = time.perf_counter()
        library.sync_documents(docs)
        complete_s = time.perf_counter() - t
        chunks = library.index.chunk_count()
        return {
            "chunks": chunks,
            "docs": len(docs),
            "searchable_chunks_per_s": chunks / searchable_s,
            "ingest_chunks_per_s": chunks / complete_s,
            "disk_mb": disk_mb(work / "library"),
        }
    t = time.perf_counter()
    library = Library.over(Index(work / "library", embedder))
    question = pairs[0][1].question
    retrieve(library.index, question, embedder.embed_batch([question])[0], 6)
    library.disputes()
    if phase == "open":
        return {"open_s": time.perf_counter() - t}
    lat, hits = [], 0
    for _, p in pairs[:queries]:
        vector = embedder.embed_batch([p.question])[0]
        t = time.perf_counter()
        passages = retrieve(library.index, p.question, vector, 6)
        lat.append(time.perf_counter() - t)
        hits += any(x.chunk.doc_id == p.doc_id for x in passages)
    t = time.perf_counter()
    library.add_documents([pairs[-1][0]])  # one more document: incremental, no rebuild
    add_one_s = time.perf_counter() - t
    vector = embedder.embed_batch([pairs[-1][1].question])[0]
    found = retrieve(library.index, pairs[-1][1].question, vector)
    return {
        "retrieve_p50_ms": statistics.median(lat) * 1000,
        "retrieve_p95_ms": pct(lat, 0.95) * 1000,
        "recall_at_6": hits / len(lat),
        "add_one_doc_s": add_one_s,
        "found_added": float(any(x.chunk.doc_id == pairs[-1][0].id for x in found)),
    }


def store_phase(phase: str, n_chunks: int, queries: int, work: Path) -> dict[str, float]:
    """The store alone, no ledger: `build` ingests; `open` opens and answers one lexical query
    (what a new process pays before its first answer); `query` times lexical search and
    retrieval, then adds one document. Each phase is its own process."""
    from assistant.answer.retrieve import retrieve
    from assistant.store.index import Index
    from bench.synth import corpus

    embedder = HashedBagOfWords()
    t = time.perf_counter()
    if phase == "build":
        docs = [d for d, _ in list(corpus(n_chunks // 2 + 1))[:-1]]
        index = Index(work, embedder)
        index.sync(docs)
        return {"chunks": index.chunk_count(), "build_s": time.perf_counter() - t}
    index = Index(work, embedder)
    index_open_s = time.perf_counter() - t
    t = time.perf_counter()
    index.lexical("warm up", 1)
    first_lexical_s = time.perf_counter() - t
    if phase == "open":
        return {"index_open_s": index_open_s, "first_lexical_s": first_lexical_s}
    pairs = list(corpus(n_chunks // 2 + 1))
    lexical, hybrid, hits = [], [], 0
    for _, p in pairs[:queries]:
        t = time.perf_counter()
        index.lexical(p.question, 40)
        lexical.append(time.perf_counter() - t)
        vector = embedder.embed_batch([p.question])[0]
        t = time.perf_counter()
        passages = retrieve(index, p.question, vector, 6)
        hybrid.append(time.perf_counter() - t)
        hits += any(x.chunk.doc_id == p.doc_id for x in passages)
    t = time.perf_counter()
    index.add([pairs[-1][0]])
    add_one_s = time.perf_counter() - t
    found = index.lexical(pairs[-1][1].question, 6)
    return {
        "lexical_p50_ms": statistics.median(lexical) * 1000,
        "lexical_p95_ms": pct(lexical, 0.95) * 1000,
        "retrieve_p50_ms": statistics.median(hybrid) * 1000,
        "retrieve_p95_ms": pct(hybrid, 0.95) * 1000,
        "recall_at_6": hits / len(hybrid),
        "add_one_doc_s": add_one_s,
        "found_added": float(any(c.doc_id == pairs[-1][0].id for c, _ in found)),
    }


def store_only(sizes: list[int], queries: int) -> list[dict[str, float]]:
    """Per size: build, open (whole process, timed from outside too), query; same sitting."""
    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            row: dict[str, float] = {"size": size}
            for phase in ("build", "open", "query"):
                cmd = [sys.executable, "-m", "bench.scale", "--queries", str(queries)]
                cmd += ["--child", f"store-{phase}", str(size), "--work", tmp]
                t = time.perf_counter()
                out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
                got = json.loads(out.strip().splitlines()[-1])
                row[f"{phase}_process_s"] = time.perf_counter() - t
                row[f"{phase}_peak_rss_mb"] = got.pop("peak_rss_mb")
                row.update(got)
            row["disk_mb"] = disk_mb(Path(tmp))
        print(json.dumps(row), file=sys.stderr)
        rows.append(row)
    return rows


def _child_json(args: list[str], queries: int) -> dict[str, float]:
    cmd = [sys.executable, "-m", "bench.scale", "--queries", str(queries), *args]
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


def phases(system: str, size: int, queries: int) -> dict[str, Any]:
    """One system's phases at one size, each its own process, in one work directory;
    `<phase>_process_s` is the whole process, interpreter start-up included, timed from
    outside. Peak RSS is the serving process's (ours: opened, queried, one document added)."""
    row: dict[str, Any] = {"system": system, "size": size}
    steps = ("build", "open", "query") if system == "ours" else ("build", "open")
    with tempfile.TemporaryDirectory() as tmp:
        for phase in steps:
            t = time.perf_counter()
            got = _child_json(["--child", f"{system}-{phase}", str(size), "--work", tmp], queries)
            row[f"{phase}_process_s"] = time.perf_counter() - t
            row[f"{phase}_peak_rss_mb"] = got.pop("peak_rss_mb")
            row.update(got)
    row["peak_rss_mb"] = row[f"{steps[-1]}_peak_rss_mb"]
    return row


def naive_phase(phase: str, n_chunks: int, queries: int, work: Path) -> dict[str, float]:
    """What langchain's tutorials build: split and `Chroma.from_documents` (`build`); then a
    new process opens it and answers with `similarity_search` (`open`)."""
    from langchain_chroma import Chroma
    from langchain_core.documents import Document as LCDocument
    from langchain_core.embeddings import Embeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from bench.synth import corpus

    class LCHashed(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return HashedBagOfWords().embed_batch(texts)

        def embed_query(self, text: str) -> list[float]:
            return HashedBagOfWords().embed_batch([text])[0]

    pairs = list(corpus(n_chunks // 2 + 1))[:-1]
    if phase == "build":
        t = time.perf_counter()
        splitter = RecursiveCharacterTextSplitter(chunk_size=700, chunk_overlap=0)
        lc_docs = splitter.split_documents(
            [LCDocument(page_content=d.text, metadata={"doc_id": d.id}) for d, _ in pairs]
        )
        Chroma.from_documents(lc_docs, LCHashed(), persist_directory=str(work))
        ingest_s = time.perf_counter() - t
        return {
            "chunks": len(lc_docs),
            "docs": len(pairs),
            "ingest_chunks_per_s": len(lc_docs) / ingest_s,
            "searchable_chunks_per_s": len(lc_docs) / ingest_s,
            "disk_mb": disk_mb(work),
        }
    t = time.perf_counter()  # a new process opens the store and answers
    store = Chroma(persist_directory=str(work), embedding_function=LCHashed())
    store.similarity_search(pairs[0][1].question, k=6)
    open_s = time.perf_counter() - t
    lat, hits = [], 0
    for _, p in pairs[:queries]:
        t = time.perf_counter()
        got = store.similarity_search(p.question, k=6)
        lat.append(time.perf_counter() - t)
        hits += any(d.metadata["doc_id"] == p.doc_id for d in got)
    return {
        "open_s": open_s,
        "retrieve_p50_ms": statistics.median(lat) * 1000,
        "retrieve_p95_ms": pct(lat, 0.95) * 1000,
        "recall_at_6": hits / len(lat),
    }


def child(system: str, n_chunks: int, queries: int, work: Path | None = None) -> None:
    from assistant.config import offline_environment

    offline_environment()
    if system.startswith("store-") and work is not None:
        result = store_phase(system.removeprefix("store-"), n_chunks, queries, work)
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return
    if work is not None:
        system, phase = system.split("-", 1)
        run = ours_phase if system == "ours" else naive_phase
        result = run(phase, n_chunks, queries, work)
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,50000,200000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--store-only", action="store_true", help="the store alone, no ledger")
    parser.add_argument("--child", nargs=2, metavar=("SYSTEM", "SIZE"), help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]), args.queries, args.work)
        return
    if args.store_only:
        rows = store_only([int(s) for s in args.sizes.split(",")], args.queries)
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "scale-store.json").write_text(json.dumps(rows, indent=1))
        return
    rows: list[dict[str, float]] = []
    for size in [int(s) for s in args.sizes.split(",")]:
        for system in ("ours", "naive"):
            rows.append(phases(system, size, args.queries))
            print(json.dumps(rows[-1]), file=sys.stderr)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "scale.json").write_text(json.dumps(rows, indent=1))
    print(table(rows))
    plot(rows, args.out / "scale.png")


def table(rows: list[dict[str, Any]]) -> str:
    """Documents/s until searchable and until complete (claims parsed and grouped), then
    retrieval, recall, start-up, serving memory, disk and the time to add one document."""
    lines = [
        "| chunks | system | docs/s searchable | docs/s complete | chunks/s complete "
        "| retrieve p50 / p95 ms | recall@6 | open to first answer s | serving RSS MB | disk MB "
        "| add 1 doc s |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        docs_per_chunk = r["docs"] / r["chunks"]
        add = f"{r['add_one_doc_s']:.2f}" if "add_one_doc_s" in r else "–"
        lines.append(
            f"| {int(r['chunks']):,} | {r['system']} "
            f"| {r['searchable_chunks_per_s'] * docs_per_chunk:.0f} "
            f"| {r['ingest_chunks_per_s'] * docs_per_chunk:.0f} | {r['ingest_chunks_per_s']:.0f} "
            f"| {r['retrieve_p50_ms']:.1f} / {r['retrieve_p95_ms']:.1f} | {r['recall_at_6']:.2f} "
            f"| {r['open_s']:.2f} | {r['peak_rss_mb']:.0f} | {r['disk_mb']:.0f} | {add} |"
        )
    by = {(str(r["system"]), int(r["size"])): r for r in rows}
    for size in sorted({int(r["size"]) for r in rows}):
        o, n = by.get(("ours", size)), by.get(("naive", size))
        if o and n:
            rate = o["docs"] / o["chunks"] / (n["docs"] / n["chunks"])  # chunks/s -> docs/s
            lines.append(
                f"\nAt {size:,} chunks, ours / naive: documents/s searchable "
                f"{o['searchable_chunks_per_s'] / n['searchable_chunks_per_s'] * rate:.2f}x, "
                f"complete {o['ingest_chunks_per_s'] / n['ingest_chunks_per_s'] * rate:.2f}x, "
                f"retrieval p95 {o['retrieve_p95_ms'] / n['retrieve_p95_ms']:.2f}x, "
                f"open {o['open_s'] / n['open_s']:.2f}x, RSS "
                f"{o['peak_rss_mb'] / n['peak_rss_mb']:.2f}x."
            )
    return "\n".join(lines)


def plot(rows: list[dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 4, figsize=(15, 3.6))
    metrics = [
        ("ingest_chunks_per_s", "ingest, complete (chunks/s)"),
        ("retrieve_p95_ms", "retrieval p95 (ms)"),
        ("open_s", "open to first answer (s)"),
        ("peak_rss_mb", "serving peak RSS (MB)"),
    ]
    for ax, (key, label) in zip(axes, metrics, strict=True):
        for system in ("ours", "naive"):
            pts = sorted((r["chunks"], r[key]) for r in rows if r["system"] == system)
            ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=system)
        ax.set_xscale("log")
        ax.set_xlabel("chunks")
        ax.set_title(label)
    axes[0].legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)


if __name__ == "__main__":
    main()
