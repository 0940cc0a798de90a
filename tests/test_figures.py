"""Tests for assistant.figures: parsing, locating, measuring and attributing figures.

All events, places and organisations below are fictional (the town of Marrowby, the port of
Saltmere, the Riverside Aid Collective...).
"""

from __future__ import annotations

import math

import pytest

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    HAVE_HYPOTHESIS = True
except ImportError:  # pragma: no cover - hypothesis is a dev extra
    HAVE_HYPOTHESIS = False

from assistant.ledger.claimants import find_claimant
from assistant.ledger.figures import (
    counted_measure,
    find_figures,
    parse_quantity,
    spelled_value,
)
from assistant.ledger.statements import FigureSource, extract_figures, extract_many
from assistant.types import FigureStatement, Measure, Quantity

INF = math.inf

# --- parse_quantity -------------------------------------------------------------------------

PARSE_CASES = [
    # plain numbers, separators, decimals, scale words and suffixes
    ("1,500", 1500, 1500, "exact", ""),
    ("12000", 12000, 12000, "exact", ""),
    ("1.5", 1.5, 1.5, "exact", ""),
    ("1.5 million", 1.5e6, 1.5e6, "exact", ""),
    ("2 billion", 2e9, 2e9, "exact", ""),
    ("12 thousand", 12000, 12000, "exact", ""),
    ("10k", 10000, 10000, "exact", ""),
    # number words
    ("twelve", 12, 12, "exact", ""),
    ("twelve thousand", 12000, 12000, "exact", ""),
    ("two hundred and five", 205, 205, "exact", ""),
    ("twenty-five", 25, 25, "exact", ""),
    ("one hundred thousand", 1e5, 1e5, "exact", ""),
    ("a dozen", 12, 12, "exact", ""),
    ("two dozen", 24, 24, "exact", ""),
    # vague quantities
    ("hundreds", 200, 999, "about", ""),
    ("thousands", 2000, 9999, "about", ""),
    ("dozens", 24, 119, "about", ""),
    ("tens of thousands", 20000, 99999, "about", ""),
    ("several hundred", 300, 900, "about", ""),
    ("at least hundreds", 200, INF, "at_least", ""),
    # ranges
    ("200-225", 200, 225, "range", ""),
    ("200–225", 200, 225, "range", ""),
    ("200 to 225", 200, 225, "range", ""),
    ("between 200 and 225", 200, 225, "range", ""),
    ("two to three million", 2e6, 3e6, "range", ""),
    # qualifiers
    ("at least 1,500", 1500, INF, "at_least", ""),
    ("no fewer than 20", 20, INF, "at_least", ""),
    ("a minimum of 5", 5, INF, "at_least", ""),
    ("500 or more", 500, INF, "at_least", ""),
    ("more than 1,000", 1000, INF, "more_than", ""),
    ("over 300", 300, INF, "more_than", ""),
    ("in excess of 4,000", 4000, INF, "more_than", ""),
    (">100", 100, INF, "more_than", ""),
    ("about 500", 475, 525, "about", ""),
    ("roughly 500", 475, 525, "about", ""),
    ("some 500", 475, 525, "about", ""),
    ("~500", 475, 525, "about", ""),
    ("nearly 1,000", 900, 1000, "about", ""),
    ("almost 1,000", 900, 1000, "about", ""),
    ("up to 7,000", 0, 7000, "up_to", ""),
    ("as many as 7,000", 0, 7000, "up_to", ""),
    ("at most 7", 0, 7, "up_to", ""),
    ("fewer than 100", 0, 100, "fewer_than", ""),
    ("under 18", 0, 18, "fewer_than", ""),
    ("could be over 1,500", 1500, INF, "could_be_over", ""),
    ("could have been more than 1,500", 1500, INF, "could_be_over", ""),
    ("possibly more than 1,500", 1500, INF, "could_be_over", ""),
    ("may have exceeded 1,500", 1500, INF, "could_be_over", ""),
    # percentages and money
    ("12%", 12, 12, "exact", "percent"),
    ("12 percent", 12, 12, "exact", "percent"),
    ("12 per cent", 12, 12, "exact", "percent"),
    ("10-12%", 10, 12, "range", "percent"),
    ("$5,000", 5000, 5000, "exact", "money:USD"),
    ("€2 million", 2e6, 2e6, "exact", "money:EUR"),
    ("5,000 dollars", 5000, 5000, "exact", "money:USD"),
    ("US$1.2bn", 1.2e9, 1.2e9, "exact", "money:USD"),
    ("£3m", 3e6, 3e6, "exact", "money:GBP"),
    ("$1-2 million", 1e6, 2e6, "range", "money:USD"),
    # ratios (parsed, but never reported by find_figures)
    ("doubled", 2, 2, "exact", "ratio"),
    ("halved", 0.5, 0.5, "exact", "ratio"),
]


@pytest.mark.parametrize(("phrase", "low", "high", "qualifier", "unit"), PARSE_CASES)
def test_parse_quantity(phrase: str, low: float, high: float, qualifier: str, unit: str) -> None:
    q = parse_quantity(phrase)
    assert q is not None
    assert q.low == pytest.approx(low)
    assert q.high == pytest.approx(high)
    assert (q.qualifier, q.unit) == (qualifier, unit)


@pytest.mark.parametrize(
    "phrase", ["", "hello", "about", "1st", "Article 6", "five twenty", "2019-20", "thousand"]
)
def test_parse_quantity_rejects_non_figures(phrase: str) -> None:
    assert parse_quantity(phrase) is None


# --- find_figures ---------------------------------------------------------------------------

FIND_CASES = [
    ("At least 1,500 people were killed in Marrowby.", ["At least 1,500"]),
    ("The toll could be over 1,500, the Saltmere Courier said.", ["could be over 1,500"]),
    ("Between 200 and 225 dockworkers joined the strike.", ["Between 200 and 225"]),
    ("Some 2,000 residents and hundreds of volunteers helped.", ["Some 2,000", "hundreds"]),
    ("Tens of thousands were displaced.", ["Tens of thousands"]),
    ("The council counted at\nleast 41 deaths.", ["at\nleast 41"]),
    ("Wages fell 12% while fines reached US$1.2bn.", ["12%", "US$1.2bn"]),
    ("Three officials resigned.", ["Three"]),
    ("No one was hurt, but twelve were injured.", ["twelve"]),
    ("Three were killed.", ["Three"]),
    ("Two hundred and five people were evacuated.", ["Two hundred and five"]),
    ("The union counted 37 arrests in 2019.", ["37"]),
    ("Police seized 10kg of salt.", ["10"]),
    ("More than 2000 people marched in 2000.", ["More than 2000"]),
    ("2000 people marched.", ["2000"]),
    ("from 200 to 300 workers", ["200", "300"]),
    ("He served a 10-year sentence.", ["10"]),
    ("It had paid $9.2 million to 6,200 growers.", ["$9.2 million", "6,200"]),  # no range
    # not figures
    ("The flood of 2019 was the worst since the 1980s.", []),
    ("In 2019, the port closed.", []),
    ("The 2019-20 season was dry.", []),
    ("It happened on 4 February 2021.", []),
    ("It happened on February 4, 2021.", []),
    ("The record dated 2021-02-04 was lost.", []),
    ("The meeting ended on 15 Nov at 10:30.", []),
    ("The ferry left at 3 p.m. sharp.", []),
    ("The 21st century began; he came 1st; it was the third time.", []),
    ("Article 6 of resolution 2231 and document A/75/213 were cited.", []),
    ("See No. 5 and Section 12.", []),
    ("Call +44 20 7946 0958 or 555-123-4567.", []),
    ("Read https://example.org/report/2020/55 for details.", []),
    ("The G7 approved 5G and COVID-19 rules.", []),
    ("One of them spoke.", []),
    ("No one knows.", []),
    ("Exports doubled and imports halved.", []),
    ("About one fifth of the dead were bystanders.", []),
    ("Two-thirds of voters agreed.", []),
    ("All 571 Kessary Millions draws were audited.", ["571"]),  # a number word in a name
]


@pytest.mark.parametrize(("sentence", "expected"), FIND_CASES)
def test_find_figures(sentence: str, expected: list[str]) -> None:
    found = find_figures(sentence)
    assert [sentence[s:e] for s, e, _ in found] == expected
    for s, e, q in found:
        assert parse_quantity(sentence[s:e]) == q


def test_find_figures_list_marker() -> None:
    assert find_figures("1. Twelve barges sank") == [(3, 9, Quantity(12, 12))]


def test_find_figures_quantities() -> None:
    [(_, _, q)] = find_figures("Officials put the number at more than 1,000.")
    assert q == Quantity(1000, INF, "more_than")


# --- counted_measure ------------------------------------------------------------------------

COUNTED_CASES = [
    ("At least 1,500 people were killed in Marrowby.", "At least 1,500", "killed"),
    ("The flood killed 12 people.", "12", "killed"),
    ("Rescuers counted 40 dead.", "40", "killed"),
    ("Police detained 300 people, the council said.", "300", "arrested"),
    ("300 protesters were arrested.", "300", "arrested"),
    ("Officials reported 80 arrests.", "80", "arrested"),
    ("Some 90 people were wounded.", "Some 90", "injured"),
    ("The strike spread to 14 cities.", "14", "cities"),
    ("Unrest was reported in 9 provinces.", "9", "provinces"),
    ("He was sentenced to 10 years in prison.", "10", "years of prison"),
    ("The dam took 10 years to build.", "10", "years"),
    ("Police seized 10kg of salt.", "10", "grams"),
    ("Wages fell 12%.", "12%", "percent"),
    ("The fine was $5,000.", "$5,000", "money"),
    ("Three Harbour Board officials resigned.", "Three", "official"),
    ("12 senior officials resigned.", "12", "official"),
    ("About 300 homes were flooded.", "About 300", "home"),
    ("The number of evacuees reached 4,000.", "4,000", "displaced"),
    ("The death toll rose to 41.", "41", "killed"),
    ("One person died in the storm.", "One", "killed"),
    ("He was aged 17.", "17", "age"),
    ("Seven people were hurt, and 12 homes burned.", "12", "home"),
]


@pytest.mark.parametrize(("sentence", "raw", "expected"), COUNTED_CASES)
def test_counted_measure(sentence: str, raw: str, expected: str) -> None:
    start = sentence.index(raw)
    assert counted_measure(sentence, start, start + len(raw)) == expected


# --- find_claimant --------------------------------------------------------------------------

CLAIMANT_CASES = [
    (
        "At least 40 people died, according to the Riverside Aid Collective on 16 December 2019.",
        "Riverside Aid Collective",
        True,
    ),
    ("According to the Interior Ministry, 300 were arrested.", "Interior Ministry", True),
    (
        "The Saltmere Dockworkers Union said 400 workers walked out.",
        "Saltmere Dockworkers Union",
        True,
    ),
    ("400 workers walked out, the Port Authority said on Monday.", "Port Authority", True),
    (
        "Three Harbour Board officials said 40 ships were idle.",
        "Three Harbour Board officials",
        True,
    ),
    ("The Interior Ministry has said 200 people were detained.", "Interior Ministry", True),
    ("Amnesty International said at least 30 people were killed.", "Amnesty International", True),
    ("Harbour Watch's report lists 37 arrests.", "Harbour Watch", True),
    (
        "The Marrowby Courier, citing hospital sources, put the toll at 12.",
        "Marrowby Courier",
        True,
    ),
    ("Twelve people died, citing hospital records.", "DEFAULT", False),
    ('"Twelve people died," said Jane Roe, a council spokesperson.', "Jane Roe", True),
    ("The toll reported by the Riverside Aid Collective was 41.", "Riverside Aid Collective", True),
    ("Figures from the Regional Health Office show 80 injured.", "Regional Health Office", True),
    ("It said 400 workers walked out.", "DEFAULT", False),
    ("He said 400 workers walked out.", "DEFAULT", False),
    ("The flood killed 12 people in Marrowby.", "DEFAULT", False),
    ("An estimated 500 people were displaced.", "DEFAULT", False),
    ("According to our members' reports, more than 40 ships are waiting.", "DEFAULT", False),
    ("FMG field researchers counted 48 homes destroyed.", "FMG", True),
    ("Red Cross staff said 40 people were hurt.", "Red Cross", True),
    ("By Friday, the company said, 612 households had been paid.", "company", True),
]


@pytest.mark.parametrize(("sentence", "claimant", "attributed"), CLAIMANT_CASES)
def test_find_claimant(sentence: str, claimant: str, attributed: bool) -> None:
    assert find_claimant(sentence, "DEFAULT") == (claimant, attributed)


# --- extract_figures ------------------------------------------------------------------------

DOC = """# Marrowby flood: the counts so far

The Marrowby flood of 2021 displaced some 4,000 residents. The Riverside Aid Collective said
at least 41 people were killed, and 12 more were injured.

According to the Marrowby Courier, between 200 and 225 homes were destroyed on 4 March 2021.
Police seized 2 kg of contraband at the Saltmere port, where 300 dockworkers went on strike.

- Volunteers counted 37 stranded boats.
"""


def _extract(text: str = DOC) -> list[FigureStatement]:
    return extract_figures(
        "fictional/marrowby",
        text,
        publisher="Saltmere Gazette",
        date="2021-03-05",
        stance="independent",
    )


def test_extract_figures_offsets_and_fields() -> None:
    found = _extract()
    assert [f.raw for f in found] == [
        "some 4,000",
        "at least 41",
        "12",
        "between 200 and 225",
        "2",
        "300",
        "37",
    ]
    for f in found:
        assert DOC[f.span_start : f.span_end] == f.raw
        assert DOC[f.start : f.end] == f.sentence
        assert f.start <= f.span_start < f.span_end <= f.end
        assert (f.doc_id, f.date, f.stance) == ("fictional/marrowby", "2021-03-05", "independent")
    by_raw = {f.raw: f for f in found}
    assert by_raw["some 4,000"].counted == "people displaced"
    assert by_raw["at least 41"].counted == "people killed"
    assert by_raw["12"].counted == "people injured"
    assert by_raw["between 200 and 225"].counted == "home"
    assert by_raw["300"].measure == Measure("count", "dockworker", "take part")


def test_extract_figures_claimants() -> None:
    by_raw = {f.raw: f for f in _extract()}
    # "X said Y" in a document published by Z: the claimant is X, not Z.
    assert (by_raw["at least 41"].claimant, by_raw["at least 41"].attributed) == (
        "Riverside Aid Collective",
        True,
    )
    assert by_raw["between 200 and 225"].claimant == "Marrowby Courier"
    assert (by_raw["some 4,000"].claimant, by_raw["some 4,000"].attributed) == (
        "Saltmere Gazette",
        False,
    )


def test_extract_figures_skips_headings_and_normalises_mass() -> None:
    found = _extract("# 500 boats\n\nPolice seized 2 kg of salt and 300 grams of sugar.\n")
    assert [f.raw for f in found] == ["2", "300"]
    assert found[0].measure.thing == found[1].measure.thing == "mass"
    assert (found[0].measure.mods, found[1].measure.mods) == (("salt",), ("sugar",))
    assert found[0].quantity == Quantity(2000, 2000)
    assert found[1].quantity == Quantity(300, 300)


def test_extract_figures_unknown_stance() -> None:
    found = extract_figures("d", "Nine ferries sank.", publisher="P", date="", stance="odd")
    assert [(f.raw, f.stance) for f in found] == [("Nine", "unknown")]


# --- property: offsets always point at the raw phrase ---------------------------------------

FRAGMENTS = [
    "At least 1,500 people",
    "were killed",
    "in 2019",
    "on 4 February 2021",
    "about 200-225",
    "hundreds of",
    "twelve",
    "one of them",
    "$5,000",
    "12%",
    "Article 6",
    "the Marrowby Courier said",
    "according to the Riverside Aid Collective",
    "between 10 and 20",
    "10kg",
    "Dr. Roe",
    "No. 5",
    "https://example.org/2020/5",
    "could be over 3,000",
    "tens of thousands",
]
SEPARATORS = [" ", ", ", ". ", ".\n\n", "\n# ", "\n- ", "; ", " (", ") ", " — "]


if HAVE_HYPOTHESIS:

    @settings(max_examples=200, deadline=None)
    @given(
        st.lists(st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(SEPARATORS)), max_size=25)
    )
    def test_extract_figures_offsets_property(parts: list[tuple[str, str]]) -> None:
        text = "".join(fragment + sep for fragment, sep in parts)
        for f in extract_figures("d", text, publisher="P", date="", stance="unknown"):
            assert text[f.span_start : f.span_end] == f.raw
            assert text[f.start : f.end] == f.sentence
            assert f.start <= f.span_start < f.span_end <= f.end
            assert parse_quantity(f.raw) is not None


def test_each_clause_of_a_sentence_keeps_its_own_voice() -> None:
    text = (
        "In May the harbour master, an elected official, spoke of about 300 arrests, a figure "
        "that the Lantern Trust later cited as at least 300. The Ferry Guild, a union, claimed "
        "900 arrests, whereas the mayor said 120 people were arrested.\n"
    )
    got = {
        s.raw: (s.claimant, s.attributed)
        for s in extract_figures("d", text, publisher="Gazette", date="2024-05-01", stance="")
    }
    assert got["about 300"] == ("harbour master", True)
    assert got["at least 300"] == ("Lantern Trust", True)
    assert got["900"] == ("Ferry Guild", True)
    assert got["120"] == ("mayor", True)


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("nineteen", 19.0),
        ("two hundred and five", 205.0),
        ("a dozen", 12.0),
        ("two dozen", 24.0),
        ("fifteen hundred", 1500.0),
        ("a hundred", 100.0),
        ("half a billion", 5e8),
        ("half a dozen", 6.0),
        ("hundred", None),
        ("one two", None),
    ],
)
def test_spelled_numbers_are_read_by_text2num(words: str, value: float | None) -> None:
    assert spelled_value(words) == value


def test_the_organisers_are_the_organisation_the_document_names_as_organiser() -> None:
    named = (
        "The march on Saturday was organised by the Harbour Alliance, a coalition of dock "
        "unions. The organisers said 40,000 people took part. Police put the crowd at 12,000."
    )
    found = extract_figures("d", named, publisher="Velmora Post", date="", stance="unknown")
    assert [(f.raw, f.claimant) for f in found] == [
        ("40,000", "Harbour Alliance"),
        ("12,000", "Police"),
    ]
    unnamed = "The organisers said 40,000 people took part."
    (only,) = extract_figures("d", unnamed, publisher="Velmora Post", date="", stance="unknown")
    assert (only.claimant, only.attributed) == ("Velmora Post", False)


def test_a_semicolon_keeps_two_voices_apart_even_when_the_parse_joins_them() -> None:
    text = (
        "Ardmoor said its rangers detained nine hunters who entered the reserve from the north; "
        "Bellvue said 15 of its farmers, including two boys, were seized and held overnight.\n"
    )
    got = {s.raw: s for s in extract_figures("d", text, publisher="Wire", date="", stance="")}
    assert got["nine"].claimant == "Ardmoor"
    assert got["15"].claimant == "Bellvue"
    assert got["15"].measure.act == got["nine"].measure.act == "arrest"


def test_a_clause_after_a_semicolon_is_its_own_subjects_figure() -> None:
    text = (
        "The operator has said that 14 tenants died; the Housing Board has received reports of "
        "23 deaths in its flats; and the tenants' union has counted 31 deaths.\n"
    )
    got = {s.raw: s for s in extract_figures("d", text, publisher="Wire", date="", stance="")}
    assert (got["23"].claimant, got["23"].attributed) == ("Housing Board", True)


def test_a_pronoun_speaker_is_the_voice_the_sentence_before_names() -> None:
    text = (
        'Chief prosecutor Ana Voss said the case would go to trial "within weeks." She told '
        "reporters the defendants face up to seven years in prison.\n\n"
        "She said 40 people had come.\n"
    )
    got = {s.raw: s for s in extract_figures("d", text, publisher="TV", date="", stance="")}
    assert (got["up to seven"].claimant, got["up to seven"].attributed) == (
        "Chief prosecutor Ana Voss",
        True,
    )
    assert (got["40"].claimant, got["40"].attributed) == ("TV", False)  # a paragraph of its own


def test_it_speaking_is_the_body_the_sentence_before_names_even_across_chunks() -> None:
    before = "The ministry says the relief scheme is working. "
    chunk = "It reported on Monday that it had paid 6,200 growers. It was reported that 40 left.\n"
    got = {s.raw: s for s in extract_many([FigureSource("d", chunk, "TV", "", "", before)])[0]}
    assert (got["6,200"].claimant, got["6,200"].attributed) == ("ministry", True)
    assert (got["40"].claimant, got["40"].attributed) == ("TV", False)  # no one says it


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        # reported by a participle phrase: its agent's
        (
            "It was in the west wing that the 14 patients confirmed by the Health Office died.\n",
            "Health Office",
        ),
        # a voice setting its own figure at a value, whatever the verb
        (
            "The Health Directorate has kept its count at 27 people admitted to hospital.\n",
            "Health Directorate",
        ),
        # a record the speaker cites is the speaker's: "X said an analysis of Y showed"
        (
            "Orvane Labs has said that an early analysis of the TRELLIS-2 study showed the "
            "drug to be 64% effective.\n",
            "Orvane Labs",
        ),
        # "her agency's count": the body whose role the speaker holds, not a pronoun
        (
            "Mira Castel, Chief Inspector of the Coastal Safety Office, said her agency's count "
            "of injured crew stood at 17.\n",
            "Coastal Safety Office",
        ),
        # a register is a record: its owner says it
        ("According to the Board's vehicle register, 3,480 lorries were recalled.\n", "Board"),
        # a body's own organ, in lower case, speaks for the body
        ("The Tarvo Front's political bureau put the toll at more than 90.\n", "Tarvo Front"),
        # a figure a voice keeps repeating is its own
        ("The Orvane Trust keeps repeating the figure of 45 deaths.\n", "Orvane Trust"),
    ],
)
def test_a_figure_reported_or_set_by_a_named_voice_is_its(text: str, claimant: str) -> None:
    (found,) = extract_figures("d", text, publisher="Gazette", date="", stance="")
    assert (found.claimant, found.attributed) == (claimant, True)


def test_a_dateline_is_not_the_speaker() -> None:
    text = (
        "TARSK, May 3 (Northwire) — The union leading the strike at the Tarsk mills said on "
        "Friday that 44 people were arrested at the gates.\n"
    )
    (found,) = extract_figures("d", text, publisher="Northwire", date="", stance="")
    assert "TARSK" not in found.claimant


def test_it_in_a_reported_clause_is_the_speaker_of_the_clause_above() -> None:
    text = "The Harbour Trust said on Monday that it had counted 31 dead in the town.\n"
    (found,) = extract_figures("d", text, publisher="Gazette", date="", stance="")
    assert (found.claimant, found.attributed) == ("Harbour Trust", True)


def _wire(text: str) -> list[FigureStatement]:
    """The figures of `text` as a wire story publishes them."""
    return extract_figures("d", text, publisher="Wire", date="", stance="")


def test_a_figure_without_a_noun_counts_what_the_sentence_before_counts() -> None:
    text = (
        "The port authority gives a tonnage of 61,400 for the month, from its weighbridge logs. "
        "The Dockers' Federation estimates around 75,000.\n"
        "On Friday the Dockers' Federation gave the figure of 75,000 again.\n"
    )
    got = _wire(text)
    first, second, third = got
    assert first.measure.thing == "tonnage"
    assert second.measure == third.measure == first.measure
    assert second.claimant == "Dockers' Federation"


def test_a_voice_named_only_in_a_later_clause_is_not_the_earlier_figures() -> None:
    text = (
        "The club has given its membership as 8,120; the Northern League has estimated the "
        "membership at about 9,000.\n"
    )
    got = {s.raw: s for s in _wire(text)}
    assert (got["8,120"].claimant, got["8,120"].attributed) == ("Wire", False)
    assert got["about 9,000"].claimant == "Northern League"


def test_figures_listed_or_said_clause_by_clause_count_the_first_ones_noun() -> None:
    listed = (
        "Three figures are in public circulation: 310 crates according to the harbour "
        "office's manifest, 355 according to the Dock Board's count, and more than 600 "
        "according to the Porters' Guild.\n"
    )
    got = _wire(listed)
    assert [s.measure.thing for s in got[1:]] == ["crate", "crate", "crate"]
    clauses = (
        "The operator, Veska Freight, says 310 crates were landed; the Dock Board says its "
        "scales counted 355.\n"
    )
    first, second = _wire(clauses)
    assert first.claimant == "Veska Freight"  # the appositive names the operator
    assert second.claimant == "Dock Board" and second.measure.thing == "crate"


def test_a_figure_in_the_same_clause_is_no_antecedent_without_a_semicolon() -> None:
    text = "The two boards still give different totals: the Dock Board says 355.\n"
    two, board = _wire(text)
    assert two.measure.thing == "board" and board.measure.thing != "board"


@pytest.mark.parametrize(
    "sentence",
    [
        "The Harbour Union has also challenged the company's account, saying 58 workers were "
        "trapped.",
        "The Harbour Union challenged the count on Monday, insisting that 58 workers were trapped.",
    ],
)
def test_a_reporting_participle_speaks_for_its_clauses_subject(sentence: str) -> None:
    """ "X challenged the account, saying N": the participle has no subject of its own."""
    (found,) = extract_figures("d", sentence, publisher="Wire", date="", stance="independent")
    assert (found.claimant, found.attributed) == ("Harbour Union", True)


@pytest.mark.parametrize(
    ("sentence", "figures"),
    [
        ("More than 220 of those deaths came on 16 and 17 November.", ["More than 220"]),
        ("Between 15 and 19 November 2019, 304 people died.", ["304"]),
        ("On 16-17 November, 12 people died.", ["12"]),
        ("Police said 16 and 17 people were hurt.", ["16", "17"]),
        ("Inspectors visited on 21, 22 and 24 March and found 40 cracks.", ["40"]),
    ],
)
def test_a_range_of_days_is_a_date_not_a_figure(sentence: str, figures: list[str]) -> None:
    assert [sentence[a:b] for a, b, _ in find_figures(sentence)] == figures


@pytest.mark.parametrize(
    ("sentence", "raw"),
    [
        ("We estimate that shops have lost more than $5 million.", "more than $5 million"),
        ("By our count, the fund paid about 21 million euros in fees.", "about 21 million euros"),
        ("Our early estimate is that shops lost around $1.8 million.", "around $1.8 million"),
    ],
)
def test_a_first_person_estimate_is_the_publishers_claim(sentence: str, raw: str) -> None:
    found = {
        f.raw: f
        for f in extract_figures("d", sentence, publisher="Quay Alliance", date="", stance="")
    }
    assert (found[raw].claimant, found[raw].attributed) == ("Quay Alliance", True)


def test_a_thing_that_shows_is_not_a_voice_and_a_shared_subject_is() -> None:
    shows = (
        "Satellite imagery acquired on 18 August shows that the fire has burned 11,400 hectares."
    )
    (burned,) = extract_figures("d", shows, publisher="Forest Watch", date="", stance="")
    assert (burned.claimant, burned.attributed) == ("Forest Watch", False)
    kept = "Turnstile records at Pier 4 show that 238 passengers passed through the gates."
    passed = next(
        f
        for f in extract_figures("d", kept, publisher="Port", date="", stance="")
        if f.raw == "238"
    )
    assert passed.claimant == "Port"  # where records were kept does not make them a voice
    shared = (
        "Public works officials put the cost at $14.8 million and say the work will take 30 weeks."
    )
    weeks = extract_figures("d", shared, publisher="Wire", date="", stance="")[-1]
    assert (weeks.raw, weeks.claimant) == ("30", "Public works officials")


def test_a_run_on_text_is_read_in_windows_with_its_offsets_kept() -> None:
    text = "x " * 1500 + "Police said 40 people died and 12,000 fled." + " y" * 2000
    assert [text[a:b] for a, b, _ in find_figures(text)] == ["40", "12,000"]
    listed = "1, " * 3000 + "people."
    assert len(find_figures(listed)) == 3000  # each number once, none lost at a window's edge


def test_a_word_that_stresses_a_span_keeps_its_unit() -> None:
    """'three full weeks', 'two whole days': the time unit past the stressing word."""
    off = "The lights stayed off for three full weeks."
    (weeks,) = extract_figures("d", off, publisher="P", date="", stance="")
    assert (weeks.quantity.low, weeks.quantity.unit) == (504.0, "hours")
    fasted = "They went 40 straight days without food."
    (days,) = extract_figures("d", fasted, publisher="P", date="", stance="")
    assert (days.quantity.low, days.quantity.unit) == (960.0, "hours")


def test_half_a_billion_is_read_whole_not_as_a_billion() -> None:
    (s,) = extract_figures(
        "d",
        "The damage will be closer to half a billion dollars.",
        publisher="W",
        date="",
        stance="",
    )
    assert (s.raw, s.quantity.low) == ("half a billion dollars", 5e8)
