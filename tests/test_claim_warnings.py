"""Warnings per claim: `partisan_only` and `one_sided` look at the quotes that carry the
answer's claim (the lead quote and those stating its figures), so an unrelated independent
sentence beside a partisan claim does not hide the partisan source."""

from __future__ import annotations

from assistant.answer.draft import claim_carriers
from assistant.ledger.stance import one_sided, partisan_flags
from assistant.types import Citation, Source

GROUP = Source("Bulletin", "Valley Front", stance="partisan", affiliation="Opposition party")
WIRE = Source("Wire", "Meridian Wire", stance="independent")


def cite(n: int, quote: str, source: Source) -> Citation:
    return Citation(n, f"doc{n}", 0, len(quote), quote, source)


def test_an_unrelated_independent_quote_does_not_carry_a_partisan_claim() -> None:
    claim = cite(1, "The protests spread to over 190 cities within hours.", GROUP)
    aside = cite(2, "The government shut down the internet on 16 November.", WIRE)
    carriers = claim_carriers([claim, aside], [claim, aside])
    assert carriers == [claim]
    kinds = [f.kind for f in partisan_flags([claim, aside], carriers)]
    assert kinds == ["partisan_source", "partisan_only"]
    side = one_sided(carriers, (), part=True)
    assert side is not None and "the quotes that make it" in side.message


def test_an_independent_quote_of_the_same_figure_carries_it_too() -> None:
    claim = cite(1, "The group says 190 cities joined the protests.", GROUP)
    same = cite(2, "Reporters counted protests in 190 cities by the weekend.", WIRE)
    carriers = claim_carriers([claim, same], [claim, same])
    assert carriers == [claim, same]
    assert [f.kind for f in partisan_flags([claim, same], carriers)] == ["partisan_source"]
    assert one_sided(carriers, ()) is None
