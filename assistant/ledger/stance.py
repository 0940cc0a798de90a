"""Who is speaking: how a source is named in an answer, and what its stance means."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from assistant.ledger.stance_inference import partisan_reason, read_corpus
from assistant.ledger.words import MONTHS
from assistant.types import Citation, Document, Flag, Passage, Source


def human_date(iso: str) -> str:
    """'2019-12-16' -> '16 December 2019'; '2021-03' -> 'March 2021'; '' -> ''."""
    parts = iso.split("-")
    try:
        if len(parts) == 3:
            d = dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
            return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {int(parts[0])}"
    except (ValueError, IndexError):
        return iso
    return iso


def speaker(source: Source) -> str:
    """The name an answer gives a source: its publisher, else its title."""
    if source.publisher:
        return source.publisher
    return f'the document "{source.title}"' if source.title else "an unnamed source"


def attribution(source: Source) -> str:
    """'Amnesty International (16 December 2019)'."""
    when = human_date(source.date)
    notes = [n for n in (when, "declared by uploader" if source.uploaded else "") if n]
    return f"{speaker(source)} ({'; '.join(notes)})" if notes else speaker(source)


def partisan_flags(
    citations: Sequence[Citation], carriers: Sequence[Citation] | None = None
) -> list[Flag]:
    """`partisan_source` when a cited source is partisan; `partisan_only` when every quote
    that carries the claim (`carriers`, default: all of them) is."""
    partisan = {
        c.source.publisher or c.source.title: c.source
        for c in citations
        if c.source.stance == "partisan"
    }
    if not partisan:
        return []
    who = "; ".join(
        f"{name} ({src.affiliation})" if src.affiliation else name for name, src in partisan.items()
    )
    flags = [
        Flag(
            "partisan_source",
            f"Partisan source cited: {who}. Read its claims as one side's account.",
            sources=tuple(partisan.values()),
        )
    ]
    carrying = list(citations if carriers is None else carriers)
    if carrying and all(c.source.stance == "partisan" for c in carrying):
        what = (
            "Everything quoted here comes"
            if len(carrying) == len(citations)
            else ("The quotes that make this answer's claim come")
        )
        flags.append(
            Flag(
                "partisan_only",
                f"{what} from partisan sources; no independent source in the corpus supports it.",
                {"sources": tuple(sorted(partisan))},
            )
        )
    return flags


def one_sided(
    citations: Sequence[Citation], passages: Sequence[Passage], *, part: bool = False
) -> Flag | None:
    """`one_sided` when every quote (or, `part`, every quote carrying the claim) comes from
    partisan sources; says whether independent sources were among the passages read (and did
    not say it) or absent altogether."""
    if not citations or any(c.source.stance != "partisan" for c in citations):
        return None
    sides = sorted({c.source.affiliation for c in citations if c.source.affiliation})
    independent = sorted({speaker(p.source) for p in passages if p.source.stance == "independent"})
    side = f" ({'; '.join(sides)})" if sides else ""
    rest = (
        f"Independent sources read for this question ({', '.join(independent)}) do not say it."
        if independent
        else "No independent source in the corpus was found on it."
    )
    return Flag(
        "one_sided",
        (
            f"This answer's claim rests on one side only: the quotes that make it come from "
            f"partisan sources{side}. "
            if part
            else f"This answer rests on one side only: every quote comes from partisan "
            f"sources{side}. "
        )
        + rest,
        {"affiliations": tuple(sides), "independent_read": tuple(independent)},
    )


def infer_stances(documents: Sequence[Document], others: Sequence[Source] = ()) -> list[Document]:
    """Documents whose front matter declares no stance get one inferred from their text, with
    the reason (`Source.stance_reason`); declared stances are kept as they are.

    `others` are the sources of documents already stored and not among `documents` (an upload
    adds a few documents to a library): what they declare about their publishers counts too."""
    if all(doc.source.stance_declared for doc in documents):
        return list(documents)  # nothing to infer: the stored sources are not read
    corpus = read_corpus(documents, others)
    out = []
    for doc in documents:
        if doc.source.stance_declared:
            out.append(doc)
            continue
        found = partisan_reason(doc, corpus)
        if found is None:
            out.append(doc)
            continue
        source = replace(doc.source, stance="partisan", stance_inferred=True, stance_reason=found)
        out.append(replace(doc, source=source))
    return out
