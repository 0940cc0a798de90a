"""Who says so, read from the parse: the named speaker of the reporting verb above a figure
("X said", "X has put the number ... at", "according to X", "X's figure of", "by our count"),
the voice of a gapped clause ("the board puts its share at 71.3%, the commission at 64.9%"),
else the text patterns of `claimants`, else the publisher."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.corpus.sentences import leaves_a_quote_open
from assistant.ledger.claimants import BODIES, clause_claimant, clean_claimant, is_voice
from assistant.ledger.figures import CONTRAST
from assistant.ledger.words import FIGURE_NOUNS, MONTH_WORDS, REPORTING_LEMMAS

if TYPE_CHECKING:
    from spacy.tokens import Token

_OWNERS = frozenset("its their his her".split())
OURSELVES = "we"  # the voice of a first-person claim ("we estimate", "by our count"): the publisher
_OUR = frozenset("we our us".split())
# "by our count", "in our view": a first-person record standing in for a reporting verb
_OUR_RECORDS = frozenset(
    """count view estimate estimation assessment calculation reckoning judgement judgment
    opinion analysis figures records survey tally""".split()
)
_CITED = _OUR_RECORDS | {"report", "data"}  # "according to our members' reports"
# what shows rather than says: its owner is the voice, where it was kept is not
_EVIDENCE = frozenset("record log data footage image imagery figure list register".split())
_PLACE_WORDS = frozenset("at in on near inside outside".split())
_CUT = frozenset(", ( — – ; : who which that whose".split())


def _phrase(head: Token) -> str:
    """The name a subject token heads: its words up to a comma, bracket or relative clause."""
    text = "".join(t.text_with_ws for t in _phrase_tokens(head)).strip()
    return clean_claimant(text)


def parsed_voice(root: Token) -> str:
    """The named speaker a figure's clause reports: the subject of the nearest reporting verb
    above the figure ("X said", "X has put the number ... at"), or the object of "according
    to X"; "" when the parse names none (or only a pronoun or a first person)."""
    t, holder = root, _holder(root)
    held = root.doc[holder] if holder >= 0 and root.doc[holder].dep_ == "nsubj" else None
    owner = _voice_beside(held, holder) if held is not None else _own_figure_at(root)
    if owner is not None:
        return owner  # "the NDMO's official toll stands at 41": not an ancestor of 41
    for _ in range(32):  # a parse tree is shallow; bounded all the same
        beside = _voice_beside(t, holder)
        if beside is not None:
            return beside
        if t.pos_ == "VERB" and t.lemma_.lower() in REPORTING_LEMMAS:
            if _semicolon_between(root, t):
                return ""  # the parse joined two clauses a semicolon keeps apart
            subject = _reporting_subject(t)
            if subject is not None and _holds(subject, root):
                if t.head.i == t.i:
                    return ""
                t = t.head  # "29,500 people have registered as homeless": counted, not a voice
                continue
            owned = subject is not None and _owned(subject)  # "X says its turnstiles…"
            if subject is not None and (
                subject.lower_ in _OUR or any(c.lower_ in _OUR for c in subject.children)
            ):
                return OURSELVES  # "we estimate…", "our survey found…"
            if subject is not None and (subject.lower_ in ("it", "they", "he", "she") or owned):
                earlier = None if owned else _antecedent(subject)
                if earlier is not None:
                    return _phrase(earlier)  # "X rejects the figure; it says only two died"
                if t.head.i == t.i:
                    return ""
                t = t.head  # "X said that it had counted 27": the figure is X's
                continue
            if subject is None and any(c.dep_ == "nsubjpass" for c in t.children):
                if t.head.i == t.i:  # "X says its members were told ...": X's, if anyone's
                    return ""
                t = t.head
                continue
            if subject is not None and subject.tag_ == "WP" and t.dep_ == "relcl":
                subject = t.head  # "researchers at X, who put the number at": the researchers
            if subject is None or subject.pos_ == "PRON":
                return ""
            speaker = _named_apposition(subject)  # "The operator, Tessary Lines,"
            if speaker.lemma_.lower() in _OUR_RECORDS and t.head.i != t.i:
                t = t.head  # "X said an interim analysis of Y showed 78%": the record is X's
                continue
            if _speaks(speaker):
                return _phrase(speaker)
            if speaker.pos_ not in ("ADJ", "DET", "NUM", "PRON"):
                return ""  # "Satellite imagery … shows that": a thing, not a voice
            # "…, many of them since X published…": a misparse; the voice above may be it
        if t.head.i == t.i:
            return ""
        t = t.head
    return ""


def _named_apposition(subject: Token) -> Token:
    """The name a common-noun subject is given beside it ("The operator, Tessary Lines,"), else
    the subject."""
    if subject.pos_ == "PROPN":
        return subject
    named = [c for c in subject.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
    return named[0] if named else subject


def _own_figure_at(root: Token) -> str | None:
    """X of "X has kept its count at 27", whatever the verb: a voice setting its own figure."""
    n = root.head if root.dep_ == "nummod" else root
    verb = n.head.head if n.dep_ == "pobj" and n.head.lower_ in ("at", "to") else n
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    own = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in FIGURE_NOUNS]
    owned = any(p.lower_ in ("its", "their") for c in own for p in c.children if p.dep_ == "poss")
    return _phrase(subject) if owned and subject is not None and _speaks(subject) else None


def _owned(subject: Token) -> bool:
    """Is the subject a thing its text's voice owns ("X says its turnstiles counted 238": the
    figure is X's), not a person named beside it ("Its chair, Tomas Vrede, said")?"""
    children = list(subject.children)
    owned = any(c.dep_ == "poss" and c.lower_ in _OWNERS for c in children)
    return owned and not any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in children)


def _antecedent(pronoun: Token) -> Token | None:
    """The voice a pronoun subject stands for: the nearest subject before it in the sentence
    that can speak ("The FTM ... rejects the first figure; it says ...")."""
    quoted = _inside_quotes(pronoun)
    for t in reversed(pronoun.doc[: pronoun.i]):
        if t.dep_ == "nsubj" and t.pos_ in ("PROPN", "NOUN") and _speaks(t):
            # '"Karim had refused food for 21 days," she said': she is not who she quotes
            return t if _inside_quotes(t) == quoted else None
    return None


def _inside_quotes(t: Token) -> bool:
    return leaves_a_quote_open(t.doc.text[: t.idx])


def _holds(subject: Token, root: Token) -> bool:
    """Is the figure inside the subject's phrase ("29,500 people" as the subject of "have
    registered")?"""
    return subject.left_edge.i <= root.i <= subject.right_edge.i


def _voice_beside(t: Token, holder: int) -> str | None:
    """A voice one of the token's children names: "by our count", "confirmed by X", "X's
    figure of" (the noun holding the number only), "according to X"; None when none does."""
    for c in t.children:
        if _our_record(c):
            return OURSELVES
        by = _reported_by(c)
        if by is not None:
            return _phrase(by)  # "the 21 victims confirmed by the ministry"
        owner = _figure_owner(t, c) if t.i == holder else None
        if owner is not None:
            return re.sub(r"\s*['’]s?$", "", _phrase(owner))
        if c.lower_ == "according":
            to = next((x for x in c.children if x.lower_ == "to"), None)
            obj = next((x for x in to.children if x.dep_ == "pobj"), None) if to else None
            if obj is not None:
                return _phrase(obj)
    return None


def _reporting_subject(t: Token) -> Token | None:
    """Who does the reporting verb `t`: its subject, or its agent's object when passive."""
    subject = next((c for c in t.children if c.dep_ in ("nsubj", "agent")), None)
    if subject is None and t.dep_ == "conj":
        # "officials put the cost at X and say the work will take N": one subject
        subject = next((c for c in t.head.children if c.dep_ == "nsubj"), None)
    if subject is None and t.dep_ in ("advcl", "xcomp") and t.tag_ == "VBG":
        # "X has challenged the account, saying it took two hours": X says it
        subject = next((c for c in t.head.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.dep_ == "agent":
        subject = next((c for c in subject.children if c.dep_ == "pobj"), None)
    return subject


def _speaks(subject: Token) -> bool:
    """Can the subject of a reporting verb be a voice? A noun that names (a proper noun, or a
    capital inside the sentence, in its phrase: "the member of parliament Ana Ruiz",
    "an Iranian member of parliament") or a body ("the ministry", "police", "officials"); not a
    common noun that a sentence's first capital letter dresses up as a name ("Satellite
    imagery shows…"), nor a part of something ("many of them since X")."""
    if subject.pos_ not in ("NOUN", "PROPN"):
        return False
    if subject.lemma_.lower() in BODIES or subject.lower_ in BODIES:
        return True
    if _ORGANISERS.fullmatch(subject.text):
        return True  # "the organisers": the organisation a document names as organiser
    return any(
        (t.pos_ == "PROPN" or (t.text[:1].isupper() and not t.is_sent_start))
        and t.lower_ not in MONTH_WORDS  # "an interim analysis in January" names no one
        and not _where_a_record_is(t, subject)
        for t in _phrase_tokens(subject)
    )


def _where_a_record_is(t: Token, subject: Token) -> bool:
    """Is `t` inside a place phrase of a record ("turnstile records at Pier 4 show"): where
    the record was kept, not whose it is? Records speak only through their owner."""
    if subject.lemma_.lower() not in _EVIDENCE:
        return False
    places = (p for p in subject.children if p.dep_ == "prep" and p.lower_ in _PLACE_WORDS)
    return any(t in p.subtree for p in places)


def _phrase_tokens(head: Token) -> list[Token]:
    """The tokens of the name a subject heads: up to a comma, bracket or relative clause."""
    words: list[Token] = []
    counts = {x.i for c in head.children if c.dep_ == "nummod" for x in c.subtree}
    for t in head.subtree:
        if t.i in counts:
            continue  # "more than twice [the fire service]'s figure": no part of the name
        if not words and t.i < head.i and (t.like_num or t.lower_ in MONTH_WORDS):
            continue  # "On [30 May 2020] Interior Minister X said": a time before the name
        if t.i > head.i and (t.text in _CUT or t.dep_ in ("relcl", "appos", "acl")):
            break
        if t.i > head.i and t.dep_ == "cc" and t.i + 1 < len(t.doc) and t.nbor().pos_ == "DET":
            break  # "the Regional Electoral Board or the turnout of 47.8%": one name ends
        words.append(t)
    return words


def _our_record(c: Token) -> bool:
    """'by our count', 'in our professional view', 'our early estimate is that', 'according to
    our members' reports': a record of the first person, as a prepositional phrase or a
    subject."""
    obj: Token | None = c
    if c.dep_ in ("nsubj", "nsubjpass"):
        records = _OUR_RECORDS  # "our report is published" is no source cited
    elif c.dep_ == "prep" and c.lower_ in ("by", "in", "on", "according"):
        to = next((x for x in c.children if x.lower_ == "to"), c)  # "according [to] our…"
        obj, records = next((o for o in to.children if o.dep_ == "pobj"), None), _CITED
    else:
        return False
    if obj is None or obj.lemma_.lower() not in records:
        return False
    owners = [p for p in obj.children if p.dep_ == "poss"]
    owners += [q for p in owners for q in p.children if q.dep_ == "poss"]  # "our members' reports"
    return any(p.lower_ in _OUR for p in owners)


def _reported_by(c: Token) -> Token | None:
    """X in a participle phrase reporting a noun, 'the figure given by X', or in a relative
    clause, 'not the 31 mph X has claimed'."""
    if c.dep_ == "relcl" and c.lemma_.lower() in REPORTING_LEMMAS:
        subject = next((s for s in c.children if s.dep_ == "nsubj"), None)
        return subject if subject is not None and _speaks(subject) else None
    if c.dep_ != "acl" or c.lemma_.lower() not in REPORTING_LEMMAS:
        return None
    agent = next((a for a in c.children if a.dep_ == "agent"), None)
    return next((o for o in agent.children if o.dep_ == "pobj"), None) if agent else None


def _holder(root: Token) -> int:
    """The index of the figure noun that holds the number ("the figure of [about 1,500]",
    "its count of [304] deaths"), -1 when none does: only its owner owns the figure."""
    n = root.head if root.dep_ == "nummod" else root
    if n.dep_ == "pobj" and n.head.lower_ == "of":
        return n.head.head.i
    verb = n.head.head if n.dep_ == "pobj" and n.head.lower_ in ("at", "to") else n.head
    held = next((c for c in verb.children if c.dep_ == "nsubj"), None)  # "X's toll stands at 41"
    if n.dep_ in ("pobj", "attr") and held is not None and held.lemma_.lower() in FIGURE_NOUNS:
        return held.i
    return root.head.i if root.dep_ in ("nummod", "appos", "compound") else -1


_FIGURE_HOLDERS = FIGURE_NOUNS | {"claim"}  # "the minister's claim of three deaths"


def _figure_owner(noun: Token, c: Token) -> Token | None:
    """X of "X's figure of 1,800", "X's own count": a named owner of a figure noun."""
    if c.dep_ != "poss" or noun.lemma_.lower() not in _FIGURE_HOLDERS or c.pos_ == "PRON":
        return None
    if any(p.dep_ == "poss" and p.pos_ == "PRON" for p in c.children):
        return _speakers_body(noun)  # "her agency's count": the speaker's body, or said above
    return c if _speaks(c) else None


def _speakers_body(t: Token) -> Token | None:
    """The body whose role the speaker of the reporting verb above holds: "X, Director-General
    of [the Authority], said her agency's count…"; None when the speaker has no such role."""
    verb = next((a for a in t.ancestors if a.lemma_.lower() in REPORTING_LEMMAS), None)
    subject = _reporting_subject(verb) if verb is not None else None
    roles = [c for c in subject.children if c.dep_ == "appos"] if subject is not None else []
    bodies = [o for r in roles for p in r.children if p.lower_ == "of" for o in p.children]
    return next((b for b in bodies if b.dep_ == "pobj" and _speaks(b)), None)


def _semicolon_between(a: Token, b: Token) -> bool:
    lo, hi = sorted((a.i, b.i))
    return any(t.text == ";" for t in a.doc[lo + 1 : hi])


def figure_voice(
    root: Token | None,
    sentence: str,
    start: int,
    whole: tuple[str, bool],
    *,
    publisher: str,
    organiser: str = "",
) -> tuple[str, bool]:
    """Who states the figure headed by `root` (`measures.figure_root`) at `start` of the
    sentence: the parse's speaker of its clause when it names one ("the organisers" are the
    document's named `organiser`, when it names one), else the patterns' (`clause_claimant`),
    else the publisher."""
    gapped = gapped_voice(root)
    if gapped is not None:
        return _phrase(gapped), True
    contrast = _CONTRASTED_VOICE.search(sentence)
    theirs = contrast["voice"] if contrast and _plausible(contrast["voice"]) else ""
    if contrast and theirs and contrast.start("n") <= start < contrast.end("n"):
        return theirs, True  # "nine died, not [three] as X has stated": three is X's
    found = _voice_of(root, sentence, start, whole, publisher=publisher, organiser=organiser)
    return (publisher, False) if theirs and found[0] == theirs else found  # ... nine is not


def _voice_of(
    root: Token | None,
    sentence: str,
    start: int,
    whole: tuple[str, bool],
    *,
    publisher: str,
    organiser: str,
) -> tuple[str, bool]:
    named = parsed_voice(root) if root is not None else ""
    if named == OURSELVES:
        return publisher, True  # a group's own stated estimate is a claim, as a named one is
    if organiser and _ORGANISERS.fullmatch(named):
        return organiser, True
    if named and _plausible(named):
        return named, True
    own = _clause_subject(root) if root is not None and ";" in sentence else ""
    if own and _plausible(own):
        return own, True  # "X has said that 14 died; Y has received notifications of 23 deaths"
    return clause_claimant(sentence, start, whole, publisher)


def contrasted_at(sentence: str, start: int) -> bool:
    """Is the figure at `start` the one set against another voice's ("…, not [three] as X has
    stated")?"""
    contrast = _CONTRASTED_VOICE.search(sentence)
    return contrast is not None and contrast.start("n") <= start < contrast.end("n")


_CONTRASTED_VOICE = re.compile(
    rf"{CONTRAST}(?P<n>[\w.,]*\w)\s+as\s+(?:the\s+)?"
    r"(?P<voice>[^,.;:]+?)\s+(?:(?:has|have|had)\s+)?(?:stated|said|says|claimed|claims|"
    r"reported|reports|announced|put\s+it)\b"
)


def _clause_subject(root: Token) -> str:
    """The speaking body that is the subject of the figure's own clause, after a semicolon
    ("...; Y has received notifications of 23 deaths"), "" for none."""
    verb = next((t for t in root.ancestors if t.pos_ in ("VERB", "AUX")), root)
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    before = root.doc[: subject.left_edge.i].text if subject is not None else ""
    return _phrase(subject) if subject is not None and ";" in before and _speaks(subject) else ""


def gapped_voice(root: Token | None) -> Token | None:
    """The voice of a figure whose reporting verb is left out: "the board puts its share at
    71.3%, the commission at 64.9%" (the parse reads "the commission" as a second object of
    "puts", with "at 64.9%" its own)."""
    if root is None or root.dep_ != "pobj" or root.head.lower_ != "at":
        return None
    voice = root.head.head
    verb = voice.head
    if voice.dep_ != "dobj" or voice.pos_ not in ("NOUN", "PROPN") or voice.left_edge.i == 0:
        return None
    if verb.lemma_.lower() not in REPORTING_LEMMAS | {"put"}:
        return None
    firsts = [c for c in verb.children if c.dep_ == "dobj" and c.i < voice.i]
    return voice if firsts and voice.left_edge.nbor(-1).text in (",", ";") else None


_ORGANISERS = re.compile(r"(?:(?:the|its|their)\s+)?(?:\w+['’]s?\s+)?organi[sz]ers?", re.I)


def _plausible(name: str) -> bool:
    return len(name.split()) <= 8 and is_voice(name)
