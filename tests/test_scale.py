"""The scale benchmark at a reduced size (full sizes: `make bench`). Checks behaviour, not speed:
planted facts are found, an added document is searchable at once, both pipelines run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_scale_benchmark_runs_small(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.scale",
            "--sizes",
            "1000",
            "--queries",
            "30",
            "--out",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = {r["system"]: r for r in json.loads((tmp_path / "scale.json").read_text())}
    ours, naive = rows["ours"], rows["naive"]
    assert ours["chunks"] >= 1000 and ours["recall_at_6"] >= 0.9
    assert ours["found_added"] == 1.0  # lexical and dense see a new document without a rebuild
    assert naive["recall_at_6"] > 0
    assert (tmp_path / "scale.png").stat().st_size > 1000
    assert "ours / naive" in proc.stdout


def test_ledger_writes_benchmark_runs_small(tmp_path: Path) -> None:
    """Its first run builds the store; each later run opens it and adds and removes one
    document twice."""

    def run() -> str:
        command = [sys.executable, "-m", "bench.ledger_writes", "200", str(tmp_path)]
        proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr[-2000:]
        return proc.stdout

    assert run().startswith("built 200 chunks")
    for _ in range(2):
        steps = [part.split()[:-2] for part in run().strip().split(", ")]
        assert [" ".join(s) for s in steps] == [
            "open",
            "add",
            "remove",
            "add again",
            "remove again",
        ]
