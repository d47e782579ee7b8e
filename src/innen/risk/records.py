"""What the prediction knows of an invoice: its dates, amount, payment and trouble."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, slots=True)  # slots: a million of them fit in memory (the bench)
class Record:
    """One invoice of one customer as the ledger and dossier know it.

    `settled` is the day it was paid in full (None while open). `disputed_on` is the day a
    dispute about it became known; `broken_promises` and `broken_plans` the days a promise
    to pay or a payment plan about it broke; `reminded` the days a reminder or letter about it
    went out; `part_paid` the days a payment paid part of it and left it open. Every date is
    used only from that day on.
    """

    customer: str
    number: str
    issued: date
    due: date
    amount: Decimal
    settled: date | None = None
    disputed_on: date | None = None
    broken_promises: tuple[date, ...] = ()
    broken_plans: tuple[date, ...] = ()
    kind: str = ""
    segment: str = ""
    reminded: tuple[date, ...] = ()
    part_paid: tuple[date, ...] = ()

    @property
    def days_late(self) -> int | None:
        """Days paid after the due date (0 when on time); None while open."""
        if self.settled is None:
            return None
        return max(0, (self.settled - self.due).days)


def by_issue_date(records: list[Record]) -> list[Record]:
    """`records` oldest first by issue date; a day's invoices keep their order."""
    return sorted(records, key=lambda record: record.issued)
