"""The pure render functions of the web app (assistant/ui*.py): snapshots, escaping, structure.

Snapshots live in tests/snapshots/*.html. After a deliberate change to what the app shows,
regenerate them and review the diff:

    CROSSCHECK_UPDATE_SNAPSHOTS=1 .venv/bin/pytest -q tests/test_ui.py
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.answer.json_form import dispute_from_json
from assistant.corpus.uploads import UploadResult, safe_name
from assistant.ledger.disputes import contested_flag
from assistant.ledger.library import Library, add_upload
from assistant.store.embedders import Embedder
from assistant.store.index import Index
from assistant.types import Answer, Chunk, Citation, Cue, Dispute, Document, Flag, Passage, Source
from assistant.ui.disputes import ChartRow, figure_chart, nice_step, render_disputes
from assistant.ui.evidence import (
    Span,
    excerpt_bounds,
    highlight,
    paragraph_bounds,
    render_evidence,
)
from assistant.ui.library import (
    LibraryFilter,
    date_problem,
    ledger_rows,
    library_rows,
    render_document,
)
from assistant.ui.render import link_markers, render_error, render_message, render_pending, safe_url
from assistant.ui.upload import render_upload_report

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE = os.environ.get("CROSSCHECK_UPDATE_SNAPSHOTS") == "1"
PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(1)>"

DOC_TEXT = (
    "Harbour strike digest\n\n"
    "The strike began on 3 June. Dockers walked out at dawn.\n\n"
    "The union said 4,000 dockers joined the strike. The port authority said only 900 did, "
    "and called the strikers saboteurs. Both figures were repeated for weeks.\n\n"
    "The strike ended on 20 June.\n"
)
OTHER_TEXT = "Port bulletin\n\nThe authority counted about 900 dockers on the picket lines.\n"


def _cite(n: int, doc_id: str, text: str, sentence: str, source: Source) -> Citation:
    start = text.index(sentence)
    return Citation(n, doc_id, start, start + len(sentence), sentence, source)


UNION = Source(
    "Union bulletin",
    "Dockers Union",
    "2023-06-06",
    "https://union.example/b",
    "digest",
    "partisan",
    "Labour union",
)
AUTHORITY = Source("Port notice", "Port Authority", "2023-06-07", "", "digest", "unknown")
Q1 = "The union said 4,000 dockers joined the strike."
Q2 = "The authority counted about 900 dockers on the picket lines."
C1 = _cite(1, "strike/union", DOC_TEXT, Q1, UNION)
C2 = _cite(2, "strike/port", OTHER_TEXT, Q2, AUTHORITY)
TEXTS = {"strike/union": DOC_TEXT, "strike/port": OTHER_TEXT}
SAB = DOC_TEXT.index("saboteurs")
DISPUTE = dispute_from_json(
    {
        "id": "abc123",
        "counted": "joined",
        "claims": [
            {"claimant": "Dockers Union", "value": "4,000", "low": 4000.0, "high": 4000.0,
             "qualifier": "exact", "date": "2023-06-06", "stance": "partisan",
             "doc_id": "strike/union", "start": C1.start, "end": C1.end,
             "history": [{"claimant": "Dockers Union", "value": "3,000", "low": 3000.0,
                          "high": 3000.0, "qualifier": "exact", "date": "2023-06-01",
                          "doc_id": "strike/union", "start": 0, "end": 5}]},
            {"claimant": "Port Authority", "value": "about 900", "low": 800.0, "high": 1000.0,
             "qualifier": "about", "date": "2023-06-07", "stance": "unknown",
             "doc_id": "strike/port", "start": C2.start, "end": C2.end, "earlier": []},
            {"claimant": "A witness", "value": "more than 2,000", "low": 2000.0, "high": None,
             "qualifier": "more_than", "date": "2023-06-08", "stance": "independent",
             "doc_id": "strike/other", "start": 0, "end": 10, "earlier": []},
        ],
    }
)  # fmt: skip
CONTESTED = contested_flag(DISPUTE)
FLAGS = (
    Flag("partisan_source", "Partisan source cited: Dockers Union (Labour union).", {}),
    CONTESTED,
    Flag(
        "loaded_language",
        "The quoted sources use loaded wording (“saboteurs”).",
        cues=(Cue("strike/union", SAB, SAB + 9, "saboteurs", "pejorative"),),
    ),
    Flag("citation_dropped", "1 quote(s) did not match the stored source and were removed.", {}),
    Flag("llm_unavailable", "The language model could not be reached.", {}),
    Flag("brand_new_kind", "A flag the UI has never heard of.", {}),
)
ANSWER = Answer(
    question="How many dockers joined the strike?",
    text=f'According to Dockers Union (6 June 2023): "{Q1}" [1]\n'
    f'According to Port Authority (7 June 2023): "{Q2}" [2]\n'
    "Sources disagree on this figure (joined): see [1] and [2]; [9] is not a citation.",
    citations=(C1, C2),
    flags=FLAGS,
    passages=(
        Passage(1, Chunk("c1", "strike/union", C1.start, C1.end, Q1), 0.81, UNION),
        Passage(2, Chunk("c9", "strike/union", 0, 21, "Harbour strike digest"), 0.12, UNION),
    ),
    disputes=(DISPUTE,),
)


def check_snapshot(name: str, html: str) -> None:
    path = SNAPSHOTS / f"{name}.html"
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(html + "\n", encoding="utf-8")
    assert path.is_file(), f"no snapshot {path.name}; run with CROSSCHECK_UPDATE_SNAPSHOTS=1"
    assert html + "\n" == path.read_text(encoding="utf-8"), (
        f"{name} differs from tests/snapshots/{name}.html; if the change is intended, "
        "regenerate with CROSSCHECK_UPDATE_SNAPSHOTS=1 and review the diff"
    )


# ---- snapshots ------------------------------------------------------------------------------
def test_snapshot_chat_message() -> None:
    check_snapshot("message", render_message(ANSWER, 3))


def test_snapshot_evidence_panel() -> None:
    earlier = Answer("What happened?", "Nothing quoted.", (), (), (), answered=False)
    check_snapshot("evidence", render_evidence([(2, earlier), (3, ANSWER)], TEXTS, show_all=True))


def test_snapshot_dispute_card() -> None:
    check_snapshot("dispute", render_disputes([DISPUTE], ANSWER.citations, 3))


def test_snapshot_document_view() -> None:
    doc = Document("strike/union", DOC_TEXT, UNION, extra=(("digest_of", "a union leaflet"),))
    check_snapshot("document", render_document(doc))


# ---- structure ------------------------------------------------------------------------------
def test_markers_link_only_known_citations() -> None:
    html = render_message(ANSWER, 3)
    assert 'href="#cc-t3-c1"' in html and 'href="#cc-t3-c2"' in html
    assert "cc-t3-c9" not in html and "[9]" in html
    assert link_markers("see [1] and [12]", [12], 1).count("<a ") == 1


def test_a_generated_lead_is_set_apart_above_the_quotes() -> None:
    lead = "Meridian Press counted about 5,000 strikers [1]."
    composed = replace(ANSWER, text=f"{lead}\n\n{ANSWER.text}", lead=lead)
    html = render_message(composed, 3)
    block = re.search(r'<div class="cc-lead">(.*?)</div>', html, re.S)
    assert block is not None and "about 5,000 strikers" in block.group(1)
    assert 'href="#cc-t3-c1"' in block.group(1)  # the lead's [n] opens the quote below
    assert html.index("cc-lead") < html.index(ANSWER.text.split("[")[0][:20])


def test_while_a_lead_is_written_the_verified_quotes_are_shown_below_it() -> None:
    html = render_pending("Meridian Press counted", ANSWER, 3)
    writing = re.search(r'<div class="cc-lead cc-writing">(.*?)</div>', html, re.S)
    assert writing is not None and "Meridian Press counted" in writing.group(1)
    assert ANSWER.text.split("[")[0][:20] in html  # the extractive answer, already verified
    assert 'href="#cc-t3-c1"' in html and html.index("cc-writing") < html.index("cc-t3-c1")
    assert "cc-writing" not in render_pending("", ANSWER, 3)  # nothing written yet


def test_each_quote_is_marked_inside_its_paragraph() -> None:
    panel = render_evidence([(3, ANSWER)], TEXTS)
    card = panel[panel.index('id="cc-t3-c1"') :]
    para = re.search(r'<blockquote class="cc-para">(.*?)</blockquote>', card, re.S)
    assert para is not None
    assert f'<mark class="cc-hl">{Q1}</mark>' in para.group(1)
    assert "Both figures were repeated for weeks." in para.group(1)  # same paragraph
    assert "The strike began" not in para.group(1)  # not the paragraph before
    assert 'id="cc-t3-c1-full"' in card  # full document with its mark, scrolled to by JS
    assert '<span class="cc-cue" title="loaded language (pejorative)">saboteurs</span>' in panel


def test_paragraph_and_excerpt_bounds() -> None:
    s = DOC_TEXT.index(Q1)
    lo, hi = paragraph_bounds(DOC_TEXT, s, s + len(Q1))
    assert DOC_TEXT[lo:hi].startswith("The union said") and DOC_TEXT[lo:hi].endswith("weeks.")
    long = ("word " * 400) + Q1 + (" word" * 400)
    s = long.index(Q1)
    w = excerpt_bounds(long, s, s + len(Q1), context=50)
    assert w.start <= s and w.end >= s + len(Q1) and w.end - w.start < len(Q1) + 110
    out = highlight(long, w, Span(s, s + len(Q1)))
    assert out.startswith("…") and out.endswith("…") and f'<mark class="cc-hl">{Q1}' in out


def test_flags_are_explained_and_unknown_kinds_still_shown() -> None:
    panel = render_evidence([(3, ANSWER)], TEXTS)
    for title in ("Partisan source", "Loaded language", "Quote removed", "Language model"):
        assert title in panel
    assert "A flag the UI has never heard of." in panel and "Brand new kind" in panel


def test_chart_draws_exact_range_and_open_ended_claims() -> None:
    svg = render_disputes([DISPUTE], ANSWER.citations, 3)
    assert svg.count("<svg") == 1 and 'viewBox="0 0 640' in svg
    assert "cc-fig-dot" in svg and "cc-fig-range" in svg and "cc-fig-arrow" in svg
    assert "inf" not in svg.lower() and "nan" not in svg.lower()
    assert "cc-fig-partisan" in svg and "cc-fig-independent" in svg
    assert 'href="#cc-t3-c1"' in svg and "earlier: 3,000" in svg
    assert figure_chart([], "nothing") == ""
    flat = figure_chart([ChartRow("zero", 0.0, 0.0, "unknown")], "t")
    assert "nan" not in flat.lower()
    assert nice_step(1000) == 500 and nice_step(7) == 2


def test_pending_and_error_messages_are_escaped() -> None:
    assert "&lt;b&gt;" in render_pending("<b>hi</b>") and "<b>hi" not in render_pending("<b>hi")
    assert "&lt;script&gt;" in render_error(PAYLOAD)


# ---- escaping: sources can contain markup ---------------------------------------------------
EVIL = Source(
    title=PAYLOAD, publisher=PAYLOAD, date="2024-01-01", url="javascript:alert(1)",
    kind=PAYLOAD, stance="partisan", affiliation=PAYLOAD,
)  # fmt: skip
EVIL_TEXT = f"Intro {PAYLOAD}\n\nThe bridge had 37 cracked bolts. {PAYLOAD} ${{alert(1)}}\n"
EVIL_QUOTE = f"The bridge had 37 cracked bolts. {PAYLOAD}"


def _evil_answer() -> Answer:
    c = _cite(1, "evil/doc", EVIL_TEXT, EVIL_QUOTE, EVIL)
    claim = {"claimant": PAYLOAD, "value": PAYLOAD, "low": 37.0, "high": 37.0, "date": PAYLOAD,
             "qualifier": PAYLOAD, "stance": PAYLOAD, "doc_id": "evil/doc", "start": c.start,
             "end": c.end, "history": [{**{"claimant": PAYLOAD, "value": PAYLOAD, "low": 1.0,
             "high": 1.0, "qualifier": "exact", "date": PAYLOAD, "doc_id": "evil/doc",
             "start": 0, "end": 1}}]}  # fmt: skip
    dispute = dispute_from_json({"id": PAYLOAD, "counted": PAYLOAD, "claims": [claim, claim]})
    flags = (
        Flag("contested_figure", PAYLOAD, {"dispute": PAYLOAD}),
        Flag(PAYLOAD, PAYLOAD, {}),
        Flag("partisan_source", PAYLOAD, {}),
    )
    chunk = Chunk("x", "evil/doc", c.start, c.end, EVIL_QUOTE)
    return Answer(
        question=PAYLOAD,
        text=f"{PAYLOAD} [1]",
        citations=(c,),
        flags=flags,
        passages=(Passage(1, chunk, 0.5, EVIL),),
        disputes=(dispute,),
    )


def _assert_inert(html: str) -> None:
    lowered = html.lower()
    assert "<script" not in lowered and "<img" not in lowered
    assert 'href="javascript' not in lowered
    assert not re.search(r"<a [^>]*href=\"(?!#cc-|https?://)", html), "unexpected link target"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in html


def test_every_render_escapes_markup_from_sources_and_models() -> None:
    answer = _evil_answer()
    _assert_inert(render_message(answer, 1))
    _assert_inert(render_evidence([(1, answer)], {"evil/doc": EVIL_TEXT}, show_all=True))
    _assert_inert(render_disputes(answer.disputes, answer.citations, 1))
    _assert_inert(render_document(Document("evil/doc", EVIL_TEXT, EVIL, extra=(("k", PAYLOAD),))))
    report = render_upload_report([UploadResult(PAYLOAD, error=PAYLOAD)])
    assert "<script" not in report and "<img" not in report


def test_javascript_urls_never_become_links() -> None:
    for url in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "//evil", ""):
        assert safe_url(url) is None
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    panel = render_evidence([(1, _evil_answer())], {"evil/doc": EVIL_TEXT})
    assert 'href="javascript' not in panel.lower()
    assert '<span class="cc-url">javascript:alert(1)</span>' in panel


# ---- library --------------------------------------------------------------------------------
SOURCES = {
    "a/union": UNION,
    "a/port": AUTHORITY,
    "b/old": Source("Old report", "Gazette", "2019-05-01", stance="independent"),
    "b/undated": Source("Undated", "Gazette"),
}


def test_library_filters_by_stance_publisher_date_and_text() -> None:
    def ids(**kw: object) -> list[str]:
        return [row[-1] for row in library_rows(SOURCES, LibraryFilter(**kw))]  # type: ignore[arg-type]

    assert ids() == ["a/port", "a/union", "b/old", "b/undated"]  # newest first
    assert ids(stances=("partisan",)) == ["a/union"]
    assert ids(publishers=("Gazette",)) == ["b/old", "b/undated"]
    assert ids(date_from="2023") == ["a/port", "a/union"]
    assert ids(date_to="2019-05") == ["b/old"]
    assert ids(text="port notice") == ["a/port"]
    assert date_problem("June 2019") and not date_problem("2019-06")


def test_ledger_lists_contested_groups_first(fictional_library: Library) -> None:
    disputes: list[Dispute] = fictional_library.disputes()
    rows = ledger_rows(disputes)
    statuses = [r[1] for r in rows]
    assert "contested" in statuses
    assert statuses == sorted(statuses, key=lambda s: s != "contested")


# ---- uploads --------------------------------------------------------------------------------
def test_upload_indexes_good_files_and_reports_bad_ones(tmp_path: Path, embedder: Embedder) -> None:
    library = Library.over(Index(tmp_path / "index", embedder))
    index = library.index
    corpus, incoming = tmp_path / "corpus", tmp_path / "incoming"
    incoming.mkdir()
    good = incoming / "ferry news.md"
    good.write_text(
        "---\ntitle: Ferry strike\npublisher: Quillon Post\ndate: 2024-03-02\n---\n"
        "The Quillon ferry strike lasted 19 days.\n",
        encoding="utf-8",
    )
    bad = incoming / "broken.md"
    bad.write_text("---\ntitle: [unclosed\n---\nText.\n", encoding="utf-8")
    exe = incoming / "tool.exe"
    exe.write_bytes(b"MZ\x00\x00")

    ok = add_upload(good, library, corpus)
    assert ok.error == "" and ok.doc_id == "uploads/ferry-news" and ok.status == "added"
    assert "19 days" in (index.text(ok.doc_id) or "")
    assert (corpus / "uploads" / "ferry-news.md").is_file()  # persists in the corpus directory
    assert add_upload(good, library, corpus).status == "unchanged"

    broken = add_upload(bad, library, corpus)
    assert (
        "front matter" in broken.error.lower() and not (corpus / "uploads" / "broken.md").exists()
    )
    assert "only .txt" in add_upload(exe, library, corpus).error
    twin = incoming / "ferry-news.txt"
    twin.write_text("Another text.\n", encoding="utf-8")
    assert "rename" in add_upload(twin, library, corpus).error
    assert index.document_ids() == ["uploads/ferry-news"]


@pytest.mark.parametrize(
    ("name", "safe"),
    [("../../etc/passwd", "passwd"), (".hidden.md", "hidden.md"), ("a b<c>.md", "a-b-c-.md")],
)
def test_upload_names_stay_inside_the_upload_folder(name: str, safe: str) -> None:
    assert safe_name(name) == safe
