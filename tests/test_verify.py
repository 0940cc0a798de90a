"""The verifier on its own: generated text in, shown sentences and program-built citations out."""

from __future__ import annotations

from typing import Any

from assistant.answer.json_form import flag_json
from assistant.grounding.generated import verify_answer
from assistant.grounding.markers import normalise_markers, sentences
from assistant.grounding.quotes import verify
from assistant.types import Chunk, Flag, Passage, Source

DOC = (
    "# Strike ends\n\nThe strike at Port Velmora ended on 13 June after 9 days. "
    "Harbour Watch counted roughly 5,000 strikers. The union had said 12,000."
)
START = DOC.index("The strike")
SOURCE = Source("Strike ends", publisher="Harbour Watch", date="2023-06-14", stance="independent")
PASSAGE = Passage(1, Chunk("c1", "doc", START, len(DOC), DOC[START:]), 1.0, SOURCE)
OTHER = Passage(2, Chunk("c2", "doc", 0, START - 2, DOC[: START - 2]), 0.5, SOURCE)


def text_of(doc_id: str) -> str | None:
    return DOC if doc_id == "doc" else None


def check(generated: str):  # type: ignore[no-untyped-def]
    return verify_answer(generated, [PASSAGE, OTHER], text_of)


def test_marker_conventions_are_normalised() -> None:
    assert normalise_markers("x [1, 2].") == "x [1][2]."
    assert normalise_markers("x [Passage 2].") == "x [2]."
    assert normalise_markers("[1] A said so [2] B did") == "A said so [1]\nB did [2]"
    assert [s.text for s in sentences("It ended. [1] Then [2].")] == ["It ended. [1]", "Then [2]."]


def test_a_line_break_ends_a_sentence() -> None:
    c = check("[1] Harbour Watch counted roughly 5,000 strikers [2] Harbour Watch, independent")
    assert c.text == "Harbour Watch counted roughly 5,000 strikers [1]"
    assert (c.kept, c.total) == (1, 2)


def test_supported_sentence_is_kept_and_cited_by_the_program() -> None:
    c = check("Harbour Watch counted roughly 5,000 strikers [1].")
    assert (c.kept, c.total) == (1, 1) and not c.flags
    [citation] = c.citations
    assert citation.quote == "Harbour Watch counted roughly 5,000 strikers."
    assert verify(citation, DOC)


def test_header_echo_and_empty_markers_are_not_answers() -> None:
    c = check("Harbour Watch (14 June 2023), independent [1]. [1] [2]")
    assert c.kept == 0
    [flag] = c.flags
    assert flag.kind == "unsupported_sentence"


def test_each_failure_has_its_flag() -> None:
    c = check(
        "The strike ended after 9 days [1][9]. "
        "The union said 15,000 [1]. "
        'Harbour Watch called it "a famous victory" [1]. '
        "It was the longest strike ever."
    )
    kinds = [f.kind for f in c.flags]
    assert kinds == [
        "citation_out_of_range",
        "uncited_sentence",
        "fabricated_quote",
        "unsupported_sentence",
    ]
    assert c.text == "The strike ended after 9 days [1]."
    assert (c.kept, c.total) == (1, 4)


def test_abstention_is_recognised_not_flagged() -> None:
    c = check("I don't know.")
    assert c.abstained and c.total == 0 and not c.flags


def test_a_name_from_another_passage_is_the_wrong_source() -> None:
    other = Passage(3, Chunk("c3", "doc2", 0, 30, "Meridian Press counted 5,000."), 0.4, SOURCE)

    def texts(doc_id: str) -> str | None:
        return "Meridian Press counted 5,000." if doc_id == "doc2" else text_of(doc_id)

    c = verify_answer("Meridian counted roughly 5,000 strikers [1].", [PASSAGE, other], texts)
    assert c.kept == 0
    assert details(c.flags[0])["sentences"][0]["missing"] == ["Meridian"]


def details(f: Flag) -> dict[str, Any]:
    """A flag's details as the JSON form gives them (what the API and eval runs carry)."""
    return dict(flag_json(f, {})["details"])
