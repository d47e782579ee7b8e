"""A batch's invoices and credit notes: new invoices written at once (`ledger.bulk`), the
rest one by one through the ledger's services, each record mapped or listed as unmapped."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from innen.connections.models import Connection, RefKind
from innen.connections.refs import Lacking, Refs, guarded
from innen.connectors.errors import NotMappable
from innen.connectors.records import ExternalInvoice, InvoiceState, to_record
from innen.inlists import pieces
from innen.ledger import bulk, services
from innen.ledger.models import Customer, Invoice
from innen.money import ZERO


def apply_invoices(connection: Connection, refs: Refs, invoices: Sequence[ExternalInvoice]) -> None:
    """Invoices first, so a credit note in the same batch finds the invoice it credits."""
    fresh = []
    for invoice in invoices:
        if invoice.is_credit_note:
            continue
        if refs.get(RefKind.INVOICE, invoice.external_id) is None:
            fresh.append(invoice)
        else:
            guarded(refs, RefKind.INVOICE, invoice.external_id, _invoice, connection, invoice)
    _create_many(connection, refs, fresh)
    for note in invoices:
        if note.is_credit_note:
            guarded(refs, RefKind.CREDIT_NOTE, note.external_id, _invoice, connection, note)


def _create_many(connection: Connection, refs: Refs, fresh: list[ExternalInvoice]) -> None:
    rows: list[tuple[ExternalInvoice, Invoice]] = []
    for invoice in fresh:
        if invoice.state == InvoiceState.DRAFT:
            continue  # not sent: no claim yet
        try:
            rows.append((invoice, _new_row(connection, invoice, _customer(refs, invoice))))
        except Lacking as problem:
            refs.unmapped(
                RefKind.INVOICE, invoice.external_id, str(problem), problem.waiting_for,
                problem.record,
            )  # fmt: skip
        except NotMappable as problem:
            refs.unmapped(RefKind.INVOICE, invoice.external_id, str(problem))
    taken = _numbers_taken(connection, [row.number for _, row in rows])
    one_by_one = [invoice for invoice, row in rows if row.number in taken]
    rows = [(invoice, row) for invoice, row in rows if row.number not in taken]
    try:
        with transaction.atomic():
            bulk.invoices_create(
                organisation=connection.organisation,
                invoices=[row for _, row in rows],
                source=connection.kind,
                actor=connection.kind,
            )
    except ValidationError:
        one_by_one += [invoice for invoice, _ in rows]
    else:
        for invoice, row in rows:
            refs.put(
                RefKind.INVOICE,
                invoice.external_id,
                invoice.version,
                invoice=row,
                internal_id=invoice.internal_id,
            )
        refs.mapped(RefKind.INVOICE, [invoice.external_id for invoice, _ in rows])
    for invoice in one_by_one:
        guarded(refs, RefKind.INVOICE, invoice.external_id, _invoice, connection, invoice)


def _numbers_taken(connection: Connection, numbers: list[str]) -> set[str]:
    taken: set[str] = set()
    for some in pieces(sorted(set(numbers))):
        found = Invoice.objects.filter(organisation_id=connection.organisation_id, number__in=some)
        taken.update(found.values_list("number", flat=True))
    return taken


def _customer(refs: Refs, invoice: ExternalInvoice) -> Customer:
    if invoice.currency != "EUR":
        raise NotMappable(f"the currency is {invoice.currency}; innen collects in euros")
    if invoice.total <= ZERO:
        raise NotMappable(f"the total is {invoice.total}; innen takes positive totals")
    contact = refs.get(RefKind.CONTACT, invoice.contact_external_id)
    if contact is None or contact.customer is None:
        raise Lacking(
            f"its contact {invoice.contact_external_id} is not in innen",
            f"contact:{invoice.contact_external_id}",
            to_record(invoice),
        )
    return contact.customer


def _amounts(invoice: ExternalInvoice) -> dict[str, Any]:
    vat = invoice.vat if invoice.vat is not None else ZERO
    return {"total": invoice.total, "vat_amount": vat, "amount_excl_vat": invoice.total - vat}


def _new_row(connection: Connection, invoice: ExternalInvoice, customer: Customer) -> Invoice:
    return Invoice(
        organisation=connection.organisation,
        customer=customer,
        number=invoice.number[:50],
        issue_date=invoice.issue_date,
        due_date=max(invoice.due_date, invoice.issue_date),
        payment_reference=invoice.payment_reference[:35],
        external_reference=f"{connection.kind}:{invoice.external_id}"[:100],
        **_amounts(invoice),
    )


def _invoice(refs: Refs, connection: Connection, invoice: ExternalInvoice) -> None:
    kind = RefKind.CREDIT_NOTE if invoice.is_credit_note else RefKind.INVOICE
    ref = refs.get(kind, invoice.external_id)
    if ref is not None and ref.version == invoice.version:
        return
    if ref is None and invoice.state == InvoiceState.DRAFT:
        return  # not sent: no claim yet
    customer = _customer(refs, invoice)
    if invoice.is_credit_note:
        _credit_note(refs, connection, invoice, customer, ref is None)
    elif ref is not None and ref.invoice is not None:
        _update_invoice(connection, ref.invoice, invoice)
        refs.put(kind, invoice.external_id, invoice.version, internal_id=invoice.internal_id)
    else:
        row = _create_invoice(connection, invoice, customer)
        refs.put(
            kind, invoice.external_id, invoice.version, invoice=row, internal_id=invoice.internal_id
        )


def _create_invoice(
    connection: Connection, invoice: ExternalInvoice, customer: Customer
) -> Invoice:
    existing: Invoice | None = Invoice.objects.filter(
        organisation_id=connection.organisation_id, number=invoice.number, customer=customer
    ).first()  # imported before the connection: taken over
    if existing is not None:
        _update_invoice(connection, existing, invoice)
        return existing
    created: Invoice = services.invoice_create(
        organisation=connection.organisation,
        customer=customer,
        source=connection.kind,
        actor=connection.kind,
        number=invoice.number[:50],
        issue_date=invoice.issue_date,
        due_date=max(invoice.due_date, invoice.issue_date),
        payment_reference=invoice.payment_reference[:35],
        external_reference=f"{connection.kind}:{invoice.external_id}"[:100],
        **_amounts(invoice),
    )
    return created


def _update_invoice(connection: Connection, row: Invoice, invoice: ExternalInvoice) -> None:
    services.invoice_update(
        invoice=row,
        actor=connection.kind,
        source=connection.kind,
        due_date=max(invoice.due_date, row.issue_date),
        payment_reference=invoice.payment_reference[:35],
        **_amounts(invoice),
    )


def _credit_note(
    refs: Refs, connection: Connection, note: ExternalInvoice, customer: Customer, new: bool
) -> None:
    if not new:
        # A credit note, once booked, is not changed in innen (its allocation stays).
        refs.put(RefKind.CREDIT_NOTE, note.external_id, note.version, internal_id=note.internal_id)
        return
    credited = refs.get(RefKind.INVOICE, note.credited_external_id)
    invoice = credited.invoice if credited is not None else None
    if invoice is not None and invoice.customer_id != customer.pk:
        invoice = None
    row = services.credit_note_create(
        organisation=connection.organisation,
        customer=customer,
        invoice=invoice,
        source=connection.kind,
        actor=connection.kind,
        number=note.number[:50],
        issue_date=note.issue_date,
        external_reference=f"{connection.kind}:{note.external_id}"[:100],
        **_amounts(note),
    )
    refs.put(
        RefKind.CREDIT_NOTE,
        note.external_id,
        note.version,
        credit_note=row,
        internal_id=note.internal_id,
    )
