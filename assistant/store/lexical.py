"""BM25 over chunk texts, on disk: a tantivy index beside the store, with our own tokens.

The tokens are ours (`tokenize`: lower-cased, stopwords dropped, a light plural fold), handed to
tantivy already made (joined by spaces, split by its whitespace tokenizer: no token holds a
space), so the terms are exactly those the hand-written BM25 used; tantivy keeps the postings,
scores with BM25 and memory-maps its segments, so opening costs next to nothing.

The index records which write generation of the store it is in step with (`lexical.json`).
`Index` marks it dirty before every write and records the new generation after its changes
are committed; anything else (a kill -9, another process's write) leaves a generation that
does not match, and `lexical_sync.catch_up` then brings it in step from the store's records.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from assistant.types import Chunk

STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    did does say said says tell told give gave many much""".split()
)
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*")
# A capitalised word that is not the first of a sentence: a name, in English text.
_NAME_WORD = re.compile(r"(?<![.?!:]\s)(?<!^)\b[A-Z][\w'’-]*[\w]")
NAME_STEM = 5  # names match on their first letters: "Iranian" ~ "Iran", "Mohammed" ~ "Mohammad"

SCHEMA_VERSION = 1  # bump when the fields or the tokens change: the index is rebuilt
STATE = "lexical.json"
WRITER_HEAP = 32_000_000  # bytes buffered before tantivy writes a segment (not a commit)
LOCK_WAIT_S = 120.0  # how long a write waits for another process's tantivy writer
MERGE_ABOVE = 12  # segments: past this many, a commit waits for tantivy's merges
_SEP = "\x1f"  # between a document id and its content hash in the `version` field


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens without stopwords; a light plural fold ("cities" -> "city")."""
    out = []
    for tok in _TOKEN.findall(text.lower()):
        tok = tok.replace("’", "'").replace(",", "")
        if tok in STOPWORDS:
            continue
        out.append(_fold(tok))
    return out


def capitalised_words(text: str) -> list[str]:
    """Capitalised words other than a sentence's first ("Who was Saadouni's lawyer in Oslo?"
    -> ["Saadouni's", "Oslo"]), as written."""
    return _NAME_WORD.findall(text.strip())


def _fold(tok: str) -> str:
    if len(tok) > 4 and tok.endswith("ies"):
        return tok[:-3] + "y"
    if len(tok) > 3 and tok.endswith("s") and not tok.endswith("ss"):
        return tok[:-1]
    return tok


_analyzer: Any = None


def stems(text: str) -> list[str]:
    """The text's words, lower-cased and stemmed by tantivy's Snowball English stemmer
    ("trapped" -> "trap", "charged" and "charge" -> "charg"), stopwords kept."""
    global _analyzer
    if _analyzer is None:
        from tantivy import Filter, TextAnalyzerBuilder, Tokenizer

        builder = TextAnalyzerBuilder(Tokenizer.simple()).filter(Filter.lowercase())
        _analyzer = builder.filter(Filter.stemmer("english")).build()
    return list(_analyzer.analyze(text))


def name_stems(word: str) -> list[str]:
    """The stems `knows` looks up: the first NAME_STEM letters of each token of 3+ letters."""
    word = re.sub(r"['’]s?$", "", word)  # "Unit's": a name said in the possessive is the name
    return [t[:NAME_STEM] for t in tokenize(word) if len(t) >= 3]


class LexicalBusy(RuntimeError):
    """Another process holds the lexical index's writer."""


def _schema() -> Any:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("doc", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("version", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("body", tokenizer_name="whitespace", index_option="freq")  # tokens
    builder.add_bytes_field("text", stored=True)  # the chunk's text, as stored
    builder.add_integer_field("start", stored=True)
    builder.add_integer_field("end", stored=True)
    return builder.build()


def _read_state(path: Path) -> dict[str, Any]:
    try:
        state = json.loads((path / STATE).read_text())
        return state if isinstance(state, dict) else {}
    except (OSError, ValueError):
        return {}


def _write_state(path: Path, generation: str | None) -> None:
    """Atomically: a reader never sees half a file. No fsync: a killed process's page cache
    survives it, and after a power loss the generation may be stale, which only costs a
    catch-up."""
    tmp = path / f".{STATE}.{os.getpid()}.{threading.get_ident()}"
    tmp.write_text(json.dumps({"schema": SCHEMA_VERSION, "generation": generation}))
    os.replace(tmp, path / STATE)


def mark_dirty(path: Path) -> None:
    """Before the store changes: whatever happens next, the index is not known to be in step
    until a generation is recorded again."""
    if (path / STATE).is_file():
        _write_state(path, None)


class LexicalIndex:
    """BM25 search over chunks in a tantivy index at `path` (created if missing; rebuilt empty
    if it cannot be opened or was made with another schema: it is derived data)."""

    def __init__(self, path: Path) -> None:
        import tantivy

        self.path = Path(path)
        self._tantivy = tantivy
        self._schema = _schema()
        self._index = self._open()
        self._writer: Any = None
        self._changed = False  # uncommitted adds or deletes in `_writer`
        self._committed_at = time.monotonic()
        self._lock = threading.RLock()

    def _open(self) -> Any:
        state = _read_state(self.path)
        if state and state.get("schema") != SCHEMA_VERSION:  # made by another version
            shutil.rmtree(self.path)
        self.path.mkdir(parents=True, exist_ok=True)
        try:
            index = self._tantivy.Index(self._schema, path=str(self.path), reuse=True)
        except Exception:  # damaged files: start over, a catch-up refills it from the store
            shutil.rmtree(self.path)
            self.path.mkdir(parents=True)
            index = self._tantivy.Index(self._schema, path=str(self.path), reuse=True)
        if not (self.path / STATE).is_file():
            _write_state(self.path, None)
        return index

    # ---- the generation it is in step with ----------------------------------------------
    def generation(self) -> str | None:
        """The store generation this index was last recorded in step with (None: not known to
        be in step with any; a store never written has the generation "")."""
        generation = _read_state(self.path).get("generation")
        return None if generation is None else str(generation)

    def mark_dirty(self) -> None:
        mark_dirty(self.path)

    def reload(self) -> None:
        """See what another process committed (whose merges may remove a segment file while
        this reads the list of them: then read the list again)."""
        for attempt in range(3):
            try:
                self._index.reload()
                return
            except ValueError:
                if attempt == 2:
                    raise
                time.sleep(0.05)

    # ---- reading -------------------------------------------------------------------------
    def __len__(self) -> int:
        return int(self._index.searcher().num_docs)

    def search(self, query: str, k: int, *, every_word: bool = False) -> list[tuple[Chunk, float]]:
        """The `k` chunks that score best for `query` by BM25; with `every_word`, only chunks
        that hold every word of it that is not a stopword."""
        terms = sorted(set(tokenize(query)))
        if not terms or k <= 0:
            return []
        t = self._tantivy
        occur = t.Occur.Must if every_word else t.Occur.Should
        should = [
            (occur, t.Query.term_query(self._schema, "body", term, index_option="freq"))
            for term in terms
        ]
        searcher = self._index.searcher()
        hits = searcher.search(t.Query.boolean_query(should), k, count=False).hits
        found = [(_chunk(searcher.doc(address)), float(score)) for score, address in hits]
        return sorted(found, key=lambda cs: (-cs[1], cs[0].id))

    def knows(self, word: str) -> bool:
        """Does any indexed text hold a term starting like `word` (its first NAME_STEM letters)?
        Words under three letters are always known. A look-up in the term dictionary that
        skips deleted chunks, not a vocabulary scan."""
        searcher = self._index.searcher()
        alive = self._tantivy.Query.all_query()
        return all(
            searcher.terms_with_prefix("body", stem, filter_query=alive, limit=1)
            for stem in name_stems(word)
        )

    def versions(self) -> dict[str, tuple[str, int]]:
        """doc id -> (content hash, live chunks) of every document in the index."""
        searcher = self._index.searcher()
        alive = self._tantivy.Query.all_query()
        out: dict[str, tuple[str, int]] = {}
        for version, count in searcher.terms_with_prefix("version", "", filter_query=alive):
            doc_id, _, content_hash = str(version).rpartition(_SEP)
            out[doc_id] = (content_hash, int(count))
        return out

    # ---- writing -------------------------------------------------------------------------
    def delete(self, doc_ids: Iterable[str]) -> None:
        with self._lock:
            writer = self._writer_open()
            for doc_id in doc_ids:
                writer.delete_documents_by_term("doc", doc_id)
                self._changed = True

    def add(self, chunks: Sequence[Chunk], content_hashes: Mapping[str, str]) -> None:
        """Add chunks (their documents' earlier chunks must have been deleted); the content
        hash of each chunk's document is recorded with it."""
        t = self._tantivy
        with self._lock:
            writer = self._writer_open()
            for chunk in chunks:
                doc = t.Document()
                doc.add_text("id", chunk.id)
                doc.add_text("doc", chunk.doc_id)
                doc.add_text("version", chunk.doc_id + _SEP + content_hashes[chunk.doc_id])
                doc.add_text("body", " ".join(tokenize(chunk.text)))
                doc.add_bytes("text", chunk.text.encode())
                doc.add_integer("start", chunk.start)
                doc.add_integer("end", chunk.end)
                writer.add_document(doc)
                self._changed = True

    def commit(self, generation: str | None, *, every: float = 0.0) -> bool:
        """Commit the pending changes, then record `generation` (None: not known to be in
        step); with `every`, only if the last commit is older than that many seconds.
        The writer (and its lock) is let go, so other processes can write in between."""
        with self._lock:
            if every and time.monotonic() - self._committed_at < every:
                return False
            if self._writer is not None:
                if self._changed:
                    self._writer.commit()
                self._let_go()
            self._committed_at = time.monotonic()
            self._changed = False
            _write_state(self.path, generation)
            self.reload()
            return True

    def _let_go(self) -> None:
        writer, self._writer = self._writer, None
        if self._index.searcher().num_segments > MERGE_ABOVE:
            writer.wait_merging_threads()  # lets the merges finish, then drops the writer

    def _writer_open(self) -> Any:
        if self._writer is None:
            deadline = time.monotonic() + LOCK_WAIT_S
            while True:
                try:
                    self._writer = self._index.writer(heap_size=WRITER_HEAP, num_threads=1)
                    break
                except ValueError as exc:
                    if "LockBusy" not in str(exc):
                        raise
                    if time.monotonic() > deadline:
                        raise LexicalBusy(f"{self.path}: {exc}") from exc
                    time.sleep(0.05)
        return self._writer

    def try_writer(self) -> bool:
        """Take the writer if no other process holds it; False if one does."""
        with self._lock:
            if self._writer is None:
                try:
                    self._writer = self._index.writer(heap_size=WRITER_HEAP, num_threads=1)
                except ValueError as exc:
                    if "LockBusy" in str(exc):
                        return False
                    raise
            return True


def _chunk(doc: Any) -> Chunk:
    return Chunk(
        str(doc.get_first("id")),
        str(doc.get_first("doc")),
        int(doc.get_first("start")),
        int(doc.get_first("end")),
        bytes(doc.get_first("text")).decode(),
    )
