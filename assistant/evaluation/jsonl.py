"""The one reader of the eval harness's JSON-lines files (gold questions, judge calibration
pairs, pressure sets): each caller parses its own lines and names its own errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from assistant.errors import EvalDataError


def numbered_lines(path: Path, what: str) -> Iterator[tuple[int, str]]:
    """(line number, line) for every non-blank line of the file; a file that cannot be read is
    an `EvalDataError` naming `what` it was ("the questions file")."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalDataError(f"Cannot read {what} {path}: {exc}.") from exc
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield number, line
