"""False premises about who gave which figure: "Why did X confirm 1,500 deaths?", "Given that
the ministry reported 500 deaths, ...", "Isn't it true that X said N ...?".

A question presupposes a figure when it names a claimant the corpus knows (a voice of the
claims ledger or a publisher) in the clause of a number that measures something. The
presupposition is checked against the ledger (`Library.disputes()`): it holds when the
claimant's figures for that measure include the number, or when a sentence that names the
claimant states the number without attributing it to anyone else. When it does not hold and
the claimant gives other figures for the measure, `correct` opens the answer by saying so and
quotes the claimant's own statements (each a verified citation of its sentence, as the dispute
lines of `draft.present_disputes` are), and raises a `false_premise` flag.

General English only: names come from the ledger, the number and its measure from the same
figure reader that builds the ledger (`ledger.figures.extract_figures`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from assistant.answer.asked import asked
from assistant.answer.cite import quote_into
from assistant.answer.slots import FIGURE_SLOTS, clean
from assistant.corpus.nlp import parse_remembered
from assistant.corpus.sentences import split_sentences
from assistant.ledger.comparable import groupable, measure_key
from assistant.ledger.disputes import EXACT_TOLERANCE, statements_of
from assistant.ledger.figures import NUMBER_WORDS, QUALIFIER_WORDS, find_figures
from assistant.ledger.grouping import words_of
from assistant.ledger.library import Library
from assistant.ledger.roles import INSTITUTIONS
from assistant.ledger.stance import human_date, speaker
from assistant.ledger.statements import extract_figures
from assistant.ledger.words import MONTH_WORDS, answers_measure, measure_words
from assistant.store.lexical import STOPWORDS
from assistant.types import (
    Answer,
    Claim,
    Dispute,
    FigureStatement,
    Flag,
    Measure,
    Quantity,
)

FALSE_PREMISE = "false_premise"
MAX_QUOTED = 4  # the claimant's figures quoted: its latest distinct values
_BOUNDARY = re.compile(r"[,;:!?()\[\]—–]|\s-\s|\b(?:but|while|whereas|although|though)\b", re.I)
_NAME_RUN = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:(?:of|the|for|on|and|de|al)\s+)?[A-Z][\w'’.-]*)*")
_BY = re.compile(r"\b(?:by|according to|from|of)\s+(?:the\s+)?$", re.I)
_POSSESSIVE = re.compile(r"['’]s?\b|['’]")
_REPORTS = re.compile(
    r"(?:\s+[\w-]+){0,2}?\s+(?:(?:has|have|had|also|later|first|itself|themselves|himself|herself"
    r"|just|then|never|not|did|does|do|n't|ever|officially|publicly)\s+){0,3}"
    r"(?:sa(?:y|ys|id)|report\w*|confirm\w*|count\w*|estimat\w*|put(?:s|ting)?|g[ai]ve[sn]?"
    r"|giving|claim\w*|stat(?:e|es|ed|ing)|announc\w*|record\w*|document\w*|tall(?:y|ied|ies)"
    r"|f(?:i|ou)nd\w*|publish\w*|cit(?:e|es|ed|ing)|list\w*|verif\w*|alleg\w*|acknowledg\w*"
    r"|admit\w*|register\w*|not(?:e|es|ed)|put|told|tell\w*|show\w*|prov(?:e|ed|es|en))\b",
    re.I,
)
_VAGUE = frozenset({"", "people", "it", "they", "this", "that", "these", "those", "one", "figure"})
_BODIES = "|".join(sorted(INSTITUTIONS | {"researchers"}, key=len, reverse=True))
_BODY_PHRASE = re.compile(
    rf"\b(?:the|its|their|this)\s+((?:[a-z][\w'’-]*\s+){{0,2}}?(?:{_BODIES}))\b(?!\s+of\b)"
)
_ECHO = re.compile(  # "... - was it 12,000?", "..., or 500?": a figure echoing the question
    r"^\s*(?:(?:was|is|were|are|it|that|this|or|perhaps|maybe|really|not|even|just)\s+)*$", re.I
)
_FINITE = frozenset("is are was were has have had will would could may might".split())
_NOMINAL = frozenset({"NOUN", "PROPN", "ADJ"})  # the words that can name what is counted
_GENERIC = STOPWORDS | MONTH_WORDS | frozenset("said says say according report reported".split())


@dataclass(frozen=True)
class Presupposed:
    """A figure the question attributes to a claimant."""

    mention: str  # the claimant as the question names it ("the UN Human Rights Office")
    words: frozenset[str]  # the name's words, lower-case
    raw: str  # the figure as the question writes it ("about 1,500")
    quantity: Quantity
    kind: str  # the measure's kind ("count", "money"...)
    measure: tuple[str, ...]  # words naming what is measured ("protester", "kill")
    counted: str  # the measure in words ("protesters killed")


@dataclass(frozen=True)
class FalsePremise:
    """A presupposed figure the documents do not attribute to its claimant, with what the
    claimant does say for that measure (its statements, oldest first)."""

    presupposed: Presupposed
    speaker: str  # the claimant as the answer names it
    statements: tuple[FigureStatement, ...]
    restated: FigureStatement | None = None  # the last value given again later, if it was


def name_words(name: str) -> frozenset[str]:
    """The words of a name that can identify it: no function words, no numbers."""
    return frozenset(w for w in words_of(name) if w not in _GENERIC and not w[:1].isdigit())


def voices(library: Library) -> dict[str, frozenset[str]]:
    """Every name that gives a figure in the ledger, and every publisher, with its words."""
    names = {c.claimant for d in library.disputes() for c in d.claims}
    names |= {s.claimant for d in library.disputes() for s in statements_of(d)}
    names |= {s.publisher for s in library.index.sources().values() if s.publisher}
    return {n: w for n in names if (w := name_words(n))}


def presupposed(question: str, known: dict[str, frozenset[str]]) -> list[Presupposed]:
    """The figures `question` attributes to a known claimant."""
    text = clean(question)
    fallback = asked(question)
    out = []
    for f in extract_figures("question", text, publisher="", date="", stance="unknown"):
        m = f.measure
        words = tuple(w for w in (m.thing, m.act) if w not in _VAGUE and not w[:1].isdigit())
        kind = m.kind
        if not words and fallback.slot in FIGURE_SLOTS:  # "how many arrests ... - was it N?"
            words, kind = fallback.measure, fallback.slot
        if not words or kind not in FIGURE_SLOTS | {"amount"}:
            continue
        found = mention(text, f.span_start, f.span_end, known)
        if found is not None:
            counted = _counted(text, f.span_end, m.act)
            out.append(Presupposed(*found, f.raw, f.quantity, kind, words, counted))
    return out


def _counted(text: str, end: int, act: str) -> str:
    """What the question counts, in its own words: the nouns after the figure that ends at
    `end` ("deaths", "cholera deaths"; not the verb of "13 people died"), with the act when
    they do not name it ("people" -> "people killed")."""
    words = []
    for t in [t for t in parse_remembered([text])[0] if t.idx >= end][:4]:
        w = t.text
        nominal = t.pos_ in _NOMINAL
        if not nominal or not w[0].isalpha() or w.lower() in _GENERIC or w.lower() in _FINITE:
            break
        words.append(w)
    if act and len(words) < 3 and not any(_names_act(w, act) for w in words):
        words.append(measure_words(Measure(act=act)))
    return " ".join(words)


def _names_act(word: str, act: str) -> bool:
    """Does the noun name the act itself ("deaths" names killing, "evacuees" evacuating)? A
    word that names nothing (as "people") is taken as any act by `answers_measure`: not here."""
    lemma = word.lower().removesuffix("s")
    m = Measure(act=act)
    return answers_measure("count", (lemma,), m) and not answers_measure(
        "count", (lemma,), Measure(act="-")
    )


def mention(
    text: str, start: int, end: int, known: dict[str, frozenset[str]]
) -> tuple[str, frozenset[str]] | None:
    """The claimant the figure at text[start:end] is attributed to: a known name that reports
    ("X said", "X has confirmed") or owns ("X's 1,500") it, the nearest before the figure in
    its clause, else one after it introduced by "by" or "according to", else, when the clause
    only echoes the question ("how many did X report - was it N?"), the nearest earlier one."""
    cuts = [0, *(m.end() for m in _BOUNDARY.finditer(text) if m.end() <= start)]
    after = [m.start() for m in _BOUNDARY.finditer(text) if m.start() >= end]
    lo, hi = cuts[-1], after[0] if after else len(text)
    voiced = [x for x in _named(text, lo, start, known) if _voices_it(text, x)]
    if voiced:
        return voiced[-1][2:]
    later = [x for x in _named(text, end, hi, known) if _BY.search(text[end : x[0]])]
    if later:
        return later[0][2:]
    if not _ECHO.match(text[lo:start]):  # the clause has its own subject and verb
        return None
    earlier = [x for x in _named(text, 0, lo, known) if _voices_it(text, x)]
    return earlier[-1][2:] if earlier else None


def _voices_it(text: str, found: tuple[int, int, str, frozenset[str]]) -> bool:
    """Does the name at text[start:end] speak ("X said", "X has confirmed") or own ("X's")?"""
    end, written = found[1], found[2]
    owns = written.endswith(("'s", "’s", "'", "’")) or _POSSESSIVE.match(text, end)
    return bool(owns or _REPORTS.match(text, end))


def _named(
    text: str, lo: int, hi: int, known: dict[str, frozenset[str]]
) -> list[tuple[int, int, str, frozenset[str]]]:
    """Known names in text[lo:hi], in order: (start, end, as written, words)."""
    found = []
    span = text[lo:hi]
    for m in _NAME_RUN.finditer(span):
        run = _trimmed(m.group(), known)
        words = name_words(run)
        if words and any(words <= w or same_voice(run, n) for n, w in known.items()):
            at = lo + m.start() + m.group().index(run)
            the = re.search(r"\bthe\s+$", text[max(0, at - 4) : at], re.I)
            found.append((at, at + len(run), f"the {run}" if the else run, words))
    for m in _BODY_PHRASE.finditer(span):  # a body written in lower case ("the fire service")
        name = m.group(1)
        names = [n for n in known if name_words(name) <= known[n]]
        one = len(name_words(name)) > 1 or all(same_voice(a, b) for a in names for b in names)
        same = names and one
        if same and not any(x[0] <= lo + m.start(1) < x[1] for x in found):
            found.append((lo + m.start(1), lo + m.end(1), f"the {name}", name_words(name)))
    return sorted(found)


def _trimmed(run: str, known: dict[str, frozenset[str]]) -> str:
    """The name run without leading words no known name has ("Did", "Given", "Isn't")."""
    every = set().union(*known.values(), *(_initials(n) for n in known)) if known else set()
    words = run.split()
    while words and not (name_words(words[0]) & every):
        words = words[1:]
    return " ".join(words).rstrip(".")


def false_premises(question: str, library: Library) -> list[FalsePremise]:
    """The presupposed figures the ledger contradicts: the claimant gives other figures for
    that measure, none of them the presupposed one."""
    if not find_figures(clean(question)):
        return []
    known = voices(library)
    figures = presupposed(question, known)
    if not figures:
        return []
    disputes = library.disputes()
    pairs = [(c.claimant, s) for d in disputes for c in d.claims for s in _all(c)]
    out = []
    for p in figures:
        group = {n for n in known if same_voice(n, p.mention)}
        theirs = _measuring(p, disputes, group) or _alone(p, library)
        if not theirs or _holds(p, theirs, [s for _, s in pairs], known):
            continue
        sources = library.index.sources_of(s.doc_id for s in theirs)
        own = [s for s in theirs if s.doc_id in sources and _own(p, sources[s.doc_id].publisher)]
        chosen = [_voiced(x, p, known, library) for x in _distinct(own or theirs)]
        who = speaker(sources[chosen[0].doc_id]) if own else _shown(p.mention)
        again = _restated(own or theirs, chosen)
        again = _voiced(again, p, known, library) if again is not None else None
        out.append(FalsePremise(p, who, tuple(chosen), again))
    return out


def _voiced(
    s: FigureStatement, p: Presupposed, known: dict[str, frozenset[str]], library: Library
) -> FigureStatement:
    """The statement moved to the first sentence of its document where the claimant itself
    states the same figure ("X announced that 304 people..."), when there is one."""
    text = library.index.text(s.doc_id) or ""
    for span in split_sentences(text):
        if span.text.startswith("#"):  # a heading is no statement
            continue
        for start, end, q in find_figures(span.text):
            same = (q.low, q.high) == (s.quantity.low, s.quantity.high)
            voice = mention(span.text, start, end, known) if same else None
            if voice is not None and same_voice(voice[0], p.mention):
                at = span.start
                return replace(
                    s,
                    start=at,
                    end=span.end,
                    sentence=span.text,
                    span_start=at + start,
                    span_end=at + end,
                    raw=span.text[start:end],
                )
    return s


def _measuring(
    p: Presupposed, disputes: Sequence[Dispute], group: set[str]
) -> list[FigureStatement]:
    """The claimant's statements of the presupposed measure; when it has none, its statements
    in a dispute where another voice gives the presupposed figure. The ledger has judged those
    the same quantity in other words ("58 miners trapped" and "43 workers underground")."""
    pairs = [(c.claimant, s, d) for d in disputes for c in d.claims for s in _all(c)]
    mine = [(s, d) for n, s, d in pairs if n in group or s.claimant in group]
    direct = [s for s, _ in mine if _measures(p, s)]
    if direct:
        return direct
    linked = {id(d) for n, s, d in pairs if same_figure(p.quantity, s.quantity)}
    return [s for s, d in mine if id(d) in linked]


def _alone(p: Presupposed, library: Library) -> list[FigureStatement]:
    """The claimant's statements of the presupposed measure that no dispute holds (a figure
    only it gives): read from the ledger by the keys its measure words would have."""
    kinds = ("count", "amount") if p.kind == "amount" else (p.kind,)
    keys = {  # each word as the thing counted, and as the act
        measure_key(Measure(k, *pair))
        for k in kinds
        for w in p.measure
        for pair in ((w, ""), ("", w))
    }
    return [
        s
        for s in library.ledger.keyed(sorted(keys))
        if _named_in_full(s.claimant, p.mention)
        and groupable(s.measure, s.attributed)
        and _measures(p, s)
    ]


def _named_in_full(claimant: str, mention: str) -> bool:
    """Does the question name this claimant as fully as the document does (or by its
    initials)? A lone figure is read only then: "Harrowvale's branches" does not name the
    Harrowvale Depositors' Action Group."""
    words = name_words(claimant)
    return bool(words) and (
        words <= name_words(mention) or bool(_initials(claimant) & name_words(mention))
    )


def same_figure(a: Quantity, b: Quantity) -> bool:
    """Do two figures state the same number in the same unit, compared as written?"""
    return a.unit == b.unit and _overlaps(a, b)


def _all(claim: Claim) -> tuple[FigureStatement, ...]:
    return (claim.statement, *claim.history)


def _measures(p: Presupposed, s: FigureStatement) -> bool:
    slot = "count" if p.kind == "amount" else p.kind
    return answers_measure(slot, p.measure, s.measure)


def _overlaps(a: Quantity, b: Quantity) -> bool:
    """Do two figures state the same number? Compared as written: "at least 7,000" states
    7,000, not every number above it; "about 1,500" states a band around 1,500."""
    (a_lo, a_hi), (b_lo, b_hi) = _stated(a), _stated(b)
    slack = EXACT_TOLERANCE * max(abs(a_lo), abs(b_lo))
    return a_lo <= b_hi + slack and b_lo <= a_hi + slack


def _stated(q: Quantity) -> tuple[float, float]:
    if q.high == float("inf"):
        return q.low, q.low
    if q.qualifier in ("up_to", "fewer_than") or q.low == float("-inf"):
        return q.high, q.high
    return q.low, q.high


def _holds(
    p: Presupposed,
    theirs: Sequence[FigureStatement],
    every: Sequence[FigureStatement],
    known: dict[str, frozenset[str]],
) -> bool:
    """The claimant gives the number; or a sentence that names the claimant and no other voice
    states it without attributing it (the ledger may have missed whose it is)."""
    if any(_overlaps(p.quantity, s.quantity) for s in theirs):
        return True
    for s in every:
        if s.attributed or not _overlaps(p.quantity, s.quantity):
            continue
        at = s.span_start - s.start
        voice = mention(s.sentence, at, at + len(s.raw), known)
        if voice is not None and same_voice(voice[0], p.mention):
            return True
    return False


def _own(p: Presupposed, publisher: str) -> bool:
    return bool(name_words(publisher)) and same_voice(publisher, p.mention)


def same_voice(a: str, b: str) -> bool:
    """Do two names name the same voice? One's words hold the other's ("Amnesty" and "Amnesty
    International"), or one is the other's initials ("FCI", "Frontline Care International")."""
    wa, wb = name_words(a), name_words(b)
    if not wa or not wb:
        return False
    if wa <= wb or wb <= wa:
        return True
    return bool(_initials(a) & wb or _initials(b) & wa)


def _initials(name: str) -> set[str]:
    """The initials of a name's capitalised words, lower-case ("fci"), when there are 2+."""
    caps = [w for w in re.findall(r"[\w'’-]+", name) if w[:1].isupper()]
    return {"".join(w[0] for w in caps).lower()} if len(caps) > 1 else set()


def _distinct(statements: Sequence[FigureStatement]) -> list[FigureStatement]:
    """One statement per value (the first to give it), oldest first, the latest MAX_QUOTED."""
    first: dict[tuple[float, float], FigureStatement] = {}
    for s in sorted(statements, key=lambda s: (s.date, s.doc_id, s.start)):
        first.setdefault((s.quantity.low, s.quantity.high), s)
    return list(first.values())[-MAX_QUOTED:]


def _restated(
    statements: Sequence[FigureStatement], chosen: Sequence[FigureStatement]
) -> FigureStatement | None:
    """The latest statement of the claimant's last value, when a later document gives it again
    ("still puts the number of dead at nine"): it shows where the claimant stands now."""
    if not chosen:
        return None
    last = chosen[-1]
    same = [
        s
        for s in statements
        if (s.quantity.low, s.quantity.high) == (last.quantity.low, last.quantity.high)
        and s.date > last.date
        and s.doc_id != last.doc_id
    ]
    return max(same, key=lambda s: (s.date, s.doc_id, s.start), default=None)


def _bare(name: str) -> str:
    """The name without its article and possessive ("the MEK's" -> "MEK")."""
    return re.sub(r"['’]s?$", "", re.sub(r"^(?:the)\s+", "", name, flags=re.I))


def _shown(name: str) -> str:
    """The name as a sentence shows it: the article kept, the possessive dropped."""
    return re.sub(r"['’]s?$", "", name)


def correct(answer: Answer, found: Sequence[FalsePremise], library: Library) -> Answer:
    """The answer opened by one line per false premise, quoting what the claimant does say;
    each quote a verified citation (an existing one when the answer already quotes it)."""
    if not found:
        return answer
    citations, passages = list(answer.citations), list(answer.passages)
    lines, flags = [], []
    for f in found:
        cited = [
            quote_into(s.doc_id, s.start, s.end, citations, passages, library) for s in f.statements
        ]
        parts = [
            f"{_mid(s.raw)} ({human_date(s.date)}) [{n}]" if s.date else f"{_mid(s.raw)} [{n}]"
            for s, n in zip(f.statements, cited, strict=True)
            if n
        ]
        again = f.restated
        n = (
            quote_into(again.doc_id, again.start, again.end, citations, passages, library)
            if again
            else 0
        )
        if again and n and parts and cited[-1]:
            parts[-1] += f", given again on {human_date(again.date)} [{n}]"
        p = f.presupposed
        said = f"a figure of {p.raw} {p.counted}".strip()
        line = f"The documents do not say that {_shown(p.mention)} gave {said}"
        lines.append(f"{line}; {f.speaker} gives {_listed(parts)}." if parts else f"{line}.")
        flags.append(premise_flag(f, line))
    text = "\n".join([*lines, answer.text])
    return replace(
        answer,
        text=text,
        citations=tuple(citations),
        passages=tuple(passages),
        flags=(*flags, *answer.flags),
    )


def _mid(raw: str) -> str:
    """A figure as written, for the middle of a sentence: "Sixty-four" that opened its own
    sentence is "sixty-four" here (a number word is never a name)."""
    first = re.split(r"[-\s]", raw, maxsplit=1)[0]
    spelled = first.lower() in NUMBER_WORDS or first.lower() in QUALIFIER_WORDS
    return raw[0].lower() + raw[1:] if spelled else raw


def premise_flag(found: FalsePremise, line: str) -> Flag:
    p = found.presupposed
    return Flag(
        FALSE_PREMISE,
        f"The question assumes something the documents do not say. {line}.",
        {
            "claimant": _bare(p.mention),
            "figure": p.raw,
            "counted": p.counted,
            "claimant_figures": tuple(s.raw for s in found.statements),
        },
    )


def _listed(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
