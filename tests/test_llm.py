"""Chat-model backends behind one contract, their configuration, and how they fail.

The same contract tests run over every implementation: the scripted fake, the OpenAI-compatible
and Ollama backends talking to a real HTTP server on 127.0.0.1 (serving the fake's replies),
and the real
local GGUF model (after `make llm`; `make test` sets CROSSCHECK_REQUIRE_LLM=1 so that a missing
model fails instead of skipping).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.answer.pipeline import ask, ask_stream
from assistant.config import DEFAULT_MODEL_PATH, LLMSettings, Settings
from assistant.errors import ConfigError, ModelUnavailable
from assistant.grounding.quotes import verify
from assistant.grounding.support import judge_support
from assistant.ledger.library import Library
from assistant.models.backends import local_model, ollama_model, openai_model
from assistant.models.chat import ChatModel, CountsTokens, OutputShape
from assistant.models.grammar import from_json, gbnf, json_schema
from assistant.models.registry import get_chat_model, register_chat_model
from assistant.types import Answer, Message, Token
from tests.fake_llm import OpenAICompatibleServer, ScriptedChat, closed_port

HELLO = [
    Message("system", "You are a terse assistant."),
    Message("user", "Reply with one word: ready"),
]
CONVERSATION = [
    Message("system", "You are a terse assistant."),
    Message("user", "Name a colour."),
    Message("assistant", "Blue."),
    Message("user", "Name another one, in one word."),
]
SCRIPT = "Meridian Press reported that roughly 5,000 dockworkers took part [1]."


def require_local_model() -> None:
    """Skip without the model, unless CROSSCHECK_REQUIRE_LLM is set (as `make test` does)."""
    problem = ""
    if not DEFAULT_MODEL_PATH.is_file():
        problem = f"{DEFAULT_MODEL_PATH} is missing"
    else:
        try:
            import llama_cpp  # noqa: F401
        except ImportError:
            problem = "llama-cpp-python is not installed"
    if problem:
        if os.environ.get("CROSSCHECK_REQUIRE_LLM"):
            pytest.fail(f"{problem}; run `make llm` (CROSSCHECK_REQUIRE_LLM is set)")
        pytest.skip(f"{problem}; run `make llm` to test the local model")


@pytest.fixture(scope="session")
def local_chat() -> ChatModel:
    require_local_model()
    return local_model(LLMSettings(max_tokens=64))


@pytest.fixture(scope="module")
def scripted_server() -> Iterator[OpenAICompatibleServer]:
    fake = ScriptedChat(SCRIPT)
    with OpenAICompatibleServer(lambda messages: fake.reply(messages)) as server:
        yield server


@pytest.fixture(params=["fake", "openai-server", "ollama-server", "local"])
def backend(request: pytest.FixtureRequest, scripted_server: OpenAICompatibleServer) -> str:
    """A registered backend name: every contract test runs over each implementation."""
    name = f"contract-{request.param}"
    if request.param == "fake":
        fake = ScriptedChat("ready")
        register_chat_model(name, lambda: fake)
    elif request.param == "openai-server":
        llm = LLMSettings(backend="openai", url=scripted_server.url, model="scripted")
        register_chat_model(name, lambda: openai_model(llm))
    elif request.param == "ollama-server":
        url = scripted_server.url.removesuffix("/v1")
        llm = LLMSettings(backend="ollama", url=url, model="scripted")
        register_chat_model(name, lambda: ollama_model(llm))
    else:
        chat = request.getfixturevalue("local_chat")
        register_chat_model(name, lambda: chat)
    return name


def test_contract_is_a_chat_model(backend: str) -> None:
    assert isinstance(get_chat_model(backend), ChatModel)


def test_contract_generate_returns_text(backend: str) -> None:
    text = get_chat_model(backend).generate(HELLO)
    assert isinstance(text, str) and text.strip()


def test_contract_stream_yields_the_same_text_in_pieces(backend: str) -> None:
    model = get_chat_model(backend)
    pieces = list(model.stream(HELLO))
    assert pieces and all(isinstance(p, str) for p in pieces)
    assert "".join(pieces) == model.generate(HELLO)


def test_contract_takes_a_conversation_with_every_role(backend: str) -> None:
    assert get_chat_model(backend).generate(CONVERSATION).strip()


def test_contract_judge_verdict_is_yes_no_or_none(backend: str) -> None:
    verdict = judge_support(get_chat_model(backend), "The sky is green.", "The sky is blue.")
    assert verdict in (True, False, None)


def test_openai_backend_sends_the_configured_request(scripted_server: OpenAICompatibleServer):
    llm = LLMSettings(backend="openai", url=scripted_server.url, model="m-1", max_tokens=77)
    assert openai_model(llm).generate(HELLO) == SCRIPT
    body = scripted_server.requests[-1]
    assert body["model"] == "m-1" and body["temperature"] == 0
    assert 77 in (body.get("max_tokens"), body.get("max_completion_tokens"))
    assert [m["role"] for m in body["messages"]] == ["system", "user"]


@pytest.mark.parametrize("build", [openai_model, ollama_model])
def test_a_server_is_sent_the_lead_shape_as_a_json_schema(build) -> None:  # type: ignore[no-untyped-def]
    fake = ScriptedChat(SCRIPT)
    shape = OutputShape(markers=(1, 2))
    with OpenAICompatibleServer(lambda m: fake.reply(m)) as server:
        url = server.url if build is openai_model else server.url.removesuffix("/v1")
        got = build(LLMSettings(url=url, model="m")).generate(HELLO, shape)
    assert got == SCRIPT  # the JSON reply, turned back into the lead text
    body = server.requests[-1]
    sent = (
        body["response_format"]["json_schema"]["schema"]
        if build is openai_model
        else body["format"]
    )
    assert sent == json_schema(shape)
    assert sent["properties"]["sentences"]["items"]["properties"]["cites"]["items"]["enum"] == [
        1,
        2,
    ]


def test_a_server_refusing_the_schema_gets_asked_for_free_text_checked_after() -> None:
    fake = ScriptedChat(SCRIPT)
    with OpenAICompatibleServer(lambda m: fake.reply(m), refuse_schema=True) as server:
        model = openai_model(LLMSettings(url=server.url, model="m"))
        shape = OutputShape(markers=(1,))
        assert model.generate(HELLO, shape) == model.generate(HELLO, shape) == SCRIPT
    with_schema = ["response_format" in body for body in server.requests]
    assert with_schema == [True, False, False]  # refused once, then not asked again


def test_a_reply_under_the_schema_keeps_only_allowed_markers_and_the_refusal() -> None:
    shape = OutputShape(markers=(1, 2))
    reply = {"answered": True, "sentences": [{"text": "A says 5 things.", "cites": [2, 7]}]}
    assert from_json(json.dumps(reply), shape) == "A says 5 things [2]."
    uncited = {"answered": True, "sentences": [{"text": "A says 5 things.", "cites": [9]}]}
    assert from_json(json.dumps(uncited), shape) == "A says 5 things."  # dropped by the check
    assert from_json('{"answered": false, "sentences": []}', shape) == shape.refusal
    assert from_json("not JSON [1].", shape) == "not JSON [1]."
    so_far = '{"answered": true, "sentences": [{"text": "A says 5 things", "cites": [2'
    assert from_json(so_far, shape, partial=True) == "A says 5 things"  # a prefix of the end


def test_the_grammar_offers_the_refusal_only_when_asked_to() -> None:
    assert '"NOT ANSWERED" | sentence' in gbnf(OutputShape((1, 2)))
    assert "NOT ANSWERED" not in gbnf(OutputShape((1, 2), offer_refusal=False))


@pytest.mark.parametrize("build", [openai_model, ollama_model])
def test_dead_server_is_model_unavailable(build) -> None:  # type: ignore[no-untyped-def]
    llm = LLMSettings(url=f"http://127.0.0.1:{closed_port()}/v1", model="m", timeout_s=5)
    model = build(llm)
    with pytest.raises(ModelUnavailable, match="Check that the server is running"):
        model.generate(HELLO)
    with pytest.raises(ModelUnavailable):
        list(model.stream(HELLO))


def test_server_backends_need_a_model_name() -> None:
    with pytest.raises(ModelUnavailable, match="CROSSCHECK_LLM_MODEL"):
        openai_model(LLMSettings(url="http://127.0.0.1:1/v1"))


def test_missing_model_file_is_model_unavailable(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match="make llm"):
        local_model(LLMSettings(model_path=tmp_path / "absent.gguf"))


def _openai_settings(settings: Settings, url: str) -> Settings:
    llm = replace(settings.llm, backend="openai", url=url, model="scripted", timeout_s=5)
    return replace(settings, llm=llm)


def test_pipeline_over_a_dead_server_gives_the_flagged_extractive_answer(
    fictional_library: Library, settings: Settings
) -> None:
    dead = _openai_settings(settings, f"http://127.0.0.1:{closed_port()}/v1")
    a = ask("How many dockworkers took part in the strike?", fictional_library, dead, mode="llm")
    [flag] = [f for f in a.flags if f.kind == "llm_unavailable"]
    assert "extractive" in flag.message and flag.details["backend"] == "openai"
    assert a.citations and all(
        verify(c, fictional_library.index.text(c.doc_id)) for c in a.citations
    )


def test_pipeline_over_a_server_dying_mid_stream(
    fictional_library: Library, settings: Settings
) -> None:
    fake = ScriptedChat("Meridian Press reported that roughly 5,000 dockworkers took part [1].")
    with OpenAICompatibleServer(lambda m: fake.reply(m), die_after=8) as server:
        events = list(
            ask_stream(
                "How many dockworkers took part in the strike?",
                fictional_library,
                _openai_settings(settings, server.url),
                mode="llm",
            )
        )
    assert any(isinstance(e, Token) for e in events[:-1])
    last = events[-1]
    assert isinstance(last, Answer)
    assert [f for f in last.flags if f.kind == "llm_unavailable"]
    assert last.citations


def test_pipeline_over_a_slow_server_gives_the_flagged_extractive_answer(
    fictional_library: Library, settings: Settings
) -> None:
    fake = ScriptedChat("Meridian Press reported roughly 5,000 <<roughly 5,000 dockworkers>>.")
    with OpenAICompatibleServer(lambda m: fake.reply(m), delay_s=3.0) as server:
        slow = _openai_settings(settings, server.url)
        slow = replace(slow, llm=replace(slow.llm, timeout_s=0.5))
        question = "How many dockworkers took part in the strike?"
        a = ask(question, fictional_library, slow, mode="llm")
    assert [f for f in a.flags if f.kind == "llm_unavailable"]
    assert a.lead == "" and a.citations and a.answered


def test_pipeline_over_a_live_server(fictional_library: Library, settings: Settings) -> None:
    fake = ScriptedChat(
        "Meridian Press reported that roughly 5,000 dockworkers took part "
        "<<roughly 5,000 dockworkers>>."
    )
    with OpenAICompatibleServer(lambda m: fake.reply(m)) as server:
        a = ask(
            "How many dockworkers took part in the strike?",
            fictional_library,
            _openai_settings(settings, server.url),
            mode="llm",
        )
    assert "roughly 5,000 dockworkers took part" in a.lead
    assert a.text.startswith(a.lead)
    assert not [f for f in a.flags if f.kind == "llm_unavailable"]


def test_settings_from_env_and_config_file(tmp_path: Path) -> None:
    config = tmp_path / "crosscheck.toml"
    config.write_text('[llm]\nbackend = "openai"\nurl = "http://h:1/v1"\ntimeout = 9\n')
    env = {"CROSSCHECK_CONFIG": str(config), "CROSSCHECK_LLM_URL": "http://env:2/v1"}
    llm = LLMSettings.from_env(env)
    assert (llm.backend, llm.url, llm.timeout_s) == ("openai", "http://env:2/v1", 9.0)
    assert LLMSettings.from_env({}).model_path == DEFAULT_MODEL_PATH
    assert "api_key" not in repr(LLMSettings(api_key="secret")).replace("api_key=", "")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CROSSCHECK_LLM_TIMEOUT": "soon"}, "not a number"),
        ({"CROSSCHECK_HISTORY_TURNS": "-1"}, "at least 0"),
        ({"CROSSCHECK_CONFIG": "/nonexistent/crosscheck.toml"}, "no such file"),
    ],
)
def test_bad_settings_say_what_is_wrong(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        LLMSettings.from_env(env)


def test_unknown_config_key_is_an_error(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[llm]\nbackend = "local"\nmodle = "x"\n')
    with pytest.raises(ConfigError, match="modle"):
        LLMSettings.from_env({"CROSSCHECK_CONFIG": str(config)})


def test_builtin_backends_are_registered() -> None:
    from assistant.models.registry import chat_model_names

    with pytest.raises(ConfigError, match="local"):
        get_chat_model("no-such-backend")
    assert {"local", "openai", "ollama"} <= set(chat_model_names())


DEMO_QUESTIONS = [
    "How many people were killed in the November 2019 protests in Iran?",
    "How many people were arrested during the November 2019 protests?",
    "How much did the petrol price increase in November 2019?",
    "How much TATP explosive was found in the car?",
    "How was Assadollah Assadi released from prison?",
]


@pytest.mark.slow
@pytest.mark.parametrize("question", DEMO_QUESTIONS)
def test_local_model_answers_demo_questions_with_verified_citations(
    question: str, local_chat: ChatModel, demo_library: Library, settings: Settings
) -> None:
    llm = replace(settings.llm, backend="local", max_tokens=120)
    a = ask(question, demo_library, replace(settings, llm=llm), k=4, mode="llm")
    assert not [f for f in a.flags if f.kind == "llm_unavailable"], a.flags
    for c in a.citations:
        assert verify(c, demo_library.index.text(c.doc_id)), c
        assert f"[{c.n}]" in a.text
    assert a.timings["tokens"] > 0


def test_under_the_grammar_the_local_model_cites_only_the_quotes_it_was_given(
    local_chat: ChatModel,
) -> None:
    """The prompt asks for passage 9, which the model was not given; the grammar allows only
    [1] and [2] (or the refusal), so that is all it can write."""
    shape = OutputShape((1, 2))
    messages = [
        Message("system", "Answer in one sentence and cite passage 9 like [9]."),
        Message(
            "user",
            "Passage 1 (Wire, 2024-05-02, independent):\nThe dam at Orlen broke at 4:40 a.m.\n\n"
            "Passage 2 (Gazette, 2024-05-03, independent):\nForty people died in the flood.\n\n"
            "Question: When did the dam break? Cite [9].",
        ),
    ]
    text = local_chat.generate(messages, shape)
    assert text == shape.refusal or re.fullmatch(
        r"[A-Z0-9\"“][^\[\]\n]+(?:\[[12]\]){1,3}\.?(?: [A-Z0-9\"“][^\[\]\n]+(?:\[[12]\]){1,3}\.?)*",
        text,
    ), text
    assert set(re.findall(r"\[(\d+)\]", text)) <= {"1", "2"}


def test_the_local_model_counts_a_prompts_tokens(local_chat: ChatModel) -> None:
    """compose reports the prompt's size in the model's own tokens when the model can count."""
    assert isinstance(local_chat, CountsTokens)
    short = [Message("user", "How many?")]
    longer = [Message("system", "Quote the sources. " * 20), *short]
    assert 0 < local_chat.count_tokens(short) < local_chat.count_tokens(longer) < 200
    assert not isinstance(ScriptedChat("ready"), CountsTokens)  # a remote model is not asked
