"""BM25 over chunk texts: an inverted index that grows and shrinks with the corpus.

Adding or removing a document touches only its own postings; a query costs the length of the
postings of its terms, never a rebuild.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    did does say said says tell told give gave many much""".split()
)
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*")
# A capitalised word that is not the first of a sentence: a name, in English text.
_NAME_WORD = re.compile(r"(?<![.?!:]\s)(?<!^)\b[A-Z][\w'’-]*[\w]")
NAME_STEM = 5  # names match on their first letters: "Iranian" ~ "Iran", "Mohammed" ~ "Mohammad"


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens without stopwords; a light plural fold ("cities" -> "city")."""
    out = []
    for tok in _TOKEN.findall(text.lower()):
        tok = tok.replace("’", "'").replace(",", "")
        if tok in STOPWORDS:
            continue
        out.append(_fold(tok))
    return out


def capitalised_words(text: str) -> list[str]:
    """Capitalised words other than a sentence's first ("Who was Saadouni's lawyer in Oslo?"
    -> ["Saadouni's", "Oslo"]), as written."""
    return _NAME_WORD.findall(text.strip())


def _fold(tok: str) -> str:
    if len(tok) > 4 and tok.endswith("ies"):
        return tok[:-3] + "y"
    if len(tok) > 3 and tok.endswith("s") and not tok.endswith("ss"):
        return tok[:-1]
    return tok


class BM25:
    def __init__(self, k1: float = 1.5, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self._postings: dict[str, dict[str, int]] = defaultdict(dict)  # term -> {id: tf}
        self._lengths: dict[str, int] = {}
        self._terms: dict[str, tuple[str, ...]] = {}
        self._total_length = 0
        self._prefixes: Counter[str] = Counter()  # first 3..NAME_STEM letters -> terms with them

    def __len__(self) -> int:
        return len(self._lengths)

    def add(self, item_id: str, text: str) -> None:
        if item_id in self._lengths:
            self.remove(item_id)
        counts = Counter(tokenize(text))
        for term, tf in counts.items():
            if term not in self._postings:
                self._prefixes.update({term[:n] for n in range(3, NAME_STEM + 1)})
            self._postings[term][item_id] = tf
        length = sum(counts.values())
        self._lengths[item_id] = length
        self._terms[item_id] = tuple(counts)
        self._total_length += length

    def remove(self, item_id: str) -> None:
        if item_id not in self._lengths:
            return
        for term in self._terms.pop(item_id):
            posting = self._postings[term]
            posting.pop(item_id, None)
            if not posting:
                del self._postings[term]
                self._prefixes.subtract({term[:n] for n in range(3, NAME_STEM + 1)})
        self._total_length -= self._lengths.pop(item_id)

    def knows(self, word: str) -> bool:
        """Does any indexed text hold a term starting like `word` (its first NAME_STEM letters)?
        Words under three letters are always known."""
        stems = [t[:NAME_STEM] for t in tokenize(word) if len(t) >= 3]
        return all(self._prefixes[s] > 0 for s in stems)  # a lookup, not a vocabulary scan

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        n = len(self._lengths)
        if not n:
            return []
        avg = self._total_length / n or 1.0
        scores: dict[str, float] = defaultdict(float)
        for term in set(tokenize(query)):
            posting = self._postings.get(term)
            if not posting:
                continue
            idf = math.log(1 + (n - len(posting) + 0.5) / (len(posting) + 0.5))
            for item_id, tf in posting.items():
                norm = tf + self.k1 * (1 - self.b + self.b * self._lengths[item_id] / avg)
                scores[item_id] += idf * tf * (self.k1 + 1) / norm
        return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
