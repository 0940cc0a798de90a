"""The organiser a document names for its event: "organised by the Harbour Alliance", "the
Harbour Alliance, which organised the march". General English patterns only."""

from __future__ import annotations

import re

from assistant.ledger.claimants import clean_claimant

_NAME = r"[A-Z][\w'’&.-]*(?:\s+(?:(?:of|for|the|and|de)\s+)*[A-Z][\w'’&.-]*)*"
_ORGANISED_BY = (
    re.compile(rf"\b(?:organi[sz]ed|convened|called|staged)\s+by\s+(?:the\s+)?({_NAME})"),
    re.compile(rf"\b({_NAME}),?\s+(?:which|who)\s+(?:had\s+)?(?:organi[sz]ed|called)\b"),
    re.compile(rf"\b({_NAME}),\s+the\s+(?:\w+['’]s\s+)?organi[sz]ers?\b"),
    re.compile(rf"\borgani[sz]ers?,\s+(?:the\s+)?({_NAME}),"),
)


def organiser_of(text: str) -> str:
    """The organisation a document names as the organiser of its event ("organised by the
    Harbour Alliance", "the Harbour Alliance, which organised the march"), when it names
    exactly one; else ""."""
    found = {clean_claimant(m.group(1)) for rx in _ORGANISED_BY for m in rx.finditer(text)} - {""}
    return found.pop() if len(found) == 1 else ""
