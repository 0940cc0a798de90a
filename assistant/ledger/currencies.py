"""Currencies a text itself uses as money: the units of its sums that no lexicon lists.

A text about a country the lexicon of `figures` does not know pays in that country's money ("a
fine of 2,000 drals", "fees of 14.2 million dalers"). A word is a currency of the text when the
text uses it as the unit of a sum at least once: after a sum's noun and "of" ("a payment of
250,000 aldens"), after "worth", before "in" and a kind of payment ("300 kors in fees"), or
before a converted amount in brackets ("40 kors (about €12)"), or joined to a magnitude ("a
214 million-mark contract"). Every sentence of that text then
reads the word as money ("the fund lost 412 million dalers"). Also a price by weight or volume
("810 kors a litre") and a cost ("it used to cost me 2,600 kors"). Pure functions of the text: the
same text always names the same currencies, whatever else the corpus holds.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from assistant.ledger.figures import Found
from assistant.ledger.words import PEOPLE, PHYSICAL, TIME_UNITS
from assistant.store.lexical import STOPWORDS

_SUMS = """payment payments fine fines fee fees price prices cost costs budget budgets salary
    salaries wage wages compensation bail ransom grant grants loan loans bonus bonuses sum sums
    debt debts deficit revenue revenues profit profits subsidy subsidies pension pensions
    allowance allowances award awards settlement donation donations bill bills funding
    investment investments bribe bribes tax taxes levy rent rents turnover transfer transfers
    refund refunds""".split()
_PAID_AS = """fees compensation damages aid funding grants loans wages salaries revenue taxes
    fines bonuses subsidies payments profits savings bribes donations ransom bail rent arrears
    debts costs cash benefits pensions""".split()
_HEDGE = (
    r"(?:(?:about|around|roughly|nearly|almost|some|approximately|over|more\s+than|less\s+than"
    r"|up\s+to|at\s+least|just\s+over|just\s+under|an\s+estimated)\s+)?"
)
_AMOUNT = r"\d[\d,.]*(?:\s+(?:thousand|million|billion|trillion))?"
_UNIT = r"([a-z]{3,})"
_PRICED_BY = "litre liter kilo kilogram kg gallon barrel tonne ton".split()
_FRAMES = re.compile(
    rf"\b(?:(?:{'|'.join(_SUMS)})\s+of|worth|cost(?:s|ing)?(?:\s+(?:me|us|him|her|them))?)"
    rf"\s+{_HEDGE}{_AMOUNT}\s+{_UNIT}\b"
    rf"|\b{_AMOUNT}\s+{_UNIT}\s+(?:in\s+(?:{'|'.join(_PAID_AS)})\b"
    rf"|(?:a|per)\s+(?:{'|'.join(_PRICED_BY)})\b|\(\s*{_HEDGE}(?:US\$|\$|€|£|¥))"
    # "a 214 million-mark contract"
    rf"|\b\d[\d,.]*\s+(?:thousand|million|billion|trillion)-{_UNIT}\s+[a-z]",
    re.I,
)
# words that follow a number in those frames without being money ("a bill of 300 pages", "cost
# 41 lives")
_NOT_MONEY = frozenset(
    {*TIME_UNITS, *PHYSICAL, *PEOPLE}
    | set(
        """hours days weeks months years minutes people percent per cent points votes shares
        jobs lives pages units items tickets families households homes workers staff members
        patients students children women men times euro euros dollar dollars pound pounds
        thousand million billion trillion strong""".split()
    )
    | STOPWORDS
)
_AFTER = re.compile(r"\s+([A-Za-z]{3,})\b")
MONEY_UNIT = "money:CUR"  # the unit of a sum in a currency named in words ("48 million crowns")


@lru_cache(maxsize=256)  # asked of every document at ingest and of the documents an answer reads
def currencies_named(text: str) -> frozenset[str]:
    """The words the text uses as the unit of a sum (lower case, singular and plural)."""
    found = {next(g for g in m.groups() if g).lower() for m in _FRAMES.finditer(text)}
    words = {w for w in found if w not in _NOT_MONEY and w.rstrip("s") not in _NOT_MONEY}
    return frozenset(form for w in words for form in (w, w.rstrip("s"), w.rstrip("s") + "s"))


def in_named_currency(sentence: str, found: list[Found], currencies: frozenset[str]) -> list[Found]:
    """The figures of a sentence, those followed by one of its text's currencies read as sums
    in it, the currency word taken into the figure phrase ("14.2 million dalers")."""
    if not currencies:
        return found
    out = []
    for start, end, q in found:
        unit = _AFTER.match(sentence, end)
        if not q.unit and unit and unit.group(1).lower() in currencies:
            out.append((start, unit.end(), replace(q, unit=MONEY_UNIT)))
        else:
            out.append((start, end, q))
    return out
