"""What stands in front of the public API (/api/...): CORS allow-list, per-client rate limit,
optional API key and a request body size limit. Each refusal is a JSON error
`{"error": {"code", "message"}}` that says what to do.

Plain ASGI middleware, so a refused request never reaches routing or body parsing.
"""

from __future__ import annotations

import hmac
import math
import threading
import time
from collections.abc import Iterable
from typing import Any

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.config import rate_limit_parts

API_PREFIX = "/api/"


def error_response(
    status: int,
    code: str,
    message: str,
    *,
    headers: dict[str, str] | None = None,
    fields: Iterable[dict[str, str]] = (),
) -> JSONResponse:
    body: dict[str, Any] = {"code": code, "message": message, "fields": list(fields)}
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def _is_api(scope: Scope) -> bool:
    return scope["type"] == "http" and str(scope.get("path", "")).startswith(API_PREFIX)


class ScopedCORS:
    """Starlette's CORS middleware for /api/ only; other paths (the Gradio UI, /widget.js,
    /healthz) are untouched. No origins configured = same-origin only (no CORS headers)."""

    def __init__(self, app: ASGIApp, origins: tuple[str, ...]) -> None:
        self.app = app
        self.cors = CORSMiddleware(
            app,
            allow_origins=list(origins),
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Content-Type", "X-API-Key", "Authorization"],
            expose_headers=["Retry-After"],
            max_age=600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await (self.cors if _is_api(scope) else self.app)(scope, receive, send)


class TokenBucket:
    """Per-key token buckets: `capacity` requests at once, refilled at capacity/period per s."""

    MAX_KEYS = 10_000

    def __init__(self, capacity: int, period: float) -> None:
        self.capacity = capacity
        self.rate = capacity / period
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, last time)
        self._lock = threading.Lock()

    @classmethod
    def for_rate(cls, rate: str) -> TokenBucket | None:
        """The buckets for a rate such as "30/minute"; None when the rate is "off"."""
        count, period = rate_limit_parts(rate)
        return cls(count, period) if count else None

    def take(self, key: str, now: float | None = None) -> float:
        """0.0 when a request may go ahead; else the seconds until one token is back."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.capacity), now))
            tokens = min(float(self.capacity), tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                self._prune(now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.rate

    def _prune(self, now: float) -> None:
        """Forget clients whose bucket has refilled, once there are many of them."""
        if len(self._buckets) <= self.MAX_KEYS:
            return
        full = self.capacity / self.rate
        self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < full}


def presented_key(headers: Headers) -> str:
    """The API key from `X-API-Key`, else from `Authorization: Bearer ...`."""
    if key := headers.get("x-api-key", ""):
        return key.strip()
    scheme, _, token = headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


class ApiGuard:
    """Rate limit, then API key, then body size, for every /api/ request."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        bucket: TokenBucket | None,
        api_key: str,
        max_body: int,
        uploads: tuple[str, int] = ("", 0),
    ) -> None:
        self.app = app
        self.bucket = bucket
        self.api_key = api_key
        self.max_body = max_body
        self.uploads = uploads  # (path, limit): POSTs of files there may be this large

    def _is_upload(self, scope: Scope) -> bool:
        path, _ = self.uploads
        return bool(path) and scope.get("method") == "POST" and scope.get("path") == path

    def _limit(self, scope: Scope) -> int:
        return self.uploads[1] if self._is_upload(scope) else self.max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _is_api(scope):
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is None:
            body = await _read_body(receive, self._limit(scope))
            if body is None:
                refusal = self._too_large(scope, "larger than")
            else:
                receive = _replay(body, receive)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _refusal(self, scope: Scope) -> JSONResponse | None:
        headers = Headers(scope=scope)
        if self.bucket is not None:
            client = scope.get("client") or ("unknown", 0)
            wait = self.bucket.take(str(client[0]))
            if wait > 0:
                seconds = max(1, math.ceil(wait))
                return error_response(
                    429,
                    "rate_limited",
                    f"Too many requests from this address; try again in {seconds} s.",
                    headers={"Retry-After": str(seconds)},
                )
        if self.api_key and not hmac.compare_digest(
            presented_key(headers).encode(), self.api_key.encode()
        ):
            return error_response(
                401,
                "unauthorized",
                "This API needs a key: send it in the X-API-Key header "
                "(or as Authorization: Bearer KEY).",
                headers={"WWW-Authenticate": "Bearer"},
            )
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self._limit(scope):
            return self._too_large(scope, f"{int(length):,} bytes;")
        return None

    def _too_large(self, scope: Scope, size: str) -> JSONResponse:
        """413, with what to send instead: fewer or smaller files to the upload path, a
        shorter question or less history anywhere else."""
        advice = (
            "Send fewer or smaller files per request."
            if self._is_upload(scope)
            else "Send a shorter question or less history."
        )
        return error_response(
            413,
            "body_too_large",
            f"The request body is {size} the limit is {self._limit(scope):,} bytes. {advice}",
        )


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole request body, or None as soon as it exceeds `limit` bytes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break  # the client went away; whatever the app answers goes nowhere
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that hands the app the body already read, then the real channel."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
