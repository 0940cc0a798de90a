"""The eval harness: answer every gold question, save the run, score saved runs.

A run lives in `<out>/runs/<run-id>/`: `meta.json` (mode, corpus, index, settings, document
hashes), `questions.jsonl` (a copy of the gold set) and `answers.jsonl` (one line per question:
its id, seconds taken, and the full Answer as `assistant.wire.answer_json`, or the error).
Scoring reads only a run directory and the index it names (for the stored source texts), so a
run can be re-scored later with another judge. Metric definitions: assistant/metrics.py and
eval/README.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import platform
import re
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from assistant.answer.json_form import answer_from_json, answer_json
from assistant.config import Settings
from assistant.errors import CrosscheckError, EvalDataError
from assistant.evaluation import metrics as m
from assistant.evaluation.goldset import GoldQuestion, load_questions
from assistant.ledger.library import Library, open_store
from assistant.types import Answer

EvalMode = Literal["extractive", "llm", "baseline"]
EVAL_MODES: tuple[EvalMode, ...] = ("extractive", "llm", "baseline")
META, QUESTIONS, ANSWERS = "meta.json", "questions.jsonl", "answers.jsonl"
Answerer = Callable[[GoldQuestion], Answer]


@dataclass(frozen=True)
class Record:
    """One question's outcome in a run: the Answer, or the error it raised."""

    id: str
    elapsed_s: float
    answer: Answer | None
    error: str = ""


@dataclass(frozen=True)
class SavedRun:
    path: Path
    meta: dict[str, Any]
    questions: tuple[GoldQuestion, ...]
    records: tuple[Record, ...]


# ---- running -------------------------------------------------------------------------------
def answerer(mode: EvalMode, library: Library, settings: Settings) -> Answerer:
    """How one gold question is answered in `mode` (the chat model is loaded here, once)."""
    from assistant.answer.pipeline import ask

    if mode == "extractive":
        return lambda q: ask(q.question, library, settings, mode=mode, history=q.history)
    from assistant.models.registry import chat_model_for

    # Load the chat model now: a run whose answers all fell back to extractive mode (with an
    # `llm_unavailable` flag) would be scored as if it were the LLM mode.
    model = chat_model_for(settings.llm.backend, settings.llm)
    if mode == "baseline":
        from assistant.evaluation.baseline import ask_baseline

        return lambda q: ask_baseline(q.question, library.index, settings, model, history=q.history)
    return lambda q: ask(q.question, library, settings, mode="llm", history=q.history)


def start_run(
    out: Path,
    mode: EvalMode,
    questions_file: Path,
    settings: Settings,
    library: Library,
    *,
    every: int = 1,
    limit: int | None = None,
) -> Path:
    """A new run directory holding the metadata and a copy of the gold questions asked: every
    `every`-th one (a sample across the file's kinds), then the first `limit` of those."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    slug = re.sub(r"[^a-z0-9]+", "-", settings.corpus_dir.resolve().name.lower()).strip("-")
    run_dir = out / "runs" / f"{stamp}-{mode}-{slug or 'corpus'}"
    suffix = 1
    while run_dir.exists():
        suffix += 1
        run_dir = run_dir.with_name(f"{stamp}-{mode}-{slug}-{suffix}")
    run_dir.mkdir(parents=True)
    text = Path(questions_file).read_text(encoding="utf-8")
    asked = [line for line in text.splitlines() if line.strip()][::every][:limit]
    (run_dir / QUESTIONS).write_text("\n".join(asked) + "\n", encoding="utf-8")
    meta = {
        "run_id": run_dir.name,
        "mode": mode,
        "corpus": str(settings.corpus_dir.resolve()),
        "index": str(Path(library.index.path).resolve()),
        "questions_file": str(questions_file),
        "questions_sha256": hashlib.sha256(text.encode()).hexdigest(),
        "every": every,
        "limit": limit,
        "k": settings.top_k,
        "min_support": settings.min_support,
        "embedder": settings.embedder,
        "chat_model": settings.llm.backend if mode != "extractive" else "",
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "git_commit": _git_commit(),
        "python": platform.python_version(),
        "documents": {d.id: d.content_hash for d in library.index.documents()},
    }
    _write_meta(run_dir, meta)
    return run_dir


def run_questions(
    questions: Sequence[GoldQuestion], answer: Answerer, run_dir: Path, *, progress: bool
) -> list[Record]:
    """Answer each question, appending its record to answers.jsonl as soon as it is done."""
    from tqdm import tqdm

    records = []
    with (run_dir / ANSWERS).open("a", encoding="utf-8") as fh:
        for q in tqdm(questions, desc=f"eval {run_dir.name}", unit="q", disable=not progress):
            started = time.perf_counter()
            try:
                record = Record(q.id, 0.0, answer(q))
            except CrosscheckError as exc:  # recorded and scored as a failure, never dropped
                record = Record(q.id, 0.0, None, f"{type(exc).__name__}: {exc}")
            record = replace(record, elapsed_s=round(time.perf_counter() - started, 4))
            fh.write(json.dumps(record_json(record), ensure_ascii=False) + "\n")
            fh.flush()
            records.append(record)
    meta = json.loads((run_dir / META).read_text(encoding="utf-8"))
    meta["finished"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    meta["errors"] = sum(bool(r.error) for r in records)
    _write_meta(run_dir, meta)
    return records


def record_json(r: Record) -> dict[str, Any]:
    return {
        "id": r.id,
        "elapsed_s": r.elapsed_s,
        "error": r.error,
        "answer": answer_json(r.answer) if r.answer is not None else None,
    }


def _write_meta(run_dir: Path, meta: dict[str, Any]) -> None:
    (run_dir / META).write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")


def _git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            timeout=10,
            cwd=Path(__file__).resolve().parent,
        )
    except OSError:
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


# ---- loading -------------------------------------------------------------------------------
def load_run(run_dir: Path) -> SavedRun:
    run_dir = Path(run_dir)
    for name in (META, QUESTIONS, ANSWERS):
        if not (run_dir / name).is_file():
            raise EvalDataError(
                f"{run_dir} is not a complete eval run ({name} is missing). Give a directory "
                "made by `python -m assistant eval` (under <out>/runs/)."
            )
    meta = json.loads((run_dir / META).read_text(encoding="utf-8"))
    questions = tuple(load_questions(run_dir / QUESTIONS))
    records = []
    for number, line in enumerate((run_dir / ANSWERS).read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            answer = answer_from_json(row["answer"]) if row["answer"] is not None else None
            records.append(Record(row["id"], float(row["elapsed_s"]), answer, row["error"]))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise EvalDataError(
                f"{run_dir / ANSWERS}, line {number}: not a saved answer "
                f"({type(exc).__name__}: {exc}). Re-run the eval."
            ) from None
    return SavedRun(run_dir, meta, questions, tuple(records))


def stored_texts(run: SavedRun, embedder_name: str = "minilm") -> Callable[[str], str | None]:
    """The stored source texts of the run's index (quotes are checked against these), after
    making sure the documents are the ones the run answered from."""

    index = open_store(Path(run.meta["index"]), embedder_name)
    current = {d.id: d.content_hash for d in index.documents()}
    changed = sorted(d for d, h in run.meta.get("documents", {}).items() if current.get(d, h) != h)
    if changed:
        raise EvalDataError(
            f"The index {run.meta['index']} changed since run {run.meta['run_id']} "
            f"({len(changed)} document(s), e.g. {changed[0]}); quotes cannot be checked against "
            "the sources the run used. Re-run the eval."
        )
    return index.text


# ---- scoring -------------------------------------------------------------------------------
def score_question(q: GoldQuestion, r: Record, judge: m.Judge, k: int) -> dict[str, Any]:
    """Every per-question measure (None where it does not apply)."""
    row: dict[str, Any] = {
        "id": q.id,
        "kind": q.kind,
        "answerable": q.answerable,
        "false_premise": q.false_premise,
        "contested": q.contested,
        "partisan": q.partisan,
        "elapsed_s": r.elapsed_s,
        "error": r.error,
    }
    a = r.answer
    if a is None:
        return row | {
            "answered": False,
            "abstained": False,
            "fact_recall": 0.0 if q.facts else None,
            "figure_coverage": 0.0 if q.figures else None,
        }
    cited = m.citation_score(a, judge) if a.answered else None
    abstained = m.abstained(a)
    recall = m.fact_recall(a.text, q.facts)
    return row | {
        "answered": a.answered,
        "abstained": abstained,
        "fact_recall": recall,
        "figure_coverage": m.figure_coverage(a, q.figures),
        "citation_recall": cited.recall if cited and cited.sentences else None,
        "citation_precision": cited.precision if cited and cited.sentences else None,
        "sentences": cited.sentences if cited else 0,
        "citations": cited.citations if cited else 0,
        "retrieval_recall": m.retrieval_recall(a, q.sources, k),
        "contested_flag": m.has_flag(a, "contested_figure"),
        "partisan_flag": m.has_flag(a, "partisan_source", "partisan_only"),
        "degraded": m.has_flag(a, "llm_unavailable"),  # the chat model could not answer
        "replaced": bool(a.timings.get("fallback_extractive")),  # LLM text replaced by quotes
        "declined_correctly": abstained or (q.false_premise and recall == 1.0),
        "composed": "tokens" in a.timings and a.answered,  # LLM mode: the model wrote a lead
        "lead": bool(a.lead),
        "first_token_s": a.timings.get("first_token_s"),
    }


def score_run(
    run: SavedRun, judge: m.Judge, text_of: Callable[[str], str | None]
) -> dict[str, Any]:
    """All metrics of one saved run, with the per-question rows they come from."""
    from assistant.grounding.quotes import verify

    records = {r.id: r for r in run.records}
    missing = [q.id for q in run.questions if q.id not in records]
    if missing:
        raise EvalDataError(
            f"Run {run.path} has no answer for {len(missing)} question(s) (e.g. {missing[0]}); "
            "it was interrupted. Re-run the eval."
        )
    k = int(run.meta.get("k", 6))
    rows = [score_question(q, records[q.id], judge, k) for q in run.questions]
    citations = [c for r in run.records if r.answer for c in r.answer.citations]
    exact = sum(verify(c, text_of(c.doc_id)) for c in citations)
    return {
        "run_id": run.meta.get("run_id", run.path.name),
        "mode": run.meta.get("mode", ""),
        "meta": {key: v for key, v in run.meta.items() if key != "documents"},
        "metrics": aggregate(rows)
        | {
            "quote_exactness": exact / len(citations) if citations else None,
            "quotes": len(citations),
            "k": k,
        },
        "questions": rows,
    }


def aggregate(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    ok = [r for r in rows if not r["error"]]
    answerable = [r for r in ok if r["answerable"]]
    declines = [r for r in rows if not r["answerable"] or r["false_premise"]]
    plain = [r for r in rows if r["answerable"] and not r["false_premise"]]
    contested = m.prf([(r["contested_flag"], r["contested"]) for r in answerable])
    partisan = m.prf([(r["partisan_flag"], r["partisan"]) for r in answerable])
    latency = [r["elapsed_s"] for r in rows]
    firsts = [r["first_token_s"] for r in rows if r.get("composed") and r.get("first_token_s")]

    def share(subset: Sequence[dict[str, Any]], key: str) -> float | None:
        return sum(bool(r.get(key)) for r in subset) / len(subset) if subset else None

    return {
        "questions": len(rows),
        "errors": len(rows) - len(ok),
        "degraded": sum(bool(r.get("degraded")) for r in rows),
        "replaced": sum(bool(r.get("replaced")) for r in rows),
        "citation_recall": m.mean([r.get("citation_recall") for r in ok]),
        "citation_precision": m.mean([r.get("citation_precision") for r in ok]),
        "fact_recall": m.mean([r.get("fact_recall") for r in rows if r["answerable"]]),
        "figure_coverage_contested": m.mean(
            [r.get("figure_coverage") for r in rows if r["contested"]]
        ),
        "contested_flag_precision": contested.precision,
        "contested_flag_recall": contested.recall,
        "partisan_flag_precision": partisan.precision,
        "partisan_flag_recall": partisan.recall,
        "abstention_accuracy": share(declines, "declined_correctly"),
        "unanswerable_declined": share([r for r in rows if not r["answerable"]], "abstained"),
        "false_premise_handled": share(
            [r for r in rows if r["false_premise"]], "declined_correctly"
        ),
        "answer_rate": (
            sum(bool(r.get("answered")) and not r.get("abstained") for r in plain) / len(plain)
            if plain
            else None
        ),
        "retrieval_recall_at_k": m.mean([r.get("retrieval_recall") for r in ok]),
        "latency_p50_s": m.percentile(latency, 50),
        "latency_p95_s": m.percentile(latency, 95),
        "lead_rate": share([r for r in plain if r.get("composed")], "lead")
        if any(r.get("composed") for r in plain)
        else None,
        "first_token_p50_s": m.percentile(firsts, 50) if firsts else None,
    }


def latest_runs(out: Path, like: dict[str, Any]) -> list[Path]:
    """The newest saved run of each mode on the same corpus and gold questions as `like`."""
    newest: dict[str, Path] = {}
    for meta_file in sorted((out / "runs").glob(f"*/{META}")):
        try:
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue  # a half-written run directory is not a candidate for comparison
        same = all(
            meta.get(key) == like.get(key)
            for key in ("corpus", "questions_sha256", "every", "limit")
        )
        if same and meta.get("finished"):
            newest[meta["mode"]] = meta_file.parent
    return [newest[mode] for mode in EVAL_MODES if mode in newest]
