"""Faults: a killed ingest, a corrupt or missing index. Real processes, real Chroma on disk."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.corpus.load import load_corpus
from assistant.ledger.library import Library
from assistant.store.embedders import Embedder
from assistant.store.index import Index
from tests.conftest import FICTIONAL, ROOT

COPIES = 24  # 480 chunks in write groups of 128 (`GROUP`): the kill lands after one is recorded
GROUP = 128  # smaller than an ingest's own groups, so that a small corpus makes several
# `python -m assistant`, with the write groups of `GROUP` chunks
_MAIN = (
    "import sys; from assistant.store import index; index.EMBED_BATCH = {group}; "
    "from assistant.cli import main; raise SystemExit(main(sys.argv[1:]))"
)


def _cli(*args: str, stderr: object = subprocess.PIPE) -> subprocess.Popen[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-c", _MAIN.format(group=GROUP), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=stderr,  # type: ignore[arg-type]
        text=True,
    )


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("big")
    for i in range(COPIES):
        shutil.copytree(FICTIONAL, root / f"copy{i:02d}")
    return root


def _progress(stderr: str) -> int:
    found = re.findall(r"(\d+)/(\d+)", stderr)
    return int(found[-1][0]) if found else 0


def test_kill_9_during_ingest_then_restart_is_consistent(
    big_corpus: Path, tmp_path: Path, embedder: Embedder
) -> None:
    index_dir = tmp_path / "idx"
    log = tmp_path / "ingest.log"
    with log.open("w") as sink:
        proc = _cli("ingest", "--corpus", str(big_corpus), "--index", str(index_dir), stderr=sink)
    deadline = time.monotonic() + 300
    while _progress(log.read_text()) < 200 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert proc.poll() is None, f"ingest ended before it could be killed: {log.read_text()[-500:]}"
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    half = Index(index_dir, embedder)
    done_before = set(half.document_ids())
    total = len(load_corpus(big_corpus).documents)
    assert 0 < len(done_before) < total, "the kill landed mid-ingest"

    again = _cli("ingest", "--corpus", str(big_corpus), "--index", str(index_dir), "--quiet")
    out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    resumed = Library.over(Index(index_dir, embedder))
    assert resumed.index.check() == []  # no orphaned chunks, no half documents
    assert resumed.ledger.check() == []  # the ledger in step
    resumed = resumed.index
    assert len(resumed.document_ids()) == total
    added = int(re.search(r"(\d+) added", out).group(1))  # type: ignore[union-attr]
    assert added == total - len(done_before), out  # resumed, not redone


def test_corrupt_index_gives_a_clear_error_and_rebuild_recovers(tmp_path: Path) -> None:
    index_dir = tmp_path / "idx"
    index_dir.mkdir()
    (index_dir / "chroma.sqlite3").write_bytes(b"\x00garbage" * 512)
    proc = _cli("ask", "How long is the cable car?", "--index", str(index_dir))
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 2 and "--rebuild" in err and "Traceback" not in err

    proc = _cli(
        "ingest", "--rebuild", "--quiet", "--corpus", str(FICTIONAL), "--index", str(index_dir)
    )
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    proc = _cli("ask", "How long is the cable car line in Estrel?", "--index", str(index_dir))
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0 and "[1]" in out, err


def test_missing_index_says_how_to_build_it(tmp_path: Path) -> None:
    proc = _cli("ask", "anything", "--index", str(tmp_path / "nowhere"))
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 2 and "ingest" in err and "Traceback" not in err
