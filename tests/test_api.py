"""The public API (/api/v1) over a real index: contract, errors, guards, fuzzing from its schema."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from typing import Any

import gradio as gr
import httpx
import jsonschema
import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection

from assistant.config import Settings, rate_limit_parts
from assistant.errors import (
    ConfigError,
    CrosscheckError,
    IndexMissing,
    ModelUnavailable,
    PromptError,
    QuestionError,
)
from assistant.ledger.library import Library
from assistant.models.registry import register_chat_model
from assistant.serve.api import build_api, error_status, sse_events
from assistant.serve.guards import TokenBucket
from assistant.serve.server import build_server, warm
from assistant.store.index import Index
from assistant.types import Token
from tests.fake_llm import ScriptedChat
from tests.serving import serving

DISPUTED = "How many people were killed when the Marrowby dam collapsed?"
GRAIN = "How many tonnes of grain were lost?"
DOC = "dam/riverwatch-2022-04-18"


def open_settings(settings: Settings, **changes: Any) -> Settings:
    """The session settings with the API's guards as a test wants them (default: all off)."""
    base = {"rate_limit": "off", "api_key": "", "cors_origins": ()}
    return replace(settings, **(base | changes))


@pytest.fixture(scope="module")
def api(
    fictional_library: Library, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> FastAPI:
    """The API with writes closed (the write door has its own tests, tests/security/): the
    fuzzer's uploads are refused, never written."""
    corpus = tmp_path_factory.mktemp("api-corpus")
    return build_api(fictional_library, open_settings(settings, uploads="off", corpus_dir=corpus))


@pytest.fixture(scope="module")
def client(api: FastAPI) -> TestClient:
    return TestClient(api)


@pytest.fixture(scope="module")
def openapi(client: TestClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    return dict(response.json())


@pytest.fixture(scope="module")
def disputed(client: TestClient) -> dict[str, Any]:
    response = client.post("/api/v1/ask", json={"question": DISPUTED})
    assert response.status_code == 200, response.text
    return dict(response.json())


def conforms(openapi: dict[str, Any], component: str, instance: Any) -> None:
    schema = {"$ref": f"#/components/schemas/{component}", "components": openapi["components"]}
    jsonschema.Draft202012Validator(schema).validate(instance)


def events(body: str) -> list[tuple[str, dict[str, Any]]]:
    """Server-sent events as (name, data) pairs."""
    out = []
    for block in body.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        out.append((lines["event"], json.loads(lines["data"])))
    return out


# ---- contract --------------------------------------------------------------------------------
def test_answer_matches_schema_and_carries_verified_citations(
    disputed: dict[str, Any], openapi: dict[str, Any], client: TestClient
) -> None:
    conforms(openapi, "AnswerOut", disputed)
    assert disputed["answered"] and disputed["citations"]
    for c in disputed["citations"]:
        assert f"[{c['n']}]" in disputed["text"]
        doc = client.get(f"/api/v1/documents/{c['doc_id']}").json()
        assert doc["text"][c["start"] : c["end"]] == c["quote"]
        assert c["stance"] in ("independent", "partisan", "unknown") and c["publisher"]


def test_disputes_give_each_claimant_value_and_citation(disputed: dict[str, Any]) -> None:
    kinds = [f["kind"] for f in disputed["flags"]]
    assert "contested_figure" in kinds
    assert len(disputed["disputes"]) == kinds.count("contested_figure")
    dispute = disputed["disputes"][0]
    assert dispute["counted"] and len(dispute["claims"]) >= 2
    numbers = {c["n"] for c in disputed["citations"]}
    values = {claim["value"] for claim in dispute["claims"]}
    assert len(values) >= 2  # competing figures, not one
    for claim in dispute["claims"]:
        assert claim["claimant"] and claim["date"] and claim["doc_id"]
        assert claim["citation"] in numbers, claim


def test_stream_sends_tokens_then_the_same_answer(
    client: TestClient, openapi: dict[str, Any]
) -> None:
    plain = client.post("/api/v1/ask", json={"question": GRAIN}).json()
    response = client.post("/api/v1/ask/stream", json={"question": GRAIN})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    got = events(response.text)
    names = [name for name, _ in got]
    assert names[-1] == "answer" and set(names[:-1]) == {"token"}
    streamed = got[-1][1]
    conforms(openapi, "AnswerOut", streamed)
    assert "".join(d["text"] for _, d in got[:-1]).strip() == streamed["text"].strip()
    assert streamed["text"] == plain["text"] and streamed["citations"] == plain["citations"]
    assert "1,200" in streamed["text"]


def test_llm_mode_streams_tokens_through_the_api(
    fictional_library: Library, settings: Settings, openapi: dict[str, Any]
) -> None:
    """The API passes `mode` through: a scripted model (standing in for a remote LLM) streams
    word by word, and the verified answer keeps only the supported, cited sentence."""
    supported = (
        "Meridian Press reported that roughly 5,000 dockworkers took part in the Port Celadon "
        "strike <<roughly 5,000 dockworkers>>."
    )
    uncited = "The strike was the largest in the history of the coast."
    register_chat_model("api-scripted", lambda: ScriptedChat(f"{supported} {uncited}"))
    llm = replace(settings.llm, backend="api-scripted", judge="")
    client = TestClient(build_api(fictional_library, open_settings(settings, llm=llm)))
    question = "How many dockworkers took part in the Port Celadon strike?"
    response = client.post("/api/v1/ask/stream", json={"question": question, "mode": "llm"})
    assert response.status_code == 200, response.text
    got = events(response.text)
    assert got[0][0] == "interim"  # the extractive answer, verified, while the lead is written
    conforms(openapi, "AnswerOut", got[0][1])
    assert got[0][1]["citations"] and not got[0][1]["lead"]
    got = got[1:]
    assert [name for name, _ in got[:-1]] == ["token"] * (len(got) - 1) and len(got) > 6
    name, answer = got[-1]
    assert name == "answer"
    conforms(openapi, "AnswerOut", answer)
    assert "5,000" in answer["text"] and uncited not in answer["text"]
    assert answer["lead"].startswith("Meridian Press reported that roughly 5,000")
    assert answer["text"].startswith(answer["lead"])
    streamed = "".join(data["text"] for name, data in got[:-1])
    assert streamed.startswith("Meridian Press reported")  # the lead streams as it is written
    assert "uncited_sentence" in [f["kind"] for f in answer["flags"]]
    for c in answer["citations"]:
        assert fictional_library.index.text(c["doc_id"])[c["start"] : c["end"]] == c["quote"]


def test_history_in_either_form(client: TestClient) -> None:
    earlier = ["How long did the strike last?", "It lasted 9 days [1]."]
    for history in ([earlier], [{"user": earlier[0], "assistant": earlier[1]}]):
        response = client.post("/api/v1/ask", json={"question": GRAIN, "history": history, "k": 4})
        assert response.status_code == 200, response.text
        assert response.json()["citations"]


def test_documents_by_id_with_slashes(client: TestClient, openapi: dict[str, Any]) -> None:
    response = client.get(f"/api/v1/documents/{DOC}")
    assert response.status_code == 200
    doc = response.json()
    conforms(openapi, "DocumentOut", doc)
    assert doc["id"] == DOC and "Riverwatch" in doc["text"]
    assert doc["source"]["publisher"] and doc["source"]["stance"] == "independent"

    missing = client.get("/api/v1/documents/dam/no-such-report")
    assert missing.status_code == 404
    conforms(openapi, "ErrorOut", missing.json())
    assert "dam/no-such-report" in missing.json()["error"]["message"]


def test_openapi_is_a_real_contract(openapi: dict[str, Any], settings: Settings) -> None:
    paths = openapi["paths"]
    assert {"/api/v1/ask", "/api/v1/ask/stream", "/api/v1/documents/{doc_id}", "/healthz"} <= set(
        paths
    )
    ask = openapi["components"]["schemas"]["AskRequest"]
    assert ask["required"] == ["question"]
    assert ask["properties"]["question"]["maxLength"] == settings.max_question_chars
    for code in ("401", "413", "422", "429", "503"):
        ref = paths["/api/v1/ask"]["post"]["responses"][code]["content"]["application/json"]
        assert ref["schema"]["$ref"].endswith("/ErrorOut")
    stream = paths["/api/v1/ask/stream"]["post"]["responses"]["200"]["content"]
    assert "text/event-stream" in stream


# ---- bad requests ----------------------------------------------------------------------------
BAD: list[tuple[str, dict[str, Any], int, str]] = [
    ("empty", {"json": {"question": ""}}, 422, "empty"),
    ("blank", {"json": {"question": "   \n "}}, 422, "empty"),
    ("too long", {"json": {"question": "why " * 600}}, 422, "limit is 2,000"),
    ("not a string", {"json": {"question": 42}}, 422, "question"),
    ("no question", {"json": {"k": 3}}, 422, "question"),
    ("unknown mode", {"json": {"question": "Why?", "mode": "oracle"}}, 422, "'extractive'"),
    ("bad k", {"json": {"question": "Why?", "k": 0}}, 422, "k:"),
    ("k not int", {"json": {"question": "Why?", "k": "many"}}, 422, "k:"),
    ("k boolean", {"json": {"question": "Why?", "k": True}}, 422, "k:"),
    ("bad history", {"json": {"question": "Why?", "history": [["only one"]]}}, 422, "history[0]"),
    ("unknown key", {"json": {"question": "Why?", "temperature": 2}}, 422, "temperature"),
    ("not an object", {"json": ["Why?"]}, 422, "JSON object"),
    ("malformed", {"content": b'{"question": ', "headers": {"content-type": "application/json"}},
     422, "not valid JSON"),
    ("no body", {"content": b"", "headers": {"content-type": "application/json"}}, 422, "JSON"),
    ("form post", {"data": {"question": "Why?"}}, 422, "JSON object"),
    ("oversize", {"json": {"question": "x" * 70_000}}, 413, "limit is 65,536"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "request_kwargs", "status", "says"), BAD, ids=[b[0] for b in BAD])
@pytest.mark.parametrize("path", ["/api/v1/ask", "/api/v1/ask/stream"])
def test_bad_requests_get_clear_json_errors(
    client: TestClient,
    openapi: dict[str, Any],
    path: str,
    case: str,
    request_kwargs: dict[str, Any],
    status: int,
    says: str,
) -> None:
    response = client.post(path, **request_kwargs)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    conforms(openapi, "ErrorOut", body)
    assert says in body["error"]["message"], body


def test_unknown_paths_and_methods_are_json(client: TestClient) -> None:
    response = client.get("/api/v1/nowhere")
    assert response.status_code == 404 and "/openapi.json" in response.json()["error"]["message"]
    response = client.get("/api/v1/ask")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_pipeline_errors_map_to_statuses() -> None:
    assert error_status(QuestionError("empty")) == (422, "invalid_question")
    assert error_status(ConfigError("no such mode")) == (400, "unsupported")
    assert error_status(IndexMissing(".crosscheck")) == (503, "unavailable")
    assert error_status(ModelUnavailable("llama down")) == (503, "unavailable")
    assert error_status(PromptError("missing variable")) == (500, "internal_error")


def test_an_error_midway_through_a_stream_is_an_error_event() -> None:
    def failing() -> Any:
        yield Token("Partial answer")
        raise ModelUnavailable("The language model stopped answering. Try extractive mode.")

    got = events("".join(sse_events(failing())))
    assert got[0] == ("token", {"text": "Partial answer"})
    name, data = got[1]
    assert name == "error"
    assert data == {
        "error": {
            "code": "unavailable",
            "message": "The language model stopped answering. Try extractive mode.",
        }
    }
    assert isinstance(ModelUnavailable("x"), CrosscheckError)


# ---- guards ----------------------------------------------------------------------------------
def test_api_key_when_configured(fictional_library: Library, settings: Settings) -> None:
    client = TestClient(build_api(fictional_library, open_settings(settings, api_key="s3cret")))
    doc = f"/api/v1/documents/{DOC}"
    for headers in ({}, {"X-API-Key": "wrong"}, {"Authorization": "Bearer wrong"}):
        response = client.get(doc, headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert "X-API-Key" in response.json()["error"]["message"]
    unauthorised_ask = client.post("/api/v1/ask", json={"question": GRAIN})
    assert unauthorised_ask.status_code == 401
    assert client.get(doc, headers={"X-API-Key": "s3cret"}).status_code == 200
    assert client.get(doc, headers={"Authorization": "Bearer s3cret"}).status_code == 200
    assert client.get("/healthz").status_code == 200  # open: not under /api/
    assert client.get("/widget.js").status_code == 200


def test_rate_limit_per_client(fictional_library: Library, settings: Settings) -> None:
    client = TestClient(
        build_api(fictional_library, open_settings(settings, rate_limit="3/minute"))
    )
    doc = f"/api/v1/documents/{DOC}"
    assert [client.get(doc).status_code for _ in range(3)] == [200, 200, 200]
    limited = client.get(doc)
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) >= 1
    assert limited.json()["error"]["code"] == "rate_limited"
    assert "try again in" in limited.json()["error"]["message"]
    assert client.get("/healthz").status_code == 200  # health checks are never limited


def test_cors_allow_list(fictional_library: Library, settings: Settings) -> None:
    allowed, other = "https://news.example", "https://evil.example"
    client = TestClient(
        build_api(fictional_library, open_settings(settings, cors_origins=(allowed,)))
    )
    doc = f"/api/v1/documents/{DOC}"
    ok = client.get(doc, headers={"Origin": allowed})
    assert ok.headers["access-control-allow-origin"] == allowed
    refused = client.get(doc, headers={"Origin": other})
    assert "access-control-allow-origin" not in refused.headers
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, x-api-key",
    }
    good = client.options("/api/v1/ask/stream", headers={"Origin": allowed, **preflight})
    assert good.status_code == 200 and good.headers["access-control-allow-origin"] == allowed
    assert "x-api-key" in good.headers["access-control-allow-headers"].lower()
    bad = client.options("/api/v1/ask/stream", headers={"Origin": other, **preflight})
    assert bad.status_code == 400 and "access-control-allow-origin" not in bad.headers

    default = TestClient(build_api(fictional_library, open_settings(settings)))
    assert (
        "access-control-allow-origin" not in default.get(doc, headers={"Origin": allowed}).headers
    )


def test_token_bucket_refills_per_client() -> None:
    bucket = TokenBucket(2, 60.0)  # 2 per minute
    assert bucket.take("a", now=0.0) == 0.0 and bucket.take("a", now=0.0) == 0.0
    assert bucket.take("a", now=0.0) == pytest.approx(30.0)  # one token comes back in 30 s
    assert bucket.take("b", now=0.0) == 0.0  # another client has its own bucket
    assert bucket.take("a", now=30.0) == 0.0


def test_server_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CROSSCHECK_CORS_ORIGINS", "https://a.example, https://b.example/")
    monkeypatch.setenv("CROSSCHECK_RATE_LIMIT", "10/second")
    monkeypatch.setenv("CROSSCHECK_API_KEY", "s3cret")
    monkeypatch.setenv("CROSSCHECK_PORT", "8123")
    got = Settings.from_env()
    assert got.cors_origins == ("https://a.example", "https://b.example")
    assert rate_limit_parts(got.rate_limit) == (10, 1.0) and got.port == 8123
    assert got.api_key == "s3cret" and "s3cret" not in repr(got)
    for name, value, says in [
        ("CROSSCHECK_CORS_ORIGINS", "a.example", "https://example.org"),
        ("CROSSCHECK_RATE_LIMIT", "lots", "30/minute"),
        ("CROSSCHECK_PORT", "eighty", "whole number"),
        ("CROSSCHECK_TOP_K", "six", "CROSSCHECK_TOP_K='six' is not a whole number"),
        ("CROSSCHECK_TOP_K", "0", "CROSSCHECK_TOP_K='0' must be at least 1"),
        ("CROSSCHECK_UPLOADS", "maybe", "CROSSCHECK_UPLOADS"),
    ]:
        with monkeypatch.context() as m:
            m.setenv(name, value)
            with pytest.raises(ConfigError, match=says):
                Settings.from_env()
    assert rate_limit_parts("off") == (0, 0.0) and rate_limit_parts("100/hours") == (100, 3600.0)


# ---- serving ---------------------------------------------------------------------------------
class GatedIndex:
    """The real index, except that answering waits at `disputes()` until the test opens the gate."""

    def __init__(self, index: Index) -> None:
        self._index = index
        self.entered = threading.Event()
        self.gate = threading.Event()

    def disputes(self) -> Any:
        self.entered.set()
        assert self.gate.wait(60), "the test never opened the gate"
        return self._index.disputes()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._index, name)


def test_healthz_answers_while_an_ask_is_running(
    fictional_library: Library, settings: Settings
) -> None:
    gated = GatedIndex(fictional_library)
    app = build_api(gated, open_settings(settings))  # type: ignore[arg-type]
    with serving(app) as base, httpx.Client(base_url=base, timeout=60) as http:
        results: list[int] = []
        asking = threading.Thread(
            target=lambda: results.append(
                http.post("/api/v1/ask", json={"question": GRAIN}).status_code
            )
        )
        asking.start()
        try:
            assert gated.entered.wait(60), "the ask never reached the index"
            health = http.get("/healthz", timeout=10)
            assert health.status_code == 200 and health.json() == {"status": "ok"}
            assert not results, "the ask finished before the gate opened"
        finally:
            gated.gate.set()
            asking.join(60)
        assert results == [200]


def test_one_server_mounts_the_gradio_ui(fictional_library: Library, settings: Settings) -> None:
    with gr.Blocks(title="Crosscheck test UI") as blocks:
        gr.Markdown("UI placeholder")
    app = build_server(fictional_library, open_settings(settings), blocks, css=".x{color:red}")
    with TestClient(app) as client:
        page = client.get("/")
        assert page.status_code == 200 and "<html" in page.text.lower()
        assert client.get("/healthz").json() == {"status": "ok"}
        assert client.get(f"/api/v1/documents/{DOC}").status_code == 200
        assert client.get("/api/v1/nowhere").json()["error"]["code"] == "not_found"
        assert "attachShadow" in client.get("/widget.js").text
        demo = client.get("/widget-demo")
        assert demo.status_code == 200 and demo.text.count('<script src="/widget.js"') == 1


def test_widget_never_parses_text_as_html(client: TestClient) -> None:
    response = client.get("/widget.js")
    assert response.headers["content-type"].startswith("text/javascript")
    source = response.text
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in source, sink
    assert "textContent" in source and 'mode: "open"' in source


# ---- fuzzing ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def api_schema(api: FastAPI) -> Any:
    schema = schemathesis.openapi.from_asgi("/openapi.json", api)
    # the write door, closed here, refuses schema-valid requests by policy (403): it is tried
    # as a stranger would in tests/security/test_api_writes.py
    return schema.exclude(method=["POST", "DELETE"], path_regex="^/api/v1/documents")


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@given(data=st.data())
@hypothesis_settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
    derandomize=True,  # CI reproducible; widen max_examples locally to hunt
)
def test_fuzz_no_server_errors(api_schema: Any, mode: GenerationMode, data: Any) -> None:
    """Requests generated from /openapi.json, valid and invalid: never a 5xx, every response
    as the schema documents it (status, content type, body)."""
    case = data.draw(api_schema.as_strategy(mode))
    if isinstance(case.body, dict) and case.body.get("mode") == "llm":
        case.body["mode"] = "extractive"  # LLM mode has its own tests; here it would be slow
    case.call_and_validate(
        excluded_checks=[negative_data_rejection], additional_checks=[rejects_invalid_data]
    )


def rejects_invalid_data(ctx: Any, response: Any, case: Any) -> bool | None:
    """Schemathesis's negative-data check, also counting 413 (body over the limit) as a
    rejection."""
    if response.status_code == 413:
        return None
    return negative_data_rejection(ctx, response, case)


def test_warming_loads_the_models_in_the_background(demo_library: Library) -> None:
    """`warm` groups the ledger and opens the lexical index before the server listens, and
    loads the parser (both pipelines) and the embedder in a thread of its own."""
    from assistant.corpus import nlp

    models = warm(demo_library)
    models.join(timeout=120)
    assert not models.is_alive()
    assert set(nlp._pipelines) == {True, False}
