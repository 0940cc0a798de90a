"""Who a document speaks as: its own voice, apart from the people it quotes.

A press release speaks for its organisation in the first person plural ("our members", "we
demand") or names itself ("Statement by ...", "Media contact: ..., <Organisation>", a header
line "<Organisation> | Report"); a news story has a byline or a wire dateline, and quotes
people who say "we" inside quotation marks, which is not the document speaking. Nothing here
names a corpus: only general English patterns of how documents present themselves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.corpus.sentences import without_dateline
from assistant.ledger.affiliation import (
    NAME,
    NAMES,
    PARTISAN,
    is_org_name,
    kind_of_name,
    name_words,
    names_then,
)
from assistant.ledger.roles import NEWS_ROLES
from assistant.ledger.words import DAY_NAMES, MONTH_NAMES

_QUOTED = re.compile(
    r"“[^”]*?(?:”|(?=\n\s*\n)|\Z)"  # curly double quotes; an open one runs to its paragraph end
    r'|"[^"]*?(?:"|(?=\n\s*\n)|\Z)'  # straight double quotes
    r"|«[^»]*?(?:»|(?=\n\s*\n)|\Z)"
    r"|(?<!\w)‘(?=\w)(?:[^’\n]|’(?=\w))*(?:’|(?=\n))"  # single quotes, not apostrophes
    r"|(?<![\w'])'(?=[A-Z])(?:[^'\n]|'(?=\w))*(?:'|(?=\n))"
)


def own_voice(text: str) -> str:
    """`text` with quoted speech blanked out (same length, so offsets still hold). A quotation
    still open at the end of its paragraph runs to the paragraph's end, as news style has it."""
    return _QUOTED.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


# --------------------------------------------------------------------------- first person plural

_WE = re.compile(
    r"\b(?:(?:we|We)(?:\s+(?:have|had|will|would|are|were|do|did|can|cannot|must|also|now|"
    r"still|not))?\s+[a-z]+|(?:our|Our)(?:\s+[a-z][\w'’-]*){1,3})",
)
_STOP = set(
    """a an the and or but to in on of at for from with by as that which who whose is are was
    were be been being have has had will would can could should may might must do does did
    not it its this these those than then so""".split()
)
# first person plural that campaigns
_CAMPAIGN = re.compile(
    r"\b(?:we\s+(?:demand|will\s+not\s+(?:stay\s+silent|be\s+(?:silent|quiet|silenced)|let|rest|"
    r"stop|back\s+down|give\s+up)|call\s+for\s+(?:the|his|her|their)\s+resignation)|our\s+"
    r"(?:demands?|movement|struggle|cause|campaign|fight)|we\s+are\s+(?:calling|campaigning|"
    r"fighting|asking)\b|(?:is|are)\s+calling\s+(?:for|on)\b)\b",
    re.I,
)
# first person plural of a membership: a party, a union, an industry body, a company
_MEMBERS = re.compile(
    r"\bour\s+(?:(?:party|union)(?:'s|’s)?|members|member\s+(?!of\b)\w+|supporters|comrades|"
    r"shareholders)\b",
    re.I,
)
# first person plural of a nation or a state: "our rescue services", "our soldiers"
_NATIONAL = re.compile(
    r"\bour\s+(?:(?:brave|heroic|valiant|glorious|beloved|great|proud|own|courageous|gallant|"
    r"tireless|dedicated)\s+)?(?:nation|country|homeland|motherland|fatherland|government|"
    r"rescue\s+services|"
    r"emergency\s+services|armed\s+forces|troops|soldiers|heroes|martyrs|firefighters|police)\b",
    re.I,
)
_VERBS = set(
    """reach reaches work works worked say says go goes come comes make makes take takes give
    gives keep keeps remain remains continue continues begin begins show shows find finds help
    helps need needs want wants know knows see sees get gets""".split()
)


# a declared financial stake: "we hold a short position", "we stand to profit"
_STAKE = re.compile(
    r"\b(?:we|our\s+\w+)\s+(?:are|were|remain)\s+(?:short|long)\s+(?:[A-Z]|(?:its|the)\s+"
    r"(?:shares|stock|bonds|company))"
    r"|\b(?:we|our\s+\w+)\s+(?:hold|holds|have|has|held|maintain|maintains)\s+an?\s+"
    r"(?:short|long|financial|net\s+short)\s+(?:position|interest|stake)"
    r"|\b(?:we|our\s+\w+)\s+(?:stand|stands)\s+to\s+(?:profit|gain|benefit)\b",
    re.I,
)


# a party answering for its own conduct or service: regret and sympathy, cooperation with
# investigators, rejecting a charge, the people it serves ("our patients", "our customers")
_ANSWERS_FOR = re.compile(
    r"\b(?:we\s+are|is)\s+(?:deeply\s+|truly\s+|very\s+|so\s+)?sorry\b"
    r"|\bwe\s+(?:would\s+like\s+to\s+|want\s+to\s+)?(?:deeply\s+|sincerely\s+|unreservedly\s+)?"
    r"apologi[sz]e\b"
    r"|\bour\s+(?:first\s+|deepest\s+|heartfelt\s+|sincere\s+)?"
    r"(?:thoughts|sympathies|condolences|apologies)\s+(?:are|go|remain)\b"
    r"|\b(?:co-?operat(?:e|es|ing)|work(?:s|ing)?)\s+(?:fully|closely)\s+with\s+"
    r"(?:(?:the|any|an?)\s+)?(?:[\w'’-]+\s+){0,3}?(?:investigat|inquir|police|authorit|regulator)\w*"
    r"|\bwe\s+(?:firmly\s+|categorically\s+|strongly\s+|completely\s+)?(?:reject|deny|refute)\b"
    r"|\bwe\s+stand\s+by\s+(?:our|the)\b"
    r"|\bour\s+(?:customers|patients|passengers|clients|tenants|employees|workforce|trains|"
    r"plant|kitchens?|sites?|depots|residents|homes)\b",
    re.I,
)


# a party speaking to the public about its standing, as a sentence of its own voice opens:
# welcoming, recognising concerns, sharing them, declaring itself committed ("We welcome the
# inquiry", "We recognise the anger", "We remain fully committed"). A report recommends ("We
# would welcome"); thanks and condolences come from hospitals and auditors as well
_STANDING = re.compile(
    r"(?:^|(?<=[.!?])\s+)(?:We|Our)\s+(?:(?:are|remain|have|will|do|deeply|sincerely|fully|also|"
    r"again|continue\s+to|want\s+to|wish\s+to)\s+){0,2}(?:welcomes?d?|recogni[sz]e|"
    r"understand|share|committed|acknowledge|confident|proud|saddened|"
    r"take\s+(?:\w+\s+){1,2}seriously)\b",
    re.M,
)


def public_standing(own: str) -> tuple[str, ...]:
    """Phrases of the own voice in which an organisation speaks to the public about its
    standing ("We welcome", "We recognise", "We take these concerns seriously")."""
    return tuple(dict.fromkeys(" ".join(m.group().split()) for m in _STANDING.finditer(own)))


def answers_for(own: str) -> tuple[str, ...]:
    """Phrases of the own voice in which a party answers for its conduct or its service."""
    return tuple(dict.fromkeys(" ".join(m.group().split()) for m in _ANSWERS_FOR.finditer(own)))


def stake_declared(own: str) -> str:
    """The own voice's declaration of a financial stake ("we hold a short position"), or ""."""
    m = _STAKE.search(own)
    return " ".join(m.group().split()) if m else ""


def _ends_phrase(word: str, i: int) -> bool:
    """Does `word`, at position `i` after "our", start the verb that ends the noun phrase?"""
    low = word.lower()
    return low in _STOP or low in _VERBS or (i > 1 and low.endswith(("ed", "ing")))


def _unique(matches: Iterable[re.Match[str]], *, noun_phrase: bool = False) -> tuple[str, ...]:
    """Each phrase once, in order; `noun_phrase` cuts "our teams had treated" to "our teams"."""
    seen: dict[str, str] = {}
    for m in matches:
        words = m.group().split()
        if noun_phrase and words[0].lower() == "our":
            cut = next((i for i, w in enumerate(words[1:], 1) if _ends_phrase(w, i)), len(words))
            words = words[:cut]
        if len(words) > 1:
            text = " ".join(words)
            seen.setdefault(text.lower(), text)
    return tuple(seen.values())


def first_person_plural(own: str) -> tuple[str, ...]:
    """The first-person-plural phrases of the own voice ("our members", "we have counted")."""
    return _unique(_WE.finditer(own), noun_phrase=True)


def campaigning(own: str) -> tuple[str, ...]:
    """Campaigning phrases of the own voice: "we demand", "our movement"."""
    return _unique(_CAMPAIGN.finditer(own))


def membership(own: str) -> tuple[str, ...]:
    """Phrases of the own voice that speak for a membership: "our members", "our union"."""
    return _unique(_MEMBERS.finditer(own))


def national(own: str) -> tuple[str, ...]:
    """Phrases of the own voice that speak as a nation or state: "our rescue services"."""
    return _unique(_NATIONAL.finditer(own))


# --------------------------------------------------------------------------- journalism

_BYLINE = re.compile(
    r"^[*_\s]*By\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}"
    r"(?:\s+and\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})?(?:\s*,(?P<role>.*?))?[*_]*$"
)
_WIRE = re.compile(r"^[A-Z][A-Z .'’-]+,[^\n()]{0,60}\((?P<name>[A-Z][\w .&-]{1,40})\)\s*[-—–]")
_REPORTING = re.compile(r"\((?:Reporting|Additional reporting|Writing|Editing)\s+by\b", re.I)
_NEWS_SELF = (
    re.compile(rf"\btold\s+(?:the\s+)?(?P<name>{NAME})(?=[.,;]|\s+(?:on|in|that)\b)"),
    re.compile(
        rf"\b(?:examined|reviewed|obtained|seen|analysed|analyzed)\s+by\s+the\s+(?P<name>{NAME})\b"
    ),
)
# "<outlet> was unable to verify", "<outlet> spoke to": read behind each name
_NEWS_SELF_AFTER = re.compile(
    r"\s+(?:(?:was|were|has\s+been)\s+(?:unable|not\s+able)\s+to|spoke\s+to|talked\s+to)\b"
)


_NEWS_ROLE = re.compile(r"\b(?:" + "|".join(sorted(NEWS_ROLES)) + r")\b", re.I)


def byline_author(line: str) -> SelfName | None:
    """The side a byline writes for when its role is not a reporter's ("By Jane Roe, leader of
    the Harbour Party"): an opinion piece by a party to the events, not journalism."""
    m = _BYLINE.match(line)
    role = (m.group("role") or "").strip(" *_") if m else ""
    if not role or _NEWS_ROLE.search(role):
        return None  # "Police Correspondent" reports on the police
    if PARTISAN not in (kind_of_name(role), kind_of_name(line.split(",")[0])):
        return None  # "By Councillor Rafe Dunmore, Leader of the ...": a politician writes
    names = _orgs(role) or [re.sub(r"^[^,]*?\bof\s+(?:the\s+)?", "", role)]  # "Leader of the X"
    return SelfName(names[-1], f'its byline reads "{_clip(line)}"', True)


def news_marker(lines: list[str], own: str) -> str:
    """How the document shows itself as journalism ("it carries a reporter's byline"), or ""."""
    head = lines[:8]
    if any(_BYLINE.match(line) and not byline_author(line) for line in head):
        return "it carries a reporter's byline"
    if any(_WIRE.match(line) for line in head):
        return "it opens with a news-agency dateline"
    if _REPORTING.search(own):
        return "it credits its reporters"
    return ""


# --------------------------------------------------------------------------- self-naming


@dataclass(frozen=True)
class SelfName:
    """An organisation the document names as itself, and how it does so."""

    name: str
    how: str  # in words: 'it is headed "Statement of the ..."'
    strong: bool  # signed or headed with the name; a hint alone needs the first person plural


_DAYS = f"(?:{DAY_NAMES})"
_MONTHS = f"(?:{MONTH_NAMES})"
_DATE = rf"(?:{_DAYS}|\d{{1,2}}\s+{_MONTHS}|{_MONTHS}\s+\d{{1,2}}|\d{{4}}-\d{{2}})"
_RELEASE = re.compile(
    r"^[#*_\s]*(?:(?:joint\s+|official\s+|public\s+)?(?:statement|press\s+release|"
    r"news\s+release|media\s+release|communiqu[eé]|declaration|open\s+letter|bulletin|"
    r"briefing|message)\s+(?:of|by|from|issued\s+by|on\s+behalf\s+of)|posted\s+by)\s+"
    r"(?P<rest>.+)$",
    re.I,
)
_ISSUER_END = re.compile(r"\s+(?:on|in|at|over|about|regarding|concerning|following|after)\s+")
_CONTACT = re.compile(
    r"^[*_\s]*(?:media\s+|press\s+|for\s+further\s+|for\s+more\s+)?(?:contact|enquiries|"
    r"inquiries|information)s?\s*:\s*(?P<rest>.+)$",
    re.I,
)
_ABOUT = re.compile(rf"^[#*_\s]*About\s+(?:the\s+)?(?P<name>{NAME})[*_\s]*$")
# an organisation speaking of itself in the present tense, as only its own statement does:
# "The Ministry of Defence informs the public...", "X Police extends its sympathy...", "The
# board of X today responds to...", "X today tabled a motion", "the Ministry can confirm" (news
# reports tell it in the past, with a day: "the ministry said on Friday")
_OWN_VERBS = (
    r"provides\s+the\s+following|issues\s+the\s+following|is\s+pleased\s+to|informs"
    r"|wishes\s+(?:first\s+of\s+all\s+|above\s+all\s+|first\s+)?to"
    r"|confirms|announces|extends|expresses|regrets|welcomes|responds|acknowledges|rejects"
    r"|condemns|reaffirms|notes\s+with|publishes|presents|sets\s+out"
)
_LEAD = re.compile(
    rf"^(?:The\s+(?:[a-z]+\s+){{1,2}}of\s+(?:the\s+)?|The\s+)?(?P<name>{NAME})"
    rf"(?:\s*\([^)\n]{{1,40}}\))?(?:,\s+(?:the|an?)\s+[^,\n]{{1,60}},)?"  # ", the developer of X,"
    rf"\s+(?:(?P<strong>(?:today\s+)?(?:{_OWN_VERBS})|today\s+[a-z]+ed|can\s+confirm)"
    r"|(?:has\s+)?today|is\s+working)\b"
)
_SELF_DESCRIPTION = re.compile(
    rf"(?:^|\n)[*_\s]*(?:The\s+)?(?P<name>{NAME})(?:\s*\([^)\n]{{1,20}}\))?\s+is\s+(?:an?|the)\s"
)
_RELEASE_END = re.compile(
    r"^[\s*_#(\[–—-]*(?:ends|end|###|notes\s+to\s+editors?)[\s*_:)\].–—-]*$"
    r"|^[*_\s]*(?:media|press)\s+(?:contact|enquiries|inquiries)\b",
    re.I,
)


def _orgs(text: str) -> list[str]:
    """The organisation-like names in `text`, in order."""
    return [m.group() for m in NAMES.finditer(text) if is_org_name(m.group())]


def self_names(lines: list[str], own: str) -> list[SelfName]:
    """Every way the document names itself, strongest first."""
    found: list[SelfName] = []
    for line in lines[:6]:
        found += _head_line(line)
        author = byline_author(line)
        if author:
            found.append(author)
    for line in lines[-6:]:
        found += _tail_line(line)
        found += _about_section(line)  # a closing "About Kestrel Midstream"
    for line in lines[:12]:
        m = _LEAD.match(_NUMBERED.sub("", without_dateline(line).strip()))
        if m and is_org_name(m.group("name")):
            found.append(SelfName(m.group("name"), f'it opens "{_clip(line)}"', bool(m["strong"])))
    for m in _SELF_DESCRIPTION.finditer(own[-1500:]):
        if is_org_name(m.group("name")):
            found.append(SelfName(m.group("name"), "it closes with a note on who it is", False))
    # the strong names first, the most specific of them first ("Harbour Rovers Football Club"
    # before the "Club" of a headline "Club statement on ...")
    return sorted(found, key=lambda s: (not s.strong, -len(name_words(s.name))))


def _about_section(line: str) -> list[SelfName]:
    """The organisation a section "About X" is about, opening or closing the document."""
    m = _ABOUT.match(line)
    if m and is_org_name(m.group("name")):
        return [SelfName(m.group("name"), f'it has a section "{_clip(line)}"', True)]
    return []


def _head_line(line: str) -> list[SelfName]:
    m = _RELEASE.match(line)
    if m:  # whoever issues a statement speaks in it, whether or not its name says what it is
        issuer = _ISSUER_END.split(m.group("rest"), maxsplit=1)[0]  # not what it is "on"
        names = _orgs(issuer)
        head = re.sub(r"^the\s+", "", re.split(r"[,;(*]", issuer)[0].strip(), flags=re.I)
        named = [n.group() for n in NAMES.finditer(issuer)]
        if not names and ("posted" not in m.group().lower()[:12] or is_org_name(head)):
            names = named  # "Posted by the X committee"; "Posted by Ann Roe, chair" is a person
        if not names and head[:1].islower() and len(head.split()) <= 4:
            names = [head]  # "Statement by the defence team on ...": a body without a name
        return [SelfName(names[0], f'it is headed "{_clip(line)}"', True)] if names else []
    about = _about_section(line)
    if about:
        return about
    bare = re.sub(r"^The\s+", "", line.strip("*_# "))
    lead = NAMES.match(bare)
    if not lead or not is_org_name(lead.group()) or lead.group().isupper():
        return []
    header = re.match(
        rf"\s*(?:\||[,.—–]\s*(?:(?:{NAME}\s*[-—–]\s*)?{_DATE}|[A-Z][\w ]{{0,30}}"
        rf"(?i:paper|brief|report|update|bulletin|note)\b|{NAME}\s*[.|])"
        rf"|(?:[-—–]\s*)?(?i:statement|update|press\s+release|news\s+release|"
        rf"briefing|bulletin)\b[^.]*$|$)",
        bare[lead.end() :],
    )
    if header and len(bare.split()) <= 25:
        return [SelfName(lead.group(), f'it is headed "{_clip(line)}"', True)]
    return []


# a press office signing off: "X — Press and Communications Unit", "Press office of X"
_SIGN_OFF = re.compile(
    r"^(?:(?P<org>[A-Z][^—–|]{2,80}?)\s*[—–|-]\s*(?:[A-Z][\w&]*\s+){0,3}(?:office|unit|team|desk|"
    r"department|bureau)|(?:press|media|communications)\s+(?:office|unit|team|desk)\s+of\s+"
    r"(?:the\s+)?(?P<of>.+?))\.?$",
    re.I,
)
_NUMBERED = re.compile(r"^(?:\d{1,2}[.)]|\(\d{1,2}\))\s+")  # "1. The Service confirms..."


def _tail_line(line: str) -> list[SelfName]:
    office = _SIGN_OFF.match(line.strip("*_ "))
    if office:
        names = _orgs(office.group("org") or office.group("of") or "")
        if names:
            return [SelfName(names[0], f'it is signed "{_clip(line)}"', True)]
    m = _CONTACT.match(line)
    if m:
        names = _orgs(m.group("rest"))
        if names and _OFFICE.search(names[-1]):  # "Communications Department, Brannock Works"
            after = m.group("rest").split(names[-1], 1)[1]
            names += [n.group() for n in NAMES.finditer(after)][:1]
        return [SelfName(names[-1], f'it gives the contact "{_clip(line)}"', True)] if names else []
    text = line.strip("*_ ")
    role = re.match(r"^(?P<role>[A-Z][\w ’'-]{1,60}),\s+(?P<org>.+?)\.?$", text)
    if role and len(text.split()) <= 14:
        names = _orgs(role.group("org"))
        if names and role.group("org").strip(". ").endswith(names[-1]):
            return [SelfName(names[-1], f'it is signed "{_clip(line)}"', True)]
        if names and _OFFICE.search(role.group("role")):  # "Press office, X, <its address>"
            return [SelfName(names[0], f'it is signed "{_clip(line)}"', True)]
    return []


_OFFICE = re.compile(r"\b(?:office|desk|unit|team|department|bureau)$", re.I)


def release_marker(lines: list[str]) -> bool:
    """Does it close like a press release ("Ends", "###", "Notes to editors", "Media contact")?"""
    return any(_RELEASE_END.match(line) for line in lines[-8:])


def news_self_names(lines: list[str], own: str) -> list[SelfName]:
    """How a news story names its own outlet: the agency in its dateline, "told <outlet>"."""
    found = []
    for line in lines[:8]:
        m = _WIRE.match(line)
        if m:
            found.append(SelfName(m.group("name").strip(), f'its dateline "{_clip(line)}"', True))
    for rx in _NEWS_SELF:
        for m in rx.finditer(own):
            found.append(SelfName(m.group("name"), f'it writes "{_clip(m.group())}"', False))
    for name, m in names_then(own, _NEWS_SELF_AFTER):
        found.append(SelfName(name, f'it writes "{_clip(name + m.group())}"', False))
    return found


_TITLED = r"(?P<title>(?:[A-Z][a-z]+\s+){1,4}?)(?:[A-Z][a-z]+\s+)?[A-Z][a-z]+"
_SPOKESPERSON = (
    re.compile(rf"\b{_TITLED},?\s+said:?\s*[“\"](?P<quote>[^”\"]{{0,600}})"),
    re.compile(rf"[“\"](?P<quote>[^”\"]{{0,600}})[”\"],?\s+said\s+{_TITLED}\b"),
)
_FIRST_PLURAL = re.compile(r"\b(?:we|our|us)\b", re.I)


def spokesperson_kinds(text: str) -> list[tuple[str, str]]:
    """(side, title) of people quoted by title speaking for "we" ("Chief Fire Officer Jane Doe
    said: “Our crews ...”"): who speaks for a document that does not name its organisation."""
    found = []
    for rx in _SPOKESPERSON:
        for m in rx.finditer(text):
            side = kind_of_name(m.group("title"))
            if side and _FIRST_PLURAL.search(m.group("quote")):
                found.append((side, m.group("title").strip()))
    return found


_METHOD = re.compile(
    r"^[#*_\s]*(?:(?:data\s+and\s+)?methods?|methodology|limitations|how\s+(?:we|the\s+\w+)\s+"
    r"(?:counted|measured|estimated|did\s+it)|scope\s+of\s+this\s+\w+)[\s*_:]*$",
    re.I,
)


def research_method(lines: list[str]) -> str:
    """A heading that sets out a method or its limits ("Methods", "Limitations"), or ""."""
    for line in lines:
        if _METHOD.match(line):
            return line.strip("#*_: ")
    return ""


def _clip(text: str, limit: int = 80) -> str:
    text = " ".join(text.strip("*_# ").split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
