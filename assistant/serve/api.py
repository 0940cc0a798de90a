"""The public API and the one web server: Gradio UI at /, versioned JSON API at /api/v1,
the embeddable widget at /widget.js (demo page: /widget-demo), health at /healthz.

`build_api(library, settings)` is the API alone (no Gradio: testable and servable by itself);
`serve.server.build_server(library, settings, blocks)` mounts the Gradio UI on it. Answers are
`assistant.wire.answer_json`, so the API, CLI and widget carry the same citations and flags.
Blocking work (retrieval, models) runs in the threadpool: /healthz answers while asks run.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from importlib import resources
from itertools import chain
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from assistant.answer.json_form import answer_json, source_json
from assistant.answer.pipeline import ask_stream, drain
from assistant.config import Settings
from assistant.errors import (
    ConfigError,
    CrosscheckError,
    ModelUnavailable,
    QuestionError,
    StoreError,
)
from assistant.ledger.library import Library
from assistant.serve.documents import DOCUMENTS, add_write_routes
from assistant.serve.guards import ApiGuard, ScopedCORS, TokenBucket, error_response
from assistant.serve.schemas import AnswerOut, AskRequest, DocumentOut, ErrorOut, Health
from assistant.types import AnswerEvent, Interim, Token

log = logging.getLogger("crosscheck.api")
VERSION = "v1"
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "The server cannot answer in the requested mode."},
    401: {"model": ErrorOut, "description": "An API key is configured and was not sent."},
    413: {"model": ErrorOut, "description": "The request body is too large."},
    422: {"model": ErrorOut, "description": "The request or the question is invalid."},
    429: {"model": ErrorOut, "description": "Rate limited; see the Retry-After header."},
    503: {"model": ErrorOut, "description": "The index or the language model is unavailable."},
}
_SSE_DOC = (
    'Server-sent events: `event: token` (data `{"text"}`, answer text as it is produced), '
    "then `event: answer` (data: the same JSON as POST /api/v1/ask), or `event: error` "
    '(data `{"error": {"code", "message"}}`) if answering fails midway. In LLM mode an '
    "`event: interim` (data: answer JSON) comes first: the extractive answer, its quotes "
    "verified, to show while the lead's tokens arrive."
)


def _sse_variant(name: str, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["event", "data"],
        "properties": {
            "event": {"const": name},
            "data": {
                "type": "string",
                "contentMediaType": "application/json",
                "contentSchema": data,
            },
        },
    }


# One event of the stream (Open API 3.1: the schema of an event-stream describes each event).
_SSE_EVENT = {
    "oneOf": [
        _sse_variant("token", {"type": "object", "properties": {"text": {"type": "string"}}}),
        _sse_variant("interim", {"$ref": "#/components/schemas/AnswerOut"}),
        _sse_variant("answer", {"$ref": "#/components/schemas/AnswerOut"}),
        _sse_variant("error", {"$ref": "#/components/schemas/ErrorOut"}),
    ]
}


def error_status(exc: CrosscheckError) -> tuple[int, str]:
    """HTTP status and error code for an error of the pipeline."""
    if isinstance(exc, QuestionError):
        return 422, "invalid_question"
    if isinstance(exc, ConfigError):
        return 400, "unsupported"
    if isinstance(exc, StoreError | ModelUnavailable):
        return 503, "unavailable"
    return 500, "internal_error"


def build_api(
    library: Library, settings: Settings, *, bucket: TokenBucket | None = None
) -> FastAPI:
    """The JSON API, widget and health check, guarded as `settings` says; `bucket` is the
    per-client rate limit when it is shared with the web app's questions."""
    app = FastAPI(
        title="Crosscheck API",
        version="1.0.0",
        description="Grounded answers about contested events: every statement cited, every "
        "quote verified against the stored source by character offsets, disputes flagged.",
        docs_url=None,  # Swagger UI loads its assets from a CDN; Crosscheck stays offline
        redoc_url=None,
    )
    _answer_routes(app, library, settings)
    add_write_routes(app, library, settings)  # before the catch-all of _document_routes
    _document_routes(app, library)
    _add_error_handlers(app)
    _add_static(app)
    app.add_middleware(
        ApiGuard,
        bucket=bucket or TokenBucket.for_rate(settings.rate_limit),
        api_key=settings.api_key,
        max_body=settings.max_body_bytes,
        uploads=(DOCUMENTS, settings.max_upload_bytes),
    )
    app.add_middleware(ScopedCORS, origins=settings.cors_origins)
    _document_limits(app, settings)
    return app


def _answer_routes(app: FastAPI, library: Library, settings: Settings) -> None:
    prefix = f"/api/{VERSION}"

    @app.get("/healthz", response_model=Health, tags=["health"])
    async def healthz() -> dict[str, str]:
        """Liveness: answers at once, also while questions are being answered."""
        return {"status": "ok"}

    @app.post(f"{prefix}/ask", response_model=AnswerOut, responses=_ERRORS, tags=["answers"])
    def ask(body: AskRequest) -> dict[str, Any]:
        """The verified answer: text with [n] markers, citations (quote, offsets, source),
        flags, and `disputes` (the contested figures' tables)."""
        return answer_json(drain(_events(body, library, settings)))

    @app.post(
        f"{prefix}/ask/stream",
        response_class=StreamingResponse,
        responses={
            200: {
                "description": _SSE_DOC,
                "content": {"text/event-stream": {"schema": _SSE_EVENT}},
            },
            **_ERRORS,
        },
        tags=["answers"],
    )
    def ask_streaming(body: AskRequest) -> StreamingResponse:
        """The answer as server-sent events: tokens, then the full answer JSON."""
        events = _events(body, library, settings)
        first = next(events)  # an error before anything is produced is a plain HTTP error
        return StreamingResponse(
            sse_events(chain([first], events)),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )


def _document_routes(app: FastAPI, library: Library) -> None:
    prefix = f"/api/{VERSION}"

    @app.get(
        f"{prefix}/documents/{{doc_id:path}}",
        response_model=DocumentOut,
        responses={404: {"model": ErrorOut, "description": "No such document."}, **_ERRORS},
        tags=["documents"],
    )
    def document(doc_id: str) -> Any:
        """A stored document: the text every citation offset points into, and its source."""
        doc = library.index.document(doc_id)
        if doc is None:
            return error_response(
                404,
                "not_found",
                f"No document with id {doc_id!r}. Document ids are the doc_id of a citation, "
                "like dir/name.",
            )
        return {
            "id": doc.id,
            "text": doc.text,
            "source": source_json(doc.source),
            "extra": dict(doc.extra),
        }

    @app.api_route(f"{prefix}/{{rest:path}}", methods=_ALL_METHODS, include_in_schema=False)
    async def nowhere(request: Request) -> JSONResponse:
        """JSON 404/405 for any other /api/v1 path (the Gradio mount at / would take it)."""
        allowed = sorted({m for r in app.routes for m in _other_methods(r, request)})
        if allowed:
            raise StarletteHTTPException(405, headers={"Allow": ", ".join(allowed)})
        raise StarletteHTTPException(404)


_ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def _other_methods(route: Any, request: Request) -> set[str]:
    """The methods `route` takes when it serves this path with other methods; else none."""
    if not isinstance(route, APIRoute) or route.path.endswith("{rest:path}"):
        return set()
    partial = route.matches(request.scope)[0] == Match.PARTIAL
    return set(route.methods or ()) if partial else set()


def _events(body: AskRequest, library: Library, settings: Settings) -> Iterator[AnswerEvent]:
    return ask_stream(
        body.question, library, settings, k=body.k, mode=body.mode, history=body.turns()
    )


def sse_events(events: Iterable[AnswerEvent]) -> Iterator[str]:
    try:
        for event in events:
            if isinstance(event, Token):
                yield _event("token", {"text": event.text})
            elif isinstance(event, Interim):
                yield _event("interim", answer_json(event.answer))
            else:
                yield _event("answer", answer_json(event))
    except CrosscheckError as exc:
        _, code = error_status(exc)
        yield _event("error", {"error": {"code": code, "message": str(exc)}})
    except Exception:
        log.exception("answering failed while streaming")
        message = "Answering failed on the server; the error was logged. Try again."
        yield _event("error", {"error": {"code": "internal_error", "message": message}})


def _event(name: str, data: dict[str, Any]) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        fields = _field_problems(exc.errors())
        message = "; ".join(f"{f['field']}: {f['message']}" for f in fields[:3])
        return error_response(422, "invalid_request", message, fields=fields)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(exc.headers or {})
        where = f"{request.method} {request.url.path}"
        if exc.status_code == 404:
            message = f"Nothing at {where}. The API is described at /openapi.json."
            return error_response(404, "not_found", message, headers=headers)
        if exc.status_code == 405:
            allowed = headers.get("Allow", "")
            message = f"{where} is not supported; this path takes {allowed or 'other methods'}."
            return error_response(405, "method_not_allowed", message, headers=headers)
        if exc.status_code == 400:  # a body FastAPI could not parse (malformed, or nested deep)
            message = "The request body could not be read; send a JSON object (or multipart files)."
            return error_response(400, "invalid_body", message, headers=headers)
        return error_response(exc.status_code, "http_error", str(exc.detail), headers=headers)

    @app.exception_handler(CrosscheckError)
    async def crosscheck_error(_: Request, exc: CrosscheckError) -> JSONResponse:
        status, code = error_status(exc)
        if status >= 500:
            log.error("request failed: %s", exc)
        return error_response(status, code, exc.public())

    @app.exception_handler(Exception)
    async def crashed(_: Request, exc: Exception) -> JSONResponse:
        log.error("request failed", exc_info=exc)
        message = "Answering failed on the server; the error was logged. Try again."
        return error_response(500, "internal_error", message)


_EMPTY = ("string_too_short", "string_pattern_mismatch")
_JSON_BODY = 'Send a JSON object like {"question": "..."} with Content-Type: application/json.'


def _field_problems(errors: Iterable[Any]) -> list[dict[str, str]]:
    """Pydantic's errors as `field: message` lines a person can act on."""
    problems: dict[str, str] = {}
    for e in errors:
        loc = [p for p in e.get("loc", ()) if p != "body"]
        if e.get("type") == "json_invalid":
            reason = (e.get("ctx") or {}).get("error", "")
            problems["body"] = f"is not valid JSON ({reason}). {_JSON_BODY}"
        elif not loc:
            problems["body"] = f"is missing or not a JSON object. {_JSON_BODY}"
        elif loc == ["question"] and e.get("type") in _EMPTY:
            problems["question"] = "is empty; type a question about the documents."
        elif loc[0] == "history" and len(loc) > 2:
            problems[f"history[{loc[1]}]"] = (
                'give each earlier exchange as [user, assistant] or {"user": ..., '
                '"assistant": ...}, both strings'
            )
        else:
            where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
            problems.setdefault(where, str(e.get("msg", "invalid")))
    return [{"field": f, "message": m} for f, m in problems.items()]


def _add_static(app: FastAPI) -> None:
    static = resources.files("assistant.serve") / "static"
    widget = (static / "widget.js").read_bytes()
    demo = (static / "widget-demo.html").read_bytes()
    headers = {"Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff"}

    @app.get("/widget.js", include_in_schema=False)
    async def widget_js() -> Response:
        return Response(widget, media_type="text/javascript; charset=utf-8", headers=headers)

    @app.get("/widget-demo", include_in_schema=False)
    async def widget_demo() -> Response:
        return Response(demo, media_type="text/html; charset=utf-8")


def _document_limits(app: FastAPI, settings: Settings) -> None:
    """Put the server's question length limit into the OpenAPI schema."""
    make = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = make()
            question = schema["components"]["schemas"]["AskRequest"]["properties"]["question"]
            question["maxLength"] = settings.max_question_chars
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
