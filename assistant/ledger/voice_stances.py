"""A figure's stance is its claimant's, not that of the text relaying it: the publishers'
stances, looked up by the words of a claimant's name (`VoiceBook`), give each named claimant
the stance of the publisher it names."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from assistant.ledger.grouping import claimant_key
from assistant.types import FigureStatement, Stance


@dataclass(frozen=True)
class VoiceBook:
    """The publishers' stances as given, by look-up key, and the keys by word (looked up,
    not scanned: a large corpus has thousands of publishers)."""

    stances: Mapping[str, Stance]
    by_key: Mapping[str, Stance]
    by_word: Mapping[str, frozenset[str]]

    @classmethod
    def of(cls, publisher_stances: Mapping[str, Stance]) -> VoiceBook:
        by_key = {claimant_key(p): st for p, st in publisher_stances.items() if claimant_key(p)}
        by_word: dict[str, set[str]] = defaultdict(set)
        for key in by_key:
            for w in key.split():
                by_word[w].add(key)
        words = {w: frozenset(keys) for w, keys in by_word.items()}
        return cls(dict(publisher_stances), by_key, words)

    def stance_of(self, claimant: str) -> Stance:
        """The stance of the one publisher the claimant names; 'unknown' for none, or for
        publishers of different stances."""
        key = claimant_key(claimant)
        near = set().union(*(self.by_word.get(w, frozenset()) for w in key.split()))
        found = {self.by_key[p] for p in near if key and (key in p or p in key)}
        return found.pop() if len(found) == 1 else "unknown"


def with_voice_stances(
    statements: Sequence[FigureStatement], voices: VoiceBook
) -> list[FigureStatement]:
    """A named claimant that publishes in the corpus gets that publisher's stance, any other
    named claimant 'unknown'. Unattributed figures keep their document's stance; a figure
    whose stance is unchanged is the very same value."""
    voiced: dict[str, Stance] = {}  # claimant -> stance: many figures share a voice
    out = []
    for s in statements:
        if not s.attributed:
            out.append(s)
            continue
        taken = voiced.get(s.claimant)
        if taken is None:
            taken = voiced[s.claimant] = voices.stance_of(s.claimant)
        out.append(s if taken == s.stance else replace(s, stance=taken))
    return out
