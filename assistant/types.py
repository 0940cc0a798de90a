"""The values that flow through Crosscheck: small, frozen, framework-free.

question (str) -> list[Passage] -> prompt/extract -> Answer(text, citations, flags)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Stance = Literal["independent", "partisan", "unknown"]
STANCES: tuple[Stance, ...] = ("independent", "partisan", "unknown")


@dataclass(frozen=True)
class Source:
    """Who is speaking in a document: what the UI shows on a source card."""

    title: str
    publisher: str = ""
    date: str = ""  # ISO 8601 (YYYY-MM-DD or a prefix of it), "" when unknown
    url: str = ""
    kind: str = ""
    stance: Stance = "unknown"
    affiliation: str = ""
    stance_inferred: bool = False  # True when the stance was guessed from the text, not declared
    stance_reason: str = ""  # why an inferred stance was inferred, in words a reader follows
    stance_declared: bool = False  # the front matter says `stance:` (even "unknown")
    uploaded: bool = False  # added by an upload: its metadata is what the uploader declared


@dataclass(frozen=True)
class Document:
    """One source text as stored; every offset in the system points into `text`."""

    id: str  # path relative to the corpus root, without extension
    text: str
    source: Source
    path: str = ""
    content_hash: str = ""
    extra: tuple[tuple[str, str], ...] = ()  # front-matter keys we do not interpret


@dataclass(frozen=True)
class Chunk:
    """A run of whole sentences of one document: `document.text[start:end] == text`."""

    id: str  # stable: hash of document content + offsets
    doc_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk, numbered locally for one answer ([n] in the text)."""

    n: int
    chunk: Chunk
    score: float
    source: Source


@dataclass(frozen=True)
class Citation:
    """A verified quote: `document.text[start:end] == quote`."""

    n: int
    doc_id: str
    start: int
    end: int
    quote: str
    source: Source


Scalar = str | int | float | bool | None
FlagValue = Scalar | tuple[Scalar, ...]


@dataclass(frozen=True)
class Removed:
    """A generated sentence the verifier removed, and why (`Flag.removed`)."""

    sentence: str
    cited: tuple[int, ...] = ()
    markers: tuple[int, ...] = ()  # markers of passages the model was not given
    quote: str = ""  # a quotation not found in the cited passage
    missing: tuple[str, ...] = ()  # numbers and names the cited passages do not hold
    reason: str = ""


@dataclass(frozen=True)
class Flag:
    """A warning the reader must see (contested figure, partisan source, degraded answer...).

    `details` holds scalars only; what a flag is about travels typed beside it: the loaded
    wording it found (`cues`), the generated sentences removed (`removed`), the partisan
    sources quoted (`sources`); a contested figure's claims are in `Answer.disputes`."""

    kind: str
    message: str
    details: Mapping[str, FlagValue] = field(default_factory=dict, hash=False, compare=False)
    cues: tuple[Cue, ...] = field(default=(), compare=False)
    removed: tuple[Removed, ...] = field(default=(), compare=False)
    sources: tuple[Source, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Cue:
    """A piece of loaded political wording in a document: `text == document.text[start:end]`."""

    doc_id: str
    start: int
    end: int
    text: str
    category: str  # "pejorative", "glorifying", "alarmist", "dismissive"


@dataclass(frozen=True)
class Answer:
    question: str
    text: str  # with [n] markers that refer to citations' n
    citations: tuple[Citation, ...]
    flags: tuple[Flag, ...]
    passages: tuple[Passage, ...]
    timings: dict[str, float] = field(default_factory=dict, hash=False, compare=False)
    answered: bool = True  # False when the corpus does not answer the question
    disputes: tuple[Dispute, ...] = ()  # contested figures the answer presents, typed
    lead: str = ""  # the verified generated opening of `text` (LLM mode); "" when none


Mode = Literal["extractive", "llm"]
MODES: tuple[Mode, ...] = ("extractive", "llm")


@dataclass(frozen=True)
class Turn:
    """One earlier exchange of a chat: what the user asked and what was answered."""

    user: str
    assistant: str


@dataclass(frozen=True)
class Message:
    """One chat message as a chat model sees it."""

    role: Literal["system", "user", "assistant"]
    content: str


@dataclass(frozen=True)
class Token:
    """A piece of answer text streamed before the verified Answer arrives."""

    text: str


@dataclass(frozen=True)
class Interim:
    """The extractive answer, its quotes already verified, shown while a model writes a lead
    over it (LLM mode); the final Answer, lead included, still comes last."""

    answer: Answer


AnswerEvent = Token | Interim | Answer  # what an answer stream yields; an Answer comes last


@dataclass(frozen=True)
class Quantity:
    """A figure as a numeric interval. `low == high` for an exact value.

    qualifier is one of: "exact", "at_least", "more_than", "about", "up_to",
    "fewer_than", "range", "could_be_over".
    """

    low: float
    high: float
    qualifier: str = "exact"
    unit: str = ""  # "percent", "money:USD", "" for a plain count


MEASURE_KINDS = (
    "count",
    "money",
    "percentage",
    "duration",
    "amount",
    "date",
    "time",
    "age",
    "ordinal",
    "identifier",
)


@dataclass(frozen=True)
class Measure:
    """What a figure measures, read from the parse of its sentence: its kind (one of
    `MEASURE_KINDS`), the thing counted ("people", "ballot", "seat"; for a duration, what lasts),
    the act that counts it ("kill", "arrest", "reject", "win"; "" when none) and the words that
    narrow it ("suspected", "confirmed", "total")."""

    kind: str = "count"
    thing: str = ""
    act: str = ""
    mods: tuple[str, ...] = ()


@dataclass(frozen=True)
class FigureStatement:
    """One figure stated in one sentence of one document (an entry of the ledger)."""

    doc_id: str
    start: int  # sentence offsets in the document text
    end: int
    sentence: str
    span_start: int  # offsets of the figure phrase itself in the document text
    span_end: int
    raw: str  # the figure phrase as written ("at least 1,500")
    quantity: Quantity
    counted: str  # what it measures, in words: "people killed", "rejected ballots", "days"
    claimant: str
    attributed: bool  # True when the sentence names the claimant ("according to X")
    date: str  # date of the statement (document date)
    stance: Stance = "unknown"
    measure: Measure = Measure()
    years: tuple[int, int] | None = None  # first and last year the figure's clause names
    named: str = ""  # the proper name the document gave a bare-kind claimant ("the ministry")


@dataclass(frozen=True)
class Claim:
    """One claimant's latest figure for a quantity, with the history of its earlier ones."""

    claimant: str
    statement: FigureStatement
    history: tuple[FigureStatement, ...] = ()  # earlier statements by the same claimant


@dataclass(frozen=True)
class Dispute:
    """Figure statements measuring the same quantity of the same event."""

    id: str
    counted: str
    contested: bool  # True when two claimants' latest intervals do not overlap
    claims: tuple[Claim, ...]

    @property
    def low(self) -> float:
        return min(c.statement.quantity.low for c in self.claims)

    @property
    def high(self) -> float:
        return max(c.statement.quantity.high for c in self.claims)


@dataclass(frozen=True)
class SupportCheck:
    """Does the evidence hold every number and name of a sentence? `missing` lists those absent."""

    supported: bool
    missing: tuple[str, ...] = ()
