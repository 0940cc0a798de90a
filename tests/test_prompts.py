"""Prompts are files rendered strictly: missing or unused variables are errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import PromptError
from assistant.models.prompts import fill, placeholders, prompts_dir, render

ROOT = Path(__file__).resolve().parent.parent


def test_fills_placeholders_and_unescapes_braces() -> None:
    out = fill('Q: {question}\nJSON: {{"a": 1}} {question}', {"question": "why?"})
    assert out == 'Q: why?\nJSON: {"a": 1} why?'


def test_value_text_is_not_reinterpreted() -> None:
    assert fill("{a}", {"a": "{b} and {{"}) == "{b} and {{"


def test_missing_variable_is_named() -> None:
    with pytest.raises(PromptError, match="passages"):
        fill("{question} {passages}", {"question": "q"})


def test_unused_variable_is_named() -> None:
    with pytest.raises(PromptError, match="extra"):
        fill("{question}", {"question": "q", "extra": "x"})


@pytest.mark.parametrize("template", ["a { b", "a } b", "{not valid}", "{1x}"])
def test_lone_brace_is_an_error_that_says_how_to_escape(template: str) -> None:
    with pytest.raises(PromptError, match="literal brace"):
        fill(template, {})


def test_non_text_value_is_an_error() -> None:
    with pytest.raises(PromptError, match="text"):
        fill("{n}", {"n": 3})  # type: ignore[dict-item]


def test_placeholders_in_order() -> None:
    assert placeholders("{b} {a} {{c}} {b}") == ["b", "a"]


def test_missing_file_names_the_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CROSSCHECK_PROMPTS", str(tmp_path))
    with pytest.raises(PromptError, match=str(tmp_path / "nowhere.txt")):
        render("nowhere")


def test_override_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "hello.txt").write_text("Hello {name}.", encoding="utf-8")
    monkeypatch.setenv("CROSSCHECK_PROMPTS", str(tmp_path))
    assert render("hello", name="world") == "Hello world."


def test_bad_name_is_rejected() -> None:
    with pytest.raises(PromptError, match="prompt name"):
        render("../etc/passwd")


def test_default_directory_is_the_repository_prompts() -> None:
    assert prompts_dir() == ROOT / "prompts"


def test_every_shipped_prompt_parses() -> None:
    """Each file in prompts/ is well-formed: rendering with all its placeholders succeeds."""
    files = sorted((ROOT / "prompts").glob("*.txt"))
    assert files
    for path in files:
        names = placeholders(path.read_text(encoding="utf-8"))
        out = render(path.stem, **{n: f"<{n}>" for n in names})
        assert all(f"<{n}>" in out for n in names)
