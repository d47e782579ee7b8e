"""The outbox sits below the portal: the portal hands in what letters need of it."""

import ast
from pathlib import Path

import innen.outbox

OUTBOX = Path(innen.outbox.__file__).parent


def imported_modules(source: Path) -> set[str]:
    """Every module `source` imports, at its top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_the_outbox_imports_nothing_from_the_portal():
    upward = {
        f"{path.relative_to(OUTBOX)}: {module}"
        for path in OUTBOX.rglob("*.py")
        for module in imported_modules(path)
        if module == "innen.portal" or module.startswith("innen.portal.")
    }
    assert upward == set()
