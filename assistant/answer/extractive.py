"""The default answerer: no language model, grounded by construction.

It picks the sentences of the retrieved passages that best answer the question and quotes
them verbatim, each attributed to its source. Two gates decide whether there is an answer:

* closeness: when no sentence is close enough to the question (threshold calibrated in
  eval/calibrate_abstention.py) the corpus does not speak to it at all;
* the answer type (`asked`, `supply`): the question asks for a slot (a count, a date, a person
  or organisation...) and an answer exists only when a retrieved sentence supplies that slot
  for the question's own names and years. Otherwise the reply names what is missing ("The
  documents do not give the cost of printing ballots.") and quotes the closest sentences as
  related, not an answer.

The quote that supplies the slot leads; among those that do, independent sources first, then
the most recent.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from assistant.answer.about import (
    LEANS_BACK,
    Asking,
    about_the_question,
    demanded,
    leaned_on,
    named_kinds,
    numbered,
)
from assistant.answer.asked import Asked, asked
from assistant.answer.need import Need, need_of, short_names
from assistant.answer.qualify import reframing
from assistant.answer.slots import CARRIED, FIGURE_SLOTS
from assistant.answer.supply import (
    NUMERIC,
    acts_asked,
    strength,
    supplies,
    years,
)
from assistant.answer.wording import similar
from assistant.corpus.instructions import addresses_a_model
from assistant.corpus.nlp import parse_remembered
from assistant.corpus.sentences import Span, adjacent, candidate_sentences
from assistant.grounding.quotes import cite_span
from assistant.ledger.figures import find_figures
from assistant.ledger.roles import HEADING, HEADS, PERSON_ROLES
from assistant.ledger.stance import attribution
from assistant.ledger.words import MONTH_NAMES
from assistant.store.embedders import Embedder, embed_remembered
from assistant.store.lexical import STOPWORDS, tokenize
from assistant.types import Citation, Passage

NOT_ANSWERED = "The documents in this corpus do not answer this question."
MAX_SENTENCES = 4
PER_DOCUMENT = 2
MARGIN = 0.3  # keep sentences ranking within this of the best one (README, "Tenth pass")
TIED = 0.1  # untyped questions: suppliers this close to the best lead by stance and date
SUPPLIER_MARGIN = 0.3  # keep sentences supplying the asked slot within this of the best of them
OVERLAP_WEIGHT = 0.3  # bonus for the share of question terms a sentence contains
ANSWER_WEIGHT = 0.15  # bonus for holding what the question asks for (a date, a number, a name)
SELF_REFERENCE_PENALTY = 0.3  # "This document is a digest of..." describes the text, not events

# What kind of answer a question asks for, from its question words (English, any topic).
_WANTS = (
    ("date", re.compile(r"(?:^|\band\s+)when\b|\bwhat (?:year|date|day|month)\b", re.I)),
    (
        "number",
        re.compile(
            r"\bhow (?:many|much|far|long|old|large|big|high|often|heavy)\b"
            r"|\bwhat (?:share|percentage|proportion|number|amount|sum|price|toll)\b",
            re.I,
        ),
    ),
    ("name", re.compile(r"(?:^|\band\s+|,\s*)(?:who|whom|whose|which|where)\b", re.I)),
)
_DATE = re.compile(rf"\b(?:{MONTH_NAMES})\b|\b(?:1[5-9]|20)\d\d\b|\b\d{{4}}-\d\d-\d\d\b", re.I)
# A sentence that draws a conclusion from the one before it ("...therefore became final").
_CONCLUDES = re.compile(
    r"^(?:[\w'’,-]+\s+){0,6}?(?:therefore|thus|hence|consequently)\b"
    r"|^(?:as a result|for (?:this|that) reason|because of (?:this|that)|that is why)\b",
    re.I,
)
RESTATES = 3  # a sentence adding at most this many new words restates the question
FOCUS_WEIGHT = 0.3  # a follow-up's own words count more than the topic carried from the chat
_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]+")
_SELF_REFERENCE = re.compile(
    r"^(?:this|the present) (?:(?:is|was) (?:an? )?(?:[\w'’-]+ ){0,3})?"
    r"(?:document|digest|article|page|summary|note|compilation|entry)\b",
    re.I,
)


@dataclass(frozen=True)
class Scored:
    passage: Passage
    span: Span
    similarity: float  # cosine of sentence and question
    score: float  # similarity plus a bonus for the share of question terms the sentence holds
    rank: float = 0.0  # score, adjusted for answering the question's kind and self-reference
    supplies: bool = False  # the sentence supplies what the question asks for (the gate)
    lift: float = 0.0  # what supplying it added to `rank`
    # holds most of the question's own terms: about the question whatever the embedding says
    # ("Ana Ruiz, the city's director of public works, said…" for "Who is the director…?")
    worded: bool = False


@dataclass(frozen=True)
class Extract:
    text: str
    citations: tuple[Citation, ...]
    answered: bool
    best_support: float  # the top sentence's score, compared with the abstention threshold


def rank(
    question: str,
    query_vector: Sequence[float],
    cands: Sequence[tuple[Passage, Span]],
    vectors: Sequence[Sequence[float]],
) -> list[Scored]:
    """Candidates, best first. `score` (closeness to the question) decides whether the corpus
    answers at all; `rank` orders them, favouring sentences that add what the question asks for
    over sentences that restate it."""
    q_terms = set(tokenize(question))
    context = CARRIED.search(question)  # "(topic terms)" a follow-up carries from the chat
    own = set(tokenize(question[: context.start()])) if context else set()
    kinds = wanted(question)
    short = {initials: set(tokenize(name)) for initials, name in short_names(question).items()}
    scored = []
    for (p, s), v in zip(cands, vectors, strict=True):
        sim = sum(a * b for a, b in zip(query_vector, v, strict=True))
        terms = set(tokenize(s.text))
        terms |= {w for initials, words in short.items() if initials in terms for w in words}
        overlap = len(q_terms & terms) / len(q_terms) if q_terms else 0.0
        score = sim + OVERLAP_WEIGHT * overlap
        answers = sum(adds(s.text, q_terms, kind) for kind in kinds) / len(kinds) if kinds else 0.0
        focus = len(own & terms) / len(own) if own else 0.0
        penalty = SELF_REFERENCE_PENALTY if describes_itself(s.text) else 0.0
        rank = score + ANSWER_WEIGHT * answers + FOCUS_WEIGHT * focus - penalty
        worded = len(q_terms) >= 2 and len(q_terms & terms) >= WORDED * len(q_terms)
        scored.append(Scored(p, s, sim, score, rank, worded=worded))
    return sorted(scored, key=lambda x: -x.rank)


def describes_itself(sentence: str) -> bool:
    """Is the sentence about the document rather than the events ("This is a digest of...")?"""
    return _SELF_REFERENCE.match(sentence) is not None


def wanted(question: str) -> tuple[str, ...]:
    """The kinds of answer the question asks for: "date", "number", "name" (maybe none)."""
    return tuple(kind for kind, pattern in _WANTS if pattern.search(question.strip()))


def adds(sentence: str, q_terms: set[str], kind: str) -> bool:
    """Does the sentence hold an answer of this kind that the question does not already name?"""
    if kind == "date":
        found = [m.group() for m in _DATE.finditer(sentence)]
    elif kind == "number":
        found = [sentence[a:b] for a, b, _ in find_figures(sentence)]
    else:
        found = [m.group() for m in _CAPITALISED.finditer(sentence)]
    for text in found:
        terms = [t for t in tokenize(text) if t not in STOPWORDS]
        if terms and not set(terms) <= q_terms:
            return True
    return False


def select(scored: Sequence[Scored], min_support: float) -> list[Scored]:
    """The best sentences: close to the top rank, few per document, no near-duplicates.

    Only sentences close enough to the question (`min_support`) count; nothing when none is."""
    eligible = [s for s in scored if s.score >= min_support]
    if not eligible:
        return []
    best = eligible[0].rank
    return _pick(s for s in eligible if s.rank >= best - MARGIN)


def select_answer(gated: Sequence[Scored], min_support: float) -> list[Scored]:
    """The sentences that supply the asked slot (close to the best of them), then the others
    `select` would have chosen; few per document, no near-duplicates."""
    suppliers = [s for s in gated if s.supplies]
    best = suppliers[0].rank
    plain = max((s.rank - s.lift for s in gated if s.score >= min_support), default=math.inf)
    return _pick(
        [
            *(s for s in suppliers if s.rank >= best - SUPPLIER_MARGIN),
            *(
                s
                for s in gated
                if not s.supplies and s.score >= min_support and s.rank >= plain - MARGIN
            ),
        ]
    )


def _pick(candidates: Iterable[Scored]) -> list[Scored]:
    per_doc: Counter[str] = Counter()
    chosen: list[Scored] = []
    for s in candidates:
        if len(chosen) == MAX_SENTENCES:
            break
        if per_doc[s.passage.chunk.doc_id] >= PER_DOCUMENT:
            continue
        if any(_similar_words(s.span.text, c.span.text) for c in chosen):
            continue
        per_doc[s.passage.chunk.doc_id] += 1
        chosen.append(s)
    return chosen


def widen(
    chosen: Sequence[Scored],
    cands: Sequence[tuple[Passage, Span]],
    question: str,
    text_of: dict[str, str],
) -> list[Scored]:
    """Add the neighbouring sentence of the same paragraph to one that cannot stand alone: the
    sentence before a conclusion ("...therefore became final") or before one whose subject is
    a pronoun ("They show that..."), the sentence after one that
    only restates the question or ends in a colon (the words a colon introduces may open the
    next paragraph). A neighbour in the same passage joins the quote; one in another retrieved
    passage or paragraph is quoted after it."""
    q_stems = {t[:5] for t in tokenize(question)}
    out: list[Scored] = []
    for s in chosen:
        text = text_of[s.passage.chunk.doc_id]
        before, after = _neighbours(s, cands, text)
        new = {t[:5] for t in tokenize(s.span.text) if not t[0].isdigit()} - q_stems
        parts = [
            *([before] if before and _refers_back(s.span.text) else []),
            (s.passage, s.span),
            *([after] if after and (len(new) <= RESTATES or s.span.text.endswith(":")) else []),
        ]
        for passage, span in parts:
            last = out[-1] if out else None
            if last and last.passage is passage and adjacent(text, last.span.end, span.start):
                joined = Span(last.span.start, span.end, text[last.span.start : span.end])
                out[-1] = replace(last, span=joined)
            elif not any(o.passage is passage and o.span == span for o in out):
                out.append(replace(s, passage=passage, span=span))
    return out


def _refers_back(sentence: str) -> bool:
    """Does the sentence need the one before it: a conclusion ("As a result, ...") or a subject
    it names ("They show that ...")?"""
    return bool(_CONCLUDES.match(sentence) or LEANS_BACK.match(sentence))


def _neighbours(
    s: Scored, cands: Sequence[tuple[Passage, Span]], text: str
) -> tuple[tuple[Passage, Span] | None, tuple[Passage, Span] | None]:
    """The candidate sentences just before and just after `s` in its paragraph (found in any
    retrieved passage of the same document)."""
    before = after = None
    for p, span in cands:
        if p.chunk.doc_id != s.passage.chunk.doc_id:
            continue
        if adjacent(text, span.end, s.span.start):
            before = (p, span)
        elif adjacent(text, s.span.end, span.start, across=s.span.text.endswith(":")):
            after = after or (p, span)  # "X said:" and the words it introduces, below
    return before, after


def compose(chosen: Sequence[Scored], text_of: dict[str, str]) -> tuple[str, tuple[Citation, ...]]:
    """One line per quote: 'According to X (date): "..." [n]'."""
    lines: list[str] = []
    citations: list[Citation] = []
    for s in chosen:
        doc_text = text_of[s.passage.chunk.doc_id]
        citation = cite_span(s.passage, s.span.start, s.span.end, doc_text)
        citations.append(citation)
        lines.append(
            f'According to {attribution(s.passage.source)}: "{citation.quote}" [{s.passage.n}]'
        )
    return "\n".join(lines), tuple(citations)


def answer_extractively(
    question: str,
    query_vector: Sequence[float],
    passages: Sequence[Passage],
    embedder: Embedder,
    text_of: dict[str, str],
    min_support: float,
) -> Extract:
    """Quotes that answer `question`; or, when no retrieved sentence supplies what it asks for,
    a reply that names what the documents do not give, with the closest passages as related."""
    cands = candidate_sentences(passages)
    vectors = embed_remembered(embedder, [s.text for _, s in cands])
    scored = rank(question, query_vector, cands, vectors)
    best = max((s.score for s in scored), default=0.0)
    # text addressed to an assistant is never the basis of an answer other sentences give
    plain = [s for s in scored if not addresses_a_model(s.span.text)]
    pool = plain if any(s.score >= min_support for s in plain) else scored
    wants = asked(question)
    need = need_of(question, wants)
    roles = _roles_asked(question, need)  # a role's holder is read however far it ranks
    pool, holders = _with_the_focus(pool, roles)
    floor = min_support - SUPPLY_MARGIN  # a sentence this close may supply the slot
    # a figure's sentence may say it plainly and nothing else ("Four people were arrested in
    # Astrelle"): for a figure asked, the gate reads those close to the floor all the same
    near = floor if wants.slot in FIGURE_SLOTS else min_support
    if not holders and not any(s.score >= near for s in pool):
        return Extract(NOT_ANSWERED, (), False, best)
    eligible = [s for s in pool if s.score >= floor or s.worded]
    gated = gate(question, need, eligible, text_of)
    gated = [s for s in gated if s.supplies or s.score >= min_support]
    if not any(s.supplies for s in gated):
        return decline(wants, gated, text_of, best)
    typed = fills_a_slot(wants)
    picked = select_answer(gated, min_support) if typed else select(gated, min_support)
    led = lead_first(picked, SUPPLIER_MARGIN if typed else TIED)
    chosen = widen(led, cands, question, text_of)
    chosen = with_reframing(chosen, cands, text_of)
    text, citations = compose(chosen, text_of)
    return Extract(text, citations, True, best)


def _with_the_focus(pool: list[Scored], roles: set[str]) -> tuple[list[Scored], bool]:
    """A question for the holder of a role ("who was the captain of X?", "who chairs X?") is
    answered by a sentence that names the role with its holder ("Captain Ilan Dorsk, 52, was
    charged…", "Josephine Dembe, the association's chairwoman, said…") whatever the embedding
    says: such sentences are `worded` and reach the gate, which asks for the holder's name
    (`holders.role_of_theirs`, `supply._heads_the_target`). `roles`: `_roles_asked`. Also
    returned: does any sentence name the role?"""
    if not roles:
        return pool, False
    naming = [bool(roles & set(tokenize(s.span.text))) for s in pool]
    marked = [
        replace(s, worded=True) if n and not s.worded else s
        for s, n in zip(pool, naming, strict=True)
    ]
    return marked, any(naming)


def _roles_asked(question: str, need: Need) -> set[str]:
    """The role nouns a who-question asks the holder of: its role ("captain"), or the titles
    of its verb of heading ("chairs": chair, chairman, chairwoman, chairperson)."""
    if need.wants.slot != "person_or_org":
        return set()
    if need.verb in HEADING:
        return {h for h in HEADS if similar(h, need.verb)}
    if need.verb not in ("", need.noun) or need.noun not in PERSON_ROLES:
        return set()
    if re.search(rf"\b{re.escape(need.noun)}s?,? (?:who|that|which)\b", question, re.I):
        return set()  # "the inmate who led…": a role described by an act, not a title
    return {need.noun}


def with_reframing(
    chosen: list[Scored], cands: Sequence[tuple[Passage, Span]], text_of: dict[str, str]
) -> list[Scored]:
    """Each quote followed by the nearby sentence of its document that reframes it, if any
    (`qualify.reframing`). In the same passage, the quote is widened to take it in (one
    passage, one [n]); from another passage, it is quoted after it."""
    out = list(chosen)
    for i, passage, span in reversed(reframing(chosen, cands)):
        q = chosen[i]
        if passage.n != q.passage.n:
            out.insert(i + 1, replace(q, passage=passage, span=span, supplies=False))
            continue
        start, end = min(q.span.start, span.start), max(q.span.end, span.end)
        if end - start <= MAX_JOINED:
            text = text_of[q.passage.chunk.doc_id]
            out[i] = replace(q, span=Span(start, end, text[start:end]))
    return out


def decline(wants: Asked, gated: Sequence[Scored], text_of: dict[str, str], best: float) -> Extract:
    """ "The documents do not give <the asked thing>.", with the closest sentences that state
    no figure quoted as related (a figure there would read as the answer)."""
    text = f"The documents do not give {wants.phrase}." if wants.phrase else NOT_ANSWERED
    related: list[Scored] = []
    for s in gated:
        if len(related) == RELATED:
            break
        if not find_figures(s.span.text) and not any(
            _similar_words(s.span.text, r.span.text) for r in related
        ):
            related.append(s)
    if not related:
        return Extract(text, (), False, best)
    lines, citations = compose(related, text_of)
    return Extract(f"{text}\n{RELATED_HEADING}\n{lines}", citations, False, best)


def lead_first(chosen: Sequence[Scored], within: float = SUPPLIER_MARGIN) -> list[Scored]:
    """The quotes that supply the asked slot first; among those ranking `within` the best of
    them, independent sources, then the most recent (then rank); the other suppliers after
    them, then the rest, in rank order."""
    suppliers = [s for s in chosen if s.supplies]
    best = max((s.rank for s in suppliers), default=0.0)
    tied = [s for s in suppliers if s.rank >= best - within]
    tied.sort(key=lambda s: s.passage.source.date, reverse=True)  # stable: rank kept
    tied.sort(key=lambda s: s.passage.source.stance != "independent")
    rest = [s for s in suppliers if s.rank < best - within]
    return [*tied, *rest, *(s for s in chosen if not s.supplies)]


def _similar_words(a: str, b: str) -> bool:
    wa, wb = set(tokenize(a)), set(tokenize(b))
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) > 0.8


# ---- the gate: does a sentence supply what the question asks for? ----------------------------
# slots a sentence fills with a value
TYPED = FIGURE_SLOTS | {"date", "time", "place", "person_or_org"}


def fills_a_slot(wants: Asked) -> bool:
    """Does a supplying sentence lead the answer: a typed slot, or a yes-or-no question about
    an act (the sentence that names the act answers it)?"""
    return wants.slot in TYPED or (wants.slot == "yes_no" and bool(acts_asked(wants.terms)))


PARSED = 10  # eligible sentences parsed for the gate, best-ranked first
PARSED_WORDED = 5  # and below them, sentences that hold most of the question's terms
WORDED = 0.6  # the share of the question's terms that makes a sentence about it
SUPPLY_WEIGHT = 0.3  # rank bonus for a sentence that supplies a typed slot
SUPPLY_MARGIN = 0.2  # a sentence this far below the closeness threshold may still supply it
RELATED = 2  # closest sentences quoted under a declining reply
MAX_JOINED = 1200  # a quote widened to take in its document's reframing stays this short
RELATED_HEADING = "Related, not an answer:"


def gate(
    question: str, need: Need, eligible: Sequence[Scored], text_of: dict[str, str]
) -> list[Scored]:
    """The eligible sentences, best first; those that supply the asked slot for the question's
    own names and years are marked (and raised, for a typed slot).

    Only the best-ranked few are parsed (for a figure or date, only those holding a number)."""
    wants = need.wants
    need = need.paying_in(text_of.get(s.passage.chunk.doc_id, "") for s in eligible)
    numeric = wants.slot in FIGURE_SLOTS or wants.slot in ("date", "time")
    picked = [s for s in eligible if not numeric or NUMERIC.search(s.span.text)]
    worded = [s for s in picked[PARSED:] if s.worded]
    picked = picked[:PARSED] + worded[:PARSED_WORDED]
    asking = Asking(
        tuple(demanded(question, (s.passage for s in eligible), text_of)),
        frozenset(years(question)) if wants.slot != "date" else frozenset(),
        tuple(short_names(question).items()),
        named_kinds(question),
        wants.slot in TYPED,
        numbered(question) if wants.slot in FIGURE_SLOTS else frozenset(),
    )
    lifted = fills_a_slot(wants)
    found: dict[int, float] = {}
    parsed = parse_remembered([s.span.text for s in picked], entities=True)
    for s, doc in zip(picked, parsed, strict=True):
        about = about_the_question(s.passage, s.span, doc.text, asking, text_of)
        leaning = leaned_on(s.passage, s.span, text_of, it=True)
        if about and supplies(doc, need, s.passage.source.publisher, leaning):
            found[id(s)] = SUPPLY_WEIGHT * strength(doc, need) if lifted else 0.0
    out = [
        replace(s, supplies=True, rank=s.rank + found[id(s)], lift=found[id(s)])
        if id(s) in found
        else s
        for s in eligible
    ]
    return sorted(out, key=lambda s: -s.rank)
