"""Hybrid retrieval: dense (Chroma) and lexical (BM25) rankings fused by reciprocal rank,
then capped per document so that one source cannot fill the top-k."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from assistant.answer.asked import focus
from assistant.answer.slots import slot_of
from assistant.corpus.sentences import split_sentences
from assistant.ledger.roles import HEADING, HEADS
from assistant.ledger.statements import states_a_duration
from assistant.ledger.words import act_stems, doers
from assistant.store.index import Index
from assistant.store.lexical import STOPWORDS, stems
from assistant.types import Chunk, Passage, Source

RRF_K = 60
LEXICAL_SEATS = 2  # of the k passages, kept for the best lexical matches (README, "Tenth pass")
BALANCE_DEPTH = 3  # an independent passage within the top 3k fused is relevant enough to include


def retrieve(
    index: Index,
    question: str,
    query_vector: Sequence[float],
    k: int = 6,
    *,
    candidates: int = 40,
    per_document: int = 2,
) -> list[Passage]:
    """The `k` best passages for `question`, numbered 1..k."""
    dense = index.dense(query_vector, candidates)
    acts = act_words(question)
    lexical = index.lexical(with_act_words(question, acts) + doer_of(question), candidates)
    fused = fuse([[c for c, _ in dense], [c for c, _ in lexical]])
    chosen = with_lexical_seats(fused, [c for c, _ in lexical], k, per_document)
    chosen = with_the_act(chosen, fused, acts)
    chosen = with_the_kind(chosen, fused, question)
    sources = index.sources_of(c.doc_id for c, _ in chosen)
    if one_sided(chosen, sources):  # only then are the other candidates' sources read
        relevant = fused[: BALANCE_DEPTH * k]
        sources = index.sources_of(c.doc_id for c, _ in [*chosen, *relevant])
        chosen = balance(chosen, relevant, sources)
    return [
        Passage(n=i, chunk=chunk, score=round(score, 6), source=sources[chunk.doc_id])
        for i, (chunk, score) in enumerate(chosen, start=1)
        if chunk.doc_id in sources
    ]


def act_words(question: str) -> set[str]:
    """Every word (stemmed) of the acts the question names: "die" -> death, dead, kill..."""
    return {w for st in stems(question) for w in act_stems().get(st, ())}


def with_act_words(question: str, acts: set[str] | None = None) -> str:
    """The question with the other words of the acts it names (`act_words`), for the lexical
    search: "how many were killed" finds "no deaths were reported" (`SAME_ACT`)."""
    extra = sorted((act_words(question) if acts is None else acts) - set(stems(question)))
    return f"{question} {' '.join(extra)}" if extra else question


def doer_of(question: str) -> str:
    """For a who-question, the noun of who does its verb, for the lexical search: "who leads
    X" finds "Y, X's leader" ("" otherwise)."""
    if slot_of(question) != "person_or_org":
        return ""
    verb = focus(question)[1]
    if verb in HEADING:  # "who leads X" finds "Y, Chief Inspector of X"
        return " " + " ".join(sorted(HEADS))
    if len(verb) < 3 or verb.endswith(("er", "or")):
        return ""
    return " " + doers(verb)[0 if verb.endswith("e") else 1]  # "manager", "owner"


def with_the_act(
    chosen: list[tuple[Chunk, float]], fused: Sequence[tuple[Chunk, float]], acts: set[str]
) -> list[tuple[Chunk, float]]:
    """The chosen passages, the last of them given up for the best candidate that names the
    act the question asks about (`acts`: its words, stemmed), when none does: "did any child
    die" keeps a passage with "there have been no deaths", which the topic's other passages
    outrank."""
    if not acts:
        return chosen
    return _with_one_that(chosen, fused, lambda c: bool(acts & set(stems(c.text))))


def _with_one_that(
    chosen: list[tuple[Chunk, float]],
    fused: Sequence[tuple[Chunk, float]],
    holds: Callable[[Chunk], bool],
) -> list[tuple[Chunk, float]]:
    """`chosen`, its last passage given up for the best candidate that `holds`, when none of
    the chosen does."""
    if not chosen or any(holds(c) for c, _ in chosen):
        return chosen
    taken = {c.id for c, _ in chosen}
    extra = next((x for x in fused if x[0].id not in taken and holds(x[0])), None)
    return [*chosen[:-1], extra] if extra is not None else chosen


def with_the_kind(
    chosen: list[tuple[Chunk, float]], fused: Sequence[tuple[Chunk, float]], question: str
) -> list[tuple[Chunk, float]]:
    """The chosen passages, the last of them given up for the best candidate holding what a
    "how long" question asks (a number of hours, days, weeks... in a sentence sharing two
    words of the question) when none does: "how long did the fire burn" keeps "the blaze
    burned for 31 hours", which the passages naming the fire's place more often outrank."""
    if slot_of(question) != "duration":
        return chosen
    words = {w for w in stems(question) if not w.isdigit()} - STOPWORDS - set(stems("how long"))
    least = min(2, len(words))

    def offers(chunk: Chunk) -> bool:
        return any(
            len(words & set(stems(span.text))) >= least and states_a_duration(span.text)
            for span in split_sentences(chunk.text)
        )

    return _with_one_that(chosen, fused, offers)


def fuse(rankings: Sequence[Sequence[Chunk]]) -> list[tuple[Chunk, float]]:
    """Reciprocal rank fusion: score = sum over rankings of 1 / (RRF_K + rank)."""
    scores: dict[str, float] = {}
    chunks: dict[str, Chunk] = {}
    for ranking in rankings:
        for rank, chunk in enumerate(ranking, start=1):
            scores[chunk.id] = scores.get(chunk.id, 0.0) + 1.0 / (RRF_K + rank)
            chunks[chunk.id] = chunk
    order = sorted(scores, key=lambda cid: (-scores[cid], cid))
    return [(chunks[cid], scores[cid]) for cid in order]


def with_lexical_seats(
    fused: Sequence[tuple[Chunk, float]], lexical: Sequence[Chunk], k: int, per_document: int
) -> list[tuple[Chunk, float]]:
    """The best fused passages, with `LEXICAL_SEATS` of the `k` kept for the best lexical
    matches: a passage holding the question's exact words (a name, a title, an identifier)
    that the embedding ranks low still gets read."""
    chosen = diversify(fused, max(1, k - LEXICAL_SEATS), per_document)
    score = dict((c.id, s) for c, s in fused)
    seated = {c.id for c in lexical[:LEXICAL_SEATS] if c.id in score}
    taken = {c.id for c, _ in chosen}
    per_doc = Counter(c.doc_id for c, _ in chosen)
    for chunk in [*(c for c in lexical if c.id in seated), *(c for c, _ in fused)]:
        if len(chosen) >= k:
            break
        if chunk.id not in taken and (per_doc[chunk.doc_id] < per_document or chunk.id in seated):
            chosen.append((chunk, score[chunk.id]))
            taken.add(chunk.id)
            per_doc[chunk.doc_id] += 1
    return chosen


def diversify(
    ranked: Sequence[tuple[Chunk, float]], k: int, per_document: int
) -> list[tuple[Chunk, float]]:
    """Keep rank order, at most `per_document` chunks of one document."""
    taken: Counter[str] = Counter()
    out: list[tuple[Chunk, float]] = []
    for chunk, score in ranked:
        if taken[chunk.doc_id] < per_document:
            taken[chunk.doc_id] += 1
            out.append((chunk, score))
            if len(out) == k:
                break
    return out


def balance(
    chosen: list[tuple[Chunk, float]],
    relevant: Sequence[tuple[Chunk, float]],
    sources: dict[str, Source],
) -> list[tuple[Chunk, float]]:
    """When partisan passages were chosen and no independent one was, swap the lowest-ranked
    passage for the best relevant independent passage, so the reader hears the other voice."""

    if not one_sided(chosen, sources):
        return chosen
    taken = {c.id for c, _ in chosen}
    for chunk, score in relevant:
        if chunk.id not in taken and _stance(chunk, sources) == "independent":
            return [*chosen[:-1], (chunk, score)] if len(chosen) > 1 else [*chosen, (chunk, score)]
    return chosen


def one_sided(chosen: Sequence[tuple[Chunk, float]], sources: dict[str, Source]) -> bool:
    """Partisan passages were chosen, and no independent one."""
    stances = {_stance(c, sources) for c, _ in chosen}
    return "partisan" in stances and "independent" not in stances


def _stance(chunk: Chunk, sources: dict[str, Source]) -> str:
    return sources[chunk.doc_id].stance if chunk.doc_id in sources else "unknown"
