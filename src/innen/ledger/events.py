"""The dossier events the ledger writes: a customer, an invoice, a credit note or a payment
recorded, a customer or an invoice changed, a known IBAN added, an amount written off."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from django.utils import timezone
from django.utils.translation import gettext_noop

from innen.dossier.models import EventKind
from innen.dossier.record import NewEvent, append_many
from innen.ledger.models import (
    Allocation,
    CreditNote,
    Customer,
    Invoice,
    Payment,
    Repayment,
    RepaymentKind,
)

# The sentences these events keep as their `text`: English in the record, marked so the
# catalogue translates them where they are shown.
IBAN_ADDED = gettext_noop("Known IBAN added")
WRITTEN_OFF = gettext_noop("Written off")
WRITE_OFF_UNDONE = gettext_noop("Write-off undone")
PDF_ATTACHED = gettext_noop("Invoice PDF attached")


def customer_event(customer: Customer, ibans: Sequence[str], source: str, actor: str) -> NewEvent:
    return NewEvent(
        EventKind.CUSTOMER_CREATED,
        timezone.localdate(),
        customer_id=customer.pk,
        payload={
            "number": customer.number,
            "name": customer.name,
            "customer_kind": customer.kind,
            "ibans": list(ibans),
            "source": source,
        },
        actor=actor,
    )


def iban_event(customer: Customer, iban: str, source: str, actor: str) -> NewEvent:
    return NewEvent(
        EventKind.NOTE,
        timezone.localdate(),
        customer_id=customer.pk,
        payload={"action": "iban_added", "text": IBAN_ADDED, "iban": iban, "source": source},
        actor=actor,
    )


def write_off_event(written_off: Allocation, source: str, actor: str) -> NewEvent:
    invoice = written_off.invoice
    return NewEvent(
        EventKind.NOTE,
        timezone.localdate(),
        customer_id=invoice.customer_id,
        invoice_id=invoice.pk,
        payload={
            "action": "written_off",
            "text": WRITTEN_OFF,
            "invoice": invoice.number,
            "date": written_off.date.isoformat(),
            "amount": str(written_off.amount),
            "note": written_off.note,
            "source": source,
        },
        actor=actor,
    )


def write_off_undone_event(
    written_off: Allocation, reason: str, source: str, actor: str
) -> NewEvent:
    invoice = written_off.invoice
    return NewEvent(
        EventKind.NOTE,
        timezone.localdate(),
        customer_id=invoice.customer_id,
        invoice_id=invoice.pk,
        payload={
            "action": "write_off_undone",
            "text": WRITE_OFF_UNDONE,
            "invoice": invoice.number,
            "date": written_off.date.isoformat(),
            "amount": str(written_off.amount),
            "note": written_off.note,
            "reason": reason,
            "source": source,
        },
        actor=actor,
    )


def pdf_event(invoice: Invoice, source: str, actor: str) -> NewEvent:
    return NewEvent(
        EventKind.NOTE,
        timezone.localdate(),
        customer_id=invoice.customer_id,
        invoice_id=invoice.pk,
        payload={
            "action": "pdf_attached",
            "text": PDF_ATTACHED,
            "invoice": invoice.number,
            "source": source,
        },
        actor=actor,
    )


def invoice_event(invoice: Invoice, source: str, day: date | None = None) -> NewEvent:
    return NewEvent(
        EventKind.INVOICE_IMPORTED,
        day or timezone.localdate(),
        customer_id=invoice.customer_id,
        invoice_id=invoice.pk,
        payload={
            "number": invoice.number,
            "issue_date": invoice.issue_date.isoformat(),
            "due_date": invoice.due_date.isoformat(),
            "total": str(invoice.total),
            "currency": invoice.currency,
            "payment_reference": invoice.payment_reference,
            "source": source,
        },
    )


def credit_note_event(note: CreditNote, source: str, day: date | None = None) -> NewEvent:
    return NewEvent(
        EventKind.CREDIT_NOTE_IMPORTED,
        day or timezone.localdate(),
        customer_id=note.customer_id,
        invoice_id=note.invoice_id,
        payload={
            "number": note.number,
            "issue_date": note.issue_date.isoformat(),
            "total": str(note.total),
            "credits_invoice": note.invoice.number if note.invoice_id and note.invoice else None,
            "source": source,
        },
    )


class Numbered(Protocol):
    """An invoice as events name it (an `Invoice`, or its id and number)."""

    @property
    def pk(self) -> int | None: ...

    @property
    def number(self) -> str: ...


def payment_event(
    payment: Payment,
    parts: Sequence[tuple[Numbered, Decimal]],
    source: str,
    charges: Sequence[tuple[Numbered, Decimal]] = (),
    day: date | None = None,
) -> NewEvent:
    allocated = sum((amount for _, amount in (*parts, *charges)), Decimal(0))
    return NewEvent(
        EventKind.PAYMENT_REGISTERED,
        day or timezone.localdate(),
        customer_id=payment.customer_id,
        invoice_id=parts[0][0].pk if len(parts) == 1 else None,
        payload={
            "date": payment.date.isoformat(),
            "amount": str(payment.amount),
            "payer_name": payment.payer_name,
            "payer_iban": payment.payer_iban,
            "description": payment.description,
            "allocated": [{"invoice": inv.number, "amount": str(amt)} for inv, amt in parts],
            **(
                {"charges_paid": [{"invoice": i.number, "amount": str(a)} for i, a in charges]}
                if charges
                else {}
            ),
            "unallocated": str(payment.amount - allocated),
            "source": source,
        },
    )


def repayment_event(
    repayment: Repayment,
    reopened: Sequence[tuple[Numbered, Decimal]],
    source: str,
    day: date | None = None,
) -> NewEvent:
    storno = repayment.kind == RepaymentKind.STORNO
    return NewEvent(
        EventKind.PAYMENT_RETURNED if storno else EventKind.REFUND_PAID,
        day or timezone.localdate(),
        customer_id=repayment.customer_id,
        invoice_id=reopened[0][0].pk if len(reopened) == 1 else None,
        payload={
            "date": repayment.date.isoformat(),
            "amount": str(repayment.amount),
            "reason": repayment.reason,
            "reopened": [{"invoice": inv.number, "amount": str(amt)} for inv, amt in reopened],
            "source": source,
        },
    )


def change_event(
    changed: dict[str, list[str]],
    source: str,
    actor: str,
    *,
    customer_id: int | None,
    invoice_id: int | None = None,
) -> NewEvent:
    """A note of what changed of a customer or an invoice: each field's old and new value."""
    text = "Changed: " + "; ".join(f"{name} {old} → {new}" for name, (old, new) in changed.items())
    return NewEvent(
        EventKind.NOTE,
        timezone.localdate(),
        customer_id=customer_id,
        invoice_id=invoice_id,
        payload={"text": text, "changed": changed, "source": source},
        actor=actor,
    )


def changed_fields(before: dict[str, Any], changes: dict[str, Any]) -> dict[str, list[str]]:
    """Of `changes`, the fields whose value differs from `before`, as [old, new] in plain text."""
    return {
        name: [_plain(before[name]), _plain(value)]
        for name, value in changes.items()
        if before[name] != value
    }


def _plain(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def record(organisation_id: int, events: Iterable[NewEvent]) -> None:
    append_many(organisation_id, list(events))
