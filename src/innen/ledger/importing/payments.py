"""Checking and writing a file of payments, through the ledger's payment services."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from innen.formats.errors import LineError
from innen.formats.ledger_csv import (
    Parsed,
    PaymentRow,
)
from innen.ledger import services
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
    Customer,
    CustomerIban,
    Invoice,
    Payment,
)
from innen.organisations.models import Organisation


@dataclass(frozen=True)
class PaymentLine:
    row: PaymentRow
    customer: Customer | None
    designated: tuple[Invoice, ...]


def plan_payments(
    organisation: Organisation, parsed: Parsed[PaymentRow], progress: Progress
) -> ImportPlan:
    plan = ImportPlan()
    rows = parsed.rows
    customers = customers_named(organisation, parsed, plan)
    invoices = invoices_numbered(
        organisation, (number for row in rows for number in row.invoice_numbers)
    )
    existing = by_key(
        Payment.objects.filter(organisation=organisation).select_related("customer"),
        "external_reference",
        (row.external_reference for row in rows),
    )
    by_iban = _customers_by_iban(organisation, rows)
    new: list[PaymentLine] = []
    progress.start("checking", len(rows))
    for row in rows:
        progress.advance()
        errors, customer, designated = _payer(row, customers, invoices, by_iban, parsed)
        stored = existing.get(row.external_reference)
        if not errors and stored is not None:
            errors = _payment_differences(row, stored, customer, parsed)
            plan.unchanged += not errors
        elif not errors:
            payment = _payment(organisation, row, customer)
            errors = model_errors(payment, row.line, parsed, ["organisation", "customer"])
            new.append(PaymentLine(row, customer, designated))
        plan.errors += errors
    plan.write = lambda: write_payments(organisation, new, progress)
    return plan


def _customers_by_iban(organisation: Organisation, rows: Sequence[PaymentRow]) -> dict[str, Any]:
    """Return the customer of each payer IBAN that is known for exactly one customer."""
    ibans = {row.payer_iban for row in rows if row.payer_iban}
    owners: dict[str, set[int]] = {}
    wanted = sorted(ibans)
    for start in range(0, len(wanted), CHUNK):
        known = CustomerIban.objects.filter(
            organisation=organisation, iban__in=wanted[start : start + CHUNK]
        ).values_list("iban", "customer_id")
        for iban, customer_id in known:
            owners.setdefault(iban, set()).add(customer_id)
    unique = {iban: ids.pop() for iban, ids in owners.items() if len(ids) == 1}
    found = Customer.objects.in_bulk(list(unique.values()))
    return {iban: found[pk] for iban, pk in unique.items()}


def _payer(
    row: PaymentRow,
    customers: Mapping[str, Customer],
    invoices: Mapping[str, Invoice],
    by_iban: Mapping[str, Customer],
    parsed: Parsed[PaymentRow],
) -> tuple[list[LineError], Customer | None, tuple[Invoice, ...]]:
    """Return (errors, customer, designated invoices) of a payment line.

    The customer is the one the line names, else the one of the invoices it names, else the
    only customer known to pay from the payer's IBAN, else nobody (an unmatched payment).
    """
    errors: list[LineError] = []
    customer = customers.get(row.customer_number)
    if row.customer_number and customer is None:
        errors.append(unknown_customer(row.line, row.customer_number, parsed))
    column = parsed.column("invoice_numbers")
    designated = []
    for number in row.invoice_numbers:
        invoice = invoices.get(number)
        if invoice is None:
            errors.append(LineError(row.line, column, refusals.NO_INVOICE % {"number": number}))
            continue
        customer = customer or invoice.customer
        if invoice.customer_id != customer.pk:
            whose = {"customer": invoice.customer.number, "named": customer.number}
            message = refusals.OTHER_CUSTOMERS_INVOICE % {"number": number, **whose}
            errors.append(LineError(row.line, column, message))
        designated.append(invoice)
    if customer is None and not row.customer_number:
        customer = by_iban.get(row.payer_iban)
    return errors, customer, tuple(designated)


def _payment_differences(
    row: PaymentRow, stored: Payment, customer: Customer | None, parsed: Parsed[PaymentRow]
) -> list[LineError]:
    if row.reference_given:
        what = refusals.PAYMENT_NAMED % {"reference": row.external_reference}
    else:
        what = str(refusals.THIS_PAYMENT)
    pairs: list[tuple[str, object, object]] = [
        ("date", stored.date, row.date),
        ("amount", stored.amount, row.amount),
    ]
    if customer is not None and stored.customer is not None:
        pairs.append(("customer_number", stored.customer.number, customer.number))
    return differences(row.line, what, parsed, pairs)


def write_payments(
    organisation: Organisation, new: list[PaymentLine], progress: Progress
) -> dict[str, int]:
    # In date order, so that each payment pays what was open on its day, oldest due first.
    progress.start("writing", len(new))
    ordered = sorted(new, key=lambda item: (item.row.date, item.row.line))
    customers = [item for item in ordered if item.customer is not None]
    try:
        services.payments_register(
            organisation=organisation,
            payments=[
                services.NewPayment(_payment(organisation, i.row, i.customer), _ids(i))
                for i in customers
            ],
            source="import",
        )
    except ValidationError as exc:
        # The lot was refused as a whole; one by one, the payment refused names its line.
        for item in customers:
            _register(organisation, item)
        raise refused(customers[0].row.line, exc) from exc
    progress.advance(len(customers))
    for item in ordered:
        if item.customer is None:  # pays no invoice: nothing in the lot depends on it
            _register(organisation, item)
            progress.advance()
    return {"created": len(new)}


def _payment(organisation: Organisation, row: PaymentRow, customer: Customer | None) -> Payment:
    return Payment(
        organisation=organisation,
        customer=customer,
        date=row.date,
        amount=row.amount,
        **_described(row),
    )


def _described(row: PaymentRow) -> dict[str, str]:
    """What a payment line says of itself, beyond its date and amount."""
    return {
        "payer_name": row.payer_name,
        "payer_iban": row.payer_iban,
        "description": row.description,
        "external_reference": row.external_reference,
    }


def _ids(item: PaymentLine) -> tuple[int, ...]:
    return tuple(invoice.pk for invoice in item.designated)


def _register(organisation: Organisation, item: PaymentLine) -> None:
    """Register one payment as the ledger does; refused, it names the line."""
    row = item.row
    try:
        services.payment_register(
            organisation=organisation,
            customer=item.customer,
            date=row.date,
            amount=row.amount,
            designated=list(item.designated),
            source="import",
            **_described(row),
        )
    except ValidationError as exc:
        raise refused(row.line, exc) from exc
