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

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from assistant.corpus.sentences import Span, candidate_sentences, split_sentences
from assistant.errors import ModelUnavailable
from assistant.grounding.markers import (
    SPACED_MARKER,
    markers,
    normalise_markers,
    sentences,
    strip_markers,
)
from assistant.grounding.quotes import cite_span
from assistant.grounding.relations import unsupported_relation
from assistant.grounding.support import check_support, judge_support, named_phrases
from assistant.ledger.affiliation import is_org_name
from assistant.ledger.figures import find_figures
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


@dataclass
class _Tally:
    out_of_range: list[Removed] = field(default_factory=list)
    uncited: list[Removed] = field(default_factory=list)
    fabricated: list[Removed] = field(default_factory=list)
    unsupported: list[Removed] = field(default_factory=list)
    relations: list[Removed] = field(default_factory=list)
    judge_error: str = ""


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
) -> Checked:
    """Every sentence cited and supported by what it cites (numbers, names, quotations); the
    rest removed. A `lead` (a composed opening, `answer.compose`) is held to more: its
    relations must be its quotes' (`grounding.relations`), and what only partisan quotes say
    must be said as theirs ("According to X", "X said")."""
    by_n = {p.n: p for p in passages}
    known = _known_names(passages)
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
        passed, judge = _check(sentence, [by_n[n] for n in cited], tally, judge, known)
        if passed and lead:
            passed = _relation_holds(sentence, [by_n[n] for n in cited], tally)
        if passed and lead:
            passed = _attributed(sentence, [by_n[n] for n in cited], tally)
        if passed and lead:
            passed = _hedges_kept(sentence, [by_n[n] for n in cited], tally)
        if passed:
            kept.append((span, sentence, cited))
    body = _join(text, kept)
    citations = _citations(kept, by_n, text_of)
    return Checked(body, citations, _flags(tally), total, len(kept), abstained)


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


def _known_names(passages: Sequence[Passage]) -> frozenset[str]:
    """Lower-case words of the names in every retrieved passage and its header."""
    found = [n for p in passages for n in named_phrases(f"{_header(p)}. {p.chunk.text}")]
    return frozenset(w.lower() for n in found for w in n.split())


def _check(
    sentence: str,
    cited: list[Passage],
    tally: _Tally,
    judge: ChatModel | None,
    known: frozenset[str],
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
    check = check_support(sentence, texts, known_names=known)
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


def _relation_holds(sentence: str, cited: Sequence[Passage], tally: _Tally) -> bool:
    why = unsupported_relation(strip_markers(sentence), [p.chunk.text for p in cited])
    if why:
        tally.relations.append(Removed(sentence, tuple(_ns(cited)), reason=why))
    return not why


_SAYS = re.compile(
    r"\b(?:according to|said|says|say|reported|reports|claimed|claims|stated|states|counted|"
    r"estimated|puts?|announced|wrote|alleged)\b",
    re.I,
)


def _partisan_only(sentence: str, cited: Sequence[Passage]) -> bool:
    """Does the sentence rest on partisan quotes alone: every quote it cites is partisan, or
    one of its numbers is found only in partisan ones ("165 cities" beside an independent "100
    cities")?"""
    if all(p.source.stance == "partisan" for p in cited):
        return True
    for number in re.findall(r"\d[\d,.]*\d|\d", strip_markers(sentence)):
        holders = [p for p in cited if number.replace(",", "") in p.chunk.text.replace(",", "")]
        if holders and all(p.source.stance == "partisan" for p in holders):
            return True
    return False


_HEDGE_CLASS = {
    "exact": "exact",
    "about": "about",
    "at_least": "above",
    "more_than": "above",
    "could_be_over": "above",
    "up_to": "below",
    "fewer_than": "below",
}


def _hedged(text: str) -> list[tuple[float, str, str]]:
    """(the number as written, its hedge class, the phrase) for each figure of a text."""
    out = []
    for start, end, q in find_figures(text):
        kind = _HEDGE_CLASS.get(q.qualifier)
        if kind is None:
            continue  # a range
        core = {"about": (q.low + q.high) / 2, "below": q.high}.get(kind, q.low)
        out.append((round(core, 6), kind, text[start:end]))
    return out


def _hedges_kept(sentence: str, cited: Sequence[Passage], tally: _Tally) -> bool:
    """A figure keeps its quote's hedge: "at least 23" is not "23", "142" is not "at least
    142". Only figures the quotes state with the same number are compared."""
    stated = [h for p in cited for h in _hedged(p.chunk.text)]
    for value, kind, phrase in _hedged(strip_markers(sentence)):
        same = [h for h in stated if h[0] == value]
        if same and all(h[1] != kind for h in same):
            tally.relations.append(
                Removed(
                    sentence,
                    tuple(_ns(cited)),
                    reason=f'"{phrase}" drops or adds the hedge of the quote\'s "{same[0][2]}"',
                )
            )
            return False
    return True


def _names_a_voice(sentence: str, cited: Sequence[Passage]) -> bool:
    """Does the sentence name who says it: a cited source's publisher, an organisation the
    cited text names, or a person it quotes ("X said", "according to X")? A place is not a
    voice ("According to the sources, ... in Calvera Province" names none)."""
    voices = {p.source.publisher for p in cited if p.source.publisher}
    for p in cited:
        speakers = {m.group(1) or m.group(2) for m in _SPEAKER.finditer(p.chunk.text)}
        voices |= {
            n
            for n in named_phrases(p.chunk.text)
            if is_org_name(n) or any(n in sp for sp in speakers)
        }
    text = " ".join(sentence.lower().split())
    return any(_mentions(text, voice) for voice in voices)


def _mentions(text: str, voice: str) -> bool:
    """The voice's name, or two of its words in a row ("Ministry of Health" for "Ministry of
    Health of the Republic of Sarvenia"; "Reuters" for "Reuters")."""
    words = [w for w in re.findall(r"[\w'’-]+", voice.lower()) if w not in ("the", "a", "an")]
    if len(words) == 1:
        return re.search(rf"\b{re.escape(words[0])}\b", text) is not None
    pairs = (f"{a} {b}" for a, b in itertools.pairwise(words))
    return any(re.search(rf"\b{re.escape(pair)}\b", text) for pair in pairs)


_SPEAKER = re.compile(
    r"(?:according to\s+|,\s*)?([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)(?:,[^,]{0,80},)?\s+"
    r"(?:said|says|told|reported|wrote|announced|stated|claimed)\b"
    r"|according to\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)"
)


def _attributed(sentence: str, cited: Sequence[Passage], tally: _Tally) -> bool:
    """What only partisan quotes say, the sentence must give to someone, by name."""
    if not _partisan_only(sentence, cited):
        return True
    if _SAYS.search(sentence) and _names_a_voice(sentence, cited):
        return True
    tally.relations.append(
        Removed(
            sentence,
            tuple(_ns(cited)),
            reason="it states as fact what only partisan sources say, without saying who says it",
        )
    )
    return False


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
