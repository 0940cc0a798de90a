"""Disputes: which figure statements measure the same quantity, and where claimants disagree.

Statements are grouped when they count the same thing (`counted`), their contexts are close
(cosine of the chunks they sit in), their dates are near, and the names they mention other
than their claimants are compatible (so that "A got 20 years" and "B got 18 years" stay
apart). A group is contested when two different claimants' latest intervals do not overlap;
one claimant revising its own count is an update, kept as history.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from assistant.ledger.measures import groupable, measure_key, same_measure
from assistant.store.lexical import STOPWORDS
from assistant.types import Citation, Claim, Dispute, FigureStatement, Flag, Stance

CONTEXT_MIN = 0.45  # cosine between the chunks two statements sit in
MAX_DAYS_APART = 800
EXACT_TOLERANCE = 0.02  # two "exact" figures within 2% agree
_NAME = re.compile(r"\b[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|of|de|al|bin))*")
_GENERIC = STOPWORDS | set(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday according on in at the a an by
    this that these those after before during when while since following""".split()
)


@dataclass
class _Group:
    counted: str
    members: list[tuple[FigureStatement, frozenset[str]]] = field(default_factory=list)


class _Block:
    """The summed member vectors (cosine ignores scale) of one measure's groups, with their
    norms, as rows of one numpy array."""

    def __init__(self, dim: int) -> None:
        self.rows = np.zeros((16, dim), dtype=np.float32)
        self.norms = np.zeros(16, dtype=np.float32)
        self.n = 0

    def new(self) -> int:
        if self.n == len(self.rows):
            self.rows = np.vstack([self.rows, np.zeros_like(self.rows)])
            self.norms = np.concatenate([self.norms, np.zeros_like(self.norms)])
        self.n += 1
        return self.n - 1

    def add(self, row: int, vector: np.ndarray) -> None:
        self.rows[row] += vector
        self.norms[row] = np.sqrt(self.rows[row] @ self.rows[row])

    def cosines(self, rows: list[int] | None, vector: np.ndarray) -> np.ndarray:
        """Cosine of `vector` with the given rows (all of them, in order, for None)."""
        matrix = self.rows[: self.n] if rows is None else self.rows[rows]
        norms = self.norms[: self.n] if rows is None else self.norms[rows]
        scale = np.where(norms == 0, 1.0, norms) * (np.sqrt(vector @ vector) or 1.0)
        return np.asarray(matrix @ vector / scale)


class _Centroids:
    """Group centroids kept per measure, so a statement's similarity to every candidate group
    (all of one measure's groups, or those sharing a name) is one matrix product over a
    contiguous block, never a copy of every centroid."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self.blocks: dict[str, _Block] = {}
        self.where: list[tuple[str, int]] = []  # group id -> (measure, row in its block)

    def new(self, counted: str) -> int:
        block = self.blocks.setdefault(counted, _Block(self.dim))
        self.where.append((counted, block.new()))
        return len(self.where) - 1

    def add(self, group: int, vector: np.ndarray) -> None:
        counted, row = self.where[group]
        self.blocks[counted].add(row, vector)

    def cosines(self, counted: str, groups: Sequence[int], vector: np.ndarray) -> np.ndarray:
        """Cosines with `groups` (ids of groups of this measure, in creation order)."""
        block = self.blocks[counted]
        whole = len(groups) == block.n  # every group of the measure: the block as it is
        return block.cosines(None if whole else [self.where[g][1] for g in groups], vector)


def claimant_key(name: str) -> str:
    words = re.findall(r"[\w'’]+", name.lower())
    return " ".join(w for w in words if w not in ("the", "a", "an"))


def subject_names(
    s: FigureStatement, publisher: str = "", voices: frozenset[str] = frozenset()
) -> frozenset[str]:
    """Capitalised words of the sentence that are not a voice (any claimant or publisher in the
    corpus: sources are not subjects) and not generic."""
    skip = _words_of(s.claimant) | _words_of(publisher)
    words = {
        re.sub(r"['’]s$", "", w.lower())
        for m in _NAME.finditer(s.sentence)
        for w in re.findall(r"[\w'’]+", m.group())
    }
    return frozenset(
        w
        for w in words
        if w not in skip and w not in voices and w not in _GENERIC and not w.isdigit()
    )


def _same_text_two_quantities(a: FigureStatement, b: FigureStatement) -> bool:
    """Two figures of a kind in one text are two quantities (a breakdown, a before and after)
    unless the text gives them to two different named voices ("X said 7,000; Y said 12,000")."""
    if a.doc_id != b.doc_id:
        return False
    named = a.attributed and b.attributed
    return not named or claimant_key(a.claimant) == claimant_key(b.claimant)


def _compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    return not a or not b or bool(a & b)


def _days(a: str, b: str) -> int:
    try:
        da = dt.date.fromisoformat(a if len(a) == 10 else (a + "-01-01")[:10])
        db = dt.date.fromisoformat(b if len(b) == 10 else (b + "-01-01")[:10])
    except ValueError:
        return 0
    return abs((da - db).days)


def _joinable(s: FigureStatement, names: frozenset[str], g: _Group) -> bool:
    """The same measure as every member (`same_measure`), not a second figure of one voice in
    one text, compatible names, and dates close enough."""
    if not all(same_measure(s.measure, m.measure) for m, _ in g.members):
        return False
    if any(_same_text_two_quantities(m, s) for m, _ in g.members):
        return False
    if not all(_compatible(names, n) for _, n in g.members):
        return False
    return all(_days(s.date, m.date) <= MAX_DAYS_APART for m, _ in g.members)


def group_statements(
    statements: Sequence[FigureStatement],
    vectors: np.ndarray | Sequence[Sequence[float]],
    publishers: dict[str, str],
) -> list[list[FigureStatement]]:
    """Greedy clustering in date order; a statement joins the closest compatible group."""
    if not statements:
        return []
    groups: list[_Group] = []
    matrix = np.asarray(vectors, dtype=np.float32).reshape(len(statements), -1)
    centroids = _Centroids(matrix.shape[1])
    voices = frozenset(
        w
        for name in [*(s.claimant for s in statements if s.attributed), *publishers.values()]
        for w in _words_of(name)
    )
    order = sorted(range(len(statements)), key=lambda i: (statements[i].date, statements[i].doc_id))
    # candidate groups are looked up, not scanned: by measure, and by the names their members
    # mention (a named statement can only join a group sharing a name, or one naming nobody)
    by_counted: dict[str, list[int]] = defaultdict(list)
    by_name: dict[tuple[str, str], set[int]] = defaultdict(set)
    nameless: dict[str, set[int]] = defaultdict(set)
    for i in order:
        s = statements[i]
        if not groupable(s.measure, s.attributed) or s.quantity.unit == "ratio":
            continue
        key = measure_key(s.measure)
        names = subject_names(s, publishers.get(s.doc_id, ""), voices)
        if names:
            found = set().union(*(by_name[(key, w)] for w in names))
            candidates = sorted(found | nameless[key])
        else:
            candidates = by_counted[key]
        vector = matrix[i]
        best = -1
        if candidates:
            sims = centroids.cosines(key, candidates, vector)
            # most similar first; on a tie the later group, as a running ">=" maximum would pick
            above = np.nonzero(sims >= CONTEXT_MIN)[0].tolist()
            for k in sorted(above, key=lambda k: (-sims[k], -candidates[k])):
                if _joinable(s, names, groups[candidates[k]]):
                    best = candidates[k]
                    break
        if best < 0:
            best = centroids.new(key)
            groups.append(_Group(key))
            by_counted[key].append(best)
            nameless[key].add(best)
        centroids.add(best, vector)
        groups[best].members.append((s, names))
        if names:
            nameless[key].discard(best)
            for w in names:
                by_name[(key, w)].add(best)
    return [[m for m, _ in g.members] for g in groups]


def agree(a: FigureStatement, b: FigureStatement) -> bool:
    """Do two figures' intervals overlap (exact figures with a small tolerance)?"""
    qa, qb = a.quantity, b.quantity
    if qa.unit != qb.unit:
        return False
    lo_a, hi_a = qa.low * (1 - EXACT_TOLERANCE), qa.high * (1 + EXACT_TOLERANCE)
    return lo_a <= qb.high and qb.low <= hi_a


def _merge_names(keys: set[str]) -> dict[str, str]:
    """Map each claimant key to the longest key whose words contain it ("civil protection
    office" -> "regional government civil protection office")."""
    words = {k: set(k.split()) for k in keys}
    return {k: max((o for o in keys if words[k] <= words[o]), key=len) for k in keys}


def claims_of(group: Sequence[FigureStatement]) -> list[Claim]:
    """One claim per claimant: its latest statement (first in its latest document)."""
    canonical = _merge_names({claimant_key(s.claimant) for s in group})
    by_claimant: dict[str, list[FigureStatement]] = defaultdict(list)
    for s in group:
        by_claimant[canonical[claimant_key(s.claimant)]].append(s)
    claims = []
    for statements in by_claimant.values():
        ordered = sorted(statements, key=lambda s: (s.date, -s.span_start))
        latest = ordered[-1]
        claims.append(Claim(latest.claimant, latest, tuple(ordered[:-1])))
    return sorted(claims, key=lambda c: (c.statement.date, c.claimant))


def _echoes(groups: list[list[FigureStatement]]) -> set[int]:
    """Groups whose documents all sit in a larger group of the same measure (they repeat it)."""
    docs = [{s.doc_id for s in g} for g in groups]
    holding: dict[tuple[str, str], list[int]] = defaultdict(list)  # (measure, doc) -> groups
    for i, g in enumerate(groups):
        for d in docs[i]:
            holding[(measure_key(g[0].measure), d)].append(i)
    echoes = set()
    for i, g in enumerate(groups):
        first = next(iter(docs[i]))
        for j in holding[(measure_key(g[0].measure), first)]:
            if j != i and len(groups[j]) > len(g) and docs[i] <= docs[j]:
                echoes.add(i)
                break
    return echoes


def with_voice_stances(
    statements: Sequence[FigureStatement], publisher_stances: dict[str, Stance]
) -> list[FigureStatement]:
    """A figure's stance is its claimant's, not the stance of the text that relays it: a named
    claimant that publishes in the corpus gets that publisher's stance, any other named claimant
    'unknown'. Unattributed figures keep their document's stance."""
    known = {claimant_key(p): st for p, st in publisher_stances.items() if claimant_key(p)}
    by_word: dict[str, set[str]] = defaultdict(set)  # looked up, not scanned: large corpora
    for p in known:
        for w in p.split():
            by_word[w].add(p)

    def stance(s: FigureStatement) -> Stance:
        if not s.attributed:
            return s.stance
        key = claimant_key(s.claimant)
        near = set().union(*(by_word.get(w, set()) for w in key.split()))
        found = [known[p] for p in sorted(near) if key and (key in p or p in key)]
        return found[0] if len(set(found)) == 1 else "unknown"

    return [replace(s, stance=stance(s)) for s in statements]


def _words_of(name: str) -> frozenset[str]:
    return frozenset(re.sub(r"['’]s\b", "", w) for w in claimant_key(name).split())


def resolve_claimants(
    statements: Sequence[FigureStatement], publishers: dict[str, str]
) -> list[FigureStatement]:
    """A short mention takes the one fuller name of the corpus that contains it: "the ministry"
    -> "Ministry of Health", "Varneth's defence ministry" -> "Ministry of Defence of the
    Republic of Varneth"; an ambiguous mention (two ministries) stays as written."""
    pool = {*(s.claimant for s in statements if s.attributed), *publishers.values()} - {""}
    words = {name: _words_of(name) for name in pool}
    by_word: dict[str, set[str]] = defaultdict(set)
    for name, ws in words.items():
        for w in ws:
            by_word[w].add(name)
    resolved: dict[str, str] = {}
    for name, ws in words.items():
        fuller = set.intersection(*(by_word[w] for w in ws)) - {name} if ws else set()
        fuller = {f for f in fuller if len(words[f]) > len(ws)}
        widest = {f for f in fuller if not any(words[f] < words[g] for g in fuller)}
        if len(widest) == 1:
            resolved[name] = widest.pop()
    return [
        replace(s, claimant=resolved[s.claimant]) if s.claimant in resolved else s
        for s in statements
    ]


def build_disputes(
    statements: Sequence[FigureStatement],
    vectors: np.ndarray | Sequence[Sequence[float]],
    publishers: dict[str, str],
    publisher_stances: dict[str, Stance] | None = None,
) -> list[Dispute]:
    """Every group with at least two statements, contested or not."""
    statements = resolve_claimants(statements, publishers)
    if publisher_stances is not None:
        statements = with_voice_stances(statements, publisher_stances)
    disputes = []
    groups = [g for g in group_statements(statements, vectors, publishers) if len(g) >= 2]
    echoes = _echoes(groups)
    for i, group in enumerate(groups):
        if i in echoes:
            continue
        claims = claims_of(group)
        latest = [c.statement for c in claims]
        contested = any(not agree(a, b) for i, a in enumerate(latest) for b in latest[i + 1 :])
        key = "|".join(sorted(f"{s.doc_id}:{s.span_start}" for s in group))
        disputes.append(
            Dispute(
                hashlib.sha1(key.encode()).hexdigest()[:12],
                group[0].counted,
                contested,
                tuple(claims),
            )
        )
    return disputes


def statements_of(d: Dispute) -> list[FigureStatement]:
    return [s for c in d.claims for s in (c.statement, *c.history)]


def touched(disputes: Sequence[Dispute], citations: Sequence[Citation]) -> list[Dispute]:
    """Contested disputes with a figure inside one of the cited quotes."""

    def inside(s: FigureStatement) -> bool:
        return any(c.doc_id == s.doc_id and c.start <= s.span_start < c.end for c in citations)

    return [d for d in disputes if d.contested and any(inside(s) for s in statements_of(d))]


def contested_message(d: Dispute) -> str:
    who = "; ".join(f"{c.claimant}: {c.statement.raw} ({c.statement.date})" for c in d.claims)
    return f"Sources disagree on this figure ({d.counted}): {who}."


def contested_flag(d: Dispute) -> Flag:
    """The reader's warning; the claims themselves travel typed in `Answer.disputes`."""
    return Flag(
        "contested_figure",
        contested_message(d),
        {"dispute": d.id, "counted": d.counted, "claims_count": len(d.claims)},
    )
