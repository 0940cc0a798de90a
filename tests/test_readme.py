"""The README's commands work as written."""

import re
import shlex
import shutil
from pathlib import Path

from .conftest import DEMO, ROOT
from .test_cli import run


def readme_commands() -> list[list[str]]:
    text = (ROOT / "README.md").read_text()
    lines = re.findall(r"^\.venv/bin/python -m assistant (.+?)(?:\s+#.*)?$", text, re.M)
    return [shlex.split(line) for line in lines]


def test_readme_cli_commands_run(tmp_path: Path) -> None:
    commands = readme_commands()
    assert len(commands) >= 3
    shutil.copytree(DEMO, tmp_path / "corpus")
    for args in commands:
        out = run(*args, cwd=tmp_path)
        assert out.returncode == 0, (args, out.stderr)
        assert out.stdout.strip()


def test_readme_names_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text()
    assert "make run" in text and "make test" in text
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
