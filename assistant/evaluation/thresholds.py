"""Score bounds from a TOML file: the one reader behind `--thresholds` for question runs,
the ledger scorer and the pressure scorer. A key is a minimum; a `max_` key is a maximum."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from assistant.errors import EvalDataError


def out_of_bounds(
    scores: dict[str, Any], path: Path, section: str, *, missing_fails: bool = True
) -> list[str]:
    """The scores of `scores` outside the bounds of `[section]` in the TOML file at `path`,
    one line each; a bound on a score the run does not have fails when `missing_fails`."""
    try:
        table = tomllib.loads(Path(path).read_text(encoding="utf-8")).get(section, {})
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise EvalDataError(f"--thresholds {Path(path).name}: cannot read it ({exc}).") from None
    failures = []
    for key, bound in table.items():
        metric = key.removeprefix("max_")
        value = scores.get(metric)
        is_max = key.startswith("max_")
        if value is None:
            if missing_fails:
                failures.append(f"{metric}: no such score in this run")
        elif (value > bound) if is_max else (value < bound):
            failures.append(f"{metric} = {value:.2f} ({'max' if is_max else 'min'} {bound})")
    return failures
