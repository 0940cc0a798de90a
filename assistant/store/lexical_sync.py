"""Bringing the lexical index in step with the store after what its own writes did not cover:
a process killed mid-write, another process or instance that wrote, an index made anew.

The store's document records say what is there: a document counts once its record is written
(after its chunks), so a record names a complete document with its content hash and chunk
count. The lexical index says the same of itself (`LexicalIndex.versions`). Documents that
differ are deleted from the lexical index and their chunks added again from the store.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

from assistant.store import rows as store_rows
from assistant.store.lexical import LexicalIndex, mark_dirty
from assistant.store.rows import chunk_row, read_all
from assistant.types import Chunk

BY_DOCUMENT = 100  # documents per read when only a few are missing
LEXICAL = "lexical"  # the tantivy index's directory
_Write = TypeVar("_Write", bound=Callable[..., Any])


def stored_versions(docs: Any) -> dict[str, tuple[str, int]]:
    """doc id -> (content hash, chunk count) of every document recorded in the store."""
    got = read_all(docs, ["metadatas"])
    return {
        i: (str(m.get("content_hash", "")), int(m.get("n_chunks", -1)))
        for i, m in zip(got["ids"], got["metadatas"], strict=True)
    }


def stored_chunks(chunks: Any, doc_ids: Sequence[str], whole: bool) -> Iterator[list[Chunk]]:
    """The stored chunks of `doc_ids`, a batch at a time: read by document, or (`whole`, when
    most documents are wanted) in one paged pass over the collection, never all at once."""
    if not whole:
        for start in range(0, len(doc_ids), BY_DOCUMENT):
            part = list(doc_ids[start : start + BY_DOCUMENT])
            got = chunks.get(
                where={"doc_id": {"$in": part}} if len(part) > 1 else {"doc_id": part[0]},
                include=["documents", "metadatas"],
            )
            yield _rows(got, set(part))
        return
    wanted, offset = set(doc_ids), 0
    while True:
        got = chunks.get(include=["documents", "metadatas"], limit=store_rows.PAGE, offset=offset)
        yield _rows(got, wanted)
        if len(got["ids"]) < store_rows.PAGE:
            return
        offset += store_rows.PAGE


def _rows(got: dict[str, Any], wanted: set[str]) -> list[Chunk]:
    rows = zip(got["ids"], got["documents"], got["metadatas"], strict=True)
    return [chunk_row(i, t, m) for i, t, m in rows if m and t is not None and m["doc_id"] in wanted]


def catch_up(lexical: LexicalIndex, docs: Any, chunks: Any, generation: str) -> tuple[int, int]:
    """Make `lexical` hold exactly the recorded documents of the store (`docs`, `chunks`: its
    collections), then record `generation`, read before the records: a write that lands
    meanwhile leaves the index looking stale, never looking newer than it is. Returns
    (documents deleted, documents added)."""
    records = stored_versions(docs)
    have = lexical.versions()
    extra = [d for d, version in have.items() if records.get(d) != version]
    missing = sorted(d for d, version in records.items() if have.get(d) != version)
    if extra or missing:  # a missing one too: another process may have added it since `have`
        lexical.delete([*extra, *missing])
    hashes = {d: records[d][0] for d in missing}
    for batch in stored_chunks(chunks, missing, whole=len(missing) * 4 > len(records)):
        lexical.add(batch, hashes)
    lexical.commit(generation)
    return len(extra), len(missing)


def lexical_path(index_dir: Path, chroma_url: str) -> Path:
    """Beside the embedded store. With a Chroma server, each instance keeps its own copy under
    its own index directory, one per server database."""
    if not chroma_url:
        return index_dir / LEXICAL
    return index_dir / f"{LEXICAL}-{hashlib.sha1(chroma_url.encode()).hexdigest()[:12]}"


class Follower:
    """The lexical index of one `Index`, and the store generation it is in step with: it
    follows this process's own writes, and catches up from the store after anything else."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.generation: str | None = None  # in memory; the index records its own on disk
        self._index: LexicalIndex | None = None  # opened on first use
        self._lock = threading.RLock()

    def ready(self, seen: str, now: Callable[[], str], docs: Any, chunks: Any) -> LexicalIndex:
        """The index, in step with generation `seen` of the store (`now` reads its generation,
        `docs` and `chunks` are its collections): opened on first use (memory-mapped: nothing
        is loaded), caught up from the store when it is not in step."""
        with self._lock:
            if self._index is None:
                self._index = LexicalIndex(self.path)
            lexical = self._index
            if self.generation == seen:
                return lexical
            if lexical.generation() == seen:  # another process (or Index) committed it
                lexical.reload()
                self.generation = seen
            elif lexical.try_writer():  # this process's own writer, or a free one
                generation = now()
                try:
                    catch_up(lexical, docs, chunks, generation)
                except BaseException:
                    lexical.commit(None)  # let the writer go: other processes need it
                    raise
                self.generation = generation
            else:  # another process is writing it: use what it committed, look again later
                lexical.reload()
            return lexical

    def follow(self, before: str, after: str) -> None:
        """The store went from `before` to `after` by a write of this process."""
        if self.generation == before:
            self.generation = after

    def in_step(self, seen: str) -> LexicalIndex | None:
        """The index, if it is open and in step: this process's writes then change it too."""
        return self._index if self.generation == seen else None

    def mark_dirty(self) -> None:
        mark_dirty(self.path)

    def commit(self, seen: str, *, every: float = 0.0, failed: bool = False) -> None:
        """Commit what this process's writes changed, recording generation `seen` with it when
        in step (after a failed write it is not known to be: it catches up when next used)."""
        with self._lock:
            if self._index is None:
                return
            if failed:
                self.generation = None
            self._index.commit(seen if self.generation == seen else None, every=every)

    def problems(self, docs: Any) -> list[str]:
        """Where the lexical index disagrees with the store's records (for `Index.check`)."""
        have = self._index.versions() if self._index is not None else {}
        records = stored_versions(docs)
        return [
            f"lexical index: {d} {have.get(d)} but the store has {records.get(d)}"
            for d in sorted(set(have) | set(records))
            if have.get(d) != records.get(d)
        ]


def one_writer(method: _Write) -> _Write:
    """For the public writes of `Index`: one at a time in this process (a second writer's
    journal would be undone as interrupted); the lexical index is brought in step first and
    committed once the outermost write ends."""

    @functools.wraps(method)
    def write(index: Any, *args: Any, **kwargs: Any) -> Any:
        with index._write_lock:
            if not index._write_depth:
                index.refresh()
                index._lexical_ready()
            index._write_depth += 1
            failed = True
            try:
                result = method(index, *args, **kwargs)
                failed = False
                return result
            finally:
                index._write_depth -= 1
                if not index._write_depth:
                    index._lexical_commit(failed=failed)

    return cast(_Write, write)
