"""Crosscheck: grounded answers over contested events. `from assistant import Crosscheck`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.crosscheck import Crosscheck

__all__ = ["Crosscheck"]


def __getattr__(name: str) -> Any:
    if name == "Crosscheck":  # imported lazily: `python -m assistant --help` stays fast
        from assistant.crosscheck import Crosscheck

        return Crosscheck
    raise AttributeError(name)
