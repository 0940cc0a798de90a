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
from pathlib import Path

from assistant.cite import markers
from assistant.config import Settings, offline_environment
from assistant.embed import get_embedder
from assistant.generate import answer_messages
from assistant.index import Index
from assistant.ingest import load_corpus
from assistant.llm import ChatModel
from assistant.llm_backends import local_model
from assistant.retrieve import retrieve
from assistant.support import judge_support
from assistant.types import Passage
from assistant.verify import ABSTAIN, evidence, normalise_markers, sentences, verify_answer

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
    firsts, rates, per_answer = [], [], []
    total = kept = 0
    removed: Counter[str] = Counter()
    judge_before = [0, 0]
    judge_after = [0, 0]
    with tempfile.TemporaryDirectory() as tmp:
        index = Index(Path(tmp), embedder)
        index.sync(load_corpus(args.corpus).documents)
        for q in questions[: args.limit]:
            passages = retrieve(index, q, embedder.embed_batch([q])[0], settings.top_k)
            started = time.perf_counter()
            pieces, first = [], 0.0
            for piece in model.stream(answer_messages(q, passages)):
                first = first or time.perf_counter()
                pieces.append(piece)
            done = time.perf_counter()
            firsts.append(first - started)
            if len(pieces) > 1:
                rates.append((len(pieces) - 1) / (done - first))
            per_answer.append(done - started)
            raw = "".join(pieces)
            checked = verify_answer(raw, passages, index.text)
            total, kept = total + checked.total, kept + checked.kept
            removed.update({f.kind: len(f.details.get("sentences", [])) for f in checked.flags})
            if not args.no_judge:
                by_n = {p.n: p for p in passages}
                for acc, text in ((judge_before, raw), (judge_after, checked.text)):
                    yes, n = judged(model, text, by_n)
                    acc[0], acc[1] = acc[0] + yes, acc[1] + n
            print(f"- {q}\n  raw: {' '.join(raw.split())[:300]}\n  shown: {checked.text[:300]}")

    def share(a: int, b: int) -> str:
        return f"{a}/{b} ({a / b:.0%})" if b else "n/a"

    rows = [
        ("threads / context", f"{os.cpu_count()} / 4096"),
        ("model load (once per process)", f"{load_s:.1f} s"),
        (
            "time to first token p50 / max (prompt of ~6 passages)",
            f"{statistics.median(firsts):.1f} / {max(firsts):.1f} s",
        ),
        ("generation speed p50", f"{statistics.median(rates):.1f} tokens/s"),
        ("whole answer p50", f"{statistics.median(per_answer):.1f} s"),
        ("sentences passing the checks, before verification", share(kept, total)),
        ("sentences passing the checks, shown after verification", share(kept, kept)),
        ("removed, by flag", ", ".join(f"{k} {v}" for k, v in sorted(removed.items())) or "none"),
        ("judge-confirmed sentences, before verification", share(*judge_before)),
        ("judge-confirmed sentences, after verification", share(*judge_after)),
        ("peak RSS", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"),
    ]
    print(f"\n| measure ({len(firsts)} questions, local model) | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
