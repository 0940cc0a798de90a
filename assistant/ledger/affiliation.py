"""What kind of organisation a name stands for, and how documents describe one another.

Documents describe the organisations they mention in passing: "X, a group allied with the
opposition, said", "X is an independent medical charity", "the state broadcaster X". Read
across a corpus, these descriptions tell whether an organisation is a party to the events (a
government, a party, a campaign, a company, a union, state media) or has no stake (a wire
service, a newspaper, a charity, researchers, a court, a monitor). Only general English words
of organisation kinds are used; nothing names a corpus.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

# A proper name: capitalised words on one line, joined by "of", "for the", "and"... It never
# starts with a sentence word ("The", "Our"), and repeats possessively: scanning is linear.
_CAP = r"[A-Z](?:[\w'’&-]|\.(?=\w))*+"
_JOIN = r"(?:(?:of|for|de|du|des)(?:[ \t]+the)?|and|&|la|le)"
_START = (
    r"(?<![\w'’.&-])(?!(?:The|A|An|Our|We|This|That|These|Those|It|Its|In|On|At|For|By|But|And|"
    r"As|If|When|While|After|Before|Since|Under|With|From)\b)"
)
NAME = rf"{_START}{_CAP}(?:[ \t]+(?:{_JOIN}[ \t]+)?{_CAP})*+(?:[ \t]+(?:plc|ltd|inc|llc|llp)\b)?"
NAMES = re.compile(NAME)


def names_then(text: str, after: re.Pattern[str]) -> list[tuple[str, re.Match[str]]]:
    """(name, match of `after` right behind it) for every proper name of `text` that `after`
    follows: one linear scan, where a pattern that starts with a name would retry each word."""
    found = []
    for m in NAMES.finditer(text):
        tail = after.match(text, m.end())
        if tail:
            found.append((m.group(), tail))
    return found


PARTISAN, INDEPENDENT = "partisan", "independent"
GOVERNMENT = "a government body"

# kind words, by side; a multi-word kind is written with "_" for a space
_KINDS: dict[str, tuple[str, str]] = {}


def _add(side: str, kind: str, words: str) -> None:
    for w in words.split():
        _KINDS[w.replace("_", " ")] = (side, kind)


_add(
    PARTISAN,
    "a political party or campaign",
    """party parties opposition ruling_party
    coalition campaign campaign_group campaigners campaigning activists activist advocacy
    advocacy_group advocates lobby lobby_group pressure_group movement militia rebels rebel
    insurgents separatists faction loyalists supporters partisans action_committee
    action_group""",
)
_add(
    PARTISAN,
    "a government body",
    """government ministry minister governor mayor
    presidency president's_office prime_minister's_office administration cabinet
    governor's_office mayor's_office municipality city_hall""",
)
_add(
    PARTISAN,
    "a public agency that is a party to the events",
    """police army military
    armed_forces fire_service fire_department fire_brigade rescue_service rescue_services
    emergency_services civil_defence civil_defense border_guard border_guards coast_guard
    gendarmerie port_authority""",
)
_add(
    PARTISAN,
    "a company, union or interest group",
    """company firm corporation operator
    owner owners employer employers management union trade_union labour_union labor_union
    industry_body industry_association industry_group trade_association trade_body
    business_group chamber_of_commerce club developer contractor retailer manufacturer
    supplier producer insurer lender airline conglomerate listed_company publicly_traded""",
)
_add(
    PARTISAN,
    "state media",
    """state_broadcaster state_television state_media
    state_news_agency state-owned state-run state-controlled state-backed state-aligned
    state-affiliated pro-government government-funded mouthpiece official_news_agency
    semi-official""",
)
_add(
    INDEPENDENT,
    "a news organisation",
    """news_agency wire_service newswire newspaper
    daily weekly magazine broadcaster reporter reporters correspondent journalist
    journalists news_site""",
)
_add(
    INDEPENDENT,
    "a charity or monitor",
    """charity humanitarian ngo non-governmental
    human_rights_group human_rights_organisation human_rights_organization rights_group
    monitor monitors monitoring watchdog observers fact-checker""",
)
_add(
    INDEPENDENT,
    "researchers or a court",
    """researchers research university academic
    academics scientists think_tank court judge tribunal coroner ombudsman regulator
    intergovernmental united_nations""",
)
_add(
    INDEPENDENT,
    "independent by its own account",
    """independent non-partisan nonpartisan
    impartial neutral""",
)

# words of an organisation's own name that say what kind it is, with how much that tells
_NAME_KINDS: dict[str, tuple[str, str, int]] = {}


def _name(side: str, kind: str, weight: int, words: str) -> None:
    for w in words.split():
        _NAME_KINDS[w.replace("_", " ")] = (side, kind, weight)


# the trades a company's name gives ("Corvane Motors"): a kind of name, and an organisation's
_TRADES = """industries enterprises developments properties motors airlines airways petroleum
    energy mining metals steel chemicals pharmaceuticals logistics shipping midstream utilities
    pharma biologics therapeutics biotech biosciences"""
_name(PARTISAN, "a political party", 2, "party")
_name(PARTISAN, "a political alliance or movement", 1, "alliance front movement coalition")
_name(PARTISAN, "a union", 1, "union")
_name(PARTISAN, "a politician", 1, "councillor senator mp congressman congresswoman")
_name(  # a local government ("Velmark County Council"), not a council of anything else
    PARTISAN,
    GOVERNMENT,
    2,
    "county_council city_council town_council borough_council district_council municipality "
    "municipal_council city_hall",
)
_name(
    PARTISAN,
    GOVERNMENT,
    2,
    "ministry government governor mayor premier presidency cabinet minister administration "
    "prefecture office_of_the_president department_of",
)
_name(
    PARTISAN,
    "a foreign government's diplomats",
    2,
    "embassy embassies ambassador ambassadors heads_of_mission diplomats consulate",
)
_name(
    PARTISAN,
    "a party's lawyers",
    1,
    "defence_team defense_team defence_lawyers defense_lawyers law_office law_firm attorneys",
)
_name(
    PARTISAN,
    "a public agency that is a party to the events",
    1,
    """police constabulary
    chief_constable army military armed_forces fire_service fire_department fire_brigade
    fire_officer coastguard coast_guard border_guard gendarmerie civil_defence
    civil_protection""",
)
_name(
    PARTISAN,
    "a company or club",
    1,
    # a legal form, or the trade a company's name gives ("Corvane Motors", "Kestrel Midstream")
    "plc inc ltd llc llp corp corporation company holdings club oil " + _TRADES,
)
_name(
    INDEPENDENT,
    "a news organisation",
    1,
    """press_agency news_agency news herald courier
    times gazette tribune journal chronicle wire""",
)
_name(
    INDEPENDENT,
    "researchers or a court",
    1,
    """university institute_for research court
    tribunal coroner""",
)
_name(INDEPENDENT, "a charity or monitor", 1, "watch monitor observatory")


# what makes a capitalised phrase an organisation rather than a person or a place
_ORG_HEADS = set(
    (
        """party alliance front movement coalition union ministry government governor office
    service department agency council committee commission authority board institute
    university college school centre center international association federation society
    foundation trust fund group watch network league club company corporation inc ltd plc
    bank press news herald courier times gazette tribune journal chronicle wire
    television radio broadcasting police army forces brigade court tribunal organisation
    organization parliament assembly senate congress secretariat directorate
    bureau observatory monitor project initiative campaign holdings llp llc co command
    coastguard guild syndicate cooperative consortium chamber partners associates premier """
        + _TRADES
    ).split()
)
_NOT_NAMES = set("our we the a an this that it its their they he she his her".split())


ACRONYM = r"[A-Z]{2,8}"  # "FMG", "UNHCR": a body's initials


def is_acronym(name: str) -> bool:
    return re.fullmatch(ACRONYM, name) is not None


def is_org_name(name: str) -> bool:
    """A capitalised phrase names an organisation: it has an organisation word ("Council",
    "Ministry", "Press") or is an acronym."""
    words = [w.strip("'’.").lower() for w in name.split()]
    if not words or words[0] in _NOT_NAMES:
        return False
    if is_acronym(name):
        return True
    return any(w in _ORG_HEADS for w in words)


def kind_of_name(name: str) -> str:
    """The side a name's own words suggest ("Ministry of Health" -> partisan), or ""."""
    return name_kind(name)[0]


def name_kind(name: str) -> tuple[str, str, int]:
    """(side, kind in words, weight) a name's own words suggest, or ("", "", 0)."""
    low = " ".join(name.lower().replace("’", "'").split())
    for words, found in _NAME_KINDS.items():
        if re.search(rf"\b{re.escape(words)}\b", low):
            return found
    return "", "", 0


# --------------------------------------------------------------------------- descriptions


@dataclass(frozen=True)
class Description:
    """One document's description of an organisation: "X, a medical charity that ..."."""

    name: str
    text: str  # the description as written ("a medical charity that runs two centres")
    doc_id: str
    side: str  # PARTISAN or INDEPENDENT, as `classify` reads `text`


_DESC_END = (
    r"(?=\s*(?:,|\.(?:\s|$)|;|:|—|–|\))|\s+(?:said|says|say|puts|put|told|warned|added|"
    r"estimated|announced|reported)\b)"
)
_PAREN = r"(?:[ \t]*\([^)\n]{1,30}\))?"
APPOSITION = re.compile(
    rf"{_PAREN},\s+(?P<desc>(?:a|an|the)\s+[^,.;:\n—–()\"“”]{{3,160}}?){_DESC_END}"
)
_COPULA = re.compile(
    rf"{_PAREN}\s+(?:is|are|was|remains|has\s+long\s+been)\s+(?P<desc>(?:(?:a|an|the)\s|"
    r"(?:allied|aligned|affiliated|linked|close|loyal)\s+(?:with|to)\s|"
    r"(?:backed|funded|owned|run|controlled|financed)\s+by\s|labell?ed\s)[^.;:\n]{3,160}?)"
    r"(?=\.(?:\s|$)|;|:|\n)"
)
# "the port authority, a state-owned company that ...": an organisation named by its kind
_KIND_APPOSITION = re.compile(
    r"\b[Tt]he\s+(?P<name>(?:[a-z][\w'’-]*\s+){0,2}(?:authority|ministry|union|party|council|"
    r"committee|company|agency|service|department|office|government|police|army|club|"
    r"broadcaster|board|commission)),\s+(?P<desc>(?:a|an|the)\s+[^,.;:\n—–()\"“”]{3,160}?)"
    + _DESC_END
)
# "the operator, Tessary Lines,": a kind, then the name in apposition
_KIND_FIRST = re.compile(
    rf"\b[Tt]he\s+(?P<desc>(?:[a-z][\w'’-]*\s+){{0,2}}[a-z][\w'’-]*),\s+(?P<name>{NAME}),"
)
# "the state broadcaster VST", "the opposition Harbour Party"
_PREMODIFIED = re.compile(
    rf"\b(?:the|a|an)\s+(?P<desc>(?:(?!(?:and|or|the|of|to|in|by|for|with|from|at|on|as)\s)"
    rf"[a-z][\w'’-]*\s+){{1,4}})(?P<name>{NAME})"
)

# the same at the start of a sentence, with no article: "State broadcaster NTE has said..."
_OPENING_PREMODIFIED = re.compile(
    rf"(?:^|(?<=[.!?] )|(?<=\n))(?P<desc>[A-Z][a-z][\w'’-]*(?:[ \t]+[a-z][\w'’-]*){{0,3}})[ \t]+"
    rf"(?P<name>{NAME})",
    re.M,
)


def descriptions(doc_id: str, own: str) -> list[Description]:
    """Every description the document gives of an organisation, in its own voice, that tells
    a side."""
    found: list[tuple[str, str]] = []
    for rx in (APPOSITION, _COPULA):  # a name its description calls a group is one
        found += [
            (name, m.group("desc"))
            for name, m in names_then(own, rx)
            if is_org_name(name) or _names_a_group(m.group("desc"))
        ]
    for rx in (_KIND_APPOSITION, _PREMODIFIED, _KIND_FIRST):
        found += [(m.group("name"), m.group("desc")) for m in rx.finditer(own)]
    for m in _OPENING_PREMODIFIED.finditer(own):  # its last word is a kind ("... broadcaster")
        if m.group("desc").split()[-1].lower() in _KINDS:
            found.append((m.group("name"), m.group("desc")))
    out = []
    for name, desc in found:
        text = " ".join(desc.split())
        if _LISTED_NAME.match(text):
            continue  # "the Prison Service, the Gendarmerie, ...": another name in a list
        side = classify(text)[0]
        if side:
            out.append(Description(name, text, doc_id, side))
    return out


_LISTED_NAME = re.compile(r"^(?:the\s+)?[A-Z][\w'’-]*$")  # a bare name describes nothing
_GROUP = re.compile(r"^(?:a|an|the)\s+(?:[\w'’-]+\s+){0,3}?(?:group|campaign|coalition|alliance)\b")


def _names_a_group(desc: str) -> bool:
    """'a parents' campaign group that…': whatever its name looks like, it is a group."""
    return _GROUP.match(desc.lower()) is not None


_AFFILIATED = re.compile(
    r"\b(?:allied|aligned|affiliated|linked|close|loyal)\s+(?:with|to)\s+(?:the\s+)?"
    r"(?:[\w'’-]+\s+){0,3}?(?:opposition|government|ruling|party|regime|state|ministry|"
    r"movement|military|army|governor|president|company|union|campaign)\b"
    r"|\b(?:backed|funded|financed|owned|run|controlled)\s+by\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?"
    r"(?:opposition|government|ruling|party|regime|state|ministry|movement|military|army|"
    r"governor|president|company|union|campaign)\b"
    r"|\bparties\s+to\s+the\b|\bparty\s+to\s+the\s+(?:dispute|conflict)\b"
    # the event's organiser or the site's operator answers for what happened there
    r"|\b(?:that|which|who)\s+(?:organi[sz]e[sd]|operate[sd]|own(?:s|ed)|r[au]ns?)\s+the\b"
    r"|^(?:the|its)\s+(?:[\w'’-]+\s+){0,2}?organi[sz]ers?\b",
    re.I,
)
_NO_STAKE = re.compile(
    r"\b(?:takes?\s+no\s+(?:position|side|sides)|does\s+not\s+(?:accept|take)\s+(?:funding|"
    r"money|sides)|no\s+stake|labell?ed\s+independent)\b",
    re.I,
)
_HEAD_END = re.compile(
    r"\s(?:that|which|who|whose|of|in|at|for|from|with|on|to|by|since|"
    r"formed|based|led|founded|running|runs)\s"
)


def no_stake(text: str) -> str:
    """A phrase of `text` that disclaims a stake ("takes no position on"), or ""."""
    m = _NO_STAKE.search(text)
    return " ".join(m.group().split()) if m else ""


def classify(desc: str) -> tuple[str, str]:
    """(side, why) of one description: its head ("a medical charity") and any affiliation
    ("allied with the opposition"); ("", "") when it tells neither."""
    low = " ".join(desc.lower().replace("’", "'").split())
    stake = _NO_STAKE.search(low)
    if stake:
        return INDEPENDENT, stake.group()
    affiliated = _AFFILIATED.search(low)
    if affiliated:
        return PARTISAN, affiliated.group()
    head = _HEAD_END.split(f" {low} ", maxsplit=1)[0]
    sides = {side for side, rx in _SIDE_WORDS.items() if rx.search(head)}
    if PARTISAN in sides and _STATE_WORDS.search(head):
        return PARTISAN, head.strip()
    if len(sides) == 1:
        return sides.pop(), head.strip()
    return "", ""


def _words_re(words: Iterable[str]) -> re.Pattern[str]:
    """Any of `words` as whole words (a hyphen joins a word: "state-run" is not "state")."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


_SIDE_WORDS = {
    side: _words_re(w for w, (s, _kind) in _KINDS.items() if s == side)
    for side in (PARTISAN, INDEPENDENT)
}
_STATE_WORDS = _words_re(
    ["state", "official", "semi-official", "pro-government", "government-funded"]
)


# --------------------------------------------------------------------------- names


_GENERIC = set(
    """the of for and on de du des la le office ministry government governor council committee
    service department agency party union group international national regional provincial
    state city county news press""".split()
)


@lru_cache(maxsize=1 << 18)  # asked of every stored publisher at every write: a few MB
def name_words(name: str) -> frozenset[str]:
    """The words of a name that identify it: "the governor's office" -> {governor, office}."""
    low = name.lower().replace("’", "'").replace("'s", "")
    return frozenset(w for w in re.findall(r"[a-z0-9]+", low) if w not in ("the", "of", "and"))


@lru_cache(maxsize=1 << 18)  # asked of every stored publisher at every write
def keys(name: str) -> frozenset[str]:
    """Where a name is filed for look-up: its identifying words and its initials."""
    return frozenset({*(name_words(name) - _GENERIC), acronym(name)} - {""})


def acronym(name: str) -> str:
    """ "Frontline Care International" -> "fci" (initials of capitalised words)."""
    caps = [w[0] for w in name.split() if w[:1].isupper()]
    return "".join(caps).lower() if len(caps) >= 2 else ""


def same_organisation(a: str, b: str) -> bool:
    """Do two names stand for one organisation? One's identifying words contain the other's,
    and the shorter is more than generic words ("the Ministry" alone matches nothing)."""
    wa, wb = name_words(a), name_words(b)
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    ca, cb = wa - _GENERIC, wb - _GENERIC  # "ERT News" is ERT
    if (len(ca) == 1 and next(iter(ca)) == acronym(b)) or (
        len(cb) == 1 and next(iter(cb)) == acronym(a)
    ):
        return True
    small, large = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return small <= large and bool(small - _GENERIC)
