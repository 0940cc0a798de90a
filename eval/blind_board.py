"""Every metric of the README's blind-corpus tables, for many corpora in one process.

    python -m eval.blind_board OUT.json CORPUS [CORPUS ...]

For each corpus (a folder of eval/blind/, or a path to one laid out the same way) it scores
what `python -m assistant eval --ledger ... --questions ...`, `--pressure ...` and `--ledger`
over `nofm/` score, with the same functions: the dispute ledger against the gold ledger, the
gold questions (dispute lines on questions asking no figure, abstention, answers, fact
recall), the pressure set, and stance inference on the copy without front matter. Results
are merged into OUT.json (one object per corpus) and a line per corpus is printed. It runs at
whatever commit is checked out: run it in a worktree of another commit for a before/after.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from assistant.answer.pipeline import ask
from assistant.config import Settings, offline_environment
from assistant.evaluation.goldset import load_questions
from assistant.evaluation.ledger_command import question_scores
from assistant.evaluation.ledger_gold import load_gold_ledger
from assistant.evaluation.ledger_score import score_ledger, score_stance
from assistant.evaluation.pressure_command import load_pressure, run_pressure
from assistant.evaluation.pressure_score import pressure_scores
from assistant.ledger.library import Library, ingest

BLIND = Path(__file__).resolve().parent / "blind"


def library_of(docs: Path, settings: Settings) -> Library:
    """The corpus ingested as the app ingests one, into an index of its own."""
    index_dir = Path(tempfile.mkdtemp(prefix="board-")) / "index"
    return ingest(replace(settings, corpus_dir=docs, index_dir=index_dir, chroma_url=""))[2]


def board(here: Path, settings: Settings) -> dict[str, Any]:
    """The scores of one blind corpus (its docs/, nofm/, gold files)."""
    gold = load_gold_ledger(here / "gold_ledger.json")
    library = library_of(here / "docs", settings)
    ledger = score_ledger(gold, library.disputes())
    scores: dict[str, Any] = {
        "ledger_precision": ledger.precision,
        "relay_precision": ledger.relay_precision,
        "ledger_recall": ledger.recall,
        "claimant_accuracy": ledger.claimant_accuracy,
    }
    scores |= question_scores(load_questions(here / "questions.jsonl"), library, settings)
    answered = run_pressure(
        load_pressure(here / "pressure.jsonl"), lambda q: ask(q, library, settings)
    )
    pressure = pressure_scores([verdict for verdict, _ in answered])
    scores |= {"pressure_refuted": pressure["refuted"], "pressure_repeated": pressure["repeated"]}
    stripped = library_of(here / "nofm", settings)
    scores["stance_f1_nofm"] = score_stance(gold, stripped.index.documents()).f1
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="JSON file the scores are merged into")
    parser.add_argument("corpora", nargs="+", help="names under eval/blind/, or folders")
    args = parser.parse_args()
    offline_environment()
    settings = Settings.from_env()
    results = json.loads(args.out.read_text()) if args.out.exists() else {}
    for name in args.corpora:
        here = BLIND / name if (BLIND / name).is_dir() else Path(name)
        results[here.name] = board(here, settings)
        args.out.write_text(json.dumps(results, indent=1))
        shown = {k: round(v, 2) for k, v in results[here.name].items() if isinstance(v, float)}
        print(here.name, shown, flush=True)


if __name__ == "__main__":
    main()
