"""Evaluation metrics: pure functions of answers and gold data (no models, no files).

Citation recall and precision follow ALCE (Gao et al., 2023) sentence by sentence:

* recall: a sentence counts when it cites at least one passage, every [n] it cites exists, and
  the cited passages together support it;
* precision: a citation of a supported sentence counts unless it is irrelevant, i.e. it alone
  does not support the sentence AND the sentence's other citations still do. A sentence with
  one citation that supports it has a precise citation; citations of an unsupported sentence
  (or of a sentence citing a passage that does not exist) are all imprecise.

Sentences that repeat one of the answer's flag messages (notes such as "This answer rests on
one side only") are warnings about the sources, not claims, and are not scored.

Per answer: recall = supported sentences / sentences, precision = precise citations /
citations (0 when nothing is cited); a run's score is the mean over answers. Whether a passage
supports a sentence is decided by a `Judge`, passed in (see assistant/judge.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.grounding.markers import answer_sentences, references, strip_markers
from assistant.ledger.stance import attribution
from assistant.types import Answer, Citation

Judge = Callable[[str, Sequence[str]], bool]  # (claim, evidence passages) -> supported?

_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})
ABSTAIN = re.compile(
    r"do(?:es)? not answer|(?:don't|do not|does not) know|(?:cannot|can't|unable to) answer"
    r"|no information|(?:documents?|sources?|context|corpus|passages?) (?:do|does) not "
    r"(?:say|mention|contain|provide|state|answer)",
    re.I,
)


def normalise(text: str) -> str:
    """Text as facts are matched: NFKC, straight quotes and hyphens, no thousands separators
    ("1,500" -> "1500"), single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return re.sub(r"\s+", " ", _THOUSANDS.sub("", text)).strip()


# ---- sentences and their citations: the one marker grammar -------------------------------
def claim(sentence: str) -> str:
    """The sentence as a statement to judge: without its [n] markers."""
    return strip_markers(sentence)


def evidence_text(c: Citation) -> str:
    """What a citation shows the reader: who said it, when, and the quote."""
    return f"{attribution(c.source)}: {c.quote}"


def evidence_by_number(answer: Answer) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for c in answer.citations:
        out.setdefault(c.n, []).append(evidence_text(c))
    return out


# ---- citation recall and precision (ALCE) --------------------------------------------------
@dataclass(frozen=True)
class CitationScore:
    sentences: int
    supported: int  # sentences whose citations together support them
    citations: int
    precise: int  # citations that are not irrelevant

    @property
    def recall(self) -> float:
        return self.supported / self.sentences if self.sentences else 0.0

    @property
    def precision(self) -> float:
        return self.precise / self.citations if self.citations else 0.0


def sentence_support(
    statement: str, refs: Sequence[int], evidence: dict[int, list[str]], judge: Judge
) -> tuple[bool, int]:
    """(supported, precise citations) for one sentence, by ALCE's definitions."""
    if not refs or any(n not in evidence for n in refs):
        return False, 0
    if not judge(statement, [e for n in refs for e in evidence[n]]):
        return False, 0
    if len(refs) == 1:
        return True, 1
    precise = 0
    for n in refs:
        if judge(statement, evidence[n]):
            precise += 1
            continue
        rest = [e for m in refs if m != n for e in evidence[m]]
        precise += 0 if judge(statement, rest) else 1
    return True, precise


def is_note(sentence: str, answer: Answer) -> bool:
    """A warning the pipeline appended from one of its flags ("This answer rests on one side
    only: ..."): it describes the sources, not the events, so it is not scored as a claim."""
    text = normalise(claim(sentence))
    return bool(text) and any(text in normalise(f.message) for f in answer.flags)


def citation_score(answer: Answer, judge: Judge) -> CitationScore:
    """ALCE recall and precision over the answer's sentences (flag notes excluded)."""
    evidence = evidence_by_number(answer)
    sentences = [s for s in answer_sentences(answer.text) if not is_note(s, answer)]
    supported = citations = precise = 0
    for s in sentences:
        refs = references(s)
        ok, good = sentence_support(claim(s), refs, evidence, judge)
        supported += ok
        citations += len(refs)
        precise += good
    return CitationScore(len(sentences), supported, citations, precise)


# ---- correctness -----------------------------------------------------------------------------
def fact_found(fact: str, text: str) -> bool:
    """`fact` is a regular expression ("a|b" = either), matched case-insensitively."""
    return re.search(normalise(fact), normalise(text), re.I) is not None


def fact_recall(text: str, facts: Sequence[str]) -> float | None:
    """Share of gold facts the answer contains (None when the question lists none)."""
    if not facts:
        return None
    return sum(fact_found(f, text) for f in facts) / len(facts)


def numbers_in(text: str) -> set[float]:
    """Every number written in digits ("1,500" and "1500" are both 1500.0)."""
    return {float(m.group()) for m in _NUMBER.finditer(normalise(text))}


def figure_reported(answer: Answer, figure: float) -> bool:
    """A sentence states the figure and cites a quote that contains it."""
    quotes: dict[int, list[str]] = {}
    for c in answer.citations:
        quotes.setdefault(c.n, []).append(c.quote)
    for s in answer_sentences(answer.text):
        if figure in numbers_in(claim(s)) and any(
            figure in numbers_in(q) for n in references(s) for q in quotes.get(n, [])
        ):
            return True
    return False


def figure_coverage(answer: Answer, figures: Sequence[float]) -> float | None:
    """Share of the gold figures reported with their sources (None when there are none)."""
    if not figures:
        return None
    return sum(figure_reported(answer, f) for f in figures) / len(figures)


# ---- flags, abstention, retrieval ------------------------------------------------------------
@dataclass(frozen=True)
class PRF:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


def prf(pairs: Sequence[tuple[bool, bool]]) -> PRF:
    """Precision and recall of predictions against gold labels: pairs of (predicted, gold)."""
    return PRF(
        tp=sum(p and g for p, g in pairs),
        fp=sum(p and not g for p, g in pairs),
        fn=sum(g and not p for p, g in pairs),
    )


def has_flag(answer: Answer, *kinds: str) -> bool:
    return any(f.kind in kinds for f in answer.flags)


def abstained(answer: Answer) -> bool:
    """The answer declines: `answered` is False, or the text says the sources do not answer."""
    return not answer.answered or ABSTAIN.search(answer.text) is not None


def retrieved_documents(answer: Answer, k: int) -> list[str]:
    """Document ids of the first `k` passages (those retrieval returned, in rank order)."""
    return [p.chunk.doc_id for p in answer.passages[:k]]


def retrieval_recall(answer: Answer, sources: Sequence[str], k: int) -> float | None:
    """Share of the gold source documents among the top-k retrieved passages."""
    if not sources:
        return None
    got = set(retrieved_documents(answer, k))
    return sum(s in got for s in sources) / len(sources)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), linear between closest ranks; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def mean(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None
