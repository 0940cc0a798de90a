"""Pure functions from an `Answer` to what the chat shows. Every piece of source or model text is
HTML-escaped here: sources can contain markup.

The chat message carries the answer with clickable [n] markers; each marker points at the
element `#cc-t{turn}-c{n}` of the evidence panel (`assistant.ui_evidence`), where the quote is
shown inside its paragraph. Flags are explained in plain words (`FLAG_TEXT`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from urllib.parse import urlparse

from assistant.grounding.markers import MARKER
from assistant.ledger.stance import human_date, speaker
from assistant.types import Answer, Flag, Source

STANCE_LABEL = {"independent": "independent", "partisan": "partisan", "unknown": "stance unknown"}

# kind -> (short title, what it means for the reader). Unknown kinds show their own message.
FLAG_TEXT: dict[str, tuple[str, str]] = {
    "partisan_source": (
        "Partisan source",
        "At least one quoted source takes a side. Read its claims as that side's account.",
    ),
    "partisan_only": (
        "Only partisan sources",
        "Every quote comes from a partisan source; no independent source in the library backs "
        "this answer.",
    ),
    "instruction_text": (
        "Instructions to an AI in a source",
        "A quoted document contains text addressed to an AI assistant. It is shown as the "
        "document's words; Crosscheck does not follow it.",
    ),
    "contested_figure": (
        "Sources disagree on a figure",
        "Sources give figures that cannot all be true. The card below lists each claimant's "
        "figure with its date and stance.",
    ),
    "citation_dropped": (
        "Quote removed",
        "A quote did not match its stored source character for character, so it was removed "
        "together with the sentence that used it.",
    ),
    "loaded_language": (
        "Loaded language",
        "Some quoted wording is emotionally charged or takes a side; it is underlined in the "
        "passages.",
    ),
    "one_sided": (
        "One-sided",
        "Every quote comes from partisan sources; independent accounts and the other side are "
        "not heard here.",
    ),
    "unsupported_sentence": (
        "Unsupported sentence removed",
        "The language model wrote a sentence its cited passage does not support; it was removed.",
    ),
    "unsupported_relation": (
        "Distorted sentence removed",
        "The language model wrote a sentence that turns around who did what to whom, or whether "
        "it happened, against its quote, or that states a partisan source's claim as fact; it "
        "was removed.",
    ),
    "citation_out_of_range": (
        "Bad citation removed",
        "The language model cited a passage it was never shown; that citation was removed.",
    ),
    "fabricated_quote": (
        "Invented quote removed",
        "The language model quoted words that are not in the source; they were removed.",
    ),
    "uncited_sentence": (
        "Uncited sentence removed",
        "The language model wrote a sentence without a citation; it was removed.",
    ),
    "disputes_pending": (
        "Still reading for disputes",
        "A document is still being read for competing figures; disagreements it holds are not "
        "shown yet. Ask again in a moment.",
    ),
    "false_premise": (
        "False premise",
        "The question takes something for granted that the documents dispute or qualify: a "
        "figure its source never gave, a denial, another figure or another actor. The answer "
        "says so first and quotes what the sources do say.",
    ),
    "counter_evidence": (
        "Sources dispute this",
        "Some sources dispute or qualify the claim asked about; they are quoted first.",
    ),
    "declined_task": (
        "Request declined",
        "Crosscheck does not write posts, articles or other one-sided content. The answer "
        "shows what the sources say about the claim instead, each quote attributed.",
    ),
    "llm_unavailable": (
        "Language model unavailable",
        "The language model could not answer, so this answer was made by quoting the sources "
        "directly (extractive mode).",
    ),
}
_SEVERE = {
    "partisan_only",
    "contested_figure",
    "citation_dropped",
    "llm_unavailable",
    "false_premise",
}


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def safe_url(url: str) -> str | None:
    """`url` when it is an http(s) address that may become a link; None otherwise."""
    url = url.strip()
    parsed = urlparse(url)
    if parsed.scheme.lower() in ("http", "https") and parsed.netloc:
        return url
    return None


def stance_badge(source: Source) -> str:
    """The stance badge; an inferred stance says why beside it ("(inferred: <reason>)")."""
    label = STANCE_LABEL.get(source.stance, source.stance)
    reason = source.stance_reason.strip() if source.stance_inferred else ""
    if source.stance_inferred and not reason:
        label += " (inferred)"
    affiliation = f" · {esc(source.affiliation)}" if source.affiliation else ""
    if source.uploaded:  # impersonation stays visible: "Amnesty, independent" may be anyone
        affiliation += " · declared by uploader"
    why = f' <span class="cc-stance-reason">(inferred: {esc(reason)})</span>' if reason else ""
    return (
        f'<span class="cc-badge cc-{esc(source.stance)}" title="stance of this source">'
        f"{esc(label)}{affiliation}</span>{why}"
    )


def source_line(source: Source) -> str:
    """'Publisher · 16 December 2019' (escaped)."""
    return " · ".join(esc(x) for x in (speaker(source), human_date(source.date)) if x)


def flag_title(flag: Flag) -> str:
    return FLAG_TEXT.get(flag.kind, (flag.kind.replace("_", " ").capitalize(), ""))[0]


def marker_link(n: int, turn: int) -> str:
    return (
        f'<a class="cc-ref" href="#cc-t{turn}-c{n}" title="Show quote {n} in its source">[{n}]</a>'
    )


def link_markers(escaped: str, numbers: Iterable[int], turn: int) -> str:
    """`[n]` in already-escaped text as links to citation n of `turn` (known numbers only)."""
    known = set(numbers)

    def link(m: re.Match[str]) -> str:
        n = int(m.group(1))
        return marker_link(n, turn) if n in known else m.group(0)

    return MARKER.sub(link, escaped)


def render_text(text: str, numbers: Iterable[int], turn: int) -> str:
    """Answer text, escaped, one paragraph per line, [n] markers clickable."""
    known = list(numbers)
    lines = [link_markers(esc(line), known, turn) for line in text.splitlines() if line.strip()]
    return "".join(f"<p>{line}</p>" for line in lines)


def render_flag_chips(flags: Iterable[Flag], turn: int) -> str:
    chips = [
        f'<a class="cc-chip{" cc-chip-severe" if f.kind in _SEVERE else ""}" '
        f'href="#cc-t{turn}-flags" title="{esc(f.message)}">⚠ {esc(flag_title(f))}</a>'
        for f in flags
    ]
    return f'<div class="cc-chips">{"".join(chips)}</div>' if chips else ""


def render_message(answer: Answer, turn: int, asked: str = "") -> str:
    """The chat message for a verified answer (HTML with no blank lines: one Markdown block).
    When the question answered is not the one `asked` (a follow-up made standalone), it says
    which question it answers."""
    body = _body(answer, turn)
    if asked and answer.question.strip() != asked.strip():
        body = f'<p class="cc-answering">Answering: {esc(answer.question)}</p>{body}'
    n = len(answer.citations)
    if n:
        foot = (
            f'<p class="cc-foot"><a class="cc-ref cc-see" href="#cc-t{turn}-c'
            f'{answer.citations[0].n}">{n} verified quote{"s" if n != 1 else ""} — '
            "see the evidence</a></p>"
        )
    else:
        foot = '<p class="cc-foot">Nothing in the library was quoted for this answer.</p>'
    state = "cc-answered" if answer.answered else "cc-unanswered"
    return (
        f'<div class="cc-msg {state}" id="cc-msg-{turn}">'
        f"{render_flag_chips(answer.flags, turn)}{body}{foot}</div>"
    )


def _body(answer: Answer, turn: int) -> str:
    """The answer text; a generated lead (LLM mode) set apart as the answer's opening."""
    ns = [c.n for c in answer.citations]
    at = answer.text.find(answer.lead) if answer.lead else -1
    if at < 0:
        return render_text(answer.text, ns, turn)
    before, after = answer.text[:at], answer.text[at + len(answer.lead) :]
    lead = f'<div class="cc-lead">{render_text(answer.lead, ns, turn)}</div>'
    return "".join(
        [
            render_text(before, ns, turn) if before.strip() else "",
            lead,
            render_text(after, ns, turn),
        ]
    )


def render_pending(text: str, interim: Answer | None = None, turn: int = 0) -> str:
    """Answer text while it streams in, before its quotes are verified. In LLM mode the lead
    being written sits above the extractive answer it is written over (`interim`, whose
    quotes are already verified)."""
    body = "".join(f"<p>{esc(line)}</p>" for line in text.splitlines() if line.strip())
    if interim is None:
        return (
            f'<div class="cc-msg cc-pending">{body}'
            '<p class="cc-foot">Checking every quote against its source…</p></div>'
        )
    lead = f'<div class="cc-lead cc-writing">{body}</div>' if body else ""
    return (
        f'<div class="cc-msg cc-pending">{lead}{_body(interim, turn)}'
        '<p class="cc-foot">Writing a short answer over these verified quotes; it is checked '
        "against them before it stays…</p></div>"
    )


def render_error(message: str) -> str:
    return f'<div class="cc-msg cc-error" role="alert"><p>{esc(message)}</p></div>'


def render_flags(flags: Iterable[Flag], turn: int) -> str:
    """Each flag with a plain-words explanation (the evidence panel's warning list)."""
    items = []
    for f in flags:
        title, meaning = FLAG_TEXT.get(f.kind, (flag_title(f), ""))
        explain = f'<span class="cc-flag-why">{esc(meaning)}</span>' if meaning else ""
        severity = " cc-flag-severe" if f.kind in _SEVERE else ""
        # a contested figure's message is what its dispute card shows, claim by claim
        message = "" if f.kind == "contested_figure" else esc(f.message)
        items.append(
            f'<li class="cc-flag cc-flag-{esc(f.kind)}{severity}"><b>{esc(title)}</b>'
            f'<span class="cc-flag-msg">{message}</span>{explain}</li>'
        )
    if not items:
        return ""
    return f'<ul class="cc-flags" id="cc-t{turn}-flags">{"".join(items)}</ul>'
