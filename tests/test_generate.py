"""LLM mode with a scripted model: what the model writes is verified before it is shown."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from assistant.answer.json_form import flag_json
from assistant.answer.pipeline import ask, ask_stream
from assistant.config import Settings
from assistant.errors import ModelUnavailable, QuestionError
from assistant.grounding.markers import markers
from assistant.grounding.quotes import verify
from assistant.ledger.library import Library
from assistant.models.chat import ChatModel
from assistant.models.registry import register_chat_model
from assistant.types import Answer, Flag, Token
from tests.fake_llm import ScriptedChat

QUESTION = "How many dockworkers took part in the Port Celadon strike?"
GOOD = (
    "Meridian Press reported that roughly 5,000 dockworkers took part in the Port Celadon "
    "strike <<roughly 5,000 dockworkers>>."
)
QUOTED = (
    'Meridian Press wrote that "the backlog at Port Celadon would take about a week to clear" '
    "<<backlog at Port Celadon>>."
)
OUT_OF_RANGE = "The strike ended after 9 days <<after 9 days>>[7]."
NUMBER_ABSENT = (
    "Meridian Press reported that 8,000 dockworkers took part <<roughly 5,000 dockworkers>>."
)
FABRICATED = (
    'Meridian Press said the strike was "a total victory for the workers" '
    "<<roughly 5,000 dockworkers>>."
)
UNCITED = "The strike was the largest in the history of the coast."
_names = itertools.count()


def use(model: ChatModel, settings: Settings, *, judge: bool = False) -> Settings:
    """Register `model` under a fresh name (as the real backends are) and select it."""
    name = f"scripted-{next(_names)}"
    register_chat_model(name, lambda: model)
    return replace(settings, llm=replace(settings.llm, backend=name, judge=name if judge else ""))


def flag(answer: Answer, kind: str) -> Flag:
    found = [f for f in answer.flags if f.kind == kind]
    assert found, f"no {kind} flag in {[f.kind for f in answer.flags]}"
    return found[0]


def assert_grounded(answer: Answer, library: Library) -> None:
    for c in answer.citations:
        assert verify(c, library.index.text(c.doc_id)), c
    cited = {c.n for c in answer.citations}
    assert set(markers(answer.text)) <= cited, (answer.text, cited)


@pytest.fixture(scope="module")
def scripted_answer(fictional_library: Library, settings: Settings) -> Answer:
    script = " ".join([GOOD, OUT_OF_RANGE, NUMBER_ABSENT, FABRICATED, UNCITED, QUOTED])
    return ask(QUESTION, fictional_library, use(ScriptedChat(script), settings), mode="llm")


def test_supported_sentences_survive_with_program_built_citations(
    scripted_answer: Answer, fictional_library: Library
) -> None:
    a = scripted_answer
    assert a.answered
    assert "roughly 5,000 dockworkers took part" in a.text
    assert "backlog at Port Celadon" in a.text
    assert_grounded(a, fictional_library)
    meridian = [c for c in a.citations if c.doc_id.endswith("meridian-press-2023-06-14")]
    assert any("about a week to clear" in c.quote for c in meridian)


def test_out_of_range_marker_is_dropped(scripted_answer: Answer) -> None:
    f = flag(scripted_answer, "citation_out_of_range")
    assert details(f)["markers"] == [7]
    assert "The strike ended after 9 days" in scripted_answer.text  # still cited by a real [n]


def test_number_absent_from_its_passage_is_removed(scripted_answer: Answer) -> None:
    f = flag(scripted_answer, "unsupported_sentence")
    [removed] = details(f)["sentences"]
    assert "8,000" in removed["sentence"] and removed["missing"] == ["8,000"]
    assert "8,000" not in scripted_answer.text


def test_fabricated_quote_is_removed(scripted_answer: Answer) -> None:
    f = flag(scripted_answer, "fabricated_quote")
    assert details(f)["sentences"][0]["quote"] == "a total victory for the workers"
    assert "total victory" not in scripted_answer.text


def test_uncited_sentence_is_removed(scripted_answer: Answer) -> None:
    assert details(flag(scripted_answer, "uncited_sentence"))["sentences"] == [UNCITED]
    assert "largest" not in scripted_answer.text


def test_contested_figure_is_given_with_every_source(scripted_answer: Answer) -> None:
    flag(scripted_answer, "contested_figure")
    [dispute] = scripted_answer.disputes
    assert {c.statement.raw for c in dispute.claims} >= {"12,000", "about 3,000"}
    assert "Sources disagree" in scripted_answer.text


def test_timings_count_sentences(scripted_answer: Answer) -> None:
    t = scripted_answer.timings
    assert t["sentences"] == 6 and t["sentences_kept"] == 3
    assert t["first_token_s"] >= 0 and t["total_s"] >= t["generate_s"]


def test_tokens_stream_first_and_the_verified_answer_comes_last(
    fictional_library: Library, settings: Settings
) -> None:
    script = f"{GOOD} {UNCITED}"
    events = list(
        ask_stream(QUESTION, fictional_library, use(ScriptedChat(script), settings), mode="llm")
    )
    tokens, last = events[:-1], events[-1]
    assert len(tokens) > 5 and all(isinstance(t, Token) for t in tokens)
    assert "".join(t.text for t in tokens if isinstance(t, Token)).endswith(UNCITED)
    assert isinstance(last, Answer) and UNCITED not in last.text


def test_unanswerable_question_never_reaches_the_model(
    fictional_library: Library, settings: Settings
) -> None:
    model = ScriptedChat("Mars has 12 million people <<Port Celadon>>.")
    a = ask("What is the population of Mars?", fictional_library, use(model, settings), mode="llm")
    assert not a.answered and not a.citations
    assert model.calls == []  # the calibrated extractive gate said the corpus does not answer


def test_model_abstention_falls_back_to_the_quotes(
    fictional_library: Library, settings: Settings
) -> None:
    model = ScriptedChat("The passages do not answer this question.")
    a = ask(QUESTION, fictional_library, use(model, settings), mode="llm")
    assert a.timings["fallback_extractive"] == 1.0
    assert a.citations and a.answered
    assert not [f for f in a.flags if f.kind == "uncited_sentence"]


def test_judge_saying_no_removes_the_sentence(
    fictional_library: Library, settings: Settings
) -> None:
    model = ScriptedChat(GOOD, judge="No")
    a = ask(QUESTION, fictional_library, use(model, settings, judge=True), mode="llm")
    removed = details(flag(a, "unsupported_sentence"))["sentences"]
    assert "judge" in removed[0]["reason"]
    assert a.timings["fallback_extractive"] == 1.0  # nothing survived: quotes instead
    assert_grounded(a, fictional_library)


def test_judge_saying_yes_keeps_it(fictional_library: Library, settings: Settings) -> None:
    model = ScriptedChat(GOOD, judge="Yes.")
    a = ask(QUESTION, fictional_library, use(model, settings, judge=True), mode="llm")
    assert "roughly 5,000 dockworkers took part" in a.text
    assert not [f for f in a.flags if f.kind == "unsupported_sentence"]


class Unreachable:
    def generate(self, messages: object) -> str:
        raise ModelUnavailable("connection refused; start the server")

    def stream(self, messages: object) -> Iterator[str]:
        raise ModelUnavailable("connection refused; start the server")


def test_unreachable_model_degrades_to_the_extractive_answer(
    fictional_library: Library, settings: Settings
) -> None:
    a = ask(QUESTION, fictional_library, use(Unreachable(), settings), mode="llm")
    f = flag(a, "llm_unavailable")
    assert "start the server" in f.message and "extractive" in f.message
    expected = ask(QUESTION, fictional_library, settings, mode="extractive")
    assert a.text == expected.text and a.citations == expected.citations


def test_failure_mid_stream_degrades_after_the_tokens(
    fictional_library: Library, settings: Settings
) -> None:
    model = ScriptedChat(GOOD, fail_after=4)
    events = list(ask_stream(QUESTION, fictional_library, use(model, settings), mode="llm"))
    assert sum(isinstance(e, Token) for e in events) == 4
    last = events[-1]
    assert isinstance(last, Answer) and flag(last, "llm_unavailable")
    assert last.citations


def test_missing_local_model_file_says_run_make_llm(
    fictional_library: Library, settings: Settings, tmp_path: object
) -> None:
    local = replace(settings.llm, backend="local", model_path=f"{tmp_path}/none.gguf")
    a = ask(QUESTION, fictional_library, replace(settings, llm=local), mode="llm")
    assert "make llm" in flag(a, "llm_unavailable").message


def test_empty_question_is_still_an_error_in_llm_mode(
    fictional_library: Library, settings: Settings
) -> None:
    with pytest.raises(QuestionError):
        ask("  ", fictional_library, use(ScriptedChat(GOOD), settings), mode="llm")


def details(f: Flag) -> dict[str, Any]:
    """A flag's details as the JSON form gives them (what the API and eval runs carry)."""
    return dict(flag_json(f, {})["details"])
