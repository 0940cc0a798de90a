"""A bounded, thread-safe memo of values computed in batches: what answering asks again and
again (the same retrieved sentences embedded and parsed for question after question) is
computed once. The least recently used entries go first."""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Remembered(Generic[K, V]):
    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()
        _EVERY.add(self)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    def many(self, keys: Sequence[K], compute: Callable[[list[K]], Sequence[V]]) -> list[V]:
        """The values of `keys`, in order; those not remembered are computed in one batch by
        `compute` (outside the lock: other threads are not held up by it)."""
        with self._lock:
            known = {k: self._values[k] for k in keys if k in self._values}
            for k in known:
                self._values.move_to_end(k)
        missing = list(dict.fromkeys(k for k in keys if k not in known))
        if missing:
            computed = dict(zip(missing, compute(missing), strict=True))
            known |= computed
            with self._lock:
                self._values.update(computed)
                while len(self._values) > self.size:
                    self._values.popitem(last=False)
        return [known[k] for k in keys]


_EVERY: weakref.WeakSet[Remembered[Any, Any]] = weakref.WeakSet()


def forget_everything() -> None:
    """Empty every memo (a benchmark timing answers that have seen nothing before)."""
    for memo in list(_EVERY):
        memo.clear()
