"""What the package opens again: money paid back on an invoice, a write-off taken back.

A refund in the package (Moneybird: a negative payment on a sales invoice) is money the
customer got back of what they paid on that invoice: innen records it as the ledger records
money paid back on an invoice, a storno (`payment_return`) re-opening the invoice by that
amount, taken from what it had received; the bank import books a returned payment alike.
An invoice innen wrote off because the package said it was closed (written off, cancelled,
paid without a payment innen saw) that the package shows open again has those write-offs
undone (`write_off_undo`), so innen sees open what the package does; the dossier keeps both.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from innen.connections.models import Connection, RefKind
from innen.connections.refs import REMOVED, Refs, said
from innen.connections.settling_records import CLOSED
from innen.connectors.records import Batch, ExternalPayment, InvoiceState, PaymentKind, to_record
from innen.ledger import services
from innen.ledger.models import Allocation, AllocationKind, Invoice


def pay_back(
    connection: Connection, refs: Refs, payments: Sequence[ExternalPayment], today: date
) -> None:
    """Each refund not taken over yet, as a storno re-opening its invoice by its amount."""
    refunds = [p for p in payments if p.kind == PaymentKind.REFUND]
    refs.load(RefKind.PAYMENT, [p.external_id for p in refunds])
    refs.load(RefKind.INVOICE, [p.invoice_external_id for p in refunds])
    for refund in refunds:
        ref = refs.get(RefKind.PAYMENT, refund.external_id)
        if ref is not None and ref.version != REMOVED:
            continue
        invoice_ref = refs.get(RefKind.INVOICE, refund.invoice_external_id)
        if invoice_ref is None or invoice_ref.invoice is None:
            refs.unmapped(
                RefKind.PAYMENT,
                refund.external_id,
                "the invoice it pays back on is not in innen",
                f"invoice:{refund.invoice_external_id}",
                to_record(refund),
            )
            continue
        _storno(connection, refs, refund, invoice_ref.invoice)


def _storno(connection: Connection, refs: Refs, refund: ExternalPayment, invoice: Invoice) -> None:
    package = connection.get_kind_display()
    try:
        with transaction.atomic():
            services.payment_return(
                organisation=connection.organisation,
                customer=invoice.customer,
                date=refund.paid_on,
                amount=refund.amount,
                reopen=[(invoice, refund.amount)],
                reason=f"paid back in {package}",
                external_reference=f"{connection.kind}:{refund.external_id}"[:100],
                source=connection.kind,
            )
    except ValidationError as problem:
        refs.unmapped(RefKind.PAYMENT, refund.external_id, f"paid back: {said(problem)}")
        return
    refs.put(RefKind.PAYMENT, refund.external_id, refund.version, invoice=invoice)


def undo_write_offs(connection: Connection, refs: Refs, batch: Batch) -> None:
    """The write-offs innen made for a state the package took back: the invoice is open."""
    open_again = [
        i.external_id
        for i in batch.invoices
        if i.state == InvoiceState.OPEN and not i.is_credit_note
    ]
    if not open_again:
        return
    refs.load(RefKind.INVOICE, open_again)
    invoices = []
    for external_id in open_again:
        ref = refs.get(RefKind.INVOICE, external_id)
        if ref is not None and ref.invoice_id is not None and ref.version != REMOVED:
            invoices.append(ref.invoice_id)
    package = connection.get_kind_display()
    notes = [note.format(package=package)[:200] for note in CLOSED.values()]
    written_off = Allocation.objects.filter(
        invoice_id__in=invoices, kind=AllocationKind.WRITE_OFF, note__in=notes
    ).select_related("invoice")
    for allocation in written_off.order_by("pk"):
        services.write_off_undo(
            written_off=allocation,
            reason=f"open again in {package}",
            source=connection.kind,
            actor=connection.kind,
        )
