"""The Library tab, as pure functions: the corpus as filterable table rows, one document as a
metadata card with its escaped text, and the dispute ledger as rows (contested first)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assistant.ledger.disputes import statements_of
from assistant.ledger.stance import human_date, speaker
from assistant.types import Dispute, Document, Source
from assistant.ui.render import esc, safe_url, stance_badge

LIBRARY_HEADERS = ["Title", "Publisher", "Date", "Stance", "Affiliation", "Document"]
LEDGER_HEADERS = ["Measure", "Status", "Claimant", "Figure", "Date", "Stance", "Document"]
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class LibraryFilter:
    """What the reader asked to see; empty fields do not filter."""

    stances: tuple[str, ...] = ()
    publishers: tuple[str, ...] = ()
    date_from: str = ""  # ISO prefix: "2019", "2019-11", "2019-11-15"
    date_to: str = ""
    text: str = ""


def date_problem(value: str) -> str | None:
    """Why `value` is not usable as a date filter, or None."""
    if value.strip() and not _DATE.match(value.strip()):
        return f"Dates are written YYYY, YYYY-MM or YYYY-MM-DD, not {value.strip()!r}."
    return None


def matches(doc_id: str, s: Source, f: LibraryFilter) -> bool:
    if f.stances and s.stance not in f.stances:
        return False
    if f.publishers and (s.publisher or "") not in f.publishers:
        return False
    lo, hi = f.date_from.strip(), f.date_to.strip()
    if (lo or hi) and not s.date:
        return False
    if lo and not date_problem(lo) and s.date[: len(lo)] < lo:
        return False
    if hi and not date_problem(hi) and s.date[: len(hi)] > hi:
        return False
    words = f.text.lower().split()
    haystack = " ".join((doc_id, s.title, s.publisher, s.affiliation)).lower()
    return all(w in haystack for w in words)


def library_rows(sources: Mapping[str, Source], f: LibraryFilter) -> list[list[str]]:
    """Table rows (plain text; the table component shows them as text), newest first."""
    picked = [(i, s) for i, s in sources.items() if matches(i, s, f)]
    picked.sort(key=lambda p: (p[1].date, p[0]), reverse=True)
    return [
        [
            s.title,
            s.publisher,
            s.date,
            s.stance + (" (inferred)" if s.stance_inferred else ""),
            s.affiliation,
            i,
        ]
        for i, s in picked
    ]


def publisher_choices(sources: Mapping[str, Source]) -> list[str]:
    return sorted({s.publisher for s in sources.values() if s.publisher}, key=str.lower)


def document_choices(sources: Mapping[str, Source]) -> list[tuple[str, str]]:
    """(label, doc_id) pairs for a picker, by publisher then date."""
    items = sorted(sources.items(), key=lambda p: (speaker(p[1]).lower(), p[1].date, p[0]))
    return [(f"{speaker(s)} · {s.date or 'undated'} · {i}", i) for i, s in items]


def render_document(doc: Document) -> str:
    """A document's metadata card and its whole stored text, escaped."""
    s = doc.source
    url = s.url.strip()
    link = safe_url(url)
    address = (
        f'<a href="{esc(link)}" target="_blank" rel="noopener noreferrer">{esc(url)}</a>'
        if link
        else esc(url)
    )
    rows = [
        ("Publisher", esc(speaker(s))),
        ("Date", esc(human_date(s.date) or "unknown")),
        ("Stance", stance_badge(s)),
        ("Address", address),
        ("Kind", esc(s.kind)),
        ("Document id", f"<code>{esc(doc.id)}</code>"),
        ("Length", f"{len(doc.text):,} characters"),
        *((esc(k.replace("_", " ").capitalize()), esc(v)) for k, v in doc.extra),
    ]
    meta = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows if v)
    return (
        f'<article class="cc-docview"><h3>{esc(s.title)}</h3><dl class="cc-dl">{meta}</dl>'
        f'<div class="cc-doc cc-doc-whole" tabindex="0">{esc(doc.text)}</div></article>'
    )


def ledger_rows(disputes: Sequence[Dispute]) -> list[list[str]]:
    """One row per claim of every dispute group, contested groups first."""
    rows = []
    for d in sorted(disputes, key=lambda d: (not d.contested, d.counted, d.id)):
        status = "contested" if d.contested else "agree"
        for c in d.claims:
            s = c.statement
            earlier = f" (earlier: {', '.join(h.raw for h in c.history)})" if c.history else ""
            rows.append(
                [d.counted, status, c.claimant, s.raw + earlier, s.date, s.stance, s.doc_id]
            )
    return rows


def ledger_summary(disputes: Sequence[Dispute]) -> str:
    contested = sum(d.contested for d in disputes)
    statements = sum(len(statements_of(d)) for d in disputes)
    return (
        f"{len(disputes)} groups of figures measuring the same thing ({statements} statements); "
        f"{contested} contested, where two claimants' latest figures cannot both be true."
    )
