"""Benchmark of LLM mode (compose): the local model's lead over the extractive answer's quotes.

    python -m bench.llm [--corpus corpus] [--limit 12] [--model models/<file>.gguf]

For each question of bench/questions.txt (the first --limit), in one process: the extractive
answer (the gate and the evidence), then the composed lead under the grammar, streamed and
verified (`answer.compose`). Reports the prompt's size, time to first token, the whole answer,
tokens/s, and how many answered questions got a verified lead. Run it once per model file to
compare sizes; the numbers are whole-process figures from one sitting.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from assistant.answer.pipeline import ask
from assistant.config import Settings, offline_environment
from assistant.corpus.load import load_corpus
from assistant.ledger.library import Library
from assistant.models.backends import local_model
from assistant.store.embedders import get_embedder
from assistant.store.index import Index
from assistant.types import Answer

HERE = Path(__file__).resolve().parent
_REMOVED = ("unsupported_sentence", "unsupported_relation", "fabricated_quote", "uncited_sentence")


def share(a: int, b: int) -> str:
    return f"{a}/{b} ({a / b:.0%})" if b else "n/a"


def p50(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def report(answers: list[Answer], load_s: float, model: Path) -> list[tuple[str, str]]:
    asked = [a for a in answers if a.answered and "tokens" in a.timings]
    t = [a.timings for a in asked]
    rates = [x["tokens"] / x["generate_s"] for x in t if x["generate_s"] > 0 and x["tokens"] > 1]
    removed: Counter[str] = Counter()
    for a in asked:
        removed.update({f.kind: len(f.removed) for f in a.flags if f.kind in _REMOVED})
    kept = sum(int(x["sentences_kept"]) for x in t)
    written = sum(int(x["sentences"]) for x in t)
    return [
        ("model", model.name),
        ("model load (once per process)", f"{load_s:.1f} s"),
        (
            "prompt p50 (characters, system prompt included)",
            f"{p50([x['prompt_chars'] for x in t]):.0f}",
        ),
        (
            "prompt p50 (tokens of the messages' text)",
            f"{p50([x['prompt_tokens'] for x in t if 'prompt_tokens' in x]):.0f}",
        ),
        ("time to first token p50", f"{p50([x['first_token_s'] for x in t]):.1f} s"),
        ("whole answer p50", f"{p50([x['total_s'] for x in t]):.1f} s"),
        ("generation speed p50", f"{p50(rates):.1f} tokens/s"),
        (
            "answered questions with a verified lead",
            share(sum(bool(a.lead) for a in asked), len(asked)),
        ),
        ("model wrote NOT ANSWERED", share(sum(int(x["model_declined"]) for x in t), len(asked))),
        ("lead sentences kept after verification", share(kept, written)),
        (
            "of those, re-cited or attributed by the program",
            share(sum(int(x.get("sentences_mended", 0)) for x in t), kept),
        ),
        ("removed, by flag", ", ".join(f"{k} {v}" for k, v in sorted(removed.items())) or "none"),
        ("peak RSS", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"),
    ]


def main() -> None:
    offline_environment()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--limit", type=int, default=12)
    parser.add_argument("--model", type=Path, default=None, help="a GGUF file (default: settings)")
    args = parser.parse_args()
    settings = Settings.from_env()
    llm = replace(settings.llm, backend="local", model_path=args.model or settings.llm.model_path)
    settings = replace(settings, llm=llm)
    t = time.perf_counter()
    local_model(llm)  # loaded once; the pipeline reuses it
    load_s = time.perf_counter() - t
    questions = [q for q in (HERE / "questions.txt").read_text().splitlines() if q.strip()]
    answers = []
    with tempfile.TemporaryDirectory() as tmp:
        library = Library.over(Index(Path(tmp), get_embedder(settings.embedder)))
        library.sync_documents(load_corpus(args.corpus).documents)
        for q in questions[: args.limit]:
            a = ask(q, library, settings, mode="llm")
            answers.append(a)
            print(f"- {q}\n  lead: {a.lead or '(none)'}")
    print(f"\n| measure ({len(answers)} questions, local model) | value |\n|---|---|")
    for name, value in report(answers, load_s, Path(llm.model_path)):
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
