"""The app's stylesheet. Colours are CSS variables: Gradio's own (which follow its light/dark
mode) and ours, redefined under Gradio's `.dark` class. Narrow windows stack the panels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

CSS = """
:root {
  --cc-serif: "Iowan Old Style", "Palatino Linotype", Palatino, "Book Antiqua", Georgia, serif;
  --cc-mark-bg: #fff0a0; --cc-mark-fg: #1c1917; --cc-mark-active: #ffd43b;
  --cc-ind-bg: #dcfce7; --cc-ind-fg: #14532d; --cc-ind: #16a34a;
  --cc-par-bg: #fde2e2; --cc-par-fg: #7f1d1d; --cc-par: #dc2626;
  --cc-unk-bg: #e8ebf0; --cc-unk-fg: #334155; --cc-unk: #64748b;
  --cc-warn-bg: #fff7e6; --cc-warn-line: #f59e0b; --cc-warn-fg: #713f12;
  --cc-bad-bg: #fff1f1; --cc-bad-line: #e11d48; --cc-bad-fg: #881337;
  --cc-cue: #c2410c;
  --cc-ring: #6366f1;
}
.dark {
  --cc-mark-bg: #5b4a12; --cc-mark-fg: #fff6d5; --cc-mark-active: #8a6a00;
  --cc-ind-bg: #123a24; --cc-ind-fg: #bbf7d0; --cc-ind: #34d399;
  --cc-par-bg: #4a1a1a; --cc-par-fg: #fecaca; --cc-par: #f87171;
  --cc-unk-bg: #283140; --cc-unk-fg: #e2e8f0; --cc-unk: #94a3b8;
  --cc-warn-bg: #33260b; --cc-warn-line: #d97706; --cc-warn-fg: #fde68a;
  --cc-bad-bg: #3b1219; --cc-bad-line: #fb7185; --cc-bad-fg: #fecdd3;
  --cc-cue: #fdba74;
  --cc-ring: #a5b4fc;
}
.gradio-container { max-width: 1320px !important; }
.cc-header { display: flex; flex-wrap: wrap; align-items: baseline; gap: .2rem 1rem;
  padding: .2rem 0 .4rem; border-bottom: 1px solid var(--border-color-primary); }
.cc-brand { font-family: var(--cc-serif); font-size: 1.7rem; font-weight: 700;
  letter-spacing: -.01em; color: var(--body-text-color); }
.cc-tagline { margin: 0; color: var(--body-text-color-subdued); font-size: .92rem;
  max-width: 62ch; }
.cc-note { color: var(--body-text-color-subdued); font-size: .88rem; margin: .3rem 0; }

/* chat messages */
.cc-msg p { margin: 0 0 .55em; line-height: 1.55; }
.cc-msg p:last-child { margin-bottom: 0; }
.cc-msg .cc-foot { font-size: .85rem; color: var(--body-text-color-subdued); }
.cc-msg .cc-answering { font-size: .85rem; font-style: italic;
  color: var(--body-text-color-subdued); }
.cc-msg .cc-lead { font-size: 1.05rem; font-weight: 500; margin-bottom: .6em;
  padding-bottom: .4em; border-bottom: 1px solid var(--border-color-primary); }
.cc-pending { opacity: .8; }
.cc-pending .cc-foot::before { content: "⏳ "; }
.cc-error { border-left: 3px solid var(--cc-bad-line); padding-left: .6rem;
  color: var(--cc-bad-fg); }
a.cc-ref { font-weight: 600; text-decoration: none; color: var(--link-text-color, var(--cc-ring));
  border-radius: 4px; padding: 0 .1em; cursor: pointer; }
a.cc-ref:hover, a.cc-ref:focus { background: var(--color-accent-soft); outline: none; }
.cc-chips { display: flex; flex-wrap: wrap; gap: .3rem; margin-bottom: .5rem; }
a.cc-chip { font-size: .78rem; text-decoration: none; border-radius: 999px; padding: .05rem .55rem;
  background: var(--cc-warn-bg); color: var(--cc-warn-fg); border: 1px solid var(--cc-warn-line); }
a.cc-chip.cc-chip-severe { background: var(--cc-bad-bg); color: var(--cc-bad-fg);
  border-color: var(--cc-bad-line); }

/* badges */
.cc-badge { display: inline-block; border-radius: 999px; padding: 0 .55em; font-size: .76rem;
  line-height: 1.6; white-space: normal; font-weight: 500; }
.cc-independent { background: var(--cc-ind-bg); color: var(--cc-ind-fg); }
.cc-partisan { background: var(--cc-par-bg); color: var(--cc-par-fg); }
.cc-unknown { background: var(--cc-unk-bg); color: var(--cc-unk-fg); }
.cc-stance-reason { font-size: .76rem; color: var(--body-text-color-subdued); }

/* evidence panel */
#cc-evidence { max-height: calc(min(68vh, 720px) + 140px); overflow-y: auto !important;
  scroll-behavior: smooth; padding-right: .2rem; }
.cc-empty { border: 1px dashed var(--border-color-primary); border-radius: var(--radius-lg);
  padding: 1rem 1.2rem; color: var(--body-text-color-subdued); }
.cc-empty h3 { margin: 0 0 .4rem; font-family: var(--cc-serif); color: var(--body-text-color); }
.cc-turn { border: 1px solid var(--border-color-primary); border-radius: var(--radius-lg);
  background: var(--block-background-fill); margin-bottom: .8rem; }
.cc-turn > summary { cursor: pointer; padding: .65rem .9rem; display: flex; gap: .6rem;
  align-items: baseline; justify-content: space-between; list-style: none; }
.cc-turn > summary::-webkit-details-marker { display: none; }
.cc-turn > summary::before { content: "▸"; color: var(--body-text-color-subdued); }
.cc-turn[open] > summary::before { content: "▾"; }
.cc-turn-q { flex: 1; font-weight: 600; font-family: var(--cc-serif); font-size: 1.02rem; }
.cc-turn-n { font-size: .8rem; color: var(--body-text-color-subdued); white-space: nowrap; }
.cc-turn > :not(summary) { margin-left: .9rem; margin-right: .9rem; }
.cc-section h4, .cc-dispute h4 { margin: .8rem 0 .4rem; font-size: .78rem; letter-spacing: .06em;
  text-transform: uppercase; color: var(--body-text-color-subdued); }
.cc-ev { border-left: 4px solid var(--cc-unk); padding: .55rem .8rem .6rem; margin: 0 0 .8rem;
  border-radius: 0 var(--radius-lg) var(--radius-lg) 0;
  background: var(--background-fill-secondary);
  transition: box-shadow .25s; scroll-margin: 1rem; }
.cc-ev-independent { border-left-color: var(--cc-ind); }
.cc-ev-partisan { border-left-color: var(--cc-par); }
.cc-ev.cc-active { box-shadow: 0 0 0 2px var(--cc-ring); }
.cc-ev.cc-active mark.cc-hl { background: var(--cc-mark-active); }
.cc-ev-head { display: flex; align-items: center; gap: .55rem; flex-wrap: wrap; }
.cc-num { flex: none; display: inline-grid; place-items: center; min-width: 1.6rem; height: 1.6rem;
  border-radius: 999px; background: var(--color-accent); color: white; font-weight: 700;
  font-size: .8rem; }
.cc-num-muted { background: var(--border-color-primary); color: var(--body-text-color); }
.cc-src { display: flex; flex-wrap: wrap; gap: .2rem .5rem; align-items: baseline; }
.cc-publisher { font-weight: 600; }
.cc-date { color: var(--body-text-color-subdued); font-size: .88rem; }
.cc-para { margin: .5rem 0 .35rem; padding: 0; border: 0; font-family: var(--cc-serif);
  font-size: 1rem; line-height: 1.6; white-space: pre-wrap; overflow-wrap: anywhere;
  color: var(--body-text-color); }
mark.cc-hl { background: var(--cc-mark-bg); color: var(--cc-mark-fg); border-radius: 3px;
  padding: 0 .1em; box-decoration-break: clone; -webkit-box-decoration-break: clone; }
.cc-cue { text-decoration: underline wavy var(--cc-cue); text-underline-offset: 3px; }
.cc-meta { font-size: .8rem; color: var(--body-text-color-subdued); display: flex;
  flex-wrap: wrap; gap: .15rem .7rem; overflow-wrap: anywhere; }
.cc-title { font-style: italic; }
.cc-url { overflow-wrap: anywhere; }
.cc-loc { font-family: var(--font-mono); font-size: .74rem; }
.cc-full { margin-top: .4rem; }
.cc-full > summary { cursor: pointer; font-size: .85rem; color: var(--link-text-color, inherit); }
.cc-doc { position: relative; max-height: 22rem; overflow-y: auto; white-space: pre-wrap;
  overflow-wrap: anywhere; font-family: var(--cc-serif); line-height: 1.6; font-size: .95rem;
  padding: .6rem .8rem; margin-top: .4rem; border: 1px solid var(--border-color-primary);
  border-radius: var(--radius-md); background: var(--background-fill-primary); }
.cc-flags { list-style: none; padding: 0; margin: .2rem .9rem .6rem; }
.cc-flag { border-left: 3px solid var(--cc-warn-line); background: var(--cc-warn-bg);
  color: var(--cc-warn-fg); padding: .4rem .7rem; border-radius: 0 6px 6px 0; margin: .35rem 0;
  font-size: .9rem; display: flex; flex-direction: column; gap: .1rem; }
.cc-flag-severe { border-left-color: var(--cc-bad-line); background: var(--cc-bad-bg);
  color: var(--cc-bad-fg); }
.cc-flag-why { font-size: .82rem; opacity: .9; }
.cc-dispute { border: 1px solid var(--cc-warn-line); border-radius: var(--radius-lg);
  padding: .2rem .8rem .7rem; margin: .6rem 0 .8rem; background: var(--block-background-fill); }
.cc-chart { display: block; width: 100%; height: auto; margin: .3rem 0 .5rem; }
.cc-fig-label { font-size: 13px; fill: var(--body-text-color); }
.cc-axis-label { font-size: 11px; fill: var(--body-text-color-subdued); }
.cc-axis-grid { stroke: var(--border-color-primary); stroke-width: 1; }
.cc-fig-independent { fill: var(--cc-ind); stroke: var(--cc-ind); }
.cc-fig-partisan { fill: var(--cc-par); stroke: var(--cc-par); }
.cc-fig-unknown { fill: var(--cc-unk); stroke: var(--cc-unk); }
.cc-fig text { stroke: none; }
.cc-fig-range, .cc-fig-dot, .cc-fig-arrow { stroke: none; }
.cc-table-wrap { overflow-x: auto; }
.cc-table { width: 100%; border-collapse: collapse; font-size: .86rem; }
.cc-table th { text-align: left; font-weight: 600; color: var(--body-text-color-subdued);
  border-bottom: 1px solid var(--border-color-primary); padding: .3rem .4rem; }
.cc-table td { border-bottom: 1px solid var(--border-color-primary); padding: .35rem .4rem;
  vertical-align: top; }
.cc-earlier { display: block; font-size: .78rem; color: var(--body-text-color-subdued); }
.cc-retrieved-list { list-style: none; padding: 0; margin: 0; }
.cc-retrieved { border-left: 3px solid var(--border-color-primary); padding: .4rem .7rem;
  margin-bottom: .6rem; }
.cc-retrieved.cc-cited { border-left-color: var(--color-accent); }
.cc-score { font-family: var(--font-mono); font-size: .75rem;
  color: var(--body-text-color-subdued); }
.cc-tag { font-size: .72rem; border-radius: 4px; padding: 0 .35em;
  background: var(--color-accent-soft); }

/* library */
.cc-docview h3 { font-family: var(--cc-serif); margin: .4rem 0 .6rem; }
.cc-dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem .9rem; margin: 0 0 .7rem;
  font-size: .88rem; }
.cc-dl dt { color: var(--body-text-color-subdued); }
.cc-dl dd { margin: 0; overflow-wrap: anywhere; }
.cc-doc-whole { max-height: 34rem; }
.cc-upload-report { list-style: none; padding: 0; margin: .3rem 0; }
.cc-upload-report li { padding: .35rem .6rem; margin: .25rem 0; border-radius: 6px; }
.cc-up-ok { background: var(--cc-ind-bg); color: var(--cc-ind-fg); }
.cc-up-error { background: var(--cc-bad-bg); color: var(--cc-bad-fg); }

@media (max-width: 720px) {
  .gradio-container { padding: 0 .4rem !important; }
  .cc-brand { font-size: 1.4rem; }
  #cc-evidence { max-height: none; overflow: visible !important; }
  .cc-turn > :not(summary) { margin-left: .5rem; margin-right: .5rem; }
  .cc-flags { margin-left: .5rem; margin-right: .5rem; }
  .cc-dl { grid-template-columns: 1fr; }
  .cc-dl dd { margin-bottom: .3rem; }
}
"""

HEAD = '<meta name="color-scheme" content="light dark">'
HEADER = (
    '<header class="cc-header"><div class="cc-brand">Crosscheck</div>'
    '<p class="cc-tagline">Answers quoted word for word from the library, each with its source, '
    "date and stance. Click a number such as <b>[1]</b> to see the passage it comes from.</p>"
    "</header>"
)


def evidence_script() -> str:
    """The evidence panel's script (`static/evidence.js`): [n] links open their card."""
    return (Path(__file__).parent / "static" / "evidence.js").read_text(encoding="utf-8")


def theme() -> Any:
    """The Gradio theme (built on call: gradio is imported only by whoever serves the UI)."""
    import gradio as gr

    return gr.themes.Base(
        primary_hue="indigo",
        secondary_hue="amber",
        neutral_hue="slate",
        radius_size="md",
        font=[gr.themes.LocalFont("IBM Plex Sans"), "ui-sans-serif", "system-ui", "sans-serif"],
        font_mono=[gr.themes.LocalFont("IBM Plex Mono"), "ui-monospace", "monospace"],
    )
