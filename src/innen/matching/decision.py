"""What matching decides for a statement line: the candidates it weighed and its choice. Pure.

The scores a decision is measured against (`THRESHOLD`, `NAME_MINIMUM`) live here too, so the
rules (`match`) and the money-out rules (`reversals`) read them from one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from innen.matching.book import ZERO

Action = Literal["apply", "review", "ignore", "storno", "refund"]

THRESHOLD = 90
NAME_MINIMUM = 0.85
MAX_COMBINATION = 4
# Subset sums are searched only for customers with at most this many open invoices.
MAX_COMBINATION_POOL = 40


@dataclass(frozen=True)
class Candidate:
    invoice_ids: tuple[int, ...]
    customer_id: int
    amounts: tuple[Decimal, ...]  # what goes to each invoice, in invoice_ids order
    score: int
    reason: str
    rule: str
    unallocated: Decimal = ZERO  # paid beyond the open amount: a credit for the customer


@dataclass(frozen=True)
class Decision:
    entry_number: int
    action: Action
    candidates: tuple[Candidate, ...]
    chosen: Candidate | None
    why: str
    unallocated: Decimal = ZERO
