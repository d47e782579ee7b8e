"""Long lists of values for SQL `IN (...)`, in pieces one statement can take.

SQLite takes at most 32,766 parameters a statement; a bank statement of a hundred thousand
lines names more invoices, customers or references than that.
"""

from collections.abc import Iterator, Sequence
from typing import TypeVar

PIECE = 10_000

T = TypeVar("T")


def pieces(values: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), PIECE):
        yield values[start : start + PIECE]
