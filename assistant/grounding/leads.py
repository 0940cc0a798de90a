"""What a composed lead is held to beyond its words (`generated.verify_answer(lead=True)`):
its relations are its quotes' (`grounding.relations`), what only partisan quotes say is said as
theirs ("According to X", "X said"), a figure keeps its quote's hedge, and a cause is given
only where a quote gives one."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.corpus.nlp import parse_remembered
from assistant.corpus.sentences import split_sentences
from assistant.grounding.markers import strip_markers
from assistant.grounding.relations import unsupported_relation
from assistant.grounding.rewording import (
    VOICE_VERBS,
    cut_short,
    dated_by_its_source,
    dated_from_another_quote,
    figure_act_changed,
    words_added,
)
from assistant.grounding.support import named_phrases
from assistant.ledger.affiliation import is_org_name
from assistant.ledger.figures import find_figures
from assistant.ledger.stance import speaker
from assistant.store.lexical import STOPWORDS
from assistant.types import Passage

if TYPE_CHECKING:
    from spacy.tokens import Token


def lead_problem(sentence: str, cited: Sequence[Passage]) -> str:
    """Why a lead sentence does not hold against the quotes it cites ("" when it does): a
    relation its quotes do not state, a partisan claim stated as fact, or a hedge changed."""
    why = unsupported_relation(strip_markers(sentence), [p.chunk.text for p in cited])
    return (
        why
        or _unattributed(sentence, cited)
        or _voice_unfounded(sentence, cited)
        or _hedge_changed(sentence, cited)
        or _cause_invented(sentence, cited)
        or _change_to_itself(sentence)
        or _figure_of_another(sentence, cited)
        or dated_by_its_source(sentence, cited)
        or dated_from_another_quote(sentence, cited)
        or figure_act_changed(sentence, cited)
        or cut_short(sentence)
        or words_added(sentence, cited)
    )


_ACCORDING = re.compile(r"\baccording to ((?:[^,.;:()\[\]]|\.\w)+)", re.I)
_SAID_NOUNS = frozenset(  # "Amnesty's figure": the owner speaks
    """figure count wording report estimate tally statement toll list account view claim
    version rendering words reading analysis assessment""".split()
)


def _voice_unfounded(sentence: str, cited: Sequence[Passage]) -> str:
    """ "According to V": V must be who says something in a quote it cites (its source, or a
    speaker the quote names: the subject of a verb of saying, "according to V", "V's
    figure"); not a person the quote only mentions, nor words that name no one ("according to
    the 18-year sentence"). A speaker the quote names must give the sentence's figures in its
    own clause: "X wrote of up to 300%, while Y's wording was 50% to 200%" does not let
    "according to X" say 50% to 200%."""
    text = strip_markers(sentence)
    figures = _figure_values(text)
    voices = _voices_of(cited)
    for m in _ACCORDING.finditer(text):
        voice = _content_words(m.group(1))
        scopes = [scope for v, scope in voices if _same_voice(m.group(1), v)]
        if voice and not scopes:
            return f'"{m.group(0).strip()}": no quote it cites has that voice say it'
        if voice and not any(figures <= _figure_values(scope) for scope in scopes):
            return f'"{m.group(0).strip()}": that voice does not give these figures in the quote'
    return ""


def _same_voice(voice: str, speaker: str) -> bool:
    """Is the speaker the voice: the capitalised words of one are all the other's ("Iran
    International" is not "Amnesty International"; "Tasnim News Agency" is "Tasnim"), or, when
    the voice has none, a word in common ("the interior minister" for "Interior Minister
    Rahmani Fazli")?"""
    named, said = _named_words(voice), _named_words(speaker)
    if named:
        return named <= _content_words(speaker) or (bool(said) and said <= named)
    return bool(_content_words(voice) & _content_words(speaker))


def _named_words(text: str) -> frozenset[str]:
    return _content_words(" ".join(w for w in text.split() if w[:1].isupper()))


def _voices_of(cited: Sequence[Passage]) -> list[tuple[str, str]]:
    """Who says something in the quotes, each with what they say: the quotes' sources (the
    whole quote), and the speakers the quotes name (their clause, or their sentence)."""
    out = [(x, p.chunk.text) for p in cited for x in (speaker(p.source), p.source.affiliation)]
    for doc in parse_remembered([p.chunk.text for p in cited]):
        for t in doc:
            said = t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in VOICE_VERBS
            if said:
                clause = _own_clause(t)
                out += [(_span(c), clause) for c in t.children if c.dep_ in _SUBJECTS]
                out += [
                    (_span(g), clause) for c in t.children if c.dep_ == "agent" for g in c.children
                ]
            if t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
                out += [(_span(c), t.sent.text) for c in doc[t.i + 1].children if c.dep_ == "pobj"]
            if t.dep_ == "poss" and t.head.lemma_.lower() in _SAID_NOUNS:
                out.append((_span(t), t.sent.text))  # "Amnesty's figure"
            if t.lower_ == "by" and t.head.lemma_.lower() in _SAID_NOUNS:
                out += [(_span(c), t.sent.text) for c in t.children if c.dep_ == "pobj"]
    return [(v, scope) for v, scope in out if v]


_SUBJECTS = ("nsubj", "nsubjpass")


def _own_clause(verb: Token) -> str:
    """The verb's words, without the clauses joined to it that have a subject of their own
    ("X wrote of A, while Y's wording was B": X's clause is "X wrote of A")."""
    apart = {
        t.i
        for c in verb.children
        if c.dep_ in ("advcl", "conj") and any(g.dep_ in _SUBJECTS for g in c.children)
        for t in c.subtree
    }
    return " ".join(t.text for t in verb.subtree if t.i not in apart)


def _figure_of_another(sentence: str, cited: Sequence[Passage]) -> str:
    """The sentence's subject must be in a quote sentence that gives its figure, when one
    quote names the subject and another gives the figure: "the aid worker was held since 1
    July 2018" joins the aid worker of one quote to the diplomat's arrest date of another."""
    doc = parse_remembered([strip_markers(sentence)])[0]
    subject = next((t for t in doc if t.dep_ in _SUBJECTS and t.head.dep_ == "ROOT"), None)
    figures = _figure_values(doc.text)
    if subject is None or subject.pos_ == "PRON" or not figures:
        return ""
    words = _content_words(_span(subject))
    spans = [sp.text for p in cited for sp in split_sentences(p.chunk.text)]
    holding = [sp for sp in spans if figures & _figure_values(sp)]
    naming = [sp for sp in spans if words & _content_words(sp)]
    if holding and naming and not any(words & _content_words(sp) for sp in holding):
        return f'its figures are not said of "{_span(subject).strip()}" in the quotes'
    return ""


def _figure_values(text: str) -> frozenset[float]:
    return frozenset(v for _, _, q in find_figures(text) for v in (q.low, q.high))


def _span(token: Token) -> str:
    return "".join(t.text_with_ws for t in token.subtree)


def _content_words(text: str) -> frozenset[str]:
    return frozenset(
        w
        for w in re.findall(r"[\w'’-]+", text.lower().replace("’s", "").replace("'s", ""))
        if w not in STOPWORDS and not w.isdigit()
    )


def _change_to_itself(sentence: str) -> str:
    """ "rose from 208 to 208": a change to the value it started from says nothing true."""
    m = re.search(r"\bfrom (\d[\d,.]*) to (\d[\d,.]*)\b", sentence)
    if m and m.group(1).replace(",", "") == m.group(2).replace(",", ""):
        return f'"{m.group(0)}" is a change to the same value'
    return ""


_GIVES_CAUSE = re.compile(  # a sentence that says why
    r"\b(?:because|due to|as a result of|owing to|caused by|led to|resulted in|therefore|"
    r"so that|in order to|thanks to)\b",
    re.I,
)
_SPEAKS_OF_CAUSE = re.compile(  # a quote that says why, or says something led to something
    r"\b(?:because|due to|as a result|owing to|caus\w*|leads? to|led to|result\w*|therefore|"
    r"so that|in order to|reasons?|in response|why|prompt\w*|spark\w*|trigger\w*|"
    r"thanks to)\b",
    re.I,
)


def _cause_invented(sentence: str, cited: Sequence[Passage]) -> str:
    """A lead that gives a cause ("because ...") where no quote it cites speaks of one: a small
    model joins two facts with a reason of its own."""
    said = _GIVES_CAUSE.search(sentence)
    if said and not any(_SPEAKS_OF_CAUSE.search(p.chunk.text) for p in cited):
        return f'it gives a cause ("{said.group(0)}") that no quote it cites gives'
    return ""


_SAYS = re.compile(
    r"\b(?:according to|said|says|say|reported|reports|claimed|claims|stated|states|counted|"
    r"estimated|puts?|announced|wrote|alleged)\b",
    re.I,
)


def _partisan_only(sentence: str, cited: Sequence[Passage]) -> bool:
    """Does the sentence rest on partisan quotes alone: every quote it cites is partisan, or
    one of its numbers is found only in partisan ones ("165 cities" beside an independent "100
    cities")?"""
    if all(p.source.stance == "partisan" for p in cited):
        return True
    for number in re.findall(r"\d[\d,.]*\d|\d", strip_markers(sentence)):
        holders = [p for p in cited if number.replace(",", "") in p.chunk.text.replace(",", "")]
        if holders and all(p.source.stance == "partisan" for p in holders):
            return True
    return False


_HEDGE_CLASS = {  # "at least 251" is not "more than 251"
    "exact": "exact",
    "about": "about",
    "at_least": "at_least",
    "more_than": "above",
    "could_be_over": "above",
    "up_to": "below",
    "fewer_than": "below",
}


def _hedged(text: str) -> list[tuple[float, str, str]]:
    """(the number as written, its hedge class, the phrase) for each figure of a text."""
    out = []
    for start, end, q in find_figures(text):
        kind = _HEDGE_CLASS.get(q.qualifier)
        if kind is None:
            continue  # a range
        core = {"about": (q.low + q.high) / 2, "below": q.high}.get(kind, q.low)
        out.append((round(core, 6), kind, text[start:end]))
    return out


def _hedge_changed(sentence: str, cited: Sequence[Passage]) -> str:
    """A figure keeps its quote's hedge: "at least 23" is not "23", "142" is not "at least
    142". Only figures the quotes state with the same number are compared."""
    stated = [h for p in cited for h in _hedged(p.chunk.text)]
    for value, kind, phrase in _hedged(strip_markers(sentence)):
        same = [h for h in stated if h[0] == value]
        if same and all(h[1] != kind for h in same):
            return f'"{phrase}" drops or adds the hedge of the quote\'s "{same[0][2]}"'
    return ""


def _names_a_voice(sentence: str, cited: Sequence[Passage]) -> bool:
    """Does the sentence name who says it: a cited source's publisher, an organisation the
    cited text names, or a person it quotes ("X said", "according to X")? A place is not a
    voice ("According to the sources, ... in Calvera Province" names none)."""
    voices = {p.source.publisher for p in cited if p.source.publisher}
    for p in cited:
        speakers = {m.group(1) or m.group(2) for m in _SPEAKER.finditer(p.chunk.text)}
        voices |= {
            n
            for n in named_phrases(p.chunk.text)
            if is_org_name(n) or any(sp.endswith(n) for sp in speakers)
        }
    text = " ".join(sentence.lower().split())
    return any(_mentions(text, voice) for voice in voices)


def _mentions(text: str, voice: str) -> bool:
    """The voice's name, or two of its words in a row, one of them its head ("Ministry of" for
    "Ministry of Health of the Republic of Sarvenia", "Celadon Authority" for "Port Celadon
    Authority" but not the place "Port Celadon"; "Reuters" for "Reuters")."""
    words = [w for w in re.findall(r"[\w'’-]+", voice.lower()) if w not in ("the", "a", "an")]
    if len(words) == 1:
        return re.search(rf"\b{re.escape(words[0])}\b", text) is not None
    head = words[words.index("of") - 1] if "of" in words[1:] else words[-1]
    pairs = (f"{a} {b}" for a, b in itertools.pairwise(words) if head in (a, b))
    return any(re.search(rf"\b{re.escape(pair)}\b", text) for pair in pairs)


_SPEAKER = re.compile(
    r"(?:according to\s+|,\s*)?([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)(?:,[^,]{0,80},)?\s+"
    r"(?:said|says|told|reported|wrote|announced|stated|claimed)\b"
    r"|according to\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)"
)


def _unattributed(sentence: str, cited: Sequence[Passage]) -> str:
    """What only partisan quotes say, the sentence must give to someone, by name."""
    if not _partisan_only(sentence, cited):
        return ""
    if _SAYS.search(sentence) and _names_a_voice(sentence, cited):
        return ""
    return "it states as fact what only partisan sources say, without saying who says it"


def voice_named(sentence: str) -> bool:
    """Does the sentence say who says it ("According to X", "X said")?"""
    return _SAYS.search(sentence) is not None


def voiced(sentence: str, passages: Sequence[Passage]) -> str:
    """'According to <the partisan source>, ...' when the sentence names no voice and every
    passage it cites is partisan; else the sentence as it is."""
    if voice_named(sentence) or not all(p.source.stance == "partisan" for p in passages):
        return sentence
    if len({speaker(p.source) for p in passages}) != 1:
        return sentence  # two partisan sources: naming one would give it the other's words
    first, _, rest = sentence.partition(" ")
    if first.lower() in STOPWORDS:
        first = first.lower()
    return f"According to {speaker(passages[0].source)}, {first} {rest}"
