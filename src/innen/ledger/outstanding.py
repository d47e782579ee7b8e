"""Keeps `Invoice.outstanding` and `Invoice.settled_on` equal to what the allocations say.

Both are stored so that reading the open items of a large ledger is an index scan instead of
a sum over every allocation. Whatever writes allocations calls `refresh_outstanding` for the
invoices it touched, in the same transaction: the ledger's services, the repayments' books,
the demo loader, and a deleted payment or credit note (whose allocations go with it); it
tells the listeners of `innen.ledger.changes` which organisations' open items changed. New
invoices start at their total (`Invoice.save`, `Invoice.objects.bulk_create`). Writers
beneath the ORM (the benchmarks' COPY) fill both columns themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Case, DateField, F, Max, OuterRef, Subquery, Sum, When
from django.db.models.functions import Coalesce, Round

from innen.inlists import pieces
from innen.ledger.changes import tell_open_items_changed
from innen.ledger.models import Allocation, AllocationKind, Invoice
from innen.ledger.querysets import MONEY, NOTHING

# Payments and credit notes settle an invoice; a write-off closes it without settling it.
SETTLING = (AllocationKind.PAYMENT, AllocationKind.CREDIT)


def _summed(allocations: Any) -> Coalesce:
    total = allocations.order_by().values("invoice").annotate(s=Sum("amount")).values("s")
    return Coalesce(Subquery(total, output_field=MONEY), NOTHING)


def refresh_outstanding(invoice_ids: Iterable[int]) -> None:
    """Recompute the stored open amount and settlement day of these invoices: one UPDATE
    (per ten thousand)."""
    ids = sorted(set(invoice_ids))
    if not ids:
        return
    allocations = Allocation.objects.filter(invoice=OuterRef("pk"))
    settling = allocations.filter(kind__in=SETTLING)
    # Allocations are positive: payments and credit notes cover the total on the last day.
    last_day = settling.order_by().values("invoice").annotate(d=Max("date")).values("d")
    # Rounded in SQL: SQLite adds decimals in floating point.
    outstanding = Round(F("total") - _summed(allocations), 2, output_field=MONEY)
    settled_on = Case(
        When(total__lte=_summed(settling), then=Subquery(last_day, output_field=DateField())),
        default=None,
        output_field=DateField(),
    )
    organisations: set[int] = set()
    for some in pieces(ids):
        Invoice.objects.filter(pk__in=some).update(outstanding=outstanding, settled_on=settled_on)
        organisations.update(
            Invoice.objects.filter(pk__in=some)
            .order_by()
            .values_list("organisation_id", flat=True)
            .distinct()
        )
    tell_open_items_changed(organisations)
