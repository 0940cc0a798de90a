"""Errors a user sees. Every message says what went wrong and what to do about it."""

from __future__ import annotations


class CrosscheckError(Exception):
    """Base for errors shown to the user as they are (CLI, UI and API)."""

    def public(self) -> str:
        """The message for a visitor of the web app or the API: no server paths, no internals
        (the operator finds the whole message in the server log and on the command line)."""
        return str(self)


class QuestionError(CrosscheckError, ValueError):
    """The question cannot be answered as asked (empty, too long)."""


class DocumentError(CrosscheckError):
    """One document could not be read; the others still load."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class StoreError(CrosscheckError):
    """The index is missing or unreadable."""

    def public(self) -> str:
        return (
            "The document index cannot be used right now. The server's operator can rebuild "
            "it with: python -m assistant ingest --rebuild"
        )


class IndexMissing(StoreError):
    def __init__(self, index_dir: str) -> None:
        super().__init__(
            f"No index at {index_dir}. Build it with: python -m assistant ingest --corpus DIR "
            f"--index {index_dir}"
        )


class IndexCorrupt(StoreError):
    def __init__(self, index_dir: str, reason: str) -> None:
        super().__init__(
            f"The index at {index_dir} cannot be read ({reason}). Rebuild it with: "
            f"python -m assistant ingest --rebuild --corpus DIR --index {index_dir}"
        )


class IndexUnreachable(StoreError):
    def __init__(self, url: str, reason: str) -> None:
        super().__init__(
            f"Cannot use the Chroma server at {url} ({reason}). Start it (chroma run --path DIR "
            "--host 127.0.0.1 --port 8000) or unset CROSSCHECK_CHROMA_URL to use the index on disk."
        )


class ModelUnavailable(CrosscheckError):
    """A model or model server could not be loaded or reached."""


class PromptError(CrosscheckError):
    """A prompt template is missing or was rendered with missing variables."""


class ConfigError(CrosscheckError):
    """A setting (environment variable or config file) has a value Crosscheck cannot use."""


class EvalDataError(CrosscheckError):
    """An evaluation file (gold questions, judge pairs, a saved run) cannot be used as it is."""
