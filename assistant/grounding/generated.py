"""Generated text is checked sentence by sentence before anyone sees it as an answer.

1. The text is split into sentences (a line break ends one too); a marker that trails a full stop
   ("... killed. [2]") belongs to that sentence, unless it opens a new line of text.
   "[1, 2]" and "[Passage 1]" read as [1][2] and [1]; "[1] A said x." reads as "A said x. [1]".
2. Markers that name no passage are deleted (`citation_out_of_range`).
3. A sentence left without a citation is removed (`uncited_sentence`), unless it says that the
   passages do not answer the question.
4. Text in quotation marks must occur verbatim in a cited passage, else the sentence is
   removed (`fabricated_quote`).
5. The sentence must share a lower-case content word with its cited passages' text (so a
   bare echo of a passage header is not an answer), and every number and name of it must
   occur in its cited passages, headers included (`assistant.support.check_support`). With a
   judge model configured, the judge must also answer "Yes" (anything else is unsupported).
   Failing sentences are removed (`unsupported_sentence`; details list each one and why).
6. Citations are built here, never taken from the model: for each [n] that survives, the
   program quotes the sentences of passage n that best match the generated sentences citing it
   (one contiguous span of the stored text, so `cite.verify` holds by construction).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from assistant.corpus.sentences import Span, candidate_sentences, split_sentences
from assistant.errors import ModelUnavailable
from assistant.grounding.leads import lead_problem, voice_named, voiced
from assistant.grounding.markers import (
    SPACED_MARKER,
    markers,
    normalise_markers,
    sentences,
    strip_markers,
)
from assistant.grounding.quotes import cite_span
from assistant.grounding.support import check_support, judge_support, named_phrases
from assistant.ledger.stance import attribution
from assistant.models.chat import ChatModel
from assistant.store.lexical import tokenize
from assistant.types import Citation, Flag, Passage, Removed

ABSTAIN = re.compile(
    r"\b(?:do(?:es)?\s+not|don['’]t|doesn['’]t|cannot|can['’]t|no)\b.{0,60}?"
    r"\b(?:answer|say|said|mention|contain|provide|information|state|address|cover)\w*"
    r"|\bI\s+do(?:\s+no|n['’])t\s+know\b",
    re.I,
)
_QUOTE = re.compile(r"\"([^\"]{2,}?)\"|“([^”]{2,}?)”")


@dataclass(frozen=True)
class Checked:
    """The generated text after verification."""

    text: str
    citations: tuple[Citation, ...]
    flags: tuple[Flag, ...]
    total: int  # generated sentences, not counting a "do not answer" statement
    kept: int  # of those, the ones that passed every check
    abstained: bool  # the model said the passages do not answer
    mended: int = 0  # of those kept, the ones the program re-cited or attributed (`_mended`)


@dataclass
class _Tally:
    out_of_range: list[Removed] = field(default_factory=list)
    uncited: list[Removed] = field(default_factory=list)
    fabricated: list[Removed] = field(default_factory=list)
    unsupported: list[Removed] = field(default_factory=list)
    relations: list[Removed] = field(default_factory=list)
    judge_error: str = ""
    mended: int = 0

    def absorb(self, other: _Tally) -> None:
        """Add what `other` removed (a sentence's failures, once it is not mended)."""
        self.out_of_range += other.out_of_range
        self.uncited += other.uncited
        self.fabricated += other.fabricated
        self.unsupported += other.unsupported
        self.relations += other.relations


def _header(passage: Passage) -> str:
    s = passage.source
    return ", ".join(x for x in (attribution(s), s.date, s.stance, s.affiliation) if x)


def evidence(passage: Passage) -> str:
    """What the model saw of a passage: its header and its text."""
    return f"{_header(passage)}\n{passage.chunk.text}"


def verify_answer(
    generated: str,
    passages: Sequence[Passage],
    text_of: Callable[[str], str | None],
    judge: ChatModel | None = None,
    *,
    lead: bool = False,
    asked: str = "",
) -> Checked:
    """Every sentence cited and supported by what it cites (numbers, names, quotations); the
    rest removed. A `lead` (a composed opening, `answer.compose`) is held to more: its
    relations must be its quotes' (`grounding.relations`), and what only partisan quotes say
    must be said as theirs ("According to X", "X said"). `asked`: the question, whose names
    written in full may stand for a last name the quotes use alone."""
    by_n = {p.n: p for p in passages}
    known = _known_names(passages, asked)
    tally = _Tally()
    kept: list[tuple[Span, str, list[int]]] = []
    total, abstained = 0, False
    text = re.sub(r"\n+", "\n\n", normalise_markers(generated))  # a line ends a sentence
    for span in sentences(text):
        sentence, cited = _drop_out_of_range(span.text, by_n, tally)
        if not re.search(r"[^\W\d_]", SPACED_MARKER.sub("", sentence)):
            continue  # markers or punctuation alone say nothing
        if not cited:
            if ABSTAIN.search(sentence):
                abstained = True
                continue
            total += 1
            tally.uncited.append(Removed(sentence))
            continue
        total += 1
        first = _Tally()
        passed, judge = _holds(sentence, [by_n[n] for n in cited], first, judge, known, lead)
        if not passed and lead:
            mended = _mended(sentence, cited, by_n, judge, known)
            if mended is not None:
                sentence, cited, passed = *mended, True
                tally.mended += 1
        tally.judge_error = tally.judge_error or first.judge_error
        if passed:
            kept.append((span, sentence, cited))
        else:
            tally.absorb(first)
    body = _join(text, kept)
    citations = _citations(kept, by_n, text_of)
    return Checked(body, citations, _flags(tally), total, len(kept), abstained, tally.mended)


def _holds(
    sentence: str,
    cited: list[Passage],
    tally: _Tally,
    judge: ChatModel | None,
    known: _Names,
    lead: bool,
) -> tuple[bool, ChatModel | None]:
    """Every check a sentence must pass against the passages it cites (a lead's too)."""
    passed, judge = _check(sentence, cited, tally, judge, known)
    why = lead_problem(sentence, cited) if passed and lead else ""
    if why:
        tally.relations.append(Removed(sentence, tuple(_ns(cited)), reason=why))
    return passed and not why, judge


def _mended(
    sentence: str,
    cited: list[int],
    by_n: dict[int, Passage],
    judge: ChatModel | None,
    known: _Names,
) -> tuple[str, list[int]] | None:
    """A lead sentence that fails as written, mended by the program where its text holds:
    cited to the one quote given that supports it when its own markers do not (a small model
    miscounts quotes), or opened with the name of the partisan source it rests on when it
    states that source's claim as fact. Every check runs again on the mended sentence; None
    when no mending passes them all."""
    others = [n for n in by_n if n not in cited]
    trials = [cited, *([n] for n in others)]
    if not voice_named(sentence):  # a quote added beside a voice might not be that voice's
        trials += [[*cited, n] for n in others]
    for ns in trials:
        passages = [by_n[n] for n in ns]
        recited = _with_markers(sentence, ns)
        for candidate in dict.fromkeys((recited, voiced(recited, passages))):
            if ns == cited and strip_markers(candidate) == strip_markers(sentence):
                continue  # the sentence as it was: it has failed already
            if _holds(candidate, passages, _Tally(), judge, known, True)[0]:
                return candidate, ns
    return None


def _with_markers(sentence: str, ns: Sequence[int]) -> str:
    """The sentence's words ending in the markers `ns`: 'Words [n][m].'"""
    bare = strip_markers(sentence)
    end = "?" if bare.endswith("?") else "."
    return f"{bare.rstrip(' .!?')} {''.join(f'[{n}]' for n in ns)}{end}"


def _drop_out_of_range(
    sentence: str, by_n: dict[int, Passage], tally: _Tally
) -> tuple[str, list[int]]:
    bad = [n for n in markers(sentence) if n not in by_n]
    if bad:
        tally.out_of_range.append(Removed(sentence, markers=tuple(bad)))
        sentence = SPACED_MARKER.sub(
            lambda m: "" if int(m.group(1)) in bad else m.group(0), sentence
        )
        sentence = re.sub(r"\s+([.,;:!?])", r"\1", sentence).strip()
    cited = list(dict.fromkeys(n for n in markers(sentence) if n in by_n))
    return sentence, cited


@dataclass(frozen=True)
class _Names:
    """The names in every passage given and its header, lower-case: their words, and the
    names written out in full."""

    words: frozenset[str]
    phrases: frozenset[str]


def _known_names(passages: Sequence[Passage], asked: str) -> _Names:
    found = [n for p in passages for n in named_phrases(f"{_header(p)}. {p.chunk.text}")]
    words = frozenset(w.lower() for n in found for w in n.split())
    full = [*found, *named_phrases(asked)]
    return _Names(words, frozenset(n.lower() for n in full if " " in n))


def _check(
    sentence: str,
    cited: list[Passage],
    tally: _Tally,
    judge: ChatModel | None,
    known: _Names,
) -> tuple[bool, ChatModel | None]:
    """(passed, the judge for the next sentences: None once it has failed); records failures."""
    for m in _QUOTE.finditer(sentence):
        quote = " ".join((m.group(1) or m.group(2)).split())
        if not any(quote in " ".join(p.chunk.text.split()) for p in cited):
            tally.fabricated.append(Removed(sentence, tuple(_ns(cited)), quote=quote))
            return False, judge
    if not _shares_content(sentence, cited):
        tally.unsupported.append(
            Removed(
                sentence,
                tuple(_ns(cited)),
                reason="it says nothing the cited passages say (a label echo, or no shared "
                "content word)",
            )
        )
        return False, judge
    texts = [evidence(p) for p in cited]
    check = check_support(sentence, texts, known_names=known.words, full_names=known.phrases)
    if not check.supported:
        tally.unsupported.append(
            Removed(
                sentence,
                tuple(_ns(cited)),
                missing=tuple(check.missing),
                reason="not in the cited passages: " + ", ".join(check.missing),
            )
        )
        return False, judge
    if judge is None:
        return True, None
    try:
        verdict = judge_support(judge, sentence, "\n\n".join(texts))
    except ModelUnavailable as exc:
        tally.judge_error = str(exc)
        return True, None
    if verdict is not True:
        tally.unsupported.append(
            Removed(
                sentence,
                tuple(_ns(cited)),
                reason="the judge model did not confirm it"
                + (" (it answered No)" if verdict is False else " (no clear Yes)"),
            )
        )
    return verdict is True, judge


def _shares_content(sentence: str, cited: Sequence[Passage]) -> bool:
    """Does a lower-case content word of the sentence occur in a cited passage's text?

    Names and numbers are checked by `check_support`; this catches sentences that only echo a
    passage header ("Reuters, 2019-12-23, independent [2]") or say nothing ("I don't know [1]").
    """
    if all(
        set(tokenize(SPACED_MARKER.sub("", sentence))) <= set(tokenize(_header(p))) for p in cited
    ):
        return False  # a passage label repeated, not something the passage says
    lower = " ".join(w for w in re.findall(r"[^\W\d_][\w'’-]*", sentence) if w.islower())
    words = set(tokenize(lower))
    return any(words & set(tokenize(p.chunk.text)) for p in cited)


def _ns(passages: Sequence[Passage]) -> list[int]:
    return [p.n for p in passages]


def _join(text: str, kept: Sequence[tuple[Span, str, list[int]]]) -> str:
    """Kept sentences; a line break between two of them in the generated text is kept."""
    out = ""
    for i, (span, sentence, _) in enumerate(kept):
        if i:
            out += "\n" if "\n" in text[kept[i - 1][0].end : span.start] else " "
        out += sentence
    return out


def _best_span(passage: Passage, sentences_citing: Sequence[str]) -> tuple[int, int]:
    """The passage sentences that best match each generated sentence, as one covering span."""
    candidates = [s for _, s in candidate_sentences([passage])] or split_sentences(
        passage.chunk.text, offset=passage.chunk.start
    )
    starts, ends = [], []
    for sentence in sentences_citing:
        words = set(tokenize(sentence))
        quotes = [" ".join((m.group(1) or m.group(2)).split()) for m in _QUOTE.finditer(sentence)]

        def score(s: Span, words: set[str] = words, quotes: list[str] = quotes) -> float:
            holds_quote = any(q in " ".join(s.text.split()) for q in quotes)
            return 10.0 * holds_quote + len(words & set(tokenize(s.text)))

        best = max(candidates, key=score)
        starts.append(best.start)
        ends.append(best.end)
    return min(starts), max(ends)


def _citations(
    kept: Sequence[tuple[Span, str, list[int]]],
    by_n: dict[int, Passage],
    text_of: Callable[[str], str | None],
) -> tuple[Citation, ...]:
    citing: dict[int, list[str]] = {}
    for _, sentence, cited in kept:
        for n in cited:
            citing.setdefault(n, []).append(sentence)
    out = []
    for n, said in citing.items():
        passage = by_n[n]
        doc_text = text_of(passage.chunk.doc_id)
        if doc_text is None:
            continue  # finish() reports citations it cannot verify; none are made up here
        start, end = _best_span(passage, said)
        out.append(cite_span(passage, start, end, doc_text))
    return tuple(sorted(out, key=lambda c: c.n))


_REMOVED_BECAUSE = {  # flag kind -> what the removed sentences did (n = how many)
    "uncited_sentence": "{n} generated sentence(s) cited no passage and were removed.",
    "fabricated_quote": "{n} sentence(s) quoted words that are not in the cited passage and "
    "were removed.",
    "unsupported_sentence": "{n} generated sentence(s) were not supported by the passages "
    "they cite and were removed.",
    "unsupported_relation": "{n} generated sentence(s) changed who did what to whom, or whether "
    "it happened, against the quote they cite, or stated a partisan source's claim as fact, "
    "and were removed.",
}


def _flags(tally: _Tally) -> tuple[Flag, ...]:
    flags = []
    if tally.out_of_range:
        bad = sorted({n for r in tally.out_of_range for n in r.markers})
        flags.append(
            Flag(
                "citation_out_of_range",
                f"The model cited passage(s) {', '.join(f'[{n}]' for n in bad)}, which it was not "
                "given; those markers were removed.",
                {"markers": tuple(bad)},
                removed=tuple(tally.out_of_range),
            )
        )
    removed = {
        "uncited_sentence": tally.uncited,
        "fabricated_quote": tally.fabricated,
        "unsupported_sentence": tally.unsupported,
        "unsupported_relation": tally.relations,
    }
    for kind, gone in removed.items():
        if gone:
            message = _REMOVED_BECAUSE[kind].format(n=len(gone))
            flags.append(Flag(kind, message, removed=tuple(gone)))
    if tally.judge_error:
        flags.append(
            Flag(
                "llm_unavailable",
                f"The support judge failed, so later sentences were checked without it: "
                f"{tally.judge_error}",
                {"role": "judge", "error": tally.judge_error},
            )
        )
    return tuple(flags)
