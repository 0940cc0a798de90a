"""The write policy for UI uploads and the upload-folder check, as pure functions."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.serve.policy import discard, is_loopback, upload_refusal, uploaded_files

KEY = "correct-horse"


@pytest.mark.parametrize(
    ("uploads", "api_key", "host", "presented", "allowed", "says"),
    [
        ("auto", "", "127.0.0.1", "", True, ""),
        ("auto", "", "127.8.9.10", "", True, ""),
        ("auto", "", "localhost", "", True, ""),
        ("auto", "", "::1", "", True, ""),
        ("auto", "", "0.0.0.0", "", False, "CROSSCHECK_API_KEY"),
        ("auto", "", "192.168.1.5", "", False, "CROSSCHECK_UPLOADS=open"),
        ("auto", "", "example.org", "", False, "CROSSCHECK_API_KEY"),
        ("open", "", "0.0.0.0", "", True, ""),
        ("off", "", "127.0.0.1", "", False, "turned off"),
        ("off", KEY, "127.0.0.1", KEY, False, "turned off"),
        ("auto", KEY, "127.0.0.1", "", False, "Key box"),
        ("auto", KEY, "0.0.0.0", "wrong", False, "wrong"),
        ("open", KEY, "0.0.0.0", "", False, "Key box"),
        ("auto", KEY, "0.0.0.0", KEY, True, ""),
        ("open", KEY, "127.0.0.1", KEY + " ", False, "wrong"),
    ],
)
def test_upload_refusal_table(
    settings: Settings,
    uploads: str,
    api_key: str,
    host: str,
    presented: str,
    allowed: bool,
    says: str,
) -> None:
    chosen = replace(settings, uploads=uploads, api_key=api_key, host=host)
    refusal = upload_refusal(chosen, presented)
    assert (refusal is None) is allowed
    assert says in (refusal or "")


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("[::1]", True), ("LOCALHOST", True), ("0.0.0.0", False), ("", False)],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_only_files_inside_the_upload_folder_are_accepted(tmp_path: Path) -> None:
    folder = tmp_path / "gradio"
    (folder / "abc").mkdir(parents=True)
    inside = folder / "abc" / "note.md"
    inside.write_text("x", encoding="utf-8")
    outside = tmp_path / "secret.md"
    outside.write_text("x", encoding="utf-8")
    (folder / "abc" / "link.md").symlink_to(outside)
    paths = [
        str(inside),
        str(outside),
        str(folder / "abc" / "link.md"),
        str(folder / ".." / "secret.md"),
        str(folder),
    ]
    accepted, refused = uploaded_files(paths, folder)
    assert accepted == [inside]
    assert [r.error for r in refused] == ["not an uploaded file"] * 4
    discard(paths, folder)
    assert outside.is_file() and not inside.exists() and not (folder / "abc").exists()
    assert folder.is_dir()
