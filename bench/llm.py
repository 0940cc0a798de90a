"""Benchmark of LLM mode: local-model speed, and what the verifier removes.

    python -m bench.llm [--corpus corpus] [--limit 10] [--no-judge]

For each question of bench/questions.txt (the first --limit): retrieve, prompt the local GGUF
model, stream its answer (time to first token, tokens/s), then verify it. Reports the share of
generated sentences that are cited and carry only numbers and names found in their passages
(before verification: all generated sentences; after: the sentences shown), and, as a second
opinion independent of those checks, the share the local model confirms as a binary judge.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.answer.generative import answer_messages
from assistant.answer.retrieve import retrieve
from assistant.config import Settings, offline_environment
from assistant.corpus.load import load_corpus
from assistant.grounding.generated import ABSTAIN, evidence, verify_answer
from assistant.grounding.markers import markers, normalise_markers, sentences
from assistant.grounding.support import judge_support
from assistant.models.backends import local_model
from assistant.models.chat import ChatModel
from assistant.store.embedders import get_embedder
from assistant.store.index import Index
from assistant.types import Passage

HERE = Path(__file__).resolve().parent


def judged(model: ChatModel, text: str, passages: dict[int, Passage]) -> tuple[int, int]:
    """(sentences the judge confirms against their cited passages, sentences judged)."""
    yes = total = 0
    for span in sentences(normalise_markers(text)):
        cited = [passages[n] for n in markers(span.text) if n in passages]
        if not cited and ABSTAIN.search(span.text):
            continue
        total += 1
        if cited:
            body = "\n\n".join(evidence(p) for p in cited)
            yes += judge_support(model, span.text, body) is True
    return yes, total


@dataclass
class Tally:
    firsts: list[float] = field(default_factory=list)
    rates: list[float] = field(default_factory=list)
    per_answer: list[float] = field(default_factory=list)
    total: int = 0
    kept: int = 0
    removed: Counter[str] = field(default_factory=Counter)
    judge_before: list[int] = field(default_factory=lambda: [0, 0])
    judge_after: list[int] = field(default_factory=lambda: [0, 0])


def answer_one(model: Any, q: str, passages: Any, text_of: Any, tally: Tally, judge: bool) -> None:
    """Stream one answer, time it, verify it and count what the checks removed."""
    started = time.perf_counter()
    pieces, first = [], 0.0
    for piece in model.stream(answer_messages(q, passages)):
        first = first or time.perf_counter()
        pieces.append(piece)
    done = time.perf_counter()
    tally.firsts.append(first - started)
    if len(pieces) > 1:
        tally.rates.append((len(pieces) - 1) / (done - first))
    tally.per_answer.append(done - started)
    raw = "".join(pieces)
    checked = verify_answer(raw, passages, text_of)
    tally.total, tally.kept = tally.total + checked.total, tally.kept + checked.kept
    tally.removed.update({f.kind: len(f.removed) for f in checked.flags})
    if judge:
        by_n = {p.n: p for p in passages}
        for acc, text in ((tally.judge_before, raw), (tally.judge_after, checked.text)):
            yes, n = judged(model, text, by_n)
            acc[0], acc[1] = acc[0] + yes, acc[1] + n
    print(f"- {q}\n  raw: {' '.join(raw.split())[:300]}\n  shown: {checked.text[:300]}")


def share(a: int, b: int) -> str:
    return f"{a}/{b} ({a / b:.0%})" if b else "n/a"


def report(t: Tally, load_s: float) -> list[tuple[str, str]]:
    return [
        ("threads / context", f"{os.cpu_count()} / 4096"),
        ("model load (once per process)", f"{load_s:.1f} s"),
        (
            "time to first token p50 / max (prompt of ~6 passages)",
            f"{statistics.median(t.firsts):.1f} / {max(t.firsts):.1f} s",
        ),
        ("generation speed p50", f"{statistics.median(t.rates):.1f} tokens/s"),
        ("whole answer p50", f"{statistics.median(t.per_answer):.1f} s"),
        ("sentences passing the checks, before verification", share(t.kept, t.total)),
        ("sentences passing the checks, shown after verification", share(t.kept, t.kept)),
        ("removed, by flag", ", ".join(f"{k} {v}" for k, v in sorted(t.removed.items())) or "none"),
        ("judge-confirmed sentences, before verification", share(*t.judge_before)),
        ("judge-confirmed sentences, after verification", share(*t.judge_after)),
        ("peak RSS", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"),
    ]


def main() -> None:
    offline_environment()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--no-judge", action="store_true", help="skip the judge's second opinion")
    args = parser.parse_args()
    settings = Settings.from_env()
    t = time.perf_counter()
    model = local_model(settings.llm)
    load_s = time.perf_counter() - t
    embedder = get_embedder()
    questions = [q for q in (HERE / "questions.txt").read_text().splitlines() if q.strip()]
    tally = Tally()
    with tempfile.TemporaryDirectory() as tmp:
        index = Index(Path(tmp), embedder)
        index.sync(load_corpus(args.corpus).documents)
        for q in questions[: args.limit]:
            passages = retrieve(index, q, embedder.embed_batch([q])[0], settings.top_k)
            answer_one(model, q, passages, index.text, tally, not args.no_judge)
    print(f"\n| measure ({len(tally.firsts)} questions, local model) | value |\n|---|---|")
    for name, value in report(tally, load_s):
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
