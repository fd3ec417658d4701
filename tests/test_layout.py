"""The layering of DESIGN.md, held true: apps depend one way, with no cycle.

``config -> home -> judging -> entries -> categories -> base``: an app imports
only the apps after it. No ``models.py`` imports a view, and no module imports
itself back through others. Read from the source with ``ast``, so that an
import hidden in a function counts too (a ``TYPE_CHECKING`` block does not:
it never runs).
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

LAYERS = ["config", "home", "judging", "entries", "categories", "base"]
ROOT = Path(settings.BASE_DIR)


def project_modules() -> dict[str, Path]:
    """Every module of the apps, by dotted name (migrations left out)."""
    modules = {}
    for app in LAYERS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            modules[name.removesuffix(".__init__")] = path
    return modules


def is_type_checking(node) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imported_names(module: str, path: Path) -> set[str]:
    """The dotted names ``module`` imports, relative imports resolved."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names = set()

    def visit(node):
        if is_type_checking(node):
            return
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module
            names.add(prefix)
            names.update(f"{prefix}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return names


def project_imports() -> dict[str, set[str]]:
    """Each project module and the project modules it imports."""
    modules = project_modules()
    return {
        module: {name for name in imported_names(module, path) if name in modules}
        - {module}
        for module, path in modules.items()
    }


def test_apps_import_only_the_apps_below_them():
    wrong = []
    for module, imports in project_imports().items():
        layer = LAYERS.index(module.split(".")[0])
        for name in imports:
            if LAYERS.index(name.split(".")[0]) < layer:
                wrong.append(f"{module} imports {name}")
    assert wrong == []


def test_no_model_module_imports_a_view():
    wrong = [
        f"{module} imports {name}"
        for module, imports in project_imports().items()
        if module.endswith(".models")
        for name in imports
        if "views" in name.split(".")[-1] or name.split(".")[-1].startswith("view")
    ]
    assert wrong == []


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle in ``graph`` (as a path back to its start), or []."""
    done, path = set(), []

    def visit(node) -> list[str]:
        if node in path:
            return path[path.index(node) :] + [node]
        if node in done:
            return []
        path.append(node)
        for target in sorted(graph.get(node, ())):
            cycle = visit(target)
            if cycle:
                return cycle
        path.pop()
        done.add(node)
        return []

    for node in sorted(graph):
        cycle = visit(node)
        if cycle:
            return cycle
    return []


def test_no_import_cycle():
    graph = project_imports()
    # A package's __init__ and the names it re-exports count as the package.
    assert find_cycle(graph) == []


@pytest.mark.parametrize(
    ("graph", "cycle"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
    ],
)
def test_the_cycle_finder_finds_cycles(graph, cycle):
    assert find_cycle(graph) == cycle


def test_a_function_level_import_is_read_too(tmp_path):
    source = tmp_path / "views.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from home.models import HomePage\n"
        "def view():\n    from entries.models import Entry\n"
    )
    names = imported_names("categories.views", source)
    assert "entries.models.Entry" in names
    assert "home.models.HomePage" not in names
