"""Which figure statements measure the same quantity: greedy grouping, kept between writes.

A statement joins the closest compatible group: the same measure (`measures.same_measure`),
contexts that are close (cosine of the chunks they sit in, against the group's centroid), dates
near, and names other than their voices compatible (so "A got 20 years" and "B got 18 years"
stay apart). A `Grouper` keeps its groups, so a write adds its statements to them and a removal
drops its documents' members: nothing is regrouped. Each group has a stable label (its first
member's id), which the ledger stores beside the statement so that opening a store restores
the groups without clustering again.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from assistant.corpus.sentences import without_dateline
from assistant.ledger.affiliation import is_org_name
from assistant.ledger.comparable import groupable, measure_key, same_measure
from assistant.ledger.figures import NUMBER_WORDS, QUALIFIER_WORDS
from assistant.ledger.words import MONTH_WORDS
from assistant.store.lexical import STOPWORDS
from assistant.types import FigureStatement, Measure

CONTEXT_MIN = 0.45  # cosine between the chunks two statements sit in
MAX_DAYS_APART = 800
_NAME = re.compile(r"\b[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|(?:of|de|al|bin)\b))*")
_GENERIC = (
    STOPWORDS
    | set(
        """according on in at the a an by
    this that these those after before during when while since following mr mrs ms dr prof
    sir""".split()
    )
    | QUALIFIER_WORDS
    | MONTH_WORDS
)


NAMES_REMEMBERED = 1 << 18  # distinct names whose keys are kept (a few MB)


@lru_cache(maxsize=NAMES_REMEMBERED)  # asked of every statement and publisher at every write
def claimant_key(name: str) -> str:
    words = re.findall(r"[\w'’]+", name.lower())
    return " ".join(w for w in words if w not in ("the", "a", "an"))


@lru_cache(maxsize=NAMES_REMEMBERED)
def key_words(name: str) -> frozenset[str]:
    """The words of `claimant_key(name)`."""
    return frozenset(claimant_key(name).split())


@lru_cache(maxsize=NAMES_REMEMBERED)
def words_of(name: str) -> frozenset[str]:
    return frozenset(re.sub(r"['’]s\b", "", w) for w in claimant_key(name).split())


@dataclass
class _Group:
    """A group's members, with what joining it is checked against, kept summed up so a check
    costs the same for a group of two as for a group of thousands."""

    counted: str
    label: str = ""
    members: list[tuple[FigureStatement, frozenset[str]]] = field(default_factory=list)
    measures: set[Measure] = field(default_factory=set)
    voices_by_doc: dict[str, set[tuple[bool, str, bool]]] = field(default_factory=dict)
    name_sets: set[frozenset[str]] = field(default_factory=set)
    first: str = ""  # earliest and latest member dates (ISO strings sort as dates)
    last: str = ""
    periods: set[tuple[int, int]] = field(default_factory=set)  # years members' clauses name
    unnamed: set[int] = field(default_factory=set)  # document years of members naming none
    smallest: float = math.inf  # the members' values, smallest and largest
    largest: float = 0.0

    def take(self, s: FigureStatement, names: frozenset[str]) -> None:
        self.members.append((s, names))
        self.measures.add(s.measure)
        if s.years:
            self.periods.add(s.years)
        else:
            self.unnamed.add(year_of(s.date))
        voice = (s.attributed, claimant_key(s.claimant), _answering(s))
        self.voices_by_doc.setdefault(s.doc_id, set()).add(voice)
        if names:
            self.name_sets.add(names)
        self.first = min(self.first, s.date) if self.first else s.date
        self.last = max(self.last, s.date)
        self.smallest = min(self.smallest, _size(s))
        self.largest = max(self.largest, _size(s))

    def keep(self, members: list[tuple[FigureStatement, frozenset[str]]]) -> None:
        """Only these members from now on (the summaries made again)."""
        self.members, self.measures, self.voices_by_doc = [], set(), {}
        self.name_sets, self.first, self.last = set(), "", ""
        self.periods, self.unnamed = set(), set()
        self.smallest, self.largest = math.inf, 0.0
        for s, names in members:
            self.take(s, names)


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

    def clear(self, row: int) -> None:
        self.rows[row] = 0.0
        self.norms[row] = 0.0

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

    def clear(self, group: int) -> None:
        counted, row = self.where[group]
        self.blocks[counted].clear(row)

    def cosines(self, counted: str, groups: Sequence[int], vector: np.ndarray) -> np.ndarray:
        """Cosines with `groups` (ids of groups of this measure, in creation order)."""
        block = self.blocks[counted]
        whole = len(groups) == block.n  # every group of the measure: the block as it is
        return block.cosines(None if whole else [self.where[g][1] for g in groups], vector)


def _narrated_roughly(s: FigureStatement) -> bool:
    """A rough figure in words that an independent text gives in its own voice ("Scores of
    people were injured"): a way of telling, not a count anyone claims."""
    rough = s.quantity.low != s.quantity.high and not any(ch.isdigit() for ch in s.raw)
    return rough and not s.attributed and s.stance != "partisan"


def subject_names(
    s: FigureStatement, publisher: str = "", voices: AbstractSet[str] = frozenset()
) -> frozenset[str]:
    """Capitalised words of the sentence that are not a voice (any claimant or publisher in the
    corpus: sources are not subjects) and not generic."""
    skip = words_of(s.claimant) | words_of(publisher)
    sentence = _LEAD_IN.sub("", without_dateline(s.sentence).strip())
    words = {
        re.sub(r"['’]s$", "", w.lower())
        for m in _NAME.finditer(sentence)
        if not is_org_name(m.group())  # an organisation acts or speaks; it is not what is counted
        and not _PLURAL_ACRONYM.fullmatch(m.group())  # "the residents' GPs": a common noun
        for w in re.findall(r"[\w'’]+", _without_opening_noun(m, sentence))
    }
    return frozenset(
        w
        for w in words
        if w not in skip
        and w not in voices
        and w not in _GENERIC
        and not w.isdigit()
        and w not in NUMBER_WORDS
    )


# opening adverbs that say where a figure holds ("Nationally, 43% of staff..."): a scope
_SCOPES = frozenset("nationally regionally locally globally internationally".split())
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")  # "GPs", "MPs", "NGOs"
_LEAD_IN = re.compile(r"^\*\*[^*]{1,80}\*\*\s*")  # "**Escapes.** The service said…"


def _without_opening_noun(m: re.Match[str], sentence: str) -> str:
    """A name opening the sentence loses a first word that is a common noun capitalised only
    because it comes first: "Residents of Tessel Creek" names Tessel Creek."""
    text = m.group()
    if sentence[: m.start()].strip(" \"'“‘*_-—"):
        return text
    if " " not in text and text.lower().endswith(("ing", "ed")):
        return ""  # "Adding together the payments...", "Based on that review": no name
    if " " not in text and text.lower().endswith("ly") and sentence[m.end() : m.end() + 1] == ",":
        return text if text.lower() in _SCOPES else ""  # "Regrettably, 312 ...": no name
    if " of " not in text:
        return text
    first, rest = text.split(" of ", 1)
    return rest if " " not in first else text


def _same_text_two_quantities(s: FigureStatement, g: _Group) -> bool:
    """Two figures of a kind in one text are two quantities (a breakdown, a before and after)
    unless the text gives them to two different voices, one of them named: "X said 7,000; Y
    said 12,000", or "The ministry boasts that 4,500 were deployed. In reality, fewer than
    1,000 were" in the text's own voice."""
    key = claimant_key(s.claimant)
    for attributed, other, other_answering in g.voices_by_doc.get(s.doc_id, ()):
        both_named = attributed and s.attributed
        one_answers = attributed != s.attributed and (other_answering or _answering(s))
        if other == key or not (both_named or one_answers):
            return True
    return False


_ANSWERING = re.compile(
    r"^(?:in (?:reality|fact|truth)|actually|the (?:real|true|actual) (?:figure|number|count)"
    r"|the truth is)\b",
    re.I,
)


def _answering(s: FigureStatement) -> bool:
    """Does the text, in its own voice, set its figure against another's: "In reality, fewer
    than 1,000 were deployed" after "The ministry boasts that 4,500 were"?"""
    return not s.attributed and bool(_ANSWERING.match(without_dateline(s.sentence).strip()))


def _compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    return not a or not b or bool(a & b)


def days_apart(a: str, b: str) -> int:
    try:
        da = dt.date.fromisoformat(a if len(a) == 10 else (a + "-01-01")[:10])
        db = dt.date.fromisoformat(b if len(b) == 10 else (b + "-01-01")[:10])
    except ValueError:
        return 0
    return abs((da - db).days)


def year_of(date: str) -> int:
    """The year of an ISO date ("2024-09-18": 2024), 0 when it names none."""
    return int(date[:4]) if date[:4].isdigit() else 0


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Years between two periods (0 when they overlap)."""
    return max(0, a[0] - b[1], b[0] - a[1])


def _same_period(s: FigureStatement, g: _Group) -> bool:
    """Do the years a statement's clause names fit the group's? Two named periods must be at
    most a year apart ("the 2016-2017 works" never meet "the 2019 works"); a named period and
    a member naming none must be within `YEARS_LATE` of that member's document ("lasted 14
    months, from May 2016 to July 2017" does not meet "will take 30 weeks" written in 2025)."""
    if s.years:
        if any(_gap(s.years, p) > 1 for p in g.periods):
            return False
        return all(_gap(s.years, (y, y)) <= YEARS_LATE for y in g.unnamed if y)
    year = year_of(s.date)
    return not year or all(_gap((year, year), p) <= YEARS_LATE for p in g.periods)


YEARS_LATE = 2  # a document may name no year for what happened up to two years before it


SIZES_APART = 1000  # figures this many times apart measure different things, whatever their words


def _size(s: FigureStatement) -> float:
    bounds = (abs(s.quantity.low), abs(s.quantity.high))  # "more than 200" has no upper one
    return max((b for b in bounds if math.isfinite(b)), default=1.0) or 1.0


def _joinable(s: FigureStatement, names: frozenset[str], g: _Group) -> bool:
    """The same measure as every member (`same_measure`), not a second figure of one voice in
    one text, compatible names, the same period, and dates close enough."""
    if not all(same_measure(s.measure, m) for m in g.measures):
        return False
    if not _same_period(s, g):
        return False
    if _same_text_two_quantities(s, g):
        return False
    if _size(s) * SIZES_APART < g.largest or _size(s) > g.smallest * SIZES_APART:
        return False  # "$3,000 per family" and "$367 million disbursed": other quantities
    if not all(_compatible(names, n) for n in g.name_sets):
        return False
    return max(days_apart(s.date, g.first), days_apart(s.date, g.last)) <= MAX_DAYS_APART


TRIES = 8  # the closest groups a statement may try to join, most similar first
SERIES = 50  # one document stating more figures of one measure than this is a table or a log
GROUPING = "g9"  # the version of these rules; a stored label of another version is regrouped


def statement_id(s: FigureStatement) -> str:
    """The ledger row id of a statement: its document and the offset of its figure."""
    return f"{s.doc_id}@{s.span_start}"


def voice_words(statements: Iterable[FigureStatement], publishers: Iterable[str]) -> set[str]:
    """The words of every voice: attributed claimants and publishers (sources, not subjects)."""
    names = [*(s.claimant for s in statements if s.attributed), *publishers]
    return {w for name in names for w in words_of(name)}


class Grouper:
    """Groups of statements measuring one quantity, kept between writes. Candidate groups are
    looked up, not scanned: by measure, and by the names their members mention (a named
    statement can only join a group sharing a name, or one naming nobody)."""

    def __init__(self, dim: int) -> None:
        self.groups: list[_Group] = []
        self.labels: dict[str, int] = {}
        self.centroids = _Centroids(dim)
        self.by_counted: dict[str, list[int]] = defaultdict(list)
        self.by_name: dict[tuple[str, str], set[int]] = defaultdict(set)
        self.nameless: dict[str, set[int]] = defaultdict(set)
        self.series: dict[tuple[str, str], int] = {}  # figures of one measure per document

    def add(
        self,
        s: FigureStatement,
        vector: np.ndarray,
        *,
        publisher: str,
        voices: AbstractSet[str],
        label: str = "",
    ) -> str:
        """Place `s` (in its stored group when `label` names one); its group's label, or "" when
        the statement cannot be part of a dispute."""
        if (
            not groupable(s.measure, s.attributed)
            or s.quantity.unit == "ratio"
            or _narrated_roughly(s)
        ):
            return ""
        key = measure_key(s.measure)
        stated = self.series[(s.doc_id, key)] = self.series.get((s.doc_id, key), 0) + 1
        if stated > SERIES and not label:
            return ""  # rows of a table or a log: not claims that sources dispute
        names = subject_names(s, publisher, voices)
        best = self.labels.get(label, -1) if label else self._closest(s, key, names, vector)
        if best < 0:
            best = self._new(key, label or f"{GROUPING}:{statement_id(s)}")
        self.centroids.add(best, vector)
        group = self.groups[best]
        group.take(s, names)
        if names:
            self.nameless[group.counted].discard(best)
            for w in names:
                self.by_name[(group.counted, w)].add(best)
        return group.label

    def _closest(
        self, s: FigureStatement, key: str, names: frozenset[str], vector: np.ndarray
    ) -> int:
        if names:
            found = set().union(*(self.by_name[(key, w)] for w in names))
            candidates: Sequence[int] = sorted(found | self.nameless[key])
        else:
            candidates = self.by_counted[key]
        if not candidates:
            return -1
        sims = self.centroids.cosines(key, candidates, vector)
        # most similar first; on a tie the later group, as a running ">=" maximum would pick
        above = np.nonzero(sims >= CONTEXT_MIN)[0].tolist()
        for k in sorted(above, key=lambda k: (-sims[k], -candidates[k]))[:TRIES]:
            if _joinable(s, names, self.groups[candidates[k]]):
                return candidates[k]
        return -1

    def _new(self, key: str, label: str) -> int:
        best = self.centroids.new(key)
        self.groups.append(_Group(key, label))
        self.labels[label] = best
        self.by_counted[key].append(best)
        self.nameless[key].add(best)
        return best

    def remove_documents(self, doc_ids: Iterable[str]) -> None:
        """Drop the members stated in these documents; an emptied group never attracts again."""
        gone = set(doc_ids)
        self.series = {k: n for k, n in self.series.items() if k[0] not in gone}
        for i, g in enumerate(self.groups):
            if any(m.doc_id in gone for m, _ in g.members):
                g.keep([(m, n) for m, n in g.members if m.doc_id not in gone])
                if not g.members:
                    self.centroids.clear(i)

    def statement_groups(self, keys: AbstractSet[str] | None = None) -> list[list[FigureStatement]]:
        """The groups with members (of these measure keys only, when given), in `in_order`
        (whatever order the writes came in)."""
        return in_order(
            [m for m, _ in g.members]
            for g in self.groups
            if g.members and (keys is None or g.counted in keys)
        )


def stated_order(s: FigureStatement) -> tuple[str, str, int]:
    """The order statements are listed in: by date, then document, then offset."""
    return (s.date, s.doc_id, s.span_start)


def in_order(groups: Iterable[list[FigureStatement]]) -> list[list[FigureStatement]]:
    """Groups, each in date order, ordered by their first member: the same for groups placed
    in one pass, over many writes, or read back from their stored labels."""
    return sorted((sorted(g, key=stated_order) for g in groups), key=lambda g: stated_order(g[0]))


def group_statements(
    statements: Sequence[FigureStatement],
    vectors: np.ndarray | Sequence[Sequence[float]],
    publishers: dict[str, str],
) -> list[list[FigureStatement]]:
    """Greedy clustering in date order; a statement joins the closest compatible group."""
    if not statements:
        return []
    matrix = np.asarray(vectors, dtype=np.float32).reshape(len(statements), -1)
    grouper = Grouper(matrix.shape[1])
    voices = voice_words(statements, publishers.values())
    order = sorted(range(len(statements)), key=lambda i: (statements[i].date, statements[i].doc_id))
    for i in order:
        s = statements[i]
        grouper.add(s, matrix[i], publisher=publishers.get(s.doc_id, ""), voices=voices)
    return grouper.statement_groups()
