"""The tokens of a parsed sentence that state a value of an asked kind: a count (not a date,
time, age, sum, share or identifier), a sum, a share or a duration; "no one" and "no deaths"
state a count of nought."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.ledger.figures import CURRENCY_WORDS
from assistant.ledger.words import MONTH_NAMES

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

MONTHS = MONTH_NAMES.lower().replace("|", " ")  # "january february ... december"
MONTH_SET = frozenset(MONTHS.split()) | {m[:3] for m in MONTHS.split()} | {"sept"}
_VAGUE = frozenset("dozens hundreds thousands millions billions scores several many few".split())
TIME_UNIT = re.compile(r"^(?:second|minute|hour|day|night|week|fortnight|month|year|decade)s?$")
CURRENCY = "|".join(sorted(CURRENCY_WORDS | {"pound", "real", "rand"}, key=len, reverse=True))
_SYMBOLS = frozenset("% $ € £ ¥".split())
_AGE = re.compile(r"\baged?\b|-year-old|\byears? old\b", re.I)
_CLOCK = re.compile(r"^\d{1,2}[:.]\d\d$|^\d{1,2}(?:[ap]\.?m\.?)$", re.I)


def values(
    doc: Doc, slot: str, own: frozenset[str], currencies: frozenset[str] = frozenset()
) -> list[Token]:
    """The tokens stating a value of the asked kind (not one the question itself states); a sum
    is in a known currency or in one of `currencies`."""
    out = []
    for t in doc:
        if slot == "count" and none_of(t) is not None:
            out.append(t)  # "No one was killed": a count of nought
            continue
        if slot == "duration" and _one_unit(t):
            out.append(t)  # "at least a year", "within an hour"
            continue
        if t.lower_ in own or not (t.like_num or t.text in _SYMBOLS):
            continue
        if slot == "money":
            if t.ent_type_ == "MONEY" or _currency_after(t, currencies):
                out.append(t)
        elif slot == "percentage":
            if t.ent_type_ == "PERCENT" or _next(t) in ("%", "percent", "per"):
                out.append(t)
        elif slot == "duration":
            if t.ent_type_ in ("DATE", "TIME") and _is_duration(t):
                out.append(t)
        elif _counts(t):
            out.append(t)
    return out


def none_of(t: Token) -> Token | None:
    """What a "none" counts: the noun "no" determines ("no deaths"), or the verb "no one",
    "nobody" or "none" is the subject of ("no one was killed"); None for any other token."""
    if t.lower_ == "no" and t.dep_ == "det" and t.head.pos_ in ("NOUN", "PRON"):
        noun = t.head
    elif t.lower_ in ("nobody", "none", "no-one") and t.dep_.startswith("nsubj"):
        noun = t
    else:
        return None
    if noun.lower_ == "one" or noun is t:  # "no one", "nobody": the verb says what
        return noun.head if noun.dep_.startswith("nsubj") else None
    return noun


def _counts(t: Token) -> bool:
    """A number that counts something: not a date, time, age, sum, share or identifier."""
    if t.ent_type_ in ("DATE", "TIME", "PERCENT", "MONEY", "ORDINAL") or t.lower_ in _VAGUE:
        return False
    window = t.doc[max(0, t.i - 2) : t.i + 3].text
    prev = t.doc[t.i - 1].lower_ if t.i > 0 else ""
    dated = prev in MONTH_SET or _next(t) in MONTH_SET  # "12 September", "Sept 11"
    return not (_CLOCK.match(t.text) or _AGE.search(window) or dated or _identifier(t))


def _next(t: Token) -> str:
    return t.doc[t.i + 1].lower_ if t.i + 1 < len(t.doc) else ""


def _currency_after(t: Token, currencies: frozenset[str] = frozenset()) -> bool:
    after = [x.lemma_.lower() for x in t.doc[t.i + 1 : t.i + 4] if x.text != "-"][:2]
    return any(w in currencies or re.fullmatch(rf"(?:{CURRENCY})s?", w) for w in after)


def _is_duration(t: Token) -> bool:
    nearby = [x.lemma_.lower() for x in t.doc[t.i + 1 : t.i + 4]]
    return any(TIME_UNIT.match(w) for w in nearby)


def _one_unit(t: Token) -> bool:
    """ "a year", "an hour" in a stretch of time the recogniser marked: one unit of time."""
    if t.lower_ not in ("a", "an") or t.dep_ not in ("det", "nummod"):
        return False
    unit = t.head  # not "a year ago": a date
    dated = t.ent_type_ in ("DATE", "TIME") and _next(unit) != "ago"
    return dated and bool(TIME_UNIT.match(unit.lower_))


def _identifier(t: Token) -> bool:
    """ "Route 9", "Article 5", "section 4.2": a number naming a thing, not counting it."""
    prev = t.doc[t.i - 1] if t.i > 0 else None
    return (
        prev is not None
        and prev.text[:1].isupper()
        and prev.pos_ in ("PROPN", "NOUN")
        and (prev.i > 0 or prev.lower_ in ("article", "section", "route", "no", "room"))
    )
