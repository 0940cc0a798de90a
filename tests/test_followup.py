"""Follow-up questions: rewritten with the chat history before retrieval."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.answer.followup import (
    TURN_CHARS,
    history_text,
    rewrite_deterministic,
    rewrite_with_model,
    turns_from_json,
)
from assistant.answer.pipeline import ask
from assistant.config import Settings
from assistant.errors import QuestionError
from assistant.ledger.library import Library
from assistant.models.registry import register_chat_model
from assistant.types import Answer, Turn
from assistant.ui.render import render_message
from tests.conftest import FICTIONAL, ROOT
from tests.fake_llm import ScriptedChat, closed_port

STRIKE = Turn(
    "How many dockworkers walked out in the Port Celadon strike?",
    "Sources disagree: the union says 12,000 [1]; the port authority says about 3,000 [2].",
)
STANDALONE = "How long did the Port Celadon strike last?"
_names = itertools.count()


def test_no_history_or_a_self_contained_question_is_unchanged() -> None:
    assert rewrite_deterministic("How long did it last?", ()) == "How long did it last?"
    own = "How much grain burned in the Warehouse 7 fire?"
    assert rewrite_deterministic(own, [STRIKE]) == own


@pytest.mark.parametrize("question", ["How long did it last?", "And the end date?"])
def test_dependent_question_gets_the_previous_topic(question: str) -> None:
    out = rewrite_deterministic(question, [STRIKE])
    assert out.startswith(question)
    assert "Port Celadon strike" in out and "dockworkers" in out
    assert "How" not in out[len(question) :]  # question words are not key terms


def test_key_terms_come_from_the_latest_turn_that_has_some() -> None:
    history = [STRIKE, Turn("And then?", "...")]
    assert "Celadon" in rewrite_deterministic("What about it?", history)


def test_the_carried_topic_is_one_pair_of_brackets_the_question_reader_drops() -> None:
    from assistant.answer.asked import asked

    # the recogniser reads "The Tarn Hills Defence Front (THDF" as one name
    answer = (
        "The Tarn Hills Defence Front (THDF), a banned militia that says it protects ethnic "
        "Tarn villages."
    )
    history = [Turn("Which armed group fought the army near Kessary?", answer)]
    question = rewrite_deterministic("How many soldiers does it say its fighters killed?", history)
    assert question.count("(") == question.count(")") == 1 and "THDF" in question
    assert asked(question).phrase == "the number of soldiers it says its fighters killed"


def test_history_in_the_prompt_is_bounded() -> None:
    history = [Turn(f"question {i} " + "x" * 2000, f"answer {i}") for i in range(10)]
    text = history_text(history, 3)
    assert "question 6" not in text and "question 7" in text and "question 9" in text
    assert all(len(line) <= TURN_CHARS + len("Assistant: ") for line in text.splitlines())


def test_model_rewrite_uses_the_history() -> None:
    model = ScriptedChat(rewrite=f"Rewritten question: {STANDALONE}")
    assert rewrite_with_model(model, "How long did it last?", [STRIKE]) == STANDALONE
    prompt = model.calls[0][-1].content
    assert STRIKE.user in prompt and "How long did it last?" in prompt


def test_unusable_model_rewrite_falls_back_to_the_deterministic_one() -> None:
    model = ScriptedChat(rewrite="   ")
    out = rewrite_with_model(model, "How long did it last?", [STRIKE])
    assert out == rewrite_deterministic("How long did it last?", [STRIKE])


def test_model_is_not_asked_without_history() -> None:
    model = ScriptedChat(rewrite="unused")
    assert rewrite_with_model(model, "How long did it last?", ()) == "How long did it last?"
    assert model.calls == []


def test_llm_mode_retrieves_with_the_rewritten_question(
    fictional_library: Library, settings: Settings
) -> None:
    model = ScriptedChat("The strike lasted 9 days <<lasted 9 days>>.", rewrite=STANDALONE)
    name = f"followup-{next(_names)}"
    register_chat_model(name, lambda: model)
    s = replace(settings, llm=replace(settings.llm, backend=name))
    a = ask("How long did it last?", fictional_library, s, mode="llm", history=[STRIKE])
    assert a.question == STANDALONE
    assert "9 days" in a.text and a.citations
    assert "Rewritten question:" in model.calls[0][-1].content


def test_extractive_mode_rewrites_deterministically(
    fictional_library: Library, settings: Settings
) -> None:
    alone = ask("How long did it last?", fictional_library, settings, mode="extractive")
    a = ask(
        "How long did it last?", fictional_library, settings, mode="extractive", history=[STRIKE]
    )
    assert "Port Celadon" in a.question
    assert any(c.doc_id.startswith("strike/") for c in a.citations)
    assert a.text != alone.text


@pytest.mark.parametrize("data", [{}, [1], [{"assistant": "a"}], [{"user": 3}]])
def test_bad_history_json_is_a_clear_error(data: object) -> None:
    with pytest.raises(QuestionError, match="history"):
        turns_from_json(data)


def test_history_json() -> None:
    assert turns_from_json([{"user": "q", "assistant": "a"}, {"user": "q2"}]) == (
        Turn("q", "a"),
        Turn("q2", ""),
    )


def test_cli_ask_with_mode_and_history(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "PYTHONPATH": str(ROOT),
        "CROSSCHECK_LLM": "openai",
        "CROSSCHECK_LLM_URL": f"http://127.0.0.1:{closed_port()}/v1",
        "CROSSCHECK_LLM_MODEL": "any",
    }
    history = tmp_path / "history.json"
    history.write_text(json.dumps([{"user": STRIKE.user, "assistant": STRIKE.assistant}]))
    index = str(tmp_path / "idx")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "assistant", "ask", "--index", index, *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    out = run(
        "How long did it last?",
        "--corpus",
        str(FICTIONAL),
        "--mode",
        "llm",
        "--history",
        str(history),
        "--json",
    )
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert "Port Celadon" in answer["question"]
    assert "llm_unavailable" in [f["kind"] for f in answer["flags"]]
    assert answer["citations"]

    history.write_text("[{oops")
    out = run("How long did it last?", "--history", str(history))
    assert out.returncode == 2 and "--history" in out.stderr and "JSON" in out.stderr


def test_a_pronoun_takes_the_person_the_last_answer_quotes() -> None:
    history = [
        Turn(
            "Who led the Celadon dockers' walkout?",
            'According to Meridian Press (14 June 2023): "The walkout was led by union '
            'secretary Ilse Varga, who addressed the picket at Port Celadon." [1]',
        )
    ]
    out = rewrite_deterministic("How long was she in charge?", history)
    assert "Ilse Varga" in out and "Meridian" not in out


def test_the_chat_says_which_question_a_follow_up_answered() -> None:
    answer = Answer("How long? (Ilse Varga)", "Nine days.", (), (), ())
    shown = render_message(answer, 1, asked="How long?")
    assert "Answering: How long? (Ilse Varga)" in shown
    assert "Answering" not in render_message(answer, 1, asked="How long? (Ilse Varga)")


def test_a_name_the_recogniser_misses_is_still_carried_into_the_follow_up() -> None:
    """ "that group" is the one the last answer named, even when spaCy tags no entity in it."""
    turn = Turn("Which group counted the dead?", "Open Cells, a prisoners' rights group, did.")
    rewritten = rewrite_deterministic("Who is that group's director?", [turn])
    assert "Open Cells" in rewritten
