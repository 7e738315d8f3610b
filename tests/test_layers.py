"""The package's modules import one way, down the layers (issue #12 part 9).

``content`` loads the monitor, and the monitor's checks use the staff-message helpers: those
helpers live in ``messages``, below both, so no module imports back up.
"""

from __future__ import annotations

import ast
from pathlib import Path

import routekaart

PACKAGE = Path(routekaart.__file__).parent


def _top_level_imports(path: Path) -> set[str]:
    """The package modules a module imports at its top level (not inside functions)."""
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
    return found


def _graph() -> dict[str, set[str]]:
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    return {
        p.stem: _top_level_imports(p) & modules
        for p in PACKAGE.glob("*.py")
        if p.stem != "__init__"
    }


def test_the_checking_helpers_sit_below_content_and_monitor():
    graph = _graph()
    assert "content" in graph["cli"]  # the graph is read at all
    for low in ("messages", "monitor", "checks", "model", "yamlsource"):
        assert "content" not in graph[low], f"{low} imports content"
    assert "messages" in graph["monitor"] and "messages" in graph["checks"]


def test_no_module_imports_itself_back_through_others():
    graph = _graph()
    state: dict[str, str] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for used in sorted(graph.get(module, ())):
            assert state.get(used) != "open", "import cycle: " + " -> ".join([*trail, used])
            if used not in state:
                visit(used, [*trail, used])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
