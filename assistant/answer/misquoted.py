"""Words a question puts in someone's mouth: "Did the Auditor-General call it 'the biggest theft
in our history'?" When a document holds the quoted words, the sentence that holds them says
whose they are (its reporting verb's subject, else its publisher: `ledger.claimants`). When
that voice shares no name with the people the question credits, the question misattributes
the words: the answer opens by saying whose they are, quoting them (a verified citation), and
raises a `false_premise` flag.

Only words the corpus holds verbatim (case and spacing aside) are checked; a question that
asks who said them ("Who said 'X'?") credits nobody and is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from assistant.answer.cite import quote_into
from assistant.answer.premise import FALSE_PREMISE, name_words
from assistant.corpus.sentences import leaves_a_quote_open, paragraph_before, split_sentences
from assistant.ledger.claimants import find_claimant
from assistant.ledger.library import Library
from assistant.ledger.stance import human_date
from assistant.store.lexical import capitalised_words
from assistant.types import Answer, Flag

MIN_WORDS = 4  # a shorter quotation is a phrase anyone may use
SEARCHED = 20  # passages holding every quoted word (but stopwords) read for the words
MAX_RUN_ON = 4  # sentences a quotation may run on for before the one that says whose it is
# 'the biggest theft in our province's history': an apostrophe inside does not close it
_QUOTED = re.compile(
    r"(?:^|(?<=[\s(]))(?:\"([^\"]+)\"|“([^”]+)”|‘([^’]+)’|'(.+?)')(?=[\s?.,!;:)]|$)"
)
_ASKS_WHO = re.compile(r"^\s*(?:who|which\s+\w+)\b", re.I)
_NAME_PART = re.compile(r"[\w'’-]+")
_NAME_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")


@dataclass(frozen=True)
class Misquote:
    """Quoted words the corpus gives to another voice than the question does."""

    words: str  # as the question quotes them
    credited: str  # whom the question gives them to: its first name outside the quotation
    speaker: str  # whose the corpus says they are
    doc_id: str
    start: int  # the sentence that holds them, in the stored text
    end: int
    date: str


def misquotes(question: str, library: Library) -> list[Misquote]:
    """The question's quotations that the corpus holds and gives to someone it does not name."""
    if _ASKS_WHO.match(question):
        return []
    found = []
    for m in _QUOTED.finditer(question):
        words = next(g for g in m.groups() if g is not None).strip(" .,")
        outside = question[: m.start()] + " " + question[m.end() :]
        credited = tuple(capitalised_words(outside))
        if len(words.split()) < MIN_WORDS or not credited:
            continue
        held = _held(words, library)
        if held is not None and not _shares_a_name(held.speaker, credited):
            found.append(replace(held, words=words, credited=_first_name(outside)))
    return found


def _held(words: str, library: Library) -> Misquote | None:
    """The first stored sentence holding the words, with the voice it gives them to."""
    pattern = re.compile(r"\W+".join(map(re.escape, _NAME_PART.findall(words))), re.I)
    for chunk, _ in library.index.lexical(words, SEARCHED, every_word=True):
        if not pattern.search(chunk.text):
            continue  # only a passage holding the words has its document read
        text = library.index.text(chunk.doc_id)
        hit = pattern.search(text) if text is not None else None
        if hit is None or text is None:
            continue
        source = library.index.sources_of([chunk.doc_id]).get(chunk.doc_id)
        span = _quotation_at(text, hit.start())
        if source is None or span is None:
            continue
        speaker, named = find_claimant(text[span[0] : span[1]], source.publisher)
        if not named and leaves_a_quote_open(text[span[0] : hit.start()]):
            continue  # someone the sentence does not name is quoted: whose, it does not say
        return Misquote("", "", speaker, chunk.doc_id, span[0], span[1], source.date)
    return None


def _quotation_at(text: str, at: int) -> tuple[int, int] | None:
    """The sentence holding `at`, run on through the sentences after it, in its paragraph,
    while the quotation it opens is still open: '"This was not an accident. It was neglect,"
    said X.' gives its words to the voice named where the quotation closes."""
    spans = split_sentences(text)
    i = next((k for k, s in enumerate(spans) if s.start <= at < s.end), None)
    if i is None:
        return None
    start, end = spans[i].start, spans[i].end
    for later in spans[i + 1 : i + 1 + MAX_RUN_ON]:
        if (
            not leaves_a_quote_open(paragraph_before(text, end))
            or "\n\n" in text[end : later.start]
        ):
            break
        end = later.end
    return start, end


def _first_name(text: str) -> str:
    """The first run of capitalised words after the question's first word ("Did [Premier Johan
    Feld] call the Krastow closure ..."): whom a question about words credits them to."""
    rest = text.strip().split(" ", 1)[-1]
    run = _NAME_RUN.search(rest)
    return run.group().strip(" ,") if run else ""


def _shares_a_name(speaker: str, credited: Sequence[str]) -> bool:
    return bool(name_words(speaker) & name_words(" ".join(credited)))


def correct_misquotes(answer: Answer, found: Sequence[Misquote], library: Library) -> Answer:
    """The answer opened by one line per misattributed quotation, quoting its sentence."""
    if not found:
        return answer
    citations, passages = list(answer.citations), list(answer.passages)
    lines, flags = [], []
    for f in found:
        n = quote_into(f.doc_id, f.start, f.end, citations, passages, library)
        if not n:
            continue
        when = f" ({human_date(f.date)})" if f.date else ""
        line = (
            f"The documents do not give the words “{f.words}” to "
            f"{f.credited}: they are {f.speaker}'s{when} [{n}]."
        )
        lines.append(line)
        flags.append(
            Flag(FALSE_PREMISE, f"The question assumes something the documents do not say. {line}")
        )
    if not lines:
        return answer
    return replace(
        answer,
        text="\n".join([*lines, answer.text]),
        citations=tuple(citations),
        passages=tuple(passages),
        flags=(*flags, *answer.flags),
    )
