"""A scripted chat model, and a real OpenAI-compatible HTTP server that serves its replies.

The scripted model stands in for a remote LLM service only. Its answer script may name
passages by content: `<<roughly 5,000 dockworkers>>` becomes `[n]` for the passage of the
prompt that contains that phrase, so the script does not depend on retrieval order.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from assistant.errors import ModelUnavailable
from assistant.types import Message

_REF = re.compile(r"<<(.+?)>>")
_PASSAGE = re.compile(
    r"^Passage (\d+) [^\n]*\n(.*?)(?=\n\nPassage \d+ |\n\nQuestion: )", re.M | re.S
)


def passages_in(prompt: str) -> dict[int, str]:
    return {int(m.group(1)): m.group(2) for m in _PASSAGE.finditer(prompt)}


def fill_refs(script: str, prompt: str) -> str:
    """Replace each <<phrase>> by [n] of the passage holding the phrase."""
    texts = passages_in(prompt)

    def ref(m: re.Match[str]) -> str:
        hits = [n for n, t in texts.items() if m.group(1) in " ".join(t.split())]
        if not hits:
            raise AssertionError(f"no passage of the prompt holds {m.group(1)!r}: {texts}")
        return f"[{hits[0]}]"

    return _REF.sub(ref, script)


def pieces(text: str) -> list[str]:
    """Text cut the way a model streams it: word by word, spaces kept."""
    return re.findall(r"\S+\s*|\s+", text)


class ScriptedChat:
    """Replies by prompt kind: rewrite prompt -> `rewrite`, judge prompt -> `judge`, else `answer`.

    `fail_after` > 0 makes `stream` raise ModelUnavailable after that many pieces.
    """

    def __init__(
        self, answer: str = "", *, rewrite: str = "", judge: str = "Yes", fail_after: int = 0
    ) -> None:
        self.answer = answer
        self.rewrite = rewrite
        self.judge = judge
        self.fail_after = fail_after
        self.calls: list[list[Message]] = []

    def reply(self, messages: Sequence[Message]) -> str:
        self.calls.append(list(messages))
        prompt = messages[-1].content
        if "Rewritten question:" in prompt:
            return self.rewrite
        if "Answer Yes, No, or Unknown." in prompt:
            return self.judge
        return fill_refs(self.answer, prompt)

    def generate(self, messages: Sequence[Message], shape: object = None) -> str:
        return self.reply(messages)

    def stream(self, messages: Sequence[Message], shape: object = None) -> Iterator[str]:
        for i, piece in enumerate(pieces(self.reply(messages))):
            if self.fail_after and i == self.fail_after:
                raise ModelUnavailable("the scripted model stopped mid-stream")
            yield piece


class OpenAICompatibleServer:
    """A real HTTP server on 127.0.0.1 speaking the OpenAI chat-completions protocol (`/v1`)
    and Ollama's chat protocol (`/api/chat`).

    Replies come from `reply(messages)`, after `delay_s` seconds (a slow server). Asked for
    JSON of a schema (OpenAI `response_format`, Ollama `format`), the scripted lead is sent as
    that JSON (`as_json_lead`), or refused with HTTP 400 (`refuse_schema`). With
    `die_after` > 0 a streamed reply is cut off after that many chunks: the connection closes
    before the announced body length is sent.
    """

    def __init__(
        self,
        reply: Callable[[Sequence[Message]], str],
        die_after: int = 0,
        delay_s: float = 0.0,
        *,
        refuse_schema: bool = False,
    ) -> None:
        self.reply = reply
        self.die_after = die_after
        self.delay_s = delay_s
        self.refuse_schema = refuse_schema  # answer a `response_format` with HTTP 400
        self.requests: list[dict[str, Any]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> OpenAICompatibleServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append(body)
                time.sleep(outer.delay_s)
                messages = [Message(m["role"], m["content"]) for m in body["messages"]]
                text = outer.reply(messages)
                if "response_format" in body or isinstance(body.get("format"), dict):
                    if outer.refuse_schema:
                        error = {"message": "response_format is not supported", "code": 400}
                        self._send(400, "application/json", json.dumps({"error": error}))
                        return
                    text = as_json_lead(text)
                if self.path.endswith("/api/chat"):
                    self._ollama(body["model"], text)
                elif body.get("stream"):
                    self._stream(body["model"], text)
                else:
                    self._send(200, "application/json", json.dumps(_completion(body, text)))

            def _send(self, status: int, kind: str, payload: str) -> None:
                data = payload.encode()
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _ollama(self, model: str, text: str) -> None:
                done = {"done": True, "done_reason": "stop", "eval_count": 1}
                lines = [
                    {"model": model, "message": {"role": "assistant", "content": p}, "done": False}
                    for p in pieces(text)
                ] + [{"model": model, "message": {"role": "assistant", "content": ""}, **done}]
                payload = "".join(json.dumps(line) + "\n" for line in lines)
                self._send(200, "application/x-ndjson", payload)

            def _stream(self, model: str, text: str) -> None:
                events = [_chunk(model, {"role": "assistant", "content": ""})]
                events += [_chunk(model, {"content": p}) for p in pieces(text)]
                events += [_chunk(model, {}, "stop")]
                lines = [f"data: {json.dumps(e)}\n\n" for e in events] + ["data: [DONE]\n\n"]
                full = "".join(lines).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Content-Length", str(len(full)))
                self.send_header("Connection", "close")
                self.end_headers()
                if outer.die_after:
                    self.wfile.write("".join(lines[: outer.die_after]).encode())
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
                self.wfile.write(full)

        return Handler


def as_json_lead(text: str) -> str:
    """A scripted lead ("Words [1]. More words [2][3].") as JSON of `grammar.json_schema`."""
    if text.strip() == "NOT ANSWERED":
        return json.dumps({"answered": False, "sentences": []})
    found = re.findall(r"\s*(.+?)\s*((?:\[\d+\])+)\s*\.?(?=\s|$)", text)
    sentences = [
        {"text": words, "cites": [int(n) for n in re.findall(r"\d+", cites)]}
        for words, cites in found
    ]
    return json.dumps({"answered": True, "sentences": sentences})


def _chunk(model: str, delta: dict[str, str], finish: str | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def _completion(body: dict[str, Any], text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion",
        "created": 0,
        "model": body["model"],
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
