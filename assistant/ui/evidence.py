"""The evidence panel: each quote highlighted inside its paragraph of the stored document, with
its source card, the answer's flags explained, dispute cards, and (on request) every passage
retrieval returned. Pure functions of an `Answer` and the stored texts; everything escaped.

Ids: the turn's section is `cc-t{turn}`, citation n's card `cc-t{turn}-c{n}` (what the chat's
[n] markers point at), its mark in the full document `cc-t{turn}-c{n}-full`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from assistant.ledger.stance import human_date, speaker
from assistant.types import Answer, Citation, Passage, Source
from assistant.ui.disputes import render_disputes
from assistant.ui.render import esc, render_flags, safe_url, stance_badge

CONTEXT_CHARS = 320  # paragraph text kept on each side of a quote before "…"
FULL_DOC_CHARS = 150_000  # longer documents open as a window around the quote


@dataclass(frozen=True)
class Span:
    """Characters [start, end) of one document to highlight."""

    start: int
    end: int
    label: str = ""  # tooltip, e.g. "loaded language (pejorative)"


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The blank-line-delimited block of `text` around [start, end)."""
    before = text.rfind("\n\n", 0, start)
    after = text.find("\n\n", end)
    return (0 if before < 0 else before + 2), (len(text) if after < 0 else after)


def excerpt_bounds(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> Span:
    """The paragraph around the quote, cut at word boundaries `context` chars either side."""
    lo, hi = paragraph_bounds(text, start, end)
    if start - lo > context:
        cut = text.find(" ", start - context, start)
        lo = cut + 1 if cut >= 0 else start - context
    if hi - end > context:
        cut = text.rfind(" ", end, end + context)
        hi = cut if cut > end else end + context
    return Span(lo, hi)


def cue_spans(answer: Answer, doc_id: str, text: str) -> list[Span]:
    """Loaded-language cues of `answer` in document `doc_id` that match the stored text."""
    spans = []
    for f in answer.flags:
        if f.kind != "loaded_language":
            continue
        for cue in f.cues:
            s, e = cue.start, cue.end
            if cue.doc_id == doc_id and 0 <= s < e <= len(text) and cue.text == text[s:e]:
                kind = f" ({cue.category})" if cue.category else ""
                spans.append(Span(s, e, f"loaded language{kind}"))
    return sorted(spans, key=lambda sp: (sp.start, sp.end))


def _with_cues(text: str, lo: int, hi: int, cues: Sequence[Span]) -> str:
    out, pos = [], lo
    for cue in cues:
        s, e = max(cue.start, pos), min(cue.end, hi)
        if s >= e:
            continue
        out.append(esc(text[pos:s]))
        out.append(f'<span class="cc-cue" title="{esc(cue.label)}">{esc(text[s:e])}</span>')
        pos = e
    out.append(esc(text[pos:hi]))
    return "".join(out)


def highlight(
    text: str, window: Span, quote: Span, cues: Sequence[Span] = (), mark_id: str = ""
) -> str:
    """`text[window]` escaped, the quote in one <mark>, loaded-language cues underlined."""
    lo, hi = window.start, window.end
    s, e = max(quote.start, lo), min(quote.end, hi)
    ident = f' id="{esc(mark_id)}"' if mark_id else ""
    return (
        ("…" if lo > 0 else "")
        + _with_cues(text, lo, s, cues)
        + f'<mark class="cc-hl"{ident}>{_with_cues(text, s, e, cues)}</mark>'
        + _with_cues(text, e, hi, cues)
        + ("…" if hi < len(text) else "")
    )


def render_full_document(text: str, quote: Span, cues: Sequence[Span], mark_id: str) -> str:
    """The whole stored document, the quote marked (a window around it for huge documents)."""
    window, note = Span(0, len(text)), ""
    if len(text) > FULL_DOC_CHARS:
        half = FULL_DOC_CHARS // 2
        lo = max(0, quote.start - half)
        window = Span(lo, min(len(text), lo + FULL_DOC_CHARS))
        note = (
            f'<p class="cc-note">Showing characters {window.start:,}–{window.end:,} of '
            f"{len(text):,}; the whole text is in the Library tab.</p>"
        )
    body = highlight(text, window, quote, cues, mark_id)
    return f'{note}<div class="cc-doc" tabindex="0">{body}</div>'


def render_source_meta(source: Source, doc_id: str, where: str = "") -> str:
    """Title, address (a link only for http/https) and document id of a source."""
    url = source.url.strip()
    link = safe_url(url)
    if link:
        address = (
            f'<a class="cc-url" href="{esc(link)}" target="_blank" rel="noopener noreferrer">'
            f"{esc(url)}</a>"
        )
    else:
        address = f'<span class="cc-url">{esc(url)}</span>' if url else ""
    title = f'<span class="cc-title">{esc(source.title)}</span>' if source.title else ""
    loc = f'<span class="cc-loc">{esc(doc_id)}{where}</span>'
    return f'<div class="cc-meta">{" ".join(x for x in (title, address, loc) if x)}</div>'


def render_source_head(source: Source) -> str:
    when = human_date(source.date)
    date = f'<span class="cc-date">{esc(when)}</span>' if when else ""
    return (
        f'<div class="cc-src"><b class="cc-publisher">{esc(speaker(source))}</b>{date}'
        f"{stance_badge(source)}</div>"
    )


def render_citation(c: Citation, text: str, cues: Sequence[Span], turn: int) -> str:
    """Citation n's card: quote in its paragraph, source card, full document on request."""
    ident = f"cc-t{turn}-c{c.n}"
    quote = Span(c.start, c.end)
    if text[c.start : c.end] == c.quote:
        para = highlight(text, excerpt_bounds(text, c.start, c.end), quote, cues)
        full = (
            '<details class="cc-full"><summary>Open the full document</summary>'
            f"{render_full_document(text, quote, cues, ident + '-full')}</details>"
        )
    else:  # not stored any more (e.g. the document changed): show the verified quote alone
        para, full = f'<mark class="cc-hl">{esc(c.quote)}</mark>', ""
    where = f" · characters {c.start:,}–{c.end:,}"
    return (
        f'<article class="cc-ev cc-ev-{esc(c.source.stance)}" id="{ident}">'
        f'<header class="cc-ev-head"><span class="cc-num">{c.n}</span>'
        f"{render_source_head(c.source)}</header>"
        f'<blockquote class="cc-para">{para}</blockquote>'
        f"{render_source_meta(c.source, c.doc_id, where)}{full}</article>"
    )


def render_retrieved(passages: Sequence[Passage], citations: Sequence[Citation]) -> str:
    """Every passage retrieval returned, marked when a quote was taken from it."""
    items = []
    for p in passages:
        ch = p.chunk
        cited = any(
            c.doc_id == ch.doc_id and c.start < ch.end and ch.start < c.end for c in citations
        )
        tag = '<span class="cc-tag">quoted</span>' if cited else ""
        items.append(
            f'<li class="cc-retrieved{" cc-cited" if cited else ""}">'
            f'<div class="cc-ev-head"><span class="cc-num cc-num-muted">{p.n}</span>'
            f"{render_source_head(p.source)}"
            f'<span class="cc-score" title="retrieval score">{p.score:.3f}</span>{tag}</div>'
            f'<blockquote class="cc-para">{esc(ch.text)}</blockquote>'
            f"{render_source_meta(p.source, ch.doc_id, f' · characters {ch.start:,}–{ch.end:,}')}"
            "</li>"
        )
    return (
        f'<section class="cc-section"><h4>Everything retrieved ({len(passages)})</h4>'
        f'<ol class="cc-retrieved-list">{"".join(items)}</ol></section>'
    )


def render_turn(
    turn: int, answer: Answer, texts: Mapping[str, str], *, show_all: bool, open_: bool
) -> str:
    """One answer's evidence: flags, dispute cards, quotes, and optionally all passages."""
    cards = []
    for c in answer.citations:
        text = texts.get(c.doc_id, "")
        cards.append(render_citation(c, text, cue_spans(answer, c.doc_id, text), turn))
    quotes = (
        f'<section class="cc-section"><h4>Quotes ({len(cards)})</h4>{"".join(cards)}</section>'
        if cards
        else '<p class="cc-note">No quote: the library does not answer this question.</p>'
    )
    retrieved = render_retrieved(answer.passages, answer.citations) if show_all else ""
    n = len(answer.citations)
    return (
        f'<details class="cc-turn" id="cc-t{turn}"{" open" if open_ else ""}>'
        f'<summary><span class="cc-turn-q">{esc(answer.question)}</span>'
        f'<span class="cc-turn-n">{n} quote{"s" if n != 1 else ""}</span></summary>'
        f"{render_flags(answer.flags, turn)}"
        f"{render_disputes(answer.disputes, answer.citations, turn)}{quotes}{retrieved}</details>"
    )


EMPTY = (
    '<div class="cc-empty"><h3>Evidence</h3><p>Ask a question. Every quote in the answer appears '
    "here, highlighted inside its paragraph of the source, with who published it, when, and "
    "which side they are on. Click a number like <b>[1]</b> in the answer to jump to its "
    "quote.</p></div>"
)


def render_evidence(
    turns: Sequence[tuple[int, Answer]], texts: Mapping[str, str], *, show_all: bool = False
) -> str:
    """The whole panel: the latest answer open on top, earlier ones folded below."""
    if not turns:
        return f'<div class="cc-evidence">{EMPTY}</div>'
    ordered = list(reversed(turns))
    sections = [
        render_turn(t, a, texts, show_all=show_all, open_=(i == 0))
        for i, (t, a) in enumerate(ordered)
    ]
    return f'<div class="cc-evidence">{"".join(sections)}</div>'


def cited_doc_ids(turns: Iterable[tuple[int, Answer]]) -> set[str]:
    """Documents whose stored text the panel needs."""
    return {c.doc_id for _, a in turns for c in a.citations}
