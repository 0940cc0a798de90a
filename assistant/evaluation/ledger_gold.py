"""Gold ledgers (`gold_ledger.json`, format in eval/README.md): loading, strictly, and the
text helpers that compare a gold sentence or value with what the ledger found."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import EvalDataError
from assistant.ledger.figures import TENS_WORDS, UNIT_WORDS, spelled_value

TRAPS = ("self_update", "agreement", "single_source", "shared_noun", "duration_or_date")
GOLD_STANCES = ("partisan", "independent")


# --------------------------------------------------------------------------- gold ledger


@dataclass(frozen=True)
class GoldClaim:
    claimant: str
    value: float | str  # as written in the gold: 38, ">200", "~300", "200-300"
    numbers: tuple[float, ...]  # the numbers of `value`: (38,), (200,), (300,), (200, 300)
    doc: str
    sentence: str


@dataclass(frozen=True)
class GoldEntry:
    id: str
    quantity: str
    type: str
    question: str
    claims: tuple[GoldClaim, ...]
    unit: str = ""


@dataclass(frozen=True)
class GoldTrap:
    id: str
    trap: str
    quantity: str
    type: str
    values: tuple[float | str, ...]
    docs: tuple[str, ...]
    why: str = ""
    question: str = ""


@dataclass(frozen=True)
class GoldLedger:
    corpus: str
    contested: tuple[GoldEntry, ...]
    not_contested: tuple[GoldTrap, ...]
    stance: tuple[tuple[str, str], ...]  # (document name, "partisan" | "independent")


_NUM = r"\d[\d,]*(?:\.\d+)?"
_GOLD_VALUE = re.compile(
    rf"\s*(?P<op>[<>]=?|~|≈)?\s*(?P<a>{_NUM})\s*(?:(?:-|–|to)\s*(?P<b>{_NUM}))?\s*"
)


def gold_numbers(value: float | str) -> tuple[float, ...]:
    """The numbers of a gold value; ValueError when a string is not a qualified number."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (float(value),)
    m = _GOLD_VALUE.fullmatch(str(value))
    if m is None or (m["op"] and m["b"]):
        raise ValueError(
            f'the value {value!r} is neither a number nor a string such as ">200", "<50", '
            '"~300" or "200-300"'
        )
    return tuple(float(n.replace(",", "")) for n in (m["a"], m["b"]) if n)


def load_gold_ledger(path: str | Path) -> GoldLedger:
    """The gold ledger of one blind corpus; EvalDataError names the file and what is wrong."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalDataError(f"Cannot read the gold ledger {path}: {exc}.") from exc
    except json.JSONDecodeError as exc:
        raise EvalDataError(
            f"{path}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})."
        ) from None
    try:
        return _ledger(raw)
    except ValueError as exc:
        raise EvalDataError(f"{path}: {exc}. Fix the file (format: SPEC.md section 3).") from None


def _ledger(raw: Any) -> GoldLedger:
    if not isinstance(raw, dict):
        raise ValueError("the file must hold one JSON object")
    if not isinstance(raw.get("contested"), list):
        raise ValueError('"contested" must be a list of entries')
    traps = raw.get("not_contested", [])
    if not isinstance(traps, list):
        raise ValueError('"not_contested" must be a list of entries')
    stance = raw.get("stance", {})
    if not isinstance(stance, dict):
        raise ValueError('"stance" must be an object {document: "partisan" | "independent"}')
    for doc, label in stance.items():
        if label not in GOLD_STANCES:
            raise ValueError(
                f'stance of {doc!r} must be "partisan" or "independent", not {label!r}'
            )
    corpus = raw.get("corpus", "")
    ledger = GoldLedger(
        corpus=corpus if isinstance(corpus, str) else "",
        contested=tuple(_entry(e, f"contested[{i}]") for i, e in enumerate(raw["contested"])),
        not_contested=tuple(_trap(t, f"not_contested[{i}]") for i, t in enumerate(traps)),
        stance=tuple((doc_key(str(d)), str(s)) for d, s in stance.items()),
    )
    ids = [e.id for e in ledger.contested] + [t.id for t in ledger.not_contested]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise ValueError(f"the id {twice[0]!r} is used twice")
    return ledger


def _text(row: dict[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = row.get(key, None if required else "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ValueError(f'{where}: "{key}" must be a non-empty string')
    return value.strip()


def _object(row: Any, where: str) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise ValueError(f"{where} must be a JSON object")
    return row


def _entry(row: Any, where: str) -> GoldEntry:
    row = _object(row, where)
    claims = row.get("claims")
    if not isinstance(claims, list) or len(claims) < 2:
        raise ValueError(f'{where}: "claims" must be a list of at least two claims')
    return GoldEntry(
        id=_text(row, "id", where),
        quantity=_text(row, "quantity", where, required=False),
        type=_text(row, "type", where, required=False),
        question=_text(row, "question", where, required=False),
        claims=tuple(_claim(c, f"{where}.claims[{i}]") for i, c in enumerate(claims)),
        unit=_text(row, "unit", where, required=False),
    )


def _claim(row: Any, where: str) -> GoldClaim:
    row = _object(row, where)
    value = row.get("value")
    if not isinstance(value, int | float | str) or isinstance(value, bool):
        raise ValueError(f'{where}: "value" must be a number or a string such as ">200"')
    try:
        numbers = gold_numbers(value)
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None
    return GoldClaim(
        claimant=_text(row, "claimant", where),
        value=value,
        numbers=numbers,
        doc=doc_key(_text(row, "doc", where)),
        sentence=_text(row, "sentence", where),
    )


def _trap(row: Any, where: str) -> GoldTrap:
    row = _object(row, where)
    trap = _text(row, "trap", where)
    if trap not in TRAPS:
        raise ValueError(f'{where}: "trap" must be one of {", ".join(TRAPS)}, not {trap!r}')
    values, docs = row.get("values"), row.get("docs")
    if not isinstance(values, list) or not values or not all(_is_value(v) for v in values):
        raise ValueError(f'{where}: "values" must be a non-empty list of numbers or strings')
    if not isinstance(docs, list) or not docs or not all(isinstance(d, str) for d in docs):
        raise ValueError(f'{where}: "docs" must be a non-empty list of document names')
    return GoldTrap(
        id=_text(row, "id", where),
        trap=trap,
        quantity=_text(row, "quantity", where, required=False),
        type=_text(row, "type", where, required=False),
        values=tuple(values),
        docs=tuple(doc_key(d) for d in docs),
        why=_text(row, "why", where, required=False),
        question=_text(row, "question", where, required=False),
    )


def _is_value(v: Any) -> bool:
    return isinstance(v, int | float | str) and not isinstance(v, bool)


# --------------------------------------------------------------------------- text helpers


def doc_key(doc_id: str) -> str:
    """`docs/ministry-2027-09-08.md` -> `ministry-2027-09-08` (the gold names files alone)."""
    name = doc_id.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    return re.sub(r"\.(md|markdown|txt|html?|pdf)$", "", name, flags=re.I).lower()


_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def folded_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).translate(_FOLD).lower()
    return re.findall(r"[a-z0-9]+(?:[.,:'][a-z0-9]+)*", text)


def same_sentence(statement_sentence: str, gold_sentence: str) -> bool:
    """One normalised sentence contains the other, or they share 80% of the shorter's words."""
    a, b = folded_words(statement_sentence), folded_words(gold_sentence)
    if not a or not b:
        return False
    ja, jb = f" {' '.join(a)} ", f" {' '.join(b)} "
    if ja in jb or jb in ja:
        return True
    shorter = min(len(set(a)), len(set(b)))
    return shorter >= 4 and len(set(a) & set(b)) >= 0.8 * shorter


def raw_inside(raw: str, sentence: str) -> bool:
    """A specific figure phrase ("more than three", "87"; not a bare "two") in the sentence."""
    words = folded_words(raw)
    specific = len(words) >= 2 or bool(re.search(r"\d\D*\d", raw))
    return specific and f" {' '.join(words)} " in f" {' '.join(folded_words(sentence))} "


_SMALL = UNIT_WORDS
_TENS = TENS_WORDS
_SCALE = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9}
_SCALE |= {"dozen": 12.0}
_NUMBER_RE = re.compile(
    rf"(?:(?P<d>{_NUM})|(?P<w>(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(_SMALL[1:10])}))?"
    rf"|{'|'.join(sorted(_SMALL, key=len, reverse=True))}|a))"
    r"(?:\s*(?P<s>hundred|thousand|million|billion|bn|m|dozen)\b)?",
    re.I,
)


def spelled_numbers(text: str) -> list[float]:
    """Numbers a phrase spells: "more than 2,000" -> [2000]; "roughly two hours" -> [2]."""
    out: list[float] = []
    text = unicodedata.normalize("NFKC", text)
    for m in _NUMBER_RE.finditer(text):
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        if m["w"] and (before.isalnum() or after.isalnum()):
            continue  # a number word inside another word ("often", "someone")
        if m["d"]:
            value = float(m["d"].replace(",", ""))
        else:
            words = m["w"].lower().replace("-", " ").split()
            if words == ["a"] and not m["s"]:
                continue
            value = 1.0 if words == ["a"] else spelled_value(" ".join(words)) or 0.0
        out.append(value * (_SCALE[m["s"].lower()] if m["s"] else 1.0))
    return out
