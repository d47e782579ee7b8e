"""Small modules, short functions: no file over 500 lines, no function over 60 without a reason.

A function that really is one long piece (one SQL statement, a table of generated data)
says so in its first line: a comment or docstring that starts with "Long because".
Migrations are written by Django and do not count.
"""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "src" / "innen"
MAX_FILE_LINES = 500
MAX_FUNCTION_LINES = 60
REASON = "Long because"


def _python_files() -> list[Path]:
    return [path for path in sorted(SOURCE.rglob("*.py")) if "migrations" not in path.parts]


def _gives_a_reason(function: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str]) -> bool:
    docstring = ast.get_docstring(function) or ""
    if docstring.startswith(REASON):
        return True
    body = function.body[1:] if docstring and len(function.body) > 1 else function.body
    between = lines[function.lineno : body[0].lineno]  # the signature to the first statement
    return any(line.strip().startswith(f"# {REASON}") for line in between)


def test_no_file_is_over_500_lines():
    long_files = [
        f"{path.relative_to(SOURCE)}: {count} lines"
        for path in _python_files()
        if (count := len(path.read_text().splitlines())) > MAX_FILE_LINES
    ]
    assert long_files == []


def test_no_function_is_over_60_lines_without_saying_why():
    long_functions = []
    for path in _python_files():
        text = path.read_text()
        lines = text.splitlines()
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > MAX_FUNCTION_LINES and not _gives_a_reason(node, lines):
                long_functions.append(f"{path.relative_to(SOURCE)}:{node.lineno} {node.name}")
    assert long_functions == []
