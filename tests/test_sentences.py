from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.corpus.chunks import chunk_document
from assistant.corpus.sentences import paragraph_before, split_sentences
from assistant.types import Document, Source

FRAGMENTS = [
    "Dr. Lee said 1,500 people died.",
    "The U.S. envoy spoke on 4 Feb. 2021.",
    "Ünïcode straße — “quoted” text.",
    "Is that so?",
    "Wow!",
    "# A heading",
    "- a list item",
    "e.g. a lower-case start.",
    "日本語の文。",
    "\n\n",
    "\n",
    "  ",
    "Emoji 🎉 here.",
]


def test_splits_on_stops_but_not_abbreviations() -> None:
    text = "Dr. Lee spoke. The U.S. envoy agreed. Then e.g. nothing else happened."
    assert [s.text for s in split_sentences(text)] == [
        "Dr. Lee spoke.",
        "The U.S. envoy agreed.",
        "Then e.g. nothing else happened.",
    ]


def test_headings_and_list_items_stand_alone() -> None:
    text = "# Title\nFirst line. Second line.\n\n- item one\n- item two"
    assert [s.text for s in split_sentences(text)] == [
        "# Title",
        "First line.",
        "Second line.",
        "- item one",
        "- item two",
    ]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=40), max_size=30))
def test_sentence_offsets_are_exact(parts: list[str]) -> None:
    text = " ".join(parts)
    for s in split_sentences(text, offset=7):
        assert text[s.start - 7 : s.end - 7] == s.text
        assert s.text == s.text.strip()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=60), max_size=60))
def test_chunk_offsets_are_exact(parts: list[str]) -> None:
    text = " ".join(parts)
    doc = Document("d", text, Source("t"), content_hash="h")
    chunks = chunk_document(doc, max_chars=120)
    for c in chunks:
        assert text[c.start : c.end] == c.text
    assert len({c.id for c in chunks}) == len(chunks)
    starts = [c.start for c in chunks]
    assert starts == sorted(starts)


def test_the_paragraph_before_a_position_stops_at_a_blank_line() -> None:
    text = "First paragraph.\n\nRotas were seen. They show 38%."
    at = text.index("They")
    assert paragraph_before(text, at) == "\n\nRotas were seen. "
    assert paragraph_before(text, 5) == "First"
    assert paragraph_before(text, len(text) + 1) == ""
