"""A text's content words, stemmed as the search index stems them, and the acts they name:
what the signs that a sentence answers a claim compare (`answer.contradicts`,
`answer.opposed`, `answer.counter`)."""

from __future__ import annotations

from assistant.ledger.words import act_stems
from assistant.store.lexical import STOPWORDS, stems


def content_terms(text: str) -> set[str]:
    """The text's content words, stemmed ("arrested" -> "arrest"), without stopwords."""
    return {w for w in stems(text) if len(w) > 2 and w not in STOPWORDS and not w[0].isdigit()}


def act_terms(terms: set[str]) -> set[str]:
    """Words naming an act by one name of the act ("dead", "deaths", "killed" -> one)."""
    acts = act_stems()
    return {min(acts.get(w, (w,))) for w in terms}
