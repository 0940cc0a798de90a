"""The bounded memo behind answering's embeddings and parses."""

from __future__ import annotations

from assistant.remember import Remembered, forget_everything


def test_computes_only_what_it_does_not_remember_and_forgets_the_oldest() -> None:
    calls: list[list[str]] = []

    def upper(keys: list[str]) -> list[str]:
        calls.append(keys)
        return [k.upper() for k in keys]

    memo: Remembered[str, str] = Remembered(3)
    assert memo.many(["a", "b", "a"], upper) == ["A", "B", "A"]
    assert memo.many(["b", "c"], upper) == ["B", "C"]
    assert calls == [["a", "b"], ["c"]]  # once each, in one batch, duplicates asked once
    memo.many(["d"], upper)  # over the size: "a", the least recently used, goes
    memo.many(["a", "b"], upper)
    assert calls[-1] == ["a"]


def test_forget_everything_empties_every_memo() -> None:
    calls: list[list[int]] = []

    def square(keys: list[int]) -> list[int]:
        calls.append(keys)
        return [k * k for k in keys]

    memo: Remembered[int, int] = Remembered(8)
    memo.many([2], square)
    forget_everything()
    memo.many([2], square)
    assert calls == [[2], [2]]
