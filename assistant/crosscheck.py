"""Crosscheck for Python programs: open a corpus, ask, add and remove documents, list disputes.

    from assistant import Crosscheck

    cc = Crosscheck.open(corpus="corpus", index=".crosscheck")
    answer = cc.ask("How many people were killed?")
    print(answer.text, [c.quote for c in answer.citations])

Everything goes through the same library, pipeline and checks as the CLI, the web app and the
API: every quote is verified against the stored text, and disputes come typed (`Dispute`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from assistant.answer.pipeline import ask, ask_stream
from assistant.config import Settings, offline_environment
from assistant.corpus.uploads import UploadResult
from assistant.ledger.library import Library, add_upload, ingest, open_library, remove_upload
from assistant.store.index import IngestReport
from assistant.types import Answer, AnswerEvent, Dispute, Document, Mode, Turn


class Crosscheck:
    """A corpus and its index, ready to answer. Build one with `Crosscheck.open`."""

    def __init__(self, library: Library, settings: Settings) -> None:
        self.library = library
        self.settings = settings

    @classmethod
    def open(
        cls,
        corpus: str | Path | None = None,
        index: str | Path | None = None,
        *,
        sync: bool = True,
        settings: Settings | None = None,
    ) -> Crosscheck:
        """Open (and by default first bring in step with `corpus`) the index at `index`.
        Unset arguments come from the settings (environment and config file)."""
        offline_environment()
        base = settings or Settings.from_env()
        base = replace(
            base,
            corpus_dir=Path(corpus) if corpus is not None else base.corpus_dir,
            index_dir=Path(index) if index is not None else base.index_dir,
        )
        library = ingest(base)[2] if sync else open_library(base)
        return cls(library, base)

    def ask(
        self,
        question: str,
        *,
        k: int | None = None,
        mode: Mode | None = None,
        history: Sequence[Turn] = (),
    ) -> Answer:
        """The verified answer: text with [n] markers, citations, flags and disputes."""
        return ask(question, self.library, self.settings, k=k, mode=mode, history=history)

    def ask_stream(
        self,
        question: str,
        *,
        k: int | None = None,
        mode: Mode | None = None,
        history: Sequence[Turn] = (),
    ) -> Iterator[AnswerEvent]:
        """Tokens as they are written (in LLM mode after the extractive answer, `Interim`),
        then the verified Answer (always the last event)."""
        return ask_stream(question, self.library, self.settings, k=k, mode=mode, history=history)

    def add(self, paths: Sequence[str | Path]) -> list[UploadResult]:
        """Copy files into `<corpus>/uploads/` and index them; one result per file (a bad
        file is reported in its result, the others still load)."""
        root = self.settings.corpus_dir
        return [add_upload(Path(p), self.library, root) for p in paths]

    def add_documents(self, docs: Sequence[Document]) -> IngestReport:
        """Index documents built in code (they are not written to the corpus folder)."""
        return self.library.add_documents(docs)

    def remove(self, doc_id: str) -> str | None:
        """Remove an uploaded document (its file and its rows): None when removed, else why
        not. The corpus's own documents are removed by deleting them from the corpus folder."""
        return remove_upload(self.library, doc_id, self.settings.corpus_dir)

    def disputes(self, *, contested_only: bool = True) -> list[Dispute]:
        """Groups of figures that measure the same quantity; by default only contested ones."""
        return [d for d in self.library.disputes() if d.contested or not contested_only]

    def documents(self) -> list[Document]:
        return self.library.index.documents()
