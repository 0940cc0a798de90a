"""Eval metrics on hand-made answers with known scores, the gold-file loader, the judge."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from assistant.answer.json_form import answer_from_json, answer_json
from assistant.errors import EvalDataError
from assistant.evaluation import metrics as m
from assistant.evaluation.goldset import load_questions
from assistant.evaluation.judge import Pair, SupportJudge, calibrate, load_pairs
from assistant.types import Answer, Chunk, Citation, Flag, Message, Passage, Source

AMNESTY = Source("Amnesty count", "Amnesty International", "2019-12-16", stance="independent")
MEK = Source("MEK count", "PMOI/MEK", "2019-12-15", stance="partisan")


def cite(n: int, quote: str, source: Source = AMNESTY, doc: str = "d") -> Citation:
    return Citation(n, f"{doc}{n}", 0, len(quote), quote, source)


def answer(text: str, *citations: Citation, flags: Sequence[Flag] = ()) -> Answer:
    passages = tuple(
        Passage(c.n, Chunk(f"c{c.n}", c.doc_id, c.start, c.end, c.quote), 0.5, c.source)
        for c in citations
    )
    return Answer("q?", text, tuple(citations), tuple(flags), passages)


def numbers_judge(statement: str, evidence: Sequence[str]) -> bool:
    """Supported when every number of the statement is in the evidence (a stand-in judge)."""
    return m.numbers_in(statement) <= m.numbers_in(" ".join(evidence))


# ---- sentences and markers -----------------------------------------------------------------
def test_sentences_split_lines_and_stops_but_not_quotes_or_abbreviations() -> None:
    text = (
        'According to X (1 May 2020): "It rose. Then it fell." [1] Y agreed [2].\n'
        "Dr. Smith counted 5 [3]. Z said so [3, 4].\n\n"
    )
    assert m.answer_sentences(text) == [
        'According to X (1 May 2020): "It rose. Then it fell." [1]',
        "Y agreed [2].",
        "Dr. Smith counted 5 [3].",
        "Z said so [3, 4].",
    ]
    assert m.references("Z said so [3, 4][3] and [1].") == [3, 4, 1]
    assert m.claim("Z said so [3, 4].") == "Z said so ."


# ---- ALCE citation recall and precision ----------------------------------------------------
def test_uncited_sentence_counts_against_recall_only() -> None:
    a = answer("A said 10 [1]. B said 20 [2]. C said 30.", cite(1, "10"), cite(2, "20"))
    s = m.citation_score(a, numbers_judge)
    assert (s.sentences, s.supported, s.citations, s.precise) == (3, 2, 2, 2)
    assert s.recall == pytest.approx(2 / 3) and s.precision == 1.0


def test_out_of_range_citation_fails_the_sentence_and_its_citations() -> None:
    a = answer("A said 10 [1][5].", cite(1, "10"))
    s = m.citation_score(a, numbers_judge)
    assert (s.recall, s.precision, s.citations) == (0.0, 0.0, 2)


def test_redundant_citation_that_supports_alone_is_still_precise() -> None:
    a = answer("A said 10 [1][2].", cite(1, "it was 10"), cite(2, "10 in all"))
    assert m.citation_score(a, numbers_judge).precision == 1.0


def test_irrelevant_citation_lowers_precision_not_recall() -> None:
    a = answer("A said 10 [1][2].", cite(1, "it was 10"), cite(2, "unrelated 7"))
    s = m.citation_score(a, numbers_judge)
    assert (s.recall, s.precision) == (1.0, 0.5)


def test_citations_needed_together_are_all_precise() -> None:
    a = answer("A said 10 and B said 20 [1][2].", cite(1, "A: 10"), cite(2, "B: 20"))
    s = m.citation_score(a, numbers_judge)
    assert (s.recall, s.precision) == (1.0, 1.0)


def test_unsupported_sentence_makes_its_citations_imprecise() -> None:
    s = m.citation_score(answer("A said 99 [1].", cite(1, "A said 10")), numbers_judge)
    assert (s.recall, s.precision) == (0.0, 0.0)


def test_no_citations_at_all_scores_zero_precision() -> None:
    s = m.citation_score(answer("Nothing cited here."), numbers_judge)
    assert (s.sentences, s.recall, s.precision) == (1, 0.0, 0.0)


def test_flag_notes_are_not_scored_as_claims() -> None:
    note = "This answer rests on one side only: every quote comes from partisan sources."
    flag = Flag("one_sided", note)
    a = answer(f"A said 10 [1].\n{note}", cite(1, "10"), flags=[flag])
    assert m.citation_score(a, numbers_judge).sentences == 1


def test_evidence_carries_the_attribution_the_reader_sees() -> None:
    assert (
        m.evidence_text(cite(1, "304 dead")) == "Amnesty International (16 December 2019): 304 dead"
    )


# ---- correctness, flags, abstention, retrieval ---------------------------------------------
def test_fact_recall_uses_regexes_and_ignores_thousands_separators() -> None:
    text = "Reuters said about 1,500 died; Amnesty counted three hundred and four."
    assert m.fact_recall(text, ["1500", "304|three hundred and four", "Tehran"]) == pytest.approx(
        2 / 3
    )
    assert m.fact_recall(text, []) is None
    assert m.fact_found("1,500", "some 1500 people")


def test_figure_counts_only_when_reported_with_a_quote_that_holds_it() -> None:
    a = answer(
        "Amnesty counted 304 [1]. The MEK claimed 1,500. Reuters said 7,000 [2].",
        cite(1, "304 people were killed"),
        cite(2, "about 1,500 killed", MEK),
    )
    assert m.figure_reported(a, 304)
    assert not m.figure_reported(a, 1500)  # stated without a citation that holds it
    assert not m.figure_reported(a, 7000)  # cited, but the quote does not say 7,000
    assert m.figure_coverage(a, [304, 1500]) == 0.5


def test_prf_abstention_retrieval_percentile() -> None:
    p = m.prf([(True, True), (True, False), (False, True), (False, False)])
    assert (p.tp, p.fp, p.fn, p.precision, p.recall) == (1, 1, 1, 0.5, 0.5)
    assert m.prf([]).precision == 0.0
    assert m.abstained(Answer("q", "x", (), (), (), answered=False))
    assert m.abstained(answer("I don't know."))
    assert not m.abstained(answer("A said 10 [1].", cite(1, "10")))
    a = answer("x", cite(1, "a", doc="gold"), cite(2, "b", doc="other"))
    assert m.retrieval_recall(a, ["gold1", "missing"], k=2) == 0.5
    assert m.retrieval_recall(a, ["other2"], k=1) == 0.0
    assert m.percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert m.percentile([5.0], 95) == 5.0 and m.percentile([], 50) == 0.0
    assert m.mean([None, 1.0, 0.0]) == 0.5 and m.mean([None]) is None


# ---- the JSON form round-trips -------------------------------------------------------------
def test_answer_from_json_round_trips() -> None:
    a = answer(
        "A said 10 [1].",
        cite(1, "10"),
        flags=[Flag("contested_figure", "msg", {"dispute": "d1", "counted": "killed"})],
    )
    a = Answer(a.question, a.text, a.citations, a.flags, a.passages, {"total_s": 0.5}, False)
    data = json.loads(json.dumps(answer_json(a)))
    back = answer_from_json(data)
    assert back == a
    assert back.timings == a.timings and back.flags[0].details == a.flags[0].details
    assert back.citations[0].source == AMNESTY


# ---- the gold-file loader ------------------------------------------------------------------
GOOD = (
    '{"id": "a", "question": "Who?", "answerable": true, "facts": ["x|y"], "figures": [1, "1,500"]}'
)


@pytest.mark.parametrize(
    ("bad", "says"),
    [
        ("{not json", "not valid JSON"),
        ('["a list"]', "one JSON object"),
        ('{"id": "b", "question": "Q?"}', '"answerable"'),
        ('{"id": "", "question": "Q?", "answerable": true}', '"id"'),
        ('{"id": "b", "question": "Q?", "answerable": "yes"}', "true or false"),
        ('{"id": "b", "question": "Q?", "answerable": true, "facts": ["(unclosed"]}', "regular"),
        ('{"id": "b", "question": "Q?", "answerable": true, "figures": ["many"]}', "not a number"),
        ('{"id": "b", "question": "Q?", "answerable": true, "history": [["only user"]]}', "pair"),
        ('{"id": "a", "question": "Q?", "answerable": true}', "used twice"),
    ],
)
def test_loader_rejects_malformed_lines_with_their_number(
    tmp_path: Path, bad: str, says: str
) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text(f"{GOOD}\n\n{bad}\n")
    with pytest.raises(EvalDataError) as err:
        load_questions(path)
    assert "line 3" in str(err.value) and says in str(err.value)


def test_loader_reads_defaults_and_ignores_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text(GOOD[:-1] + ', "comment": "ignored", "history": [["u", "a"]]}\n')
    (q,) = load_questions(path)
    assert q.figures == (1.0, 1500.0) and q.facts == ("x|y",)
    assert (q.contested, q.partisan, q.false_premise, q.sources) == (False, False, False, ())
    assert q.history[0].user == "u"


def test_gold_sets_load() -> None:
    root = Path(__file__).resolve().parent.parent
    demo = load_questions(root / "eval" / "questions.jsonl")
    assert len(demo) >= 60
    assert {q.kind for q in demo} >= {"single", "contested", "false_premise", "unanswerable"}
    assert any(q.history for q in demo) and any(not q.answerable for q in demo)
    assert len(load_questions(root / "tests" / "data" / "fictional_eval.jsonl")) >= 12
    assert len(load_pairs(root / "eval" / "judge_calibration.jsonl")) >= 40


# ---- the support judge ---------------------------------------------------------------------
class Scripted:
    def __init__(self, reply: str) -> None:
        self.reply = reply
        self.calls = 0

    def generate(self, messages: Sequence[Message], shape: object = None) -> str:
        self.calls += 1
        return self.reply

    def stream(self, messages: Sequence[Message], shape: object = None) -> Iterator[str]:
        yield self.generate(messages)


def test_judge_asks_the_model_only_after_the_deterministic_check(tmp_path: Path) -> None:
    model = Scripted("No, it does not.")
    judge = SupportJudge(model, name="scripted", cache=tmp_path / "cache.jsonl")
    assert not judge("Amnesty counted 999.", ["Amnesty counted 304."])
    assert model.calls == 0  # the number is missing: no need to ask
    assert not judge("Amnesty counted 304.", ["Amnesty counted 304."])  # the model says No
    assert model.calls == 1
    again = SupportJudge(Scripted("Yes"), name="scripted", cache=tmp_path / "cache.jsonl")
    assert not again("Amnesty counted 304.", ["Amnesty counted 304."])  # cached verdict
    assert again.calls == 0


def test_unknown_does_not_veto_and_verbatim_quotes_need_no_model() -> None:
    model = Scripted("Unknown")
    judge = SupportJudge(model, name="unsure")
    assert judge("Amnesty denied it.", ["Amnesty confirmed it."])  # the deterministic verdict
    assert model.calls == 1
    quote = 'According to Amnesty (1 May 2020): "Amnesty counted 304 people killed in all." [1]'
    assert judge(quote, ["Amnesty (1 May 2020): Amnesty counted 304 people killed in all."])
    assert model.calls == 1  # a verbatim quotation: nothing for the model to judge
    judge(quote, ["Amnesty (1 May 2020): Amnesty counted 304 people in all."])
    assert model.calls == 2  # not verbatim: the model is asked


def test_calibration_reports_each_judge() -> None:
    pairs = [
        Pair("Amnesty counted 304.", "Amnesty counted 304.", True),
        Pair("Amnesty counted 999.", "Amnesty counted 304.", False),
        Pair("Amnesty denied it.", "Amnesty confirmed it.", False),
    ]
    deterministic = calibrate(SupportJudge(), pairs)
    assert deterministic.accuracy == pytest.approx(2 / 3) and deterministic.model_accuracy is None
    with_model = calibrate(SupportJudge(Scripted("Yes"), name="yes-man"), pairs)
    assert with_model.model_accuracy == pytest.approx(1 / 3)
    assert (with_model.false_support, with_model.false_reject) == (1, 0)
    assert with_model.model_replies == {"yes": 3, "no": 0, "unclear": 0}


def test_calibration_file_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "pairs.jsonl"
    path.write_text('{"sentence": "s", "passage": "p", "supported": true}\n{"sentence": "s"}\n')
    with pytest.raises(EvalDataError, match="line 2"):
        load_pairs(path)


# ---- per-question scores and their aggregate -----------------------------------------------
def test_scores_of_an_answer_and_of_an_error() -> None:
    from assistant.evaluation.goldset import GoldQuestion
    from assistant.evaluation.runs import Record, aggregate, score_question

    good = GoldQuestion("a", "Q?", True, facts=("304",), figures=(304.0,), contested=True)
    a = answer("Amnesty counted 304 [1].", cite(1, "304 people were killed"))
    a = Answer(a.question, a.text, a.citations, (Flag("contested_figure", "m"),), a.passages)
    row = score_question(good, Record("a", 2.0, a), numbers_judge, k=6)
    assert (row["fact_recall"], row["figure_coverage"], row["citation_recall"]) == (1.0, 1.0, 1.0)
    failed = GoldQuestion("b", "Q?", True, facts=("x",), figures=(1.0,), contested=True)
    broken = score_question(
        failed, Record("b", 4.0, None, "ModelUnavailable: gone"), numbers_judge, 6
    )
    unanswerable = GoldQuestion("c", "Q?", False)
    declined = score_question(
        unanswerable,
        Record("c", 1.0, Answer("Q?", "x", (), (), (), answered=False)),
        numbers_judge,
        6,
    )
    agg = aggregate([row, broken, declined])
    assert agg["errors"] == 1 and agg["fact_recall"] == 0.5
    assert agg["figure_coverage_contested"] == 0.5 and agg["answer_rate"] == 0.5
    assert agg["abstention_accuracy"] == 1.0 and agg["contested_flag_recall"] == 1.0
    assert agg["latency_p50_s"] == 2.0
