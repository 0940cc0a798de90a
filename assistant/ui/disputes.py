"""Dispute cards: for each dispute an answer presents (`Answer.disputes`), a table of who claims
which figure and an inline SVG chart of each claim's value or interval, coloured by stance.
Pure and escaped.

Claims are read through `answer.json_form.dispute_json`, the one function that turns a
`Dispute` into JSON for the UI, the API and the CLI. A claim's `high` is None for an
open-ended figure ("at least 1,500"): its bar ends in an arrow.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.answer.json_form import dispute_json
from assistant.ledger.stance import human_date
from assistant.types import STANCES, Citation, Dispute
from assistant.ui.render import STANCE_LABEL, esc, marker_link

CHART_WIDTH = 640
ROW_HEIGHT = 46
AXIS_HEIGHT = 30
PAD = 12


@dataclass(frozen=True)
class ChartRow:
    """One claim on the chart: its label and the interval [low, high] (high None: open)."""

    label: str
    low: float
    high: float | None
    stance: str


def _stance(value: object) -> str:
    text = str(value or "unknown")
    return text if text in STANCES else "unknown"


def fmt_number(v: float) -> str:
    if v == int(v):
        return f"{int(v):,}"
    return f"{v:,.1f}" if abs(v) >= 10 else f"{v:g}"


def nice_step(span: float, ticks: int = 4) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about `ticks` intervals."""
    raw = span / ticks if span > 0 else 1.0
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if raw <= m * power:
            return float(m * power)
    return float(10 * power)


def _row_shape(r: ChartRow, x: Any, y: float, right: float) -> str:
    lo = x(r.low)
    if r.high is None:
        return (
            f'<line class="cc-fig-bar" x1="{lo:.1f}" y1="{y:.1f}" x2="{right - 8:.1f}" '
            f'y2="{y:.1f}" stroke-width="10" stroke-linecap="round"/>'
            f'<path class="cc-fig-arrow" d="M{right - 10:.1f},{y - 9:.1f} L{right:.1f},{y:.1f} '
            f'L{right - 10:.1f},{y + 9:.1f} Z"/>'
        )
    hi = x(r.high)
    if hi - lo < 4:
        return f'<circle class="cc-fig-dot" cx="{(lo + hi) / 2:.1f}" cy="{y:.1f}" r="6"/>'
    return (
        f'<rect class="cc-fig-range" x="{lo:.1f}" y="{y - 5:.1f}" width="{hi - lo:.1f}" '
        'height="10" rx="3"/>'
    )


def figure_chart(rows: Sequence[ChartRow], title: str) -> str:
    """Horizontal chart: one row per claim, a dot (exact), bar (range) or arrow (open-ended)."""
    if not rows:
        return ""
    finite = [r.low for r in rows] + [r.high for r in rows if r.high is not None]
    top = max(finite)
    top = top * (1.25 if any(r.high is None for r in rows) else 1.08)
    bottom = min(0.0, min(finite))
    top = top if top > bottom else bottom + 1.0
    left, right = PAD, CHART_WIDTH - PAD

    def x(v: float) -> float:
        return left + (v - bottom) / (top - bottom) * (right - left)

    parts = []
    for i, r in enumerate(rows):
        y = i * ROW_HEIGHT
        parts.append(
            f'<g class="cc-fig cc-fig-{_stance(r.stance)}"><title>{esc(r.label)}</title>'
            f'<text class="cc-fig-label" x="{left}" y="{y + 16}">{esc(r.label)}</text>'
            f"{_row_shape(r, x, y + 31, right)}</g>"
        )
    axis_y = len(rows) * ROW_HEIGHT + 4
    step = nice_step(top - bottom)
    tick = math.ceil(bottom / step) * step
    ticks = []
    while tick <= top:
        tx = x(tick)
        anchor = "start" if tick == bottom else "middle"
        ticks.append(
            f'<line class="cc-axis-grid" x1="{tx:.1f}" y1="0" x2="{tx:.1f}" y2="{axis_y}"/>'
            f'<text class="cc-axis-label" x="{tx:.1f}" y="{axis_y + 18}" '
            f'text-anchor="{anchor}">{esc(fmt_number(tick))}</text>'
        )
        tick += step
    height = axis_y + AXIS_HEIGHT
    return (
        f'<svg class="cc-chart" viewBox="0 0 {CHART_WIDTH} {height}" width="100%" '
        f'role="img" aria-label="{esc(title)}" preserveAspectRatio="xMinYMin meet">'
        f"<title>{esc(title)}</title>{''.join(ticks)}{''.join(parts)}</svg>"
    )


def _number(value: object) -> float | None:
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


Claims = Sequence[Mapping[str, Any]]  # a dispute's claims as `dispute_json` gives them


def chart_rows(claims: Claims) -> list[ChartRow]:
    rows = []
    for c in claims:
        low = _number(c.get("low"))
        if low is None:
            continue
        when = human_date(str(c.get("date", "")))
        label = f"{c.get('claimant', '?')}: {c.get('value', '')}" + (f" ({when})" if when else "")
        rows.append(ChartRow(label, low, _number(c.get("high")), _stance(c.get("stance"))))
    return rows


def dispute_table(claims: Claims, turn: int) -> str:
    rows = []
    for c in claims:
        n = c["citation"]
        ref = f" {marker_link(n, turn)}" if n is not None else ""
        earlier = c.get("earlier") or []
        before = (
            f'<span class="cc-earlier">earlier: {esc(", ".join(map(str, earlier)))}</span>'
            if earlier
            else ""
        )
        stance = _stance(c.get("stance"))
        rows.append(
            f"<tr><td>{esc(c.get('claimant', ''))}{ref}</td>"
            f"<td><b>{esc(c.get('value', ''))}</b>{before}</td>"
            f"<td>{esc(human_date(str(c.get('date', ''))))}</td>"
            f'<td><span class="cc-badge cc-{stance}">{esc(STANCE_LABEL[stance])}</span></td></tr>'
        )
    return (
        '<div class="cc-table-wrap"><table class="cc-table"><thead><tr><th>Source</th>'
        "<th>Figure</th><th>Date</th><th>Stance</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def render_dispute(d: Dispute, citations: Sequence[Citation], turn: int) -> str:
    counted = d.counted or "a figure"
    claims = dispute_json(d, citations)["claims"]  # the one reader of a dispute's claims
    rows = chart_rows(claims)
    span = ""
    if rows:
        low = min(r.low for r in rows)
        highs = [r.high for r in rows]
        high = "open-ended" if None in highs else fmt_number(max(h for h in highs if h is not None))
        span = f'<p class="cc-note">Claims range from {esc(fmt_number(low))} to {esc(high)}.</p>'
    title = f"Figures claimed for: {counted}"
    return (
        f'<section class="cc-dispute"><h4>Sources disagree: {esc(counted)}</h4>{span}'
        f"{figure_chart(rows, title)}{dispute_table(claims, turn)}</section>"
    )


def render_disputes(disputes: Sequence[Dispute], citations: Sequence[Citation], turn: int) -> str:
    cards = [render_dispute(d, citations, turn) for d in disputes]
    return "".join(cards)
