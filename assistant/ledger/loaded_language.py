"""Loaded political language: wording that takes a side, found by a general lexicon and patterns.

Nothing here names a country, party, person or event: the lexicon is the vocabulary of
political advocacy in general ("regime", "thugs", "martyrs", "so-called", "criminal
negligence", "appeasement") and of spin ("decisive leadership", "a handful of critics"). A cue
is a signal for the reader, not a verdict on a source; for documents that declare no stance, a
high density of cues is one sign of a partisan source (`assistant.ledger.stance_inference`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.types import Citation, Cue, Flag

_LEXICON: dict[str, str] = {
    "pejorative": """regime regimes thug thugs henchmen henchman hooligans hoodlums rioters
        seditionists mercenaries mercenary lackeys lackey stooges stooge puppet puppets cronies
        cult cultists terrorist-sponsoring murderous murderers butchers butcher bloodthirsty
        tyrant tyrants tyranny despot despots despotic dictator dictatorship fascist fascists
        traitors traitor hypocrites warmongers warmonger propagandists thuggish criminal-regime
        barbaric barbarity savage savagery mob mobs infidels apostates vassal""",
    "glorifying": """martyr martyrs martyrdom martyred heroic heroes hero valiant glorious
        freedom-fighters freedom-loving uprising tireless flawless exemplary selfless brave
        courageous daring gallant fearless""",
    "alarmist": """massacre massacres massacred slaughter slaughtered bloodbath genocide
        genocidal carnage atrocity atrocities onslaught reign-of-terror crimes-against-humanity
        ethnic-cleansing holocaust""",
    "dismissive": """so-called appeasement appease appeasing appeaser appeasers whitewash
        whitewashing hoax fabrications smear smears mouthpiece agitators provocateurs
        troublemakers self-appointed""",
}
_PHRASES: dict[str, str] = {
    r"criminal\s+negligence": "alarmist",
    r"crimes?\s+against\s+humanity": "alarmist",
    r"reign\s+of\s+terror": "alarmist",
    r"ethnic\s+cleansing": "alarmist",
    r"freedom[-\s]fighters?": "glorifying",
    r"freedom[-\s]loving": "glorifying",
    r"criminal\s+regimes?": "pejorative",
    r"terrorist[-\s]sponsoring": "pejorative",
    r"enemies\s+of\s+the\s+(?:people|nation|state|revolution)": "pejorative",
    r"so[-\s]called": "dismissive",
    r"self[-\s]appointed": "dismissive",
    # praise of leaders and contempt for critics: the register of state media and spin
    r"(?:decisive|swift|strong|steady|bold|visionary|tireless|exemplary|courageous|"
    r"inspiring)\s+leadership": "glorifying",
    r"textbook\s+(?:operation|response|rescue|evacuation)": "glorifying",
    r"(?:a\s+)?handful\s+of\s+(?:critics|protesters|activists|agitators|troublemakers|"
    r"malcontents|detractors)": "dismissive",
    r"(?:use|exploit|exploiting|exploited|politici[sz]e|politici[sz]ing)\s+(?:the|this|a)\s+"
    r"(?:disaster|tragedy|crisis|catastrophe|suffering|grief)": "dismissive",
    r"political\s+games": "dismissive",
    r"(?:fear|scare)[-\s]?mongering": "dismissive",
    r"political\s+point[-\s]scoring": "dismissive",
}
_WORDS = {
    w: cat
    for cat, spec in _LEXICON.items()
    for w in spec.split()
    if "-" not in w  # hyphenated entries are matched by the phrase patterns
}
_TOKEN = re.compile(r"\w+")  # a lexicon word is a whole run of word characters: a dict look-up
_PHRASE_RES = [(re.compile(rf"\b{p}\b", re.I), cat) for p, cat in _PHRASES.items()]

# "sanctions regime", "visa regime": the technical sense of the word is not loaded
_TECHNICAL_BEFORE = re.compile(
    r"\b(?:sanctions?|visa|tax|trade|legal|regulatory|inspections?|export|control|"
    r"verification|nonproliferation|non-proliferation|treaty|tariff|exchange-rate)\s+$",
    re.I,
)

# a document without declared stance reads as partisan when cues are this dense
INFER_MIN_CUES = 3
INFER_PER_1000_WORDS = 6.0


def loaded_cues(text: str, doc_id: str = "", offset: int = 0) -> list[Cue]:
    """Every loaded word or phrase of `text`, with offsets shifted by `offset`."""
    found: dict[tuple[int, int], Cue] = {}
    for rx, cat in _PHRASE_RES:
        for m in rx.finditer(text):
            found[(m.start(), m.end())] = Cue(
                doc_id, offset + m.start(), offset + m.end(), m.group(), cat
            )
    taken = [(a, b) for a, b in found]
    for m in _TOKEN.finditer(text):
        if m.group().lower() not in _WORDS or any(a <= m.start() < b for a, b in taken):
            continue
        if m.group().lower().startswith("regime") and _TECHNICAL_BEFORE.search(
            text[max(0, m.start() - 30) : m.start()]
        ):
            continue
        cat = _WORDS[m.group().lower()]
        found[(m.start(), m.end())] = Cue(
            doc_id, offset + m.start(), offset + m.end(), m.group(), cat
        )
    return [found[k] for k in sorted(found)]


def looks_partisan(text: str) -> bool:
    """Is the loaded wording dense enough to call an undeclared source partisan?"""
    words = max(1, len(text.split()))
    cues = len(loaded_cues(text))
    return cues >= INFER_MIN_CUES and cues * 1000 / words >= INFER_PER_1000_WORDS


def loaded_language_flag(citations: Sequence[Citation]) -> Flag | None:
    """`loaded_language` when quoted passages carry loaded wording; offsets for highlighting."""
    cues = [cue for c in citations for cue in loaded_cues(c.quote, c.doc_id, c.start)]
    if not cues:
        return None
    words = sorted({cue.text.lower() for cue in cues})
    shown = ", ".join(f"“{w}”" for w in words[:6]) + (" …" if len(words) > 6 else "")
    return Flag(
        "loaded_language",
        f"The quoted sources use loaded wording ({shown}): words that take a side. "
        "Read them as the source's framing, not as neutral description.",
        cues=tuple(cues),
    )
