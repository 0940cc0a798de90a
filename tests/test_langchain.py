"""The LangChain integration inside LCEL chains, over the real embedding model and Chroma."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from langchain_core.documents import Document
from langchain_core.runnables import RunnableLambda, RunnablePassthrough
from pydantic import ValidationError

from assistant.config import Settings
from assistant.errors import QuestionError
from assistant.integrations.langchain import CrosscheckRetriever, crosscheck_runnable
from assistant.ledger.library import Library

DAM = "How many people died when the Marrowby dam collapsed?"
METADATA = {
    "doc_id",
    "chunk_id",
    "start",
    "end",
    "publisher",
    "title",
    "date",
    "url",
    "stance",
    "stance_inferred",
    "affiliation",
    "score",
    "n",
}


def assert_answer_verifies(answer: dict[str, Any], library: Library) -> None:
    """Check the Answer JSON has its parts, and every citation quotes the stored text exactly."""
    assert {"text", "citations", "disputes", "passages", "flags"} <= answer.keys()
    assert answer["answered"] and answer["citations"]
    for c in answer["citations"]:
        assert (library.index.text(c["doc_id"]) or "")[c["start"] : c["end"]] == c["quote"]
        assert f"[{c['n']}]" in answer["text"]


def test_retriever_in_a_chain_finds_the_dam_documents(fictional_library: Library) -> None:
    def doc_ids_of(docs: list[Document]) -> list[str]:
        return [d.metadata["doc_id"] for d in docs]

    chain = CrosscheckRetriever(library=fictional_library, k=4) | RunnableLambda(doc_ids_of)
    doc_ids = chain.invoke(DAM)
    assert 0 < len(doc_ids) <= 4
    assert any(d.startswith("dam/") for d in doc_ids)


def test_retrieved_documents_point_at_the_stored_text(fictional_library: Library) -> None:
    docs = CrosscheckRetriever(library=fictional_library, k=4).invoke(DAM)
    assert docs and all(isinstance(d, Document) for d in docs)
    assert [d.metadata["n"] for d in docs] == list(range(1, len(docs) + 1))
    for d in docs:
        assert d.metadata.keys() == METADATA
        text = fictional_library.index.text(d.metadata["doc_id"]) or ""
        assert text[d.metadata["start"] : d.metadata["end"]] == d.page_content
        assert d.metadata["stance"] in {"independent", "partisan", "unknown"}
        assert d.metadata["publisher"] and d.metadata["score"] > 0


def test_retriever_works_asynchronously_and_checks_k(fictional_library: Library) -> None:
    retriever = CrosscheckRetriever(library=fictional_library, k=2)
    docs = asyncio.run(retriever.ainvoke(DAM))
    assert 0 < len(docs) <= 2
    with pytest.raises(ValidationError):
        CrosscheckRetriever(library=fictional_library, k=0)


def test_runnable_invoke_returns_a_verified_answer(
    fictional_library: Library, settings: Settings
) -> None:
    answer = crosscheck_runnable(fictional_library, settings).invoke(DAM)
    assert_answer_verifies(answer, fictional_library)
    assert answer["question"] == DAM
    assert any(p["doc_id"].startswith("dam/") for p in answer["passages"])
    assert answer["disputes"] and all(d["claims"] for d in answer["disputes"])  # 38 vs others


def test_runnable_stream_yields_tokens_then_the_answer(
    fictional_library: Library, settings: Settings
) -> None:
    events = list(crosscheck_runnable(fictional_library, settings, mode="extractive").stream(DAM))
    *tokens, last = events
    assert tokens and all(e.keys() == {"token"} for e in tokens)
    assert last.keys() == {"answer"}
    assert_answer_verifies(last["answer"], fictional_library)
    assert "".join(e["token"] for e in tokens) == last["answer"]["text"]


def test_runnable_composes_after_a_dict_step(
    fictional_library: Library, settings: Settings
) -> None:
    chain = {"question": RunnablePassthrough()} | crosscheck_runnable(fictional_library, settings)
    answer = chain.invoke(DAM)
    assert_answer_verifies(answer, fictional_library)
    events = list(chain.stream(DAM))
    assert events[-1].keys() == {"answer"}
    assert events[-1]["answer"]["text"] == answer["text"]


def test_runnable_takes_k_and_history(fictional_library: Library, settings: Settings) -> None:
    chain = RunnablePassthrough.assign(k=lambda _: 2) | crosscheck_runnable(
        fictional_library, settings
    )
    answer = chain.invoke({"question": DAM})
    retrieved = [p for p in answer["passages"] if not p["chunk_id"].startswith("figure:")]
    assert 0 < len(retrieved) <= 2  # passages added to cite a contested figure are extra
    history = [[DAM, answer["text"]]]
    followup = crosscheck_runnable(fictional_library, settings).invoke(
        {"question": "Who gave that figure?", "history": history}
    )
    assert "Marrowby" in followup["question"]  # the follow-up was made standalone


def test_runnable_streams_asynchronously(fictional_library: Library, settings: Settings) -> None:
    async def collect() -> list[dict[str, Any]]:
        runnable = crosscheck_runnable(fictional_library, settings)
        return [event async for event in runnable.astream(DAM)]

    events = asyncio.run(collect())
    assert events[0].keys() == {"token"} and events[-1].keys() == {"answer"}


@pytest.mark.parametrize(
    "bad",
    ["", {"query": DAM}, {"question": DAM, "k": 0}, {"question": DAM, "history": [["only"]]}],
)
def test_bad_input_is_a_question_error(
    fictional_library: Library, settings: Settings, bad: Any
) -> None:
    with pytest.raises(QuestionError):
        crosscheck_runnable(fictional_library, settings).invoke(bad)
