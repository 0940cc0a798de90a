"""Uploads through the real server: only files Gradio received are read, and only when the
write policy allows; the temporary copies are deleted."""

from __future__ import annotations

from pathlib import Path

from assistant.config import Settings
from assistant.store.embedders import Embedder
from tests.security.helpers import (
    GOOD,
    call_upload,
    crosscheck,
    file_data,
    upload_folder,
    upload_for_real,
)

SECRET = "---\ntitle: Server secret\n---\nThe database password is hunter2-outside.\n"


def test_upload_naming_a_server_file_is_refused_unread(
    tmp_path: Path, embedder: Embedder, settings: Settings
) -> None:
    secret = tmp_path / "outside" / "secret.md"
    secret.parent.mkdir()
    secret.write_text(SECRET, encoding="utf-8")
    link_dir = upload_folder()
    with crosscheck(tmp_path, embedder, settings, api_key="", uploads="auto") as served:
        event, result = call_upload(served.url, [file_data(str(secret))])
        also, again = call_upload(served.url, [file_data(str(link_dir / ".." / secret.name))])
        ids = served.library.index.document_ids()
    for name, outcome in ((event, result), (also, again)):  # Gradio's check, or the handler's
        refused = name == "error" or "not an uploaded file" in str(outcome[0])
        assert refused and "hunter2" not in str(outcome), outcome
    copies = [p for p in upload_folder().rglob("secret.md") if "hunter2" in p.read_text()]
    assert copies == []  # not even copied into Gradio's cache
    assert ids == ["seed"]  # not in the index
    assert not (served.corpus / "uploads").exists()  # not in the corpus
    assert secret.read_text(encoding="utf-8") == SECRET  # neither read into place nor deleted


def test_upload_through_a_symlink_out_of_the_upload_folder_is_refused(
    tmp_path: Path, embedder: Embedder, settings: Settings
) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text(SECRET, encoding="utf-8")
    with crosscheck(tmp_path, embedder, settings, api_key="", uploads="open") as served:
        stored = Path(upload_for_real(served.url, "innocent.md", GOOD))
        stored.unlink()
        stored.symlink_to(secret)  # a path inside the folder that resolves outside it
        event, result = call_upload(served.url, [file_data(str(stored))])
        ids = served.library.index.document_ids()
        stored.unlink(missing_ok=True)
    refused = event == "error" or "not an uploaded file" in str(result[0])
    assert refused and "hunter2" not in str(result), result
    assert ids == ["seed"] and not (served.corpus / "uploads").exists()
    assert secret.read_text(encoding="utf-8") == SECRET


def test_upload_without_the_key_is_refused_when_a_key_is_set(
    tmp_path: Path, embedder: Embedder, settings: Settings
) -> None:
    with crosscheck(tmp_path, embedder, settings, api_key="s3cret-key") as served:
        first = Path(upload_for_real(served.url, "bridge.md", GOOD))
        _, refused = call_upload(served.url, [file_data(str(first))])
        _, wrong = call_upload(served.url, [file_data(str(first))], key="guess")
        ids_refused = served.library.index.document_ids()
        nothing_written = not (served.corpus / "uploads").exists()
        second = Path(upload_for_real(served.url, "bridge.md", GOOD))
        _, added = call_upload(served.url, [file_data(str(second))], key="s3cret-key")
        ids_added = served.library.index.document_ids()
    assert "Key" in refused[0] and "wrong" in wrong[0]
    assert ids_refused == ["seed"] and nothing_written
    assert not first.exists() and not second.exists()  # temp copies deleted, refused or not
    assert "uploads/bridge" in added[0] and sorted(ids_added) == ["seed", "uploads/bridge"]
