"""The whole ledger as one matching book: every open invoice and customer of an organisation,
and what a storno may reverse. The reference the tests hold `innen.banking.reachable.load_book`
(only what a batch of lines can reach) against: both must lead to the same decisions."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from innen.banking.models import BankEntry
from innen.banking.reachable import STORNO_WINDOW
from innen.ledger.models import Allocation, AllocationKind, Customer, CustomerIban, Invoice
from innen.matching.book import Book, KnownCustomer, OpenInvoice
from innen.money import round_cents
from innen.organisations.models import Organisation


def build_book(organisation: Organisation, today: date | None = None) -> Book:
    """Every open invoice of the organisation, and what a storno may reverse."""
    invoices = [
        OpenInvoice(pk, customer_id, number, reference or "", round_cents(open_amount), due_date)
        for pk, customer_id, number, reference, open_amount, due_date in Invoice.objects.filter(
            organisation=organisation
        )
        .open()
        .values_list("pk", "customer_id", "number", "payment_reference", "open_amount", "due_date")
    ]
    ibans: dict[int, list[str]] = defaultdict(list)
    for customer_id, iban in CustomerIban.objects.filter(
        customer__organisation=organisation
    ).values_list("customer_id", "iban"):
        ibans[customer_id].append(iban)
    customers = [
        KnownCustomer(pk, name, tuple(ibans.get(pk, ())))
        for pk, name in Customer.objects.filter(organisation=organisation).values_list("pk", "name")
    ]
    open_ids = {invoice.id for invoice in invoices}
    closed = [
        number
        for pk, number in Invoice.objects.filter(organisation=organisation).values_list(
            "pk", "number"
        )
        if pk not in open_ids
    ]
    settled, end_to_end_ids = _reversible(organisation, open_ids, today)
    return Book(
        invoices,
        customers,
        closed_numbers=closed,
        settled=settled,
        end_to_end_ids=end_to_end_ids,
    )


def _reversible(
    organisation: Organisation, open_ids: set[int], today: date | None
) -> tuple[list[OpenInvoice], dict[str, tuple[int, ...]]]:
    """Settled invoices paid within the storno window (what they received), and the
    end-to-end ids of matched bank lines with the invoices their payment paid."""
    received = Allocation.objects.filter(
        organisation=organisation, kind=AllocationKind.PAYMENT
    ).exclude(invoice_id__in=open_ids)
    if today is not None:
        received = received.filter(date__gte=today - STORNO_WINDOW)
    paid: dict[int, Decimal] = defaultdict(Decimal)
    for invoice_id, amount in received.values_list("invoice_id", "amount"):
        paid[invoice_id] += amount
    settled = [
        OpenInvoice(pk, customer_id, number, reference or "", paid[pk], due_date)
        for pk, customer_id, number, reference, due_date in Invoice.objects.filter(
            pk__in=list(paid)
        ).values_list("pk", "customer_id", "number", "payment_reference", "due_date")
    ]
    collected: dict[str, list[int]] = defaultdict(list)
    for e2e, invoice_id in (
        BankEntry.objects.filter(organisation=organisation, payment__isnull=False)
        .exclude(end_to_end_id="")
        .exclude(end_to_end_id="NOTPROVIDED")
        .filter(payment__allocations__isnull=False)
        .values_list("end_to_end_id", "payment__allocations__invoice_id")
    ):
        collected[e2e].append(invoice_id)
    # Only invoices the book holds (open, or settled within the window) can be re-opened.
    known = open_ids | set(paid)
    return settled, {
        e2e: tuple(i for i in dict.fromkeys(ids) if i in known)
        for e2e, ids in collected.items()
        if any(i in known for i in ids)
    }
