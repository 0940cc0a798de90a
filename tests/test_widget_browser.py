"""The embeddable widget in real Chromium, on a host page served from another origin, talking to
the real server (uvicorn: Gradio UI + API + widget) over a real index."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from app import build_app
from assistant.config import Settings
from assistant.corpus.load import load_corpus
from assistant.ledger.library import Library
from assistant.models.registry import register_chat_model
from assistant.serve.server import build_server
from assistant.store.embedders import Embedder
from assistant.store.index import Index
from assistant.ui.style import CSS, HEAD, theme
from tests.browser import free_port, screenshot
from tests.conftest import FICTIONAL
from tests.fake_llm import ScriptedChat
from tests.serving import serving, static_site

DISPUTED = "How many people were killed when the Marrowby dam collapsed?"
GRAIN = "How many tonnes of grain were lost?"
PAYLOAD_QUESTION = "How many shipwrecks did the Orbel lighthouse keeper count on the Orbel reef?"
# A source whose text and metadata carry markup: shown as text, it must never run.
PAYLOAD_DOC = (
    "---\n"
    'title: "Orbel reef shipwreck report <img src=x onerror=\\"window.__pwned=\'title\'\\">"\n'
    "publisher: \"<script>window.__pwned='publisher';alert('publisher')</script>Orbel Watch\"\n"
    "date: 2021-12-01\n"
    "url: \"javascript:window.__pwned='url';alert('url')\"\n"
    "kind: report\n"
    "stance: independent\n"
    'affiliation: "<img src=x onerror=\\"alert(\'aff\')\\">Harbour volunteers"\n'
    "---\n"
    "# Orbel reef shipwrecks in 2021\n\n"
    "The Orbel lighthouse keeper counted 14 shipwrecks on the Orbel reef in 2021 "
    "<script>window.__pwned='text';alert('text')</script> and "
    "<img src=x onerror=\"window.__pwned='img';alert('img')\"> reported them to the harbour "
    "office.\n\n"
    "Most of the Orbel reef shipwrecks in 2021 happened during the autumn storms, the Orbel "
    "Watch said.\n"
)
# A host site with hostile CSS: none of it may reach inside the widget.
HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Host site</title>
<style>
  * {{ font-family: "Comic Sans MS", cursive !important; }}
  div, p, button, input, table, details {{ color: #f0f !important; font-size: 30px !important;
    background: lime !important; display: block !important; }}
  crosscheck-widget {{ transform: scale(.3); filter: blur(4px); display: none !important; }}
</style></head>
<body><h1>A host site</h1><p>An article about something else entirely.</p>
<script src="{api}/widget.js" data-endpoint="{api}" data-title="Ask the sources"
  data-position="bottom-left" data-theme="dark"></script>
</body></html>
"""


@dataclass(frozen=True)
class Sites:
    api: str
    allowed: str  # a host site on the CORS allow-list
    refused: str  # a host site that is not


@pytest.fixture(scope="module")
def widget_index(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Library:
    root = tmp_path_factory.mktemp("widget")
    corpus = root / "corpus"
    shutil.copytree(FICTIONAL, corpus)
    (corpus / "reef").mkdir()
    (corpus / "reef" / "orbel-harbour-watch-2021-12-01.md").write_text(PAYLOAD_DOC)
    library = Library.over(Index(root / "index", embedder))
    library.sync_documents(load_corpus(Path(corpus)).documents)
    return library


@pytest.fixture(scope="module")
def sites(widget_index: Library, settings: Settings) -> Iterator[Sites]:
    api_port, allowed_port, refused_port = free_port(), free_port(), free_port()
    api = f"http://127.0.0.1:{api_port}"
    allowed = f"http://127.0.0.1:{allowed_port}"
    config = replace(
        settings, cors_origins=(allowed,), rate_limit="300/minute", api_key="", port=api_port
    )
    ui = build_app(widget_index, config)
    server = build_server(widget_index, config, ui, css=CSS, theme=theme(), head=HEAD)
    page = HOST_PAGE.format(api=api)
    with ExitStack() as stack:
        base = stack.enter_context(serving(server, api_port))
        assert base == api
        stack.enter_context(static_site(page, allowed_port))
        refused = stack.enter_context(static_site(page, refused_port))
        yield Sites(api, allowed, refused)


class Watched:
    """A page whose dialogs (alert/confirm) and uncaught errors are recorded."""

    def __init__(self, browser: Any) -> None:
        self.page = browser.new_page(viewport={"width": 1200, "height": 900})
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def ask(self, question: str) -> None:
        self.page.locator(".launcher").click()
        box = self.page.locator("input")
        box.fill(question)
        box.press("Enter")

    def close(self) -> None:
        self.page.close()


@pytest.fixture()
def watched(browser: Any) -> Iterator[Watched]:
    w = Watched(browser)
    yield w
    w.close()


def test_widget_answers_with_citations_flags_and_dispute_card(
    watched: Watched, sites: Sites
) -> None:
    page = watched.page
    page.goto(sites.allowed)
    watched.ask(DISPUTED)
    card = page.locator(".dispute")
    card.wait_for(timeout=90_000)
    rows = card.locator("tbody tr")
    assert rows.count() >= 2
    table = card.inner_text()
    assert "Riverwatch Institute" in table and "more than 200" in table and "Claimant" in table
    assert card.locator(".badge.partisan").count() >= 1
    card.scroll_into_view_if_needed()
    screenshot(page, "widget")

    cites = page.locator("details.cite")
    assert cites.count() >= 2
    assert page.locator(".flag[data-kind='partisan_source']").count() == 1
    first = cites.first
    first.locator("summary").click()
    assert first.locator("mark").is_visible()
    first.locator(".ok").wait_for(timeout=30_000)  # context fetched cross-origin and verified
    assert "Verified" in first.locator(".ok").inner_text()

    card.locator(".ref").first.click()  # a claim's [n] opens the citation quoting it
    n = card.locator(".ref").first.inner_text().strip("[]")
    assert page.locator(f"details.cite[data-n='{n}']").get_attribute("open") is not None

    launcher = page.locator(".launcher").bounding_box()
    assert launcher is not None and 50 <= launcher["width"] <= 60 and launcher["x"] < 100
    size = page.locator(".msg.user").evaluate("e => getComputedStyle(e).fontSize")
    assert size == "14px"  # the host page's 30px !important does not reach the widget
    screenshot(page, "widget-citation")
    assert not watched.dialogs and not watched.errors


def test_source_markup_never_runs_inside_the_widget(watched: Watched, sites: Sites) -> None:
    page = watched.page
    page.goto(sites.allowed)
    watched.ask(PAYLOAD_QUESTION)
    page.locator("details.cite").first.wait_for(timeout=90_000)
    for summary in page.locator("details.cite summary").all():
        summary.click()
    page.locator("details.cite .ok").first.wait_for(timeout=30_000)
    text = page.locator(".msg.bot").last.inner_text()
    assert "<script>" in text and "onerror" in text  # shown as text, verbatim
    injected = page.evaluate(
        """() => {
          const root = document.querySelector('crosscheck-widget').shadowRoot;
          return {
            elements: root.querySelectorAll('script, img, iframe, object, embed').length,
            links: [...root.querySelectorAll('a')].map((a) => a.getAttribute('href')),
            pwned: window.__pwned === undefined ? null : String(window.__pwned),
            hostImages: document.querySelectorAll('img').length,
          };
        }"""
    )
    assert injected["elements"] == 0 and injected["hostImages"] == 0
    assert injected["pwned"] is None
    assert all(href.startswith(("http://", "https://")) for href in injected["links"])
    assert not watched.dialogs, watched.dialogs
    assert not watched.errors


def test_an_origin_off_the_allow_list_is_refused(watched: Watched, sites: Sites) -> None:
    page = watched.page
    page.goto(sites.refused)
    watched.ask(GRAIN)
    error = page.locator(".msg.bot .error")
    error.wait_for(timeout=30_000)
    assert "allowed origins" in error.inner_text()
    assert page.locator("details.cite").count() == 0

    preflight = httpx.options(
        f"{sites.api}/api/v1/ask/stream",
        headers={
            "Origin": sites.refused,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert "access-control-allow-origin" not in preflight.headers
    plain = httpx.get(f"{sites.api}/api/v1/documents/dam/riverwatch-2022-04-18",
                      headers={"Origin": sites.refused})  # fmt: skip
    assert "access-control-allow-origin" not in plain.headers
    allowed = httpx.get(f"{sites.api}/api/v1/documents/dam/riverwatch-2022-04-18",
                        headers={"Origin": sites.allowed})  # fmt: skip
    assert allowed.headers["access-control-allow-origin"] == sites.allowed
    assert not watched.errors


def test_widget_demo_page_embeds_it_with_one_line(watched: Watched, sites: Sites) -> None:
    page = watched.page
    page.goto(f"{sites.api}/widget-demo")
    watched.ask(GRAIN)
    page.locator("details.cite").first.wait_for(timeout=60_000)
    assert "1,200" in page.locator(".msg.bot .text").last.inner_text()
    page.locator("details.cite summary").first.click()
    page.locator("details.cite .ok").first.wait_for(timeout=30_000)
    screenshot(page, "widget-demo")
    assert page.locator(".launcher").get_attribute("aria-expanded") == "true"
    page.locator("input").press("Escape")
    assert page.locator(".panel").is_hidden()
    assert not watched.dialogs and not watched.errors


LEAD = (
    "Meridian Press reported that roughly 5,000 dockworkers took part in the Port Celadon "
    "strike <<roughly 5,000 dockworkers>>."
)


def test_widget_in_llm_mode_shows_the_streamed_lead_above_the_quotes(
    browser: Any, widget_index: Library, settings: Settings
) -> None:
    """data-mode="llm": the scripted model (standing in for a remote LLM) streams a lead over
    the API's SSE; the widget shows it set apart, above the verified quotes."""
    register_chat_model("widget-scripted", lambda: ScriptedChat(LEAD))
    api_port, site_port = free_port(), free_port()
    api, site = f"http://127.0.0.1:{api_port}", f"http://127.0.0.1:{site_port}"
    llm = replace(settings.llm, backend="widget-scripted", judge="")
    config = replace(settings, cors_origins=(site,), api_key="", port=api_port, llm=llm)
    ui = build_app(widget_index, config)
    server = build_server(widget_index, config, ui, css=CSS, theme=theme(), head=HEAD)
    page_html = HOST_PAGE.format(api=api).replace(
        'data-theme="dark"', 'data-theme="dark" data-mode="llm"'
    )
    with serving(server, api_port), static_site(page_html, site_port):
        w = Watched(browser)
        try:
            w.page.goto(site)
            w.ask("How many dockworkers took part in the Port Celadon strike?")
            lead = w.page.locator(".text p.lead")
            lead.wait_for(timeout=90_000)
            assert "roughly 5,000 dockworkers took part" in lead.inner_text()
            assert lead.locator(".ref").count() == 1  # its [n] opens the quote below
            assert w.page.locator("details.cite").count() >= 2
            screenshot(w.page, "widget-lead")
            assert not w.dialogs and not w.errors
        finally:
            w.close()
