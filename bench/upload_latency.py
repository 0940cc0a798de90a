"""Ask latency while a large document is being indexed through the upload door.

    python -m bench.upload_latency [--mb 5] [--corpus tests/data/fictional]

Serves the real app (UI + API, `serve.server.build_server`) on 127.0.0.1 over a fresh index of
the corpus, measures `POST /api/v1/ask` latency with nothing else happening, then again while a
generated plain-text document of `--mb` megabytes is uploaded through
`POST /api/v1/documents` in another thread, and prints both, as medians and p95, in one run.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

import httpx

from app import build_app
from assistant.config import Settings, offline_environment
from assistant.ledger.library import ingest
from assistant.serve.server import build_server
from bench.ingest_and_answer import pct
from tests.serving import serving

QUESTION = "How many people died when the Marrowby dam collapsed?"
SENTENCE = (
    "The Harbour Board of Quillon recorded {n} crossings by the ferry Vessa in week {w}, "
    "according to its logbook, which also noted calm seas and two delayed departures. "
)


def big_text(megabytes: float) -> bytes:
    out, n = [], 0
    while sum(len(s) for s in out) < megabytes * 1_000_000:
        out.append(SENTENCE.format(n=100 + n % 900, w=n % 52 + 1))
        n += 1
        if n % 8 == 0:
            out.append("\n\n")
    return "".join(out).encode()


def timed_asks(url: str, until: threading.Event | None, count: int) -> list[float]:
    """Ask `count` times (or until `until` is set), one at a time; seconds per answer."""
    times: list[float] = []
    with httpx.Client(base_url=url, timeout=600) as http:
        while (until is None and len(times) < count) or (until is not None and not until.is_set()):
            t = time.perf_counter()
            assert http.post("/api/v1/ask", json={"question": QUESTION}).status_code == 200
            times.append(time.perf_counter() - t)
    return times


def main() -> None:
    offline_environment()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--corpus", type=Path, default=Path("tests/data/fictional"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(args.corpus, corpus)
        settings = replace(
            Settings.from_env(), corpus_dir=corpus, index_dir=Path(tmp) / "index",
            rate_limit="off", max_upload_bytes=int(args.mb * 2_000_000),
        )  # fmt: skip
        library = ingest(settings)[2]
        with serving(build_server(library, settings, build_app(library, settings))) as url:
            idle = timed_asks(url, None, 20)
            done = threading.Event()
            upload_s: list[float] = []

            def upload() -> None:
                t = time.perf_counter()
                files = {"files": ("logbook.txt", big_text(args.mb), "text/plain")}
                try:
                    got = httpx.post(f"{url}/api/v1/documents", files=files, timeout=3600)
                    print(got.status_code, got.json()["documents"][0]["status"])
                finally:
                    upload_s.append(time.perf_counter() - t)
                    done.set()

            worker = threading.Thread(target=upload)
            worker.start()
            busy = timed_asks(url, done, 0)
            worker.join()
            after = timed_asks(url, None, 10)
    print(f"| ask latency ({args.mb:g} MB upload) | p50 | p95 | answers |\n|---|---|---|---|")
    for name, xs in (("idle", idle), ("while indexing", busy), ("after it", after)):
        print(f"| {name} | {statistics.median(xs):.2f} s | {pct(xs, 0.95):.2f} s | {len(xs)} |")
    print(f"\nthe upload itself: {upload_s[0]:.0f} s")


if __name__ == "__main__":
    main()
