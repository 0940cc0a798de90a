"""Is a generated sentence supported by the passages it cites?

`check_support` is deterministic: every number and every name in the sentence must also appear
in the evidence. It cannot tell paraphrase from contradiction, but it catches the commonest
inventions of a small model: a figure, date or name that is in none of the cited passages.

* Numbers are compared by value, parsed by `assistant.figures.parse_quantity`, so "1,500",
  "1500" and "fifteen hundred" are the same number and "1.5 million" equals "1,500,000". Digits
  always count (years and days too); number words count only inside a figure phrase
  (`find_figures`: "two people", not "one of the"). A vague figure ("thousands") is supported
  by the same phrase or by an exact evidence value inside its interval.
* Names are runs of capitalised words ("Amnesty International", "Ministry of the Interior"),
  trimmed of function words ("The", "According", "However"). A name is supported when each of
  its words occurs in the evidence, ignoring case; a word may extend an evidence word by up to
  three letters ("Iranian" ~ "Iran"). A lone capitalised word that opens the sentence (or a
  quote, or a clause after a colon) counts only when it is an acronym ("UN") or a known name
  (`known_names`, e.g. names seen in any retrieved passage): without a dictionary,
  "Protesters" and "Reuters" look alike there.

`judge_support` asks a chat model the binary question of `prompts/judge.txt`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterator, Sequence

from assistant.grounding.markers import SPACED_MARKER
from assistant.ledger.figures import (
    SCALE_WORDS,
    TENS_WORDS,
    UNIT_WORDS,
    find_figures,
    parse_quantity,
)
from assistant.models.chat import ChatModel
from assistant.models.prompts import render
from assistant.store.lexical import STOPWORDS
from assistant.types import Message, SupportCheck

_UNITS = "|".join(UNIT_WORDS)
_TENS = "|".join(TENS_WORDS)
_SCALES = "|".join(SCALE_WORDS)
_WORD = rf"(?:(?:{_TENS})(?:-(?:{_UNITS}))?|{_UNITS}|{_SCALES})\b"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_DSCALE = r"(?:\s+(?:hundred|thousand|million|billion|trillion)\b|(?:k|mn|bn|tn)\b)"
_ATOM = re.compile(
    rf"(?P<vague>\b(?:(?:tens|hundreds) of (?:thousands|millions)|(?:several|a few) "
    rf"(?:hundred|thousand|million)|dozens|hundreds|thousands|millions|billions)\b)"
    rf"|(?P<digits>(?:US\$|[$€£¥])\s?(?:{_DIGITS})(?:{_DSCALE}|[mb]\b)?"
    rf"|(?<![\d.,])(?:{_DIGITS}){_DSCALE}?)"
    rf"|(?P<words>\b(?:an?\s+(?=(?:{_SCALES})\b))?{_WORD}(?:(?:\s+|-)(?:and\s+)?{_WORD})*)",
    re.I,
)
_TOKEN = re.compile(r"[^\W\d_][\w]*(?:['’][^\W\d_]+)*")
_CONNECTORS = frozenset("of de du des la le al el bin ibn van von der den da di for the".split())
_FUNCTION = (
    STOPWORDS
    | frozenset(
        """however according meanwhile also although though yet still thus therefore moreover
    furthermore additionally instead whereas since despite several every another others
    today yesterday overall later earlier eventually finally first second third last next
    including among amid based per unlike like none neither either even unless whether
    sources source passage passages document documents text reports report one two three
    both while after before during around nearly almost about over than in on at""".split()
    )
    | frozenset(f"{_UNITS}|{_TENS}|{_SCALES}".split("|"))
)
_OPENERS = re.compile(r"(?:\A|[:;\"“‘(\u2014\u2013*-]|[.!?]\s)\s*\Z")
Interval = tuple[float, float]


def _mentions(text: str) -> Iterator[tuple[str, Interval]]:
    """(raw, interval) of every number-like atom in `text`, without citation markers."""
    for m in _ATOM.finditer(SPACED_MARKER.sub(" ", text)):
        raw = m.group().strip()
        q = parse_quantity(raw)
        if q is None and m.group("digits"):
            digits = re.search(_DIGITS, raw)
            q = parse_quantity(digits.group()) if digits else None
        if q is not None:
            yield raw, (q.low, q.high)


def _needed_numbers(sentence: str) -> list[tuple[str, Interval]]:
    """Numbers the sentence asserts: all digits, and number words inside figure phrases."""
    text = SPACED_MARKER.sub(" ", sentence)
    phrases = [text[a:b] for a, b, _ in find_figures(text)]
    needed = [(raw, iv) for raw, iv in _mentions(text) if any(c.isdigit() for c in raw)]
    for phrase in phrases:
        needed += [(raw, iv) for raw, iv in _mentions(phrase) if not any(c.isdigit() for c in raw)]
    return needed


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _number_supported(interval: Interval, evidence: Sequence[Interval]) -> bool:
    low, high = interval
    for e_low, e_high in evidence:
        if _same(low, high) and (_same(low, e_low) or _same(low, e_high)):
            return True
        if _same(low, e_low) and _same(high, e_high):
            return True
        if not _same(low, high) and _same(e_low, e_high) and low <= e_low <= high:
            return True
    return False


def _words(text: str) -> list[tuple[int, str]]:
    out = []
    for m in _TOKEN.finditer(text):
        word = re.sub(r"['’]s$", "", m.group())
        out.append((m.start(), word))
    return out


def _is_capitalised(word: str) -> bool:
    return word[0].isupper() and word.lower() != "i"


def named_phrases(sentence: str, known: Collection[str] = ()) -> list[str]:
    """The names a sentence mentions (see the module docstring).

    `known`: lower-case words known to be names elsewhere; an opening word among them counts.
    """
    text = SPACED_MARKER.sub(" ", sentence)
    runs: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    last_end = -1
    for start, word in _words(text):
        gap = text[last_end:start] if last_end >= 0 else ""
        joined = current and re.fullmatch(r"[ \t-]+", gap or "x")
        if _is_capitalised(word) or (joined and word.lower() in _CONNECTORS):
            if current and not joined:
                runs.append(current)
                current = []
            current.append((start, word))
        elif current:
            runs.append(current)
            current = []
        last_end = start + len(word)
    if current:
        runs.append(current)
    found: list[str] = []
    for run in runs:
        name = _trim(run, text, known)
        if name and name not in found:
            found.append(name)
    return found


def _trim(run: list[tuple[int, str]], text: str, known: Collection[str] = ()) -> str:
    """Drop function words at either end; a lone opening word that is common is not a name."""
    words = list(run)
    while words and (words[0][1].lower() in _FUNCTION or words[0][1].lower() in _CONNECTORS):
        words.pop(0)
    while words and (words[-1][1].lower() in _FUNCTION or words[-1][1].lower() in _CONNECTORS):
        words.pop()
    if not words:
        return ""
    if len(words) == 1 and words[0] == run[0] and _OPENERS.search(text[: words[0][0]]):
        word = words[0][1]
        if not ((len(word) > 1 and word.isupper()) or word.lower() in known):
            return ""  # an opening word is a name only when it is an acronym or a known name
    return " ".join(w for _, w in words)


def _word_known(word: str, vocabulary: set[str]) -> bool:
    w = word.lower()
    if w in vocabulary or w in _CONNECTORS:
        return True
    return any(w.startswith(e) and len(e) >= 4 and len(w) - len(e) <= 3 for e in vocabulary)


def check_support(
    sentence: str,
    evidence: Sequence[str],
    *,
    known_names: Collection[str] = (),
    full_names: Collection[str] = (),
) -> SupportCheck:
    """Every number and name of `sentence` must appear in `evidence` (see the module docstring).

    `known_names`: lower-case words known to be names (say, from every retrieved passage), so
    that "Reuters said ..." is checked even at the start of the sentence. `full_names`:
    lower-case names written out in full elsewhere in what the model was given; such a name is
    supported by its last word ("Olivier Vandecasteele" by a quote that says "Vandecasteele").
    """
    joined = "\n".join(evidence)
    values = [iv for _, iv in _mentions(joined)]
    vocabulary = {w.lower() for _, w in _words(joined)}
    missing: list[str] = []
    for raw, interval in _needed_numbers(sentence):
        if not _number_supported(interval, values) and raw not in missing:
            missing.append(raw)
    for name in named_phrases(sentence, known_names):
        words = name.split()
        if all(_word_known(w, vocabulary) for w in words) or name in missing:
            continue
        if not (name.lower() in full_names and _last_name_of(words, joined, vocabulary)):
            missing.append(name)
    return SupportCheck(supported=not missing, missing=tuple(missing))


def _last_name_of(words: Sequence[str], evidence: str, vocabulary: set[str]) -> bool:
    """Does the evidence name this person (or body) by the last word of the name alone, never
    with another first word ("Vandecasteele" for "Olivier Vandecasteele", not "Mary Smith" for
    "John Smith")?"""
    if not _word_known(words[-1], vocabulary):
        return False
    for m in re.finditer(rf"\b{re.escape(words[-1])}\b", evidence, re.I):
        before = re.search(r"([A-Z][\w'’-]*)\s+$", evidence[: m.start()])
        if before and before.group(1).lower() not in (words[-2].lower(), *_FUNCTION):
            return False
    return True


def judge_support(model: ChatModel, sentence: str, evidence: str) -> bool | None:
    """The model's binary verdict: True for "Yes", False for "No", None for anything else."""
    prompt = render(
        "judge", text=evidence.strip(), statement=SPACED_MARKER.sub("", sentence).strip()
    )
    reply = model.generate([Message("user", prompt)])
    first = re.match(r"\W*([A-Za-z]+)", reply)
    word = first.group(1).lower() if first else ""
    return {"yes": True, "no": False}.get(word)
