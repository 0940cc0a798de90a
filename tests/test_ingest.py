from pathlib import Path

import pytest

from assistant.corpus.load import load_corpus, load_file
from assistant.errors import DocumentError

from .conftest import FICTIONAL, SEEDS


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_front_matter_becomes_source_and_id_is_relative_path(tmp_path: Path) -> None:
    write(
        tmp_path / "reports" / "x-2020-01-02.md",
        "---\ntitle: T\npublisher: P\ndate: 2020-01-02\nurl: https://p.example\nkind: report\n"
        "stance: partisan\naffiliation: A party\ndigest_of: somewhere\n---\n# T\n\nBody text.\n",
    )
    (doc,) = load_corpus(tmp_path).documents
    assert doc.id == "reports/x-2020-01-02"
    assert (doc.source.publisher, doc.source.date, doc.source.stance) == (
        "P",
        "2020-01-02",
        "partisan",
    )
    assert doc.source.affiliation == "A party"
    assert ("digest_of", "somewhere") in doc.extra
    assert doc.text.startswith("# T")


def test_plain_files_load_with_unknown_stance_and_a_title(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "\n\nFirst line is the title\nMore text here.")
    write(tmp_path / "b.md", "Intro\n\n# Not first\n")
    write(
        tmp_path / "c.html",
        "<html><head><title>Page title</title><script>alert(1)</script></head>"
        "<body><h1>Head</h1><p>Para <b>one</b>.</p><style>p{}</style></body></html>",
    )
    docs = {d.id: d for d in load_corpus(tmp_path).documents}
    assert docs["a"].source.title == "First line is the title"
    assert docs["a"].source.stance == "unknown"
    assert docs["b"].source.title == "Intro"
    assert docs["c"].source.title == "Page title"
    assert "alert" not in docs["c"].text and "Para one." in docs["c"].text


def test_pdf_loads(tmp_path: Path) -> None:
    write(tmp_path / "doc.pdf", minimal_pdf("Harbour report says 9 ships docked."))
    (doc,) = load_corpus(tmp_path).documents
    assert "9 ships docked" in doc.text


def test_malformed_front_matter_names_the_file_and_others_still_load(tmp_path: Path) -> None:
    write(tmp_path / "good.md", "---\ntitle: Good\n---\nFine text.\n")
    write(tmp_path / "bad.md", "---\ntitle: [unclosed\n---\nText.\n")
    write(tmp_path / "badstance.md", "---\nstance: hostile\n---\nText.\n")
    write(tmp_path / "baddate.md", "---\ndate: last Tuesday\n---\nText.\n")
    result = load_corpus(tmp_path)
    assert [d.id for d in result.documents] == ["good"]
    named = sorted(Path(e.path).name for e in result.errors)
    assert named == ["bad.md", "baddate.md", "badstance.md"]
    assert all(str(e).startswith(e.path) for e in result.errors)


def test_binary_and_readme_files_are_skipped(tmp_path: Path) -> None:
    write(tmp_path / "blob.txt", b"\x00\x01\x02binary" * 10)
    write(tmp_path / "README.md", "About this corpus.")
    write(tmp_path / "ok.txt", "Some text.")
    result = load_corpus(tmp_path)
    assert [d.id for d in result.documents] == ["ok"]
    assert any("blob.txt" in s and "binary" in s for s in result.skipped)


def test_missing_corpus_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="corpus directory not found"):
        load_corpus(tmp_path / "nope")


def test_content_hash_changes_with_text_and_metadata(tmp_path: Path) -> None:
    p = write(tmp_path / "a.md", "---\nstance: independent\n---\nText.\n")
    h1 = load_file(p, tmp_path).content_hash
    write(p, "---\nstance: partisan\n---\nText.\n")
    h2 = load_file(p, tmp_path).content_hash
    write(p, "---\nstance: partisan\n---\nText!\n")
    assert len({h1, h2, load_file(p, tmp_path).content_hash}) == 3


def test_fictional_and_seed_corpora_load_cleanly() -> None:
    assert len(load_corpus(FICTIONAL).documents) >= 8
    seeds = load_corpus(SEEDS)
    assert seeds.documents and not seeds.errors


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF with `text` in Helvetica, built by hand (no PDF writer needed)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out
