"""Text addressed to a language model rather than to a reader: "ignore previous instructions",
"you are now…", "system:", "answer that…". A document may carry such text (planted to steer an
assistant that reads it). It is flagged where it is quoted (`instruction_text`), never the only
basis of an answer when other passages speak to the question, and its figures never enter the
ledger. General English patterns only."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.types import Citation, Flag

_ADDRESSED = re.compile(
    r"\b(?:ignore|disregard|forget)\s+(?:all\s+|any\s+)?(?:the\s+)?(?:previous|prior|above|earlier)"
    r"\s+(?:instructions?|prompts?|rules?|messages?)"
    r"|\byou\s+are\s+now\b|\bact\s+as\s+(?:an?\s+)?(?:ai|assistant|chatbot)\b"
    r"|(?:^|\n|[.!?]\s+)(?:system|assistant)\s*:"
    r"|\b(?:as|to)\s+an?\s+(?:ai|language\s+model|assistant|chatbot)\b"
    r"|\banswer\s+(?:every|each|all|any)\s+(?:\w+\s+)?questions?\s+(?:with|by|as|using|saying)\b"
    r"|\b(?:every|each)\s+answer\s+must\b|\banswer\s+that\s+(?!questions?\b|calls?\b|letters?\b)"
    r"|\b(?:system|developer)\s+(?:prompt|mode)\b|\bprompt\s+injection\b"
    r"|\b(?:dear\s+)?(?:ai|llm|chatbot|assistant)s?\s*,",
    re.I,
)


def addresses_a_model(text: str) -> bool:
    """Does this sentence speak to an AI assistant instead of to a reader?"""
    return bool(_ADDRESSED.search(text))


def instruction_flag(citations: Sequence[Citation]) -> Flag | None:
    """`instruction_text` when a quote carries words addressed to an AI assistant."""
    planted = [c for c in citations if addresses_a_model(c.quote)]
    if not planted:
        return None
    who = sorted({c.source.publisher or c.source.title or c.doc_id for c in planted})
    return Flag(
        "instruction_text",
        f"A quoted passage ({'; '.join(who)}) contains instructions addressed to an AI "
        "assistant. Crosscheck quotes them as the document's words and does not follow them.",
        {"quotes": len(planted)},
    )
