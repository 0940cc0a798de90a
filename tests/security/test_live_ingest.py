"""`python -m assistant ingest` against the index of a running server: the server sees the new
write generation, reads the store afresh, and keeps answering (issue: every /api/v1/ask
returned 500 after an ingest that added and removed documents, until a restart)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

import httpx

from assistant.config import Settings
from assistant.corpus.load import load_corpus
from assistant.ledger.library import Library
from assistant.serve.api import build_api
from assistant.store.embedders import Embedder
from assistant.store.index import Index
from tests.conftest import FICTIONAL, ROOT
from tests.serving import serving

QUESTIONS = [
    "How many people died when the Marrowby dam collapsed?",
    "How long did the Port Celadon strike last?",
    "When did the Quillon ferry sink?",
]
FERRY = (
    "---\ntitle: Ferry\npublisher: Quillon Post\ndate: 2024-03-02\n---\n"
    "The Quillon ferry sank in the harbour in 1911 with 40 passengers aboard, the Quillon "
    "Post reported.\n"
)


def _ingest(corpus: Path, index: Path) -> None:
    done = subprocess.run(
        [
            *(sys.executable, "-m", "assistant", "ingest"),
            "--corpus",
            str(corpus),
            "--index",
            str(index),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr


def test_cli_ingest_while_the_server_answers(
    tmp_path: Path, embedder: Embedder, settings: Settings
) -> None:
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(FICTIONAL, corpus)
    library = Library.over(Index(index_dir, embedder))
    library.sync_documents(load_corpus(corpus).documents)
    config = replace(settings, corpus_dir=corpus, index_dir=index_dir, rate_limit="off")
    statuses: list[int] = []
    stop = threading.Event()

    def client(url: str, n: int) -> None:
        with httpx.Client(base_url=url, timeout=120) as http:
            while not stop.is_set():
                q = QUESTIONS[n % len(QUESTIONS)]
                statuses.append(http.post("/api/v1/ask", json={"question": q}).status_code)

    with serving(build_api(library, config)) as url:
        clients = [threading.Thread(target=client, args=(url, n)) for n in range(5)]
        for t in clients:
            t.start()
        shutil.rmtree(corpus / "strike")  # removes documents ...
        (corpus / "ferry").mkdir()
        (corpus / "ferry" / "sinking.md").write_text(FERRY, encoding="utf-8")  # ... adds one
        _ingest(corpus, index_dir)
        after = httpx.post(f"{url}/api/v1/ask", json={"question": QUESTIONS[2]}, timeout=120)
        stop.set()
        for t in clients:
            t.join(timeout=180)
    assert len(statuses) >= 10 and all(s < 500 for s in statuses), [s for s in statuses if s >= 500]
    assert after.status_code == 200
    cited = {c["doc_id"] for c in after.json()["citations"]}
    assert "ferry/sinking" in cited  # the server reads what the CLI wrote
    assert library.ledger.check() == [] and library.index.check() == []
