"""Records that waited for another, taken over once it arrives.

A payment can be read before its invoice (Exact reads its receivables after its invoices: an
invoice booked and paid in between is read on the next sync only, after its payment), an
invoice before its contact. Such a record is listed as not taken over, with what it waits
for and the record itself (`Refs.unmapped`). When a later batch brings what it lacked, the
record joins that batch, is taken over with it, and leaves the list.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from innen.connections.models import Connection, RefKind, Unmapped
from innen.connectors.records import (
    Batch,
    ExternalInvoice,
    ExternalPayment,
    invoice_from_record,
    payment_from_record,
)
from innen.inlists import pieces

Record = TypeVar("Record", ExternalInvoice, ExternalPayment)


def with_waiting(connection: Connection, batch: Batch) -> Batch:
    """`batch` with the invoices waiting for its contacts and the payments waiting for its
    invoices (those it brings and those that join it); its own version of a record wins."""
    if not Unmapped.objects.filter(connection=connection).exclude(waiting_for="").exists():
        return batch
    contact_ids = [c.external_id for c in batch.contacts]
    waiting_invoices = [
        invoice_from_record(r)
        for r in _waiting(connection, RefKind.INVOICE, "contact", contact_ids)
    ]
    invoices = _merged(waiting_invoices, batch.invoices)
    invoice_ids = [i.external_id for i in invoices]
    waiting_payments = [
        payment_from_record(r)
        for r in _waiting(connection, RefKind.PAYMENT, "invoice", invoice_ids)
    ]
    return replace(batch, invoices=invoices, payments=_merged(waiting_payments, batch.payments))


def _waiting(
    connection: Connection, kind: RefKind, lacking: str, ids: Iterable[str]
) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for some in pieces(sorted({f"{lacking}:{i}" for i in ids if i})):
        rows = Unmapped.objects.filter(connection=connection, kind=kind, waiting_for__in=some)
        found += [record for record in rows.values_list("record", flat=True) if record]
    return found


def _merged(waiting: Sequence[Record], own: Sequence[Record]) -> tuple[Record, ...]:
    mine: set[str] = {record.external_id for record in own}
    kept: list[Record] = [record for record in waiting if record.external_id not in mine]
    return tuple(kept) + tuple(own)
