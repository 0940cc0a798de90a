"""Who says so, from the words: the voice a sentence (or one clause of it) attributes its
figures to (`voices` reads it from the parse first).

"according to X", "X said", "..., said X", "reported by X", "X put the toll at", "X's report",
"citing X"; in "X put it at 7,000, a figure that Y later cited as 12,000" each figure gets its
own clause's voice. General English patterns only.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.ledger.affiliation import ACRONYM, APPOSITION, NAMES, names_then
from assistant.ledger.roles import BODY_PEOPLE, ORGANS, SPEAKING_BODIES, SPEAKING_ROLES
from assistant.ledger.words import DAY_NAMES, MONTH_NAMES

_BE = frozenset("is was were are been be have has had".split())
_NOT_SUBJ = _BE | frozenset("a an the being of by in on to for with from at".split())


def _set(spec: str) -> frozenset[str]:
    return frozenset(spec.split())


# --- patterns --------------------------------------------------------------------------
_VERBS = (
    r"said|says|say|reported|reports|estimated|estimates|counted|documented|told|claimed|"
    r"claims|stated|announced|announces|confirmed|confirms|recorded|registered|tallied|"
    r"verified|alleged|wrote|noted|added|acknowledged|admitted|insisted|cited|spoke\s+of|"
    r"puts?\s+(?:the\s+)?(?:[a-z-]+\s+){0,2}(?:toll|number|figure|count|total|tally)\b"
    r"(?:\s+[\w-]+){0,2}\s+at"
)
_VERB_RE = re.compile(rf"\b(?:{_VERBS})\b")
_PREP_RE = re.compile(
    r"\b(?:according\s+to|citing|as\s+(?:reported|counted|documented|estimated)\s+by|"
    r"(?:figures|data|estimates?)\s+(?:from|by))\s+([^,;:()\"“”]+)",
    re.I,
)
_OTHER_VERBS = r"is|was|were|are|has|have|had|shows?|showed|lists?|indicates?|suggests?"
_TRAILERS = r"on|last|this|earlier|yesterday|today|during|late|early|which|who"
_BY_RE = (
    r"^(?:an?\s+|the\s+)?(?:\w+\s+)?(?:report|statement|study|survey|count|tally|analysis|"
    r"spokes(?:man|woman|person)|representative)\s+(?:by|from|for|of)\s+"
    r"|^(?:the\s+)?(?:figures|data|numbers|statistics|estimates|records)\s+(?:[a-z]+ed\s+)?by\s+"
)  # "figures compiled by the ministry": the ministry
_BOUNDARY = (
    r"[,;:\"“”(—]|\b(?:that|and|but|so|while|whereas|although|though|if|as|because|when|after)\s"
)
_AUX = r"(?:\s+(?:has|have|had|also|later|earlier|then|recently|could|would|may|might|will))+$"
_RECORDS = (
    r"report|count|figures|tally|data|estimates?|statement|survey|records|assessment|analysis"
    r"|findings?|review|conclusion|calculations?|post|letter|note|message|notice|release"
    r"|announcement|website|filing|register|registry|database|logs?"
)
# a body's own organ, named in lower case, speaks for it: "the council's environmental health
# service", "the FTM's political bureau" are the council and the FTM
_ORGANS = "|".join(sorted(ORGANS))
# an acronym or a name of two capitalised words, then its people: "FMG field researchers"
_NAME_THEN_PEOPLE = re.compile(
    rf"^((?:{ACRONYM}|[A-Z][\w&.'’-]*(?:\s+(?:of\s+)?[A-Z][\w&.'’-]*)+))"
    rf"\s+(?:[a-z-]+\s+){{0,2}}(?:{'|'.join(sorted(BODY_PEOPLE))})$"
)
_POSSESSIVE_RE = re.compile(
    rf"\b([A-Z][\w&.-]*(?:\s+(?:of\s+)?[A-Z][\w&.-]*){{0,6}})['’]s\s+(?:[\w-]+\s+){{0,3}}(?:{_RECORDS})\b"
)
_PRONOUNS = _set("it he she they we i you this that who which someone one there")
# ", an opposition group," / ", spokesman of the committee," between a name and its verb
_APPOSITIVE = re.compile(r",\s+(?:an?\s+|the\s+)?[a-z][^,;\d]{0,80},")
_WHEN = rf"(?:{MONTH_NAMES}|spring|summer|autumn|fall|winter|\d{{1,2}}(?:st|nd|rd|th)?|\d{{4}})"
# "In late November 2019 ", "On 5 December 2019, ": a time phrase in front of the subject
_TIME_LEAD = re.compile(
    rf"^\s*(?:In|On|By|During|Since|From|Until)\s+(?:(?:early|late|mid|the)[-\s]+)?"
    rf"{_WHEN}(?:\s+(?:of\s+)?{_WHEN})*,?\s+"
)
# where one voice's clause ends and another's may begin, inside one sentence
_CLAUSE_SPLIT = re.compile(
    r";\s+|,\s+(?:a|the)\s+(?:figure|number|count|estimate|toll)\s+(?:that|which)\s+|"
    r",\s+(?:whereas|while|but|and)\s+|\s+whereas\s+|\s+while\s+"
)


def clean_claimant(x: str) -> str:
    """Trim a claimant phrase: quotes, dates, leading articles, 'a report by', possessives,
    and a Markdown lead-in the sentence splitter kept ("**Damage observed.** The patrol")."""
    x = re.split(r"(?<=[a-z]{3})[.!?:]\s+(?=[A-Z])", x.replace("**", " "))[-1]
    x = re.split(rf"\s+(?:{_VERBS}|{_OTHER_VERBS})\b|\s+that\b|\d", x, maxsplit=1)[0]
    x = re.sub(rf"\s+(?:{_TRAILERS}|(?:in|at)(?!\s+[A-Z]))\b.*$", "", x)
    x = re.sub(_BY_RE, "", x.strip(" \"'“”‘’()"), flags=re.I)
    x = re.sub(rf"['’]s\s+(?:[\w-]+\s+){{0,3}}(?:{_RECORDS})\b.*$|\s+(?:{_RECORDS})$", "", x)
    x = re.sub(r"^(?:[Ee]ven|[Oo]nly|[Aa]lso|[Nn]ow|[Ss]till)\s+", "", x.strip())
    x = re.sub(r"^.*['’]s\s+own\s+", "", x)  # "the government's own Port Authority"
    x = re.sub(rf"['’]s\s+(?:[a-z-]+\s+){{0,3}}(?:{_ORGANS})$", "", x)  # "FTM's political bureau"
    x = re.sub(r"^(?:the|The|[Ii]ts|[Tt]heir)\s+(?:same\s+)?", "", x.strip())  # "Its ministry"
    x = _NAME_THEN_PEOPLE.sub(r"\1", x)  # "FMG field researchers": FMG speaks
    x = re.sub(r"\s+(?:of|on|from|by|for|dated)$", "", x)  # "MEK post of [16 December]"
    x = re.sub(rf"^{_WHEN_WORDS}", "", x, flags=re.I)  # "Last Friday Castellan said"
    return x.strip(" ,.\"'“”")


_CLAUSE_OPENERS = frozenset(
    "in on at after before during since when while also later meanwhile separately".split()
)
_WHEN_WORDS = (
    rf"(?:(?:last|this|next|on|late|early)\s+(?:{DAY_NAMES}|"
    r"week|month|year|night|morning|evening)|yesterday|today|tonight)\b,?\s*"
)


_FIRST_PERSON = _set("our we us my i")
# bodies, and their people, that speak in a news text even when named in lower case
BODIES = SPEAKING_BODIES | SPEAKING_ROLES
# capitalised at the start of a sentence, but not a name ("Most of those households")
_COMMON = _set("most some many all those these latest local several both each other such a an")


def is_voice(x: str) -> bool:
    """Can this phrase speak for a figure? A name ("Riverwatch Institute") or a body ("the
    ministry") can; a first-person phrase ("Our teams": the publisher itself) or a common
    noun alone ("surveyed households", "staff", "hospitals") cannot."""
    words = x.split()
    if not words or words[0].lower() in _FIRST_PERSON:
        return False
    if any(c in x for c in '"“”') or any(w.lower() in _CLAUSE_PRONOUNS for w in words):
        return False  # 'Ledger she saw "at least five people': a clause, not a name
    if len(words) > 1 and words[0].lower() in _COMMON and words[1] == "of":
        return False  # "many of them since X": a part of something, not a speaker
    if _COMPARISON.search(x):
        return False  # "eight more than the provincial government [admitted]": a figure
    if any(w[0].isupper() and w.lower() not in _COMMON for w in words):
        return True
    return words[-1].lower() in BODIES


_CLAUSE_PRONOUNS = frozenset("he she they i".split())
_COMPARISON = re.compile(r"\b(?:more|fewer|less|higher|lower)\s+than\b", re.I)


def _plausible_name(x: str) -> bool:
    """A claimant is a short name, not a clause ('In the same statement the Port...')."""
    words = x.split()
    return len(words) <= 7 and words[0].lower() not in _CLAUSE_OPENERS


def _subject(sentence: str) -> str:
    """The subject of the first reporting verb ('X said', '..., said X', 'reported by X')."""
    s = re.sub(r",\s*citing\s[^,]*,", "", sentence)
    s = _APPOSITIVE.sub(lambda m: m[0] if _VERB_RE.search(m[0]) else " ", s)  # not ", X said,"
    s = re.sub(_TIME_LEAD, "", s)
    for m in _VERB_RE.finditer(s):
        before, after = s[: m.start()], s[m.end() :]
        if re.search(r"(?:['’]s|s['’])\s+$", before):
            continue  # "Castellan's reported revenue", "our members' reports": a noun's
        if re.search(r"\b(?:not|never)\s+$|n['’]t\s+$", before):
            continue  # "It did not say how many...": who does not say a figure claims none
        by = re.match(r"\s+by\s+([^,;:()\"“”]+)", after)
        x = re.sub(_AUX, "", re.split(_BOUNDARY, before)[-1].strip())
        words = x.split()
        if by:  # "by X and far below ...": a name goes on with capitals, a clause does not
            x = re.split(r"\s+(?:and|but|while|whereas)\s+(?=[a-z])", by.group(1))[0]
            if (x.split() or [""])[0] in ("its", "his", "her", "their", "our"):
                continue
        elif not x and re.search(r"[,\"”]\s*$", before):
            x = re.split(r"[,;.]", after, maxsplit=1)[0].strip()
            if not re.match(r"(?:[A-Z]|the\s)", x):
                continue
        elif not words or len(words) > 8 or re.search(r"\d", x) or words[-1].lower() in _NOT_SUBJ:
            continue
        x = clean_claimant(x)
        if x:
            return "" if x.lower() in _PRONOUNS else x
    return ""


def find_claimant(sentence: str, default: str) -> tuple[str, bool]:
    """Who the sentence attributes its figures to: (name, True), or (default, False).

    Order: 'according to X' / 'as reported by X' / 'figures from X'; the subject of a reporting
    verb ('X said', 'X put the toll at'; ', citing Y,' is skipped so X wins); 'X's report';
    'citing X'. Pronoun subjects ('it said') give (default, False).
    """
    m = _PREP_RE.search(sentence)
    if m and not m.group(0).lower().startswith("citing"):
        x = clean_claimant(m.group(1))
        named = x and (x[0].isupper() or m.group(0)[0] in "aA")
        if named and x.lower() not in _PRONOUNS and is_voice(x):
            return x, True
    x = _subject(sentence)
    if x and _plausible_name(x) and is_voice(x):
        return x, True
    m = _POSSESSIVE_RE.search(sentence)
    if m and is_voice(clean_claimant(m.group(1))):
        return clean_claimant(m.group(1)), True
    m = re.search(r"\bciting\s+([^,;:()\"“”]+)", sentence, re.I)
    x = clean_claimant(m.group(1)) if m else ""
    if x and x.lower() not in _PRONOUNS and is_voice(x):
        return x, True
    return default, False


def clause_claimant(
    sentence: str, at: int, whole: tuple[str, bool], publisher: str
) -> tuple[str, bool]:
    """The voice of the clause holding the figure at `at`, else the sentence's voice.

    "X put it at 7,000, a figure that Y later cited as 12,000": 7,000 is X's, 12,000 is Y's.
    """
    cuts = [0, *(m.end() for m in _CLAUSE_SPLIT.finditer(sentence) if m.end() <= at)]
    following = [m.start() for m in _CLAUSE_SPLIT.finditer(sentence) if m.start() > at]
    clause = sentence[cuts[-1] : following[0] if following else len(sentence)]
    if len(clause) == len(sentence):
        return whole
    own = find_claimant(clause, "")
    if own[1] or not whole[1]:
        return own if own[1] else whole
    # "The club gave 38,212; police estimated 42,000": a voice that only a later clause names
    # is not this figure's
    named_at = sentence.find(whole[0])
    return (publisher, False) if named_at >= cuts[-1] + len(clause) else whole


BARE_KIND = re.compile(r"(?:the\s+)?([a-z][a-z-]{2,})")  # "the union", "group"


def kind_named_before(text: str, voice: str) -> str:
    """The name a bare kind stands for ("the group"): the last organisation `text` (what
    precedes the voice's sentence) described as one (`affiliation.APPOSITION`: "The Almira
    Families Association, a relatives' group that…"); "" when it described none."""
    kind = bare_kind(voice)
    if not kind or not BARE_KIND.fullmatch(re.sub(r"^The\b", "the", voice.strip())):
        return ""  # "the group", not "officials" nor "the Group"
    head = re.compile(rf"\b{re.escape(kind)}(?:\s*$|\s+(?:{_DESCRIBED_BY})\b)")
    described = names_then(text, APPOSITION)
    return next((name for name, d in reversed(described) if head.search(d["desc"])), "")


def name_of_kind(text: str, voice: str) -> str:
    """The proper name a bare kind ("the ministry", "the Board") is short for: the one name
    of two or more words in `text` (what precedes the voice's sentence) that holds the kind
    ("the Interior Ministry", "the Rail Incident Review Board"); "" when none or two do."""
    kind = bare_kind(voice)
    if not kind:
        return ""
    word = re.compile(rf"(?<![\w'’-]){re.escape(kind.capitalize())}(?![\w'’-])")
    holding = {n for n in NAMES.findall(text) if " " in n and word.search(n)}
    return holding.pop() if len(holding) == 1 else ""


@lru_cache(maxsize=1 << 14)
def bare_kind(voice: str) -> str:
    """ "group" of "the group" or "Group"; "" for a plural ("officials") or longer phrase."""
    m = BARE_KIND.fullmatch(voice.strip().lower())
    return m.group(1) if m and not re.search(r"[^s]s$", m.group(1)) else ""


# what may follow the kind that heads a description ("a relatives' group that …"); "a police
# spokesman" describes no police
_DESCRIBED_BY = "that|which|who|of|for|representing|based|in|from"
