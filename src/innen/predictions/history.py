"""An organisation's history for analysts: its invoices, the collection steps taken on them,
and what paid them (payments, credit notes, write-offs), one row per fact in one table.

Every row has the same columns (`COLUMNS`, documented in docs/prediction.md); a column that
does not apply to the kind of row is empty. Rows come in pieces read with a server-side
cursor, so a ledger of millions of rows is never held in memory at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from innen.collection.models import Action
from innen.ledger.models import Allocation, Invoice
from innen.organisations.models import Organisation

CHUNK = 5_000

# name, type: text, int, date or money (two decimals)
COLUMNS: tuple[tuple[str, str], ...] = (
    ("record", "text"),  # invoice, step or allocation
    ("invoice_id", "int"),
    ("invoice_number", "text"),
    ("customer_id", "int"),
    ("customer_number", "text"),
    ("customer_kind", "text"),
    ("customer_segment", "text"),
    ("date", "date"),  # invoice: issued; step: decided; allocation: its date
    ("due_date", "date"),  # the invoice's, on every row
    ("amount", "money"),  # invoice: its total; allocation: the amount allocated
    ("currency", "text"),
    ("settled_on", "date"),  # invoice: the day it was paid in full
    ("days_late", "int"),  # invoice: days settled after its due date (0 on time)
    ("open_amount", "money"),  # invoice: what is open now
    ("step_name", "text"),
    ("step_kind", "text"),
    ("step_status", "text"),
    ("step_scheduled_on", "date"),
    ("allocation_kind", "text"),  # payment, credit or write_off
    ("payment_id", "int"),
)
NAMES = tuple(name for name, _ in COLUMNS)

Row = dict[str, Any]

_CUSTOMER = ("customer_id", "customer__number", "customer__kind", "customer__segment")


def history_rows(organisation: Organisation) -> Iterator[Row]:
    """Every invoice, step and allocation of `organisation`: invoices by issue date, then
    steps by the day they were decided, then allocations by date."""
    yield from _invoices(organisation)
    yield from _steps(organisation)
    yield from _allocations(organisation)


def _blank() -> Row:
    return dict.fromkeys(NAMES)


def _customer(row: Row, values: tuple[Any, ...]) -> None:
    row["customer_id"], row["customer_number"], row["customer_kind"], row["customer_segment"] = (
        values
    )


def _invoices(organisation: Organisation) -> Iterator[Row]:
    fields: tuple[str, ...] = ("pk", "number", *_CUSTOMER, "issue_date", "due_date", "total")
    fields = (*fields, "currency", "settled_on", "outstanding")
    rows = (
        Invoice.objects.filter(organisation=organisation)
        .order_by("issue_date", "pk")
        .values_list(*fields)
    )
    for pk, number, *customer, issued, due, total, currency, settled, open_amount in rows.iterator(
        chunk_size=CHUNK
    ):
        row = _blank()
        row.update(record="invoice", invoice_id=pk, invoice_number=number, date=issued)
        _customer(row, tuple(customer))
        row.update(due_date=due, amount=total, currency=currency, open_amount=open_amount)
        row["settled_on"] = settled
        row["days_late"] = _days_late(due, settled)
        yield row


def _days_late(due: date, settled: date | None) -> int | None:
    return None if settled is None else max(0, (settled - due).days)


def _invoice_fields() -> tuple[str, ...]:
    return ("invoice_id", "invoice__number", *(f"invoice__{f}" for f in _CUSTOMER))


def _steps(organisation: Organisation) -> Iterator[Row]:
    fields = (*_invoice_fields(), "invoice__due_date", "decided_on", "step__name", "kind")
    rows = (
        Action.objects.filter(organisation=organisation)
        .order_by("decided_on", "pk")
        .values_list(*fields, "status", "scheduled_on")
    )
    for invoice_id, number, *rest in rows.iterator(chunk_size=CHUNK):
        customer, (due, decided, name, kind, status, scheduled) = rest[:4], rest[4:]
        row = _blank()
        row.update(record="step", invoice_id=invoice_id, invoice_number=number, date=decided)
        _customer(row, tuple(customer))
        row.update(due_date=due, step_name=name, step_kind=kind, step_status=status)
        row["step_scheduled_on"] = scheduled
        yield row


def _allocations(organisation: Organisation) -> Iterator[Row]:
    fields = (*_invoice_fields(), "invoice__due_date", "date", "amount", "invoice__currency")
    rows = (
        Allocation.objects.filter(organisation=organisation)
        .order_by("date", "pk")
        .values_list(*fields, "kind", "payment_id")
    )
    for invoice_id, number, *rest in rows.iterator(chunk_size=CHUNK):
        customer, (due, on, amount, currency, kind, payment) = rest[:4], rest[4:]
        row = _blank()
        row.update(record="allocation", invoice_id=invoice_id, invoice_number=number, date=on)
        _customer(row, tuple(customer))
        row.update(due_date=due, amount=Decimal(amount), currency=currency)
        row.update(allocation_kind=kind, payment_id=payment)
        yield row
