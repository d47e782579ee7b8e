"""A batch of package records written to the ledger, through the ledger's services.

Every record is upserted by its external id: a record already mapped at the same version is
skipped, so a batch applied twice (a sync killed after writing, before it could say so) writes
nothing twice. Each record has its own savepoint: one that cannot be mapped is listed with
its reason (`Unmapped`) and the rest goes on.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from innen.connections import settling_records
from innen.connections.models import Connection, RefKind
from innen.connections.refs import Refs
from innen.connectors.errors import NotMappable
from innen.connectors.records import Batch, ExternalContact, ExternalInvoice, InvoiceState
from innen.ledger import services
from innen.ledger.models import Customer, CustomerKind, Invoice
from innen.money import ZERO


def apply_batch(connection: Connection, batch: Batch, today: date) -> None:
    """Write `batch` and store its cursor, in one transaction."""
    with transaction.atomic():
        refs = Refs(connection)
        refs.load(RefKind.CONTACT, [c.external_id for c in batch.contacts])
        for contact in batch.contacts:
            _guarded(refs, RefKind.CONTACT, contact.external_id, _contact, connection, contact)
        refs.load(RefKind.CONTACT, [i.contact_external_id for i in batch.invoices])
        refs.load(RefKind.INVOICE, [i.external_id for i in batch.invoices])
        refs.load(RefKind.INVOICE, [i.credited_external_id for i in batch.invoices])
        refs.load(RefKind.CREDIT_NOTE, [i.external_id for i in batch.invoices])
        # Invoices first, so a credit note in the same batch finds the invoice it credits.
        for invoice in sorted(batch.invoices, key=lambda i: i.is_credit_note):
            kind = RefKind.CREDIT_NOTE if invoice.is_credit_note else RefKind.INVOICE
            _guarded(refs, kind, invoice.external_id, _invoice, connection, invoice)
        settling_records.apply_payments(connection, refs, batch.payments)
        settling_records.settle_states(connection, refs, batch, today)
        connection.cursor = batch.cursor
        if batch.progress is not None:
            connection.progress_done, connection.progress_total = batch.progress
        connection.save(update_fields=["cursor", "progress_done", "progress_total"])


def _guarded(refs: Refs, kind: RefKind, external_id: str, apply: Any, *args: Any) -> None:
    try:
        with transaction.atomic():
            apply(refs, *args)
    except NotMappable as problem:
        refs.unmapped(kind, external_id, str(problem))
    except ValidationError as problem:
        refs.unmapped(kind, external_id, _said(problem))
    else:
        refs.mapped(kind, [external_id])


def _said(problem: ValidationError) -> str:
    if hasattr(problem, "message_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in problem.message_dict.items())
    return " ".join(problem.messages)


def _source(connection: Connection) -> str:
    return connection.kind


def _contact(refs: Refs, connection: Connection, contact: ExternalContact) -> None:
    ref = refs.get(RefKind.CONTACT, contact.external_id)
    if ref is not None and ref.version == contact.version:
        return
    fields = _customer_fields(contact)
    if ref is not None and ref.customer is not None:
        fields.pop("number")
        services.customer_update(
            customer=ref.customer, actor=_source(connection), source=_source(connection), **fields
        )
        refs.put(RefKind.CONTACT, contact.external_id, contact.version)
        return
    customer = Customer.objects.filter(
        organisation_id=connection.organisation_id, number=fields["number"]
    ).first()  # the customer an earlier import made: taken over, not duplicated
    if customer is None:
        customer = _create_customer(connection, fields, contact.ibans)
    refs.put(RefKind.CONTACT, contact.external_id, contact.version, customer=customer)


def _create_customer(
    connection: Connection, fields: dict[str, Any], ibans: tuple[str, ...]
) -> Customer:
    try:
        with transaction.atomic():
            return services.customer_create(
                organisation=connection.organisation,
                ibans=list(ibans),
                source=_source(connection),
                **fields,
            )
    except ValidationError:
        # A KvK, VAT number, e-mail or IBAN innen refuses: the customer without them.
        plain = {k: fields[k] for k in ("number", "name", "kind", "country")}
        return services.customer_create(
            organisation=connection.organisation, source=_source(connection), **plain
        )


def _customer_fields(contact: ExternalContact) -> dict[str, Any]:
    if not contact.name.strip():
        raise NotMappable("the contact has no name")
    kind = CustomerKind.CONSUMER if contact.is_consumer else CustomerKind.BUSINESS
    fields: dict[str, Any] = {
        "number": (contact.customer_number or f"{contact.external_id}")[:50],
        "name": contact.name[:200],
        "kind": kind,
        "emails": contact.email[:500],
        "street": contact.address[:200],
        "postcode": contact.postcode[:12],
        "city": contact.city[:100],
        "country": (contact.country or "NL")[:2].upper(),
    }
    if kind == CustomerKind.BUSINESS:
        fields.update(kvk_number=contact.kvk[:8], vat_number=contact.vat[:20])
    if contact.language in ("nl", "en"):
        fields["language"] = contact.language
    return fields


def _invoice(refs: Refs, connection: Connection, invoice: ExternalInvoice) -> None:
    kind = RefKind.CREDIT_NOTE if invoice.is_credit_note else RefKind.INVOICE
    ref = refs.get(kind, invoice.external_id)
    if ref is not None and ref.version == invoice.version:
        return
    if ref is None and invoice.state == InvoiceState.DRAFT:
        return  # not sent: no claim yet
    if invoice.currency != "EUR":
        raise NotMappable(f"the currency is {invoice.currency}; innen collects in euros")
    if invoice.total <= ZERO:
        raise NotMappable(f"the total is {invoice.total}; innen takes positive totals")
    contact = refs.get(RefKind.CONTACT, invoice.contact_external_id)
    if contact is None or contact.customer is None:
        raise NotMappable(f"its contact {invoice.contact_external_id} is not in innen")
    if invoice.is_credit_note:
        _credit_note(refs, connection, invoice, contact.customer, ref is None)
    elif ref is not None and ref.invoice is not None:
        _update_invoice(connection, ref.invoice, invoice)
        refs.put(kind, invoice.external_id, invoice.version)
    else:
        row = _create_invoice(connection, invoice, contact.customer)
        refs.put(kind, invoice.external_id, invoice.version, invoice=row)


def _amounts(invoice: ExternalInvoice) -> dict[str, Any]:
    vat = invoice.vat if invoice.vat is not None else ZERO
    return {"total": invoice.total, "vat_amount": vat, "amount_excl_vat": invoice.total - vat}


def _create_invoice(
    connection: Connection, invoice: ExternalInvoice, customer: Customer
) -> Invoice:
    existing = Invoice.objects.filter(
        organisation_id=connection.organisation_id, number=invoice.number, customer=customer
    ).first()  # imported before the connection: taken over
    if existing is not None:
        _update_invoice(connection, existing, invoice)
        return existing
    return services.invoice_create(
        organisation=connection.organisation,
        customer=customer,
        source=_source(connection),
        actor=_source(connection),
        number=invoice.number[:50],
        issue_date=invoice.issue_date,
        due_date=max(invoice.due_date, invoice.issue_date),
        payment_reference=invoice.payment_reference[:35],
        external_reference=f"{connection.kind}:{invoice.external_id}"[:100],
        **_amounts(invoice),
    )


def _update_invoice(connection: Connection, row: Invoice, invoice: ExternalInvoice) -> None:
    services.invoice_update(
        invoice=row,
        actor=_source(connection),
        source=_source(connection),
        due_date=max(invoice.due_date, row.issue_date),
        payment_reference=invoice.payment_reference[:35],
        **_amounts(invoice),
    )


def _credit_note(
    refs: Refs, connection: Connection, note: ExternalInvoice, customer: Customer, new: bool
) -> None:
    if not new:
        # A credit note, once booked, is not changed in innen (its allocation stays).
        refs.put(RefKind.CREDIT_NOTE, note.external_id, note.version)
        return
    credited = refs.get(RefKind.INVOICE, note.credited_external_id)
    invoice = credited.invoice if credited is not None else None
    if invoice is not None and invoice.customer_id != customer.pk:
        invoice = None
    row = services.credit_note_create(
        organisation=connection.organisation,
        customer=customer,
        invoice=invoice,
        source=_source(connection),
        actor=_source(connection),
        number=note.number[:50],
        issue_date=note.issue_date,
        external_reference=f"{connection.kind}:{note.external_id}"[:100],
        **_amounts(note),
    )
    refs.put(RefKind.CREDIT_NOTE, note.external_id, note.version, credit_note=row)
