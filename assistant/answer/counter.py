"""Counter-evidence: the sentences of the corpus that dispute or qualify what a question takes
for granted, or asks to have confirmed.

A question carries a claim (`Premise`) when it states one as given ("Given that five people
died, ...", "Since the assembly approved X, ...", "Isn't it true that X?", "Now that X, who
..."), presupposes one ("Why did the council fine X?" takes it that the council fined X), asks
to confirm one ("Did the police arrest an arsonist?") or asks to have one written up (a content
request's claim). The claim is searched on its own, and each sentence near what it finds is
read for the signs (`answer.contradicts`) that it answers the claim rather than repeats it: a
denial of what the claim says, "an accusation", another figure for its measure, another doer
for its act.

The best of them, closest to the claim first, are quoted with verified offsets (`cite.quote_into`)
above the answer. General English only: no names, events or figures live here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Literal

from assistant.answer.cite import quote_into
from assistant.answer.contradicts import MIN_SHARED, Sign, counter_reason, figure_relation
from assistant.answer.described import statement
from assistant.answer.premise import name_words, presupposed, same_voice, voices
from assistant.answer.retrieve import retrieve
from assistant.answer.terms import act_terms, content_terms
from assistant.corpus.instructions import addresses_a_model
from assistant.corpus.nlp import parse_remembered
from assistant.corpus.sentences import Span, split_sentences, without_dateline
from assistant.ledger.figures import find_figures
from assistant.ledger.library import Library
from assistant.ledger.stance import attribution
from assistant.store.embedders import embed_remembered
from assistant.types import Answer, Flag, Passage, Source

DISPUTED_PREMISE = "false_premise"
MAX_QUOTED = 3  # counter-evidence sentences quoted
PER_DOCUMENT = 2  # of them from one document
SEARCHED = 10  # passages retrieved for the claim
REACH = 2  # sentences read either side of a retrieved passage
MIN_CLOSENESS = 0.3  # cosine of a counter sentence to the claim
MIN_CLOSENESS_DENIAL = 0.2  # of one that denies the claim's act ("She rejected calls for her
# resignation" against "the minister resigned")
NEIGHBOUR_DISCOUNT = 0.1  # a sentence is as close as its neighbour, less this
INDEPENDENT_BONUS = 0.1
SHARED_WEIGHT = 0.05  # per word shared with the claim, up to MAX_SHARED_COUNTED
MAX_SHARED_COUNTED = 4
OWN_VOICE_BONUS = 0.15  # the claim's own subject speaking: the best answer to what it said
FIGURE_BONUS = 0.1  # a claim that states a number is answered most directly by another one
STRONG_BONUS = 0.1  # a denial, a figure or a doer outranks calling the claim an accusation

_NOT_ASKING_WHEN = r"(?!\s+(?:did|does|do|was|were|is|are|has|have|had|will|would|can|could)\b)"
_GIVEN_LEAD = (
    r"^(?:so\s*,?\s+)?(?:given(?: the fact)?(?: that)?|since|now that|as|after|because"
    rf"|when{_NOT_ASKING_WHEN}|considering(?: that)?|seeing (?:as|that)|with"
    r"|in light of(?: the fact that)?)\s+"
)
_ASKING = (  # the words a question's main clause opens with
    r"why|how|who|what|when|where|which|will|would|is|are|was|were|can|could|should"
    r"|shouldn['’]t|isn['’]t|aren['’]t|wasn['’]t|won['’]t|do|does|did|has|have"
)
_SO_ASKING = re.compile(  # "X found the fire started in the cladding, so why ...?": X is given
    rf"^(?:even\s+)?(?P<claim>.{{12,}}?),?\s+(?:so|then)\s+(?P<rest>(?:{_ASKING})\b.+)$",
    re.I | re.S,
)
_GIVEN_ASKING = re.compile(  # "Since X, the director, has said Y, why ...?": up to the question
    _GIVEN_LEAD + rf"(?P<claim>.{{12,}}?),\s*(?P<rest>(?:{_ASKING})\b[^,]*)$", re.I | re.S
)
_GIVEN = re.compile(  # "Given that X, ...": up to the first comma that is not inside a number
    _GIVEN_LEAD + r"(?P<claim>(?:[^,?]|,(?=\d)){12,}?),(?!\d)\s*(?P<rest>.+)$", re.I | re.S
)
_GIVEN_AFTER = re.compile(
    r"^(?P<rest>.+?),?\s+(?:given that|now that|since|seeing that)\s+"
    r"(?P<claim>(?:[^,?]|,(?=\d)){12,}?)[?.!]*$",
    re.I | re.S,
)
_TRUE_THAT = re.compile(
    r"^(?:(?:is|isn['’]t|is not|wasn['’]t|was|has)\s+it\s+(?:not\s+)?(?:true|a fact|the case"
    r"|right|correct|been (?:established|confirmed|proven|shown))|(?:do|don['’]t) you "
    r"(?:agree|accept|think)|wouldn['’]t you (?:agree|say))\s+(?:that\s+)?(?P<claim>.+?)[?.!]*$",
    re.I | re.S,
)
_WHY = re.compile(
    r"^(?:and\s+|so\s+)?(?:why|how come|for what reason)\s+(?P<aux>did|does|do|was|were|is|are"
    r"|has|have|had|would|will|could)\s+(?P<claim>.+?)[?.!]*$",
    re.I | re.S,
)
_YES_NO = re.compile(
    r"^(?:and\s+|so\s+)?(?P<aux>did|does|do|was|were|is|are|has|have|had)\s+(?P<claim>.+?)[?.!]*$",
    re.I | re.S,
)
_NEGATED_AUX = re.compile(r"^(?:n['’]t|not)\b", re.I)
_HEADS = {
    "given": "The question assumes that {claim}. These sources dispute or qualify that:",
    "requested": "The request presents as fact that {claim}. These sources dispute or qualify "
    "that:",
    "asked": "Some sources dispute or qualify this:",
}
PremiseKind = Literal["given", "requested", "asked"]
COUNTER_EVIDENCE = "counter_evidence"  # the flag of counter-evidence to a claim asked about
# "it has been confirmed that X", "it's proven X": the claim is X
_ESTABLISHED = re.compile(
    r"^it(?:\s+(?:(?:has|had)\s+been|is|was|is now|has now been)|['’]s)\s+(?:\w+ly\s+)?"
    r"(?:confirmed|established|known|clear|shown|proven|proved|reported|accepted|agreed"
    r"|admitted)\s+(?:that\s+)?",
    re.I,
)
# "there are 900,000 ...", "it took firefighters three days ...": no pronoun, a subject to come
_EXPLETIVE = re.compile(
    r"^(?:there\s+(?:is|are|was|were|have|has|had)|it\s+(?:take|took|takes))\b", re.I
)
_PRONOUNS = frozenset("it this that these those there they he she we you i".split())


@dataclass(frozen=True)
class Premise:
    """The claim a question carries, and how: "given" (stated or presupposed as true),
    "requested" (to be written up as fact) or "asked" (to be confirmed)."""

    claim: str
    how: PremiseKind
    inverted_by: str = ""  # the auxiliary a why-question put before the claim ("did")

    @property
    def shown(self) -> str:
        """The claim as a statement ("did the city close" -> "the city closed"), parsed only
        when a head shows it; "" when the question did not invert it."""
        return statement(self.inverted_by, self.claim) if self.inverted_by else ""

    @property
    def asserted(self) -> bool:
        """Does the question put the claim forward as true (given or requested)?"""
        return self.how != "asked"


@dataclass(frozen=True)
class CounterQuote:
    """A sentence that disputes or qualifies the premise: `text == document[start:end]`."""

    doc_id: str
    start: int
    end: int
    text: str
    source: Source
    reason: Sign | Literal[""] = ""
    closeness: float = 0.0  # to the claim, with the bonuses that rank it


def premise_of(question: str) -> Premise | None:
    """The claim `question` states as given, presupposes or asks to confirm; None for a
    question that asks only for a value ("How many...?", "Who...?")."""
    text = " ".join(question.split()).strip()
    for rx in (_GIVEN_ASKING, _GIVEN, _GIVEN_AFTER, _TRUE_THAT, _SO_ASKING):
        m = rx.match(text)
        if m:
            return _checkable(Premise(_tidy(m.group("claim")), "given"))
    m = _WHY.match(text)
    if m and not _NEGATED_AUX.match(m.group("claim")):
        claim = _tidy(m.group("claim"))  # searched as asked; shown as a statement
        return _checkable(Premise(claim, "given", m.group("aux")))
    m = _YES_NO.match(text)
    if m and not _NEGATED_AUX.match(m.group("claim")):
        return _checkable(Premise(_tidy(m.group("claim")), "asked"))
    return None


def _tidy(claim: str) -> str:
    """The claim without the question's end; a quotation it closes keeps its closing mark."""
    out = _ESTABLISHED.sub("", claim.strip(" ,;:?.!"), count=1)
    while out and out[-1] in "\"'”’" and not _opened(out[:-1], out[-1]):
        out = out[:-1].rstrip(" ,;:?.!")
    closes = {"“": "”", "‘": "’", '"': '"', "'": "'"}
    while out and out[0] in closes and closes[out[0]] not in out[1:]:
        out = out[1:].lstrip()
    return out


def _opened(text: str, closing: str) -> bool:
    """Does `text` leave a quotation open that `closing` closes ("as 'irresponsible rumours")?"""
    if closing in "”’":
        return text.count({"”": "“", "’": "‘"}[closing]) > text.count(closing)
    quotes = re.findall(rf"(?<![\w]){closing}|{closing}(?![\w])", text)
    return len(quotes) % 2 == 1


def _checkable(premise: Premise) -> Premise | None:
    """The premise, unless its subject is a bare pronoun ("Why does it matter...?"): with
    nothing named, there is nothing to look up."""
    first = premise.claim.split()[0].lower() if premise.claim.split() else ""
    return None if first in _PRONOUNS and not _EXPLETIVE.match(premise.claim) else premise


def counter_evidence(premise: Premise, library: Library) -> list[CounterQuote]:
    """The sentences near what a search for the claim finds that dispute or qualify it, the
    closest first, at most MAX_QUOTED, PER_DOCUMENT of one document. A sentence giving another
    figure counts only when no independent source close to the claim gives the claim's own."""
    index = library.index
    vector = index.embedder.embed_batch([premise.claim])[0]
    passages = retrieve(index, premise.claim, vector, SEARCHED, per_document=PER_DOCUMENT + 1)
    spans = _nearby_sentences(passages, library)
    vectors = embed_remembered(index.embedder, [s.text for _, s in spans]) if spans else []
    cosines = [sum(a * b for a, b in zip(vector, v, strict=False)) for v in vectors]
    terms = content_terms(premise.claim)
    shares = [_shared(terms, s.text) for _, s in spans]
    close = [
        (p, s, c, shared)
        for (p, s), c, shared in zip(spans, _in_context(cosines, spans), shares, strict=True)
        if c >= MIN_CLOSENESS_DENIAL and shared
    ]
    # one batch: the signs below parse the claim and each sentence, and find them remembered
    parse_remembered([premise.claim, *(without_dateline(s.text) for _, s, _, _ in close)])
    figured = with_spelled_spans(premise.claim)  # "a month-long blockade": 1 month
    relations = [figure_relation(figured, s.text) for _, s, _, _ in close]
    voice = _voice_of(premise.claim, library)
    stated = any(  # a voice named in the claim bears its figure out only in its own words
        r in ("same", "relayed")
        and (_theirs(voice, p, s) if voice else r == "same")
        and p.source.stance == "independent"
        for (p, s, _, _), r in zip(close, relations, strict=True)
    )
    reasons = [counter_reason(figured, s.text) for _, s, _, _ in close]
    if not find_figures(figured) and _borne_out(close, reasons, len(terms)):
        return []  # an independent source says what the claim says, in its words
    found = []
    for (passage, span, closeness, shared), relation, reason in zip(
        close, relations, reasons, strict=True
    ):
        if closeness < MIN_CLOSENESS and reason != "negates":
            continue  # a denial of the claim's own act may be worded far from it
        if not reason or (
            reason == "other_figure" and (stated or not _theirs(voice, passage, span))
        ):
            continue  # the claim's figure borne out, or another voice's figure: not a denial
        if reason == "other_agent" and relation in ("same", "relayed"):
            continue  # another voice giving the claim's own figure bears it out
        if reason != "other_agent" or shared >= MIN_SHARED:
            score = closeness + _bonus(passage.source, reason, terms, shared)
            cq = CounterQuote(passage.chunk.doc_id, span.start, span.end, span.text, passage.source)
            found.append(replace(cq, reason=reason, closeness=score))
    return _best(found)[:MAX_QUOTED]


def _borne_out(
    close: Sequence[tuple[Passage, Span, float, int]], reasons: Sequence[str], terms: int
) -> bool:
    """Does an independent sentence close to the claim hold all its words (at least two) and
    neither deny, reattribute nor refigure it ("dosing was halted on March 3" for "dosing in
    the trial was halted")?"""
    return any(
        not reason
        and shared >= max(2, terms)
        and closeness >= MIN_CLOSENESS
        and p.source.stance == "independent"
        for (p, _, closeness, shared), reason in zip(close, reasons, strict=True)
    )


_SPAN_UNIT = r"(hour|day|week|fortnight|month|year|decade)"
_SPANS = (  # a span of time named with no number: "a month-long blockade", "lasted about a week"
    re.compile(rf"\b(?:one\s+)?{_SPAN_UNIT}[- ]long\b", re.I),
    re.compile(
        rf"\b(last(?:ed|s|ing)?|took|for)\s+((?:about|around|nearly|almost|over|more than|"
        rf"less than|roughly|some)\s+)?(?:an?|one)\s+(?:(?:whole|full|entire|single)\s+)?"
        rf"{_SPAN_UNIT}\b",
        re.I,
    ),
)


def with_spelled_spans(claim: str) -> str:
    """The claim with a span of time it names without a number given one, so that its figure
    can be set against the sources' ("the month-long blockade" -> "the 1-month blockade")."""
    claim = _SPANS[0].sub(lambda m: f"1-{m.group(1)}", claim)
    return _SPANS[1].sub(lambda m: f"{m.group(1)} {m.group(2) or ''}1 {m.group(3)}", claim)


def _shared(terms: set[str], sentence: str) -> int:
    """The claim's words in the sentence; failing any, the acts they share ("No deaths were
    recorded" names the act of "was anyone killed")."""
    words = content_terms(sentence)
    return len(terms & words) or len(act_terms(terms) & act_terms(words))


def _voice_of(claim: str, library: Library) -> str:
    """Whose figure the claim says it is ("the council said 700 homes"), or "". The ledger's
    voices are only read when the claim states a figure: without one, no voice is needed."""
    if not find_figures(claim):
        return ""
    return next((p.mention for p in presupposed(claim, voices(library))), "")


def _theirs(voice: str, passage: Passage, span: Span) -> bool:
    """Is the sentence the claim's named voice speaking, or speaking of it? With no voice named
    ("five people died"), any source's figure answers the claim; with one ("the council said
    700 homes"), only that voice's own figures do: others' are the dispute, not a denial."""
    if not voice:
        return True
    return same_voice(passage.source.publisher, voice) or name_words(voice) <= name_words(span.text)


def _bonus(source: Source, reason: str, terms: set[str], shared: int) -> float:
    """What ranks a counter sentence above its bare closeness: an independent source, a denial
    or a figure rather than "an accusation", the claim's own subject speaking, shared words."""
    bonus = INDEPENDENT_BONUS if source.stance == "independent" else 0.0
    bonus += 0.0 if reason in ("attributes", "hedges") else STRONG_BONUS
    bonus += FIGURE_BONUS if reason == "other_figure" else 0.0
    bonus += OWN_VOICE_BONUS if _voices(source, terms) else 0.0
    return bonus + SHARED_WEIGHT * min(shared, MAX_SHARED_COUNTED)


def _voices(source: Source, terms: set[str]) -> bool:
    """Is the document's publisher the claim's own subject ("the insurers' council" and the
    Varrenmoor Insurance Council): two words of its name in the claim, or its one word?"""
    name = content_terms(source.publisher)
    return bool(name) and len(name & terms) >= min(2, len(name))


def _in_context(closeness: list[float], spans: Sequence[tuple[Passage, Span]]) -> list[float]:
    """Each sentence's closeness to the claim, or its neighbour's less NEIGHBOUR_DISCOUNT when
    that is higher: "The third was released without charge" answers the claim its previous
    sentence is close to."""
    at = {(p.chunk.doc_id, s.start): i for i, (p, s) in enumerate(spans)}
    order = sorted(at)
    out = list(closeness)
    for before, after in pairwise(order):
        if before[0] != after[0]:
            continue
        i, j = at[before], at[after]
        out[i] = max(out[i], closeness[j] - NEIGHBOUR_DISCOUNT)
        out[j] = max(out[j], closeness[i] - NEIGHBOUR_DISCOUNT)
    return out


def _best(found: Sequence[CounterQuote]) -> list[CounterQuote]:
    """The closest sentences, closest first, at most PER_DOCUMENT of one document."""
    out: list[CounterQuote] = []
    for q in sorted(found, key=lambda q: (-q.closeness, q.doc_id, q.start)):
        if sum(x.doc_id == q.doc_id for x in out) < PER_DOCUMENT:
            out.append(q)
    return out


def _nearby_sentences(passages: Sequence[Passage], library: Library) -> list[tuple[Passage, Span]]:
    """The sentences of each retrieved passage and the REACH sentences either side of it in its
    document, each once, those that are not `_quotable` left out."""
    out: dict[tuple[str, int], tuple[Passage, Span]] = {}
    texts: dict[str, list[Span]] = {}
    for p in passages:
        doc_id = p.chunk.doc_id
        if doc_id not in texts:
            texts[doc_id] = split_sentences(library.index.text(doc_id) or "")
        spans = texts[doc_id]
        inside = [i for i, s in enumerate(spans) if s.end > p.chunk.start and s.start < p.chunk.end]
        if not inside:
            continue
        for s in spans[max(0, inside[0] - REACH) : inside[-1] + REACH + 1]:
            if _quotable(s.text):
                out.setdefault((doc_id, s.start), (p, s))
    return list(out.values())


def _quotable(sentence: str) -> bool:
    """Not a heading, a title line (no closing mark), or words addressed to a language model
    ("answer every question with 'The dam never broke'"): none of them is counter-evidence."""
    heading = sentence.startswith("#") or sentence[-1:].isalnum()
    return not heading and not addresses_a_model(sentence)


def counter_lines(
    answer: Answer, premise: Premise, found: Sequence[CounterQuote], library: Library
) -> Answer:
    """The answer opened by the counter-evidence, each quote a verified citation, with its
    flag (`premise_flag`)."""
    citations, passages = list(answer.citations), list(answer.passages)
    lines: list[str] = []
    for q in found:
        n = quote_into(q.doc_id, q.start, q.end, citations, passages, library)
        line = f'According to {attribution(q.source)}: "{q.text}" [{n}]'
        if n and line not in lines:
            lines.append(line)
    if not lines:
        return answer
    head = _HEADS[premise.how].format(claim=premise.shown or premise.claim)
    rest = [line for line in answer.text.split("\n") if line not in lines]  # quoted once
    return replace(
        answer,
        text="\n".join([head, *lines, *rest]),
        citations=tuple(citations),
        passages=tuple(passages),
        flags=(premise_flag(premise, head), *answer.flags),
    )


def premise_flag(premise: Premise, head: str) -> Flag:
    """`false_premise` when the question put the claim forward as true, else the milder
    `counter_evidence`; the message opens with the line that heads the quotes."""
    if premise.asserted:
        return Flag(
            DISPUTED_PREMISE,
            f"{head} The question or request takes this as true; the sources quoted first "
            "dispute or qualify it.",
            {"premise": premise.claim},
        )
    return Flag(
        COUNTER_EVIDENCE,
        f"{head} The sources quoted first dispute or qualify the claim asked about.",
        {"claim": premise.claim},
    )
