"""Load: N concurrent clients asking through POST /api/v1/ask for D seconds, on 127.0.0.1 only,
while a prober checks that /healthz keeps answering.

    python -m bench.load [--clients 20] [--seconds 60] [--corpus corpus] [--questions FILE]

Starts the real server (`python app.py`, UI + API) in its own process over an index of the
corpus (built first if needed), with the rate limit off (every client is 127.0.0.1).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, seconds: float, error: str = "") -> None:
        with self.lock:
            if error:
                self.errors.append(error)
            else:
                self.latencies.append(seconds)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values) or [float("nan")]
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def call(url: str, body: dict[str, object] | None = None, timeout: float = 120) -> None:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        resp.read()
        if resp.status != 200:
            raise urllib.error.HTTPError(url, resp.status, "not 200", resp.headers, None)


def start_server(index: Path, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "CROSSCHECK_INDEX": str(index),
        "CROSSCHECK_PORT": str(port),
        "CROSSCHECK_HOST": "127.0.0.1",
        "CROSSCHECK_RATE_LIMIT": "off",
        "HF_HUB_OFFLINE": "1",
    }
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env)
    deadline = time.monotonic() + 180
    while True:
        try:
            call(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return proc
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("the server did not start") from None
            time.sleep(0.5)


def run(base: str, questions: list[str], clients: int, seconds: float) -> dict[str, float]:
    asks, health = Tally(), Tally()
    stop = time.monotonic() + seconds

    def client(i: int) -> None:
        n = i
        while time.monotonic() < stop:
            q = questions[n % len(questions)]
            n += clients
            t = time.perf_counter()
            try:
                call(f"{base}/api/v1/ask", {"question": q})
                asks.record(time.perf_counter() - t)
            except Exception as exc:  # counted and reported, never hidden
                asks.record(0, f"{type(exc).__name__}: {exc}")

    def prober() -> None:
        while time.monotonic() < stop:
            t = time.perf_counter()
            try:
                call(f"{base}/healthz", timeout=5)
                health.record(time.perf_counter() - t)
            except Exception as exc:
                health.record(0, f"{type(exc).__name__}: {exc}")
            time.sleep(0.5)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    threads.append(threading.Thread(target=prober))
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return {
        "clients": clients,
        "seconds": elapsed,
        "answers": len(asks.latencies),
        "errors": len(asks.errors),
        "answers_per_s": len(asks.latencies) / elapsed,
        "ask_p50_s": statistics.median(asks.latencies) if asks.latencies else float("nan"),
        "ask_p95_s": pct(asks.latencies, 0.95),
        "health_checks": len(health.latencies),
        "health_errors": len(health.errors),
        "health_p95_ms": pct(health.latencies, 0.95) * 1000,
        "health_max_ms": max(health.latencies, default=float("nan")) * 1000,
        "first_errors": asks.errors[:3] + health.errors[:3],  # type: ignore[dict-item]
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--index", type=Path, default=ROOT / ".crosscheck-load")
    parser.add_argument("--questions", type=Path, default=HERE / "questions.txt")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant",
            "ingest",
            "--quiet",
            "--corpus",
            str(args.corpus),
            "--index",
            str(args.index),
        ],
        cwd=ROOT,
        check=True,
    )
    questions = [q for q in args.questions.read_text().splitlines() if q.strip()]
    port = free_port()
    server = start_server(args.index, port)
    try:
        result = run(f"http://127.0.0.1:{port}", questions, args.clients, args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    if args.json:
        print(json.dumps(result))
        return
    print("| measure | value |\n|---|---|")
    for key, value in result.items():
        shown = f"{value:.2f}" if isinstance(value, float) else str(value)
        print(f"| {key} | {shown} |")


if __name__ == "__main__":
    main()
