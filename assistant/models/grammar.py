"""The shape of a composed lead: a GBNF grammar for llama.cpp, a JSON schema for servers that
constrain output to one, and a check after the fact.

A lead is one to three sentences, each ending in citation markers drawn only from the numbers
of the quotes the model was given (the one marker grammar, `grounding.markers`: "[n]" after the
sentence's words), or the single refusal token. Under the grammar a local model cannot cite a
quote it was not given. An OpenAI-compatible server is sent the same shape as a JSON schema
(`response_format`), Ollama as its `format`; the JSON that comes back is turned into the same
text (`from_json`). Whatever a remote model returns is still held to the shape after the fact
(`answer.compose`: the refusal, or its first sentences, each verified).
"""

from __future__ import annotations

import json
from typing import Any

from assistant.models.chat import OutputShape

MAX_JSON_CHARS = 20_000  # a reply under the schema is a few hundred characters

MIN_CHARS = 24  # "According to [1]." is not a sentence: a lead sentence says something


def gbnf(shape: OutputShape) -> str:
    """The grammar: `root` is the refusal (when offered), or sentences that each end in one to
    three allowed markers, with one full stop before or after them. A sentence holds no other
    full stop (a decimal point is fine), so it cannot run two sentences together under one set
    of markers."""
    numbers = " | ".join(f'"{n}"' for n in sorted(set(shape.markers))) or '"1"'
    more = shape.max_sentences - 1
    refusal = shape.refusal.replace('"', '\\"')
    refusal_rule = f'"{refusal}" | ' if shape.offer_refusal else ""
    return "\n".join(
        [
            f'root ::= {refusal_rule}sentence (" " sentence){{0,{more}}}',
            f'sentence ::= [A-Z0-9"“] char{{{MIN_CHARS},{shape.max_chars}}} end',
            'end ::= "." " "? cites | " "? cites "."',
            "cites ::= cite cite? cite?",
            'char ::= [^\\[\\]\\n.] | "." [0-9]',
            'cite ::= "[" num "]"',
            f"num ::= {numbers}",
        ]
    )


def json_schema(shape: OutputShape) -> dict[str, Any]:
    """The shape as a JSON schema: `answered` false for the refusal, else 1 to
    `max_sentences` sentences, each with 1 to 3 `cites` drawn from the markers given."""
    cites = {"type": "integer", "enum": sorted(set(shape.markers)) or [1]}
    sentence = {
        "type": "object",
        "properties": {
            "text": {"type": "string"},
            "cites": {"type": "array", "items": cites, "minItems": 1, "maxItems": 3},
        },
        "required": ["text", "cites"],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "properties": {
            "answered": {"type": "boolean"},
            "sentences": {"type": "array", "items": sentence, "maxItems": shape.max_sentences},
        },
        "required": ["answered", "sentences"],
        "additionalProperties": False,
    }


def from_json(reply: str, shape: OutputShape, *, partial: bool = False) -> str:
    """A reply under `json_schema` as the lead text the grammar allows: each sentence ending in
    its allowed markers (none allowed: no markers, and the check after the fact drops it), or
    the refusal. A reply that is not such JSON comes back as it is, and is checked like any.

    `partial`: the reply so far, while it streams. Finished sentences are rendered whole; the
    one being written, its words only; so each partial rendering is a prefix of the next and
    of the final one, and the lead can be streamed as it is written."""
    data = _loads(reply[:MAX_JSON_CHARS], partial)
    if data is None or not isinstance(data.get("sentences", []), list):
        return "" if partial else reply
    if data.get("answered") is False:
        return "" if partial else shape.refusal
    sentences = [s for s in data.get("sentences") or [] if isinstance(s, dict)]
    lead = []
    for i, s in enumerate(sentences[: shape.max_sentences]):
        words = str(s.get("text", "")).strip()[: shape.max_chars].rstrip(" .")
        if partial and i == len(sentences) - 1:
            lead.append(words)  # still being written: its markers may not all be there yet
            break
        cites = s.get("cites")
        allowed = (
            [c for c in cites if isinstance(c, int) and c in shape.markers][:3]
            if isinstance(cites, list)
            else []
        )
        markers = "".join(f"[{c}]" for c in allowed)
        if words:
            lead.append(f"{words} {markers}." if markers else f"{words}.")
    text = " ".join(w for w in lead if w)
    return text if partial else (text or shape.refusal)


def _loads(reply: str, partial: bool) -> dict[str, Any] | None:
    from langchain_core.utils.json import parse_partial_json

    try:
        data = parse_partial_json(reply) if partial else json.loads(reply)
    except ValueError:  # JSONDecodeError: not (yet) JSON
        return None
    return data if isinstance(data, dict) else None
