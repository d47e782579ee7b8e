"""Checking and writing a file of invoices and credit notes."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from innen.dossier.record import SYSTEM
from innen.formats.errors import LineError
from innen.formats.ledger_csv import (
    INVOICE,
    InvoiceRow,
    Parsed,
)
from innen.ledger import events, services
from innen.ledger.importing import refusals
from innen.ledger.importing.checks import (
    CHUNK,
    ImportPlan,
    Progress,
    by_key,
    customers_named,
    differences,
    invoices_numbered,
    model_errors,
    refused,
    unknown_customer,
)
from innen.ledger.models import (
    CreditNote,
    Customer,
    Invoice,
    Supply,
)
from innen.organisations.models import Organisation


@dataclass
class _InvoiceWork:
    """What the invoice plan decided to write."""

    invoices: list[Invoice] = field(default_factory=list)
    notes: list[tuple[InvoiceRow, CreditNote]] = field(default_factory=list)
    # Invoices already stored whose supply was unknown, with what the file says it was.
    supplies: list[tuple[Invoice, str]] = field(default_factory=list)


def plan_invoices(
    organisation: Organisation, parsed: Parsed[InvoiceRow], progress: Progress
) -> ImportPlan:
    plan = ImportPlan()
    rows = parsed.rows
    customers = customers_named(organisation, parsed, plan)
    invoices = invoices_numbered(
        organisation,
        [row.number for row in rows if row.kind == INVOICE]
        + [row.credited_invoice for row in rows],
    )
    notes = by_key(
        CreditNote.objects.filter(organisation=organisation).select_related("customer", "invoice"),
        "number",
        (row.number for row in rows if row.kind != INVOICE),
    )
    # The customer of every invoice a credit note may name: in the database or in this file.
    invoice_customers = {number: inv.customer.number for number, inv in invoices.items()}
    invoice_customers.update({r.number: r.customer_number for r in rows if r.kind == INVOICE})
    work = _InvoiceWork()
    progress.start("checking", len(rows))
    for row in rows:
        progress.advance()
        customer = customers.get(row.customer_number)
        if customer is None:
            plan.errors.append(unknown_customer(row.line, row.customer_number, parsed))
        elif row.kind == INVOICE:
            _plan_invoice(plan, work, row, customer, invoices.get(row.number), parsed)
        else:
            _plan_credit_note(
                plan, work, row, customer, notes.get(row.number), invoice_customers, parsed
            )
    plan.write = lambda: _write_invoices(organisation, work, progress)
    return plan


def _amount_pairs(row: InvoiceRow, stored: Invoice | CreditNote) -> list[tuple[str, Any, Any]]:
    return [
        ("customer_number", stored.customer.number, row.customer_number),
        ("issue_date", stored.issue_date, row.issue_date),
        ("amount_excl_vat", stored.amount_excl_vat, row.amount_excl_vat),
        ("vat_amount", stored.vat_amount, row.vat_amount),
        ("total", stored.total, row.total),
    ]


def _given_pairs(row: InvoiceRow, stored: models.Model, names: Sequence[str]) -> list[Any]:
    """Pairs for the optional text columns: compared only when the line gives them."""
    return [(n, getattr(stored, n), getattr(row, n)) for n in names if getattr(row, n)]


def _plan_invoice(
    plan: ImportPlan,
    work: _InvoiceWork,
    row: InvoiceRow,
    customer: Customer,
    stored: Invoice | None,
    parsed: Parsed[InvoiceRow],
) -> None:
    if stored is not None:
        pairs = [*_amount_pairs(row, stored), ("due_date", stored.due_date, row.due_date)]
        pairs += _given_pairs(row, stored, ("payment_reference", "external_reference"))
        # A supply not known yet is filled in from the file; a known one must match.
        fills_in = bool(row.supply) and stored.supply == Supply.UNKNOWN
        if row.supply and not fills_in:
            pairs.append(("supply", stored.supply, row.supply))
        what = refusals.INVOICE_NAMED % {"number": row.number}
        errors = differences(row.line, what, parsed, pairs)
        plan.errors += errors
        plan.unchanged += not errors
        if fills_in and not errors and row.supply != Supply.UNKNOWN:
            work.supplies.append((stored, row.supply))
        return
    assert row.due_date is not None  # the reader requires a due date on every invoice
    invoice = Invoice(
        organisation_id=customer.organisation_id,
        customer=customer,
        number=row.number,
        issue_date=row.issue_date,
        due_date=row.due_date,
        amount_excl_vat=row.amount_excl_vat,
        vat_amount=row.vat_amount,
        total=row.total,
        payment_reference=row.payment_reference,
        external_reference=row.external_reference,
        supply=row.supply or Supply.UNKNOWN,
    )
    plan.errors += model_errors(invoice, row.line, parsed, ["organisation", "customer"])
    work.invoices.append(invoice)


def _plan_credit_note(
    plan: ImportPlan,
    work: _InvoiceWork,
    row: InvoiceRow,
    customer: Customer,
    stored: CreditNote | None,
    invoice_customers: Mapping[str, str],
    parsed: Parsed[InvoiceRow],
) -> None:
    if stored is not None:
        pairs = _amount_pairs(row, stored) + _given_pairs(row, stored, ("external_reference",))
        if row.credited_invoice:
            credited = stored.invoice.number if stored.invoice else ""
            pairs.append(("credited_invoice", credited, row.credited_invoice))
        what = refusals.CREDIT_NOTE_NAMED % {"number": row.number}
        errors = differences(row.line, what, parsed, pairs)
        plan.errors += errors
        plan.unchanged += not errors
        return
    column = parsed.column("credited_invoice")
    credited_customer = invoice_customers.get(row.credited_invoice)
    if row.credited_invoice and credited_customer is None:
        message = refusals.NO_INVOICE % {"number": row.credited_invoice}
        plan.errors.append(LineError(row.line, column, message))
    elif row.credited_invoice and credited_customer != row.customer_number:
        whose = {"customer": credited_customer, "named": row.customer_number}
        message = refusals.OTHER_CUSTOMERS_INVOICE % {"number": row.credited_invoice, **whose}
        plan.errors.append(LineError(row.line, column, message))
    note = CreditNote(
        organisation_id=customer.organisation_id,
        customer=customer,
        number=row.number,
        issue_date=row.issue_date,
        amount_excl_vat=row.amount_excl_vat,
        vat_amount=row.vat_amount,
        total=row.total,
        external_reference=row.external_reference,
    )
    plan.errors += model_errors(note, row.line, parsed, ["organisation", "customer", "invoice"])
    work.notes.append((row, note))


def _write_invoices(
    organisation: Organisation, work: _InvoiceWork, progress: Progress
) -> dict[str, int]:
    progress.start("writing", len(work.invoices) + len(work.notes))
    for start in range(0, len(work.invoices), CHUNK):
        chunk = work.invoices[start : start + CHUNK]
        Invoice.objects.bulk_create(chunk)
        events.record(organisation.pk, (events.invoice_event(i, "import") for i in chunk))
        progress.advance(len(chunk))
    plain = [note for row, note in work.notes if not row.credited_invoice]
    CreditNote.objects.bulk_create(plain, batch_size=CHUNK)
    events.record(organisation.pk, (events.credit_note_event(n, "import") for n in plain))
    progress.advance(len(plain))
    # A credit note that names an invoice settles it: the service makes that allocation.
    crediting = [(row, note) for row, note in work.notes if row.credited_invoice]
    credited = by_key(
        Invoice.objects.filter(organisation=organisation),
        "number",
        (row.credited_invoice for row, _ in crediting),
    )
    for row, note in crediting:
        try:
            services.credit_note_create(
                organisation=organisation,
                customer=note.customer,
                invoice=credited[row.credited_invoice],
                number=note.number,
                issue_date=note.issue_date,
                amount_excl_vat=note.amount_excl_vat,
                vat_amount=note.vat_amount,
                total=note.total,
                external_reference=note.external_reference,
                source="import",
            )
        except ValidationError as exc:
            raise refused(row.line, exc) from exc
        progress.advance()
    for invoice, supply in work.supplies:  # few: each with its dossier event
        services.invoice_update(invoice=invoice, actor=SYSTEM, source="import", supply=supply)
    return {
        "created": len(work.invoices) + len(work.notes),
        "credit_notes_created": len(work.notes),
    }
