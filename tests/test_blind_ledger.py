"""The dispute ledger, stance inference and abstention on corpora written blind (eval/blind/):
the dev corpora, and one corpus still sealed (`aircrash`), scored by the eval harness against
their gold files.

The thresholds are regression guards set below the scores measured when these corpora were
opened (README, "Blind corpora"); the issue's targets are far above them. A rise of the
scores should raise these floors.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.corpus.load import load_corpus
from assistant.evaluation.goldset import load_questions
from assistant.evaluation.ledger_command import question_scores
from assistant.evaluation.ledger_gold import load_gold_ledger
from assistant.evaluation.ledger_score import score_ledger, score_stance
from assistant.ledger.library import Library
from assistant.store.embedders import Embedder
from assistant.store.index import Index

from .conftest import ROOT

BLIND = ROOT / "eval" / "blind"
# corpus -> (ledger precision, ledger recall, stance F1, answerable answered) floors. `mine`
# and `plant` stayed sealed until their first measurement (README, "Third pass", "Fourth
# pass"); stadium's toll, split across groups in the third pass, is whole again (0.33 -> 0.67
# recall), and its floors went back up with it; mine's rose when claims restated in their
# voices' own words joined the disputes that relay them (0.25/0.33 -> 0.50/0.67); stadium's
# attendance, "around 42,000" against 38,212, is contested since "about N" means N give or
# take 5% (it was 10%). Seventh pass: a first-person estimate is its publisher's claim, so
# epidemic's "we have counted … across seven districts" now meets the four districts two
# independent sources give (the gold file names the ministry, whose four is read as part of
# the province's nine: 1.00 -> 0.67 precision); mine's synonyms and bridge's own-voice sums
# and durations are found (mine 0.50/0.67 -> 1.00/1.00, bridge 0.00/0.00 -> 1.00/1.00).
# Eighth pass: "Castellan's figure of 41,000" is Castellan's, and restates the households
# the sentence before counts (heatwave 0.33 -> 0.67 recall).
FLOORS = {
    "epidemic": (0.6, 0.6, 0.9, 0.9),
    "stadium": (0.9, 0.9, 0.9, 0.9),
    "mine": (0.9, 0.9, 0.9, 0.85),
    "plant": (0.9, 0.6, 0.9, 0.85),
    "heatwave": (0.9, 0.6, 0.9, 0.8),  # sealed until its first measurement (fifth pass)
    "bridge": (0.9, 0.9, 0.9, 0.8),  # sealed until its first measurement (sixth pass)
    "prison": (0.45, 0.6, 0.9, 0.9),  # sealed until its first measurement (seventh pass)
    # sealed until their first measurement (eighth pass: 0.60/1.00 and 0.50/0.33 then)
    "campus": (0.9, 0.9, 0.9, 0.9),
    "derailment": (0.9, 0.9, 0.9, 0.9),
    # sealed until its first measurement (tenth pass: 0.50/0.33 then, 0.67/0.67 after)
    "spill": (0.6, 0.6, 0.9, 0.8),
    # sealed until their first measurement (eleventh pass: 1.00/0.33 and 0.20/0.33 then,
    # 1.00/1.00 both after)
    "quake": (0.9, 0.9, 0.9, 0.75),
    "festival": (0.9, 0.9, 0.9, 0.8),
    # sealed until their first measurement (twelfth pass: 1.00/0.33, 0.33/0.33, 0.60/1.00 and
    # 1.00/1.00 then; 1.00/1.00, 0.75/1.00, 0.75/1.00 and 1.00/1.00 after)
    "stampede": (0.9, 0.9, 0.9, 0.7),
    "referendum": (0.6, 0.9, 0.9, 0.9),
    "drought": (0.6, 0.9, 0.9, 0.75),
    "shooting": (0.9, 0.9, 0.9, 0.75),
    # sealed from the eighth to the twelfth pass, opened in the thirteenth (0.50/0.33,
    # 0.50/0.33, 1.00/0.67, 0.33/0.33 and 0.25/0.33 then; 1.00/0.67, 0.67/0.67, 1.00/1.00,
    # 0.67/0.67 and 0.67/0.67 after)
    "airstrike": (0.9, 0.6, 0.9, 0.9),
    "bankrun": (0.6, 0.6, 0.9, 0.75),
    "eviction": (0.9, 0.9, 0.9, 0.75),
    "landslide": (0.6, 0.6, 0.9, 0.7),
    "towerfire": (0.6, 0.6, 0.9, 0.9),
    # sealed from the twelfth to the thirteenth pass, opened in the fourteenth (0.50/0.33,
    # 0.50/0.33, 0.67/0.67 and 0.25/0.33 then; here 1.00/0.67, 0.67/0.67, 1.00/1.00, 0.60/1.00)
    "pipeline": (0.9, 0.6, 0.9, 0.9),
    "cyclone": (0.6, 0.6, 0.9, 0.8),
    "refinery": (0.9, 0.9, 0.9, 0.8),
    "layoffs": (0.55, 0.9, 0.9, 0.9),
    # still sealed: nobody working on the rules has read it; its floors come from its scores
    # alone (1.00/0.33, stance 1.00, answered 0.86 at the fourteenth pass)
    "aircrash": (0.9, 0.3, 0.9, 0.8),
}


@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_blind_corpus_scores_hold(
    corpus: str, tmp_path: Path, embedder: Embedder, settings: Settings
) -> None:
    here = BLIND / corpus
    library = Library.over(Index(tmp_path / "index", embedder))
    library.sync_documents(load_corpus(here / "docs").documents)
    gold = load_gold_ledger(here / "gold_ledger.json")
    ledger = score_ledger(gold, library.disputes())
    stance = score_stance(gold, library.index.documents())
    answers = question_scores(load_questions(here / "questions.jsonl"), library, settings)
    precision, recall, stance_f1, answered = FLOORS[corpus]
    assert ledger.precision >= precision and ledger.recall >= recall, ledger.false_disputes
    assert stance.f1 >= stance_f1
    assert answers["answerable_answered"] >= answered
