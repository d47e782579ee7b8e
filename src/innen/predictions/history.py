"""An organisation's history for analysts: its invoices, the collection steps taken on them,
what paid them (payments, credit notes, write-offs) and what payments paid of their interest
and costs, one row per fact in one table.

Every row has the same columns (`COLUMNS`, documented in docs/prediction.md); a column that
does not apply to the kind of row is empty. Rows come in pieces read with a server-side
cursor, so a ledger of millions of rows is never held in memory at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models

from innen.collection.models import Action
from innen.ledger.models import Allocation, Invoice, PaidCharges
from innen.organisations.models import Organisation

CHUNK = 5_000

# name, type: text, int, date or money (two decimals)
COLUMNS: tuple[tuple[str, str], ...] = (
    ("record", "text"),  # invoice, step, allocation or charges
    ("invoice_id", "int"),
    ("invoice_number", "text"),
    ("customer_id", "int"),
    ("customer_number", "text"),
    ("customer_kind", "text"),
    ("customer_segment", "text"),
    ("date", "date"),  # invoice: issued; step: decided; allocation, charges: its date
    ("due_date", "date"),  # the invoice's, on every row
    ("amount", "money"),  # invoice: its total; allocation: allocated; charges: paid
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
    """Every invoice, step, allocation and payment of charges of `organisation`: invoices by
    issue date, then steps by the day they were decided, then allocations by date, then
    what payments paid of interest and costs by date."""
    yield from _invoices(organisation)
    for kind in _ON_INVOICES:
        yield from _on_invoices(organisation, kind)


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


@dataclass(frozen=True)
class _Kind:
    """A kind of row on an invoice: its `record`, the rows it reads (`model`'s, dated by the
    field `dated`), the fields of its own and the `fill` that puts them in their columns."""

    record: str
    model: type[models.Model]
    dated: str
    fields: tuple[str, ...]
    fill: Callable[..., None]


def _step(row: Row, name: str, kind: str, status: str, scheduled: date) -> None:
    row.update(step_name=name, step_kind=kind, step_status=status, step_scheduled_on=scheduled)


def _allocation(row: Row, amount: Decimal, currency: str, kind: str, payment: int | None) -> None:
    row.update(amount=Decimal(amount), currency=currency, allocation_kind=kind)
    row["payment_id"] = payment


def _charges(row: Row, amount: Decimal, currency: str, payment: int) -> None:
    row.update(amount=Decimal(amount), currency=currency, payment_id=payment)


_ON_INVOICES = (
    _Kind("step", Action, "decided_on", ("step__name", "kind", "status", "scheduled_on"), _step),
    _Kind(
        "allocation",
        Allocation,
        "date",
        ("amount", "invoice__currency", "kind", "payment_id"),
        _allocation,
    ),
    _Kind("charges", PaidCharges, "date", ("amount", "invoice__currency", "payment_id"), _charges),
)


def _on_invoices(organisation: Organisation, kind: _Kind) -> Iterator[Row]:
    """The rows of `kind` on `organisation`'s invoices, by their date."""
    invoice = ("invoice_id", "invoice__number", *(f"invoice__{f}" for f in _CUSTOMER))
    rows = (
        kind.model._default_manager.filter(organisation=organisation)
        .order_by(kind.dated, "pk")
        .values_list(*invoice, "invoice__due_date", kind.dated, *kind.fields)
    )
    for invoice_id, number, *rest in rows.iterator(chunk_size=CHUNK):
        customer, (due, on, *own) = rest[:4], rest[4:]
        row = _blank()
        row.update(record=kind.record, invoice_id=invoice_id, invoice_number=number, date=on)
        _customer(row, tuple(customer))
        row["due_date"] = due
        kind.fill(row, *own)
        yield row
