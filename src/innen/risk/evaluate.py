"""The honest evaluation: train on the earlier invoices, test on the later ones, never at random.

The invoices that were paid are ordered by issue date; the first 80% train, the last 20%
test. Each test invoice's features are what was known before its own issue date (the
payments, disputes and broken promises of the invoices before it, also those in the test
part that were settled by then). Two baselines: "always 0 days late", and "late when the
customer's late share in the training part is above one half".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from innen.risk.features import issue_day_rows
from innen.risk.metrics import reliability, scores
from innen.risk.model import fit
from innen.risk.records import Record, by_issue_date

TRAIN_SHARE = 0.8


class TooFewInvoices(ValueError):
    """Not enough paid invoices to split and test."""


def split(records: Sequence[Record]) -> tuple[list[Record], list[Record]]:
    """The paid invoices by issue date: the first 80% and the last 20%."""
    paid = by_issue_date([r for r in records if r.settled is not None])
    cut = int(len(paid) * TRAIN_SHARE)
    if cut < 1 or cut >= len(paid):
        raise TooFewInvoices(f"{len(paid)} paid invoices are too few to split by date")
    return paid[:cut], paid[cut:]


def evaluate(records: Sequence[Record]) -> dict[str, Any]:
    """The model and both baselines on the chronological split of `records`; the model also
    without the invoice's own dispute (`model_without_own_dispute`), for data where the day
    a dispute was raised is not known."""
    train, test = split(records)
    actual = [int(r.days_late or 0) for r in test]
    return {
        "split": {
            "invoices": len(train) + len(test),
            "train": len(train),
            "test": len(test),
            "train_from": train[0].issued.isoformat(),
            "test_from": test[0].issued.isoformat(),
            "test_to": test[-1].issued.isoformat(),
            "share_late_test": round(sum(1 for a in actual if a > 0) / len(actual), 4),
        },
        "model": _model_scores(records, train, test, own_dispute=True),
        "model_without_own_dispute": _model_scores(records, train, test, own_dispute=False),
        "baselines": {
            "zero": scores([0.0] * len(test), [0.0] * len(test), actual),
            "past_rate": _past_rate(train, test, actual),
        },
    }


def _past_rate(train: list[Record], test: list[Record], actual: list[int]) -> dict[str, Any]:
    """Late when the customer's share of late invoices in the training part is above 1/2;
    its days late the customer's mean days late there (0 for a new customer)."""
    seen: dict[str, list[int]] = defaultdict(list)
    for record in train:
        seen[record.customer].append(int(record.days_late or 0))
    rates, days = [], []
    for record in test:
        past = seen.get(record.customer, [])
        rates.append(sum(1 for d in past if d > 0) / len(past) if past else 0.0)
        days.append(sum(past) / len(past) if past else 0.0)
    return scores(days, rates, actual)


def _model_scores(
    records: Sequence[Record], train: list[Record], test: list[Record], *, own_dispute: bool
) -> dict[str, Any]:
    rows, test_rows = issue_day_rows(train, records), issue_day_rows(test, records)
    if not own_dispute:
        for row in rows + test_rows:
            row["disputed"] = 0.0
    actual = [int(r.days_late or 0) for r in test]
    model = fit(rows, [int(r.days_late or 0) for r in train])
    predicted = model.predict(test_rows)
    p_late = [p.p_late for p in predicted]
    result = scores([p.days_late for p in predicted], p_late, actual)
    result["fallback"] = model.fallback
    result["reliability"] = reliability(p_late, actual)
    return result
