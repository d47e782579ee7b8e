"""The part of an organisation's ledger a batch of statement lines can reach, as a `Book`.

Instead of every open invoice, `load_book` asks the database, in a few set-based queries,
for what `innen.matching.needs` says the lines can look up: invoices by reference key, by
number key (grouped and flat, and one typo away where a typo may be read), by the amount
the name rule looks for, by the customer an account belongs to; the settled invoices a
storno may re-open and the end-to-end ids of collected direct debits. The keys and the open
amount are stored and indexed on the invoice (`Invoice.reference_key`, `number_key`,
`number_flat`, `outstanding`), so each lookup compares stored values (by index, or in one
pass over the table when the lines bring a hundred thousand keys, which go to PostgreSQL
as one text). Rows are read with plain SQL into tuples, the stored keys handed to the book
as they are.

Of the numbers one typo away from a key, only which are open is asked first; the invoices
are read of the one a typo is read as, or of two when there are several. Of a customer
whose account paid a line its text does not settle, the account rule weighs every open
invoice only when it may add them up: the database first counts them and finds those of
the line's amount, and the rest is read only for the customers that need it. The name
rule's invoices of a line's amount are read only where the customer's name is alike.

The book it returns decides those lines exactly as a book of the whole ledger would (at
the default threshold: what a line's text settles for sure depends on it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Container, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection

from innen.banking.models import BankEntry
from innen.formats.statement import Entry
from innen.ledger.models import Allocation, AllocationKind, Customer, CustomerIban, Invoice
from innen.matching.book import Book, CustomerNames, KnownCustomer, OpenInvoice, match_keys
from innen.matching.gc_pause import collector_paused
from innen.matching.needs import (
    Needs,
    account_lines,
    alike_by_name,
    name_lines,
    needs,
    typo_neighbours,
    typo_targets,
    whole_customers,
)
from innen.money import round_cents
from innen.organisations.models import Organisation

# A direct debit can be reversed up to 13 months after it was collected (unauthorised, SEPA).
STORNO_WINDOW = timedelta(days=396)
# End-to-end ids that name nothing.
NO_END_TO_END = ("", "NOTPROVIDED")
# SQLite counts its parameters: lists go in pieces this long.
_CHUNK = 900
# Between values sent to PostgreSQL as one text: the ASCII unit separator.
_SEPARATOR = chr(31)
_SQL_TYPES = {int: "bigint", Decimal: "numeric"}


@dataclass
class _Found(Container[int]):
    """Invoices found so far, by id: open ones with their open amount, and the others."""

    open: dict[int, OpenInvoice] = field(default_factory=dict)
    closed: dict[int, OpenInvoice] = field(default_factory=dict)
    keys: set[str] = field(default_factory=set)  # the number keys of them all

    def add(self, invoices: Iterable[OpenInvoice]) -> None:
        for invoice in invoices:
            (self.open if invoice.open_amount > 0 else self.closed)[invoice.id] = invoice
            self.keys.update(_number_keys(invoice))

    def open_keys(self) -> Iterator[str]:
        """The number keys, grouped and flat, of the open invoices found."""
        for invoice in self.open.values():
            yield from _number_keys(invoice)

    def __contains__(self, invoice_id: object) -> bool:
        return invoice_id in self.open or invoice_id in self.closed


def _number_keys(invoice: OpenInvoice) -> tuple[str, str]:
    _, key, flat = invoice.keys or match_keys(invoice.number, invoice.payment_reference)
    return key, flat


def load_book(
    organisation: Organisation, entries: Iterable[Entry], today: date | None = None
) -> Book:
    """A book of what `entries` can be matched to; stornos reach payments since `today` less
    the storno window (any payment without `today`)."""
    entries = list(entries)
    reader = _Reader(organisation.pk)
    with collector_paused(), ThreadPoolExecutor(max_workers=1) as aside:
        wanted = needs(entries)
        customers = _customers(reader, wanted.ibans)
        # Indexing every customer's name is pure work: it goes on while the database
        # answers the queries below (waiting for them leaves the interpreter free).
        names = aside.submit(CustomerNames, customers)
        found = _Found()
        collected = _collected(reader, wanted.end_to_end_ids)
        found.add(reader.invoices("id", {i for ids in collected.values() for i in ids}))
        one_group = _by_text(reader, wanted, found)
        # Enough of a book to say what the texts name: the invoices found, the accounts.
        book = Book(
            found.open.values(),
            customers,
            closed_numbers=_closed_numbers(found),
            one_group_numbers=one_group,
            names=names.result(),
            readings=wanted.readings,
        )
        _by_name(reader, entries, book, found)
        partly = _by_account(reader, entries, book, found)
        settled = _settled(reader, found, today)
        known = set(found.open) | {invoice.id for invoice in settled}
        book.add(
            found.open.values(),  # those it holds already it leaves as they are
            settled=settled,
            end_to_end_ids={
                e2e: tuple(i for i in ids if i in known)
                for e2e, ids in collected.items()
                if any(i in known for i in ids)
            },
            closed_numbers=_closed_numbers(found),
            open_counts=partly,
        )
        return book


def _closed_numbers(found: _Found) -> list[str]:
    return [invoice.number for invoice in found.closed.values()]


def _by_text(reader: _Reader, wanted: Needs, found: _Found) -> list[str]:
    """Find what the lines' references and numbers name, and the numbers their typos may
    be read as; return the keys of one-group numbers (see `Book`)."""
    found.add(
        reader.invoices_any(
            [
                ("reference_key", wanted.references),
                ("number_key", wanted.numbers),
                ("number_flat", wanted.numbers),
            ]
        )
    )
    single = any("-" not in key for key in wanted.typo_keys)
    one_group = reader.one_group_numbers() if single else []
    near = typo_neighbours(wanted.typo_keys, found.keys, one_group)
    open_keys = reader.open_number_keys(set().union(*near.values()) - wanted.numbers)
    open_keys.update(found.open_keys())
    found.add(reader.open_of_numbers(typo_targets(near, open_keys)))
    return one_group


def _by_name(reader: _Reader, entries: list[Entry], first: Book, found: _Found) -> None:
    """Find the invoices the name rule may weigh: of the amount of a line from an unknown
    account, of a customer whose name is like the line's."""
    lines = name_lines(entries, first)
    priced = reader.open_amounts({entry.amount for entry in lines})
    found.add(reader.invoices("id", alike_by_name(lines, first, priced)))


def _by_account(
    reader: _Reader, entries: list[Entry], first: Book, found: _Found
) -> dict[int, int]:
    """Find the invoices the account rule weighs, of the customers whose account paid a line
    its text does not settle: all their open invoices, or, where the rule looks no further,
    those of their lines' amounts. Return how many open invoices those customers have."""
    lines = account_lines(entries, first)
    counts = reader.open_counts(lines)
    of_amounts = reader.open_of_amounts(lines)
    whole = whole_customers(lines, counts, of_amounts, found)
    found.add(of_amounts)
    found.add(reader.open_of_customers(whole))
    return {customer: count for customer, count in counts.items() if customer not in whole}


class _Reader:
    """Plain SQL on one organisation's rows: invoices as `OpenInvoice`s with their keys.

    Lists of values go as one array parameter on PostgreSQL (`= ANY(%s)`: a hundred
    thousand keys cost no more to send than their bytes), elsewhere in pieces SQLite takes.
    """

    def __init__(self, organisation_id: int) -> None:
        self.organisation_id = organisation_id
        self.postgres = connection.vendor == "postgresql"
        self.invoice_sql = (
            f"SELECT id, customer_id, number, payment_reference, due_date,"
            f" {self.money('outstanding')}, reference_key, number_key, number_flat"
            f" FROM {Invoice._meta.db_table} WHERE organisation_id = %s"
        )

    def money(self, column: str) -> str:
        # SQLite hands decimals back as floats: as text they stay exact.
        return column if self.postgres else f"CAST({column} AS TEXT)"

    def decimal(self, value: Any) -> Decimal:
        # SQLite's text of a float ("150.0"): the reasons people read show cents.
        return value if self.postgres else round_cents(Decimal(value))

    def invoices(
        self, column: str, values: Collection[Any], where: str = "", params: Sequence[Any] = ()
    ) -> list[OpenInvoice]:
        """The invoices (open or not) whose `column` is one of `values` (and `where`)."""
        return self.invoices_any([(column, values)], where, params)

    def invoices_any(
        self,
        among: Sequence[tuple[str, Collection[Any]]],
        where: str = "",
        params: Sequence[Any] = (),
    ) -> list[OpenInvoice]:
        """The invoices (open or not) whose column is one of its values for any of `among`."""
        rows = self.rows_any(self.invoice_sql + where, among, params=params)
        return [
            OpenInvoice(pk, customer, number, ref, self.decimal(amount), due, (rk, nk, nf))
            for pk, customer, number, ref, due, amount, rk, nk, nf in rows
        ]

    def one_group_numbers(self) -> list[str]:
        """Up to 101 keys of open invoices numbered by one digit group (no flat key)."""
        sql = (
            f"SELECT DISTINCT number_key FROM {Invoice._meta.db_table} WHERE organisation_id = %s"
            " AND number_flat = '' AND number_key <> '' AND outstanding > 0 LIMIT 101"
        )
        return [key for (key,) in self.fetch(sql, [self.organisation_id])]

    def open_number_keys(self, keys: Collection[str]) -> set[str]:
        """Those of `keys` that are the number key of an open invoice, or (without a "-")
        its flat key."""
        sql = (
            f"SELECT number_key, number_flat FROM {Invoice._meta.db_table}"
            " WHERE organisation_id = %s AND outstanding > 0"
        )
        rows = self.rows_any(sql, [("number_key", keys), ("number_flat", _flat(keys))])
        return {key for row in rows for key in row if key in keys}

    def open_of_numbers(self, keys: Collection[str]) -> list[OpenInvoice]:
        """The open invoices numbered `keys`, by their number key or their flat key."""
        among = [("number_key", keys), ("number_flat", _flat(keys))]
        return self.invoices_any(among, " AND outstanding > 0")

    def open_amounts(self, amounts: Collection[Decimal]) -> list[tuple[int, int, Decimal]]:
        """(id, customer, open amount) of the open invoices whose open amount is one of
        `amounts`."""
        sql = (
            f"SELECT id, customer_id, {self.money('outstanding')} FROM {Invoice._meta.db_table}"
            " WHERE organisation_id = %s AND outstanding > 0"
        )
        rows = self.rows(sql, "outstanding", amounts)
        return [(pk, customer_id, self.decimal(amount)) for pk, customer_id, amount in rows]

    def open_counts(self, customers: Collection[int]) -> dict[int, int]:
        """How many open invoices each of the customers has (none: not there)."""
        table = Invoice._meta.db_table
        if self.postgres and customers:
            # Counted per customer in the index of open invoices: grouping the rows of ten
            # thousand customers reads them from the table, three times slower.
            array, values = _array_of(list(customers))
            sql = (
                f"SELECT c.id, n.count FROM unnest({array}) c(id)"
                f" CROSS JOIN LATERAL (SELECT COUNT(*) FROM {table} i WHERE i.organisation_id"
                " = %s AND i.customer_id = c.id AND i.outstanding > 0) n WHERE n.count > 0"
            )
            return dict(self.fetch(sql, [values, self.organisation_id]))
        sql = (
            f"SELECT customer_id, COUNT(*) FROM {table}"
            " WHERE organisation_id = %s AND outstanding > 0"
        )
        return dict(self.rows(sql, "customer_id", customers, " GROUP BY customer_id"))

    def open_of_amounts(self, lines: Mapping[int, Collection[Decimal]]) -> list[OpenInvoice]:
        """The open invoices of each customer whose open amount one of its lines pays."""
        if not lines:
            return []
        where = " AND outstanding > 0"
        if self.postgres:  # the amounts narrow it down in the database, the pairs below
            any_amount, amounts = _array(list({a for paid in lines.values() for a in paid}))
            where += f" AND outstanding = {any_amount}"
            found = self.invoices("customer_id", lines, where, [amounts])
        else:
            found = self.invoices("customer_id", lines, where)
        return [i for i in found if i.open_amount in lines[i.customer_id]]

    def open_of_customers(self, customers: Collection[int]) -> list[OpenInvoice]:
        return self.invoices("customer_id", customers, " AND outstanding > 0")

    def rows(
        self,
        sql: str,
        column: str,
        values: Collection[Any],
        tail: str = "",
        params: Sequence[Any] = (),
    ) -> Iterator[tuple[Any, ...]]:
        """Rows of `sql` (a SELECT whose WHERE starts with `organisation_id = %s`, then takes
        `params`) whose `column` is one of `values`, `tail` (ORDER BY, GROUP BY) after."""
        return self.rows_any(sql, [(column, values)], tail, params)

    def rows_any(
        self,
        sql: str,
        among: Sequence[tuple[str, Collection[Any]]],
        tail: str = "",
        params: Sequence[Any] = (),
    ) -> Iterator[tuple[Any, ...]]:
        """Like `rows`, for rows whose column is one of its values for any (column, values)
        of `among`: one pass over the table on PostgreSQL; elsewhere one per column, so a
        row may come more than once."""
        lists = [(column, list(values)) for column, values in among if values]
        if not lists:
            return
        head = [self.organisation_id, *params]
        if self.postgres:
            arrays = [(column, *_array(values)) for column, values in lists]
            where = " OR ".join(f"{column} = {any_of}" for column, any_of, _ in arrays)
            yield from self.fetch(f"{sql} AND ({where}){tail}", [*head, *(p for *_, p in arrays)])
            return
        for column, values in lists:
            for start in range(0, len(values), _CHUNK):
                chunk = values[start : start + _CHUNK]
                where = f" AND {column} IN ({', '.join(['%s'] * len(chunk))})"
                yield from self.fetch(sql + where + tail, [*head, *chunk])

    @staticmethod
    def fetch(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows: list[tuple[Any, ...]] = cursor.fetchall()
            return rows


def _flat(keys: Collection[str]) -> list[str]:
    return [key for key in keys if "-" not in key]


def _array(values: list[Any]) -> tuple[str, Any]:
    """SQL for "any of `values`" on PostgreSQL and its parameter (see `_array_of`)."""
    array, parameter = _array_of(values)
    return f"ANY({array})", parameter


def _array_of(values: list[Any]) -> tuple[str, Any]:
    """SQL for an array of `values` on PostgreSQL and its parameter: one text of them all,
    split in the database (adapting a list of a hundred thousand values one by one takes
    seconds), or a plain array when a text holds the separator."""
    kind = _SQL_TYPES.get(type(values[0]), "text")
    joined = _SEPARATOR.join(map(str, values))
    if joined.count(_SEPARATOR) != len(values) - 1:
        return f"%s::{kind}[]", values
    return f"string_to_array(%s, chr(31))::{kind}[]", joined


def _customers(reader: _Reader, ibans: Collection[str]) -> list[KnownCustomer]:
    """Every customer (the name rules compare names across all), with the accounts asked for."""
    known: dict[int, list[str]] = defaultdict(list)
    sql = f"SELECT customer_id, iban FROM {CustomerIban._meta.db_table} WHERE organisation_id = %s"
    for customer_id, iban in reader.rows(sql, "iban", ibans):
        known[customer_id].append(iban)
    sql = f"SELECT id, name FROM {Customer._meta.db_table} WHERE organisation_id = %s ORDER BY id"
    return [
        KnownCustomer(pk, name, tuple(known[pk])) if pk in known else KnownCustomer(pk, name)
        for pk, name in reader.fetch(sql, [reader.organisation_id])
    ]


def _collected(reader: _Reader, end_to_end_ids: Collection[str]) -> dict[str, list[int]]:
    """Per end-to-end id of a matched bank line, the invoices its payment paid."""
    out: dict[str, list[int]] = defaultdict(list)
    wanted = [e2e for e2e in end_to_end_ids if e2e not in NO_END_TO_END]
    sql = (
        f"SELECT e.end_to_end_id, a.invoice_id FROM {BankEntry._meta.db_table} e"
        f" JOIN {Allocation._meta.db_table} a ON a.payment_id = e.payment_id"
        " WHERE e.organisation_id = %s"
    )
    for e2e, invoice_id in reader.rows(sql, "e.end_to_end_id", wanted, " ORDER BY e.id, a.id"):
        if invoice_id not in out[e2e]:
            out[e2e].append(invoice_id)
    return out


def _settled(reader: _Reader, found: _Found, today: date | None) -> list[OpenInvoice]:
    """The found invoices that are not open but were paid within the storno window, with
    what they received in it."""
    paid: dict[int, Decimal] = defaultdict(Decimal)
    sql = (
        f"SELECT invoice_id, {reader.money('amount')} FROM {Allocation._meta.db_table}"
        " WHERE organisation_id = %s AND kind = %s AND date >= %s"
    )
    since = date.min if today is None else today - STORNO_WINDOW
    for invoice_id, amount in reader.rows(
        sql, "invoice_id", found.closed, params=[AllocationKind.PAYMENT.value, since]
    ):
        paid[invoice_id] += reader.decimal(amount)
    return [
        replace(invoice, open_amount=paid[invoice.id])
        for invoice in sorted(found.closed.values(), key=lambda invoice: invoice.id)
        if invoice.id in paid
    ]
