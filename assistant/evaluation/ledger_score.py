"""Score the dispute ledger and stance inference against a gold ledger written blind.

Gold format: `gold_ledger.json` of a blind corpus (contested entries with one claim per
claimant, `not_contested` traps, and a stance per document). Pure functions: no models, and no
files except the gold JSON that `load_gold_ledger` reads.

Matching rules (see `points_at` and `score_ledger`):

* Document ids are compared by their last path segment without extension, case-insensitively,
  so `docs/ministry-2027-09-08` (corpus root one level up) equals the gold `ministry-2027-09-08`.
* A figure statement **points at** a gold claim when all three hold:
  1. same document;
  2. the sentences agree: after normalisation (NFKC, lower case, curly quotes and dashes
     folded, punctuation dropped, whitespace collapsed) one sentence contains the other (a
     sentence splitter may cut or join differently from the gold writer), or they share at
     least 80% of the shorter one's words (shorter one of 4+ words); or, failing that, the
     statement's `raw` phrase occurs verbatim (normalised) inside the gold sentence and is
     specific (two words or more, or two digits or more: "more than three", "87", not "two"),
     which accepts the same document repeating the gold figure in another sentence;
  3. the value fits: a gold number (the 87 of `87`, the 300 of `">300"`, both ends of
     `"190-240"`) equals an end of the statement's interval or the number its `raw` phrase
     spells ("roughly two hours" -> 2), or lies inside the statement's finite interval
     ("about 200" -> [180, 220]). When the gold entry has a time `unit` ("minutes") and the
     statement's raw/counted names another time unit ("hours"), the statement is converted.
  The value check is what tells apart two gold claims that quote the same sentence
  ("4,120 suspected cases ... and 87 deaths").
* A claim points at a gold claim when its latest statement does, or any statement of its
  history does (its latest may be a later relay of the figure that the gold does not list).
* A predicted dispute (only `contested` ones count) **matches** a gold contested entry when two
  different claims of it point at two different gold claims of that entry. When it matches
  several entries it is assigned the one with the most such pairs (ties: gold order).
* Claimant accuracy, over matched predictions: the share of their claims pointing at a gold
  claim of the assigned entry whose claimant name matches that gold claim's claimant
  (`same_claimant`: case-insensitive; equal, one containing the other, the same content words
  in any order, or an acronym; parenthesised and comma-separated parts of a gold name are
  accepted as alternatives, so "Governor Brandt" matches "Office of the Governor of Varrenmoor
  (Governor Celia Brandt)"). A bare generic word ("the ministry") does not match.
* An unmatched contested dispute that **restates** a gold entry through relays (two of its
  claims carry values fitting two different gold claims, under names that match those gold
  claimants, generic names such as "the ministry" allowed, in sentences other than the gold
  ones) is still unmatched for `precision`, but counts as right for `relay_precision`.
* A false dispute (contested, unmatched, not a restatement) hits a trap when at least one of
  its statements sits in one of the trap's documents with one of the trap's values (a value
  that is a time of day, a date or an identifier is never compared); the trap with the most
  such statements is named (ties: gold order).
* Empty denominators score 1.0 (no prediction -> nothing false said; no gold -> nothing missed).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.evaluation.ledger_gold import (
    GoldClaim,
    GoldEntry,
    GoldLedger,
    GoldTrap,
    doc_key,
    folded_words,
    gold_numbers,
    raw_inside,
    same_sentence,
    spelled_numbers,
)
from assistant.types import Claim, Dispute, Document, FigureStatement

# --------------------------------------------------------------------------- pointing


_MINUTES = {"second": 1 / 60, "minute": 1.0, "hour": 60.0, "day": 1440.0, "week": 10080.0}


def _time_unit(text: str) -> str:
    found = re.search(r"\b(second|minute|hour|day|week)s?\b", text.lower())
    return found.group(1) if found else ""


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def value_fits(s: FigureStatement, numbers: Sequence[float], unit: str = "") -> bool:
    """A gold number equals an end of the statement's interval or its raw number, or lies in it."""
    q = s.quantity
    candidates = [v for v in (q.low, q.high) if math.isfinite(v)] + spelled_numbers(s.raw)
    low, high = q.low, q.high
    after = s.sentence[max(0, s.span_end - s.start) :][:12]  # "three [hours]"
    target, own = _time_unit(unit), _time_unit(f"{s.raw} {after}") or _time_unit(s.counted)
    if target and own and own != target:
        factor = _MINUTES[own] / _MINUTES[target]
        candidates = [v * factor for v in candidates]
        low, high = low * factor, high * factor
    bounded = math.isfinite(low) and math.isfinite(high) and low < high
    return any(
        any(_close(g, c) for c in candidates) or (bounded and low - 1e-9 <= g <= high + 1e-9)
        for g in numbers
    )


def points_at(s: FigureStatement, gold: GoldClaim, unit: str = "") -> bool:
    """Does this statement state this gold claim? (Rules: the module docstring.)"""
    if doc_key(s.doc_id) != gold.doc or not value_fits(s, gold.numbers, unit):
        return False
    return same_sentence(s.sentence, gold.sentence) or raw_inside(s.raw, gold.sentence)


def _statements(claim: Claim) -> tuple[FigureStatement, ...]:
    return (claim.statement, *claim.history)


def _pointed(claim: Claim, entry: GoldEntry) -> set[int]:
    """Indices of the entry's gold claims that this claim (latest or history) points at."""
    return {
        i
        for i, gold in enumerate(entry.claims)
        if any(points_at(s, gold, entry.unit) for s in _statements(claim))
    }


def _hits(d: Dispute, entry: GoldEntry) -> int:
    """How many (claim, gold claim) pairs can be matched one to one (exact when it is < 3)."""
    pointed = [p for p in (_pointed(c, entry) for c in d.claims) if p]
    return min(len(pointed), len(set().union(*pointed))) if pointed else 0


def _best_entry(d: Dispute, gold: GoldLedger) -> GoldEntry | None:
    scored = [(_hits(d, e), -i, e) for i, e in enumerate(gold.contested)]
    best = max(scored, key=lambda t: (t[0], t[1]), default=None)
    return best[2] if best is not None and best[0] >= 2 else None


def _voiced(claim: Claim, entry: GoldEntry) -> set[int]:
    """Gold claims this claim restates anywhere: a fitting value under the gold claimant's name."""
    return {
        i
        for i, gold in enumerate(entry.claims)
        if same_claimant(claim.claimant, gold.claimant, loose=True)
        and any(value_fits(s, gold.numbers, entry.unit) for s in _statements(claim))
    }


def _restated(d: Dispute, gold: GoldLedger) -> str:
    """The gold entry an unmatched dispute restates through relays (other sentences), or ""."""
    for entry in gold.contested:
        voiced = [p for p in (_voiced(c, entry) for c in d.claims) if p]
        if min(len(voiced), len(set().union(*voiced)) if voiced else 0) >= 2:
            return entry.id
    return ""


# --------------------------------------------------------------------------- claimants


_STOP = frozenset("the a an of for and on in at by to de".split())
_GENERIC = frozenset(
    "ministry department office government council committee service services agency group "
    "institute university authority commission board union party alliance association "
    "organisation organization network centre center federation foundation front movement "
    "coalition league society watch team teams spokesperson spokesman spokeswoman official "
    "officials national regional provincial state city local international".split()
)


def _name_words(name: str) -> list[str]:
    return [w.removesuffix("'s").strip("'") for w in folded_words(name) if w not in _STOP]


def _alternatives(name: str) -> list[str]:
    """'A, B (C)' -> ['A, B (C)', 'A, B', 'A', 'B', 'C']."""
    inner = re.findall(r"\(([^)]*)\)", name)
    outer = re.sub(r"\([^)]*\)", " ", name)
    return [name, outer, *outer.split(","), *inner]


def _names_match(a: str, b: str, loose: bool = False) -> bool:
    wa, wb = _name_words(a), _name_words(b)
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    short, long_ = sorted((wa, wb), key=len)
    if len(short) == 1 and len(long_) > 1 and short[0] == "".join(w[0] for w in long_):
        return True  # an acronym: "FCI" = "Frontline Care International"
    stems = {_stem(w) for w in long_}  # a demonym names its country: "Varnethi" ~ "Varneth"
    inside = all(_stem(w) in stems for w in short)
    return inside and (loose or any(w not in _GENERIC for w in short))


def _stem(word: str) -> str:
    return word[:6]


def same_claimant(predicted: str, gold: str, *, loose: bool = False) -> bool:
    """Case-insensitive: equal, contained, same content words, or an acronym (docstring).

    `loose` also accepts a name made of generic words only ("the ministry")."""
    return any(
        _names_match(p, g, loose) for p in _alternatives(predicted) for g in _alternatives(gold)
    )


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class ClaimantCheck:
    dispute_id: str
    entry_id: str
    predicted: str
    gold: str
    correct: bool


@dataclass(frozen=True)
class MatchedDispute:
    dispute_id: str
    entry_id: str
    gold_claims_found: int  # gold claims of the entry that some claim points at
    gold_claims: int


@dataclass(frozen=True)
class FalseDispute:
    dispute_id: str
    description: str  # counted: claimant = raw [doc]; ...
    trap_id: str = ""  # the not_contested trap it hit, "" when none
    trap: str = ""  # that trap's kind ("self_update", ...)
    restates: str = ""  # gold entry it restates through relays outside the gold sentences


@dataclass(frozen=True)
class MissedEntry:
    entry_id: str
    description: str  # quantity: claimant = value; ...
    uncontested_match: str = ""  # id of a non-contested dispute that would have matched
    restated_by: str = ""  # id of a contested dispute that restates it through relays only


@dataclass(frozen=True)
class LedgerScore:
    corpus: str
    predicted: int  # contested disputes predicted
    matched: int  # of those, the ones that match a gold contested entry
    gold: int  # gold contested entries
    recalled: int  # gold contested entries matched by some prediction
    precision: float
    recall: float
    f1: float
    claimant_accuracy: float
    relay_precision: float  # precision counting relay restatements of a gold dispute as right
    matches: tuple[MatchedDispute, ...]
    claimants: tuple[ClaimantCheck, ...]
    false_disputes: tuple[FalseDispute, ...]
    missed: tuple[MissedEntry, ...]


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_ledger(gold: GoldLedger, disputes: Sequence[Dispute]) -> LedgerScore:
    """Precision/recall of contested disputes, claimant accuracy, false and missed (docstring)."""
    contested = [d for d in disputes if d.contested]
    matches: list[MatchedDispute] = []
    checks: list[ClaimantCheck] = []
    false: list[FalseDispute] = []
    for d in contested:
        entry = _best_entry(d, gold)
        if entry is None:
            false.append(_false_dispute(d, gold))
            continue
        found = set().union(*(_pointed(c, entry) for c in d.claims))
        matches.append(MatchedDispute(d.id, entry.id, len(found), len(entry.claims)))
        checks.extend(_claimant_checks(d, entry))
    recalled = {m.entry_id for m in matches}
    others = [d for d in disputes if not d.contested]
    missed = [_missed(e, others, false) for e in gold.contested if e.id not in recalled]
    precision = _ratio(len(matches), len(contested))
    relayed = sum(bool(f.restates) for f in false)
    recall = _ratio(len(recalled), len(gold.contested))
    return LedgerScore(
        corpus=gold.corpus,
        predicted=len(contested),
        matched=len(matches),
        gold=len(gold.contested),
        recalled=len(recalled),
        precision=precision,
        recall=recall,
        f1=_f1(precision, recall),
        claimant_accuracy=_ratio(sum(c.correct for c in checks), len(checks)),
        relay_precision=_ratio(len(matches) + relayed, len(contested)),
        matches=tuple(matches),
        claimants=tuple(checks),
        false_disputes=tuple(false),
        missed=tuple(missed),
    )


def _claimant_checks(d: Dispute, entry: GoldEntry) -> list[ClaimantCheck]:
    """One check per claim that points at a gold claim; right if any pointed-at name matches."""
    out: list[ClaimantCheck] = []
    for claim in d.claims:
        golds = [entry.claims[i].claimant for i in sorted(_pointed(claim, entry))]
        if not golds:
            continue
        right = [g for g in golds if same_claimant(claim.claimant, g)]
        shown = right[0] if right else golds[0]
        out.append(ClaimantCheck(d.id, entry.id, claim.claimant, shown, bool(right)))
    return out


def describe_dispute(d: Dispute) -> str:
    """One line: `killed: Ministry = 38 [ministry-...]; Riverwatch = 47 [riverwatch-...]`."""
    parts = [
        f"{c.claimant or '?'} = {c.statement.raw} [{doc_key(c.statement.doc_id)}]" for c in d.claims
    ]
    return f"{d.counted}: " + "; ".join(parts)


def _trap_hits(statements: Iterable[FigureStatement], trap: GoldTrap) -> int:
    numbers = [n for v in trap.values for n in _trap_numbers(v, trap.type)]
    return sum(1 for s in statements if doc_key(s.doc_id) in trap.docs and value_fits(s, numbers))


def _trap_numbers(value: float | str, kind: str) -> list[float]:
    """Comparable numbers of a trap value; none for times, dates and identifiers."""
    if isinstance(value, int | float):
        return [float(value)]
    if kind in ("date", "identifier") or re.search(r"[:/]|\d-\d", value):
        return []
    try:
        return list(gold_numbers(value))
    except ValueError:
        return spelled_numbers(value)


def _false_dispute(d: Dispute, gold: GoldLedger) -> FalseDispute:
    restates = _restated(d, gold)
    if restates:
        return FalseDispute(d.id, describe_dispute(d), restates=restates)
    statements = [s for c in d.claims for s in _statements(c)]
    scored = [(_trap_hits(statements, t), -i, t) for i, t in enumerate(gold.not_contested)]
    best = max(scored, key=lambda t: (t[0], t[1]), default=None)
    if best is None or best[0] == 0:
        return FalseDispute(d.id, describe_dispute(d))
    return FalseDispute(d.id, describe_dispute(d), best[2].id, best[2].trap)


def _missed(
    entry: GoldEntry, uncontested: Sequence[Dispute], false: Sequence[FalseDispute]
) -> MissedEntry:
    claims = "; ".join(f"{c.claimant} = {c.value} [{c.doc}]" for c in entry.claims)
    near = next((d.id for d in uncontested if _hits(d, entry) >= 2), "")
    relay = next((f.dispute_id for f in false if f.restates == entry.id), "")
    return MissedEntry(entry.id, f"{entry.quantity or entry.id}: {claims}", near, relay)


# --------------------------------------------------------------------------- stance


@dataclass(frozen=True)
class StanceRow:
    doc_id: str
    gold: str  # "partisan" | "independent"
    predicted: str  # the Source.stance, or "missing" when no document has that name
    inferred: bool
    reason: str

    @property
    def correct(self) -> bool:
        return (self.gold == "partisan") == (self.predicted == "partisan")


@dataclass(frozen=True)
class StanceScore:
    precision: float  # of predicting "partisan"
    recall: float
    f1: float
    accuracy: float  # partisan vs not, over the gold documents
    rows: tuple[StanceRow, ...]
    unscored: tuple[str, ...] = ()  # loaded documents the gold does not list


def score_stance(gold: GoldLedger, documents: Sequence[Document]) -> StanceScore:
    """P/R/F1 of predicting "partisan" (`source.stance == "partisan"`) per gold document.

    A gold document that was not loaded counts as predicted not partisan ("missing")."""
    by_name = {doc_key(d.id): d for d in documents}
    rows: list[StanceRow] = []
    for name, label in gold.stance:
        doc = by_name.get(name)
        if doc is None:
            rows.append(StanceRow(name, label, "missing", False, ""))
            continue
        src = doc.source
        rows.append(StanceRow(doc.id, label, src.stance, src.stance_inferred, src.stance_reason))
    tp = sum(r.gold == "partisan" and r.predicted == "partisan" for r in rows)
    predicted = sum(r.predicted == "partisan" for r in rows)
    actual = sum(r.gold == "partisan" for r in rows)
    precision, recall = _ratio(tp, predicted), _ratio(tp, actual)
    listed = {name for name, _ in gold.stance}
    return StanceScore(
        precision=precision,
        recall=recall,
        f1=_f1(precision, recall),
        accuracy=_ratio(sum(r.correct for r in rows), len(rows)),
        rows=tuple(rows),
        unscored=tuple(sorted(d.id for d in documents if doc_key(d.id) not in listed)),
    )


# --------------------------------------------------------------------------- report


def _ledger_lines(s: LedgerScore) -> list[str]:
    right = sum(c.correct for c in s.claimants)
    relayed = sum(bool(f.restates) for f in s.false_disputes)
    lines = [
        "| metric | value |",
        "|---|---:|",
        f"| Dispute precision | {s.precision:.2f} ({s.matched}/{s.predicted}) |",
        f"| Dispute precision, relays counted | {s.relay_precision:.2f} "
        f"({s.matched + relayed}/{s.predicted}) |",
        f"| Dispute recall | {s.recall:.2f} ({s.recalled}/{s.gold}) |",
        f"| Dispute F1 | {s.f1:.2f} |",
        f"| Claimant accuracy | {s.claimant_accuracy:.2f} ({right}/{len(s.claimants)}) |",
        "",
    ]
    found = [
        f"`{m.dispute_id}` → {m.entry_id} ({m.gold_claims_found}/{m.gold_claims} claims)"
        for m in s.matches
    ]
    lines += ["Matched: " + ", ".join(found), ""] if found else []
    lines += _section("False disputes", [_false_line(f) for f in s.false_disputes])
    lines += _section("Missed gold disputes", [_missed_line(m) for m in s.missed])
    wrong = [
        f"- {c.entry_id} (`{c.dispute_id}`): predicted {c.predicted!r}, gold {c.gold!r}"
        for c in s.claimants
        if not c.correct
    ]
    return lines + _section("Claimant mismatches", wrong)


def _section(title: str, items: list[str]) -> list[str]:
    return [f"**{title}**", *items, ""] if items else []


def _false_line(f: FalseDispute) -> str:
    if f.restates:
        note = f" — restates gold `{f.restates}` through relays"
    else:
        note = f" — trap `{f.trap_id}` ({f.trap})" if f.trap_id else ""
    return f"- `{f.dispute_id}` {f.description}{note}"


def _missed_line(m: MissedEntry) -> str:
    notes = [f"grouped but not contested: `{m.uncontested_match}`"] if m.uncontested_match else []
    notes += [f"restated through relays by `{m.restated_by}`"] if m.restated_by else []
    return f"- {m.entry_id}: {m.description}" + "".join(f" — {n}" for n in notes)


def _stance_lines(s: StanceScore) -> list[str]:
    lines = [
        "## Stance",
        "",
        f"Partisan precision {s.precision:.2f}, recall {s.recall:.2f}, F1 {s.f1:.2f}, "
        f"accuracy {s.accuracy:.2f} over {len(s.rows)} documents.",
        "",
    ]
    wrong = [r for r in s.rows if not r.correct]
    if wrong:
        lines += ["| document | gold | predicted | inferred | reason |", "|---|---|---|---|---|"]
        for r in wrong:
            reason = r.reason.replace("|", "/").replace("\n", " ")
            inferred = "yes" if r.inferred else "no"
            lines.append(f"| {r.doc_id} | {r.gold} | {r.predicted} | {inferred} | {reason} |")
        lines.append("")
    if s.unscored:
        lines += [f"Not in the gold: {', '.join(s.unscored)}", ""]
    return lines


def ledger_report(ledger: LedgerScore, stance: StanceScore | None) -> str:
    """A short Markdown report: headline numbers, false and missed disputes, stance errors."""
    title = f"# Dispute ledger vs gold{f' ({ledger.corpus})' if ledger.corpus else ''}"
    lines = [title, "", *_ledger_lines(ledger)]
    if stance is not None:
        lines += _stance_lines(stance)
    return "\n".join(lines).rstrip() + "\n"
