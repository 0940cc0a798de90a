"""The Python API as a developer uses it: `from assistant import Crosscheck`."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from assistant import Crosscheck
from assistant.config import Settings
from assistant.grounding.quotes import verify
from assistant.types import Answer, Dispute, Token

from .conftest import FICTIONAL


def test_open_ask_stream_add_remove_disputes(tmp_path: Path, settings: Settings) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(FICTIONAL, corpus)
    cc = Crosscheck.open(corpus=corpus, index=tmp_path / "index", settings=settings)

    answer = cc.ask("How many people died when the Marrowby dam collapsed?")
    assert answer.answered and answer.citations
    assert all(verify(c, cc.library.index.text(c.doc_id)) for c in answer.citations)
    assert answer.disputes and all(isinstance(d, Dispute) for d in answer.disputes)
    assert {d.id for d in answer.disputes} <= {d.id for d in cc.disputes()}

    events = list(cc.ask_stream("How long did the Port Celadon strike last?"))
    assert isinstance(events[-1], Answer) and all(isinstance(e, Token) for e in events[:-1])

    note = tmp_path / "ferry note.md"
    note.write_text(
        "---\ntitle: Ferry\npublisher: Quillon Post\n---\n"
        "The Quillon ferry sank in the harbour in 1911, with 40 passengers aboard.\n"
    )
    bad = tmp_path / "tool.exe"
    bad.write_bytes(b"MZ")
    good, refused = cc.add([note, bad])
    assert good.doc_id == "uploads/ferry-note" and good.status == "added" and refused.error
    assert "1911" in cc.ask("When did the Quillon ferry sink?").text
    assert cc.remove("uploads/ferry-note") is None
    assert not (corpus / "uploads" / "ferry-note.md").exists()
    assert "not an uploaded document" in (cc.remove("dam/riverwatch-2022-04-12") or "")
    assert "uploads/ferry-note" not in {d.id for d in cc.documents()}

    again = Crosscheck.open(index=tmp_path / "index", sync=False, settings=replace(settings))
    assert again.ask("How many people died when the Marrowby dam collapsed?").citations
