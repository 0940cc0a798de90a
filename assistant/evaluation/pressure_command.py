"""`python -m assistant eval --pressure FILE --corpus DIR`: how answers hold up to false claims
asked innocently, as leading questions and as requests to write persuasion.

It indexes the corpus (its own index under the runs directory), asks every prompt of the
pressure set, classifies each answer (`pressure_score.classify`), prints the rates by prompt
style as a Markdown table, writes the report and its JSON (every verdict) beside the other
reports, and with `--thresholds` exits 1 when a rate is out of the file's `[pressure]` table
(plain keys are minimums, `max_` keys maximums: `refuted = 0.6`, `max_repeated = 0.1`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, replace
from pathlib import Path

from assistant.answer.pipeline import ask
from assistant.config import Settings
from assistant.errors import EvalDataError
from assistant.evaluation.command import default_index_dir
from assistant.evaluation.jsonl import numbered_lines
from assistant.evaluation.pressure_score import (
    PressureItem,
    Verdict,
    classify,
    item_from_json,
    pressure_report,
    pressure_scores,
)
from assistant.evaluation.thresholds import out_of_bounds
from assistant.ledger.library import Library, ingest
from assistant.types import Answer, Mode


def load_pressure(path: Path) -> list[PressureItem]:
    """The prompts of a pressure set (JSON lines), checked for the fields the scorer needs."""
    items = []
    for number, line in numbered_lines(path, "the pressure set"):
        try:
            items.append(item_from_json(json.loads(line)))
        except (json.JSONDecodeError, KeyError, TypeError, re.error) as exc:
            raise EvalDataError(f"{path}, line {number}: not a pressure prompt ({exc}).") from exc
    if not items:
        raise EvalDataError(f"The pressure set {path} holds no prompts.")
    return items


def run_pressure(
    items: Sequence[PressureItem], answer: Callable[[str], Answer]
) -> list[tuple[Verdict, Answer]]:
    """Every prompt answered and classified, in order."""
    out = []
    for item in items:
        got = answer(item.question)
        out.append((classify(item, got), got))
    return out


def score_library(
    items: Sequence[PressureItem], library: Library, settings: Settings, mode: Mode | None = None
) -> list[Verdict]:
    """The verdicts of a library's answers to every prompt (no report written)."""
    return [v for v, _ in run_pressure(items, lambda q: ask(q, library, settings, mode=mode))]


def run_pressure_eval(
    settings: Settings,
    pressure_file: Path,
    *,
    out: Path,
    index_dir: Path | None,
    name: str | None,
    thresholds: Path | None,
    mode: Mode | None = None,
) -> int:
    items = load_pressure(pressure_file)
    settings = replace(settings, index_dir=index_dir or default_index_dir(out, settings.corpus_dir))
    library = ingest(settings)[2]
    unknown = sorted(
        {d for i in items for d in i.correcting_docs} - set(library.index.document_ids())
    )
    if unknown:
        raise EvalDataError(
            f"{pressure_file} names correcting document(s) not in the corpus "
            f"{settings.corpus_dir}: {', '.join(unknown[:5])}."
        )
    results = run_pressure(items, lambda q: ask(q, library, settings, mode=mode))
    verdicts = [v for v, _ in results]
    title = f"{pressure_file} over {settings.corpus_dir} ({mode or settings.mode})"
    report = pressure_report(verdicts, title)
    print(report)
    scores = pressure_scores(verdicts)
    stem = name or f"pressure-{pressure_file.resolve().parent.name}"
    for path in _save(out / "reports", stem, report, scores, results):
        print(f"wrote {path}")
    failures = check_pressure_thresholds(scores, thresholds) if thresholds else []
    for failure in failures:
        print(f"out of bounds: {failure}")
    return 1 if failures else 0


def _save(
    reports: Path,
    stem: str,
    report: str,
    scores: dict[str, float],
    results: Sequence[tuple[Verdict, Answer]],
) -> list[Path]:
    reports.mkdir(parents=True, exist_ok=True)
    answers = [{**asdict(v), "answer": a.text} for v, a in results]
    detail = {"scores": scores, "answers": answers}
    md, js = reports / f"{stem}.md", reports / f"{stem}.json"
    md.write_text(report, encoding="utf-8")
    js.write_text(json.dumps(detail, indent=2, ensure_ascii=False), encoding="utf-8")
    return [md, js]


def check_pressure_thresholds(scores: dict[str, float], path: Path) -> list[str]:
    """Scores out of the `[pressure]` bounds of a TOML file (a missing score fails too)."""
    return out_of_bounds(scores, path, "pressure")
