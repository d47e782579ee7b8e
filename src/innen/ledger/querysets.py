"""Set-based reads of the ledger: open amounts and aging are computed in SQL, not Python loops."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Round

from innen.balances import AGING_BUCKETS
from innen.ledger.changes import tell_open_items_changed

MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=14, decimal_places=2)
NOTHING = Value(Decimal("0.00"), output_field=MONEY)


def _allocated(kind: str | None) -> Coalesce:
    from innen.ledger.models import Allocation

    allocations = Allocation.objects.filter(invoice=OuterRef("pk"))
    if kind is not None:
        allocations = allocations.filter(kind=kind)
    summed = allocations.order_by().values("invoice").annotate(s=Sum("amount")).values("s")
    return Coalesce(Subquery(summed, output_field=MONEY), NOTHING)


# Rows are Any, not Invoice: `with_balance()` adds attributes (`open_amount`, `paid`, ...) that
# the type checker cannot follow through the methods that return this queryset.
class InvoiceQuerySet(models.QuerySet[Any]):
    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> Any:
        """As `save()` does for one: the match keys and the open amount of new invoices."""
        objs = list(objs)
        for invoice in objs:
            invoice.set_match_keys()
            invoice.set_outstanding()
        created = super().bulk_create(objs, *args, **kwargs)
        tell_open_items_changed(invoice.organisation_id for invoice in objs)
        return created

    def with_balance(self) -> "InvoiceQuerySet":
        """Annotate `paid`, `credited`, `written_off` and `open_amount`."""
        annotated: InvoiceQuerySet = self.annotate(
            paid=_allocated("payment"),
            credited=_allocated("credit"),
            written_off=_allocated("write_off"),
        ).annotate(
            # SQLite adds decimals in floating point (a settled invoice comes out at 1e-15):
            # rounding to cents in SQL keeps open amounts, filters and sums exact.
            open_amount=Round(
                F("total") - F("paid") - F("credited") - F("written_off"),
                2,
                output_field=MONEY,
            )
        )
        return annotated

    def open(self) -> "InvoiceQuerySet":
        """Invoices that still owe something, annotated with their balance."""
        return self.with_balance().filter(open_amount__gt=0)

    def aging(self, today: date) -> dict[str, dict[str, Any]]:
        """Return, per aging bucket, the number and open total of the open invoices on `today`."""
        from datetime import timedelta

        rows = self.open()
        aggregates: dict[str, Any] = {}
        for key, first, last in AGING_BUCKETS:
            bucket = Q()
            # days overdue = today - due_date, so "at least N days" means due_date <= today - N.
            if first is not None:
                bucket &= Q(due_date__lte=today - timedelta(days=first))
            if last is not None:
                bucket &= Q(due_date__gte=today - timedelta(days=last))
            aggregates[f"{key}__count"] = Count("pk", filter=bucket)
            aggregates[f"{key}__amount"] = Coalesce(
                Sum("open_amount", filter=bucket), NOTHING, output_field=MONEY
            )
        summary = rows.aggregate(**aggregates)
        return {
            key: {"count": summary[f"{key}__count"], "amount": summary[f"{key}__amount"]}
            for key, _, _ in AGING_BUCKETS
        }

    def overdue_days_case(self, today: date) -> Case:
        """An expression for the aging bucket of each row, for ordering and grouping in SQL."""
        from datetime import timedelta

        whens = []
        for key, first, last in AGING_BUCKETS:
            condition = Q()
            if first is not None:
                condition &= Q(due_date__lte=today - timedelta(days=first))
            if last is not None:
                condition &= Q(due_date__gte=today - timedelta(days=last))
            whens.append(When(condition, then=Value(key)))
        return Case(*whens, output_field=models.CharField())
