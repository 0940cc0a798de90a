"""The stance badge says why an inferred stance was inferred (pure render functions)."""

from __future__ import annotations

from assistant.types import Document, Source
from assistant.ui.evidence import render_source_head
from assistant.ui.library import render_document
from assistant.ui.render import esc, stance_badge

REASON = 'it speaks for "Harbour Workers\' Union" in the first person plural ("our members")'


def test_an_inferred_stance_shows_its_reason_escaped() -> None:
    source = Source("Strike", stance="partisan", stance_inferred=True, stance_reason=REASON)
    html = stance_badge(source)
    assert ">partisan</span>" in html
    assert f'<span class="cc-stance-reason">(inferred: {esc(REASON)})</span>' in html
    assert '"our members"' not in html  # quotes in the reason are escaped


def test_a_reason_cannot_inject_markup() -> None:
    source = Source("x", stance="partisan", stance_inferred=True, stance_reason="<img onerror=1>")
    html = stance_badge(source)
    assert "<img" not in html and "&lt;img onerror=1&gt;" in html


def test_declared_and_reasonless_stances() -> None:
    assert "inferred" not in stance_badge(Source("x", stance="independent", stance_declared=True))
    bare = stance_badge(Source("x", stance="partisan", stance_inferred=True))
    assert "partisan (inferred)" in bare and "inferred:" not in bare


def test_source_card_and_document_card_carry_the_reason() -> None:
    source = Source("Strike", stance="partisan", stance_inferred=True, stance_reason=REASON)
    assert "(inferred: it speaks for" in render_source_head(source)
    doc = Document("union", "Our members are out.\n", source)
    assert "(inferred: it speaks for" in render_document(doc)
