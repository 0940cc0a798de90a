"""The default embedder (MiniLM through ONNX Runtime, int8) gives the torch MiniLM's answers:
its vectors of the demo corpus's chunks point the same way (mean cosine >= 0.99), and hybrid
retrieval over an index of each finds the gold sources of `eval/questions.jsonl` as often
(recall@k within 0.01, at the app's default k). Each chunk is embedded once per backend; the
two indexes replay those vectors."""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from assistant.answer.retrieve import retrieve
from assistant.config import Settings
from assistant.corpus.chunks import chunk_document
from assistant.corpus.load import load_corpus
from assistant.evaluation.goldset import GoldQuestion, load_questions
from assistant.ledger.stance import infer_stances
from assistant.remember import forget_everything
from assistant.store.embedders import DEFAULT_EMBEDDER, Embedder, embed_remembered, get_embedder
from assistant.store.index import Index
from assistant.types import Document
from tests.conftest import DEMO, ROOT, shipped

GOLD = ROOT / "eval" / "questions.jsonl"
K = Settings.from_env({}).top_k  # the k the app retrieves by default
MIN_MEAN_COSINE = 0.99
MAX_RECALL_GAP = 0.01


class Replay:
    """An embedder that answers from vectors computed before, and asks `inner` for the rest."""

    def __init__(self, inner: Embedder, known: dict[str, list[float]]) -> None:
        self.inner, self.known = inner, known
        self.name = inner.name
        self.space = getattr(inner, "space", inner.name)

    def embed_batch(self, texts: Sequence[str]) -> list[list[float]]:
        missing = [t for t in texts if t not in self.known]
        self.known.update(zip(missing, self.inner.embed_batch(missing), strict=True))
        return [self.known[t] for t in texts]


def recall_at_k(index: Index, embedder: Embedder, questions: list[GoldQuestion], k: int) -> float:
    """Mean over answerable questions of the share of their gold sources among the documents of
    the top-k passages that retrieval returns."""
    vectors = embedder.embed_batch([q.question for q in questions])
    shares = []
    for q, vector in zip(questions, vectors, strict=True):
        found = {p.chunk.doc_id for p in retrieve(index, q.question, vector, k)}
        shares.append(len(set(q.sources) & found) / len(q.sources))
    return sum(shares) / len(shares)


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    return infer_stances(shipped(load_corpus(DEMO).documents), others=())


@pytest.fixture(scope="module")
def chunk_texts(documents: list[Document]) -> list[str]:
    return [c.text for d in documents for c in chunk_document(d)]


def test_the_default_embedder_is_the_int8_onnx_minilm() -> None:
    assert DEFAULT_EMBEDDER == "minilm-onnx-int8"
    assert Settings.from_env({}).embedder == DEFAULT_EMBEDDER


def test_int8_onnx_gives_torch_vectors_and_retrieval(
    tmp_path: Path, documents: list[Document], chunk_texts: list[str], embedder: Embedder
) -> None:
    fast = get_embedder(DEFAULT_EMBEDDER)
    torch_vectors = embedder.embed_batch(chunk_texts)
    onnx_vectors = fast.embed_batch(chunk_texts)
    cosines = (np.array(torch_vectors) * np.array(onnx_vectors)).sum(axis=1)
    print(
        f"cosine to torch over {len(cosines)} chunks: mean {cosines.mean():.4f}, "
        f"min {cosines.min():.4f}"
    )
    assert cosines.mean() >= MIN_MEAN_COSINE

    questions = [q for q in load_questions(GOLD) if q.answerable and q.sources]
    assert len(questions) >= 50
    recalls = {}
    for name, inner, vectors in (
        ("torch", embedder, torch_vectors),
        ("onnx", fast, onnx_vectors),
    ):
        replay = Replay(inner, dict(zip(chunk_texts, vectors, strict=True)))
        index = Index(tmp_path / name, replay)
        index.sync(documents)
        recalls[name] = recall_at_k(index, inner, questions, K)
    print(f"recall@{K} over {len(questions)} questions: {recalls}")
    assert abs(recalls["onnx"] - recalls["torch"]) <= MAX_RECALL_GAP, recalls


def test_onnx_embeds_in_order_whatever_the_lengths(
    chunk_texts: list[str], embedder: Embedder
) -> None:
    """Texts are batched by length inside `embed_batch`; the vectors come back in input order.
    (An int8 vector moves a little with its batch-mates: activations are quantized per batch.)"""
    texts = [*chunk_texts[::-6], "Iran", "Who was sentenced in Antwerp?"]
    mine = np.array(get_embedder(DEFAULT_EMBEDDER).embed_batch(texts))
    theirs = np.array(embedder.embed_batch(texts))
    assert mine.shape == (len(texts), 384)
    assert np.allclose(np.linalg.norm(mine, axis=1), 1.0, atol=1e-4)
    similarity = mine @ theirs.T
    assert (similarity.argmax(axis=1) == np.arange(len(texts))).all()
    assert similarity.diagonal().min() > 0.95


def test_an_answer_sentence_gets_one_vector_whatever_is_embedded_with_it(
    chunk_texts: list[str],
) -> None:
    """Answering embeds sentences through `embed_remembered`, which embeds each alone when the
    embedder's vectors move with their batch-mates: the same question then gets the same
    answer whatever was asked before it in the process."""
    default = get_embedder(DEFAULT_EMBEDDER)
    text = chunk_texts[3]
    forget_everything()
    alone = embed_remembered(default, [text])[0]
    forget_everything()
    among = embed_remembered(default, [*chunk_texts[10:20], text])[-1]
    forget_everything()
    assert among == alone


def test_a_missing_model_is_exported_once_under_a_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Processes (here threads) that find no exported model wait for the one that exports it;
    the model appears whole or not at all."""
    from assistant.store import onnx_embedder

    monkeypatch.setenv("CROSSCHECK_ONNX_CACHE", str(tmp_path / "cache"))
    calls: list[str] = []

    def fake_export(model_dir: Path, dest: Path) -> None:
        calls.append("export")
        time.sleep(0.3)
        dest.write_bytes(b"fp32")

    def fake_quantize(source: Path, dest: Path, config: str) -> None:
        calls.append(f"quantize {config}")
        dest.write_bytes(source.read_bytes() + b" int8")

    monkeypatch.setattr(onnx_embedder, "export_fp32", fake_export)
    monkeypatch.setattr(onnx_embedder, "quantize", fake_quantize)
    with ThreadPoolExecutor(4) as pool:
        paths = list(pool.map(onnx_embedder.ensure_model, ["avx512_vnni"] * 4))
    assert len(set(paths)) == 1 and paths[0].read_bytes() == b"fp32 int8"
    assert calls == ["export", "quantize avx512_vnni"]
    assert str(paths[0]).startswith(str(tmp_path / "cache"))
    assert not list(paths[0].parent.glob(".*.tmp"))
