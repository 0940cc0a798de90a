"""The demo corpus: well-formed, written in our own words, and each topic retrievable."""

import datetime as dt
import itertools
import re

import pytest

from assistant.answer.retrieve import retrieve
from assistant.config import Settings
from assistant.corpus.load import load_corpus, split_front_matter
from assistant.ledger.library import Library
from assistant.types import STANCES

from .conftest import DEMO, SEEDS, shipped

REQUIRED = ("title", "publisher", "date", "url", "kind", "stance", "affiliation")
TOPICS = [
    (
        "How many people did Amnesty International say were killed in the November 2019 protests?",
        "protests-2019/amnesty",
    ),
    (
        "What death toll did Reuters report from Interior Ministry officials?",
        "protests-2019/reuters-2019-12-23",
    ),
    (
        "How many deaths did the UN human rights office confirm in December 2019?",
        "protests-2019/ohchr",
    ),
    (
        "What did the UN Special Rapporteur report about deaths in 37 cities?",
        "protests-2019/un-special-rapporteur",
    ),
    (
        "What did the US State Department say about the number of protesters killed?",
        "protests-2019/us-state-department",
    ),
    ("What death toll did the MEK or NCRI give for the protests?", "protests-2019/"),
    (
        "What did the Iranian Interior Minister say about how many were killed?",
        "protests-2019/tehran-times",
    ),
    ("What did MP Zolnour say about the number of people killed?", "protests-2019/irna-2020-06-01"),
    ("How did Iranian officials respond to the Reuters figure of 1,500 dead?", "protests-2019/"),
    ("How many people were arrested during the November 2019 protests?", "protests-2019/"),
    ("How many arrests did CHRI document?", "protests-2019/chri"),
    ("In how many cities did the November 2019 protests take place?", "protests-2019/"),
    ("How much did the petrol price increase in November 2019?", "protests-2019/ians"),
    ("How long was the internet shut down in Iran during the protests?", "protests-2019/netblocks"),
    ("Who was arrested over the plot to bomb the Villepinte rally?", "villepinte/"),
    ("How much TATP explosive was found in the car?", "villepinte/"),
    ("How did Iran respond to the accusation over the Villepinte plot?", "villepinte/"),
    ("What sentences did the Antwerp court give Assadi and his accomplices?", "villepinte/"),
    ("What happened in the appeal in May 2022?", "villepinte/de-standaard-2022-05-10"),
    ("How was Assadollah Assadi released from prison?", "villepinte/ap-2023-05-26"),
    ("What did Borrell mean by maximum diplomacy with Iran?", "diplomacy/"),
    ("Did the Europe-Iran business forum go ahead in March 2021?", "diplomacy/"),
    ("What did Khamenei say about the MEK in his January 2018 speech?", "background/khamenei"),
    ("Did Khamenei admit that the MEK organised the 2017-18 protests?", "background/"),
    (
        "What is the MEK and which countries listed it as a terrorist organisation?",
        "background/reference-mek",
    ),
    (
        "What did the advocacy article claim about the number of people killed and arrested?",
        "background/unnamed",
    ),
]


def test_every_document_parses_with_required_metadata() -> None:
    result = load_corpus(DEMO)
    documents = shipped(result.documents)
    assert not result.errors and not result.skipped
    assert 30 <= len(documents) <= 45
    assert len({d.id for d in documents}) == len(documents)
    for path in DEMO.rglob("*.md"):
        if path.name == "README.md" or path.relative_to(DEMO).parts[0] == "uploads":
            continue
        meta, _ = split_front_matter(path.read_text(), str(path))
        missing = [k for k in REQUIRED if not meta.get(k)]
        assert not missing, (path, missing)
        assert meta["stance"] in STANCES, path
        dt.date.fromisoformat(str(meta["date"]))
        assert meta.get("digest_of") or meta["kind"] == "reference", path


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def _grams(words: list[str], n: int = 12) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_no_copied_text() -> None:
    """No run of 12 consecutive words shared with the seed, nor between two documents."""
    seed = set().union(*(_grams(_words(p.read_text())) for p in SEEDS.glob("*.txt")))
    docs = {d.id: _grams(_words(d.text)) for d in shipped(load_corpus(DEMO).documents)}
    for doc_id, grams in docs.items():
        assert not grams & seed, (doc_id, sorted(grams & seed)[:2])
    for (a, ga), (b, gb) in itertools.combinations(docs.items(), 2):
        assert not ga & gb, (a, b, sorted(ga & gb)[:2])


@pytest.mark.parametrize(("question", "expected"), TOPICS)
def test_each_topic_retrieves_a_relevant_document(
    demo_library: Library, question: str, expected: str
) -> None:
    vector = demo_library.index.embedder.embed_batch([question])[0]
    k = Settings.from_env({}).top_k  # the passages the app retrieves for a question
    top = [p.chunk.doc_id for p in retrieve(demo_library.index, question, vector, k)]
    assert any(doc_id.startswith(expected) for doc_id in top), top
