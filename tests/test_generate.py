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
from assistant.types import Answer, Flag, Interim, Token
from tests.fake_llm import ScriptedChat

QUESTION = "How many dockworkers took part in the Port Celadon strike?"
GOOD = (
    "Meridian Press reported that roughly 5,000 dockworkers took part in the Port Celadon "
    "strike <<roughly 5,000 dockworkers>>."
)
QUOTED = (
    'The Celadon Dockers\' Union said that "12,000 dockworkers had walked out at Port Celadon" '
    "<<12,000 dockworkers>>."
)
OUT_OF_RANGE = "The strike began on 5 June 2023 <<12,000 dockworkers>>[7]."
NUMBER_ABSENT = (
    "Meridian Press reported that 8,000 dockworkers took part <<roughly 5,000 dockworkers>>."
)
FABRICATED = (
    'Meridian Press said the strike was "a total victory for the workers" '
    "<<roughly 5,000 dockworkers>>."
)
UNCITED = "The strike was the largest in the history of the coast."
NEGATED = (
    "The Port Celadon Authority said that about 3,000 dockworkers did not walk out during the "
    "June 2023 strike <<about 3,000 dockworkers>>."
)
PARTISAN_AS_FACT = (
    "About 12,000 dockworkers walked out at Port Celadon <<12,000 dockworkers>>"
    "<<roughly 5,000 dockworkers>>."
)
NO_VOICE = (
    "According to the sources, 12,000 dockworkers walked out at Port Celadon "
    "<<12,000 dockworkers>>."
)
HEDGE_DROPPED = (
    "Meridian Press reported that 5,000 dockworkers took part in the Port Celadon strike "
    "<<roughly 5,000 dockworkers>>."
)
CAUSE_INVENTED = (
    "Meridian Press reported that roughly 5,000 dockworkers took part in the Port Celadon "
    "strike because of a pay dispute <<roughly 5,000 dockworkers>>."
)
MISCITED = (
    "Meridian Press reported that roughly 5,000 dockworkers took part in the Port Celadon "
    "strike <<12,000 dockworkers>>."
)
PARTISAN_BARE = "12,000 dockworkers had walked out at Port Celadon <<12,000 dockworkers>>."
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


def composed(script: str, library: Library, settings: Settings) -> Answer:
    return ask(QUESTION, library, use(ScriptedChat(script), settings), mode="llm")


@pytest.fixture(scope="module")
def extractive(fictional_library: Library, settings: Settings) -> Answer:
    return ask(QUESTION, fictional_library, settings, mode="extractive")


@pytest.fixture(scope="module")
def scripted_answer(fictional_library: Library, settings: Settings) -> Answer:
    return composed(" ".join([GOOD, QUOTED, UNCITED]), fictional_library, settings)


def test_the_lead_opens_the_quotes_and_cites_their_numbers(
    scripted_answer: Answer, extractive: Answer, fictional_library: Library
) -> None:
    a = scripted_answer
    assert a.answered and a.lead.startswith("Meridian Press reported that roughly 5,000")
    assert "12,000 dockworkers had walked out" in a.lead
    assert a.text == f"{a.lead}\n\n{extractive.text}"
    assert a.citations == extractive.citations  # the lead cites the quotes shown below it
    assert_grounded(a, fictional_library)


def test_uncited_sentence_is_removed(scripted_answer: Answer) -> None:
    assert details(flag(scripted_answer, "uncited_sentence"))["sentences"] == [UNCITED]
    assert "largest" not in scripted_answer.text


def test_the_model_sees_only_the_chosen_quotes_with_a_fixed_system_prompt(
    fictional_library: Library, settings: Settings, extractive: Answer
) -> None:
    model = ScriptedChat("NOT ANSWERED")
    ask(QUESTION, fictional_library, use(model, settings), mode="llm")
    other = "When did the Port Celadon strike begin?"
    ask(other, fictional_library, use(model, settings), mode="llm")
    (system, user), (system2, _) = model.calls
    assert system == system2 and system.role == "system"  # the cached prefix never changes
    assert "12,000 dockworkers" in user.content and "Sources disagree" not in user.content
    assert "The sources disagree on" in user.content  # the claimants are named to the model
    assert len(user.content) < 2000


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        (OUT_OF_RANGE, "citation_out_of_range"),
        (NUMBER_ABSENT, "unsupported_sentence"),
        (FABRICATED, "fabricated_quote"),
        (NEGATED, "unsupported_relation"),
        (PARTISAN_AS_FACT, "unsupported_relation"),
        (NO_VOICE, "unsupported_relation"),
        (HEDGE_DROPPED, "unsupported_relation"),
        (CAUSE_INVENTED, "unsupported_relation"),
    ],
)
def test_what_fails_verification_is_removed_and_flagged(
    sentence: str, kind: str, fictional_library: Library, settings: Settings
) -> None:
    a = composed(f"{GOOD} {sentence}", fictional_library, settings)
    flag(a, kind)
    body = sentence.split("<<")[0].strip()
    assert body not in a.lead or kind == "citation_out_of_range"
    assert_grounded(a, fictional_library)


def test_a_sentence_cited_to_the_wrong_quote_is_cited_to_the_quote_that_holds_it(
    fictional_library: Library, settings: Settings
) -> None:
    a = composed(MISCITED, fictional_library, settings)
    assert "roughly 5,000 dockworkers took part" in a.lead
    (n,) = markers(a.lead)
    assert "roughly 5,000 dockworkers" in next(c.quote for c in a.citations if c.n == n)
    assert a.timings["sentences_mended"] == 1.0
    assert not [f for f in a.flags if f.kind == "unsupported_sentence"]
    assert_grounded(a, fictional_library)


def test_a_partisan_claim_stated_as_fact_is_given_to_its_source(
    fictional_library: Library, settings: Settings
) -> None:
    a = composed(PARTISAN_BARE, fictional_library, settings)
    (n,) = markers(a.lead)
    cited = next(c for c in a.citations if c.n == n)
    assert cited.source.stance == "partisan"
    assert a.lead.startswith(f"According to {cited.source.publisher}, 12,000 dockworkers")
    assert_grounded(a, fictional_library)


def test_the_model_saying_not_answered_leaves_the_quotes(
    fictional_library: Library, settings: Settings, extractive: Answer
) -> None:
    a = composed("NOT ANSWERED", fictional_library, settings)
    assert a.lead == "" and a.text == extractive.text and a.answered
    assert a.timings["model_declined"] == 1.0


def test_timings_report_the_prompt_and_the_first_token(scripted_answer: Answer) -> None:
    t = scripted_answer.timings
    assert t["sentences"] == 3 and t["sentences_kept"] == 2
    assert t["prompt_chars"] > 0 and t["first_token_s"] >= 0
    assert t["total_s"] >= t["generate_s"]


def test_the_lead_streams_first_and_the_verified_answer_comes_last(
    fictional_library: Library, settings: Settings
) -> None:
    script = f"{GOOD} {UNCITED}"
    events = list(
        ask_stream(QUESTION, fictional_library, use(ScriptedChat(script), settings), mode="llm")
    )
    first, tokens, last = events[0], events[1:-1], events[-1]
    assert isinstance(first, Interim) and first.answer.citations  # the quotes, while it writes
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


def test_a_false_premise_is_corrected_without_asking_the_model(
    fictional_library: Library, settings: Settings
) -> None:
    model = ScriptedChat("The Riverwatch Institute said more than 200 people died.")
    question = "Why did the Riverwatch Institute say that more than 200 people died at Marrowby?"
    a = ask(question, fictional_library, use(model, settings), mode="llm")
    assert model.calls == []  # a lead would echo the premise the answer corrects
    assert a.lead == "" and flag(a, "false_premise")


def test_model_abstention_in_words_leaves_the_quotes(
    fictional_library: Library, settings: Settings
) -> None:
    model = ScriptedChat("The passages do not answer this question.")
    a = ask(QUESTION, fictional_library, use(model, settings), mode="llm")
    assert a.lead == "" and a.citations and a.answered
    assert not [f for f in a.flags if f.kind == "uncited_sentence"]


def test_judge_saying_no_removes_the_sentence(
    fictional_library: Library, settings: Settings
) -> None:
    model = ScriptedChat(GOOD, judge="No")
    a = ask(QUESTION, fictional_library, use(model, settings, judge=True), mode="llm")
    removed = details(flag(a, "unsupported_sentence"))["sentences"]
    assert "judge" in removed[0]["reason"]
    assert a.lead == ""  # nothing survived: the quotes alone
    assert_grounded(a, fictional_library)


def test_judge_saying_yes_keeps_it(fictional_library: Library, settings: Settings) -> None:
    model = ScriptedChat(GOOD, judge="Yes.")
    a = ask(QUESTION, fictional_library, use(model, settings, judge=True), mode="llm")
    assert "roughly 5,000 dockworkers took part" in a.lead
    assert not [f for f in a.flags if f.kind == "unsupported_sentence"]


class Unreachable:
    def generate(self, messages: object, shape: object = None) -> str:
        raise ModelUnavailable("connection refused; start the server")

    def stream(self, messages: object, shape: object = None) -> Iterator[str]:
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
