"""Crosscheck web app: `python app.py` serves http://127.0.0.1:7860; `make run` builds the index.

`build_app(library, settings)` builds the Blocks and `main()` launches them inside the one
server of `assistant.serve.server` (which also passes the styles to Gradio). What is shown is
made by the pure functions of `assistant/ui/`; this module only wires them to components.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr
from gradio.utils import get_upload_folder

from assistant.answer.pipeline import ask_stream
from assistant.config import Settings, offline_environment
from assistant.corpus.load import SUFFIXES, starter_questions
from assistant.errors import CrosscheckError
from assistant.ledger.library import Library, add_uploads, open_library
from assistant.serve.guards import TokenBucket
from assistant.serve.policy import discard, upload_refusal, uploaded_files
from assistant.serve.server import build_server, run_server, warm
from assistant.store.index import Index
from assistant.types import STANCES, Answer, Interim, Mode, Source, Token, Turn
from assistant.ui.evidence import cited_doc_ids, render_evidence
from assistant.ui.library import (
    LEDGER_HEADERS,
    LIBRARY_HEADERS,
    LibraryFilter,
    date_problem,
    document_choices,
    ledger_rows,
    ledger_summary,
    library_rows,
    publisher_choices,
    render_document,
)
from assistant.ui.render import esc, render_error, render_message, render_pending
from assistant.ui.style import HEADER, evidence_script
from assistant.ui.upload import render_upload_report

log = logging.getLogger("crosscheck.app")
KEPT_TURNS = 8  # answers whose evidence stays in the panel
UPLOAD_TYPES = list(SUFFIXES)
Turns = list[tuple[int, Answer]]
__all__ = ["build_app", "main"]


def build_app(library: Library | Index, settings: Settings) -> gr.Blocks:
    """The app over `library` (or an open `Index`, as callers before the ledger split passed):
    Ask (chat + evidence) and Library tabs. Launching is the caller's."""
    if isinstance(library, Index):
        library = Library.over(library)
    lock = threading.Lock()  # uploads write the index; each answering step reads it
    limiter = TokenBucket.for_rate(settings.rate_limit)
    with gr.Blocks(title="Crosscheck", analytics_enabled=False) as app:
        gr.HTML(HEADER, elem_id="cc-top", js_on_load=None)
        with gr.Tabs():
            with gr.Tab("Ask", id="ask"):
                _ask_tab(library, settings, lock, limiter)
            with gr.Tab("Library", id="library"):
                _library_tab(library, settings, lock)
    app.rate_limiter = limiter  # type: ignore[attr-defined]  # the server shares it with /api/
    return app


def _evidence(library: Library, turns: Turns, show_all: bool) -> str:
    texts = {d: library.index.text(d) or "" for d in cited_doc_ids(turns)}
    return render_evidence(turns, texts, show_all=show_all)


def _failure(exc: CrosscheckError, mode: str) -> str:
    """What a visitor is told (no server paths); the whole error goes to the server log."""
    log.error("answer failed: %s", exc)
    if mode == "llm":
        return (
            f"The language-model answer mode failed: {exc.public()} "
            "Under Settings, choose “Quotes only” to answer without a language model."
        )
    return exc.public()


def _respond(
    library: Library,
    settings: Settings,
    lock: threading.Lock,
    message: str,
    history: list[Any],
    turns: Turns,
    mode: Mode,
    k: int,
    show_all: bool,
) -> Iterator[tuple[Any, ...]]:
    """Chat updates: the question, the answer text as it streams, then the verified answer
    with its evidence panel. Yields (box, chat, evidence, turns)."""
    shown = [*history, {"role": "user", "content": message}]
    shown.append({"role": "assistant", "content": render_pending("")})
    yield "", shown, gr.skip(), turns
    context = [Turn(a.question, a.text) for _, a in turns[-settings.llm.history_turns :]]
    stream = ask_stream(message, library, settings, k=k, mode=mode, history=context)
    text, answer, interim = "", None, None
    turn = turns[-1][0] + 1 if turns else 1
    try:
        while True:
            with lock:  # one step at a time: never held across a yield
                event = next(stream, None)
            if event is None:
                break
            if isinstance(event, Interim):  # LLM mode: the extractive answer, while the lead comes
                interim = event.answer
            elif isinstance(event, Token):
                text += event.text
            else:
                answer = event
                continue
            shown[-1] = {"role": "assistant", "content": render_pending(text, interim, turn)}
            yield "", shown, gr.skip(), turns
    except CrosscheckError as exc:
        shown[-1] = {"role": "assistant", "content": render_error(_failure(exc, mode))}
        yield "", shown, gr.skip(), turns
        return
    assert answer is not None, "ask_stream always ends with an Answer"
    turns = [*turns, (turn, answer)][-KEPT_TURNS:]
    shown[-1] = {"role": "assistant", "content": render_message(answer, turn, asked=message)}
    with lock:
        panel = _evidence(library, turns, show_all)
    yield "", shown, panel, turns


def _over_the_limit(
    limiter: TokenBucket | None, request: gr.Request, message: str, history: list[Any], turns: Turns
) -> tuple[Any, ...] | None:
    """The chat update that refuses a question over the per-client rate limit, or None."""
    wait = limiter.take(_client(request)) if limiter else 0.0
    if wait <= 0:
        return None
    refusal = f"Too many questions from this address; try again in {math.ceil(wait)} s."
    return (
        message,
        [*history, {"role": "assistant", "content": render_error(refusal)}],
        gr.skip(),
        turns,
    )


def _client(request: gr.Request | None) -> str:
    """The address a question came from, as the API's rate limit keys it."""
    client = getattr(request, "client", None)
    return str(getattr(client, "host", "") or "unknown")


def _filtered(
    sources: dict[str, Source], st: list[str], pubs: list[str], lo: str, hi: str, words: str
) -> tuple[list[list[str]], str]:
    """Library rows for the filter fields, and a note (count, or why a date is not usable)."""
    problems = [p for p in (date_problem(lo or ""), date_problem(hi or "")) if p]
    f = LibraryFilter(tuple(st or ()), tuple(pubs or ()), lo or "", hi or "", words or "")
    rows = library_rows(sources, f)
    msg = " ".join(problems) or f"{len(rows)} of {len(sources)} documents."
    return rows, f'<p class="cc-note">{esc(msg)}</p>'


def _settings_panel(settings: Settings) -> tuple[gr.Radio, gr.Slider, gr.Checkbox]:
    with gr.Accordion("Settings", open=False, elem_id="cc-settings"):
        mode = gr.Radio(
            [("Quotes only (extractive)", "extractive"), ("Language model (llm)", "llm")],
            value=settings.mode,
            label="Answer mode",
            info="Quotes only never writes a word the sources do not say. The language "
            "model writes prose whose every sentence is checked against its quote.",
            elem_id="cc-mode",
        )
        k = gr.Slider(1, 20, value=settings.top_k, step=1, label="Number of sources (top-k)")
        show_all = gr.Checkbox(
            False,
            label="Show everything retrieved",
            info="List every passage retrieval returned, not only the quoted ones.",
            elem_id="cc-show-all",
        )
    return mode, k, show_all


def _chat(settings: Settings) -> tuple[gr.Chatbot, gr.Textbox]:
    chat = gr.Chatbot(
        label="Answers",
        show_label=False,
        elem_id="cc-chat",
        height="min(68vh, 720px)",
        latex_delimiters=[],
        examples=[{"text": q} for q in starter_questions(settings.corpus_dir)] or None,
        placeholder="Ask about the events in the library, or pick a question below.",
        feedback_options=None,
        buttons=["copy"],
    )
    box = gr.Textbox(
        placeholder="Ask about the events in the library…",
        show_label=False,
        elem_id="cc-question",
        submit_btn="Ask",
        max_lines=6,
    )
    return chat, box


def _ask_tab(
    library: Library, settings: Settings, lock: threading.Lock, limiter: TokenBucket | None
) -> None:
    turns = gr.State([])
    with gr.Row(equal_height=False, elem_id="cc-ask"):
        with gr.Column(scale=5, min_width=320, elem_id="cc-chatcol"):
            chat, box = _chat(settings)
            mode, k, show_all = _settings_panel(settings)
        with gr.Column(scale=6, min_width=320, elem_id="cc-evcol"):
            evidence = gr.HTML(
                render_evidence([], {}), elem_id="cc-evidence", js_on_load=evidence_script()
            )

    def respond(
        message: str,
        history: list[Any],
        turns_: Turns,
        mode_: Mode,
        k_: float,
        all_: bool,
        request: gr.Request,
    ) -> Iterator[tuple[Any, ...]]:
        refused = _over_the_limit(limiter, request, message, history, turns_)
        if refused:
            yield refused
            return
        yield from _respond(library, settings, lock, message, history, turns_, mode_, int(k_), all_)

    def starter(evt: gr.SelectData) -> str:
        value = evt.value
        return str(value.get("text", "")) if isinstance(value, dict) else str(value)

    def rerender(turns_: Turns, all_: bool) -> str:
        with lock:
            return _evidence(library, turns_, all_)

    inputs = [box, chat, turns, mode, k, show_all]
    outputs = [box, chat, evidence, turns]
    box.submit(respond, inputs, outputs, api_name="respond")
    chat.example_select(starter, None, box, api_visibility="private").then(
        respond, inputs, outputs, api_visibility="private"
    )
    show_all.change(rerender, [turns, show_all], evidence, api_visibility="private")
    chat.clear(
        lambda: ([], render_evidence([], {})), None, [turns, evidence], api_visibility="private"
    )


@dataclass
class _Library:
    """The Library tab's components that its events read or update."""

    filters: list[Any]
    note: gr.HTML
    table: gr.Dataframe
    picker: gr.Dropdown
    docview: gr.HTML
    ledger_note: gr.HTML
    ledger: gr.Dataframe


def _library_tab(library: Library, settings: Settings, lock: threading.Lock) -> None:
    gr.HTML(
        '<p class="cc-note">Every document Crosscheck can quote. Filter the table, pick a row to '
        "read the document, or add your own files below.</p>"
    )
    with gr.Accordion("Add documents", open=True, elem_id="cc-upload"):
        files = gr.File(
            file_count="multiple",
            file_types=UPLOAD_TYPES,
            label="Text, Markdown (with optional YAML front matter), HTML or PDF",
            height=140,
            elem_id="cc-files",
        )
        key = gr.Textbox(
            label="Key",
            type="password",
            placeholder="CROSSCHECK_API_KEY",
            visible=bool(settings.api_key),  # always an input, so the API's shape never changes
            elem_id="cc-key",
        )
        add = gr.Button("Add to the library", variant="primary", elem_id="cc-add")
        report = gr.HTML(elem_id="cc-upload-report")
    lib = _library_view(library)
    _library_events(lib, library, lock)

    def upload(
        paths: list[str] | None,
        key_: str | None,
        *current: Any,
        progress: Any = gr.Progress(),  # noqa: B008  (gradio's way to ask for a progress bar)
    ) -> tuple[Any, ...]:
        def tell(fraction: float, what: str) -> None:
            progress(fraction, desc=what)

        try:
            report_html = _add_files(library, settings, paths or [], key_, tell)
        finally:
            discard(paths or [], Path(get_upload_folder()))
        return (report_html, None, *refresh(*current))

    def refresh(*current: Any) -> tuple[Any, ...]:
        return _library_state(library, lock, current)

    shown = [lib.table, lib.note, lib.filters[1], lib.picker, lib.ledger, lib.ledger_note]
    add.click(upload, [files, key, *lib.filters], [report, files, *shown], api_name="upload")
    # a new visitor, or a reload, sees the documents and ledger as they are now
    gr.on([gr.context.get_blocks_context().root_block.load], refresh, lib.filters, shown,
          api_visibility="private")  # fmt: skip


def _library_state(library: Library, lock: threading.Lock, current: Any) -> tuple[Any, ...]:
    """The Library tab's table, filter choices and ledger as the index holds them now."""
    with lock:
        srcs, disputes = library.index.sources(), library.disputes()
        rows, msg = _filtered(srcs, *current)
    return (
        rows,
        msg,
        gr.update(choices=publisher_choices(srcs)),
        gr.update(choices=document_choices(srcs)),
        ledger_rows(disputes),
        f'<p class="cc-note">{ledger_summary(disputes)}</p>',
    )


def _add_files(
    library: Library,
    settings: Settings,
    paths: list[str],
    key: str | None,
    tell: Callable[[float, str], None],
) -> str:
    """The upload report: refused whole by the write policy, else file by file; only files
    Gradio received (inside its upload folder) are ever read."""
    refusal = upload_refusal(settings, key)
    if refusal is not None:
        return render_error(refusal)
    found, refused = uploaded_files(paths, Path(get_upload_folder()))
    # indexing holds the library's write lock, not the app's: questions keep being answered
    results = add_uploads(found, library, settings.corpus_dir, tell)
    return render_upload_report([*results, *refused])


def _library_view(library: Library) -> _Library:
    sources = library.index.sources()
    with gr.Row(elem_id="cc-filters"):
        filters = [
            gr.CheckboxGroup(list(STANCES), label="Stance", min_width=200),
            gr.Dropdown(
                publisher_choices(sources), multiselect=True, label="Publisher", min_width=200
            ),
            gr.Textbox(label="From", placeholder="YYYY-MM-DD", min_width=110),
            gr.Textbox(label="To", placeholder="YYYY-MM-DD", min_width=110),
            gr.Textbox(label="Search", placeholder="title, publisher or id", min_width=160),
        ]
    note = gr.HTML()
    table = gr.Dataframe(
        library_rows(sources, LibraryFilter()),
        headers=LIBRARY_HEADERS,
        datatype="str",
        interactive=False,
        wrap=True,
        max_height=420,
        column_widths=["32%", "18%", "10%", "10%", "16%", "14%"],
        elem_id="cc-library",
    )
    picker = gr.Dropdown(
        document_choices(sources), value=None, label="Open a document", elem_id="cc-open-doc"
    )
    docview = gr.HTML(elem_id="cc-docview")
    with gr.Accordion("Dispute ledger", open=False, elem_id="cc-ledger"):
        disputes = library.disputes()
        ledger_note = gr.HTML(f'<p class="cc-note">{ledger_summary(disputes)}</p>')
        ledger = gr.Dataframe(
            ledger_rows(disputes),
            headers=LEDGER_HEADERS,
            datatype="str",
            interactive=False,
            wrap=True,
            max_height=420,
        )
    return _Library(filters, note, table, picker, docview, ledger_note, ledger)


def _library_events(lib: _Library, library: Library, lock: threading.Lock) -> None:
    def filtered(st: list[str], pubs: list[str], lo: str, hi: str, words: str) -> tuple[Any, str]:
        with lock:
            return _filtered(library.index.sources(), st, pubs, lo, hi, words)

    def open_doc(doc_id: str | None) -> str:
        if not doc_id:
            return ""
        with lock:
            doc = library.index.document(doc_id)
        return render_document(doc) if doc else render_error(f"No document {doc_id} in the index.")

    def select_row(evt: gr.SelectData) -> Any:
        row = evt.row_value or []
        return gr.update(value=str(row[-1])) if row else gr.skip()  # the id is the last column

    changes = [c.change for c in lib.filters]
    gr.on(changes, filtered, lib.filters, [lib.table, lib.note], api_visibility="private")
    lib.table.select(select_row, None, lib.picker, api_visibility="private")
    lib.picker.change(open_doc, lib.picker, lib.docview, api_visibility="private")


def main() -> None:
    offline_environment()
    settings = Settings.from_env()
    library = open_library(settings)
    warm(library)
    run_server(build_server(library, settings, build_app(library, settings)), settings)


if __name__ == "__main__":
    main()
