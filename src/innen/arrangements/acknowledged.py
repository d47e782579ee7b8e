"""The days the debtor acknowledged each invoice: what interrupts its limitation (art. 3:318
BW), handed to `innen.ledger.limitation` when the apps load.

A promise to pay and a payment plan the debtor proposed acknowledge the claim on the day
they were made, whatever became of them later: a broken promise or a rejected plan still
acknowledged the debt. A dispute is the opposite and does not count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from innen.arrangements.models import PaymentPlan, Promise


def acknowledged_days(invoice_ids: Sequence[int]) -> dict[int, list[date]]:
    """Per invoice: the days the debtor promised to pay it or proposed a plan for it."""
    ids = list(invoice_ids)
    days: dict[int, list[date]] = defaultdict(list)
    promises = Promise.invoices.through.objects.filter(invoice_id__in=ids).values_list(
        "invoice_id", "promise__made_on"
    )
    plans = PaymentPlan.invoices.through.objects.filter(invoice_id__in=ids).values_list(
        "invoice_id", "paymentplan__proposed_on"
    )
    for invoice_id, day in [*promises, *plans]:
        days[invoice_id].append(day)
    return dict(days)
