"""The CLI as a user runs it: a real process, a real index on disk."""

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_ingest_then_ask_json(tmp_path: Path, corpus_copy: Path) -> None:
    (corpus_copy / "broken.md").write_text("---\ntitle: [oops\n---\nText.\n")
    out = run(
        "ingest",
        "--corpus",
        str(corpus_copy),
        "--index",
        str(tmp_path / "idx"),
        "--quiet",
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert "10 added" in out.stdout
    assert "broken.md" in out.stderr and "malformed YAML" in out.stderr

    out = run(
        "ask",
        "How many workers did the union say walked out?",
        "--index",
        str(tmp_path / "idx"),
        "--json",
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert {"text", "citations", "flags"} <= answer.keys()
    for c in answer["citations"]:
        assert {"n", "doc_id", "start", "end", "quote", "publisher", "date", "stance"} <= c.keys()
    for f in answer["flags"]:
        assert {"kind", "message"} <= f.keys()
    assert answer["citations"]


def test_ask_text_output_and_errors(tmp_path: Path, corpus_copy: Path) -> None:
    out = run(
        "ask",
        "How many tonnes of grain were lost?",
        "--corpus",
        str(corpus_copy),
        "--index",
        str(tmp_path / "i"),
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert "Sources:" in out.stdout and "[1]" in out.stdout

    out = run("ask", "   ", "--index", str(tmp_path / "i"), cwd=tmp_path)
    assert out.returncode == 2 and "empty" in out.stderr

    out = run("ask", "anything", "--index", str(tmp_path / "missing"), cwd=tmp_path)
    assert out.returncode == 2 and "ingest" in out.stderr
