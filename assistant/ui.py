"""Pure functions from an `Answer` to what the web UI shows. Every piece of source or model
text is HTML-escaped here: sources can contain markup."""

from __future__ import annotations

import html

from assistant.sources import human_date, speaker
from assistant.types import Answer, Citation

STANCE_LABEL = {"independent": "independent", "partisan": "partisan", "unknown": "stance unknown"}


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def stance_badge(c: Citation) -> str:
    s = c.source
    label = STANCE_LABEL.get(s.stance, s.stance) + (" (inferred)" if s.stance_inferred else "")
    title = f' title="{esc(s.affiliation)}"' if s.affiliation else ""
    return f'<span class="cc-badge cc-{esc(s.stance)}"{title}>{esc(label)}</span>'


def render_citation(c: Citation) -> str:
    s = c.source
    meta = " · ".join(
        x for x in (esc(speaker(s)), esc(human_date(s.date)), esc(s.affiliation)) if x
    )
    link = f' <a href="{esc(s.url)}" target="_blank" rel="noopener">source</a>' if s.url else ""
    return (
        f'<div class="cc-cite" id="cite-{c.n}"><b>[{c.n}]</b> {meta} {stance_badge(c)}{link}'
        f'<blockquote class="cc-quote">{esc(c.quote)}</blockquote>'
        f'<small class="cc-loc">{esc(c.doc_id)} · characters {c.start}–{c.end}</small></div>'
    )


def render_answer(answer: Answer) -> str:
    """The chat message: the answer, its flags, then its verified quotes."""
    body = "<br>".join(esc(line) for line in answer.text.splitlines())
    parts = [f'<div class="cc-answer">{body}</div>']
    for f in answer.flags:
        parts.append(f'<div class="cc-flag cc-flag-{esc(f.kind)}">⚠ {esc(f.message)}</div>')
    parts.extend(render_citation(c) for c in answer.citations)
    return "\n".join(parts)


def render_error(message: str) -> str:
    return f'<div class="cc-error">{esc(message)}</div>'
