"""Calibrate the extractive answerer's abstention threshold on questions, not by guessing.

For each question, the best cosine similarity between the question and any sentence of the
retrieved passages is recorded; the threshold that best separates answerable questions from
unanswerable ones (balanced accuracy) is printed. Run:

    python -m eval.calibrate_abstention [--corpus DIR --questions FILE]

Default: the fictional test corpus and its questions (tests/data), plus the demo corpus with
the answerable questions of eval/questions.jsonl when that file exists; unanswerable questions
are those marked `"answerable": false` there, plus a fixed set of off-topic questions below.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from dataclasses import replace
from pathlib import Path

from assistant.answer.pipeline import ask
from assistant.config import Settings, offline_environment
from assistant.corpus.load import load_corpus
from assistant.ledger.library import Library
from assistant.store.embedders import get_embedder
from assistant.store.index import Index

OFF_TOPIC = [
    "What is the best apple pie recipe?",
    "How do I change a flat bicycle tyre?",
    "Who won the 1998 football world cup?",
    "What is the boiling point of water at high altitude?",
    "How do I install Python on Windows?",
    "Recommend a good science fiction novel.",
    "What is the capital of Australia?",
    "How many moons does Jupiter have?",
    "How do I train a puppy to sit?",
    "What are the rules of chess castling?",
    "Explain how photosynthesis works.",
    "What time zone is Tokyo in?",
    "How long should I boil an egg?",
    "What is a good stretching routine for runners?",
    "Who painted the Mona Lisa?",
    "How do vaccines train the immune system?",
]
ROOT = Path(__file__).resolve().parent.parent


def similarities(index: Library, questions: list[str], settings: Settings) -> list[float]:
    return [ask(q, index, settings).timings["best_support"] for q in questions]


def best_threshold(pos: list[float], neg: list[float], recall: float = 0.95) -> tuple[float, float]:
    """(threshold, balanced accuracy): the best balanced accuracy among thresholds that still
    answer at least `recall` of the answerable questions (abstaining wrongly on an answerable
    question costs more than quoting a related passage for an unanswerable one). The threshold
    is placed midway in the gap below the chosen score."""
    best: tuple[float, float] = (min(pos), 0.0)
    for t in sorted(set(pos + neg)):
        answered = sum(p >= t for p in pos) / len(pos)
        if answered < recall:
            break
        acc = (answered + sum(n < t for n in neg) / len(neg)) / 2
        if acc > best[1] + 1e-9:
            best = (t, acc)
    below = [x for x in pos + neg if x < best[0]]
    return (round((best[0] + max(below)) / 2, 2) if below else best[0], best[1])


def _index(corpus: Path, tmp: Path) -> Library:
    library = Library.over(Index(tmp / corpus.name, get_embedder()))
    library.sync_documents(load_corpus(corpus).documents)
    return library


def main() -> None:
    offline_environment()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--questions", type=Path)
    args = parser.parse_args()
    settings = replace(Settings.from_env(), min_support=-1.0)
    pos: list[float] = []
    neg: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        data = ROOT / "tests/data"
        sets = [(data / "fictional", data / "fictional_questions.json")]
        if args.corpus and args.questions:
            sets = [(args.corpus, args.questions)]
        elif (ROOT / "eval/questions.jsonl").exists():
            sets.append((ROOT / "corpus", ROOT / "eval/questions.jsonl"))
        for corpus, qfile in sets:
            index = _index(corpus, Path(tmp))
            rows = _questions(qfile)
            extra = qfile.with_name(qfile.stem.replace("_questions", "_unanswerable") + ".json")
            if extra.exists() and extra != qfile:
                rows += _questions(extra)
            answerable = [
                r["question"] for r in rows if r.get("answerable", True) and not r.get("history")
            ]
            unanswerable = [r["question"] for r in rows if not r.get("answerable", True)]
            pos += similarities(index, answerable, settings)
            neg += similarities(index, unanswerable + OFF_TOPIC, settings)
            print(
                f"{corpus}: {len(answerable)} answerable, {len(unanswerable) + len(OFF_TOPIC)} not"
            )
    threshold, accuracy = best_threshold(pos, neg)
    print(f"answerable: min {min(pos):.3f} median {sorted(pos)[len(pos) // 2]:.3f}")
    print(f"unanswerable: max {max(neg):.3f} median {sorted(neg)[len(neg) // 2]:.3f}")
    print(f"threshold {threshold} (balanced accuracy {accuracy:.3f}, n={len(pos) + len(neg)})")


def _questions(path: Path) -> list[dict]:
    text = path.read_text()
    if path.suffix == ".json":
        return list(json.loads(text))
    return [json.loads(line) for line in text.splitlines() if line.strip()]


if __name__ == "__main__":
    main()
