"""Front matter is bounded: no aliases, at most 16 KB, 10 levels, 4 KB a value; a value YAML
cannot read is that file's error and the files beside it still load."""

from __future__ import annotations

import resource
import time
from pathlib import Path

import pytest

from assistant.corpus.load import load_corpus, load_file, split_front_matter
from assistant.errors import DocumentError

BODY = "The Vardo bridge inspection found cracked bolts.\n"


def billion_laughs(levels: int = 7) -> str:
    lines = ['a0: &a0 "lol"']
    for i in range(1, levels + 1):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "---\n" + "\n".join(lines) + f"\nbomb: *a{levels}\n---\n" + BODY


def test_alias_bomb_is_refused_fast_without_memory_growth() -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    with pytest.raises(DocumentError) as caught:
        split_front_matter(billion_laughs(), "bomb.md")
    assert time.perf_counter() - start < 1.0
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KB
    assert caught.value.path == "bomb.md" and "anchor" in caught.value.reason


def test_aliases_are_refused_even_without_a_visible_anchor_use() -> None:
    with pytest.raises(DocumentError, match=r"alias|anchor"):
        split_front_matter("---\nbase: &b {x: 1}\nmore:\n  <<: *b\n---\n" + BODY, "m.md")


def test_front_matter_over_16kb_is_refused() -> None:
    text = "---\n" + "".join(f"k{i}: {'v' * 60}\n" for i in range(300)) + "---\n" + BODY
    with pytest.raises(DocumentError, match="longer than 16,384 characters; shorten"):
        split_front_matter(text, "big.md")


def test_deep_nesting_is_refused() -> None:
    deep = "[" * 30 + "]" * 30
    with pytest.raises(DocumentError, match="nested more than 10 levels"):
        split_front_matter(f"---\nx: {deep}\n---\n" + BODY, "deep.md")
    meta, _ = split_front_matter("---\nx: [[[1]]]\n---\n" + BODY, "ok.md")
    assert meta == {"x": [[[1]]]}


def test_a_value_over_4kb_is_refused() -> None:
    with pytest.raises(DocumentError, match="'notes' is longer than 4,096"):
        split_front_matter("---\nnotes: " + "w" * 5000 + "\n---\n" + BODY, "long.md")


@pytest.mark.parametrize(
    ("name", "front", "says"),
    [
        ("baddate.md", "date: 2021-02-30", "day is out of range"),
        ("badint.md", "count: !!int 0xZZ", "cannot read"),
        ("bomb.md", None, "anchor"),
        ("deep.md", "x: " + "[" * 20 + "]" * 20, "nested"),
    ],
)
def test_bad_front_matter_is_one_files_error_and_the_others_load(
    tmp_path: Path, name: str, front: str | None, says: str
) -> None:
    (tmp_path / "good.md").write_text("---\ntitle: Good\n---\n" + BODY, encoding="utf-8")
    text = billion_laughs() if front is None else f"---\n{front}\n---\n" + BODY
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = load_corpus(tmp_path)
    assert [d.id for d in result.documents] == ["good"]
    assert len(result.errors) == 1 and says in result.errors[0].reason
    assert name in str(result.errors[0])


def test_unexpected_errors_name_the_file_without_server_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "good.md").write_text(BODY, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "odd.md").write_text(BODY, encoding="utf-8")
    import assistant.corpus.load as load

    real = load._make

    def explode(path: Path, *args: object) -> object:
        if path.name == "odd.md":
            raise RecursionError(f"boom in {path}")
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(load, "_make", explode)
    result = load_corpus(tmp_path)
    assert [d.id for d in result.documents] == ["good"]
    (error,) = result.errors
    assert error.path == "sub/odd.md" and str(tmp_path) not in str(error)
    with pytest.raises(DocumentError) as caught:
        load_file(tmp_path / "sub" / "odd.md", tmp_path)
    assert str(tmp_path) not in str(caught.value)


@pytest.mark.parametrize(
    ("original", "says"),
    [
        ("...md", "nothing before its .md"),
        ("README.md", "README files"),
        ("tool.exe", "only .txt"),
    ],
)
def test_upload_names_that_cannot_be_kept_are_refused(
    tmp_path: Path, original: str, says: str
) -> None:
    from assistant.corpus.uploads import place_upload

    source = tmp_path / "in" / original
    source.parent.mkdir()
    source.write_text("The Vardo bridge inspection found 12 cracked bolts.\n", encoding="utf-8")
    with pytest.raises(DocumentError, match=says):
        place_upload(source, tmp_path / "corpus")
    assert not (tmp_path / "corpus").exists()


def test_a_long_upload_name_keeps_its_suffix() -> None:
    from assistant.corpus.uploads import safe_name

    name = safe_name("a" * 200 + ".md")
    assert name.endswith(".md") and len(name) <= 110


def _blank_pdf(path: Path, pages: int) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    with path.open("wb") as f:
        writer.write(f)
    return path


@pytest.mark.parametrize(
    ("cap", "value", "says"),
    [("MAX_PDF_PAGES", 3, "more than 3 pages"), ("MAX_PDF_SECONDS", -1.0, "reading it took")],
)
def test_pdf_reading_is_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cap: str, value: float, says: str
) -> None:
    monkeypatch.setattr(f"assistant.corpus.load.{cap}", value)
    pdf = _blank_pdf(tmp_path / "long.pdf", 5)
    with pytest.raises(DocumentError, match=says):
        load_file(pdf, tmp_path)
