"""Stance from the text when front matter is silent: self-identification, the corpus's
descriptions of an organisation, and loaded wording, each with a reason a reader can check.

The documents here are invented (a harbour strike); the dev blind corpora (`eval/blind/epidemic`,
`eval/blind/wildfire`) and the demo corpus stripped of its front matter are measured too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from assistant.corpus.load import load_corpus, split_front_matter
from assistant.ledger.affiliation import classify, descriptions, same_organisation
from assistant.ledger.library import Library
from assistant.ledger.self_identity import first_person_plural, own_voice, self_names
from assistant.ledger.stance import infer_stances
from assistant.store.index import IngestReport
from assistant.types import Document, Source

ROOT = Path(__file__).resolve().parent.parent
BLIND = ROOT / "eval" / "blind"

UNION = """# Dockers stand firm as talks collapse

Statement of the Harbour Workers' Union, 4 June 2031

Our members have now been on strike for nine days. We have counted 4,100 dockers on the picket
lines this morning.

We demand that the authority return to the table with a serious offer.

Jo Brandt
General Secretary, Harbour Workers' Union
"""
WIRE = """# Port strike enters second week

By Ana Ruiz

LANTHOR, June 5 (Norwire) - A strike by dockers at the port of Lanthor entered its second week
on Thursday.

"We have counted 4,100 dockers on the picket lines," said Jo Brandt, general secretary of the
Harbour Workers' Union. "Our members will not back down. We demand a fair offer."

The Tidewater Shippers' Council, a trade association allied with the port's owners, said the
strike had cost its members $2 million.

Norwire was unable to verify either figure.
"""
POLITE = """# Update on shipping delays at Lanthor

Tidewater Shippers' Council | Members' bulletin | 6 June 2031

We have asked shipping lines to report delays to the secretariat. We estimate that 40 vessels
are waiting to berth.
"""
MONITOR = """# Lanthor: a count of the picket lines

Global Labour Monitor | Briefing note | 6 June 2031

Our researchers spoke to 40 dockers. We found no evidence of violence by strikers, and we urge
both sides to return to talks.

Methods

We interviewed workers by phone between 3 and 5 June.

Global Labour Monitor is an independent research organisation. It does not accept funding from
governments, companies or unions.
"""


def _doc(doc_id: str, text: str, **source: object) -> Document:
    return Document(doc_id, text, Source(title=doc_id, **source))  # type: ignore[arg-type]


def _stances(docs: Sequence[Document], others: Sequence[Source] = ()) -> dict[str, Source]:
    return {d.id: d.source for d in infer_stances(docs, others)}


def test_own_voice_blanks_quoted_speech_and_keeps_offsets() -> None:
    text = 'He said: "We demand more." Then ‘we agree’, she said.\n\n“Our members\n\nare out.'
    own = own_voice(text)
    assert len(own) == len(text)
    assert "demand" not in own and "agree" not in own and "members" not in own
    assert own.startswith("He said:") and "she said" in own and "are out." in own
    assert "Residents’ committee" in own_voice("The Residents’ committee met.")


def test_first_person_plural_is_the_documents_own_not_its_quotes() -> None:
    assert "Our members" in first_person_plural(own_voice(UNION))
    assert first_person_plural(own_voice(WIRE)) == ()


def test_a_statement_signed_by_a_union_is_partisan_with_its_reason() -> None:
    found = _stances([_doc("union", UNION), _doc("wire", WIRE)])
    union = found["union"]
    assert union.stance == "partisan" and union.stance_inferred
    assert "Harbour Workers' Union" in union.stance_reason
    assert "first person plural" in union.stance_reason and "We demand" in union.stance_reason


def test_a_news_story_quoting_we_is_not_partisan() -> None:
    found = _stances([_doc("union", UNION), _doc("wire", WIRE)])
    assert found["wire"].stance == "unknown" and not found["wire"].stance_inferred


def test_the_corpus_tells_the_affiliation_of_a_polite_organisation() -> None:
    alone = _stances([_doc("bulletin", POLITE)])
    assert alone["bulletin"].stance == "unknown"
    with_wire = _stances([_doc("bulletin", POLITE), _doc("wire", WIRE)])["bulletin"]
    assert with_wire.stance == "partisan"
    assert "other documents call it" in with_wire.stance_reason
    assert "allied with the port's owners" in with_wire.stance_reason


def test_a_sentence_opening_with_a_kind_describes_the_name_after_it() -> None:
    wire = (
        "# Recount confirms result\n\nMARSK, 4 June (Lanthor Wire) — The recount is over. State"
        " broadcaster LTV has called the protesters paid agitators. Several supporters told"
        " Lanthor Wire they would return.\n"
    )
    ltv = "# Calm returns to Marsk\n\nResidents told LTV News that the city was calm.\n"
    found = _stances([_doc("wire", wire), _doc("ltv", ltv)])
    assert found["ltv"].stance == "partisan", found["ltv"].stance_reason
    assert 'other documents call it "State broadcaster"' in found["ltv"].stance_reason
    assert found["wire"].stance == "unknown"  # "Several supporters told ...": not a kind


def test_the_organiser_of_the_event_is_a_party_and_an_acronym_is_its_name() -> None:
    assert classify("the religious foundation that organises the festival")[0] == "partisan"
    assert classify("the organisers of the march")[0] == "partisan"
    assert classify("a medical charity that runs two clinics")[0] == "independent"
    assert same_organisation("KRT News", "Kessel Regional Television")
    assert not same_organisation("KRT News", "Kessel Rail Trust Company")


def test_an_organisation_speaking_for_its_members_is_a_party() -> None:
    """Speaking as "we" says only that an organisation speaks; speaking for its members says it
    represents an interest."""
    text = POLITE.replace("shipping lines", "our members")
    found = _stances([_doc("bulletin", text)])["bulletin"]
    assert found.stance == "partisan"
    assert "membership" in found.stance_reason


def test_an_independent_monitor_speaking_as_we_stays_unknown() -> None:
    found = _stances([_doc("monitor", MONITOR), _doc("union", UNION), _doc("wire", WIRE)])
    assert found["monitor"].stance == "unknown"


ALONE = {
    # an opinion piece by a politician is no reporter's byline
    "councillor": (
        "# What the council will not tell you\n\n*By Councillor Anna Roe, Leader of the Lanthor"
        " Independents*\n\nWe have read the contract. We will not let this rest.\n",
        True,
    ),
    "correspondent": (
        "# Patrols meet at the river\n\n*By Anna Roe, Police Correspondent*\n\nTwo patrols met"
        " at the river on Tuesday, the police said.\n",
        False,
    ),
    # a local government's own statement, written politely
    "county council": (
        "# Statement on illness among pupils\n\nLanthor County Council is working closely with"
        " the health board. We can confirm that our schools will stay open.\n",
        True,
    ),
    # a group that counts for itself and calls for something, in the first person plural
    "parents' group": (
        "# Parents count the sick\n\nFOR IMMEDIATE RELEASE\n\nOur volunteers have called every"
        " family, and we have counted 400 children. Safe Meals Lanthor is calling for an"
        " inquiry.\n",
        True,
    ),
    # an organisation's own statement, and what kind of organisation it is
    "club": (
        "# Statement from Kingsford Rovers Football Club\n\nOur thoughts are with the families."
        " We are cooperating fully with the inquiry. Our supporters deserve answers.\n",
        True,
    ),
    "party": (
        "# Statement of the Lanthor Green Party on the port dispute\n\nThe party calls on both"
        " sides to return to talks.\n",
        True,
    ),
    "state media": (
        "# Port keeps working\n\nNational Television\n\nThanks to our brave police, the port"
        " kept working. Our nation depends on it.\n",
        True,
    ),
    "broadcaster praising": (
        "# Kestrel Unit frees hostages in daring night raid\n\nThe nightmare at the Velm bank is"
        " over. In a swift and courageous operation, the brave officers of the elite Kestrel"
        " Unit stormed the building. The daring raid was a textbook operation.\n",
        True,
    ),
    "short seller": (
        "# The numbers do not add up\n\nWe are short Northgate Holdings. We believe its revenue"
        " is overstated.\n",
        True,
    ),
    # an organisation speaking of itself in the present tense, as only its own statement does
    "ministry": (
        "# Communique on the incident at the border\n\nLORVAN, 3 May 2031\n\nThe Ministry of"
        " Defence of the Lanthor Republic informs the public of the following. Two patrols met"
        " at the river.\n",
        True,
    ),
    "company": (
        "# Results update\n\nLORVAN, 3 May 2031 — The board of Northgate Holdings today"
        " responds to the report published yesterday.\n\nMedia contact: Press Office,"
        " Northgate Holdings.\n",
        True,
    ),
    # ... or in the past with "today", or confirming: a party's and a ministry's own releases
    "party tabling": (
        "# Orrin Labour demands inquiry\n\nLorvan, 3 May 2031\n\nThe Orrin Labour Party today"
        " tabled a motion calling for an inquiry into the reckless raid.\n",
        True,
    ),
    "ministry confirming": (
        "# Statement on the situation at the Velm bank\n\nLorvan, 3 May 2031\n\nThe Ministry of"
        " the Interior can confirm that 40 people are inside the building.\n",
        True,
    ),
    "news of a ministry": (
        "# Ministry backs patrols\n\nLORVAN, 3 May (Lanthor Wire) — The Ministry of Defence"
        " said on Tuesday that two patrols had met at the river.\n",
        False,
    ),
    # a party answering for its conduct or its service, written politely and never naming
    # itself as a kind of organisation
    "operator": (
        "# Update on the service disruption\n\nWe are very sorry for the distress caused to"
        " our passengers. We are cooperating fully with the investigators.\n",
        True,
    ),
    "provider": (
        "# Update on the records system\n\nWe are writing to our patients to explain what"
        " happened. We restored the system on Tuesday.\n",
        True,
    ),
    # cooperating with an inquiry or the police, in any form of the verb
    "auditor": (
        "# Statement regarding our audit\n\nWe have withdrawn our opinion on the accounts. We"
        " will cooperate fully with any inquiry the regulator may open.\n",
        True,
    ),
    "hospitals": (
        "# Update on the incident\n\nWe took our systems offline. We are working closely with"
        " Wendle Valley Police to restore them.\n",
        True,
    ),
    # a monitor's report in the first person plural answers for nothing
    "monitor report": (
        "# Preliminary findings\n\nWe interviewed 40 witnesses. We regret that the ministry"
        " did not reply to our questions. Our staff visited three sites.\n",
        False,
    ),
    # speaking as "we" alone says nothing of the side
    "regulator": (
        "# Statement by the Financial Reporting Council on Northgate Holdings\n\nWe have opened"
        " an investigation. We will not comment further.\n",
        False,
    ),
    "coroner": (
        "# Statement from the Coroner's Office\n\nWe have received the post-mortem report. We"
        " will not comment further while the inquest is pending.\n",
        False,
    ),
    # who issues a statement is the body before what it is "on", named or not
    "defence team": (
        "# Statement by the defence team on the eve of the Lanthor Dock trial\n\nTomorrow our"
        " clients stand trial. We will ask the court to release them.\n",
        True,
    ),
    "diplomats": (
        "# Joint statement by heads of mission in Lanthor on the trial of the Harbour Times"
        " reporters\n\nWe attended the hearing. We remain concerned by the charges.\n",
        True,
    ),
    "a group asking": (
        "# What families have told us\n\nThis report sets out what families have told us and"
        " what we are asking the authority to do. We have gathered 31 accounts.\n",
        True,
    ),
    "editorial": (
        "# The Evening Post view\n\nWe believe the club must explain itself. Our readers deserve"
        " to know.\n",
        False,
    ),
}


@pytest.mark.parametrize("name", sorted(ALONE))
def test_a_document_alone(name: str) -> None:
    text, partisan = ALONE[name]
    source = _stances([_doc("d", text)])["d"]
    assert (source.stance == "partisan") is partisan, source.stance_reason
    assert bool(source.stance_reason) is partisan


def test_declared_stances_are_kept() -> None:
    declared = _doc("union", UNION, stance="independent", stance_declared=True)
    assert _stances([declared])["union"].stance == "independent"


def test_stored_sources_inform_an_upload() -> None:
    """An upload that names itself as a publisher the library already declares."""
    stored = Source(
        "Earlier", publisher="Tidewater Shippers' Council", stance="partisan", stance_declared=True
    )
    alone = _stances([_doc("uploads/bulletin", POLITE)])
    assert alone["uploads/bulletin"].stance == "unknown"
    found = _stances([_doc("uploads/bulletin", POLITE)], others=[stored])["uploads/bulletin"]
    assert found.stance == "partisan"
    assert "declared partisan" in found.stance_reason


@dataclass
class _FakeIndex:
    """The two calls `Library.add_documents` makes of the store, without embedding."""

    stored: dict[str, Source]
    added: list[Document] = field(default_factory=list)

    def refresh(self) -> None:
        pass

    def sources(self) -> dict[str, Source]:
        return self.stored

    def add(self, docs: Sequence[Document], *, progress: bool = False) -> IngestReport:
        self.added = list(docs)
        return IngestReport(tuple(d.id for d in docs), (), (), 0, 0)


class _NoLedger:
    def settle(self) -> None:
        """Nothing to place: the fake index stores no figures."""


def test_library_add_documents_passes_the_stored_sources() -> None:
    stored = Source(
        "Earlier", publisher="Tidewater Shippers' Council", stance="partisan", stance_declared=True
    )
    index = _FakeIndex({"old": stored, "uploads/bulletin": Source("stale copy")})
    library = Library(index, ledger=_NoLedger())  # type: ignore[arg-type]
    library.add_documents([_doc("uploads/bulletin", POLITE)])
    assert index.added[0].source.stance == "partisan"


# --------------------------------------------------------------------------- measured corpora


def _f1(corpus: str, sub: str) -> float:
    gold = json.loads((BLIND / corpus / "gold_ledger.json").read_text())["stance"]
    docs = infer_stances(load_corpus(BLIND / corpus / sub).documents)
    predicted = {d.id.split("/")[-1] for d in docs if d.source.stance == "partisan"}
    actual = {k for k, v in gold.items() if v == "partisan"}
    tp = len(predicted & actual)
    return 2 * tp / (len(predicted) + len(actual)) if predicted or actual else 1.0


@pytest.mark.parametrize("corpus", ["epidemic", "wildfire"])
def test_dev_corpora_stance_with_and_without_front_matter(corpus: str) -> None:
    assert _f1(corpus, "docs") == 1.0
    assert _f1(corpus, "nofm") >= 0.9
    for doc in infer_stances(load_corpus(BLIND / corpus / "nofm").documents):
        assert not doc.source.stance_inferred or doc.source.stance_reason


def test_demo_corpus_without_front_matter_marks_no_independent_source_partisan(
    tmp_path: Path,
) -> None:
    declared: dict[str, str] = {}
    for path in sorted((ROOT / "corpus").rglob("*.md")):
        if path.stem.upper() == "README":
            continue
        rel = path.relative_to(ROOT / "corpus")
        meta, body = split_front_matter(path.read_text(encoding="utf-8"), str(path))
        declared[rel.with_suffix("").as_posix()] = str(meta.get("stance", ""))
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(body, encoding="utf-8")
    docs = infer_stances(load_corpus(tmp_path).documents)
    wrong = [d.id for d in docs if d.source.stance == "partisan" and declared[d.id] != "partisan"]
    assert not wrong
    assert all(re.search(r"\w", d.source.stance_reason) for d in docs if d.source.stance_inferred)


def test_a_post_by_a_named_committee_speaks_for_its_group() -> None:
    post = (
        "# We counted them ourselves\n\n*Posted by the Quay Parents committee, 3 May 2031*\n\n"
        "We have counted 40 sick children. Our members will not stop asking.\n"
    )
    wire = (
        "# Parents dispute count\n\nHARBOURTON, 4 May (Lanthor Wire) — Quay Parents, a parents'"
        " campaign group that is backing the claims, says 40 children fell ill.\n"
    )
    found = _stances([_doc("post", post), _doc("wire", wire)])
    assert found["post"].stance == "partisan"
    assert "Quay Parents" in found["post"].stance_reason
    signed = post.replace("the Quay Parents committee", "Ann Roe, chair")
    assert (
        "Ann Roe" not in _stances([_doc("post", signed), _doc("wire", wire)])["post"].stance_reason
    )


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "# Communiqué No. 3\n\nVellmar, 16 March 2031\n\n1. The Lanthor Prison Service"
            " confirms that order was restored.\n\nLanthor Prison Service — Press and"
            " Communications Unit\n",
            "Lanthor Prison Service",
        ),
        (
            "# Assessment of the damage\n\nThe Governor said the repairs would take a year.\n\n"
            "Press office of the Governor of Upper Lanthor\n",
            "Governor of Upper Lanthor",
        ),
        (
            "# Initial assessment\n\nThe Lanthor Environment Agency today publishes its initial"
            " assessment of the release.\n",
            "Lanthor Environment Agency",
        ),
    ],
)
def test_an_office_signing_off_or_a_numbered_lead_names_who_speaks(text: str, name: str) -> None:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    found = self_names(lines, own_voice(text))
    assert found and found[0].name == name and found[0].strong


def test_a_name_listed_beside_another_describes_nothing() -> None:
    text = "We thank the Prison Service, the Gendarmerie, the fire service and the hospital.\n"
    assert not any(d.name == "Prison Service" for d in descriptions("d", text))


def test_a_release_whose_lead_describes_its_publisher_names_it() -> None:
    text = (
        "# Orrin Partners sets out its offer to tenants\n\n"
        "VELM, 4 May 2031 — Orrin Partners, the developer of the Velm Quay scheme, today set out"
        " the support it is giving to families moved from the site.\n\n"
        "To date, we have paid $3.1 million to households, and our site office stays open.\n"
    )
    names = [s.name for s in self_names(text.splitlines(), own_voice(text))]
    assert "Orrin Partners" in names


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (  # "The X Company wishes first of all to…" names who speaks; with "we", a party
            "# Statement on the fire in the Tessaly Tunnel\n\n"
            "**Orvel, 3 May 2031** — The Tessaly Tunnel Operating Company wishes first of all to"
            " express its sympathy to the families of those who died.\n\n"
            "We want to set out what our control room saw. Our records show that 19 vehicles"
            " were inside the tunnel.\n",
            "Tessaly Tunnel Operating Company",
        ),
        (  # a title-case place and a day, then the ministry opening its own statement
            "# Resits: arrangements for candidates\n\n"
            "Dorvik, 20 June 2031 - The Ministry of Education today set out full arrangements"
            " for the resitting of the two cancelled papers.\n\n"
            "We understand that this has been a difficult time. We are grateful to our"
            " teachers.\n",
            "Ministry of Education",
        ),
    ],
)
def test_a_body_opening_its_own_statement_under_a_dateline_is_partisan(
    text: str, name: str
) -> None:
    found = _stances([_doc("own", text), _doc("wire", WIRE)])
    assert found["own"].stance == "partisan"
    assert name in found["own"].stance_reason


def test_a_bold_dateline_is_blanked_like_a_capitalised_one() -> None:
    from assistant.corpus.sentences import without_dateline

    line = "**Orvel, 3 May 2031** — The council said 14 homes were lost."
    assert without_dateline(line).lstrip().startswith("The council said")
    for line in ("Port Orvel, 3 May 2031 - The council said so.", "Orvel, May 3 — The council"):
        assert without_dateline(line).lstrip().startswith("The council")  # a place and a day
    assert without_dateline("Orvel, the council, said 40 - 50.").startswith("Orvel")


def test_a_government_department_speaking_of_its_own_is_partisan() -> None:
    text = (
        "# Statement on the incident at Orrin Prison\n\n"
        "The Department of Corrections confirms that 12 prisoners left the prison overnight. "
        "Two officers were injured, and our thoughts are with their families.\n"
    )
    found = _stances([_doc("dept", text), _doc("wire", WIRE)])
    assert found["dept"].stance == "partisan" and "Department of Corrections" in (
        found["dept"].stance_reason
    )


def test_a_head_line_with_a_hyphen_names_who_speaks() -> None:
    lines = ["# Camps, not centres", "*Refugee Rights Alliance - Press release - 20 June 2025*"]
    assert any(s.name == "Refugee Rights Alliance" for s in self_names(lines, "\n".join(lines)))


@pytest.mark.parametrize(
    ("said", "partisan"),
    [
        ("We welcome the inquiry. We recognise the anger of the families.", True),
        ("We would welcome more data. We estimate that 40 homes were lost.", False),
    ],
)
def test_speaking_to_the_public_about_its_standing_marks_a_party(said: str, partisan: bool) -> None:
    text = (
        "# Update on the Orrin ferry\n\n"
        f"Our teams have worked through the night and our staff remain on site. {said}\n"
    )
    found = _stances([_doc("own", text), _doc("wire", WIRE)])
    assert (found["own"].stance == "partisan") is partisan
