"""What one write costs a large library: open it, add one document, remove it, add it again,
remove it again, each step timed in the process (the second add is a warm server's cost).

    python -m bench.ledger_writes 200000 /path/to/work     # builds /path/to/work/library once

The library is the synthetic corpus of `bench/synth.py` embedded by the hashed embedder of
`bench/scale.py` (the same store `python -m bench.scale` builds), so the numbers measure the
store and the claims ledger, not the neural model. The build is its own run of the command:
time the runs after it, as whole processes, to compare two versions of the code on copies of
one store.
"""

from __future__ import annotations

import argparse
import time
from itertools import pairwise
from pathlib import Path

from assistant.config import offline_environment


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chunks", type=int, help="the library's size in chunks (2 per document)")
    parser.add_argument("work", type=Path, help="the directory holding (or to hold) the library")
    args = parser.parse_args()
    offline_environment()
    from assistant.ledger.library import Library
    from assistant.store.embedders import get_embedder, register_embedder
    from assistant.store.index import Index
    from bench.scale import HashedBagOfWords
    from bench.synth import corpus

    register_embedder("hashed-bow", HashedBagOfWords)
    docs = [d for d, _ in corpus(args.chunks // 2 + 1)]
    built = (args.work / "library").is_dir()
    times = [time.perf_counter()]
    library = Library.over(Index(args.work / "library", get_embedder("hashed-bow")))
    if not built:
        library.sync_documents(docs[:-1])
        print(
            f"built {library.index.chunk_count()} chunks in {time.perf_counter() - times[0]:.1f} s"
        )
        return
    library.disputes()
    times.append(time.perf_counter())
    for _ in range(2):
        library.add_documents(docs[-1:])
        library.disputes()
        times.append(time.perf_counter())
        library.remove([docs[-1].id])
        library.disputes()
        times.append(time.perf_counter())
    steps = ("open", "add", "remove", "add again", "remove again")
    took = [b - a for a, b in pairwise(times)]
    print(", ".join(f"{step} {t:.2f} s" for step, t in zip(steps, took, strict=True)))


if __name__ == "__main__":
    main()
