"""Reads of the ledger for pages and reports; each scoped to one organisation."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from innen.balances import AGING_BUCKETS
from innen.formats.amounts import parse_amount
from innen.inlists import pieces
from innen.ledger.models import Invoice
from innen.ledger.querysets import InvoiceQuerySet
from innen.money import ZERO
from innen.organisations.models import Organisation

BUCKET_KEYS = [key for key, _, _ in AGING_BUCKETS]
# Found invoices shown at most; a person narrows the search rather than scroll through more.
SEARCH_LIMIT = 25


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


def invoice_search_open(
    *, organisation: Organisation, today: date, text: str, limit: int = SEARCH_LIMIT
) -> list[Invoice]:
    """Open invoices of `organisation` that every word of `text` finds, oldest due first.

    A word finds an invoice by its number, its payment reference, or its customer's name or
    number (any part, any case), and an amount (121, 121,00 or 1.210,00) finds the invoices
    with that much open or that total.
    """
    words = text.split()
    if not words:
        return []
    found = invoice_list_open(organisation=organisation, today=today)
    for word in words:
        found = found.filter(_finds(word))
    return list(found[:limit])


def _finds(word: str) -> Q:
    condition = (
        Q(number__icontains=word)
        | Q(payment_reference__icontains=word)
        | Q(customer__name__icontains=word)
        | Q(customer__number__icontains=word)
    )
    try:
        amount = parse_amount(word).value
    except ValueError:
        return condition
    return condition | Q(open_amount=amount) | Q(total=amount)


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
    # Not empty: the unique index of the references leaves those out, and is read then.
    rows = rows.exclude(external_reference="").order_by()
    return {
        reference
        for some in pieces(wanted)
        for reference in rows.filter(external_reference__in=some).values_list(
            "external_reference", flat=True
        )
    }
