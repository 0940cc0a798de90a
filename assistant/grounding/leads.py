"""What a composed lead is held to beyond its words (`generated.verify_answer(lead=True)`):
its relations are its quotes' (`grounding.relations`), what only partisan quotes say is said as
theirs ("According to X", "X said"), a figure keeps its quote's hedge, and a cause is given
only where a quote gives one."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from assistant.grounding.markers import strip_markers
from assistant.grounding.relations import unsupported_relation
from assistant.grounding.support import named_phrases
from assistant.ledger.affiliation import is_org_name
from assistant.ledger.figures import find_figures
from assistant.ledger.stance import speaker
from assistant.store.lexical import STOPWORDS
from assistant.types import Passage


def lead_problem(sentence: str, cited: Sequence[Passage]) -> str:
    """Why a lead sentence does not hold against the quotes it cites ("" when it does): a
    relation its quotes do not state, a partisan claim stated as fact, or a hedge changed."""
    why = unsupported_relation(strip_markers(sentence), [p.chunk.text for p in cited])
    return (
        why
        or _unattributed(sentence, cited)
        or _hedge_changed(sentence, cited)
        or _cause_invented(sentence, cited)
    )


_GIVES_CAUSE = re.compile(  # a sentence that says why
    r"\b(?:because|due to|as a result of|owing to|caused by|led to|resulted in|therefore|"
    r"so that|in order to|thanks to)\b",
    re.I,
)
_SPEAKS_OF_CAUSE = re.compile(  # a quote that says why, or says something led to something
    r"\b(?:because|due to|as a result|owing to|caus\w*|leads? to|led to|result\w*|therefore|"
    r"so that|in order to|reasons?|in response|why|prompt\w*|spark\w*|trigger\w*|since|"
    r"thanks to)\b",
    re.I,
)


def _cause_invented(sentence: str, cited: Sequence[Passage]) -> str:
    """A lead that gives a cause ("because ...") where no quote it cites speaks of one: a small
    model joins two facts with a reason of its own."""
    said = _GIVES_CAUSE.search(sentence)
    if said and not any(_SPEAKS_OF_CAUSE.search(p.chunk.text) for p in cited):
        return f'it gives a cause ("{said.group(0)}") that no quote it cites gives'
    return ""


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


def _hedge_changed(sentence: str, cited: Sequence[Passage]) -> str:
    """A figure keeps its quote's hedge: "at least 23" is not "23", "142" is not "at least
    142". Only figures the quotes state with the same number are compared."""
    stated = [h for p in cited for h in _hedged(p.chunk.text)]
    for value, kind, phrase in _hedged(strip_markers(sentence)):
        same = [h for h in stated if h[0] == value]
        if same and all(h[1] != kind for h in same):
            return f'"{phrase}" drops or adds the hedge of the quote\'s "{same[0][2]}"'
    return ""


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
            if is_org_name(n) or any(sp.endswith(n) for sp in speakers)
        }
    text = " ".join(sentence.lower().split())
    return any(_mentions(text, voice) for voice in voices)


def _mentions(text: str, voice: str) -> bool:
    """The voice's name, or two of its words in a row, one of them its head ("Ministry of" for
    "Ministry of Health of the Republic of Sarvenia", "Celadon Authority" for "Port Celadon
    Authority" but not the place "Port Celadon"; "Reuters" for "Reuters")."""
    words = [w for w in re.findall(r"[\w'’-]+", voice.lower()) if w not in ("the", "a", "an")]
    if len(words) == 1:
        return re.search(rf"\b{re.escape(words[0])}\b", text) is not None
    head = words[words.index("of") - 1] if "of" in words[1:] else words[-1]
    pairs = (f"{a} {b}" for a, b in itertools.pairwise(words) if head in (a, b))
    return any(re.search(rf"\b{re.escape(pair)}\b", text) for pair in pairs)


_SPEAKER = re.compile(
    r"(?:according to\s+|,\s*)?([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)(?:,[^,]{0,80},)?\s+"
    r"(?:said|says|told|reported|wrote|announced|stated|claimed)\b"
    r"|according to\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)"
)


def _unattributed(sentence: str, cited: Sequence[Passage]) -> str:
    """What only partisan quotes say, the sentence must give to someone, by name."""
    if not _partisan_only(sentence, cited):
        return ""
    if _SAYS.search(sentence) and _names_a_voice(sentence, cited):
        return ""
    return "it states as fact what only partisan sources say, without saying who says it"


def voiced(sentence: str, passages: Sequence[Passage]) -> str:
    """'According to <the partisan source>, ...' when the sentence names no voice and every
    passage it cites is partisan; else the sentence as it is."""
    if _SAYS.search(sentence) or not all(p.source.stance == "partisan" for p in passages):
        return sentence
    first, _, rest = sentence.partition(" ")
    if first.lower() in STOPWORDS:
        first = first.lower()
    return f"According to {speaker(passages[0].source)}, {first} {rest}"
