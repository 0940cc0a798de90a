"""Figure statements of whole texts: every figure `figures` finds, with its voice (`claimants`),
its measure (`measures`, from the parse) and its place in the text.

Only the sentences holding a figure are parsed (`corpus.nlp`); `extract_many` parses the figure
sentences of many texts in one batch, which is what an ingest of many small chunks needs.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from assistant.corpus.nlp import parse_many
from assistant.corpus.sentences import (
    SENTENCE_GAP,
    Span,
    paragraph_before,
    split_sentences,
    without_dateline,
)
from assistant.ledger.acts import child
from assistant.ledger.claimants import bare_kind, find_claimant, kind_named_before, name_of_kind
from assistant.ledger.comparable import measure_key
from assistant.ledger.currencies import currencies_named, in_named_currency
from assistant.ledger.ellipsis import Role, resolve_elided, role_of
from assistant.ledger.figures import Found, counted_measure, find_figures
from assistant.ledger.grouping import claimant_key
from assistant.ledger.measures import figure_root, measure_at
from assistant.ledger.organisers import organiser_of
from assistant.ledger.periods import clause_years
from assistant.ledger.voices import figure_voice
from assistant.ledger.words import (
    BEYOND,
    BOUND,
    COMPARED,
    EARLIER,
    NAMED_BEFORE,
    PART,
    PER,
    PROJECTED,
    RATE_ADJECTIVES,
    TIME_UNITS,
    WHOLE,
    duration_hours,
    measure_words,
)
from assistant.types import STANCES, FigureStatement, Measure, Quantity, Stance

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_STANCE: dict[str, Stance] = {s: s for s in STANCES}


class FigureSource(NamedTuple):
    """A text to read figures from, and whose they are by default."""

    doc_id: str
    text: str
    publisher: str
    date: str
    stance: str
    before: str = ""  # the document's text before `text`, where `text` is one chunk of it


def extract_figures(
    doc_id: str, text: str, *, publisher: str, date: str, stance: str
) -> list[FigureStatement]:
    """Every figure of a document body, with absolute offsets into `text`.

    Markdown headings are skipped. `text[span_start:span_end] == raw` for every statement.
    """
    return extract_many([FigureSource(doc_id, text, publisher, date, stance)])[0]


def extract_many(sources: Sequence[FigureSource]) -> list[list[FigureStatement]]:
    """`extract_figures` of many texts, their figure sentences parsed in one batch."""
    found = [_figure_sentences(src.text) for src in sources]
    plain = [[without_dateline(span.text) for span, _ in f] for f in found]  # offsets kept
    parsed = iter(parse_many([p for ps in plain for p in ps]))
    return [
        _statements(src, f, [next(parsed) for _ in p], p)
        for src, f, p in zip(sources, found, plain, strict=True)
    ]


def _figure_sentences(text: str) -> list[tuple[Span, list[Found]]]:
    out = []
    currencies = currencies_named(text)  # "dalers", where the text pays in them
    for span in split_sentences(text):
        if not span.text.startswith("#"):
            figures = in_named_currency(span.text, find_figures(span.text), currencies)
            if figures:
                out.append((span, figures))
    return out


def _statements(
    src: FigureSource, found: list[tuple[Span, list[Found]]], docs: list[Doc], plain: list[str]
) -> list[FigureStatement]:
    organiser = organiser_of(src.text) if found else ""
    out: list[FigureStatement] = []
    roles: list[Role] = []
    for (span, figures), doc, said in zip(found, docs, plain, strict=True):
        whole = find_claimant(said, src.publisher)
        earlier = None  # the sentence before may close the chunk before: read from `before`
        if _PRONOUN_SAYS.search(said):  # (its last paragraph, not the whole document again)
            tail = paragraph_before(src.before, len(src.before))
            earlier = _voice_before(tail + src.text, len(tail) + span.start)
        for start, end, q in figures:
            root = figure_root(doc, start, end)  # read once: voice, measure, role, years
            voice = figure_voice(
                root, said, start, whole, publisher=src.publisher, organiser=organiser
            )
            if not voice[1] and earlier is not None:
                voice = earlier
            elif voice[1] and (kind_named := kind_named_before(src.text[: span.start], voice[0])):
                voice = (kind_named, True)  # "the group" the text described as a group
            named = _name_of_voice(src, span, voice)
            measure = measure_at(root, q)
            roles.append(role_of(root))
            if roles[-1].part:
                measure = replace(measure, mods=(*measure.mods, PART))
            elif roles[-1].whole:  # a denominator, not a claim
                measure = replace(measure, mods=(*measure.mods, WHOLE))
            elif roles[-1].earlier:  # where a change began, not a claim
                measure = replace(measure, mods=(*measure.mods, EARLIER))
            if roles[-1].projected:  # foreseen, not what came to pass
                measure = replace(measure, mods=(*measure.mods, PROJECTED))
            if _named_before(root, q, measure):
                measure = replace(measure, mods=(*measure.mods, NAMED_BEFORE))
            measure = _as_rate(measure, _RATE.match(span.text[end : end + 40]))
            q = _normalised(q, measure, span.text, start, end)
            out.append(
                FigureStatement(
                    *(src.doc_id, span.start, span.end, span.text),
                    *(span.start + start, span.start + end, span.text[start:end]),
                    quantity=q,
                    counted=measure_words(measure),
                    claimant=voice[0],
                    attributed=voice[1],
                    date=src.date,
                    stance=_STANCE.get(src.stance, "unknown"),
                    measure=measure,
                    years=clause_years(root, start, end),
                    named=named,
                )
            )
    return bounded(breakdowns(compared(resolve_elided(out, roles))))


def _name_of_voice(src: FigureSource, span: Span, voice: tuple[str, bool]) -> str:
    """The proper name the document gave a bare-kind voice before its sentence ("the
    ministry": "Interior Ministry", `name_of_kind`); "" for any other voice."""
    if not voice[1] or not bare_kind(voice[0]):
        return ""  # most voices: nothing to read
    return name_of_kind(src.before + src.text[: span.start], voice[0])


def compared(statements: Sequence[FigureStatement]) -> list[FigureStatement]:
    """Mark the figures a sentence sets side by side under two or more named voices ("the
    directorate says 29,500 people have registered, the province counts 38,000, and the
    charity estimates 52,000"): whatever words count them, the sentence offers them as
    competing values of one quantity, so they may be grouped even as bare counts of people.
    Only figures of one measure are marked (an elided one has taken its antecedent's)."""
    by_sentence: dict[tuple[int, str], list[FigureStatement]] = {}
    for st in statements:
        if st.attributed and st.measure.kind in ("count", "money"):
            by_sentence.setdefault((st.start, measure_key(st.measure)), []).append(st)
    marked: set[int] = set()
    for group in by_sentence.values():
        voices = {claimant_key(st.claimant) for st in group}
        if len(voices) >= 2 and len({st.measure for st in group}) == 1:
            marked |= {id(st) for st in group}
    return [
        replace(st, measure=replace(st.measure, mods=(*st.measure.mods, COMPARED)))
        if id(st) in marked
        else st
        for st in statements
    ]


def breakdowns(statements: Sequence[FigureStatement]) -> list[FigureStatement]:
    """Mark as parts (`PART`) the exact counts of one sentence, of one measure, that add up
    to an exact count of the same sentence or of the sentence just before it: "three people
    have lost their lives. Two died at the scene and one died shortly after arriving at
    hospital" breaks the toll down; its parts are no rival tolls."""
    by_sentence = _per_sentence(s for s in statements if s.measure.kind == "count" and _exact(s))
    ending = {here[0].end: here for here in by_sentence.values()}
    marks: dict[int, str] = {}
    gaps = range(SENTENCE_GAP + 1)
    for start, here in by_sentence.items():
        before = next((ending[start - g] for g in gaps if start - g in ending), [])
        for key in {measure_key(st.measure) for st in here}:
            parts = [st for st in here if measure_key(st.measure) == key]
            total = sum(st.quantity.low for st in parts)
            wholes = [st for st in [*before, *here] if all(st is not p for p in parts)]
            if len(parts) >= 2 and any(w.quantity.low == total for w in wholes):
                marks |= dict.fromkeys(map(id, parts), PART)
    return _marked(statements, marks)


def _per_sentence(statements: Iterable[FigureStatement]) -> dict[int, list[FigureStatement]]:
    """The statements by the start of their sentence."""
    out: dict[int, list[FigureStatement]] = {}
    for st in statements:
        out.setdefault(st.start, []).append(st)
    return out


def _marked(statements: Sequence[FigureStatement], marks: dict[int, str]) -> list[FigureStatement]:
    """The statements, each one `marks` names (by identity) with that narrowing word added."""
    return [
        replace(st, measure=replace(st.measure, mods=(*st.measure.mods, marks[id(st)])))
        if id(st) in marks and marks[id(st)] not in st.measure.mods
        else st
        for st in statements
    ]


# a count's clause bounding it by a time: "who had waited more than 52 weeks" (the 52 weeks is
# a figure of its own) or "more than a year" (none)
_BOUNDING = frozenset({"more_than", "at_least"})
_A_UNIT = re.compile(r"\b(?:more|longer)\s+than\s+an?\s+(?P<unit>day|week|month|year)\b", re.I)
_CLAUSE_END = re.compile(r"[,;:.()\u2014\u2013]")


def bounded(statements: Sequence[FigureStatement]) -> list[FigureStatement]:
    """Mark a count its clause bounds by a time ("3,150 patients who had waited more than 52
    weeks", "... more than a year": `BEYOND` with the time in months or days) and the time
    figure that bounds it (`BOUND`: a limit, not a claim). "over three days" is a period, not
    a bound: only "more than", "at least" and "longer than" bound."""
    marks: dict[int, str] = {}
    times = _per_sentence(d for d in statements if d.measure.kind == "duration")
    for st in statements:
        if st.measure.kind != "count":
            continue
        clause = _CLAUSE_END.split(st.sentence[st.span_end - st.start :], maxsplit=1)[0]
        stop = st.span_end + len(clause)
        bounds = [
            d
            for d in times.get(st.start, ())
            if st.span_end < d.span_start < stop
            and d.quantity.qualifier in _BOUNDING
            and d.quantity.unit == "hours" and not d.raw.lower().startswith("over")
        ]  # fmt: skip
        a_unit = _A_UNIT.search(clause)
        hours = (
            bounds[0].quantity.low
            if bounds
            else TIME_UNITS[a_unit["unit"].lower()]
            if a_unit
            else 0
        )
        if hours:
            marks[id(st)] = BEYOND + _in_words(hours)
            marks |= {id(d): BOUND for d in bounds[:1]}
    return _marked(statements, marks)


def states_a_duration(sentence: str) -> bool:
    """Does the sentence give a length of time: a figure followed by a time unit ("31 hours",
    "two full days", "a 48-hour curfew"), read as the ledger reads one?"""
    return any(duration_hours(sentence[end:]) for _, end, _ in find_figures(sentence))


def _in_words(hours: float) -> str:
    days = hours / 24
    return f"{round(days / 30.4)} months" if days >= 28 else f"{round(days)} days"


def _exact(st: FigureStatement) -> bool:
    return st.quantity.qualifier == "exact" and st.quantity.low == st.quantity.high


def _normalised(q: Quantity, measure: Measure, sentence: str, start: int, end: int) -> Quantity:
    """Mass in grams ("2 kg" = "2,000 grams"); durations in hours ("two weeks" = "14 days")."""
    if measure.kind == "duration":
        hours = duration_hours(sentence[end:])
        if hours:
            low, high = _rounded_to_unit(q)
            return Quantity(low * hours, high * hours, q.qualifier, "hours")
    if counted_measure(sentence, start, end) == "grams":
        factor = mass_factor(sentence[end:])
        return Quantity(q.low * factor, q.high * factor, q.qualifier, q.unit)
    return q


# grams in one unit of a mass word ("2 kg": 1,000)
_GRAMS = dict.fromkeys("kg kilogram kilograms kilo kilos".split(), 1e3)
_GRAMS |= dict.fromkeys("tonne tonnes ton tons".split(), 1e6) | {"mg": 1e-3, "milligrams": 1e-3}


def mass_factor(text_after: str) -> float:
    """Grams in one unit of the mass word after a figure ("2 kg": 1,000)."""
    word = (re.findall(r"[A-Za-z]+", text_after[:20]) or [""])[0].lower()
    return _GRAMS.get(word, 1.0)


ROUNDED_UP_TO = 12  # "nearly two days", "about three weeks": a few whole units, said roughly


def _rounded_to_unit(q: Quantity) -> tuple[float, float]:
    """A hedged duration of a few whole units is good to half a unit: "nearly two days" is
    36 to 48 hours (a 41-hour siege), "about three weeks" 2.5 to 3.5 weeks. Its own interval
    ([0.9N, N], [0.95N, 1.05N]) is kept where it is wider."""
    if q.qualifier != "about" or not math.isfinite(q.high):
        return q.low, q.high
    nearly = math.isclose(q.low, 0.9 * q.high)
    whole = q.high if nearly else (q.low + q.high) / 2
    if not (1 <= whole <= ROUNDED_UP_TO and math.isclose(whole, round(whole))):
        return q.low, q.high
    return min(q.low, whole - 0.5), q.high if nearly else max(q.high, whole + 0.5)


def _beside_a_named_part(root: Token) -> bool:
    """Is the figure the subject of a clause joined to one whose subject is a part of things
    named before ("six of them died ..., and three died of injuries")?"""
    verb = root.head
    if not root.dep_.startswith("nsubj") or verb.dep_ != "conj":
        return False
    first = child(verb.head, ("nsubj", "nsubjpass"))
    return first is not None and first.like_num and _of_them(first)


def _of_them(t: Token) -> bool:
    """Is the figure a part of things the text named before: "six of them"?"""
    of = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return of is not None and any(c.pos_ == "PRON" for c in of.children)


# a pronoun speaking: "She told reporters that ...", "..., he said"
_PRONOUN_SAYS = re.compile(
    r"^(?:he|she|they|it(?!\s+(?:was|is|has\s+been|had\s+been)\b))\s+(?:\w+\s+)?"
    r"(?:said|says|told|tells|added|adds|estimated|estimates|reported|claimed|claims|warned|put)\b"
    r"|,\s*(?:he|she|they)\s+(?:said|says|added)\b",
    re.I,
)  # "It reported on Monday that…": the body the sentence before names; not "it was reported"


def _voice_before(text: str, start: int) -> tuple[str, bool] | None:
    """The voice a sentence's pronoun speaker stands for: the voice the sentence before it, in
    its paragraph, names ("Lead prosecutor Andrea Voss said ... She told reporters that ...")."""
    before = split_sentences(paragraph_before(text, start))
    name, named = find_claimant(without_dateline(before[-1].text), "") if before else ("", False)
    return (name, True) if named and name else None


# "180 million kors a day", "2,600 a week", "40 tonnes per hour": a rate, not a total
_RATE = re.compile(
    r"^(?:\s+[a-z]+){0,3}?\s+(?:a|an|per|each|every)\s+(?P<period>hour|day|week|month|year)\b",
    re.I,
)


def _as_rate(measure: Measure, rate: re.Match[str] | None) -> Measure:
    """A count, sum or amount per period ("$6.8 million a year", "the annual saving") carries
    the period as a narrowing word, whichever way it is written."""
    if measure.kind not in ("count", "money", "amount"):
        return measure
    periods = {PER + RATE_ADJECTIVES[w] for w in measure.mods if w in RATE_ADJECTIVES}
    if rate:
        periods.add(PER + rate["period"].lower())
    if not periods:
        return measure
    kept = [w for w in measure.mods if w not in RATE_ADJECTIVES and w not in periods]
    return replace(measure, mods=(*kept, *sorted(periods)))


NAMED_UP_TO = 9  # "the two vessels", "these three men": a few things the text has named


def _named_before(root: Token | None, q: Quantity, measure: Measure) -> bool:
    """Things the text points back to are named, not counted: a few with no act ("placed the
    two vessels 20 metres apart"), and any part of them ("126 of them were treated for...")."""
    if root is None or measure.kind != "count":
        return False
    if _of_them(root):
        return True  # "six of them died": a part of a count the text gave before
    if _beside_a_named_part(root):
        return True  # "six of them died of smoke, and three died of injuries": three too
    if measure.act or q.high > NAMED_UP_TO:
        return False
    before = root.doc[root.i - 1] if root.i > 0 else None
    return before is not None and before.lower_ in ("the", "these", "those", "both")
