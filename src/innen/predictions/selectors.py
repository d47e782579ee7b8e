"""An organisation's ledger as `innen.risk` reads it: each invoice with the day it was
settled, the day a dispute about it was opened, the days promises and plans about it broke."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from innen.arrangements.models import Dispute, PaymentPlan, PlanStatus, Promise, PromiseStatus
from innen.ledger.models import Invoice
from innen.organisations.models import Organisation
from innen.risk.records import Record


def ledger_records(
    organisation: Organisation,
    customer_id: int | None = None,
    *,
    customer_ids: Sequence[int] | None = None,
) -> list[Record]:
    """Every invoice of `organisation` (of one customer, or of `customer_ids`: their history is
    all a prediction or a segment for them needs) as a `Record`; the customer's kind is the
    segment."""
    invoices = Invoice.objects.filter(organisation=organisation)
    if customer_id is not None:
        invoices = invoices.filter(customer_id=customer_id)
    if customer_ids is not None:
        invoices = invoices.filter(customer_id__in=customer_ids)
    disputed = _first_days(
        Dispute.invoices.through.objects.filter(
            organisation=organisation, invoice__in=invoices
        ).values_list("invoice_id", "dispute__opened_on")
    )
    promises = _all_days(
        Promise.invoices.through.objects.filter(
            organisation=organisation, invoice__in=invoices, promise__status=PromiseStatus.BROKEN
        ).values_list("invoice_id", "promise__settled_on")
    )
    plans = _all_days(
        PaymentPlan.invoices.through.objects.filter(
            organisation=organisation,
            invoice__in=invoices,
            paymentplan__status=PlanStatus.BROKEN,
        ).values_list("invoice_id", "paymentplan__ended_on")
    )
    rows = invoices.order_by("issue_date", "pk").values_list(
        "pk",
        "customer_id",
        "number",
        "issue_date",
        "due_date",
        "total",
        "settled_on",
        "customer__kind",
    )
    return [
        Record(
            customer=str(customer),
            number=f"{pk}:{number}",
            issued=issued,
            due=due,
            amount=total,
            settled=settled,
            disputed_on=disputed.get(pk),
            broken_promises=tuple(promises.get(pk, ())),
            broken_plans=tuple(plans.get(pk, ())),
            segment=kind,
        )
        for pk, customer, number, issued, due, total, settled, kind in rows
    ]


def _first_days(pairs: object) -> dict[int, date]:
    first: dict[int, date] = {}
    for invoice_id, day in pairs:  # type: ignore[attr-defined]
        if day is not None and (invoice_id not in first or day < first[invoice_id]):
            first[invoice_id] = day
    return first


def _all_days(pairs: object) -> dict[int, list[date]]:
    days: dict[int, list[date]] = defaultdict(list)
    for invoice_id, day in pairs:  # type: ignore[attr-defined]
        if day is not None:
            days[invoice_id].append(day)
    return days
