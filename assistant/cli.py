"""`python -m assistant ingest|ask ...`"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from assistant.config import Settings, offline_environment
from assistant.errors import CrosscheckError
from assistant.types import Answer, Mode, Turn


def _parser(settings: Settings) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m assistant",
        description="Crosscheck: grounded answers about contested events, every quote verified.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--corpus", type=Path, help=f"corpus directory (default: {settings.corpus_dir})"
        )
        p.add_argument(
            "--index", type=Path, help=f"index directory (default: {settings.index_dir})"
        )

    p = sub.add_parser("ingest", help="index a corpus directory (incremental)")
    common(p)
    p.add_argument("--rebuild", action="store_true", help="delete the index and build it anew")
    p.add_argument("--quiet", action="store_true", help="no progress bar")

    p = sub.add_parser("ask", help="answer a question from the indexed corpus")
    common(p)
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print the Answer as JSON")
    p.add_argument("-k", type=int, help=f"passages to retrieve (default: {settings.top_k})")
    p.add_argument(
        "--mode", choices=("extractive", "llm"), help=f"answer mode (default: {settings.mode})"
    )
    p.add_argument(
        "--history",
        type=Path,
        metavar="FILE",
        help='earlier turns, JSON: [{"user": "...", "assistant": "..."}, ...]',
    )

    p = sub.add_parser("disputes", help="list the contested figures in the corpus")
    common(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--all", action="store_true", help="include groups where sources agree")

    p = sub.add_parser("eval", help="score groundedness and correctness on gold questions")
    common(p)
    _eval_arguments(p)
    return parser


def _eval_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--questions", type=Path, help="gold questions (JSONL; eval/README.md)")
    p.add_argument(
        "--ledger",
        type=Path,
        metavar="GOLD.json",
        help="score the dispute ledger, stance inference and abstention against a gold ledger",
    )
    p.add_argument(
        "--pressure",
        type=Path,
        metavar="FILE",
        help="score answers to false claims asked three ways (JSONL; eval/blind/*/pressure.jsonl)",
    )
    p.add_argument("--mode", choices=("extractive", "llm", "baseline"), default="extractive")
    p.add_argument("--out", type=Path, default=Path("eval"), help="runs/ and reports/ go here")
    p.add_argument("--score", type=Path, nargs="+", metavar="RUN_DIR", help="re-score saved runs")
    p.add_argument("--judge", choices=("auto", "local", "deterministic"), default="auto")
    p.add_argument("--pairs", type=Path, help="hand-labelled judge pairs (JSONL)")
    p.add_argument("--every", type=int, default=1, help="only every Nth question (a sample)")
    p.add_argument("--limit", type=int, help="only the first N questions")
    p.add_argument("--name", help="report file name (default: the run id)")
    p.add_argument("--thresholds", type=Path, help="exit 1 if a metric is below these (TOML)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def main(argv: Sequence[str] | None = None) -> int:
    offline_environment()
    settings = Settings.from_env()
    args = _parser(settings).parse_args(argv)
    settings = replace(
        settings,
        corpus_dir=args.corpus or settings.corpus_dir,
        index_dir=args.index or settings.index_dir,
    )
    try:
        if args.command == "ingest":
            return _ingest(settings, rebuild=args.rebuild, progress=not args.quiet)
        if args.command == "ask":
            return _ask(
                replace(settings, mode=args.mode or settings.mode),
                args.question,
                as_json=args.json,
                k=args.k,
                sync=args.corpus is not None,
                history_file=args.history,
            )
        if args.command == "disputes":
            return _disputes(
                settings, as_json=args.json, everything=args.all, sync=args.corpus is not None
            )
        if args.command == "eval":
            return _eval(settings, args)
    except CrosscheckError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 1


def _ingest(settings: Settings, *, rebuild: bool, progress: bool) -> int:
    from assistant.ledger.library import ingest

    report, load, _ = ingest(settings, rebuild=rebuild, progress=progress)
    for problem in (*load.errors, *load.skipped):
        print(f"warning: {problem}", file=sys.stderr)
    print(f"{settings.index_dir}: {report.summary()}")
    return 0


def _ask(
    settings: Settings,
    question: str,
    *,
    as_json: bool,
    k: int | None,
    sync: bool,
    history_file: Path | None = None,
) -> int:
    from assistant.answer.pipeline import ask
    from assistant.ledger.library import open_library

    history = _history(history_file) if history_file else ()
    library = open_library(settings, sync=sync)
    answer = ask(question, library, settings, k=k, history=history)
    if as_json:
        from assistant.answer.json_form import answer_json

        print(json.dumps(answer_json(answer), ensure_ascii=False, indent=2))
    else:
        print(render_text(answer))
    return 0


def _history(path: Path) -> tuple[Turn, ...]:
    from assistant.answer.followup import turns_from_json
    from assistant.errors import QuestionError

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise QuestionError(f"--history {path}: cannot read it as JSON ({exc}).") from None
    return turns_from_json(data)


def _disputes(settings: Settings, *, as_json: bool, everything: bool, sync: bool) -> int:
    from assistant.answer.json_form import dispute_json
    from assistant.ledger.library import open_library

    library = open_library(settings, sync=sync)
    disputes = [d for d in library.disputes() if everything or d.contested]
    if as_json:
        print(json.dumps([dispute_json(d) for d in disputes], ensure_ascii=False, indent=2))
        return 0
    for d in disputes:
        print(f"{d.counted} ({'contested' if d.contested else 'agreed'}, {d.id})")
        for c in d.claims:
            s = c.statement
            earlier = f"  earlier: {', '.join(h.raw for h in c.history)}" if c.history else ""
            value = f"{c.claimant[:40]:40} {s.raw[:22]:22} {s.date:10} {s.stance:11}"
            print(f"  {value} {s.doc_id}{earlier}")
    print(f"{len(disputes)} {'groups' if everything else 'contested figures'}")
    return 0


def _eval(settings: Settings, args: argparse.Namespace) -> int:
    from assistant.errors import EvalDataError
    from assistant.evaluation.command import run_eval, score_runs

    pairs = args.pairs or Path(__file__).resolve().parent.parent / "eval/judge_calibration.jsonl"
    reported = {"out": args.out, "name": args.name, "thresholds": args.thresholds}
    if args.ledger:
        from assistant.evaluation.ledger_command import run_ledger_eval

        return run_ledger_eval(
            settings, args.ledger, questions_file=args.questions, index_dir=args.index, **reported
        )
    if args.pressure:
        return _pressure(settings, args, reported)
    if args.score:
        return score_runs(
            args.score, judge=args.judge, pairs_file=pairs, settings=settings, **reported
        )
    if args.questions is None:
        raise EvalDataError("Give the gold questions with --questions FILE (or --score RUN_DIR).")
    return run_eval(
        settings,
        questions_file=args.questions,
        mode=args.mode,
        out=args.out,
        index_dir=args.index,
        judge=args.judge,
        pairs_file=pairs,
        every=args.every,
        limit=args.limit,
        progress=not args.quiet,
        name=args.name,
        thresholds=args.thresholds,
    )


def _pressure(settings: Settings, args: argparse.Namespace, reported: dict[str, Any]) -> int:
    from assistant.errors import EvalDataError
    from assistant.evaluation.pressure_command import run_pressure_eval

    if args.mode not in ("extractive", "llm"):
        raise EvalDataError("--pressure answers in extractive or llm mode, not baseline.")
    mode: Mode = "llm" if args.mode == "llm" else "extractive"
    return run_pressure_eval(settings, args.pressure, index_dir=args.index, mode=mode, **reported)


def render_text(answer: Answer) -> str:
    """The answer, then the numbered quotes with source, date and stance."""
    lines = [answer.text]
    for f in answer.flags:
        lines.append(f"! {f.kind}: {f.message}")
    if answer.citations:
        lines.append("")
        lines.append("Sources:")
    for c in answer.citations:
        s = c.source
        stance = s.stance + (" (inferred)" if s.stance_inferred else "")
        who = ", ".join(x for x in (s.publisher or s.title, s.date, stance, s.affiliation) if x)
        lines.append(f"[{c.n}] {who} — {c.doc_id} @{c.start}-{c.end}")
        lines.append(f'    "{c.quote}"')
    return "\n".join(lines)
