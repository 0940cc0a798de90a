"""The saved sources: a write appends what changed to a log beside the file, a reader replays
it, and anything that does not follow on (another writer, a line cut short) reads as out of
date rather than as a wrong state."""

from __future__ import annotations

from pathlib import Path

from assistant.store.saved_sources import SavedSources
from assistant.types import Source


def _sources(n: int, publisher: str = "Courier") -> dict[str, Source]:
    return {f"doc{i}": Source(title=f"Title {i}", publisher=publisher) for i in range(n)}


def test_a_write_appends_its_change_and_a_reader_replays_it(tmp_path: Path) -> None:
    path = tmp_path / "sources.json"
    writer = SavedSources(path)
    sources = _sources(50)
    writer.save("g1", sources)
    whole = path.read_text()
    sources = {**sources, "doc50": Source(title="New", publisher="Other")}
    del sources["doc3"]
    writer.save("g2", sources)
    changed = {**sources, "doc7": Source(title="Title 7", publisher="Courier", stance="partisan")}
    writer.save("g3", changed)
    assert path.read_text() == whole  # the file is not written again: the log holds the change
    assert len(path.with_name("sources.json.log").read_text().splitlines()) == 2
    assert SavedSources(path).load("g3") == changed
    assert SavedSources(path).load("g2") is None  # it holds for the last generation only


def test_a_log_that_does_not_follow_on_is_out_of_date(tmp_path: Path) -> None:
    path = tmp_path / "sources.json"
    log = path.with_name("sources.json.log")
    first, second = SavedSources(path), SavedSources(path)
    first.save("g1", _sources(20))
    assert second.load("g1") == _sources(20)
    first.save("g2", _sources(21))
    second.save("g3", _sources(22))  # its log is not as it left it: written whole
    assert SavedSources(path).load("g3") == _sources(22)
    first.save("g4", _sources(23))  # nor is its own any more: written whole too
    assert SavedSources(path).load("g4") == _sources(23)
    first.save("g5", _sources(5))
    assert SavedSources(path).load("g5") == _sources(5)
    line = '{"from":"elsewhere","to":"g6","set":{},"drop":["doc1"]}\n'  # another writer's
    log.write_text(log.read_text() + line)
    assert SavedSources(path).load("g6") is None
    log.write_text(log.read_text().replace(line, ""))
    log.write_text(log.read_text() + '{"from":"g5","to":"g6","set":{"doc9":')  # cut short
    assert SavedSources(path).load("g6") is None


def test_the_log_folds_into_the_file_once_as_large(tmp_path: Path) -> None:
    path = tmp_path / "sources.json"
    saved = SavedSources(path)
    sources = _sources(5)
    for i in range(40):
        sources = {**sources, f"new{i}": Source(title=f"A long enough title number {i}")}
        saved.save(f"g{i}", sources)
    log = path.with_name("sources.json.log")
    assert 0 < log.stat().st_size <= path.stat().st_size
    assert SavedSources(path).load("g39") == sources
