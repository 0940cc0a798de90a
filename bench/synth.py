"""Synthetic corpora for scale runs: N documents about invented places, with planted facts.

Every document reports one planted figure ("The Varnel harbour office counted 4,210 crates
seized in Varnel on 3 May 2031.") among filler sentences, so retrieval quality can be checked
at any size: the question "How many crates were seized in Varnel?" has one right document.
Names are built from syllables, so nothing here is about a real event.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from assistant.types import Document, Source

_SYLLABLES = "var nel tor ash min ber cal dor esk fen gal hol ist jor kel lum mar nor ost".split()
_THINGS = "crates barrels permits ferries lanterns wells bridges looms kilns orchards".split()
_ACTIONS = "seized inspected repaired licensed counted registered restored".split()
_OFFICES = "harbour office|river board|guild council|census bureau|watch committee".split("|")
_FILLER = (
    "The weather in {town} stayed mild for most of the season.",
    "Residents of {town} gathered in the market square on the first day of the fair.",
    "A new road linking {town} with the coast was discussed at length.",
    "Local historians in {town} keep records of the old mills and their owners.",
    "The school in {town} opened a second library room for older pupils.",
    "Travellers described {town} as quiet, with narrow streets and stone houses.",
)


@dataclass(frozen=True)
class Planted:
    doc_id: str
    question: str
    value: int


def town(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(3)).capitalize()


def corpus(
    n_docs: int, sentences_per_doc: int = 12, seed: int = 7
) -> Iterator[tuple[Document, Planted]]:
    """`n_docs` documents of about `sentences_per_doc` sentences (a chunk is ~5 sentences)."""
    rng = random.Random(seed)
    for i in range(n_docs):
        place, thing = f"{town(rng)}{i}", rng.choice(_THINGS)
        action, office = rng.choice(_ACTIONS), rng.choice(_OFFICES)
        value = rng.randint(100, 99_999)
        fact = (
            f"The {place} {office} said {value:,} {thing} were {action} in {place} "
            f"on {rng.randint(1, 28)} May 2031."
        )
        lines = [rng.choice(_FILLER).format(town=place) for _ in range(sentences_per_doc - 1)]
        lines.insert(rng.randint(0, len(lines)), fact)
        text = f"# News from {place}\n\n" + " ".join(lines) + "\n"
        source = Source(
            title=f"News from {place}",
            publisher=f"{place} Courier",
            date="2031-05-30",
            stance=rng.choice(("independent", "partisan", "unknown")),
        )
        doc = Document(f"synth/{i:06d}", text, source, content_hash=f"h{seed}-{i}")
        yield doc, Planted(doc.id, f"How many {thing} were {action} in {place}?", value)
