"""Currencies a text names as such (`ledger.currencies`): learned from the text's own sums, so
a corpus about a country no lexicon knows still has money in it."""

from __future__ import annotations

import pytest

from assistant.ledger.currencies import MONEY_UNIT, currencies_named, in_named_currency
from assistant.ledger.figures import find_figures
from assistant.ledger.statements import extract_figures


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("The court imposed a fine of 2,000 drals on each organiser.", {"dral", "drals"}),
        ("The fund paid fees of about 14.2 million dalers.", {"daler", "dalers"}),
        ("The widow received 300,000 aldens in compensation.", {"alden", "aldens"}),
        ("Petrol now costs 962 kors a litre.", {"kor", "kors"}),
        ("Tickets cost 40 vells (about €12) at the gate.", {"vell", "vells"}),
        ("A bill of 300 pages went to the committee.", set()),  # pages are no money
        ("The closure cost 300 jobs and 41 lives.", set()),
        ("A payment of 5 million was agreed.", set()),  # the scale word is no currency
        ("Some 4,000 people gathered in the square.", set()),
        ("It alleged that a 214 million-mark contract was rigged.", {"mark", "marks"}),
        ("A 3 million-strong crowd and a 2 million-tonne cargo.", set()),
    ],
)
def test_a_word_the_text_uses_as_the_unit_of_a_sum_is_its_currency(
    text: str, named: set[str]
) -> None:
    assert currencies_named(text) == named


def test_every_sentence_of_the_text_reads_its_currency_as_money() -> None:
    text = "The fund paid fees of 14.2 million dalers. It has lost 412 million dalers since."
    lost = "It has lost 412 million dalers since."
    found = in_named_currency(lost, find_figures(lost), currencies_named(text))
    [(start, end, quantity)] = found
    assert lost[start:end] == "412 million dalers"
    assert quantity.unit == MONEY_UNIT and quantity.low == 412e6
    assert in_named_currency(lost, find_figures(lost), frozenset()) == find_figures(lost)


def test_the_ledger_counts_a_sum_in_the_texts_currency_as_money() -> None:
    text = "The fund paid fees of 14.2 million dalers. The fund has lost 412 million dalers."
    found = {
        f.raw: f
        for f in extract_figures("d", text, publisher="Pub", date="2031-05-01", stance="unknown")
    }
    assert found["412 million dalers"].measure.kind == "money"
    assert found["14.2 million dalers"].measure.kind == "money"
