"""A claim restated in its voice's own words elsewhere joins the dispute that holds it."""

from __future__ import annotations

from assistant.ledger.disputes import claims_of, statements_of
from assistant.ledger.names import resolve_claimants
from assistant.ledger.restated import merged_restatements, restates, with_restatements
from assistant.types import Dispute, FigureStatement, Measure, Quantity


def said(
    doc: str, voice: str, value: float, thing: str, act: str = "", *, at: int = 0
) -> FigureStatement:
    return FigureStatement(
        doc, at, at + 10, f"{voice} {value} {thing} {act}", at, at + 3, str(value),
        Quantity(value, value), f"{thing} {act}".strip(), voice, doc == "wire", "2024-03-04",
        measure=Measure("count", thing, act),
    )  # fmt: skip


def dispute(*statements: FigureStatement, id_: str = "d1") -> Dispute:
    return Dispute(id_, statements[0].counted, True, tuple(claims_of(list(statements))))


WIRE = dispute(
    said("wire", "Harbour Union", 4200, "member", "stop", at=10),
    said("wire", "Port Authority", 2650, "member", "stop", at=50),
)


def test_a_voices_own_figure_in_other_words_joins_its_claim() -> None:
    own = said("union-statement", "Harbour Union", 4200, "member")  # "4,200 members on strike"
    staff = said("authority-update", "Port Authority", 2650, "employee")  # a large figure
    [d] = with_restatements([WIRE], [own, staff])
    docs = {c.claimant: {s.doc_id for s in (c.statement, *c.history)} for c in d.claims}
    assert docs == {
        "Harbour Union": {"wire", "union-statement"},
        "Port Authority": {"wire", "authority-update"},
    }
    assert {s.counted for s in statements_of(d)} == {WIRE.counted}


def test_other_voices_values_acts_and_small_figures_do_not() -> None:
    claim = WIRE.claims[0]
    assert not restates(said("x", "Port Authority", 4200, "member"), claim)  # another voice
    assert not restates(said("x", "Harbour Union", 4300, "member"), claim)  # another figure
    small = dispute(said("wire", "Union", 43, "worker", "trap"), said("wire", "Firm", 58, "worker"))
    union = next(c for c in small.claims if c.claimant == "Union")
    assert restates(said("x", "Union", 43, "people"), union)  # people: any persons
    assert not restates(said("x", "Union", 43, "truck"), union)  # small, and other things
    assert not restates(said("x", "Union", 43, "worker", "injure"), union)  # small, another act


def test_a_voices_one_large_figure_under_another_act_is_its_claim() -> None:
    # "1,200 employees working in the forge" (the firm's release) and "the firm says 1,200
    # workers were locked out" (a wire): one voice's one large figure
    claim = WIRE.claims[0]
    assert restates(said("x", "Harbour Union", 4200, "employee", "work"), claim)


def test_a_statement_restating_claims_of_two_disputes_joins_neither() -> None:
    other = dispute(
        said("wire", "Harbour Union", 4200, "member", "march", at=90),
        said("wire", "Police", 900, "member", "march", at=120),
        id_="d2",
    )
    own = said("union-statement", "Harbour Union", 4200, "member")
    assert with_restatements([WIRE, other], [own]) == [WIRE, other]


def test_disputes_holding_the_same_figures_of_two_voices_are_one() -> None:
    assessed = dispute(
        said("report", "Harbour Union", 4200, "member", "count", at=5),
        said("report", "Port Authority", 2650, "member", "count", at=30),
        said("report", "Monitor", 3100, "member", "count", at=60),
        id_="d2",
    )
    [merged] = merged_restatements([WIRE, assessed])
    assert merged.id == WIRE.id and {c.claimant for c in merged.claims} == {
        "Harbour Union",
        "Port Authority",
        "Monitor",
    }
    lone = dispute(said("report", "Harbour Union", 4200, "x", at=5), said("r", "Q", 1, "x"))
    assert len(merged_restatements([WIRE, lone])) == 2  # one shared voice is not enough


def test_a_bare_kind_takes_the_one_publisher_described_as_one() -> None:
    union = said("wire", "union", 61, "people", "arrest")
    publishers = {"uhwf": "United Harbour Workers' Federation", "cpa": "Corvellan Port Authority"}
    described = {
        "United Harbour Workers' Federation": "dock workers' union that called the strike",
        "Corvellan Port Authority": "public port operator and employer",
    }
    [resolved] = resolve_claimants([union], publishers, (), described)
    assert resolved.claimant == "United Harbour Workers' Federation"
    two = described | {"Corvellan Port Authority": "employer facing the union"}
    assert resolve_claimants([union], publishers, (), two)[0].claimant == "union"  # ambiguous
