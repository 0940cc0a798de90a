"""A stance for a document that declares none, read from its text and from the corpus.

Three signals, weighed against each other:
- self-identification: whom the document speaks for (a press release signed by an
  organisation, "Statement by ...", the first person plural outside quotation marks) and what
  kind of organisation that is (a party, a government, a campaign vs a wire service, a charity);
- the corpus: how other documents describe the same organisation ("X, a group allied with the
  opposition"), and the stance other documents from that publisher declare;
- loaded wording (`looks_partisan`).
Only "partisan" is inferred, always with a reason a reader can check; a document that shows
no stake stays "unknown".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from assistant.ledger.affiliation import (
    INDEPENDENT,
    PARTISAN,
    Description,
    descriptions,
    keys,
    name_kind,
    no_stake,
    same_organisation,
)
from assistant.ledger.loaded_language import looks_partisan
from assistant.ledger.self_identity import (
    SelfName,
    answers_for,
    campaigning,
    first_person_plural,
    membership,
    national,
    news_marker,
    news_self_names,
    own_voice,
    public_standing,
    release_marker,
    research_method,
    self_names,
    spokesperson_kinds,
    stake_declared,
)
from assistant.types import Document, Source

T = TypeVar("T")
MIN_WEIGHT = 2  # partisan needs at least this much evidence, and more than for independent
SHARED = 200  # entries filed under one word beyond which the word identifies no organisation


@dataclass(frozen=True)
class Known:
    """A publisher's stance as a document (in this batch or already stored) states it."""

    name: str
    stance: str
    inferred: bool


@dataclass(frozen=True)
class Corpus:
    """What the documents say about one another: descriptions and publishers' stances, each
    filed under the identifying words of the organisation's name (so a look-up is cheap)."""

    described: dict[str, tuple[Description, ...]]
    known: dict[str, tuple[Known, ...]]
    voices: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Evidence:
    side: str  # PARTISAN or INDEPENDENT
    weight: int
    why: str  # in words, for `stance_reason`
    voice: bool = False  # restates the first person plural the identity clause quotes


def read_corpus(documents: Sequence[Document], others: Sequence[Source] = ()) -> Corpus:
    """The descriptions every document gives, and the stances publishers declare (in
    `documents` and in `others`, the sources already stored)."""
    voices = {d.id: own_voice(d.text) for d in documents}
    described: dict[str, list[Description]] = {}
    for d in documents:
        for x in descriptions(d.id, voices[d.id]):
            for key in keys(x.name):
                described.setdefault(key, []).append(x)
    known: dict[str, list[Known]] = {}
    declared = dict.fromkeys(  # one per publisher and stance: most documents share theirs
        (s.publisher, s.stance, s.stance_inferred)
        for s in [*(d.source for d in documents), *others]
        if s.publisher and s.stance in (PARTISAN, INDEPENDENT)
    )
    for k in (Known(*t) for t in declared):
        for key in keys(k.name):
            known.setdefault(key, []).append(k)
    return Corpus(
        {k: tuple(v) for k, v in described.items()},
        {k: tuple(v) for k, v in known.items()},
        voices,
    )


def evidence(doc: Document, corpus: Corpus) -> tuple[str, list[Evidence]]:
    """(whom the document speaks for, in words; the evidence on its stance)."""
    own = corpus.voices.get(doc.id) or own_voice(doc.text)
    lines = [line.strip() for line in doc.text.splitlines() if line.strip()]
    news = news_marker(lines, own)
    we = () if news else first_person_plural(own)
    found = [Evidence(INDEPENDENT, 1, news)] if news else _voice(own, we)
    found += _sides(own)
    selves = _selves(doc, lines, own, news, speaks=len(we) >= 2 or release_marker(lines))
    if selves:
        own_account = any(e.voice for e in found)
        if selves[0].strong and not news and not own_account and not doc.source.publisher:
            found.append(Evidence(PARTISAN, 1, "it is an organisation's own statement", True))
        found += _about(selves[0].name, doc.id, corpus)
    elif len(we) >= 2:  # speaks for an organisation it does not name: who speaks for it?
        for side, title in spokesperson_kinds(doc.text)[:1]:
            found.append(Evidence(side, 1, f"its spokesperson is the {title}"))
    stake = no_stake(own)
    if stake:
        found.append(Evidence(INDEPENDENT, 2, f'it says it "{stake}"'))
    method = research_method(lines)
    if method:
        found.append(Evidence(INDEPENDENT, 1, f'it sets out its method ("{method}")'))
    if looks_partisan(doc.text):
        found.append(Evidence(PARTISAN, 3, "its wording is dense with loaded political language"))
    telling = [*campaigning(own), *membership(own), *national(own), *we]
    return _identity(selves, telling), found


def _voice(own: str, we: Sequence[str]) -> list[Evidence]:
    """An organisation's own account in the first person plural, and whether it campaigns."""
    if len(we) < 2:
        return []
    found = [Evidence(PARTISAN, 1, "it is an organisation's own account, not a report", True)]
    conduct = answers_for(own)
    if conduct:
        found.append(Evidence(PARTISAN, 1, f"it answers for its own conduct ({_quoted(conduct)})"))
    standing = public_standing(own)
    if standing:
        why = f"it speaks to the public about its standing ({_quoted(standing)})"
        found.append(Evidence(PARTISAN, 1, why))
    campaign = campaigning(own)
    if campaign:
        found.append(Evidence(PARTISAN, 1, f"it campaigns ({_quoted(campaign)})"))
    members = membership(own)
    if members:
        found.append(Evidence(PARTISAN, 1, f"it speaks for a membership ({_quoted(members)})"))
    return found


def _sides(own: str) -> list[Evidence]:
    """Speaking as a nation or a state ("our soldiers") takes a side even in a news story."""
    found = []
    side = national(own)
    if side:
        found.append(Evidence(PARTISAN, 2, f"it speaks as one side ({_quoted(side)})"))
    interest = stake_declared(own)
    if interest:
        found.append(Evidence(PARTISAN, 2, f'it declares a stake ("{interest}")'))
    return found


def _quoted(phrases: Sequence[str]) -> str:
    return ", ".join(f'"{p}"' for p in phrases[:2])


def _selves(
    doc: Document, lines: list[str], own: str, news: str, *, speaks: bool
) -> list[SelfName]:
    """The names the document gives itself, strongest first. A hint alone (a lead "X today
    announced", a closing "X is a ...") counts only when the document speaks for itself."""
    found: list[SelfName] = []
    if doc.source.publisher:
        found.append(SelfName(doc.source.publisher, "its publisher", True))
    if not news:
        found += [s for s in self_names(lines, own) if s.strong or speaks]
    found += [s for s in news_self_names(lines, own) if name_kind(s.name)[0] != PARTISAN]
    return found


def shown(name: str) -> str:
    """How a reason names an organisation: '"Harbour Workers' Union"', or 'the Governor'."""
    if " " not in name and not name.isupper() and name_kind(name)[0]:
        return f"the {name}"
    return f'"{name}"'


def _identity(selves: list[SelfName], we: Sequence[str]) -> str:
    voice = ", ".join(f'"{w}"' for w in list(dict.fromkeys(we))[:2])
    if selves:
        who = f"it speaks for {shown(selves[0].name)}"
        if voice:
            return f"{who} in the first person plural ({voice})"
        return f"{who} ({selves[0].how})" if selves[0].how != "its publisher" else who
    return f"it speaks for an organisation in the first person plural ({voice})" if voice else ""


def _about(name: str, doc_id: str, corpus: Corpus) -> list[Evidence]:
    """What the library, the other documents, the document and the name say about `name`."""
    found: list[Evidence] = []
    for k in _lookup(corpus.known, name, lambda k: k.name):
        how = "inferred" if k.inferred else "declared"
        found.append(Evidence(k.stance, 4, f'documents from "{k.name}" are {how} {k.stance}'))
        break
    seen: set[str] = set()
    for d in _lookup(corpus.described, name, lambda d: d.name):
        if d.text not in seen:
            seen.add(d.text)
            who = "it calls itself" if d.doc_id == doc_id else "other documents call it"
            found.append(Evidence(d.side, 2, f'{who} "{d.text}"'))
    side, kind, weight = name_kind(name)
    if side:
        found.append(Evidence(side, weight, f"its name marks it as {kind}"))
    return found


def _lookup(index: dict[str, tuple[T, ...]], name: str, name_of: Callable[[T], str]) -> list[T]:
    """The entries filed under `name`'s words that name the same organisation, in order.

    A word that more than `SHARED` entries are filed under ("Courier", "Times" in a large
    library) identifies none of them: it is looked in only when the name has no rarer word."""
    buckets = sorted((len(index.get(k, ())), k) for k in keys(name))
    rare = [k for n, k in buckets if n <= SHARED] or [k for _, k in buckets[:1]]
    seen: dict[int, T] = {}
    same: dict[str, bool] = {}
    for key in sorted(rare):
        for entry in index.get(key, ()):
            other = name_of(entry)
            if other not in same:
                same[other] = same_organisation(name, other)
            if id(entry) not in seen and same[other]:
                seen[id(entry)] = entry
    return list(seen.values())


def partisan_reason(doc: Document, corpus: Corpus) -> str | None:
    """Why `doc` reads as partisan, in plain words; None when the evidence does not say so."""
    identity, found = evidence(doc, corpus)
    partisan = sum(e.weight for e in found if e.side == PARTISAN)
    independent = sum(e.weight for e in found if e.side == INDEPENDENT)
    if partisan < MIN_WEIGHT or partisan <= independent:
        return None
    if all(e.voice for e in found if e.side == PARTISAN):
        return None  # speaking as "we" alone says an organisation speaks, not which kind
    return "; ".join(x for x in (identity, *_whys(found, identity)) if x)


_CALLED = "other documents call it "


def _whys(found: list[Evidence], identity: str) -> list[str]:
    """The partisan evidence in words, weightiest first: what other documents call the
    organisation in one clause, and nothing the identity clause already quotes."""
    whys: list[str] = []
    called: list[str] = []
    for e in sorted(found, key=lambda e: -e.weight):
        if e.side != PARTISAN or (e.voice and "first person plural" in identity):
            continue
        if e.why.startswith(_CALLED):
            called.append(e.why.removeprefix(_CALLED))
            if len(called) == 1:
                whys.append(_CALLED)  # filled in below
        elif e.why not in whys:
            whys.append(e.why)
    if called:
        whys[whys.index(_CALLED)] = _CALLED + " and ".join(called[:2])
    return whys[:3]
