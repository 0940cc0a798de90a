"""Prompts are text files in `prompts/`, rendered strictly.

`render("answer", question=..., passages=...)` loads `prompts/answer.txt` and replaces each
`{name}` placeholder with its value. Strict in both directions: a placeholder without a value
and a value without a placeholder are both `PromptError`s, so a renamed variable cannot
silently vanish from a prompt. Write `{{` and `}}` for a literal brace; any other lone brace
is an error too.

Where the files are found, first match wins:
1. `$CROSSCHECK_PROMPTS` (a directory), when set;
2. `prompts/` beside the package (a source checkout or an editable install);
3. `<sys.prefix>/share/crosscheck/prompts` (where a wheel install puts them).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from assistant.config import setting
from assistant.errors import PromptError

_TOKEN = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}|[{}]")
_NAME = re.compile(r"[A-Za-z0-9_-]+")


def prompts_dir() -> Path:
    """The directory prompt files are read from (see the module docstring)."""
    override = setting("prompts")
    if override:
        return Path(override)
    beside = Path(__file__).resolve().parents[2] / "prompts"
    if beside.is_dir():
        return beside
    installed = Path(sys.prefix) / "share" / "crosscheck" / "prompts"
    return installed if installed.is_dir() else beside


def load(name: str) -> str:
    """The raw template `prompts/<name>.txt`."""
    if not _NAME.fullmatch(name):
        raise PromptError(f"{name!r} is not a prompt name; use letters, digits, '-' or '_'.")
    path = prompts_dir() / f"{name}.txt"
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PromptError(
            f"Prompt file {path} is missing. Restore it from the repository, or point "
            "CROSSCHECK_PROMPTS at a directory that holds it."
        ) from None


def placeholders(template: str) -> list[str]:
    """The `{name}` placeholders of a template, in order of first appearance."""
    names: list[str] = []
    for m in _TOKEN.finditer(template):
        if m.group(1) and m.group(1) not in names:
            names.append(m.group(1))
    return names


def fill(template: str, variables: dict[str, str], *, name: str = "<template>") -> str:
    """Substitute `{name}` placeholders; `{{`/`}}` are literal braces. Strict (see above)."""
    wanted = placeholders(template)
    missing = [v for v in wanted if v not in variables]
    if missing:
        raise PromptError(f"Prompt {name!r} needs a value for: {', '.join(missing)}.")
    unused = sorted(set(variables) - set(wanted))
    if unused:
        raise PromptError(f"Prompt {name!r} has no placeholder for: {', '.join(unused)}.")
    not_text = sorted(k for k, v in variables.items() if not isinstance(v, str))
    if not_text:
        raise PromptError(f"Prompt {name!r}: values must be text, not for: {', '.join(not_text)}.")

    def replace(m: re.Match[str]) -> str:
        token = m.group(0)
        if token in ("{{", "}}"):
            return token[0]
        if m.group(1):
            return variables[m.group(1)]
        line = template.count("\n", 0, m.start()) + 1
        raise PromptError(
            f"Prompt {name!r} has a lone {token!r} on line {line}; write {token * 2} for a "
            "literal brace."
        )

    return _TOKEN.sub(replace, template)


def render(name: str, /, **variables: str) -> str:
    """`prompts/<name>.txt` with every `{placeholder}` filled from `variables`."""
    return fill(load(name), variables, name=name)
