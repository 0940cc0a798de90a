"""Short mentions of a claimant resolved to the fuller names of the corpus: "the ministry" ->
"Ministry of Health" when the corpus names one ministry; a bare kind no name holds ("the
union") -> the one publisher described as one."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from assistant.ledger.claimants import BARE_KIND
from assistant.ledger.grouping import words_of
from assistant.types import FigureStatement


class NameBook:
    """The names a short mention may resolve to, with their words, looked up by word. A ledger
    keeps one across writes and adds the names each write brings."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self.words: dict[str, frozenset[str]] = {}
        self.by_word: dict[str, set[str]] = defaultdict(set)
        self.add(names)

    def add(self, names: Iterable[str]) -> None:
        for name in names:
            if name and name not in self.words:
                self.words[name] = frozenset(words_of(name))
                for w in self.words[name]:
                    self.by_word[w].add(name)

    def fullest(self, name: str) -> set[str]:
        """The widest names holding every word of `name` and more (none: `name` is full)."""
        ws = self.words[name]
        fuller = set.intersection(*(self.by_word[w] for w in ws)) - {name} if ws else set()
        fuller = {f for f in fuller if len(self.words[f]) > len(ws)}
        return {f for f in fuller if not any(self.words[f] < self.words[g] for g in fuller)}


def resolve_claimants(
    statements: Sequence[FigureStatement],
    publishers: dict[str, str],
    known: Iterable[str] | NameBook = (),
    described: Mapping[str, str] | None = None,
) -> list[FigureStatement]:
    """A short mention takes the one fuller name of the corpus that contains it: "the ministry"
    -> "Ministry of Health", "Varneth's defence ministry" -> "Ministry of Defence of the
    Republic of Varneth"; an ambiguous mention (two ministries) stays as written. A bare kind
    ("the union") that no name contains takes the one publisher `described` as one ("a dock
    workers' union": its affiliation, or the reason its stance was inferred). `known`: more
    names, or a `NameBook` that the statements' claimants and publishers are added to."""
    book = known if isinstance(known, NameBook) else NameBook(known)
    book.add(s.claimant for s in statements if s.attributed)
    book.add(publishers.values())
    resolved: dict[str, str] = {}
    for name in {s.claimant for s in statements} & book.words.keys():  # only those asked
        widest = book.fullest(name)
        if len(widest) == 1:
            resolved[name] = widest.pop()
        elif not widest:
            resolved.update(_by_kind(name, described or {}))
    return [
        replace(s, claimant=resolved[s.claimant]) if s.claimant in resolved else s
        for s in statements
    ]


def _by_kind(name: str, described: Mapping[str, str]) -> dict[str, str]:
    """{name: the one publisher whose description holds the kind `name` is}, or {}."""
    m = BARE_KIND.fullmatch(name.strip())
    if not m:
        return {}
    kind = re.compile(rf"\b{re.escape(m.group(1))}s?\b")
    found = {p for p, text in described.items() if p and kind.search(text.lower())}
    return {name: found.pop()} if len(found) == 1 else {}
