"""Eval reports: Markdown, JSON and a PNG chart of scored runs side by side, and the summary
table printed after a run. Input: the dicts of `assistant.evaluate.score_run`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# (key, label, kind): kind "rate" is a share in [0, 1], "seconds" a latency
METRICS: tuple[tuple[str, str, str], ...] = (
    ("citation_recall", "Citation recall (ALCE)", "rate"),
    ("citation_precision", "Citation precision (ALCE)", "rate"),
    ("quote_exactness", "Quote exactness", "rate"),
    ("fact_recall", "Fact recall", "rate"),
    ("figure_coverage_contested", "Contested figures shown with their source", "rate"),
    ("contested_flag_precision", "contested_figure flag precision", "rate"),
    ("contested_flag_recall", "contested_figure flag recall", "rate"),
    ("partisan_flag_precision", "Partisan flag precision", "rate"),
    ("partisan_flag_recall", "Partisan flag recall", "rate"),
    ("abstention_accuracy", "Abstention accuracy (unanswerable + false premise)", "rate"),
    ("unanswerable_declined", "Unanswerable questions declined", "rate"),
    ("false_premise_handled", "False premises declined or corrected", "rate"),
    ("answer_rate", "Answerable questions answered", "rate"),
    ("retrieval_recall_at_k", "Retrieval recall@k of gold sources", "rate"),
    ("latency_p50_s", "Latency p50 (s)", "seconds"),
    ("latency_p95_s", "Latency p95 (s)", "seconds"),
    ("lead_rate", "LLM mode: answered questions with a verified lead", "rate"),
    ("first_token_p50_s", "LLM mode: time to first token p50 (s)", "seconds"),
)
HEADLINE = (
    "citation_recall",
    "citation_precision",
    "quote_exactness",
    "fact_recall",
    "figure_coverage_contested",
    "contested_flag_recall",
    "partisan_flag_recall",
    "abstention_accuracy",
    "retrieval_recall_at_k",
    "latency_p50_s",
)


def fmt(value: Any, kind: str = "rate") -> str:
    if value is None:
        return "–"
    return f"{value:.2f}" if kind == "rate" else f"{value:.2f} s"


def _label(run: dict[str, Any]) -> str:
    mode = run["mode"]
    return f"{mode} (naive RAG)" if mode == "baseline" else f"{mode} (Crosscheck)"


def table(runs: Sequence[dict[str, Any]], keys: Sequence[str] | None = None) -> list[str]:
    """A Markdown table: one row per metric, one column per run."""
    wanted = [row for row in METRICS if keys is None or row[0] in keys]
    lines = [
        "| metric | " + " | ".join(_label(r) for r in runs) + " |",
        "|---|" + "---:|" * len(runs),
    ]
    for key, label, kind in wanted:
        cells = [fmt(r["metrics"].get(key), kind) for r in runs]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def judge_line(judge: dict[str, Any]) -> str:
    cal = judge.get("calibration") or {}
    text = f"Support judge: {judge['description']}."
    if judge.get("note"):
        text += f" ({judge['note']})"
    if cal:
        model = cal.get("model_accuracy")
        text += (
            f" Accuracy on {cal['n']} hand-labelled pairs ({judge['pairs_file']}): "
            f"{cal['accuracy']:.2f} (deterministic check alone {cal['deterministic_accuracy']:.2f}"
            + (f", model alone {model:.2f}" if model is not None else "")
            + (
                "; the model said yes {yes}, no {no}, something else {unclear} times".format(
                    **cal["model_replies"]
                )
                if cal.get("model_replies")
                else ""
            )
            + f"; {cal['false_support']} unsupported accepted, "
            f"{cal['false_reject']} supported rejected)."
        )
    return text


def by_kind(runs: Sequence[dict[str, Any]]) -> list[str]:
    """Fact recall per question kind and run."""
    kinds = sorted({q["kind"] or "-" for r in runs for q in r["questions"] if q["answerable"]})
    lines = [
        "| question kind | n | " + " | ".join(_label(r) for r in runs) + " |",
        "|---|---:|" + "---:|" * len(runs),
    ]
    for kind in kinds:
        cells, n = [], 0
        for r in runs:
            rows = [q for q in r["questions"] if (q["kind"] or "-") == kind and q["answerable"]]
            values = [q["fact_recall"] for q in rows if q.get("fact_recall") is not None]
            n = len(rows)
            cells.append(fmt(sum(values) / len(values)) if values else "–")
        lines.append(f"| {kind} | {n} | " + " | ".join(cells) + " |")
    return lines


def misses(run: dict[str, Any], questions: dict[str, str], limit: int = 20) -> list[str]:
    """Questions the run got wrong: facts missing, or an unanswerable one answered."""
    lines = []
    for q in run["questions"]:
        wrong_facts = q["answerable"] and (q.get("fact_recall") or 0.0) < 1.0
        wrong_decline = (not q["answerable"] or q["false_premise"]) and not q.get(
            "declined_correctly"
        )
        if q["error"]:
            lines.append(f"- `{q['id']}` error: {q['error']}")
        elif wrong_facts or wrong_decline:
            why = (
                "answered an unanswerable question"
                if not q["answerable"]
                else (f"fact recall {fmt(q.get('fact_recall'))}")
            )
            lines.append(f"- `{q['id']}` ({why}): {questions.get(q['id'], '')}")
    extra = len(lines) - limit
    return lines[:limit] + ([f"- … and {extra} more (see the JSON report)"] if extra > 0 else [])


def _health(metrics: dict[str, Any]) -> str:
    """Errors, and LLM answers that were not the model's (unavailable, or replaced by quotes
    because nothing it wrote survived verification)."""
    parts = [f"{metrics['errors']} errors"]
    if metrics.get("degraded"):
        parts.append(f"{metrics['degraded']} with the chat model unavailable")
    if metrics.get("replaced"):
        parts.append(f"{metrics['replaced']} LLM answers replaced by the extractive answer")
    return ", ".join(parts)


def _sample(meta: dict[str, Any]) -> str:
    every = meta.get("every") or 1
    return f"every {every}th question of " if every > 1 else ""


def markdown(
    runs: Sequence[dict[str, Any]], judge: dict[str, Any], questions: dict[str, str]
) -> str:
    first = runs[0]["meta"]
    out = [
        f"# Eval report: {runs[0]['run_id']}",
        "",
        f"Corpus `{Path(first['corpus']).name}`, {runs[0]['metrics']['questions']} gold questions "
        f"({_sample(first)}`{first['questions_file']}`), top-k {first['k']}, "
        f"commit `{first.get('git_commit')}`.",
        "Runs: "
        + ", ".join(f"`{r['run_id']}` ({_health(r['metrics'])})" for r in runs)
        + ". Metric definitions: [eval/README.md](../README.md).",
        "",
        judge_line(judge),
        "",
        "## Scores",
        "",
        *table(runs),
        "",
        "## Fact recall by question kind",
        "",
        *by_kind(runs),
        "",
    ]
    for r in runs:
        out += [f"## Misses: {_label(r)}", "", *(misses(r, questions) or ["- none"]), ""]
    return "\n".join(out)


def chart(runs: Sequence[dict[str, Any]], path: Path) -> Path:
    """Grouped bars: every rate metric by run, and latencies beside them (PNG)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rates = [(k, label) for k, label, kind in METRICS if kind == "rate"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 6.5), gridspec_kw={"width_ratios": [5, 1]})
    width = 0.8 / len(runs)
    for i, r in enumerate(runs):
        ys = [r["metrics"].get(k) or 0.0 for k, _ in rates]
        xs = [j + i * width for j in range(len(rates))]
        left.barh(xs, ys, height=width, label=_label(r))
        right.bar([i], [r["metrics"]["latency_p50_s"]], yerr=None, label=_label(r), color=f"C{i}")
        right.scatter([i], [r["metrics"]["latency_p95_s"]], marker="_", s=400, color="k")
    left.set_yticks([j + width * (len(runs) - 1) / 2 for j in range(len(rates))])
    left.set_yticklabels([label for _, label in rates], fontsize=8)
    left.invert_yaxis()
    left.set_xlim(0, 1)
    left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.06), ncol=len(runs), fontsize=8)
    left.set_title("Scores (higher is better)")
    right.set_xticks(range(len(runs)))
    right.set_xticklabels([r["mode"] for r in runs], rotation=30, fontsize=8)
    right.set_title("Latency p50 (bar), p95 (–), s", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def write_reports(
    runs: Sequence[dict[str, Any]],
    judge: dict[str, Any],
    questions: dict[str, str],
    reports_dir: Path,
    name: str,
) -> list[Path]:
    """`<name>.md`, `<name>.json` and `<name>.png` in `reports_dir`."""
    reports_dir.mkdir(parents=True, exist_ok=True)
    md = reports_dir / f"{name}.md"
    png = chart(runs, reports_dir / f"{name}.png")
    text = markdown(runs, judge, questions) + f"\n![Scores by mode]({png.name})\n"
    md.write_text(text, encoding="utf-8")
    data = reports_dir / f"{name}.json"
    data.write_text(
        json.dumps({"judge": judge, "runs": list(runs)}, indent=2, ensure_ascii=False),
        encoding="utf-8",
    )
    return [md, data, png]


def summary(runs: Sequence[dict[str, Any]], judge: dict[str, Any]) -> str:
    """The plain-text table printed after a run."""
    names = [r["mode"] for r in runs]
    width = max(len(label) for _, label, _ in METRICS)
    lines = [f"{'metric':{width}}  " + "  ".join(f"{n:>10}" for n in names)]
    for key, label, kind in METRICS:
        cells = [fmt(r["metrics"].get(key), kind) for r in runs]
        lines.append(f"{label:{width}}  " + "  ".join(f"{c:>10}" for c in cells))
    return "\n".join([*lines, judge_line(judge)])
