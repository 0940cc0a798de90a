"""A bounded load run at reduced size (the 20 x 60 s run is `make bench`): concurrent askers
on the real server process, 127.0.0.1 only; no errors, and /healthz keeps answering."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import FICTIONAL, ROOT


def test_concurrent_askers_get_answers_and_health_stays_up(tmp_path: Path) -> None:
    questions = tmp_path / "q.txt"
    rows = json.loads((ROOT / "tests" / "data" / "fictional_questions.json").read_text())
    questions.write_text("\n".join(r["question"] for r in rows))
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.load",
            "--clients",
            "8",
            "--seconds",
            "12",
            "--corpus",
            str(FICTIONAL),
            "--index",
            str(tmp_path / "idx"),
            "--questions",
            str(questions),
            "--json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["errors"] == 0, result["first_errors"]
    assert result["answers"] >= 8
    assert result["health_errors"] == 0 and result["health_checks"] >= 5
