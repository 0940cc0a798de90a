"""Every lead sentence compose mode shows for a corpus's gold questions, with the passages it
cites in full, one JSON line each: what `eval/lead_labels_blind.jsonl` was made from.

    python -m eval.compose_leads OUT.jsonl CORPUS [CORPUS ...]

A CORPUS is a folder of eval/blind/ (its docs/ and questions.jsonl). The lines have the keys
of the labels file but "label" and "note": hand them to someone who has not seen the code,
with the instructions below, and add what they write. The local model is the one
`CROSSCHECK_LLM_MODEL_PATH` names (`make llm`).

Instructions given to the labellers: a lead sentence is "faithful" when everything it
asserts is stated by the quotes it cites (paraphrase, shortening and an "According to X"
naming a cited source or speaker are fine); "distorted" when it says something they do not
say or say differently (a fact, cause, date, number or qualifier not in them, the wrong
voice, an act changed, a plan or denial stated as done, the question's words, garbled or
cut-off wording). Judge against the cited quotes only.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from assistant.answer import compose
from assistant.answer.pipeline import ask
from assistant.config import Settings, offline_environment
from assistant.evaluation.goldset import load_questions
from assistant.grounding.markers import markers, sentences
from assistant.ledger.library import ingest
from assistant.types import Passage

BLIND = Path(__file__).resolve().parent / "blind"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("corpora", nargs="+")
    args = parser.parse_args()
    offline_environment()
    settings = Settings.from_env()
    with args.out.open("w", encoding="utf-8") as out:
        for corpus in args.corpora:
            for row in leads_of(BLIND / corpus, settings):
                out.write(json.dumps({"corpus": corpus, **row}) + "\n")


def leads_of(here: Path, settings: Settings) -> list[dict[str, Any]]:
    """Each shown lead sentence of the corpus's gold questions, with the passages it cites
    (the evidence the model was given, read as the answer verified it)."""
    index_dir = Path(tempfile.mkdtemp(prefix="leads-")) / "index"
    library = ingest(replace(settings, corpus_dir=here / "docs", index_dir=index_dir))[2]
    given: list[Passage] = []
    verify = compose.verify_answer

    def seen(generated: str, passages: Any, *args: Any, **kwargs: Any) -> Any:
        given[:] = list(passages)
        return verify(generated, passages, *args, **kwargs)

    compose.verify_answer = seen
    try:
        rows = []
        model = settings.llm.model_path.stem
        for q in load_questions(here / "questions.jsonl"):
            given.clear()
            answer = ask(q.question, library, settings, mode="llm")
            by_n = {p.n: p for p in given}
            for sp in sentences(answer.lead):
                cited = [by_n[n] for n in markers(sp.text) if n in by_n]
                quotes = [
                    {"n": p.n, "doc_id": p.chunk.doc_id, "quote": p.chunk.text} for p in cited
                ]
                rows.append(
                    {
                        "model": model,
                        "id": q.id,
                        "question": q.question,
                        "lead": sp.text,
                        "quotes": quotes,
                    }
                )
        return rows
    finally:
        compose.verify_answer = verify


if __name__ == "__main__":
    main()
