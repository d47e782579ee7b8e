"""What a batch of statement lines can look up in a `Book`, so a database loads only that. Pure.

The matcher only ever reads a book through keys: payment references, invoice number keys,
accounts, end-to-end ids, customers and amounts. A book that holds every invoice each of
those keys finds decides the lines exactly as a book of all open invoices would. Loading
goes in rounds, because some keys follow from what the first ones found:

1. `needs(entries)`: the references and number keys the scanner tries in every line (every
   digit window, grouped and flat), the keys it may read a typo of, the accounts and the
   end-to-end ids of returned payments;
2. `typo_neighbours(keys, ...)`: the numbers one typo away from the keys that turned out not
   to be numbers at all (a key that is a number is never read as a typo);
3. `customers_to_load(entries, book)`: the customers whose account paid a line that its
   text does not settle, whose open invoices the account rule weighs;
   `amounts_for_names(entries, book)`: the amounts the name rule looks for, in lines from
   accounts nobody is known by.

Each round may find more than the matcher will read, never less.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from innen.formats.statement import Entry
from innen.matching.book import Book, compact, number_key, one_edit_neighbours
from innen.matching.match import _DIGITS, _MAX_WINDOW, _RF, _RUN, THRESHOLD, _scan

# A typo is only looked for in windows of at least this many digits (see `match._scan`).
_TYPO_DIGITS = 5


@dataclass
class Needs:
    references: set[str] = field(default_factory=set)  # compacted payment references
    numbers: set[str] = field(default_factory=set)  # number keys, grouped and flat
    typo_keys: set[str] = field(default_factory=set)  # keys the scanner may read a typo of
    ibans: set[str] = field(default_factory=set)  # compacted counterparty accounts
    end_to_end_ids: set[str] = field(default_factory=set)  # of returned payments


def needs(entries: Iterable[Entry]) -> Needs:
    """Every reference, number key, account and end-to-end id the lines can be matched by."""
    out = Needs()
    for entry in entries:
        if entry.structured_reference:
            out.references.add(compact(entry.structured_reference))
        if entry.counterparty_iban:
            out.ibans.add(compact(entry.counterparty_iban))
        if entry.is_return and entry.end_to_end_id.strip():
            out.end_to_end_ids.add(entry.end_to_end_id.strip())
        if entry.amount and entry.remittance:
            scan_keys(entry.remittance, out)
    return out


def scan_keys(text: str, out: Needs) -> None:
    """Add the keys `match._scan` may look up in `text`: the same windows, every reading."""
    for m in _RF.finditer(text):
        out.references.add(compact(m.group()))
    for run in _RUN.finditer(text):
        groups = _DIGITS.findall(run.group())
        n = len(groups)
        for a in range(n):
            digits = ""
            for b in range(a, n):
                digits += groups[b]
                if len(digits) > 16:
                    break
                if len(digits) >= 7:
                    out.references.add(digits)
        for size in range(min(_MAX_WINDOW, n), 0, -1):
            for a in range(n - size + 1):
                window = groups[a : a + size]
                key = number_key(window)
                out.numbers.add(key)
                out.numbers.add("".join(window).lstrip("0") or "0")
                if sum(len(g) for g in window) >= _TYPO_DIGITS:
                    out.typo_keys.add(key)


def typo_neighbours(
    keys: Iterable[str], existing: Collection[str], one_group_numbers: Collection[str]
) -> set[str]:
    """The keys one typo away from `keys` that are no number themselves (`existing`).

    A single digit group is only read as a typo when the organisation has open numbers of
    one group (`one_group_numbers`, up to 101: more than 100 means any value).
    """
    allowed_single = {0: frozenset(one_group_numbers)} if len(one_group_numbers) <= 100 else None
    out: set[str] = set()
    for key in keys:
        if key in existing:
            continue
        if "-" not in key:
            if not one_group_numbers:
                continue
            out.update(one_edit_neighbours(key, allowed_single))
        else:
            out.update(one_edit_neighbours(key))
    return out


def customers_to_load(entries: Iterable[Entry], book: Book, threshold: int = THRESHOLD) -> set[int]:
    """Customers known by the account of a line whose text settles nothing for sure.

    `book` holds what the references, numbers and accounts of the lines found. A line is
    settled by its text when a reference names an open invoice (score 100 or 98), or when a
    number in it names an invoice of the account's own customer (95).
    """
    out: set[int] = set()
    for entry in entries:
        if entry.amount <= 0:
            continue
        customers = book.customers_with_iban(entry.counterparty_iban)
        if customers and not _settled_by_text(entry, book, customers, threshold):
            out.update(customers)
    return out


def _settled_by_text(entry: Entry, book: Book, customers: list[int], threshold: int) -> bool:
    if compact(entry.structured_reference) in book.by_reference and threshold <= 100:
        return True
    found = _scan(entry.remittance, book, book.by_reference, book.by_number, typos=False)
    if found.references and threshold <= 98:
        return True
    return threshold <= 95 and any(book.invoice[i].customer_id in customers for i, _ in found.exact)


def amounts_for_names(entries: Iterable[Entry], book: Book) -> set[Decimal]:
    """The amounts of lines the name rule may weigh: money in, a name, an unknown account."""
    return {
        entry.amount
        for entry in entries
        if entry.amount > 0
        and entry.counterparty_name
        and not book.customers_with_iban(entry.counterparty_iban)
    }
