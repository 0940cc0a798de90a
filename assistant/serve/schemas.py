"""The public API's request and response shapes (pydantic), so /openapi.json is a real schema.

Responses mirror `assistant.wire.answer_json` key for key; they allow extra keys so that a key
added to the wire form later passes through instead of being silently dropped.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.types import Turn


class _Out(BaseModel):
    model_config = ConfigDict(extra="allow")


class HistoryTurn(BaseModel):
    """One earlier exchange, as an object."""

    model_config = ConfigDict(extra="forbid")

    user: str
    assistant: str


class AskRequest(BaseModel):
    """A question, optionally with the chat so far.

    `history` lists earlier exchanges, oldest first, each either `[user, assistant]` or
    `{"user": ..., "assistant": ...}`.
    """

    model_config = ConfigDict(extra="forbid")

    question: str = Field(
        min_length=1,
        pattern=r"[^\s\x1c-\x1f]",  # not only whitespace (as Python's str.strip sees it)
        description="The question (limit: the server's CROSSCHECK_MAX_QUESTION_CHARS).",
        examples=["How many people were killed when the dam collapsed?"],
    )
    history: list[tuple[str, str] | HistoryTurn] = Field(
        default_factory=list,
        max_length=50,
        description="Earlier exchanges, oldest first: [user, assistant] pairs or objects "
        "(the whole request body is limited to CROSSCHECK_MAX_BODY_BYTES).",
    )
    mode: Literal["extractive", "llm"] | None = Field(
        default=None, description="Answer mode; the server's CROSSCHECK_MODE when omitted."
    )
    k: int | None = Field(default=None, ge=1, le=50, description="Passages to retrieve.")

    @field_validator("k", mode="before")
    @classmethod
    def _k_not_bool(cls, value: object) -> object:
        # A JSON integer (2 and 2.0 alike, as JSON Schema counts them), never a boolean:
        # pydantic alone would read `true` as 1.
        if isinstance(value, bool):
            raise ValueError("must be a whole number, not true or false")
        return value

    def turns(self) -> tuple[Turn, ...]:
        return tuple(
            Turn(t.user, t.assistant) if isinstance(t, HistoryTurn) else Turn(t[0], t[1])
            for t in self.history
        )


class SourceOut(_Out):
    title: str
    publisher: str
    date: str
    url: str
    kind: str
    stance: str
    affiliation: str
    stance_inferred: bool


class CitationOut(_Out):
    """A quote verified against the stored text: `document.text[start:end] == quote`."""

    n: int
    doc_id: str
    start: int
    end: int
    quote: str
    publisher: str
    date: str
    stance: str
    affiliation: str
    title: str
    url: str
    stance_inferred: bool


class FlagOut(_Out):
    kind: str
    message: str
    details: dict[str, Any]


class PassageOut(_Out):
    n: int
    score: float
    chunk_id: str
    doc_id: str
    start: int
    end: int
    text: str
    source: SourceOut


class ClaimOut(_Out):
    claimant: str
    value: str
    low: float | None
    high: float | None = Field(description="null when the claim is open-ended")
    qualifier: str
    date: str
    stance: str
    doc_id: str
    start: int
    end: int
    earlier: list[str]
    citation: int | None = Field(description="the citation [n] quoting this claim, if any")


class DisputeOut(_Out):
    """A contested figure: every claimant's latest value, from a `contested_figure` flag."""

    id: str
    counted: str
    message: str
    low: float | None
    high: float | None
    claims: list[ClaimOut]


class AnswerOut(_Out):
    question: str
    text: str = Field(description="The answer, with [n] markers referring to citations' n.")
    lead: str = Field(
        "",
        description="LLM mode: the verified generated opening of `text` (its first paragraph), "
        "citing the same [n]; empty when none survived verification or in extractive mode.",
    )
    answered: bool
    citations: list[CitationOut]
    flags: list[FlagOut]
    passages: list[PassageOut]
    timings: dict[str, float]
    disputes: list[DisputeOut]


class DocumentOut(BaseModel):
    id: str
    text: str = Field(description="The stored text every citation offset points into.")
    source: SourceOut
    extra: dict[str, str] = Field(description="Front-matter keys Crosscheck does not interpret.")


class Health(BaseModel):
    status: Literal["ok"]


class FieldProblem(BaseModel):
    field: str
    message: str


class ErrorBody(BaseModel):
    code: str = Field(
        description="unauthorized, rate_limited, body_too_large, invalid_request, "
        "invalid_question, unsupported, not_found, unavailable, internal_error"
    )
    message: str
    fields: list[FieldProblem] = Field(default_factory=list)


class ErrorOut(BaseModel):
    error: ErrorBody
