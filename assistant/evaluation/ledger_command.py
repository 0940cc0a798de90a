"""`python -m assistant eval --ledger GOLD.json --corpus DIR [--questions FILE]`: how well the
dispute ledger, stance inference and abstention hold on a corpus with a gold ledger.

It indexes the corpus (its own index under the runs directory), scores the contested disputes
against the gold ledger (`ledger_score.score_ledger`) and the partisan labels against the gold
stances (`score_stance`), and, given gold questions, answers them extractively to count dispute
lines on questions that ask no figure, declined unanswerable questions, answered answerable
ones and fact recall. It prints a Markdown report, writes it with its JSON beside the other
reports, and with `--thresholds` exits 1 when a score is below the file's `[ledger]` table.
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from assistant.answer.pipeline import ask
from assistant.config import Settings
from assistant.evaluation.command import default_index_dir
from assistant.evaluation.goldset import GoldQuestion, load_questions
from assistant.evaluation.ledger_gold import load_gold_ledger
from assistant.evaluation.ledger_score import ledger_report, score_ledger, score_stance
from assistant.evaluation.metrics import fact_recall, mean
from assistant.evaluation.thresholds import out_of_bounds
from assistant.ledger.figures import find_figures
from assistant.ledger.library import Library, ingest

FIGURE_SLOTS = ("count", "money", "percentage", "duration")


def run_ledger_eval(
    settings: Settings,
    gold_file: Path,
    *,
    questions_file: Path | None,
    out: Path,
    index_dir: Path | None,
    name: str | None,
    thresholds: Path | None,
) -> int:
    gold = load_gold_ledger(gold_file)
    settings = replace(settings, index_dir=index_dir or default_index_dir(out, settings.corpus_dir))
    library = ingest(settings)[2]
    ledger = score_ledger(gold, library.disputes())
    stance = score_stance(gold, library.index.documents())
    scores: dict[str, Any] = {
        "ledger_precision": ledger.precision,
        "ledger_recall": ledger.recall,
        "claimant_accuracy": ledger.claimant_accuracy,
        "stance_f1": stance.f1,
        "stance_precision": stance.precision,
        "stance_recall": stance.recall,
    }
    if questions_file is not None:
        scores |= question_scores(load_questions(questions_file), library, settings)
    report = ledger_report(ledger, stance) + "\n" + _question_lines(scores)
    print(report)
    _save(out, name or f"ledger-{settings.corpus_dir.name}", report, scores, ledger, stance)
    failures = check_ledger_thresholds(scores, thresholds) if thresholds else []
    for failure in failures:
        print(f"below threshold: {failure}")
    return 1 if failures else 0


def question_scores(
    questions: list[GoldQuestion], library: Library, settings: Settings
) -> dict[str, Any]:
    """Dispute lines on questions that ask no figure, abstention, answer rate, fact recall."""
    no_figure, lines, declined, unanswerable, answered, answerable = 0, 0, 0, 0, 0, 0
    stating = 0  # of `lines`: on questions that state a figure themselves ("Why did X say 300?")
    recalls: list[float | None] = []
    for q in questions:
        a = ask(q.question, library, settings, history=q.history)
        if q.asks and q.asks not in FIGURE_SLOTS:
            no_figure += 1
            line = any(f.kind == "contested_figure" for f in a.flags)
            lines += line
            stating += line and bool(find_figures(q.question))
        if q.answerable:
            answerable += 1
            answered += a.answered
            recalls.append(fact_recall(a.text, q.facts))
        else:
            unanswerable += 1
            declined += not a.answered
    return {
        "questions": len(questions),
        "dispute_lines_on_non_figure_questions": lines,
        "dispute_lines_on_questions_stating_a_figure": stating,
        "non_figure_questions": no_figure,
        "unanswerable_declined": declined / unanswerable if unanswerable else 1.0,
        "answerable_answered": answered / answerable if answerable else 1.0,
        "fact_recall": mean(recalls),
    }


def _question_lines(scores: dict[str, Any]) -> str:
    if "questions" not in scores:
        return ""
    rows = [
        ("gold questions", scores["questions"]),
        (
            "dispute lines on questions that ask no figure",
            f"{scores['dispute_lines_on_non_figure_questions']} of "
            f"{scores['non_figure_questions']}"
            f" ({scores.get('dispute_lines_on_questions_stating_a_figure', 0)} of them on a"
            " question that states a figure itself)",
        ),
        ("unanswerable declined", f"{scores['unanswerable_declined']:.2f}"),
        ("answerable answered", f"{scores['answerable_answered']:.2f}"),
        ("fact recall", _fmt(scores["fact_recall"])),
    ]
    return "## Answers\n\n| measure | value |\n|---|---|\n" + "".join(
        f"| {k} | {v} |\n" for k, v in rows
    )


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def _save(out: Path, name: str, report: str, scores: dict[str, Any], *parts: Any) -> None:
    reports = out / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    (reports / f"{name}.md").write_text(report, encoding="utf-8")
    detail = {"scores": scores, "ledger": asdict(parts[0]), "stance": asdict(parts[1])}
    text = json.dumps(detail, indent=2, default=str, ensure_ascii=False)
    (reports / f"{name}.json").write_text(text, encoding="utf-8")


def check_ledger_thresholds(scores: dict[str, Any], path: Path) -> list[str]:
    """Scores out of the `[ledger]` bounds of a TOML file (a score the run lacks is skipped)."""
    return out_of_bounds(scores, path, "ledger", missing_fails=False)
