"""Payment references and invoice numbers found in a statement line's free text. Pure.

`scan_text` reads the description through the book's precomputed readings (see `needs`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from innen.matching.book import Book


@dataclass
class Found:
    """Invoices named in the description, exactly or by a typo."""

    exact: list[tuple[int, str]] = field(default_factory=list)
    references: list[tuple[int, str]] = field(default_factory=list)
    typos: list[tuple[int, str]] = field(default_factory=list)


def scan_text(
    text: str,
    book: Book,
    references: Mapping[str, list[int]],
    numbers: Mapping[str, list[int]],
    typos: bool = True,
) -> Found:
    """Find payment references and invoice numbers in free text, longest readings first.

    Typos are looked for only among the open numbers (`numbers is book.by_number`), and
    not at all with `typos=False`.
    """
    found = Found()
    reading = book.readings[text]
    for ref, shown in reading.rf:
        for i in references.get(ref, ()):
            found.references.append((i, shown))
    typos = typos and numbers is book.by_number
    for run in reading.runs:
        used = [False] * run.size
        # A payment reference typed with spaces: any run of groups of 7–16 digits together.
        for a, end, digits, shown in run.references:
            ids = references.get(digits)
            if ids:
                for i in ids:
                    found.references.append((i, shown))
                used[a:end] = [True] * (end - a)
        for window in run.windows:
            if True in used[window.start : window.end]:
                continue
            ids = numbers.get(window.key)
            if ids is None and window.flat:
                ids = numbers.get(window.flat)
            if ids:
                for i in ids:
                    found.exact.append((i, window.shown))
                used[window.start : window.end] = [True] * (window.end - window.start)
        if typos and False in used:
            for window in run.typo_windows:
                if True in used[window.start : window.end]:
                    continue
                near = book.typo_of(window.key)
                if near is not None and len(book.by_number[near]) == 1:
                    found.typos.append((book.by_number[near][0], window.shown))
                    used[window.start : window.end] = [True] * (window.end - window.start)
    return found
