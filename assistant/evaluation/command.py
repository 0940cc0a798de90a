"""`python -m assistant eval`: run a gold set in one mode, save the run, score it beside the
latest runs of the other modes, write the report. `--score RUN_DIR ...` re-scores saved runs."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.corpus.load import UPLOAD_FOLDER, is_upload
from assistant.errors import ConfigError, EvalDataError, ModelUnavailable
from assistant.evaluation.goldset import load_questions
from assistant.evaluation.judge import SupportJudge, calibrate, load_pairs
from assistant.evaluation.report import summary, write_reports
from assistant.evaluation.runs import (
    EvalMode,
    answerer,
    latest_runs,
    load_run,
    run_questions,
    score_run,
    start_run,
    stored_texts,
)
from assistant.evaluation.thresholds import out_of_bounds

JUDGE_CHOICES = ("auto", "local", "deterministic")
JUDGE_MAX_TOKENS = 8  # the judge answers Yes / No / Unknown


def default_index_dir(out: Path, corpus: Path) -> Path:
    """An index of its own per corpus, under the (git-ignored) runs directory."""
    where = str(corpus.resolve())
    return (
        out
        / "runs"
        / "_index"
        / f"{corpus.resolve().name}-{hashlib.sha1(where.encode()).hexdigest()[:8]}"
    )


def run_eval(
    settings: Settings,
    *,
    questions_file: Path,
    mode: EvalMode,
    out: Path,
    index_dir: Path | None,
    judge: str,
    pairs_file: Path,
    every: int = 1,
    limit: int | None = None,
    progress: bool = True,
    name: str | None = None,
    thresholds: Path | None = None,
) -> int:
    from assistant.ledger.library import ingest

    if every < 1 or (limit is not None and limit < 1):
        raise EvalDataError("--every and --limit take a whole number of at least 1.")
    questions = load_questions(questions_file)[::every][:limit]
    settings = replace(settings, index_dir=index_dir or default_index_dir(out, settings.corpus_dir))
    _, _, library = ingest(settings, progress=progress)
    note = uploads_note(library.index.document_ids())
    if note:
        print(note, file=sys.stderr)
    unknown = sorted({s for q in questions for s in q.sources} - set(library.index.document_ids()))
    if unknown:
        raise EvalDataError(
            f"{questions_file} names source(s) not in the corpus {settings.corpus_dir}: "
            f"{', '.join(unknown[:5])}. Sources are document ids: paths under the corpus "
            "without extension."
        )
    answer = answerer(mode, library, settings)
    run_dir = start_run(out, mode, questions_file, settings, library, every=every, limit=limit)
    run_questions(questions, answer, run_dir, progress=progress)
    print(f"saved run {run_dir}")
    others = [p for p in latest_runs(out, load_run(run_dir).meta) if p != run_dir]
    return score_runs(
        [run_dir, *others],
        out=out,
        judge=judge,
        pairs_file=pairs_file,
        settings=settings,
        name=name,
        thresholds=thresholds,
    )


def uploads_note(doc_ids: Iterable[str]) -> str:
    """A warning when the corpus holds documents visitors uploaded ("uploads/..."): they are
    read with it, so a gold set's scores move with them. "" when there are none."""
    uploaded = sum(map(is_upload, doc_ids))
    if not uploaded:
        return ""
    return (
        f"note: the corpus holds {uploaded} uploaded document(s) under {UPLOAD_FOLDER}/, read "
        "with it: scores may move with them. Remove them, or evaluate a copy without them, to "
        "compare runs."
    )


def score_runs(
    run_dirs: Sequence[Path],
    *,
    out: Path,
    judge: str,
    pairs_file: Path,
    settings: Settings,
    name: str | None = None,
    thresholds: Path | None = None,
) -> int:
    """Score saved runs side by side and write `<out>/reports/<name>.{md,json,png}`."""
    runs = [load_run(d) for d in run_dirs]
    support, note = make_judge(judge, settings, out / "runs" / "judge-cache.jsonl")
    calibration = calibrate(support, load_pairs(pairs_file))
    scored = [score_run(r, support, stored_texts(r, settings.embedder)) for r in runs]
    info: dict[str, Any] = {
        "description": support.description,
        "note": note,
        "pairs_file": _shown(pairs_file),
        "calibration": asdict(calibration),
        "model_calls": support.calls,
    }
    questions = {q.id: q.question for r in runs for q in r.questions}
    paths = write_reports(scored, info, questions, out / "reports", name or runs[0].path.name)
    print(summary(scored, info))
    for p in paths:
        print(f"wrote {p}")
    if thresholds is None:
        return 0
    failures = check_thresholds(scored[0]["metrics"], scored[0]["mode"], thresholds)
    for f in failures:
        print(f"below threshold: {f}")
    return 1 if failures else 0


def make_judge(choice: str, settings: Settings, cache: Path) -> tuple[SupportJudge, str]:
    """The support judge and a note on how it was chosen. "auto" uses the local chat model
    when it loads, else the deterministic check alone (and says why)."""
    if choice not in JUDGE_CHOICES:
        raise ConfigError(f"Unknown judge {choice!r}; use one of: {', '.join(JUDGE_CHOICES)}.")
    if choice == "deterministic":
        return SupportJudge(), ""
    from assistant.models.registry import chat_model_for

    try:
        model = chat_model_for("local", replace(settings.llm, max_tokens=JUDGE_MAX_TOKENS))
    except (ModelUnavailable, ConfigError) as exc:
        if choice == "local":
            raise
        return SupportJudge(), f"local model unavailable, so no model judge: {exc}"
    cache.parent.mkdir(parents=True, exist_ok=True)
    return SupportJudge(model, name=f"local:{Path(settings.llm.model_path).name}", cache=cache), ""


def check_thresholds(metrics: dict[str, Any], mode: str, path: Path) -> list[str]:
    """Metrics out of the `[<mode>]` bounds of a TOML file (a missing metric fails)."""
    return out_of_bounds(metrics, path, mode)


def _shown(path: Path) -> str:
    """A path as the report shows it: relative to the working directory when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
