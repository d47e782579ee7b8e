"""The part of an organisation's ledger a batch of statement lines can reach, as a `Book`.

Instead of every open invoice, `load_book` asks the database, in a few set-based queries,
for what `innen.matching.needs` says the lines can look up: invoices by reference key, by
number key (grouped and flat, and one typo away where a typo may be read), by the customer
an account belongs to, by the amount the name rule looks for; the settled invoices a storno
may re-open and the end-to-end ids of collected direct debits. The keys are stored and
indexed on the invoice (`Invoice.reference_key`, `number_key`, `number_flat`), so each
lookup is an index hit; open amounts are computed for the invoices found only.

The book it returns decides those lines exactly as a book of the whole ledger would.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef, QuerySet
from django.db.models.expressions import RawSQL

from innen.banking.models import BankEntry
from innen.formats.statement import Entry
from innen.ledger.models import Allocation, AllocationKind, Customer, CustomerIban, Invoice
from innen.ledger.querysets import InvoiceQuerySet
from innen.matching.book import Book, KnownCustomer, OpenInvoice
from innen.matching.needs import amounts_for_names, customers_to_load, needs, typo_neighbours
from innen.money import round_cents
from innen.organisations.models import Organisation

# A direct debit can be reversed up to 13 months after it was collected (unauthorised, SEPA).
STORNO_WINDOW = timedelta(days=396)
# End-to-end ids that name nothing.
NO_END_TO_END = ("", "NOTPROVIDED")
_Query = TypeVar("_Query", bound=QuerySet[Any])
_COLUMNS = (
    "pk",
    "customer_id",
    "number",
    "payment_reference",
    "due_date",
    "open_amount",
    "number_key",
    "number_flat",
)


@dataclass
class _Found:
    """Invoices found so far, by id: open ones with their open amount, and the others."""

    open: dict[int, OpenInvoice] = field(default_factory=dict)
    closed: dict[int, OpenInvoice] = field(default_factory=dict)
    keys: set[str] = field(default_factory=set)  # the number keys of them all

    def add(self, rows: Iterable[tuple[Any, ...]]) -> None:
        for pk, customer_id, number, reference, due, open_amount, key, flat in rows:
            # SQLite hands back 150 for 150.00: the reasons people read show cents.
            open_amount = round_cents(Decimal(open_amount))
            invoice = OpenInvoice(pk, customer_id, number, reference or "", open_amount, due)
            (self.open if open_amount > 0 else self.closed)[pk] = invoice
            self.keys.add(key)
            self.keys.add(flat)


def load_book(
    organisation: Organisation, entries: Iterable[Entry], today: date | None = None
) -> Book:
    """A book of what `entries` can be matched to; stornos reach payments since `today` less
    the storno window (any payment without `today`)."""
    entries = list(entries)
    wanted = needs(entries)
    found = _Found()
    collected = _collected(organisation, wanted.end_to_end_ids)
    found.add(_balances(_by_keys(organisation, wanted.references, wanted.numbers)))
    found.add(_balances(_by_ids({i for ids in collected.values() for i in ids})))
    single = any("-" not in key for key in wanted.typo_keys)
    one_group = _one_group_numbers(organisation) if single else []
    near = typo_neighbours(wanted.typo_keys, found.keys, one_group) - wanted.numbers
    found.add(_balances(_by_keys(organisation, (), near)))
    customers = _customers(organisation, wanted.ibans)
    # Enough of a book to say which lines the text settles: the invoices found, the accounts.
    first = _book(found, [c for c in customers if c.ibans], [], {}, one_group)
    # What the accounts and the names can reach, now that the text has said what it says.
    owners = customers_to_load(entries, first)
    amounts = amounts_for_names(entries, first)
    found.add(_balances(_of_customers(organisation, owners)))
    found.add(_balances(_with_amounts(organisation, amounts)))
    settled = _settled(found, today)
    known = set(found.open) | {invoice.id for invoice in settled}
    end_to_end_ids = {
        e2e: tuple(i for i in ids if i in known)
        for e2e, ids in collected.items()
        if any(i in known for i in ids)
    }
    return _book(found, customers, settled, end_to_end_ids, one_group)


def _book(
    found: _Found,
    customers: list[KnownCustomer],
    settled: list[OpenInvoice],
    end_to_end_ids: dict[str, tuple[int, ...]],
    one_group: list[str],
) -> Book:
    return Book(
        sorted(found.open.values(), key=lambda invoice: invoice.id),
        customers,
        settled=settled,
        end_to_end_ids=end_to_end_ids,
        closed_numbers=[invoice.number for invoice in found.closed.values()],
        one_group_numbers=one_group,
    )


def _among(query: _Query, column: str, values: Collection[Any]) -> Iterator[_Query]:
    """`query` restricted to rows whose `column` is one of `values`.

    On PostgreSQL one array parameter (`= ANY(%s)`): a list of a hundred thousand keys
    costs no more to send than its bytes. Elsewhere in lists short enough for one query.
    """
    if not values:
        return
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(query.model._meta.db_table)
        where = f"{table}.{connection.ops.quote_name(column)} = ANY(%s)"
        yield query.filter(RawSQL(where, (list(values),), output_field=BooleanField()))
        return
    ordered = list(values)
    for start in range(0, len(ordered), 900):  # SQLite counts its parameters
        yield query.filter(**{f"{column}__in": ordered[start : start + 900]})


def _by_keys(
    organisation: Organisation, references: Collection[str], numbers: Collection[str]
) -> Iterator[InvoiceQuerySet]:
    """The invoices (open or not) with one of these references or numbers: index hits."""
    mine = Invoice.objects.filter(organisation=organisation)
    yield from _among(mine, "reference_key", references)
    yield from _among(mine, "number_key", numbers)
    yield from _among(mine, "number_flat", numbers)


def _by_ids(ids: Collection[int]) -> Iterator[InvoiceQuerySet]:
    yield from _among(Invoice.objects.all(), "id", ids)


def _of_customers(
    organisation: Organisation, customers: Collection[int]
) -> Iterator[InvoiceQuerySet]:
    yield from _among(Invoice.objects.filter(organisation=organisation), "customer_id", customers)


def _with_amounts(
    organisation: Organisation, amounts: Collection[Decimal]
) -> Iterator[InvoiceQuerySet]:
    """Invoices whose open amount may be one of `amounts`: untouched ones by their total, and
    among those something was allocated to, the ones with that much left."""
    mine = Invoice.objects.filter(organisation=organisation)
    yield from _among(mine, "total", amounts)
    if amounts:
        touched = Allocation.objects.filter(invoice=OuterRef("pk"))
        left = (
            mine.filter(Exists(touched), total__gt=min(amounts))
            .with_balance()
            .filter(open_amount__gt=0)
            .order_by()
            .values_list("pk", "open_amount")
        )
        yield from _by_ids([pk for pk, open_amount in left if open_amount in amounts])


def _balances(queries: Iterable[InvoiceQuerySet]) -> Iterator[tuple[Any, ...]]:
    """The invoices the queries find, with their open amount (computed for those only)."""
    for query in queries:
        yield from query.with_balance().order_by().values_list(*_COLUMNS)


def _one_group_numbers(organisation: Organisation) -> list[str]:
    """Up to 101 keys of open invoices numbered by one digit group (no flat key)."""
    return list(
        Invoice.objects.filter(organisation=organisation, number_flat="")
        .exclude(number_key="")
        .open()
        .order_by()
        .values_list("number_key", flat=True)
        .distinct()[:101]
    )


def _customers(organisation: Organisation, ibans: Collection[str]) -> list[KnownCustomer]:
    """Every customer (the name rules compare names across all), with the accounts asked for."""
    known: dict[int, list[str]] = defaultdict(list)
    for query in _among(CustomerIban.objects.filter(organisation=organisation), "iban", ibans):
        for customer_id, iban in query.values_list("customer_id", "iban"):
            known[customer_id].append(iban)
    return [
        KnownCustomer(pk, name, tuple(known.get(pk, ())))
        for pk, name in Customer.objects.filter(organisation=organisation)
        .order_by("pk")
        .values_list("pk", "name")
    ]


def _collected(organisation: Organisation, end_to_end_ids: Collection[str]) -> dict[str, list[int]]:
    """Per end-to-end id of a matched bank line, the invoices its payment paid."""
    out: dict[str, list[int]] = defaultdict(list)
    wanted = [e2e for e2e in end_to_end_ids if e2e not in NO_END_TO_END]
    matched = BankEntry.objects.filter(organisation=organisation, payment__isnull=False)
    for query in _among(matched, "end_to_end_id", wanted):
        for e2e, invoice_id in (
            query.filter(payment__allocations__isnull=False)
            .order_by("pk")
            .values_list("end_to_end_id", "payment__allocations__invoice_id")
        ):
            if invoice_id not in out[e2e]:
                out[e2e].append(invoice_id)
    return out


def _settled(found: _Found, today: date | None) -> list[OpenInvoice]:
    """The found invoices that are not open but were paid within the storno window, with
    what they received in it."""
    paid: dict[int, Decimal] = defaultdict(Decimal)
    received = Allocation.objects.filter(kind=AllocationKind.PAYMENT)
    if today is not None:
        received = received.filter(date__gte=today - STORNO_WINDOW)
    for query in _among(received, "invoice_id", found.closed):
        for invoice_id, amount in query.values_list("invoice_id", "amount"):
            paid[invoice_id] += amount
    return [
        OpenInvoice(
            invoice.id,
            invoice.customer_id,
            invoice.number,
            invoice.payment_reference,
            paid[invoice.id],
            invoice.due_date,
        )
        for invoice in sorted(found.closed.values(), key=lambda invoice: invoice.id)
        if invoice.id in paid
    ]
