"""The package is cut into layers, and modules import one way: down the layers.

Bottom to top: ``content`` (what staff write and how it is checked), ``domain`` (pure rules),
``ops`` (store, database, counting, server), ``web`` (Flask pipeline and pages), ``opendata``
(the JSON API, HSDS, JSON-LD, iCalendar). Above them only the app factory
(``routekaart/__init__.py``), the command line (``cli``) and ``__main__``. A module may import
its own layer and the layers below it; ``domain`` and ``content`` never import Flask. The one
name every layer may take from the package root is ``ROOT``, the project folder.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import routekaart

PACKAGE = Path(routekaart.__file__).parent
LAYERS = ("content", "domain", "ops", "web", "opendata")
TOP = ("routekaart", "routekaart.cli", "routekaart.__main__")
NO_FLASK = ("content", "domain")
WEB_LIBRARIES = ("flask", "flask_babel", "werkzeug", "jinja2", "htmx_flask")


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, everywhere: bool) -> set[str]:
    """The modules ``path`` imports: at its top level, or also inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = ast.walk(tree) if everywhere else tree.body
    found: set[str] = set()
    package = _name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else _name(path)
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


MODULES = {_name(p): p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts}


def _package_modules(imported: set[str]) -> set[str]:
    return {m for m in imported if m in MODULES}


def _layer(module: str) -> int | None:
    """The layer index of a package module; None for the top (factory, cli, __main__)."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in LAYERS:
        return LAYERS.index(parts[1])
    assert module in TOP, f"{module} is in no layer: put it in one of {LAYERS}"
    return None


def test_every_layer_is_a_package_with_a_rule():
    for layer in LAYERS:
        init = PACKAGE / layer / "__init__.py"
        assert "May import" in init.read_text(encoding="utf-8"), f"{layer} states no rule"
    assert "routekaart.domain.engine" in MODULES and "routekaart.web.finder" in MODULES


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_module_imports_only_its_own_layer_and_the_layers_below(module):
    own = _layer(module)
    if own is None:
        return
    for used in sorted(_package_modules(_imports(MODULES[module], everywhere=True))):
        if used == "routekaart":
            continue  # only ROOT, checked below
        theirs = _layer(used)
        assert theirs is not None and theirs <= own, f"{module} imports {used}, a layer up"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_only_root_is_taken_from_the_package_root(module):
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "routekaart" and not node.level:
            names = {alias.name for alias in node.names}
            if module not in TOP:
                assert names == {"ROOT"}, f"{module} takes {names} from the package root"


@pytest.mark.parametrize(
    "module", sorted(m for m in MODULES if m.split(".")[1:2] and m.split(".")[1] in NO_FLASK)
)
def test_content_and_domain_never_import_the_web_libraries(module):
    for used in _imports(MODULES[module], everywhere=True):
        assert used.split(".")[0] not in WEB_LIBRARIES, f"{module} imports {used}"


def test_the_layer_rule_can_fail():
    """The checks above see a real violation: the app factory imports from ``web``."""
    used = _package_modules(_imports(MODULES["routekaart"], everywhere=True))
    assert any(_layer(m) == LAYERS.index("web") for m in used)


def test_no_module_imports_itself_back_through_others():
    graph = {m: _package_modules(_imports(p, everywhere=False)) - {m} for m, p in MODULES.items()}
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
