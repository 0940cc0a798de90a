"""The kind of answer a question asks for (its slot), from its question words: "how many" asks
a count, "who" a person or organisation, "what caused" a reason. Regular expressions over
general English; nothing here knows a topic.

    >>> slot_of("How many ballots were rejected?")
    'count'
"""

from __future__ import annotations

import re

from assistant.corpus.nlp import modifies_a_noun
from assistant.ledger.roles import PERSON_ROLES

SLOTS = "person_or_org date time place count money percentage duration reason yes_no other".split()
FIGURE_SLOTS = frozenset({"count", "money", "percentage", "duration"})

# "the case number", "the flight number": an identifier, not a count
_NOT_AN_ID = "".join(
    f"(?<!{w} )" for w in "case reference serial phone flight file registration account".split()
)
_TIME_UNITS = "seconds|minutes|hours|days|weeks|months|years|decades|nights"
_PLACES = (
    r"countr(?:y|ies)|cit(?:y|ies)|towns?|provinces?|regions?|states?|places?|villages?"
    r"|districts?|areas?|locations?|streets?|capital|ports?|sites?|venues?|prisons?"
)
_NAMES_OF = r"\bwhat (?:is|was|were|are) the names? of"  # "...the name of the inmate who"
# up to three words between "which" and the asked noun ("which four Constitutional Court
# judges"), none of them a verb ("which did the court..."); "what" takes one ("what caused the
# army to…" asks no agent)
_AUXILIARIES = "do|does|did|is|are|was|were|has|have|had|can|could|will|would|should|may|might|must"
_NOUN_WORDS = rf"(?:(?!(?:{_AUXILIARIES}|be|been)\b)[\w-]+ ){{0,3}}"
_AGENTS = (
    r"person|people|m[ae]n|wom[ae]n|officials?|ministers?|leaders?|speakers?|politicians?"
    r"|lawyers?|judges?|journalists?|compan(?:y|ies)|firms?|organi[sz]ations?|groups?"
    r"|part(?:y|ies)|agenc(?:y|ies)|bod(?:y|ies)|courts?|governments?|authorit(?:y|ies)"
    r"|unions?|charit(?:y|ies)|institutions?|ministr(?:y|ies)|departments?|newspapers?"
    r"|outlets?|broadcasters?|teams?|members?|candidates?|spokes(?:man|woman|person)"
    r"|directors?|officers?|councils?|committees?|banks?|ngos?|publishers?|witnesses?"
    r"|prosecutors?|researchers?|experts?|doctors?|police|army|forces?|militar(?:y|ies)"
    r"|" + "|".join(f"{w}s?" for w in sorted(PERSON_ROLES))
)
_MONEY_WORDS = (
    r"money|cost|costs|spend|spent|pay|paid|payments?|price|budget|funds?|funding|compensation|worth"
    r"|fines?|fined|salary|wages?|fees?|earn|earned|raise|raised|revenue|dollars|euros|pounds"
)
_FINDING = r"say|says|said|find|finds|found|think|thinks|thought|believe|believes|claim|claims"
_FINDING += r"|conclude|concludes|concluded|suggest|suggests|suggested"
_SUMS = r"revenues?|profits?|losses|turnover|income|earnings|salary|salaries|ransom|damages"
_SUMS += r"|compensation|wages?|fees?|fines?|budgets?|prices?|costs?|value"  # not "bills": laws
# "X's annual pay" is a sum; "what pay rise": a change in it, often a percentage
_PAY = r"pay(?!\s+(?:rises?|increases?|cuts?|claims?|offers?|deals?|awards?|demands?))"
# (slot, pattern) in order of precedence when two match at the same place
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (slot, re.compile(pattern))
    for slot, pattern in (
        (
            "reason",
            r"\bwhy\b|\bwhat (?:caused|causes|led to|leads to|prompted|triggered)\b"
            r"|\bfor what reason\b|\bhow come\b|\bon what grounds?\b"
            r"|\bwhat (?:was|is|were|are) the (?:reasons?|causes?|motives?)\b"
            # "what does X say caused...", "what did the inquiry find led to..."
            rf"|\bwhat\b(?:\s+[\w'’-]+){{1,10}}?\s+(?:{_FINDING})\s+(?:was\s+|were\s+)?"
            r"(?:caused|causes|led to|leads to|prompted|triggered)\b",
        ),
        ("duration", rf"\b(?:for )?how long\b|\bhow many (?:[a-z-]+ )?(?:{_TIME_UNITS})\b"),
        ("time", r"\bwhat time\b|\b(?:what|which) hour\b|\bhow early\b|\bhow late\b"),
        ("date", r"\bwhen\b|\b(?:what|which) (?:year|date|day|month)\b"),
        (
            "percentage",
            r"\bwhat (?:share|percentage|percent|proportion|fraction)\b"
            r"|\bwhat (?:was|is|were|will be) (?:the )?(?:[\w'’-]+ ){0,3}?turnout\b"
            r"|\bby (?:how much|what percentage)\b|\bhow many per ?cent\b",
        ),
        (
            "money",
            rf"\bhow much\b(?=.*\b(?:{_MONEY_WORDS}|{_SUMS})\b)|\bwhat (?:was|is|were|are|will be) "
            r"the (?:\w+ )?(?:cost|price|budget|fine|fee|bill)\b"
            # "what profit did X report", "what was X's revenue in 2023"
            rf"|\bwhat (?:(?:was|is|were|are|will be) )?(?:[\w'’-]+ ){{0,4}}?(?:{_SUMS})\b"
            # "what is the Velmora Volcano Observatory's annual budget": whose, then the sum
            r"|\bwhat (?:was|is|were|are|will be) (?:the )?(?:[\w&.-]+ ){0,5}?[\w.-]+['’]s "
            rf"(?:[\w-]+ ){{0,2}}?(?:{_SUMS}|{_PAY})\b",
        ),
        (
            "count",
            r"\bhow (?:many|much)\b"
            r"|\b(?:what|which) (?:(?:is|was|were|are|will be) )?(?:the |its |their )?"
            rf"(?:[\w-]+ ){{0,2}}?(?:{_NOT_AN_ID}number|amount|total|toll|tally|figure|count"
            r"|population|membership|workforce|headcount|attendance)\b",  # "the population of X"
        ),
        ("other", r"\bwhere\b(?=.*\b(?:come|came|get|got|obtain|obtained) from\b)"),
        ("place", rf"\bwhere\b|\b(?:which|what) (?:[\w-]+ )?(?:{_PLACES})\b"),
        (
            "person_or_org",
            rf"\bwho(?:m|se)?\b|\b(?:which {_NOUN_WORDS}|what (?:[\w-]+ )?)(?:{_AGENTS})\b"
            rf"|{_NAMES_OF} (?:the |an? )?"
            rf"(?:[\w-]+ ){{0,3}}(?:{_AGENTS}"
            r"|inmates?|prisoners?|victims?|suspects?|drivers?|pilots?|captains?|soldiers?"
            r"|workers?|engineers?|nurses?|patients?|students?|boys?|girls?|child(?:ren)?"
            r"|crews?|staff|paramedics?|firefighters?|passengers?|residents?|survivors?"
            r"|reporters?|defendants?|owners?)\b",
        ),
        ("other", r"\bhow (?:old|far|high|large|big|fast|deep|heavy|tall|wide|severe)\b|\bwhat\b"),
    )
)
_YES_NO = re.compile(rf"^(?:{_AUXILIARIES})\b")
_ASKS_NAMES = re.compile(_NAMES_OF + r"\b")
ACCORDING = re.compile(r"^according to ([^,]+),\s*", re.I)
CARRIED = re.compile(r"\s*\([^()]*\)\s*$")  # "(topic terms)" a follow-up carries from the chat
_SAYS = re.compile(
    r"\b(?:does|do|did)\s+(?P<voice>(?:the\s+)?[\w'’.&-]+(?:\s+[\w'’.&-]+){0,7}?)\s+"
    r"(?:say|claim|report|estimate|count|record|put|give)\b",
    re.I,
)
_NOT_A_VOICE = frozenset("it they he she we you i this that these those one".split())


def asked_voice(question: str) -> str:
    """Whose account the question asks for: "According to X, ...", "How many does X say...";
    "" when it names none (or only a pronoun)."""
    text = clean(question)
    found = ACCORDING.match(text) or _SAYS.search(text)
    voice = found.group(1) if found else ""
    return "" if voice.lower() in _NOT_A_VOICE else voice


def clean(question: str) -> str:
    """The question without the bracketed chat context a follow-up carries, trimmed."""
    return CARRIED.sub("", question).strip().rstrip("?").strip()


def slot_of(question: str) -> str:
    """The kind of answer a question asks for, from its question words (first one wins)."""
    text = ACCORDING.sub("", clean(question)).lower()
    best: tuple[int, int, str] | None = None
    for order, (slot, pattern) in enumerate(_PATTERNS):
        m = pattern.search(text)
        named = slot == "person_or_org" and _ASKS_NAMES.search(text)  # "the name of the chief X"
        if (
            m
            and slot in ("place", "person_or_org")
            and not named
            and modifies_a_noun(text, m.end())
        ):
            continue  # "what prison sentence": the asked noun is "sentence", not "prison"
        if m and (best is None or (m.start(), order) < best[:2]):
            best = (m.start(), order, slot)
    if best is not None and (best[2] != "other" or not _YES_NO.match(text)):
        return best[2]
    return "yes_no" if _YES_NO.match(text) else "other"
