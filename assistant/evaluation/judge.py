"""The eval's support judge: does this evidence support this sentence? And how good is it?

No entailment model ships offline, so the judge combines two checks (assistant/support.py):

1. `check_support`, deterministic: every number and every name of the sentence must occur in
   the evidence. Failing it means "not supported" outright.
2. When it passes, a sentence that is mostly a verbatim quotation of the evidence (the quoted
   spans cover at least half of it and each occurs in the evidence) is supported: there is
   nothing left for a model to judge.
3. Otherwise, when a chat model is available, `judge_support` asks it the binary question of
   `prompts/judge.txt`. Only an explicit "No" overrides the deterministic verdict; "Yes",
   "Unknown" or an unclear reply leave it standing. Calibration chose this: the Qwen 0.5B model
   answers "Unknown" to many supported paraphrases, so counting "Unknown" as unsupported made
   the combined judge less accurate than the deterministic check alone (see eval/README.md).

Without a chat model the judge is steps 1 and 2 alone, and reports say so.
Verdicts of the model are cached on disk (keyed by model, prompt, sentence and evidence), so
re-scoring a saved run costs nothing. Its accuracy is measured on hand-labelled pairs
(eval/judge_calibration.jsonl) and printed with every report.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import EvalDataError
from assistant.evaluation.jsonl import numbered_lines
from assistant.evaluation.metrics import claim, normalise
from assistant.grounding.support import check_support, judge_support
from assistant.models.chat import ChatModel
from assistant.models.prompts import load


@dataclass(frozen=True)
class Verdict:
    supported: bool
    deterministic: bool  # check_support's verdict
    model: bool | None  # the model's verdict when it was asked (None: not asked or unclear)


class SupportJudge:
    """Callable as a `metrics.Judge`: `judge(sentence, evidence) -> bool`."""

    def __init__(
        self, model: ChatModel | None = None, *, name: str = "", cache: Path | None = None
    ) -> None:
        self.model = model
        self.name = name if model is not None else ""
        self.calls = 0  # model calls made (cache misses)
        self._cache_path = cache
        self._cache: dict[str, bool | None] = _read_cache(cache) if cache else {}
        self._prompt = hashlib.sha256(load("judge").encode()).hexdigest()[:12]

    @property
    def description(self) -> str:
        if self.model is None:
            return "deterministic checks only (numbers and names in the evidence; verbatim quotes)"
        return (
            f"deterministic checks, then the {self.name!r} chat model as a yes/no judge "
            "(only its 'No' overrides them)"
        )

    def __call__(self, sentence: str, evidence: Sequence[str]) -> bool:
        return self.verdict(sentence, evidence).supported

    def verdict(self, sentence: str, evidence: Sequence[str]) -> Verdict:
        deterministic = check_support(sentence, evidence).supported
        if not deterministic or self.model is None or quoted_verbatim(sentence, evidence):
            return Verdict(deterministic, deterministic, None)
        said = self.model_verdict(sentence, evidence)
        return Verdict(said is not False, deterministic, said)

    def model_verdict(self, sentence: str, evidence: Sequence[str]) -> bool | None:
        """The model's own answer (cached); None without a model or for an unclear reply."""
        if self.model is None:
            return None
        key = self._key(sentence, evidence)
        if key not in self._cache:
            self.calls += 1
            said = judge_support(self.model, sentence, "\n\n".join(evidence))
            self._cache[key] = said
            if self._cache_path:
                with self._cache_path.open("a", encoding="utf-8") as fh:
                    fh.write(json.dumps({"key": key, "verdict": said}) + "\n")
        return self._cache[key]

    def _key(self, sentence: str, evidence: Sequence[str]) -> str:
        raw = "\x1f".join([self.name, self._prompt, sentence, *evidence])
        return hashlib.sha256(raw.encode()).hexdigest()


_QUOTED = re.compile(r'"([^"]+)"')


def quoted_verbatim(sentence: str, evidence: Sequence[str]) -> bool:
    """The sentence is mostly quotation ("..." spans of 20+ characters covering at least half
    of it, citation markers aside), and every such span occurs verbatim in the evidence."""
    text = normalise(claim(sentence))
    spans = [s.strip() for s in _QUOTED.findall(text) if len(s.strip()) >= 20]
    if not spans or sum(len(s) for s in spans) < len(text) / 2:
        return False
    source = normalise("\n".join(evidence))
    return all(s in source for s in spans)


def _read_cache(path: Path) -> dict[str, bool | None]:
    if not path.exists():
        return {}
    cache: dict[str, bool | None] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            row = json.loads(line)
            cache[row["key"]] = row["verdict"]
        except (json.JSONDecodeError, KeyError, TypeError):
            continue  # a line cut short by an interrupted run: that verdict is asked again
    return cache


# ---- calibration ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Pair:
    sentence: str
    passage: str
    supported: bool
    note: str = ""


@dataclass(frozen=True)
class Calibration:
    n: int
    accuracy: float  # the combined judge (what scores use)
    deterministic_accuracy: float
    model_accuracy: float | None  # the model alone ("Yes" = supported), on every pair
    model_replies: dict[str, int]  # how often the model said yes / no / something else
    false_support: int  # unsupported pairs the combined judge accepted
    false_reject: int  # supported pairs it rejected


def load_pairs(path: Path) -> list[Pair]:
    """Hand-labelled (sentence, passage, supported) pairs, one JSON object per line."""
    pairs = []
    for number, line in numbered_lines(path, "the judge calibration file"):
        try:
            row = json.loads(line)
            pair = Pair(row["sentence"], row["passage"], row["supported"], row.get("note", ""))
            if not (
                isinstance(pair.sentence, str)
                and isinstance(pair.passage, str)
                and isinstance(pair.supported, bool)
            ):
                raise TypeError("sentence and passage must be strings, supported true or false")
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise EvalDataError(
                f'{path}, line {number}: a calibration pair needs "sentence", "passage" '
                f'and "supported" (true/false); {type(exc).__name__}: {exc}.'
            ) from None
        pairs.append(pair)
    if not pairs:
        raise EvalDataError(f"The judge calibration file {path} holds no pairs.")
    return pairs


def calibrate(judge: SupportJudge, pairs: Sequence[Pair]) -> Calibration:
    verdicts = [judge.verdict(p.sentence, [p.passage]) for p in pairs]
    gold = [p.supported for p in pairs]

    def accuracy(said: Sequence[bool | None]) -> float:
        return sum((s is True) == g for s, g in zip(said, gold, strict=True)) / len(pairs)

    asked = judge.model is not None
    said = [judge.model_verdict(p.sentence, [p.passage]) for p in pairs] if asked else []
    replies = {"yes": said.count(True), "no": said.count(False), "unclear": said.count(None)}
    return Calibration(
        n=len(pairs),
        accuracy=accuracy([v.supported for v in verdicts]),
        deterministic_accuracy=accuracy([v.deterministic for v in verdicts]),
        model_accuracy=accuracy(said) if said else None,
        model_replies=replies if said else {},
        false_support=sum(v.supported and not g for v, g in zip(verdicts, gold, strict=True)),
        false_reject=sum(g and not v.supported for v, g in zip(verdicts, gold, strict=True)),
    )
