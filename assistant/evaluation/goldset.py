"""Gold questions for the eval harness: one JSON object per line (format: eval/README.md).

The loader is strict: a malformed line is an `EvalDataError` naming the file and line, so a
typo in a gold set never silently changes a score. Unknown keys are ignored.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import EvalDataError
from assistant.evaluation.jsonl import numbered_lines
from assistant.evaluation.metrics import normalise
from assistant.types import Turn


@dataclass(frozen=True)
class GoldQuestion:
    id: str
    question: str
    answerable: bool
    history: tuple[Turn, ...] = ()
    facts: tuple[str, ...] = ()  # regular expressions a correct answer matches ("a|b": either)
    figures: tuple[float, ...] = ()  # numbers a complete answer reports, each with its source
    sources: tuple[str, ...] = ()  # document ids a good answer cites (retrieval recall@k)
    contested: bool = False  # the corpus holds competing figures for what the answer reports
    partisan: bool = False  # a complete answer draws on a partisan source
    false_premise: bool = False  # the question assumes something the corpus contradicts
    kind: str = ""  # free label for grouping in reports ("single", "contested", ...)
    asks: str = ""  # what the question asks for: person, date, count, reason, ... ("" unknown)


def load_questions(path: Path) -> list[GoldQuestion]:
    """Every question of a JSONL gold file; blank lines are skipped."""
    questions: list[GoldQuestion] = []
    seen: set[str] = set()
    for number, line in numbered_lines(path, "the questions file"):
        try:
            q = parse_question(line)
        except ValueError as exc:
            raise EvalDataError(
                f"{path}, line {number}: {exc}. Fix that line (format: eval/README.md)."
            ) from None
        if q.id in seen:
            raise EvalDataError(f"{path}, line {number}: the id {q.id!r} is used twice.")
        seen.add(q.id)
        questions.append(q)
    if not questions:
        raise EvalDataError(f"The questions file {path} holds no questions.")
    return questions


def parse_question(line: str) -> GoldQuestion:
    """One gold question from one JSON line; ValueError says what is wrong with it."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(row, dict):
        raise ValueError("each line must be one JSON object")
    return GoldQuestion(
        id=_text(row, "id"),
        question=_text(row, "question"),
        answerable=_flag(row, "answerable", required=True),
        history=_history(row.get("history", [])),
        facts=tuple(_fact(f) for f in _list(row, "facts", str, "strings")),
        figures=tuple(_figure(f) for f in _list(row, "figures", (int, float, str), "numbers")),
        sources=tuple(_list(row, "sources", str, "document ids")),
        contested=_flag(row, "contested"),
        partisan=_flag(row, "partisan"),
        false_premise=_flag(row, "false_premise"),
        kind=row.get("kind", "") if isinstance(row.get("kind", ""), str) else "",
        asks=row.get("asks", "") if isinstance(row.get("asks", ""), str) else "",
    )


def _text(row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f'"{key}" must be a non-empty string')
    return value.strip()


def _flag(row: dict[str, Any], key: str, *, required: bool = False) -> bool:
    if key not in row:
        if required:
            raise ValueError(f'"{key}" (true or false) is missing')
        return False
    if not isinstance(row[key], bool):
        raise ValueError(f'"{key}" must be true or false, not {row[key]!r}')
    return bool(row[key])


def _list(row: dict[str, Any], key: str, kinds: type | tuple[type, ...], what: str) -> list[Any]:
    value = row.get(key, [])
    if not isinstance(value, list) or not all(
        isinstance(v, kinds) and not isinstance(v, bool) for v in value
    ):
        raise ValueError(f'"{key}" must be a list of {what}')
    return value


def _fact(fact: str) -> str:
    if not fact.strip():
        raise ValueError("a fact is empty")
    try:
        re.compile(normalise(fact))
    except re.error as exc:
        raise ValueError(f"the fact {fact!r} is not a valid regular expression ({exc})") from None
    return fact


def _figure(value: int | float | str) -> float:
    if isinstance(value, str):
        try:
            return float(normalise(value).replace(" ", ""))
        except ValueError:
            raise ValueError(f"the figure {value!r} is not a number") from None
    return float(value)


def _history(value: Any) -> tuple[Turn, ...]:
    if not isinstance(value, list):
        raise ValueError('"history" must be a list of [user, assistant] pairs')
    turns = []
    for pair in value:
        if not (
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)
        ):
            raise ValueError('each "history" item must be a [user, assistant] pair of strings')
        turns.append(Turn(pair[0], pair[1]))
    return tuple(turns)
