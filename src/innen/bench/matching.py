"""Matching bank lines to open invoices: quality on a generated set, and speed at scale.

100,000 statement lines against 1,000,000 open invoices of one organisation, made by
`innen.matching.generated` with its ground truth (typos, combined and partial payments,
unrelated money, stornos). Building the set and the book is not timed; matching is.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from innen.bench import Figure, benchmark

LINES = 100_000
INVOICES = 1_000_000
CUSTOMERS = 100_000
TARGET_LINES_PER_SECOND = 50_000


@benchmark
def matching() -> Iterator[Figure]:
    from innen.matching.generated import generate
    from innen.matching.match import match_entries
    from innen.matching.quality import evaluate

    made = generate(CUSTOMERS, INVOICES, LINES, seed=5)
    started = time.perf_counter()
    decisions = match_entries(made.entries, made.book)
    seconds = time.perf_counter() - started
    quality = evaluate(decisions, made.truth)
    yield Figure("match_precision", quality.precision, "")
    yield Figure("match_recall", quality.recall, "")
    yield Figure(
        "match_lines_per_second",
        len(made.entries) / seconds,
        "lines/s",
        floor=TARGET_LINES_PER_SECOND,
        floor_label="target",
    )
