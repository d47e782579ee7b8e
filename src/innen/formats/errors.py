"""A problem with one line of a file, said so that a person can find and fix it."""

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class LineError:
    """`line` counts as a spreadsheet does: the header is line 1, the first data row line 2.

    `column` is the header as written in the file (so the user finds it), or "" when the
    problem is with the whole line or file.
    """

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column!r}" if self.column else "")
        return f"{where}: {self.message}"
