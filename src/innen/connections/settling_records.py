"""A batch's payments and write-offs, and the invoices the package says are closed.

Payments go through `payments_register` (one call per batch; one by one when one is refused),
capped at what the invoice still owes in innen and designated to it, so they pay what the
package says they pay. Settling an invoice withdraws what collection queued for it
(`innen.ledger.settling`, called by the services).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from innen.connections.models import Connection, RefKind
from innen.connections.refs import REMOVED, Refs
from innen.connectors.records import (
    Batch,
    ExternalPayment,
    InvoiceState,
    PaymentKind,
    to_record,
)
from innen.ledger import services
from innen.ledger.models import Invoice, Payment
from innen.money import ZERO

CLOSED = {
    InvoiceState.PAID: "paid in {package}",
    InvoiceState.WRITTEN_OFF: "written off in {package}",
    InvoiceState.CANCELLED: "cancelled in {package}",
}


def apply_payments(connection: Connection, refs: Refs, payments: Sequence[ExternalPayment]) -> None:
    refs.load(RefKind.PAYMENT, [p.external_id for p in payments])
    refs.load(RefKind.INVOICE, [p.invoice_external_id for p in payments])
    new = [p for p in payments if _new(refs, p) and p.kind != PaymentKind.REFUND]
    open_left = _outstanding(refs, new)
    to_pay: list[tuple[ExternalPayment, Invoice, services.NewPayment]] = []
    for payment in new:
        ref = refs.get(RefKind.INVOICE, payment.invoice_external_id)
        if ref is None or ref.invoice is None:
            # Kept with what it waits for: taken over when its invoice arrives (`retrying`).
            refs.unmapped(
                RefKind.PAYMENT,
                payment.external_id,
                "the invoice it pays is not in innen",
                f"invoice:{payment.invoice_external_id}",
                to_record(payment),
            )
            continue
        amount = min(payment.amount, open_left.get(ref.invoice.pk, ZERO))
        open_left[ref.invoice.pk] = open_left.get(ref.invoice.pk, ZERO) - max(amount, ZERO)
        if payment.kind == PaymentKind.CREDIT or amount <= ZERO:
            # A credit note settles by itself; nothing open: already settled in innen.
            refs.put(RefKind.PAYMENT, payment.external_id, payment.version, invoice=ref.invoice)
        elif payment.kind == PaymentKind.WRITE_OFF:
            _write_off(connection, refs, payment, ref.invoice, amount)
        else:
            to_pay.append(
                (payment, ref.invoice, _new_payment(connection, refs, payment, ref.invoice, amount))
            )
    _register(connection, refs, to_pay)


def _outstanding(refs: Refs, payments: Sequence[ExternalPayment]) -> dict[int, Decimal]:
    ids = []
    for payment in payments:
        ref = refs.get(RefKind.INVOICE, payment.invoice_external_id)
        if ref is not None and ref.invoice is not None:
            ids.append(ref.invoice.pk)
    return dict(Invoice.objects.filter(pk__in=ids).values_list("pk", "outstanding"))


def _new(refs: Refs, payment: ExternalPayment) -> bool:
    """Not taken over yet, or taken over, removed in the package, and now paid again (Exact
    keeps a receivable piece's id when its match is undone and made again)."""
    ref = refs.get(RefKind.PAYMENT, payment.external_id)
    return ref is None or ref.version == REMOVED


def _new_payment(
    connection: Connection,
    refs: Refs,
    payment: ExternalPayment,
    invoice: Invoice,
    amount: Decimal,
) -> services.NewPayment:
    reference = f"{connection.kind}:{payment.external_id}"
    if refs.get(RefKind.PAYMENT, payment.external_id) is not None:
        reference += f"@{payment.version}"  # the first one, returned, keeps the plain one
    row = Payment(
        organisation_id=connection.organisation_id,
        customer=invoice.customer,
        date=payment.paid_on,
        amount=amount,
        description=(payment.description or f"{connection.get_kind_display()}")[:500],
        external_reference=reference[:100],
    )
    return services.NewPayment(row, (invoice.pk,))


def _register(
    connection: Connection,
    refs: Refs,
    to_pay: list[tuple[ExternalPayment, Invoice, services.NewPayment]],
) -> None:
    if not to_pay:
        return
    try:
        with transaction.atomic():
            services.payments_register(
                organisation=connection.organisation,
                payments=[new for _, _, new in to_pay],
                source=connection.kind,
                actor=connection.kind,
            )
    except ValidationError:
        for payment, invoice, new in to_pay:
            new.payment.pk = None
            _register_one(connection, refs, payment, invoice, new)
        return
    for payment, invoice, new in to_pay:
        refs.put(
            RefKind.PAYMENT,
            payment.external_id,
            payment.version,
            payment=new.payment,
            invoice=invoice,
        )


def _register_one(
    connection: Connection,
    refs: Refs,
    payment: ExternalPayment,
    invoice: Invoice,
    new: services.NewPayment,
) -> None:
    try:
        with transaction.atomic():
            services.payments_register(
                organisation=connection.organisation,
                payments=[new],
                source=connection.kind,
                actor=connection.kind,
            )
    except ValidationError as problem:
        refs.unmapped(RefKind.PAYMENT, payment.external_id, " ".join(problem.messages))
        return
    refs.put(
        RefKind.PAYMENT, payment.external_id, payment.version, payment=new.payment, invoice=invoice
    )


def _write_off(
    connection: Connection, refs: Refs, payment: ExternalPayment, invoice: Invoice, amount: Decimal
) -> None:
    services.invoice_write_off(
        invoice=invoice,
        date=payment.paid_on,
        amount=amount,
        note=f"written off in {connection.get_kind_display()}",
        source=connection.kind,
        actor=connection.kind,
    )
    refs.put(RefKind.PAYMENT, payment.external_id, payment.version, invoice=invoice)


def settle_states(connection: Connection, refs: Refs, batch: Batch, today: date) -> None:
    """Close what the package closed and innen still sees open: the rest written off, noted
    with why (paid without a payment innen saw, written off, cancelled, deleted)."""
    closing = {
        i.external_id: CLOSED[i.state]
        for i in batch.invoices
        if not i.is_credit_note and i.state in CLOSED
    }
    closing.update(
        {external_id: "removed from {package}" for external_id in batch.deleted_invoice_ids}
    )
    refs.load(RefKind.INVOICE, closing)
    rows = {}
    for external_id in closing:
        ref = refs.get(RefKind.INVOICE, external_id)
        if ref is not None and ref.invoice is not None:
            rows[ref.invoice.pk] = closing[external_id]
    still_open = Invoice.objects.filter(pk__in=rows, outstanding__gt=0)
    package = connection.get_kind_display()
    for invoice in still_open:
        services.invoice_write_off(
            invoice=invoice,
            date=today,
            note=rows[invoice.pk].format(package=package)[:200],
            source=connection.kind,
            actor=connection.kind,
        )
