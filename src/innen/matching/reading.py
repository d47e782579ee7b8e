"""What a remittance text offers to look up: its payment references and number windows. Pure.

A text is read once per batch of lines, whatever asks: the rounds that work out what a
database must load for it, and the scanner that matches it. Bank lines repeat their texts
(a monthly payment, a standard description), so a batch keeps its readings (`Readings`, held
by the book), and lets go of them with it: a server reading statement after statement does
not keep a kilobyte per text it ever saw. Readings are named tuples: a hundred thousand lines
make hundreds of thousands of windows, and tuples are made fastest.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# A run of digit groups: "2026-00042", "2026 / 42", "1234 5678 9012 3456", "F2026.42".
RUN = re.compile(r"\d+(?:\s?[-/.]?\s?\d+)*")
DIGITS = re.compile(r"\d+")
RF = re.compile(r"\bRF\s?\d{2}(?:\s?[0-9A-Z]){1,21}", re.IGNORECASE)
_ANY_DIGIT = re.compile(r"\d")
# A number is read from at most this many digit groups in a row.
MAX_WINDOW = 3
# A typo is only looked for in windows of at least this many digits.
TYPO_DIGITS = 5
# A payment reference typed in pieces: this many digits together, at least and at most.
REFERENCE_DIGITS = (7, 16)


class Window(NamedTuple):
    """Digit groups `start` up to `end` of a run read as one invoice number."""

    start: int
    end: int
    key: str  # the groups' number key, as `book.number_keys` makes it
    flat: str  # the digits run together, leading zeros dropped; "" for a single group
    shown: str  # the groups as the scanner reports them, "-" joined


class Run(NamedTuple):
    """One run of digit groups and every way it may be read, in the scanner's order."""

    size: int  # how many groups
    references: tuple[tuple[int, int, str, str], ...]  # (start, end, digits, shown)
    windows: tuple[Window, ...]  # longest first, then left to right
    typo_windows: tuple[Window, ...]  # those with digits enough for a typo to be read


class Reading(NamedTuple):
    rf: tuple[tuple[str, str], ...]  # (compacted RF reference, as written)
    runs: tuple[Run, ...]


NOTHING = Reading((), ())


def compact(text: str) -> str:
    """A reference or IBAN without spaces and dots, upper case."""
    return text.replace(" ", "").replace(".", "").replace("-", "").upper()


class Readings(dict[str, Reading]):
    """The readings of a batch's texts, each made when first asked for: `readings[text]`."""

    def __missing__(self, text: str) -> Reading:
        reading = self[text] = read(text)
        return reading


def read(text: str) -> Reading:
    """Every reference and number window of `text` (nothing without a digit)."""
    if not text or not _ANY_DIGIT.search(text):
        return NOTHING
    rf = tuple((compact(m.group()), m.group()) for m in RF.finditer(text))
    runs = tuple(_run(DIGITS.findall(m.group())) for m in RUN.finditer(text))
    return Reading(rf, runs)


def _run(groups: list[str]) -> Run:
    n = len(groups)
    least, most = REFERENCE_DIGITS
    references = []
    for a in range(n):
        digits = ""
        for b in range(a, n):
            digits += groups[b]
            if len(digits) > most:
                break
            if len(digits) >= least:
                references.append((a, b + 1, digits, " ".join(groups[a : b + 1])))
    # The key of each window from the groups stripped once (see `book.number_keys`).
    stripped = [g.lstrip("0") or "0" for g in groups]
    windows = []
    for size in range(min(MAX_WINDOW, n), 0, -1):
        for a in range(n - size + 1):
            if size == 1:
                windows.append(Window(a, a + 1, stripped[a], "", groups[a]))
                continue
            window = groups[a : a + size]
            flat = "".join(window).lstrip("0") or "0"
            windows.append(
                Window(a, a + size, "-".join(stripped[a : a + size]), flat, "-".join(window))
            )
    typo_windows = tuple(w for w in windows if len(w.shown) - (w.end - w.start - 1) >= TYPO_DIGITS)
    return Run(n, tuple(references), tuple(windows), typo_windows)
