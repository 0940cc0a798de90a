"""The app in real headless Chromium: ask, click [1], see the passage; upload and ask; markup
from a hostile document never runs. Screenshots (desktop, mobile, dark) go to tests/artifacts/.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.config import Settings
from assistant.corpus.load import load_corpus, starter_questions
from assistant.ledger.library import Library
from assistant.store.embedders import Embedder
from assistant.store.index import Index
from tests.browser import screenshot
from tests.security.helpers import crosscheck
from tests.serving import serve_app

FICTIONAL = Path(__file__).resolve().parent / "data" / "fictional"
DEMO = Path(__file__).resolve().parent.parent / "corpus"
ANSWER_SHOWN = "#cc-chat .cc-msg.cc-answered, #cc-chat .cc-msg.cc-unanswered, #cc-chat .cc-error"
PAYLOAD = "<script>alert(1)</script> <img src=x onerror=alert(1)>"
GOOD_DOC = (
    "---\ntitle: Quillon ferry strike ends\npublisher: Quillon Post\ndate: 2024-03-22\n"
    "stance: independent\n---\n"
    "The Quillon ferry strike lasted nineteen days, the Quillon Post reported.\n\n"
    "Ferries to the outer islands resumed on 22 March.\n"
)
EVIL_DOC = (
    "---\n"
    f'title: "{PAYLOAD}"\n'
    f'publisher: "{PAYLOAD}"\n'
    "url: javascript:alert(1)\n"
    f'affiliation: "{PAYLOAD}"\n'
    "stance: partisan\ndate: 2024-05-02\n---\n"
    "The Vardo bridge inspection found thirty-seven cracked bolts in May 2024. "
    f"{PAYLOAD} ${{alert(1)}} {{{{constructor.constructor('alert(1)')()}}}}\n"
)


@pytest.fixture(scope="module")
def demo_url(demo_library: Library, settings: Settings) -> Iterator[str]:
    app, url = serve_app(demo_library, settings)
    yield url
    app.close()


@pytest.fixture(scope="module")
def fresh(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder, settings: Settings
) -> Iterator[tuple[str, Path]]:
    """A server over its own index and corpus directory, which uploads may change."""
    root = tmp_path_factory.mktemp("fresh")
    corpus = root / "corpus"
    shutil.copytree(FICTIONAL, corpus)
    library = Library.over(Index(root / "index", embedder))
    library.sync_documents(load_corpus(corpus).documents)
    app, url = serve_app(library, replace(settings, corpus_dir=corpus, index_dir=root / "index"))
    yield url, corpus
    app.close()


def no_dialogs(page: Any) -> list[str]:
    seen: list[str] = []

    def fail(dialog: Any) -> None:
        seen.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", fail)
    return seen


def ask(page: Any, question: str) -> Any:
    before = page.locator(ANSWER_SHOWN).count()
    page.fill("#cc-question textarea", question)
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"document.querySelectorAll({ANSWER_SHOWN!r}).length > {before}", timeout=60_000
    )
    return page.locator(ANSWER_SHOWN).last


def test_ask_and_click_a_marker_to_see_its_passage(browser: Any, demo_url: str) -> None:
    page = browser.new_page(viewport={"width": 1360, "height": 900})
    dialogs = no_dialogs(page)
    page.goto(demo_url)
    page.get_by_text(starter_questions(DEMO)[0]).click()  # a starter question asks at once
    msg = page.locator(ANSWER_SHOWN).last
    msg.wait_for(timeout=60_000)
    assert "cc-answered" in (msg.get_attribute("class") or "")
    msg.locator("a.cc-ref").first.click()
    card = page.locator("#cc-evidence .cc-ev.cc-active")
    card.wait_for()
    mark = card.locator("blockquote mark.cc-hl")
    assert mark.is_visible()
    quote = mark.inner_text().strip()
    assert len(quote) > 20 and quote[:40] in msg.inner_text()  # the quote the answer cites
    assert card.locator(".cc-badge").count() == 1  # stance badge on the source card
    card.locator(".cc-full > summary").click()
    full_mark = card.locator(".cc-full mark.cc-hl")
    full_mark.wait_for()
    assert full_mark.inner_text().strip() == quote
    assert page.locator("#cc-evidence svg.cc-chart").count() >= 1  # the death toll is disputed
    screenshot(page, "ui-desktop")
    page.close()

    for name, options in {
        "ui-mobile": {"viewport": {"width": 390, "height": 844}, "is_mobile": True},
        "ui-dark": {"viewport": {"width": 1360, "height": 900}, "color_scheme": "dark"},
    }.items():
        page = browser.new_page(**options)
        page.goto(demo_url + ("?__theme=dark" if "dark" in name else ""))
        ask(page, starter_questions(DEMO)[1]).locator("a.cc-ref").first.click()
        page.locator("#cc-evidence .cc-ev.cc-active").wait_for()
        if "dark" in name:
            assert page.evaluate("document.body.classList.contains('dark')")
        else:
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 400, f"the page scrolls sideways on a phone ({width}px)"
        screenshot(page, name)
        page.close()
    assert dialogs == []


def test_upload_then_ask_and_hostile_markup_stays_text(
    browser: Any, fresh: tuple[str, Path], tmp_path: Path
) -> None:
    url, corpus = fresh
    good, evil, bad = tmp_path / "quillon.md", tmp_path / "vardo.md", tmp_path / "broken.md"
    good.write_text(GOOD_DOC, encoding="utf-8")
    evil.write_text(EVIL_DOC, encoding="utf-8")
    bad.write_text("---\ntitle: [never closed\n---\nText.\n", encoding="utf-8")
    page = browser.new_page(viewport={"width": 1360, "height": 900})
    dialogs = no_dialogs(page)
    page.goto(url)
    page.get_by_role("tab", name="Library").click()
    page.set_input_files("#cc-files input[type=file]", [str(good), str(evil), str(bad)])
    page.locator('#cc-files td.filename[aria-label="broken.md"]').wait_for()  # uploaded
    page.click("#cc-add")
    report = page.locator("#cc-upload-report .cc-upload-report")
    report.wait_for(timeout=60_000)
    assert report.locator(".cc-up-ok").count() == 2
    assert "broken.md" in report.locator(".cc-up-error").inner_text()
    assert (corpus / "uploads" / "quillon.md").is_file()
    assert not (corpus / "uploads" / "broken.md").exists()
    screenshot(page, "ui-library-upload")

    page.get_by_role("tab", name="Ask").click()
    msg = ask(page, "How long did the Quillon ferry strike last?")
    assert "nineteen days" in msg.inner_text()
    msg.locator("a.cc-ref").first.click()
    assert "Quillon Post" in page.locator("#cc-evidence .cc-ev.cc-active").inner_text()

    msg = ask(page, "How many cracked bolts did the Vardo bridge inspection find?")
    msg.locator("a.cc-ref").first.click()
    card = page.locator("#cc-evidence .cc-ev.cc-active")
    card.locator(".cc-full > summary").click()
    assert "<script>alert(1)</script>" in card.inner_text()  # shown as text
    page.get_by_role("tab", name="Library").click()
    page.locator("#cc-open-doc input").fill("vardo")
    page.get_by_role("option", name="vardo").first.click()
    page.locator("#cc-docview .cc-docview").wait_for()
    assert "javascript:alert(1)" in page.locator("#cc-docview").inner_text()
    injected = page.evaluate(
        """() => ({
            imgs: document.querySelectorAll('img[src="x"], img[onerror]').length,
            scripts: [...document.scripts].filter((s) => s.textContent.includes('alert(1)')).length,
            links: document.querySelectorAll('a[href^="javascript"]').length,
        })"""
    )
    assert injected == {"imgs": 0, "scripts": 0, "links": 0}
    assert dialogs == []
    page.close()


def test_a_new_visitor_sees_documents_added_after_the_server_started(
    browser: Any, tmp_path: Path, embedder: Embedder, settings: Settings
) -> None:
    note = tmp_path / "harbour-log.md"
    note.write_text(
        "---\ntitle: Harbour log\npublisher: Quillon Post\n---\n"
        "The Quillon harbour log recorded 14 ferry crossings on 3 March 2024.\n",
        encoding="utf-8",
    )
    with crosscheck(tmp_path / "site", embedder, settings) as served:
        with note.open("rb") as f:  # added through the API after the server started
            files = {"files": (note.name, f)}
            added = httpx.post(f"{served.url}/api/v1/documents", files=files, timeout=120)
        assert added.json()["documents"][0]["status"] == "added"
        page = browser.new_page(viewport={"width": 1360, "height": 900})
        page.goto(served.url + "/")
        page.get_by_role("tab", name="Library").click()
        page.locator("#cc-library").get_by_text("Harbour log").wait_for()
        page.locator("#cc-open-doc input").fill("harbour")
        page.get_by_role("option", name="harbour-log").first.click()
        page.locator("#cc-docview .cc-docview").wait_for()
        assert "14 ferry crossings" in page.locator("#cc-docview").inner_text()
        page.close()
