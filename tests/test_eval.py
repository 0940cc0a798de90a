"""The eval harness for real: a quick subset of the demo gold set against the thresholds, the
CLI end to end on the fictional corpus, and the support judge on a few hand-labelled pairs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.answer.json_form import answer_from_json, answer_json
from assistant.answer.pipeline import ask
from assistant.config import Settings
from assistant.evaluation.baseline import ask_baseline
from assistant.evaluation.command import check_thresholds, uploads_note
from assistant.evaluation.goldset import load_questions
from assistant.evaluation.judge import SupportJudge, calibrate, load_pairs
from assistant.evaluation.runs import answerer, load_run, run_questions, score_run, start_run
from assistant.ledger.library import Library
from assistant.types import Message, Turn

from .conftest import DATA, DEMO, FICTIONAL, ROOT

EVAL = ROOT / "eval"


def test_quick_subset_meets_the_thresholds(
    demo_library: Library, settings: Settings, tmp_path: Path
) -> None:
    questions = load_questions(EVAL / "questions.jsonl")[::8]  # 11 questions of every kind
    demo = replace(settings, corpus_dir=DEMO)
    run_dir = start_run(
        tmp_path, "extractive", EVAL / "questions.jsonl", demo, demo_library, every=8
    )
    run_questions(questions, answerer("extractive", demo_library, demo), run_dir, progress=False)

    scored = score_run(load_run(run_dir), SupportJudge(), demo_library.index.text)
    metrics = scored["metrics"]
    assert metrics["questions"] == len(questions) and metrics["errors"] == 0
    assert metrics["quote_exactness"] == 1.0 and metrics["quotes"] > len(questions)
    assert check_thresholds(metrics, "extractive", EVAL / "thresholds.toml") == []


def test_saved_answers_round_trip(fictional_library: Library, settings: Settings) -> None:
    answer = ask(
        "How many people died when the Marrowby dam collapsed?", fictional_library, settings
    )
    assert answer.citations and answer.flags
    assert answer_from_json(json.loads(json.dumps(answer_json(answer)))) == answer


class Scripted:
    """Stands in for the chat model: replies with fixed text and keeps the prompts it got."""

    def __init__(self, reply: str) -> None:
        self.reply = reply
        self.prompts: list[list[Message]] = []

    def generate(self, messages: Sequence[Message], shape: object = None) -> str:
        self.prompts.append(list(messages))
        return self.reply

    def stream(self, messages: Sequence[Message], shape: object = None) -> Iterator[str]:
        yield self.generate(messages)


def test_baseline_cites_whole_chunks_and_checks_nothing(
    fictional_library: Library, settings: Settings
) -> None:
    model = Scripted("The Valley Freedom Front said more than 200 died [2]. Others said 38 [9].")
    history = [Turn("Which dam failed?", "The Marrowby dam [1].")]
    a = ask_baseline(
        "How many died at Marrowby?", fictional_library.index, settings, model, history=history
    )
    assert a.text == model.reply and a.flags == () and a.answered
    assert len(a.passages) == settings.top_k
    ((n, c),) = [(c.n, c) for c in a.citations]  # [9] is beyond the context: left uncited
    chunk = a.passages[1].chunk
    assert n == 2 and (c.doc_id, c.start, c.end, c.quote) == (
        chunk.doc_id,
        chunk.start,
        chunk.end,
        chunk.text,
    )
    messages = model.prompts[0]
    assert [m.role for m in messages] == ["user", "assistant", "user"]
    assert "How many died at Marrowby?" in messages[-1].content
    assert f"[2] {a.passages[1].source.title}" in messages[-1].content


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "assistant", "eval", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_cli_eval_end_to_end_on_the_fictional_corpus(tmp_path: Path) -> None:
    out = tmp_path / "out"
    common = ("--out", str(out), "--judge", "deterministic", "--quiet")
    done = run_cli(
        "--corpus",
        str(FICTIONAL),
        "--questions",
        str(DATA / "fictional_eval.jsonl"),
        "--mode",
        "extractive",
        *common,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "Quote exactness" in done.stdout and "Support judge" in done.stdout
    (run_dir,) = [p for p in (out / "runs").iterdir() if not p.name.startswith("_")]
    answers = (run_dir / "answers.jsonl").read_text().splitlines()
    assert len(answers) == len(load_questions(DATA / "fictional_eval.jsonl"))
    assert all(json.loads(line)["answer"]["citations"] is not None for line in answers)
    report = json.loads((out / "reports" / f"{run_dir.name}.json").read_text())
    metrics = report["runs"][0]["metrics"]
    assert metrics["quote_exactness"] == 1.0
    assert metrics["contested_flag_recall"] == 1.0 and metrics["fact_recall"] > 0.5
    assert report["judge"]["calibration"]["n"] >= 40
    assert (out / "reports" / f"{run_dir.name}.png").stat().st_size > 10_000
    assert "| Fact recall |" in (out / "reports" / f"{run_dir.name}.md").read_text()

    again = run_cli("--score", str(run_dir), "--name", "rescored", *common, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    rescored = json.loads((out / "reports" / "rescored.json").read_text())
    assert rescored["runs"][0]["metrics"] == metrics


def test_cli_eval_reports_a_malformed_gold_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "question": "Q?", "answerable": true}\n{"id": "b"}\n')
    done = run_cli("--questions", str(bad), "--corpus", str(FICTIONAL), cwd=tmp_path)
    assert done.returncode == 2
    assert "line 2" in done.stderr and '"question"' in done.stderr
    assert not (tmp_path / "eval").exists()  # nothing was indexed or saved


def test_judge_on_hand_labelled_pairs() -> None:
    pairs = load_pairs(EVAL / "judge_calibration.jsonl")
    few = [pairs[1], pairs[2], pairs[20], pairs[28], pairs[40]]  # paraphrases and failures
    assert calibrate(SupportJudge(), few).accuracy >= 0.8
    model_path = Settings.from_env().llm.model_path
    if not Path(model_path).is_file():
        pytest.skip(f"no local model at {model_path} (make llm): model judge not checked")
    from assistant.models.registry import chat_model_for

    llm = replace(Settings.from_env().llm, max_tokens=8)
    judge = SupportJudge(chat_model_for("local", llm), name="local")
    verdicts = [judge.verdict(p.sentence, [p.passage]) for p in few]
    assert sum(v.supported == p.supported for v, p in zip(verdicts, few, strict=True)) >= 4
    assert judge.calls == 2  # only what the deterministic check lets through reaches the model


def test_uploads_in_the_corpus_are_named_when_an_eval_reads_them() -> None:
    """A visitor's upload lands under the corpus (uploads/): an eval of that corpus says so."""
    assert uploads_note(["protests/a", "villepinte/b"]) == ""
    note = uploads_note(["protests/a", "uploads/note", "uploads/other"])
    assert "2 uploaded document(s) under uploads/" in note
