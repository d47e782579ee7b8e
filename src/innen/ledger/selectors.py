"""Reads of the ledger for pages and reports; each scoped to one organisation."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import QuerySet

from innen.balances import AGING_BUCKETS
from innen.inlists import pieces
from innen.ledger.models import Invoice
from innen.ledger.querysets import InvoiceQuerySet
from innen.money import ZERO
from innen.organisations.models import Organisation

BUCKET_KEYS = [key for key, _, _ in AGING_BUCKETS]


def invoice_list_open(
    *, organisation: Organisation, today: date, bucket: str | None = None
) -> InvoiceQuerySet:
    """Open invoices of `organisation`, oldest due first, optionally of one aging bucket."""
    invoices = (
        Invoice.objects.filter(organisation=organisation)
        .open()
        .select_related("customer")
        .order_by("due_date", "number")
    )
    if bucket is not None:
        invoices = invoices.alias(bucket=Invoice.objects.overdue_days_case(today)).filter(
            bucket=bucket
        )
    return invoices


def aging_summary(*, organisation: Organisation, today: date) -> dict[str, Any]:
    """Count and open total per aging bucket, with the overall and overdue totals."""
    buckets = Invoice.objects.filter(organisation=organisation).aging(today)
    total = sum((row["amount"] for row in buckets.values()), start=ZERO)
    return {
        "buckets": [{"key": key, **buckets[key]} for key in BUCKET_KEYS],
        "total": total,
        "overdue": total - buckets["not_due"]["amount"],
        "count": sum(row["count"] for row in buckets.values()),
    }


def recorded_references(rows: QuerySet[Any], references: Iterable[str]) -> set[str]:
    """Those of `references` that one of `rows` (payments, repayments) carries as its
    external reference."""
    wanted = sorted({reference for reference in references if reference})
    return {
        reference
        for some in pieces(wanted)
        for reference in rows.filter(external_reference__in=some).values_list(
            "external_reference", flat=True
        )
    }
