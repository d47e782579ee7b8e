"""The layers run one way: a package imports only from the layers below its own.

The order is the one written in docs/architecture.md, in its ```layers block: the top line
is the outermost layer, and packages on one line are peers that do not import each other.
Every import counts, at the top of a module or inside a function; only imports made for
the type checker (`if TYPE_CHECKING:`) do not, since they never run.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "innen"
ARCHITECTURE = ROOT / "docs" / "architecture.md"


@dataclass(frozen=True)
class Import:
    where: str
    importer: str
    imported: str


def layers_written_down() -> dict[str, int]:
    """Each package's layer, counted from the bottom, as docs/architecture.md lists them."""
    block = re.search(r"```layers\n(.*?)```", ARCHITECTURE.read_text(), re.DOTALL)
    assert block, "docs/architecture.md has no ```layers block"
    lines = [line.split("#")[0].split() for line in block.group(1).splitlines()]
    lines = [names for names in lines if names]
    return {name: depth for depth, names in enumerate(reversed(lines)) for name in names}


def packages_in_source() -> set[str]:
    """The top-level packages and modules of `innen`."""
    return {
        path.stem if path.is_file() else path.name
        for path in SOURCE.iterdir()
        if (path.is_dir() and (path / "__init__.py").exists())
        or (path.suffix == ".py" and path.stem != "__init__")
    }


def _module_name(path: Path) -> list[str]:
    parts = list(path.relative_to(SOURCE.parent).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _absolute(node: ast.ImportFrom, path: Path) -> str:
    if not node.level:
        return node.module or ""
    package = _module_name(path)
    if path.name != "__init__.py":
        package = package[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node, except what sits under `if TYPE_CHECKING:`."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from (inner for other in node.orelse for inner in _runtime_nodes(other))
            continue
        yield node
        yield from _runtime_nodes(node)


def imports_between_packages() -> Iterator[Import]:
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = _module_name(path)
        if len(module) < 2:
            continue
        importer = module[1]
        for node in _runtime_nodes(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [_absolute(node, path)]
            else:
                continue
            for name in names:
                parts = name.split(".")
                if parts[0] == "innen" and len(parts) > 1 and parts[1] != importer:
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    yield Import(where, importer, parts[1])


def test_every_package_has_its_place_in_the_written_layers():
    written = layers_written_down()
    assert sorted(packages_in_source() - written.keys()) == []
    assert sorted(written.keys() - packages_in_source()) == []


def test_no_import_runs_up_or_across_a_layer():
    layer = layers_written_down()
    wrong = [
        f"{found.where}: {found.importer} imports {found.imported}"
        for found in imports_between_packages()
        if layer[found.imported] >= layer[found.importer]
    ]
    assert wrong == []


def test_the_layer_check_sees_imports_inside_functions_but_not_for_the_type_checker(tmp_path):
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from innen.web import views\n"
        "def f():\n"
        "    from innen.cli import main\n"
    )
    seen = [node.module for node in _runtime_nodes(tree) if isinstance(node, ast.ImportFrom)]
    assert seen == ["typing", "innen.cli"]
