"""The lexical index on disk (tantivy): our tokens, persistence, and staying in step with the
store through kill -9 and through writes by another process, on the embedded store and on a
real Chroma server. Writers are real processes; the embedder is the benchmark's hashed one, so
no model is loaded."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.corpus.load import load_corpus
from assistant.store import lexical_sync
from assistant.store.index import Index
from assistant.store.lexical import STATE, LexicalIndex, name_stems, tokenize
from assistant.types import Chunk
from bench.scale import HashedBagOfWords
from tests.chroma_server import chroma_server, database_url  # noqa: F401
from tests.conftest import FICTIONAL, ROOT
from tests.test_faults import big_corpus  # noqa: F401  (24 copies of the fictional corpus)

# A writer process: opens the index, writes, and says on stdout what it did (one line per
# document it indexed or removed), so the test can kill it at a chosen point.
WRITER = """
import sys
from pathlib import Path
from assistant.config import offline_environment
offline_environment()
import assistant.store.index as store_index
from assistant.corpus.load import load_corpus
from assistant.store.index import Index
from bench.scale import HashedBagOfWords

store_index.LEXICAL_COMMIT_S = 0.0  # commit the lexical index after every batch
store_index.EMBED_BATCH = 128  # write groups smaller than an ingest's: several in a small corpus
action, path, corpus, url, start, stop = sys.argv[1:7]
index = Index(Path(path), HashedBagOfWords(), chroma_url=url)
docs = load_corpus(Path(corpus)).documents[int(start) : int(stop)]
remember, forget = index._remember, index._forget
index._remember = lambda doc, chunks: (remember(doc, chunks), print("indexed", flush=True))
index._forget = lambda doc_id: (forget(doc_id), print("removed", flush=True))
if action == "sync":
    index.sync(docs)
elif action == "remove":
    index.sync(docs)
    print("synced", flush=True)
    index.remove(index.document_ids())
elif action == "add-wait":
    half = len(docs) // 2
    index.add(docs[:half])
    print("written", flush=True)
    sys.stdin.readline()
    index.add(docs[half:])
print("done", flush=True)
"""


def _writer(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, *args],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def _wait_for(proc: subprocess.Popen[str], line: str, count: int = 1) -> None:
    """Read the writer's stdout until `line` was said `count` times."""
    assert proc.stdout is not None
    seen, deadline = 0, time.monotonic() + 300
    while seen < count:
        said = proc.stdout.readline()
        assert said, f"the writer ended before saying {line!r} {count} times"
        seen += said.strip() == line
        assert time.monotonic() < deadline


def _kill(proc: subprocess.Popen[str]) -> None:
    assert proc.poll() is None, "the writer ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def _lexical_agrees(index: Index, titles: str) -> None:
    """The lexical index holds exactly the documents the store has records of: by its own
    account, and as search sees it (every document's first chunk holds its title)."""
    lexical = index._lexical_ready()
    assert lexical.versions() == lexical_sync.stored_versions(index._docs)
    hits = {chunk.doc_id for chunk, _ in index.lexical(titles, 100_000)}
    assert hits == set(index.document_ids())


def _titles(corpus: Path) -> str:
    return " ".join({d.source.title for d in load_corpus(corpus).documents})


@pytest.fixture(params=["embedded", "server"])
def store_url(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "server":
        yield database_url(request.getfixturevalue("chroma_server"))
    else:
        yield ""


def test_our_tokens_go_in_and_the_index_persists(tmp_path: Path) -> None:
    lexical = LexicalIndex(tmp_path / "lex")
    texts = {"a": "The cities were flooded.", "b": "A city council met on Tuesday."}
    chunks = [Chunk(f"c{d}", d, 0, len(t), t) for d, t in texts.items()]
    lexical.add(chunks, {"a": "h1", "b": "h2"})
    assert lexical.generation() is None  # nothing recorded before the first commit
    lexical.commit("g1")
    assert tokenize("The cities") == ["city"]
    assert name_stems("Unit's") == name_stems("Unit")  # a name in the possessive is the name
    assert {c.doc_id for c, _ in lexical.search("city", 5)} == {"a", "b"}  # plural fold
    assert lexical.search("the were on", 5) == []  # stopwords only
    again = LexicalIndex(tmp_path / "lex")
    assert again.generation() == "g1" and len(again) == 2
    assert again.versions() == {"a": ("h1", 1), "b": ("h2", 1)}
    [(found, _)] = again.search("council Tuesday", 1)
    assert found == chunks[1]  # the chunk comes back whole: id, document, offsets and text
    again.mark_dirty()
    assert LexicalIndex(tmp_path / "lex").generation() is None


def test_a_damaged_or_outdated_lexical_index_is_rebuilt_from_the_store(tmp_path: Path) -> None:
    index = Index(tmp_path / "idx", HashedBagOfWords())
    index.sync(load_corpus(FICTIONAL).documents)
    titles = _titles(FICTIONAL)
    path = tmp_path / "idx" / "lexical"
    (path / "meta.json").write_text("{ not json")
    _lexical_agrees(Index(tmp_path / "idx", HashedBagOfWords()), titles)
    (path / STATE).write_text(json.dumps({"schema": 0, "generation": index._seen}))
    _lexical_agrees(Index(tmp_path / "idx", HashedBagOfWords()), titles)
    assert Index(tmp_path / "idx", HashedBagOfWords()).check() == []


def test_writer_killed_mid_ingest_then_reopened(
    big_corpus: Path,  # noqa: F811
    tmp_path: Path,
    store_url: str,
) -> None:
    path = tmp_path / "idx"
    total = len(load_corpus(big_corpus).documents)
    writer = _writer("sync", str(path), str(big_corpus), store_url, "0", str(total))
    _wait_for(writer, "indexed", count=total // 2)  # a batch or two in, more being written
    _kill(writer)

    lexical_dir = lexical_sync.lexical_path(path, store_url)
    assert LexicalIndex(lexical_dir).generation() is None  # marked before the write it lost
    half = Index(path, HashedBagOfWords(), chroma_url=store_url)
    done_before = len(half.document_ids())
    assert 0 < done_before < total
    _lexical_agrees(half, _titles(big_corpus))

    report = half.sync(load_corpus(big_corpus).documents)
    assert len(report.added) == total - done_before  # resumed, not redone
    resumed = Index(path, HashedBagOfWords(), chroma_url=store_url)
    assert len(resumed.document_ids()) == total and resumed.check() == []
    _lexical_agrees(resumed, _titles(big_corpus))


def test_writer_killed_mid_removal_then_reopened(
    big_corpus: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    """The removals the killed writer made in the store but never committed to the lexical
    index are found and deleted there on reopening."""
    path = tmp_path / "idx"
    total = len(load_corpus(big_corpus).documents)
    writer = _writer("remove", str(path), str(big_corpus), "", "0", str(total))
    _wait_for(writer, "synced")
    _wait_for(writer, "removed", count=total // 4)
    _kill(writer)

    reopened = Index(path, HashedBagOfWords())
    assert 0 < len(reopened.document_ids()) < total
    assert len(LexicalIndex(lexical_sync.lexical_path(path, ""))) > 2 * len(
        reopened.document_ids()
    )  # the removals were lost there: it holds more than the store
    _lexical_agrees(reopened, _titles(big_corpus))


def test_another_process_writes_and_this_one_searches_it(
    tmp_path: Path, corpus_copy: Path, store_url: str
) -> None:
    """Live ingest: a reader that already searched sees what a second process adds, while
    that process is still running and after it ends. With a Chroma server each process keeps
    its own lexical index (here in separate directories) and catches up from the store."""
    docs = load_corpus(corpus_copy).documents
    reader = Index(tmp_path / "reader", HashedBagOfWords(), chroma_url=store_url)
    reader.sync(docs[:4])
    assert reader.lexical("cable car Estrel", 5) is not None  # opened and in step
    writer_dir = tmp_path / ("writer" if store_url else "reader")  # embedded: one store
    writer = _writer("add-wait", str(writer_dir), str(corpus_copy), store_url, "4", "10")
    try:
        _wait_for(writer, "written")
        first, rest = docs[4:7], docs[7:]
        for doc in first:
            assert doc.id in {c.doc_id for c, _ in reader.lexical(doc.source.title, 50)}
        assert writer.poll() is None  # still running
        assert writer.stdin is not None
        writer.stdin.write("go on\n")
        writer.stdin.flush()
        _wait_for(writer, "done")
    finally:
        writer.kill()
        writer.wait()
    for doc in rest:
        assert doc.id in {c.doc_id for c, _ in reader.lexical(doc.source.title, 50)}
    assert set(reader.unmentioned(["Celadon", "Marrowby", "Qwzxv"])) == {"Qwzxv"}
    assert reader.check() == []
    _lexical_agrees(reader, _titles(corpus_copy))


def test_writes_from_many_threads_of_one_process_keep_everything_in_step(tmp_path: Path) -> None:
    """A server adds uploads from many threads while it answers: every write lands, and the
    lexical index stays in step with the store."""
    from concurrent.futures import ThreadPoolExecutor

    docs = load_corpus(FICTIONAL).documents
    index = Index(tmp_path / "idx", HashedBagOfWords())
    index.sync(docs[:2])
    with ThreadPoolExecutor(8) as pool:
        writes = [pool.submit(index.add, [doc]) for doc in docs[2:]]
        searches = [pool.submit(index.lexical, doc.source.title, 5) for doc in docs]
        assert all(w.result().added for w in writes)
        assert all(s.result() is not None for s in searches)
    assert index.document_ids() == sorted(d.id for d in docs)
    assert index.check() == []
    _lexical_agrees(Index(tmp_path / "idx", HashedBagOfWords()), _titles(FICTIONAL))
