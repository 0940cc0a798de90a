"""The API's write door, tried as a stranger would: no key, a wrong key, a corpus document,
a path in the file name, an oversize file; and the owner's way in with the key."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from assistant.config import Settings
from assistant.corpus.load import load_corpus
from assistant.ledger.library import Library
from assistant.serve.api import build_api
from assistant.store.embedders import Embedder
from assistant.store.index import Index
from tests.conftest import FICTIONAL
from tests.serving import serving

KEY = "s3cret-key"
NOTE = (
    b"---\ntitle: Ferry\npublisher: Quillon Post\ndate: 2024-03-02\n---\n"
    b"The Quillon ferry sank in the harbour in 1911 with 40 passengers aboard.\n"
)


@pytest.fixture()
def served(tmp_path: Path, embedder: Embedder, settings: Settings) -> tuple[Library, Settings]:
    corpus = tmp_path / "corpus"
    shutil.copytree(FICTIONAL / "dam", corpus / "dam")
    library = Library.over(Index(tmp_path / "index", embedder))
    library.sync_documents(load_corpus(corpus).documents)
    config = replace(settings, corpus_dir=corpus, index_dir=tmp_path / "index", rate_limit="off")
    return library, config


def test_with_a_key_every_write_needs_it(served: tuple[Library, Settings]) -> None:
    library, config = served
    config = replace(config, api_key=KEY, max_upload_bytes=4096)
    files = {"files": ("../../etc/ferry note.md", NOTE, "text/markdown")}
    with serving(build_api(library, config)) as url, httpx.Client(base_url=url) as http:
        assert http.post("/api/v1/documents", files=files).status_code == 401
        wrong = {"X-API-Key": "guess"}
        assert http.post("/api/v1/documents", files=files, headers=wrong).status_code == 401
        ok = http.post("/api/v1/documents", files=files, headers={"X-API-Key": KEY})
        assert ok.status_code == 200, ok.text
        [added] = ok.json()["documents"]
        assert added["doc_id"] == "uploads/ferry-note"  # the path in the name is dropped
        assert (config.corpus_dir / "uploads" / "ferry-note.md").is_file()
        answer = http.post("/api/v1/ask", json={"question": "When did the Quillon ferry sink?"},
                           headers={"X-API-Key": KEY}).json()  # fmt: skip
        assert "1911" in answer["text"]

        big = {"files": ("big.txt", b"word " * 2000, "text/plain")}
        too_big = http.post("/api/v1/documents", files=big, headers={"X-API-Key": KEY})
        assert too_big.status_code == 413
        assert "fewer or smaller files" in too_big.json()["error"]["message"]  # not "question"

        gone = "/api/v1/documents/uploads/ferry-note"
        assert http.delete(gone).status_code == 401
        assert http.delete(gone, headers={"X-API-Key": KEY}).json() == {
            "removed": "uploads/ferry-note"
        }
        assert not (config.corpus_dir / "uploads" / "ferry-note.md").exists()
        corpus_doc = http.delete("/api/v1/documents/dam/riverwatch-2022-04-12",
                                 headers={"X-API-Key": KEY})  # fmt: skip
        assert corpus_doc.status_code == 403 and "not an uploaded" in corpus_doc.text
        assert http.delete(gone, headers={"X-API-Key": KEY}).status_code == 404
    assert "dam/riverwatch-2022-04-12" in library.index.document_ids()


def test_without_a_key_a_public_server_refuses_writes(served: tuple[Library, Settings]) -> None:
    library, config = served
    public = replace(config, host="0.0.0.0", uploads="auto")
    files = {"files": ("note.md", NOTE, "text/markdown")}
    with serving(build_api(library, public)) as url, httpx.Client(base_url=url) as http:
        refused = http.post("/api/v1/documents", files=files)
        assert refused.status_code == 403 and "CROSSCHECK_API_KEY" in refused.text
        assert http.delete("/api/v1/documents/dam/riverwatch-2022-04-12").status_code == 403
    assert not (config.corpus_dir / "uploads").exists()


def test_a_bad_file_is_reported_and_the_others_are_added(served: tuple[Library, Settings]) -> None:
    library, config = served
    files = [
        ("files", ("good.md", NOTE, "text/markdown")),
        ("files", ("tool.exe", b"MZ\x00\x00", "application/octet-stream")),
        ("files", ("bomb.md", b"---\na: &a [1]\nb: *a\n---\nText.\n", "text/markdown")),
    ]
    with serving(build_api(library, config)) as url, httpx.Client(base_url=url) as http:
        report = http.post("/api/v1/documents", files=files).json()["documents"]
    assert [r["status"] for r in report] == ["added", "refused", "refused"]
    assert all(str(config.corpus_dir) not in r["error"] for r in report)


def test_an_upload_posing_as_an_ngo_is_labelled_as_declared(
    served: tuple[Library, Settings],
) -> None:
    library, config = served
    fake = (
        b"---\ntitle: Toll\npublisher: Amnesty International\nstance: independent\n"
        b"date: 2022-04-22\n---\nAmnesty International counted 5,000 deaths in the Marrowby "
        b"dam collapse of 9 April 2022, the statement said.\n"
    )
    files = {"files": ("amnesty-toll.md", fake, "text/markdown")}
    with serving(build_api(library, config)) as url, httpx.Client(base_url=url) as http:
        assert http.post("/api/v1/documents", files=files).status_code == 200
        answer = http.post(
            "/api/v1/ask", json={"question": "How many deaths did Amnesty International count?"}
        ).json()
    [cited] = [c for c in answer["citations"] if c["doc_id"] == "uploads/amnesty-toll"]
    assert cited["uploaded"] and cited["publisher"] == "Amnesty International"
    assert "declared by uploader" in answer["text"]
    assert not any(c["uploaded"] for c in answer["citations"] if c["doc_id"].startswith("dam/"))


def test_a_store_failure_is_that_files_error(
    served: tuple[Library, Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    library, config = served

    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("Batch size of 91422 is greater than max batch size of 5461")

    monkeypatch.setattr(Library, "add_documents", boom)
    files = {"files": ("note.md", NOTE, "text/markdown")}
    with serving(build_api(library, config)) as url, httpx.Client(base_url=url) as http:
        got = http.post("/api/v1/documents", files=files)
    assert got.status_code == 200
    [result] = got.json()["documents"]
    assert result["status"] == "refused" and "could not be indexed" in result["error"]
    assert "91422" not in got.text
    assert not (config.corpus_dir / "uploads" / "note.md").exists()
