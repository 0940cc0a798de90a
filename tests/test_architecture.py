"""The layers of `assistant/`, read from the code's own imports with `ast`.

Imports point downward only: a module may import from its own package or from a lower layer,
never from a higher one or a sibling layer; no import cycles between modules, deferred
imports inside functions included. The storage layer knows nothing of disputes.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "assistant"

# Lower number = lower layer. Top-level modules are named with their file stem.
LAYERS: dict[str, int] = {
    "types": 0,
    "errors": 0,
    "remember": 0,
    "config": 1,
    "corpus": 2,
    "models": 2,
    "store": 3,
    "ledger": 4,
    "grounding": 5,
    "answer": 6,
    "crosscheck": 7,
    "evaluation": 8,
    "integrations": 8,
    "ui": 9,
    "serve": 10,
    "cli": 11,
    "__main__": 12,
    "__init__": 12,
}
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__" and len(parts) > 2:
        parts = parts[:-1]
    return ".".join(parts)


def layer_of(module: str) -> str:
    """assistant.ledger.figures -> ledger; assistant.types -> types."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path, known: set[str]) -> set[str]:
    """The assistant modules `path` imports, anywhere in the file (deferred ones too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        found |= {n for n in names if n in known}
    return found


GRAPH = {name: imports(path, set(modules())) - {name} for name, path in modules().items()}


def test_every_module_belongs_to_a_known_layer() -> None:
    unknown = sorted({layer_of(m) for m in GRAPH} - set(LAYERS))
    assert not unknown, f"add these to LAYERS (and to the README's Layout): {unknown}"


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_point_downward(module: str) -> None:
    mine = layer_of(module)
    bad = [
        target
        for target in sorted(GRAPH[module])
        if layer_of(target) != mine and LAYERS[layer_of(target)] >= LAYERS[mine]
    ]
    assert not bad, f"{module} ({mine}) imports from the same or a higher layer: {bad}"


def test_no_import_cycles() -> None:
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(GRAPH.get(node, ())):
            if state.get(nxt) == 1:
                cycle = [*path[path.index(nxt) :], nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)


def test_storage_knows_nothing_of_disputes() -> None:
    for module, targets in GRAPH.items():
        if layer_of(module) == "store":
            assert not [t for t in targets if layer_of(t) == "ledger"], module
            text = modules()[module].read_text(encoding="utf-8").lower()
            assert "dispute" not in text, f"{module} mentions disputes"


def test_only_the_integrations_import_langchain_at_module_level() -> None:
    for module, path in modules().items():
        if layer_of(module) in ("integrations", "models", "corpus", "evaluation"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
        names = [getattr(n, "module", None) or n.names[0].name for n in top]  # type: ignore[attr-defined]
        assert not [n for n in names if n and n.startswith("langchain")], module


def test_modules_and_functions_stay_small() -> None:
    roots = [PACKAGE, PACKAGE.parent / "bench", PACKAGE.parent / "app.py"]
    files = [p for r in roots for p in ([r] if r.is_file() else sorted(r.rglob("*.py")))]
    long_modules, long_functions = [], []
    for path in files:
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > MAX_MODULE_LINES:
            long_modules.append(f"{path.name}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long_functions.append(f"{path.name}:{node.name}: {length} lines")
    assert not long_modules, long_modules
    assert not long_functions, long_functions
