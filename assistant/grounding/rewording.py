"""A lead sentence against the words of the quotes it cites (`leads.lead_problem`): what a
small model adds, re-dates, re-labels or cuts short while every number and name still checks
out. Measured on leads labelled blind (README, "Compose mode, measured")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.corpus.nlp import parse_remembered
from assistant.corpus.sentences import split_sentences
from assistant.grounding.markers import strip_markers
from assistant.ledger.figures import find_figures
from assistant.ledger.measures import measure_of
from assistant.ledger.words import DAY_NAMES, MONTH_NAMES, MONTHS, REPORTING_LEMMAS, same_word
from assistant.store.lexical import STOPWORDS
from assistant.types import Passage

VOICE_VERBS = REPORTING_LEMMAS | frozenset(  # verbs that say who says it: not words added
    "describe call dismiss deny argue accuse warn reject condemn tweet post".split()
)

WORDS_ADDED_MAX = 1  # content words a lead sentence may add to what its quotes say
_CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ", "ADV"})
_LEAD_IN = re.compile(  # "According to X, 2024-08-19, independent," names the voice, its day
    r"^\s*according to [^,]{1,160},(?:\s*\d{4}-\d\d-\d\d,)?"
    r"(?:\s*(?:partisan|independent|unknown),)?\s*",
    re.I,
)


def words_added(sentence: str, cited: Sequence[Passage]) -> str:
    """A lead sentence says what its quotes say, in about their words: more than
    `WORDS_ADDED_MAX` content words (nouns, verbs, adjectives, adverbs, by lemma) found in no
    quote it cites, nor in their sources' names and titles, is a small model filling a gap
    with words of its own or of the question ("released from the provincial contingency
    reserve" for a quote's "released in emergency funds"; "compiled its counts by raising
    its count"). Names (checked by `support`), numbers, stop words, verbs of saying and the
    "According to X," that names the voice are not counted."""
    said = _LEAD_IN.sub("", strip_markers(sentence))
    names = " ".join(f"{p.source.publisher} {p.source.title}" for p in cited)
    # each quote parsed alone, as the other checks parse it (`parse_remembered` keeps it)
    doc, *quotes = parse_remembered([said, names, *(p.chunk.text for p in cited)])
    known = {w for q in quotes for t in q for w in (t.lemma_.lower(), t.lower_)}
    added = [
        t.text
        for t in doc
        if t.pos_ in _CONTENT_POS
        and not t.is_stop
        and t.lower_ not in STOPWORDS
        and t.lemma_.lower() not in VOICE_VERBS
        and t.lemma_.lower() not in known
        and t.lower_ not in known
        and any(c.isalpha() for c in t.text)
    ]
    if len(added) > WORDS_ADDED_MAX:
        return f"it adds words no quote it cites has ({', '.join(added[:4])})"
    return ""


_DAY_MONTH = re.compile(
    rf"\b(?:(\d{{1,2}})(?:st|nd|rd|th)? ({MONTH_NAMES})"
    rf"|({MONTH_NAMES}) (\d{{1,2}})(?:st|nd|rd|th)?)\b"
)


# a day written as a source's heading writes it ("2024-08-19"), unless it labels a voice:
# "(Tehran Times, 2020-05-30, partisan)", "…, 2027-09-17, independent, …"
_ISO_DAY = re.compile(
    r"(?<!\()\b\d{4}-\d\d-\d\d\b(?!,\s*(?:partisan|independent|unknown)\b)(?![^()]*\))"
)


def dated_by_its_source(sentence: str, cited: Sequence[Passage]) -> str:
    """A day the sentence gives an event that no quote it cites gives, but that is the day a
    cited source was published: the model dated what happened by its report ("the fire
    started on August 19, 2024" from a report of 19 August about a fire seen on the 18th).
    The "According to X, <date>," that names the voice and its day is not an event's date."""
    said = _LEAD_IN.sub("", strip_markers(sentence))
    quoted = " ".join(p.chunk.text for p in cited)
    published = {p.source.date[5:10] for p in cited if len(p.source.date) >= 10}
    for iso in _ISO_DAY.findall(said):  # a source's heading copied as an event's day
        if iso not in quoted:
            return f'"{iso}" is the day its source was published, not a day the quote gives'
    in_quote = {_month_day(m) for m in _DAY_MONTH.finditer(quoted)}
    for m in _DAY_MONTH.finditer(said):
        if _month_day(m) in published - in_quote:
            return f'"{m.group(0)}" is the day its source was published, not a day the quote gives'
    return ""


def dated_from_another_quote(sentence: str, cited: Sequence[Passage]) -> str:
    """A day the sentence gives what happened must be the day a quote gives that happening:
    "the dam gave way on Thursday [2][3]" where [3] says it gave way on Friday and [2] says
    Thursday of something else. Only when the sentence's verb and its day each sit in a cited
    quote, but in no one quote together (a paraphrased verb is not judged here)."""
    quotes = [p.chunk.text for p in cited]
    if len(quotes) < 2:
        return ""
    said = _LEAD_IN.sub("", strip_markers(sentence))
    for day, lemma in _days_and_verbs(said):
        dated = [q for q in quotes if _names_day(q, day)]
        acted = [q for q in quotes if _has_lemma(q, lemma)]
        if dated and acted and not set(dated) & set(acted):
            return f'"{day}" is the day a quote gives something else, not what it says "{lemma}"'
    return ""


_DAY_WORDS = re.compile(rf"\b(?:{DAY_NAMES})\b|{_DAY_MONTH.pattern}")


def _days_and_verbs(text: str) -> list[tuple[str, str]]:
    """(a day the text names, the lemma of the verb that day dates) for each day named."""
    doc = parse_remembered([text])[0]
    out = []
    for m in _DAY_WORDS.finditer(text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        head = span.root.head if span is not None else None
        for _ in range(3):  # "on Thursday" -> on -> gave
            if head is None or head.pos_ in ("VERB", "AUX") or head.head is head:
                break
            head = head.head
        if head is not None and head.pos_ == "VERB" and head.lemma_.lower() not in _LINKING:
            out.append((m.group(0), head.lemma_.lower()))
    return out


def _names_day(text: str, day: str) -> bool:
    return re.search(rf"\b{re.escape(day)}\b", text, re.I) is not None


def _month_day(m: re.Match[str]) -> str:
    """ "MM-DD" of "19 August" or "August 19" (as an ISO date writes them)."""
    day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
    return f"{MONTHS.index(month) + 1:02d}-{int(day):02d}"


def figure_act_changed(sentence: str, cited: Sequence[Passage]) -> str:
    """A figure keeps what its quote says was done: "37 houses were damaged and eight
    destroyed" does not let the lead say 37 were destroyed, nor "burned 11,400 hectares" that
    they were destroyed. Only figures whose number a quote states, with an act both ways."""
    spans = [sp.text for p in cited for sp in split_sentences(p.chunk.text)]
    quoted = [(span, _figure_acts(span)) for span in spans]
    for value, act, phrase in _figure_acts(_LEAD_IN.sub("", strip_markers(sentence))):
        if not act or act in _LINKING:
            continue
        against = ""
        for span, figures in quoted:
            acts = [a for v, a, _ in figures if v == value]
            if acts and any(same_word(a, act) for a in acts):
                break  # a quote sentence gives the figure that act
            another = any(v != value and same_word(a, act) for v, a, _ in figures)
            if acts and all(acts) and (another or not _has_lemma(span, act)):
                against = against or acts[0]
        else:
            if against:
                return f'"{phrase}" is {against} in the quote, not {act}'
    return ""


_LINKING = frozenset("be stay remain become keep have get seem".split())


def _figure_acts(text: str) -> list[tuple[float, str, str]]:
    """(the figure's value, its act as the ledger reads it, the phrase) for each figure."""
    doc = parse_remembered([text])[0]
    found = find_figures(text)
    return [(q.low, measure_of(doc, a, b, q).act, text[a:b]) for a, b, q in found]


def _has_lemma(text: str, lemma: str) -> bool:
    """Is the word (by lemma) in the text: "214 samples collected and tested" tests them."""
    return any(t.lemma_.lower() == lemma for t in parse_remembered([text])[0])


_DANGLING = frozenset(  # words a sentence cannot end on: its phrase goes on
    """the a an this these those its their our your my of in on at to for with by from and
    or but as than""".split()
)


def cut_short(sentence: str) -> str:
    """A sentence that stops mid-phrase: on an article, a preposition or a conjunction ("…
    flooded the valley this"), or on one letter ("after 9 a" for "after 9 a.m.")."""
    words = re.findall(r"[\w'’-]+", strip_markers(sentence))
    last = words[-1] if words else ""
    if last.lower() in _DANGLING or (len(last) == 1 and last.isalpha() and last != "I"):
        return f'it stops mid-phrase ("… {" ".join(words[-3:])}")'
    return ""
