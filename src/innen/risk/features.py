"""The features of an invoice, from what was known before a cut-off day.

Training uses each invoice's issue date as its cut-off; scoring an open invoice uses the
decision day. Only what had happened before the cut-off counts: a past invoice's payment
once it was settled, a dispute once raised, a promise or plan once broken. So nothing from
the future leaks in (tests/risk/test_features.py checks it with hypothesis).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from statistics import median

from innen.risk.records import Record

NUMERIC = (
    "paid_before",  # the customer's invoices settled before the cut-off
    "share_late",  # of those, the share paid after the due date
    "median_days_late",
    "trend_days_late",  # last three minus the ones before: growing lateness
    "last_days_late",
    "disputed",  # this invoice is disputed (known before the cut-off, or on it)
    "disputes_year",  # disputes raised in the year before the cut-off
    "broken_promises_year",
    "broken_plans_year",
    "open_before",  # the customer's other invoices open at the cut-off
    "overdue_before",  # of those, past their due date
    "amount_ratio",  # this amount over the customer's median amount before
    "log_amount",
    "term_days",
    "due_month",
    "due_weekday",
    "customer_days",  # days since the customer's first invoice
)
CATEGORICAL = ("kind", "segment")
FEATURES = NUMERIC + CATEGORICAL
YEAR = timedelta(days=365)
MISSING = math.nan

Row = dict[str, float | str]


def features(record: Record, history: Sequence[Record], known_on: date) -> Row:
    """`record`'s features from its customer's `history` as known before `known_on`.

    `history` may hold anything (later invoices, the record itself): what was not yet
    known before `known_on` is left out here.
    """
    earlier = [h for h in history if h.issued < known_on and h.number != record.number]
    paid = sorted(
        (h for h in earlier if h.settled is not None and h.settled < known_on),
        key=lambda h: (h.settled, h.issued),
    )
    lateness = [float(h.days_late or 0) for h in paid]
    open_before = [h for h in earlier if h.settled is None or h.settled >= known_on]
    amounts = [float(h.amount) for h in earlier]
    row: Row = {
        "paid_before": float(len(paid)),
        "share_late": _share(lateness),
        "median_days_late": median(lateness) if lateness else MISSING,
        "trend_days_late": _trend(lateness),
        "last_days_late": lateness[-1] if lateness else MISSING,
        "disputed": float(record.disputed_on is not None and record.disputed_on <= known_on),
        "disputes_year": _within_year(_disputes(history), known_on),
        "broken_promises_year": _within_year(_flatten(history, "promises"), known_on),
        "broken_plans_year": _within_year(_flatten(history, "plans"), known_on),
        "open_before": float(len(open_before)),
        "overdue_before": float(sum(1 for h in open_before if h.due < known_on)),
        "amount_ratio": float(record.amount) / median(amounts)
        if amounts and median(amounts) > 0
        else MISSING,
        "log_amount": math.log1p(max(0.0, float(record.amount))),
        "term_days": float((record.due - record.issued).days),
        "due_month": float(record.due.month),
        "due_weekday": float(record.due.weekday()),
        "customer_days": float((known_on - min(h.issued for h in earlier)).days)
        if earlier
        else MISSING,
        "kind": record.kind,
        "segment": record.segment,
    }
    return row


def _share(lateness: list[float]) -> float:
    return sum(1 for days in lateness if days > 0) / len(lateness) if lateness else MISSING


def _trend(lateness: list[float]) -> float:
    if len(lateness) < 4:
        return MISSING
    recent, before = lateness[-3:], lateness[:-3]
    return sum(recent) / len(recent) - sum(before) / len(before)


def _disputes(history: Sequence[Record]) -> list[date]:
    return [h.disputed_on for h in history if h.disputed_on is not None]


def _flatten(history: Sequence[Record], which: str) -> list[date]:
    if which == "promises":
        return [day for h in history for day in h.broken_promises]
    return [day for h in history for day in h.broken_plans]


def _within_year(days: Iterable[date], known_on: date) -> float:
    return float(sum(1 for day in days if known_on - YEAR <= day < known_on))


def by_customer(records: Iterable[Record]) -> dict[str, list[Record]]:
    """The records of each customer."""
    grouped: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        grouped[record.customer].append(record)
    return grouped


def issue_day_rows(records: Sequence[Record], history: Iterable[Record]) -> list[Row]:
    """The features of each of `records` as known before its own issue date (for training
    and for the evaluation), from its customer's invoices in `history`."""
    grouped = by_customer(history)
    return [features(r, grouped.get(r.customer, []), r.issued) for r in records]


def rows_on(records: Sequence[Record], history: Iterable[Record], today: date) -> list[Row]:
    """The features of each of `records` (open invoices) as known before `today`."""
    grouped = by_customer(history)
    rows: dict[int, Row] = {}
    for customer, own in by_customer(records).items():
        made = customer_rows(own, grouped.get(customer, []), today)
        rows.update((id(record), row) for record, row in zip(own, made, strict=True))
    return [rows[id(r)] for r in records]


def customer_rows(
    records: Sequence[Record], history: Sequence[Record], known_on: date
) -> list[Row]:
    """What `features` gives each of `records` (one customer's) for one cut-off day, with the
    customer's history read once instead of once per record: scoring a large ledger on one
    day (tests/risk/test_features.py checks it gives the same rows)."""
    known = _Known(history, known_on)
    return [known.row(record) for record in records]


class _Known:
    """A customer's history before a cut-off, sorted once; a record's row leaves it out."""

    def __init__(self, history: Sequence[Record], known_on: date) -> None:
        self.history, self.known_on = history, known_on
        earlier = [h for h in history if h.issued < known_on]
        numbers = [h.number for h in earlier]
        self.unique = len(set(numbers)) == len(numbers)
        self.paid = sorted(
            (h for h in earlier if h.settled is not None and h.settled < known_on),
            key=lambda h: (h.settled, h.issued),
        )
        self.at = {h.number: i for i, h in enumerate(self.paid)}
        self.lateness = [float(h.days_late or 0) for h in self.paid]
        self.lateness_ordered = sorted(self.lateness)
        self.late = sum(1 for days in self.lateness if days > 0)
        self.open = {h.number: h for h in earlier if h.settled is None or h.settled >= known_on}
        self.overdue = sum(1 for h in self.open.values() if h.due < known_on)
        self.amounts = sorted(float(h.amount) for h in earlier)
        self.earlier = {h.number: h for h in earlier}
        self.first = sorted(h.issued for h in earlier)[:2]
        self.common: Row = {
            "disputes_year": _within_year(_disputes(history), known_on),
            "broken_promises_year": _within_year(_flatten(history, "promises"), known_on),
            "broken_plans_year": _within_year(_flatten(history, "plans"), known_on),
        }

    def row(self, record: Record) -> Row:
        if not self.unique:
            return features(record, self.history, self.known_on)
        known_on = self.known_on
        own = self.earlier.get(record.number)  # the record as the history holds it: left out
        i = self.at.get(record.number)
        lateness = self.lateness if i is None else self.lateness[:i] + self.lateness[i + 1 :]
        late = self.late - (i is not None and self.lateness[i] > 0)
        opened = self.open.get(record.number)
        first = self.first
        if own is not None and first and first[0] == own.issued:
            first = first[1:]
        amounts_left = len(self.amounts) - (own is not None)
        amount_median = (
            _median_leaving_out(self.amounts, None if own is None else float(own.amount))
            if amounts_left
            else 0.0
        )
        paid_left_out = None if i is None else self.lateness[i]
        return {
            "paid_before": float(len(lateness)),
            "share_late": late / len(lateness) if lateness else MISSING,
            "median_days_late": _median_leaving_out(self.lateness_ordered, paid_left_out)
            if lateness
            else MISSING,
            "trend_days_late": _trend(lateness),
            "last_days_late": lateness[-1] if lateness else MISSING,
            "disputed": float(record.disputed_on is not None and record.disputed_on <= known_on),
            **self.common,
            "open_before": float(len(self.open) - (opened is not None)),
            "overdue_before": float(self.overdue - (opened is not None and opened.due < known_on)),
            "amount_ratio": float(record.amount) / amount_median
            if amounts_left and amount_median > 0
            else MISSING,
            "log_amount": math.log1p(max(0.0, float(record.amount))),
            "term_days": float((record.due - record.issued).days),
            "due_month": float(record.due.month),
            "due_weekday": float(record.due.weekday()),
            "customer_days": float((known_on - first[0]).days) if first else MISSING,
            "kind": record.kind,
            "segment": record.segment,
        }


def _median_leaving_out(ordered: list[float], value: float | None) -> float:
    """The median of `ordered` (sorted, not empty once `value` is left out) with one `value`
    left out (None: none), without copying it: each of a customer's invoices leaves out
    its own."""
    skip = len(ordered) if value is None else bisect_left(ordered, value)
    size = len(ordered) - (value is not None)

    def at(position: int) -> float:
        return ordered[position if position < skip else position + 1]

    middle = size // 2
    return at(middle) if size % 2 else (at(middle - 1) + at(middle)) / 2
