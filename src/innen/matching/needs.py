"""What a batch of statement lines can look up in a `Book`, so a database loads only that. Pure.

The matcher only ever reads a book through keys: payment references, invoice number keys,
accounts, end-to-end ids, customers and amounts. A book that holds, of every key the lines
use, what the matcher reads through it decides the lines exactly as a book of all open
invoices would. Loading goes in rounds, because some keys follow from what the first ones
found:

1. `needs(entries)`: the references and number keys the scanner tries in every line (every
   digit window, grouped and flat), the keys it may read a typo of, the accounts and the
   end-to-end ids of returned payments;
2. `typo_neighbours(keys, ...)`: the numbers one typo away from the keys that turned out not
   to be numbers at all (a key that is a number is never read as a typo), and of those that
   are open, `typo_targets`: the one a key is read as, or two (then it is read as none);
3. `name_lines(entries, book)`: the lines from accounts nobody is known by whose text names
   nothing, which the name rule weighs, and `alike_by_name(...)`: the invoices of their
   amounts whose customer has a name alike; `account_lines(entries, book)`: the customers
   whose account paid a line that its text does not settle, with the amounts the account
   rule weighs their open invoices against;
4. `whole_customers(...)`: of those, the customers whose every open invoice the account
   rule may add up, given how many they have and which are of a line's amount; of the
   others the book holds only the invoices of their lines' amounts, and their count.

Each round may find more than the matcher will read, never less than it needs to decide
as it would on the whole ledger.
"""

from __future__ import annotations

from collections.abc import Collection, Container, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from innen.formats.statement import Entry
from innen.matching.book import Book, OpenInvoice, one_edit_neighbours
from innen.matching.decision import MAX_COMBINATION_POOL, NAME_MINIMUM, THRESHOLD
from innen.matching.reading import Readings, compact
from innen.matching.scan import Found, scan_text


@dataclass
class Needs:
    references: set[str] = field(default_factory=set)  # compacted payment references
    numbers: set[str] = field(default_factory=set)  # number keys, grouped and flat
    typo_keys: set[str] = field(default_factory=set)  # keys the scanner may read a typo of
    ibans: set[str] = field(default_factory=set)  # compacted counterparty accounts
    end_to_end_ids: set[str] = field(default_factory=set)  # of returned payments
    readings: Readings = field(default_factory=Readings)  # of the texts, for the book


def needs(entries: Iterable[Entry]) -> Needs:
    """Every reference, number key, account and end-to-end id the lines can be matched by."""
    out = Needs()
    texts = set()  # lines repeat their texts: each is scanned once
    for entry in entries:
        if entry.structured_reference:
            out.references.add(compact(entry.structured_reference))
        if entry.counterparty_iban:
            out.ibans.add(compact(entry.counterparty_iban))
        if entry.is_return and entry.end_to_end_id.strip():
            out.end_to_end_ids.add(entry.end_to_end_id.strip())
        if entry.amount and entry.remittance:
            texts.add(entry.remittance)
    for text in texts:
        scan_keys(text, out)
    return out


def scan_keys(text: str, out: Needs) -> None:
    """Add the keys `scan.scan_text` may look up in `text`: the same windows, every reading."""
    reading = out.readings[text]
    out.references.update(ref for ref, _ in reading.rf)
    for run in reading.runs:
        out.references.update(digits for _, _, digits, _ in run.references)
        for window in run.windows:
            out.numbers.add(window.key)
            out.numbers.add(window.flat or window.key)
        out.typo_keys.update(window.key for window in run.typo_windows)


def typo_neighbours(
    keys: Iterable[str], existing: Collection[str], one_group_numbers: Collection[str]
) -> dict[str, set[str]]:
    """Per key that is no number itself (`existing`), the keys one typo away from it.

    A single digit group is only read as a typo when the organisation has open numbers of
    one group (`one_group_numbers`, up to 101: more than 100 means any value).
    """
    allowed_single = {0: frozenset(one_group_numbers)} if len(one_group_numbers) <= 100 else None
    out: dict[str, set[str]] = {}
    for key in keys:
        if key in existing:
            continue
        if "-" not in key:
            if one_group_numbers:
                out[key] = set(one_edit_neighbours(key, allowed_single))
        else:
            out[key] = set(one_edit_neighbours(key))
    return out


def typo_targets(neighbours: Mapping[str, Collection[str]], open_keys: Container[str]) -> set[str]:
    """The open numbers a book must hold to read each key's typo as a whole ledger would.

    `Book.typo_of` reads a key as the one open number one typo away, and as nothing when
    there are several: the one, or two of the several (the first two, to be the same each
    time), say as much as all of them. `open_keys` holds the keys of open invoices among
    the neighbours.
    """
    out: set[str] = set()
    for near in neighbours.values():
        out.update(sorted(key for key in near if key in open_keys)[:2])
    return out


def account_lines(
    entries: Iterable[Entry], book: Book, threshold: int = THRESHOLD
) -> dict[int, list[Decimal]]:
    """Per customer known by the account of a line whose text settles nothing for sure, the
    amounts of those lines: what the account rule weighs the customer's invoices against.

    `book` holds what the references, numbers and accounts of the lines found. A line is
    settled by its text when a reference names an open invoice (score 100 or 98), or when a
    number in it names an invoice of the account's own customer (95).
    """
    out: dict[int, list[Decimal]] = {}
    scans: dict[str, Found] = {}
    for entry in entries:
        if entry.amount <= 0:
            continue
        customers = book.customers_with_iban(entry.counterparty_iban)
        if customers and not _settled_by_text(entry, book, customers, threshold, scans):
            for customer_id in customers:
                out.setdefault(customer_id, []).append(entry.amount)
    return out


def whole_customers(
    lines: Mapping[int, list[Decimal]],
    open_counts: Mapping[int, int],
    of_amounts: Iterable[OpenInvoice],
    found: Container[int],
) -> set[int]:
    """The customers of `lines` whose every open invoice the account rule may weigh.

    `open_counts`: how many open invoices each has; `of_amounts`: those whose open amount
    one of its lines pays; `found`: the invoices found by the lines' other keys, which an
    earlier line may pay (so that their amount is no longer open). The rule looks only at
    invoices of the line's amount when there are some but not all of them are (and then
    no further), and gives up on customers with more than `MAX_COMBINATION_POOL`. For one
    line that is what it does for sure when nothing else may have paid one of them first;
    otherwise it may add them all up.
    """
    hits: dict[int, list[int]] = {}
    for invoice in of_amounts:
        hits.setdefault(invoice.customer_id, []).append(invoice.id)
    out = set()
    for customer_id, amounts in lines.items():
        count = open_counts.get(customer_id, 0)
        if not count or count > MAX_COMBINATION_POOL:
            continue
        ids = hits.get(customer_id, [])
        if len(amounts) == 1 and 0 < len(ids) < count and not any(i in found for i in ids):
            continue
        out.add(customer_id)
    return out


def _settled_by_text(
    entry: Entry, book: Book, customers: list[int], threshold: int, scans: dict[str, Found]
) -> bool:
    if compact(entry.structured_reference) in book.by_reference and threshold <= 100:
        return True
    found = scans.get(entry.remittance)
    if found is None:
        found = scan_text(entry.remittance, book, book.by_reference, book.by_number, typos=False)
        scans[entry.remittance] = found
    if found.references and threshold <= 98:
        return True
    return threshold <= 95 and any(book.invoice[i].customer_id in customers for i, _ in found.exact)


def name_lines(entries: Iterable[Entry], book: Book) -> list[Entry]:
    """The lines the name rule may weigh: money in, a name, an unknown account, and a text
    that names no invoice (`book` holds every one the lines' texts can name)."""
    names: dict[str, bool] = {}  # per text: whether it names an invoice
    return [
        entry
        for entry in entries
        if entry.amount > 0
        and entry.counterparty_name
        and not book.customers_with_iban(entry.counterparty_iban)
        and compact(entry.structured_reference) not in book.by_reference
        and not _names_an_invoice(entry.remittance, book, names)
    ]


def _names_an_invoice(text: str, book: Book, names: dict[str, bool]) -> bool:
    said = names.get(text)
    if said is None:
        found = scan_text(text, book, book.by_reference, book.by_number)
        said = names[text] = bool(found.references or found.exact or found.typos)
    return said


def alike_by_name(
    lines: Iterable[Entry], book: Book, of_amounts: Iterable[tuple[int, int, Decimal]]
) -> set[int]:
    """Of the open invoices (id, customer, open amount) of the amounts `lines` pay, those
    the name rule finds for one of them: of its amount, of a customer of a name alike.

    `book` knows every customer.
    """
    by_amount: dict[Decimal, list[tuple[int, int]]] = {}
    for invoice_id, customer_id, amount in of_amounts:
        by_amount.setdefault(amount, []).append((invoice_id, customer_id))
    out: set[int] = set()
    for entry in lines:
        invoices = by_amount.get(entry.amount, ())
        alike = book.alike_among(entry.counterparty_name, invoices, NAME_MINIMUM)
        out.update(invoice_id for _, invoice_id, _ in alike)
    return out
