"""Every answer mode ends here: a `Draft` (text with local [n] markers and the citations it
claims) becomes an `Answer`. Quotes are re-verified against the stored text, competing figures
are presented with their sources, and the reader's flags are raised."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answer.asked import asked
from assistant.answer.slots import FIGURE_SLOTS
from assistant.corpus.instructions import instruction_flag
from assistant.corpus.nlp import parse_remembered
from assistant.grounding.quotes import verified
from assistant.ledger.comparable import same_measure
from assistant.ledger.disputes import claimant_key, contested_flag, touched
from assistant.ledger.figures import find_figures
from assistant.ledger.library import Library
from assistant.ledger.loaded_language import loaded_language_flag
from assistant.ledger.stance import attribution, one_sided, partisan_flags
from assistant.ledger.statements import extract_figures
from assistant.ledger.words import DIMENSION, answers_measure, same_act, same_word
from assistant.types import Answer, Chunk, Citation, Dispute, Flag, Measure, Passage


@dataclass(frozen=True)
class Draft:
    """An answer before checking: text with [n] markers and the citations it claims."""

    question: str
    text: str
    citations: tuple[Citation, ...]
    passages: tuple[Passage, ...]
    answered: bool
    flags: tuple[Flag, ...] = ()
    parts: tuple[str, ...] = ()  # the question's parts, each a question; () when not split

    @property
    def asks(self) -> tuple[str, ...]:
        """What the draft answers, part by part (the question alone when it asks one thing)."""
        return self.parts or (self.question,)


def finish(draft: Draft, library: Library) -> Answer:
    """Competing figures added, quotes re-verified, flags raised."""
    index = library.index
    text, citations, passages = draft.text, list(draft.citations), list(draft.passages)
    contested = asked_disputes(draft.asks, library, citations) if citations else []
    if contested:
        text, citations, passages = present_disputes(contested, text, citations, passages, library)
    citations, dropped = verified(citations, index.text)
    flags = list(draft.flags)
    if dropped:
        flags.append(_dropped_flag(dropped))
    text = _without_markers(text, {c.n for c in dropped})
    # a reply that declines makes no claim: its related quotes carry none
    carriers = claim_carriers(draft.citations, citations) if draft.answered else []
    flags += partisan_flags(citations, carriers)
    side = one_sided(carriers, passages, part=len(carriers) < len(citations))
    if side:
        text += "\n" + side.message
    for extra in (side, loaded_language_flag(citations), instruction_flag(citations)):
        flags += [extra] if extra else []
    shown = touched(contested, citations)
    flags += [contested_flag(d) for d in shown]
    pending = library.ledger.analysing()
    if pending:
        flags.append(_pending_flag(pending))
    return Answer(
        question=draft.question,
        text=text,
        citations=tuple(citations),
        flags=tuple(flags),
        passages=tuple(passages),
        answered=draft.answered and bool(citations),
        disputes=tuple(shown),
    )


def asked_disputes(
    parts: Sequence[str], library: Library, citations: list[Citation]
) -> list[Dispute]:
    """The contested figures an answer shows: those its quotes state, and only when the question
    asks for that quantity (or asks something a figure can answer, yes/no or other: then only
    the quotes that carry the answer's claim count, `claim_carriers`; for "other", only a
    quantity the question names in its own words, `_named_in`). A who, when,
    where or why question gets none, unless it states a figure of that quantity itself ("Why
    did X say that more than 200 died?"): a question built on one side's figure is shown who
    gives which. A question of several `parts` gets those of each part."""
    quoted = touched(library.disputes(), citations)
    if not quoted:
        return []
    shown = {id(d) for part in parts for d in _asked(part, quoted, citations)}
    return [d for d in quoted if id(d) in shown]


def _asked(question: str, quoted: list[Dispute], citations: list[Citation]) -> list[Dispute]:
    """Of the contested figures the quotes state, those one question asks for."""
    want = asked(question)
    if want.slot not in FIGURE_SLOTS:
        stated = extract_figures("", question, publisher="", date="", stance="")
        of_question = [
            d
            for d in quoted
            if any(same_measure(f.measure, m) for f in stated for m in _measures(d))
        ]
        if want.slot not in ("yes_no", "other"):
            return of_question
        claimed = touched(quoted, claim_carriers(citations, citations))  # not its context
        if want.slot == "other":  # "What does X accuse Y of?": a figure in the quote is an aside
            claimed = [d for d in claimed if any(_named_in(question, m) for m in _measures(d))]
        shown = {id(d) for d in [*of_question, *claimed]}
        return [d for d in quoted if id(d) in shown]
    return [
        d
        for d in quoted
        if any(
            answers_measure(slot, want.measure, m)
            for slot in want.figure_slots
            for m in _measures(d)
        )
    ]


def _named_in(question: str, m: Measure) -> bool:
    """Does the question name the quantity in its own words ("What does X say about the
    official death toll?" names people killed; "What does X accuse Y of?" names none)?"""
    words = [t.lemma_.lower() for t in parse_remembered([question])[0] if t.pos_ in _CONTENT]
    acts = any(same_word(same_act(w), m.act) for w in words) if m.act else False
    thing = m.thing not in ("", "people") and any(same_word(w, m.thing) for w in words)
    dimension = any(DIMENSION.get(w) == m.thing for w in words)  # "how fast": a speed
    return acts or thing or dimension


_CONTENT = frozenset({"NOUN", "VERB", "ADJ", "ADV", "PROPN"})


def claim_carriers(drafted: Sequence[Citation], shown: Sequence[Citation]) -> list[Citation]:
    """The quotes that carry the answer's claim: the lead quote, and every other quote of the
    answer (not of its dispute lines) that states one of the lead's figures. An unrelated
    independent sentence beside a partisan claim does not carry it."""
    kept = {c.n for c in shown}
    own = [c for c in drafted if c.n in kept]
    if not own:
        return list(shown)
    lead = own[0]
    figures = {(q.low, q.high) for _, _, q in find_figures(lead.quote)}
    return [lead, *(c for c in own[1:] if figures & _figures_of(c))]


def _figures_of(c: Citation) -> set[tuple[float, float]]:
    return {(q.low, q.high) for _, _, q in find_figures(c.quote)}


def _pending_flag(titles: list[str]) -> Flag:
    shown = ", ".join(f"“{t}”" for t in titles[:3]) + (" and others" if len(titles) > 3 else "")
    return Flag(
        "disputes_pending",
        f"Still reading {shown} for competing figures: disagreements in "
        f"{'it' if len(titles) == 1 else 'them'} are not shown yet.",
        {"documents": tuple(titles)},
    )


def _measures(d: Dispute) -> list[Measure]:
    """What the claims of a dispute measure, in their own words ("detained", "held")."""
    return list(dict.fromkeys(s.measure for c in d.claims for s in (c.statement, *c.history)))


def _without_markers(text: str, numbers: set[int]) -> str:
    """The answer without the lines that cite a dropped citation."""
    if not numbers:
        return text
    keep = [line for line in text.splitlines() if not any(f"[{n}]" in line for n in numbers)]
    return "\n".join(keep)


def _dropped_flag(dropped: list[Citation]) -> Flag:
    return Flag(
        "citation_dropped",
        f"{len(dropped)} quote(s) did not match the stored source and were removed.",
        {"dropped": tuple(f"{c.doc_id}@{c.start}-{c.end}" for c in dropped)},
    )


def present_disputes(
    disputes: list[Dispute],
    text: str,
    citations: list[Citation],
    passages: list[Passage],
    library: Library,
) -> tuple[str, list[Citation], list[Passage]]:
    """Add one line per contested figure giving every claimant's value, each cited."""
    index = library.index
    passages, citations = list(passages), list(citations)
    sources = index.sources_of(c.statement.doc_id for d in disputes for c in d.claims)
    lines = [text]
    for d in disputes:
        parts = []
        for claim in d.claims:
            s = claim.statement
            doc_text = index.text(s.doc_id)
            if doc_text is None or s.doc_id not in sources:
                continue
            cited = [
                c.n for c in citations if c.doc_id == s.doc_id and c.start <= s.span_start < c.end
            ]
            n = cited[0] if cited else len(passages) + 1
            if not cited:
                quote = doc_text[s.start : s.end]
                chunk = Chunk(f"figure:{s.doc_id}@{s.start}", s.doc_id, s.start, s.end, quote)
                passages.append(Passage(n, chunk, 0.0, sources[s.doc_id]))
                citations.append(Citation(n, s.doc_id, s.start, s.end, quote, sources[s.doc_id]))
            source = sources[s.doc_id]
            if claimant_key(claim.claimant) in claimant_key(source.publisher or source.title):
                parts.append(f"{attribution(source)} gives {s.raw} [{n}]")
            else:
                parts.append(
                    f"{claim.claimant} gives {s.raw} (as reported by {attribution(source)}) [{n}]"
                )
        if parts:
            lines.append(
                f"Sources disagree on this figure ({d.counted}): " + "; ".join(parts) + "."
            )
    return "\n".join(lines), citations, passages
