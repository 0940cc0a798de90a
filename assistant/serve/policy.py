"""Who may write to the library through the web UI, and which files an upload may name.

`upload_refusal(settings, key)` is the write policy: None when an upload may go ahead, else
the message to show. `uploaded_files(paths, folder)` keeps only the paths that really are
files Gradio received (inside its upload folder); any other path is refused unread.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
from collections.abc import Sequence
from pathlib import Path

from assistant.config import Settings
from assistant.corpus.uploads import UploadResult, safe_name

NOT_UPLOADED = "not an uploaded file"
_LOOPBACK_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost")


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost; False for every other host (0.0.0.0 too)."""
    name = host.strip().strip("[]").lower()
    if name in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def upload_refusal(settings: Settings, key: str | None) -> str | None:
    """Why an upload presenting `key` is refused, or None when it may be written."""
    if settings.uploads == "off":
        return "Adding documents is turned off on this server (CROSSCHECK_UPLOADS=off)."
    if settings.api_key:
        if not key:
            return "Enter the key (CROSSCHECK_API_KEY) in the Key box to add documents."
        if not hmac.compare_digest(key.encode(), settings.api_key.encode()):
            return "The key is wrong; nothing was added. Enter the server's CROSSCHECK_API_KEY."
        return None
    if settings.uploads == "open" or is_loopback(settings.host):
        return None
    return (
        "Adding documents is closed on a server reachable from other machines: set "
        "CROSSCHECK_API_KEY (and enter it in the Key box) or CROSSCHECK_UPLOADS=open."
    )


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # unresolvable or a symlink loop
        return False


def uploaded_files(paths: Sequence[str], folder: Path) -> tuple[list[Path], list[UploadResult]]:
    """The paths that resolve (symlinks followed) to files inside `folder`, and a refusal for
    each other one. A refused path is never opened."""
    accepted: list[Path] = []
    refused: list[UploadResult] = []
    for raw in paths:
        path = Path(raw)
        if _inside(path, folder) and path.is_file():
            accepted.append(path)
        else:
            refused.append(UploadResult(safe_name(path.name), error=NOT_UPLOADED))
    return accepted, refused


def discard(paths: Sequence[str], folder: Path) -> None:
    """Delete the temporary copies Gradio kept of uploaded files, and their emptied folders.
    Only entries that sit inside `folder` are touched (a symlink is removed, not followed)."""
    top = folder.resolve()
    for raw in paths:
        path = Path(os.path.abspath(raw))
        parent = path.parent.resolve()
        if not parent.is_relative_to(top) or path.name in ("", ".", ".."):
            continue
        try:
            if path.is_symlink() or path.is_file():
                path.unlink()
            if parent != top and not any(parent.iterdir()):
                parent.rmdir()
        except OSError:
            pass
