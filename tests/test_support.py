"""Deterministic support checks: numbers by value, names by their words; the binary judge."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest

from assistant.grounding.support import check_support, judge_support, named_phrases
from assistant.types import Message

EVIDENCE = [
    "Harbour Watch (3 March 2021)",
    "Harbour Watch said at least 1,500 workers joined the strike at the Port of Velmora on "
    "3 March, and the Ministry of the Interior counted 400. Iran's envoy met Dr. Lena Okafor.",
]


@pytest.mark.parametrize(
    "sentence",
    [
        "Harbour Watch said 1500 workers joined the strike [1].",
        "Fifteen hundred workers joined, according to Harbour Watch [1].",
        "The Ministry of the Interior counted 400 [2].",
        "The strike at the Port of Velmora began on 3 March 2021 [1].",
        "An Iranian envoy met Lena Okafor.",
        "However, the strike was large.",
        "Workers joined the strike in March.",
        "One of the counts was lower.",
    ],
)
def test_supported(sentence: str) -> None:
    check = check_support(sentence, EVIDENCE)
    assert check.supported, check.missing
    assert check.missing == ()


@pytest.mark.parametrize(
    ("sentence", "missing"),
    [
        ("Harbour Watch said 2,000 workers joined [1].", ("2,000",)),
        ("Two hundred workers joined the strike.", ("Two hundred",)),
        ("The strike began on 4 March.", ("4",)),
        ("The Velmora Dockers Union called the strike.", ("Velmora Dockers Union",)),
        ("Harbour Watch said the strike ended in April.", ("April",)),
        ("Tens of thousands joined, said Harbour Watch.", ("Tens of thousands",)),
        ("The UN said 1,500 joined.", ("UN",)),
    ],
)
def test_unsupported_names_what_is_missing(sentence: str, missing: tuple[str, ...]) -> None:
    check = check_support(sentence, EVIDENCE)
    assert not check.supported
    assert check.missing == missing


def test_vague_figure_is_supported_by_an_exact_value_inside_it() -> None:
    assert check_support("Thousands of workers joined.", ["About 7,000 workers joined."]).supported
    assert not check_support("Thousands of workers joined.", ["About 700 joined."]).supported


def test_citation_markers_are_not_numbers() -> None:
    assert check_support("Workers joined the strike [12].", EVIDENCE).supported


def test_names_skip_common_opening_words_and_trim_function_words() -> None:
    assert named_phrases("According to the Ministry of the Interior, protesters met.") == [
        "Ministry of the Interior"
    ]
    assert named_phrases("Protesters marched in Velmora.") == ["Velmora"]
    assert named_phrases("NATO said so.") == ["NATO"]


class Scripted:
    """A chat model that replies with fixed text (for the judge's parsing)."""

    def __init__(self, reply: str) -> None:
        self.reply = reply
        self.seen: list[Sequence[Message]] = []

    def generate(self, messages: Sequence[Message], shape: object = None) -> str:
        self.seen.append(messages)
        return self.reply

    def stream(self, messages: Sequence[Message], shape: object = None) -> Iterator[str]:
        yield self.generate(messages)


@pytest.mark.parametrize(
    ("reply", "verdict"),
    [("Yes", True), (" yes, it is.", True), ("No.", False), ("Unknown", None), ("", None)],
)
def test_judge_reads_the_first_word(reply: str, verdict: bool | None) -> None:
    model = Scripted(reply)
    assert judge_support(model, "Workers struck [1].", "Workers struck.") is verdict
    prompt = model.seen[0][-1].content
    assert "Statement: Workers struck." in prompt and "Text: Workers struck." in prompt


def test_opening_word_counts_when_it_is_a_known_name() -> None:
    sentence = "Reuters said 1,500 workers joined the strike."
    assert check_support(sentence, EVIDENCE).supported  # an opener alone is not a name
    check = check_support(sentence, EVIDENCE, known_names={"reuters"})
    assert check.missing == ("Reuters",)


def test_a_full_name_stands_for_the_last_name_a_quote_uses_alone() -> None:
    full = {"olivier vandecasteele"}
    said = "Olivier Vandecasteele spent 455 days in custody."
    assert check_support(said, ["AP said Vandecasteele spent 455 days."], full_names=full).supported
    other = check_support(said, ["Mary Vandecasteele spent 455 days."], full_names=full)
    assert other.missing == ("Olivier Vandecasteele",)  # another person of that name
    assert not check_support(said, ["AP said Vandecasteele spent 455 days."]).supported
