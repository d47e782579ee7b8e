"""One organisation's open invoices and customers, indexed once for matching: pure data.

Every lookup the matcher makes is a dict or set hit, so matching a statement line costs the
same against a thousand open invoices as against a million. One Book holds one
organisation: a payment matched against it can only ever reach that organisation's invoices.

Invoice numbers are compared by their *key*: the digit groups with leading zeros dropped,
joined by "-" ("F2026-00042", "2026/42" and "factuur 2026 - 0042" are all "2026-42"), plus
the digits run together ("202600042") for people who type them without a separator. Letters
(prefixes like "F", "INV") and punctuation are not part of the key. An invoice may come with
its keys (`OpenInvoice.keys`, as the ledger stores them), so they are not computed again.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any, NamedTuple

from innen.matching.reading import Readings, compact

ZERO = Decimal("0.00")

_DIGITS = re.compile(r"\d+")
_DIGIT_CHARS = "0123456789"
_ALNUM = re.compile(r"[0-9a-z]+")
_INITIAL_DOT = re.compile(r"\b([a-z])\.(?=[a-z]\.?)")
_TWO_INITIALS = re.compile(r"\b([a-z])\.([a-z])\b\.?")
_LEGAL_FORMS = frozenset(
    {"bv", "nv", "vof", "cv", "bvba", "gmbh", "ltd", "inc", "eenmanszaak", "ua", "co"}
)
_SALUTATIONS = frozenset({"dhr", "hr", "mevr", "mw", "mevrouw", "heer", "fam"})
_NOT_NAME = _LEGAL_FORMS | _SALUTATIONS
# Name tokens that occur for this many customers are too common to find candidates by.
_COMMON_TOKEN = 2000
# A digit group with at most this many values across all numbers (a year) is checked.
_FEW_GROUP_VALUES = 100
_NAME_CANDIDATES = 200


@dataclass(frozen=True, slots=True)
class OpenInvoice:
    id: int
    customer_id: int
    number: str
    payment_reference: str
    open_amount: Decimal
    due_date: date
    # `match_keys(number, payment_reference)` where the caller has them stored already.
    keys: tuple[str, str, str] | None = field(default=None, compare=False, repr=False)


class KnownCustomer(NamedTuple):
    """A customer as matching knows it. (A tuple: a book holds a hundred thousand, made
    in little more than half the time frozen dataclasses take.)"""

    id: int
    name: str
    ibans: tuple[str, ...] = ()


def number_keys(number: str) -> tuple[str, ...]:
    """The keys an invoice number is found by: the grouped key and the digits run together."""
    groups = _DIGITS.findall(number)
    if len(groups) < 2:
        return (groups[0].lstrip("0") or "0",) if groups else ()
    grouped = "-".join([g.lstrip("0") or "0" for g in groups])
    flat = "".join(groups).lstrip("0") or "0"
    return (grouped, flat)


def match_keys(number: str, payment_reference: str) -> tuple[str, str, str]:
    """What an invoice is stored under for bank matching: reference key, number key, flat key.

    The flat key (the digits run together) is "" when it is the number key itself (a number
    of one digit group), so "no flat key" also says "a number of one group".
    """
    keys = number_keys(number)
    return (
        compact(payment_reference),
        keys[0] if keys else "",
        keys[1] if len(keys) > 1 else "",
    )


def one_edit_neighbours(
    key: str, allowed: Mapping[int, frozenset[str]] | None = None
) -> Iterator[str]:
    """Every key one typo away: one digit substituted, dropped, added or two swapped.

    Edits stay inside a digit group (a typo does not move the separator) and the result is
    normalised like a key (a leading zero typed in front of a group is no typo at all). A
    key may come more than once. `allowed[i]`, where given, holds every value group i can
    have (a handful of years, say): edits of that group that make none of them are skipped.
    """
    groups = key.split("-")
    for i, group in enumerate(groups):
        only = allowed.get(i) if allowed else None
        head_key = "-".join(groups[:i]) + "-" if i else ""
        tail_key = "-" + "-".join(groups[i + 1 :]) if i + 1 < len(groups) else ""
        n = len(group)
        for p in range(n):
            head, here, tail = group[:p], group[p], group[p + 1 :]
            variants = [head + tail]  # deletion
            variants += [head + d + tail for d in _DIGIT_CHARS if d != here]  # substitution
            if tail and tail[0] != here:
                variants.append(head + tail[0] + here + tail[1:])  # transposition
            for v in variants:
                if v[:1] == "0":
                    v = v.lstrip("0")
                if v and (only is None or v in only):
                    yield head_key + v + tail_key
        for p in range(n + 1):
            head, tail = group[:p], group[p:]
            for d in _DIGIT_CHARS if p else _DIGIT_CHARS[1:]:
                v = head + d + tail  # insertion
                if only is None or v in only:
                    yield head_key + v + tail_key


@lru_cache(maxsize=65_536)
def name_tokens(name: str) -> tuple[str, ...]:
    """A name as comparable tokens: no accents, lower case, no legal form or salutation."""
    # A plain ASCII name has no accents to take off (a hundred thousand are read per book).
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = name.lower()
    if "." in text:
        # "B.V." and "V.O.F." become "bv" and "vof" before punctuation splits them apart.
        text = _INITIAL_DOT.sub(r"\1", text)
        text = _TWO_INITIALS.sub(r"\1\2", text)
    return tuple(w for w in _ALNUM.findall(text) if w not in _NOT_NAME)


@lru_cache(maxsize=262_144)
def name_similarity(a: tuple[str, ...], b: tuple[str, ...], minimum: float = 0.0) -> float:
    """How alike two token lists are, 0–1: the better of token overlap and character ratio.

    Of names less alike than `minimum` it may say less than they are, so that telling
    them apart does not cost a full character comparison.
    """
    if not a or not b:
        return 0.0
    sa, sb = set(a), set(b)
    overlap = len(sa & sb) / len(sa | sb)
    if overlap == 1.0:
        return 1.0
    matcher = SequenceMatcher(None, " ".join(sorted(sa)), " ".join(sorted(sb)))
    # Upper bounds of the ratio, cheap ones first: either may show it cannot matter.
    for bound in (matcher.real_quick_ratio, matcher.quick_ratio):
        most = bound()
        if most <= overlap or most < minimum:
            return overlap
    return max(overlap, matcher.ratio())


def _by_id(row: OpenInvoice | KnownCustomer) -> int:
    return row.id


def _new(invoices: Iterable[OpenInvoice], held: dict[int, OpenInvoice]) -> list[OpenInvoice]:
    """The invoices `held` has no id of yet, put in it (the first of an id counts)."""
    new = []
    for invoice in invoices:
        if invoice.id not in held:
            held[invoice.id] = invoice
            new.append(invoice)
    return new


def _index(
    index: dict[Any, list[int]], pairs: Iterable[tuple[Any, int]], unsorted: dict[int, list[int]]
) -> None:
    """Add each (key, id) to the list of its key in `index`; a list that is then out of id
    order goes in `unsorted`."""
    for key, invoice_id in pairs:
        ids = index.get(key)
        if ids is None:
            index[key] = [invoice_id]
            continue
        if ids[-1] > invoice_id:
            unsorted[id(ids)] = ids
        ids.append(invoice_id)


class Book:
    """The open invoices and customers of ONE organisation, indexed for matching.

    `settled` are recently paid invoices (their `open_amount` is what was paid): found by a
    storno that re-opens them, never paid again. `end_to_end_ids` maps the end-to-end id of
    a collected direct debit to the invoice ids it collected. `closed_numbers` are the
    organisation's other invoice numbers: a typo is never read as a number that exists.

    A book may hold only the invoices some statement lines can reach (see `needs`); then
    `one_group_numbers` gives the keys of the organisation's open invoices numbered by one
    digit group (up to 101 of them), which decide whether and where a single group of
    digits is read as a typo, and `open_counts` says, for customers of whom it holds only
    some open invoices (those of the amounts their lines pay), how many they have.
    `names` are the customers' names indexed already (by another book of the same ones).
    """

    def __init__(
        self,
        invoices: Iterable[OpenInvoice],
        customers: Iterable[KnownCustomer],
        *,
        settled: Iterable[OpenInvoice] = (),
        end_to_end_ids: Mapping[str, tuple[int, ...]] | None = None,
        closed_numbers: Iterable[str] = (),
        one_group_numbers: Iterable[str] | None = None,
        open_counts: Mapping[int, int] | None = None,
        names: CustomerNames | None = None,
        readings: Readings | None = None,
    ) -> None:
        self.invoice: dict[int, OpenInvoice] = {}
        self.customer: dict[int, KnownCustomer] = {}
        self.by_reference: dict[str, list[int]] = {}
        self.by_number: dict[str, list[int]] = {}
        self.by_customer: dict[int, list[int]] = {}
        self.by_iban: dict[str, list[int]] = {}
        self.settled_invoice: dict[int, OpenInvoice] = {}
        self.settled_by_reference: dict[str, list[int]] = {}
        self.settled_by_number: dict[str, list[int]] = {}
        self.by_amount: dict[Decimal, list[int]] = {}
        self.group_counts: set[int] = set()
        self.allowed_groups: dict[int, dict[int, frozenset[str]]] = {}
        self.known_keys: set[str] = set()
        self.e2e: dict[str, tuple[int, ...]] = {}
        self._group_values: dict[tuple[int, int], set[str]] = {}
        self._one_group: frozenset[str] | None = None
        self._amounts: dict[int, dict[Decimal, list[int]]] = {}
        self._typos: dict[str, str | None] = {}  # what typo_of said, per key
        self._open_counts: dict[int, int] = {}
        self._names = names  # else built on the first name lookup
        # The texts the book is asked about, read once (`needs` may have read them).
        self.readings = Readings() if readings is None else readings
        for cust in sorted(customers, key=_by_id):
            self.customer[cust.id] = cust
            for iban in cust.ibans:
                self.by_iban.setdefault(compact(iban), []).append(cust.id)
        self.add(
            invoices,
            settled=settled,
            end_to_end_ids=end_to_end_ids,
            closed_numbers=closed_numbers,
            one_group_numbers=one_group_numbers,
            open_counts=open_counts,
        )

    def add(
        self,
        invoices: Iterable[OpenInvoice],
        *,
        settled: Iterable[OpenInvoice] = (),
        end_to_end_ids: Mapping[str, tuple[int, ...]] | None = None,
        closed_numbers: Iterable[str] = (),
        one_group_numbers: Iterable[str] | None = None,
        open_counts: Mapping[int, int] | None = None,
    ) -> None:
        """Take in more of the organisation's invoices (and what goes with them): the book is
        then the one made of all it was given at once, for its customers."""
        invoices = _new(invoices, self.invoice)
        settled = _new(settled, self.settled_invoice)
        keyed = [(i.id, i.keys or match_keys(i.number, i.payment_reference)) for i in invoices]
        settled_keyed = [
            (i.id, i.keys or match_keys(i.number, i.payment_reference)) for i in settled
        ]
        # The indexes list ids in id order, whatever order the invoices come in: the same
        # invoices make the same book.
        unsorted: dict[int, list[int]] = {}
        _index(self.by_reference, [(keys[0], pk) for pk, keys in keyed if keys[0]], unsorted)
        _index(self.by_number, [(k, pk) for pk, keys in keyed for k in keys[1:] if k], unsorted)
        _index(self.by_customer, [(i.customer_id, i.id) for i in invoices], unsorted)
        _index(self.by_amount, [(i.open_amount, i.id) for i in invoices], unsorted)
        _index(
            self.settled_by_reference,
            [(keys[0], pk) for pk, keys in settled_keyed if keys[0]],
            unsorted,
        )
        settled_numbers = [(k, pk) for pk, keys in settled_keyed for k in keys[1:] if k]
        _index(self.settled_by_number, settled_numbers, unsorted)
        self.known_keys.update(k for k, _ in settled_numbers)
        self._count_groups(keys[1] for _, keys in keyed if keys[1])
        for ids in unsorted.values():
            ids.sort()
        # Groups with few values (years, series): a typo there must still make one of them.
        self.group_counts = {count for count, _ in self._group_values}
        self.allowed_groups = {}
        for (count, position), values in self._group_values.items():
            if len(values) <= _FEW_GROUP_VALUES:
                self.allowed_groups.setdefault(count, {})[position] = frozenset(values)
        if one_group_numbers is not None:
            self._one_group = frozenset(one_group_numbers)
        if self._one_group is not None:
            self._one_group_numbers(self._one_group)
        # Numbers that exist but are not open: a typo landing on one is another invoice.
        for number in closed_numbers:
            self.known_keys.update(number_keys(number))
        self.e2e.update((k.strip(), tuple(v)) for k, v in (end_to_end_ids or {}).items())
        self._open_counts.update(open_counts or {})
        self._amounts.clear()
        self._typos.clear()

    def _count_groups(self, keys: Iterable[str]) -> None:
        """Note the values of each digit group of `keys`, per count of groups, until there
        are more than a few."""
        split = [key.split("-") for key in keys]
        for count in {len(groups) for groups in split}:
            alike = [groups for groups in split if len(groups) == count]
            for position in range(count):
                seen = self._group_values.setdefault((count, position), set())
                if len(seen) <= _FEW_GROUP_VALUES:
                    seen.update(groups[position] for groups in alike)

    def _one_group_numbers(self, keys: frozenset[str]) -> None:
        """What the whole organisation's open numbers of one digit group allow a typo to be."""
        self.group_counts.discard(1)
        self.allowed_groups.pop(1, None)
        if keys:
            self.group_counts.add(1)
            if len(keys) <= _FEW_GROUP_VALUES:
                self.allowed_groups[1] = {0: keys}

    @property
    def names(self) -> CustomerNames:
        """The customers' names as tokens, indexed: built when a name is first looked up,
        since most lines are decided without one."""
        if self._names is None:
            self._names = CustomerNames(self.customer.values())
        return self._names

    # -- lookups -------------------------------------------------------------------------

    def number_exists(self, key: str) -> bool:
        return key in self.by_number or key in self.known_keys

    def typo_of(self, key: str) -> str | None:
        """The one open invoice number `key` is a single typo of, or None.

        None when `key` itself is a number (open or not), when no open number is one edit
        away, or when more than one is: a typo is only read when it can mean one number.
        """
        if key in self._typos:
            return self._typos[key]
        found = self._typo_of(key)
        self._typos[key] = found
        return found

    def _typo_of(self, key: str) -> str | None:
        count = key.count("-") + 1
        if self.number_exists(key) or count not in self.group_counts:
            return None
        found = None
        numbers = self.by_number
        for near in one_edit_neighbours(key, self.allowed_groups.get(count)):
            if near in numbers and near != found and near != key:
                if found is not None:
                    return None
                found = near
        return found

    def customers_with_iban(self, iban: str) -> list[int]:
        return self.by_iban.get(compact(iban), []) if iban else []

    def open_count(self, customer_id: int) -> int:
        """How many open invoices the customer has, whether the book holds them all or not."""
        count = self._open_counts.get(customer_id)
        return len(self.by_customer.get(customer_id, ())) if count is None else count

    def open_of(self, customer_id: int) -> list[int]:
        """Every open invoice of the customer; a book holding only some of them cannot say."""
        if customer_id in self._open_counts:
            raise LookupError(f"the book holds only some open invoices of {customer_id}")
        return self.by_customer.get(customer_id, [])

    def invoices_with_amount(self, customer_id: int, amount: Decimal) -> list[int]:
        """The customer's open invoices whose open amount is `amount` (as the book was built)."""
        amounts = self._amounts.get(customer_id)
        if amounts is None:
            amounts = {}
            for i in self.by_customer.get(customer_id, ()):
                amounts.setdefault(self.invoice[i].open_amount, []).append(i)
            self._amounts[customer_id] = amounts
        return amounts.get(amount, [])

    def name_alike(self, customer_id: int, name: str, minimum: float = 0.85) -> bool:
        """Whether `name` (as the bank shows it) is the customer's name."""
        customer = self.customer.get(customer_id)
        tokens = name_tokens(customer.name) if customer else ()
        return (
            bool(name and tokens) and name_similarity(name_tokens(name), tokens, minimum) >= minimum
        )

    def alike_with_amount(
        self, name: str, amount: Decimal, minimum: float = 0.85
    ) -> list[tuple[int, int, float]]:
        """(customer, invoice, similarity) for open invoices of exactly `amount` whose
        customer's name is at least `minimum` alike `name`; [] when the name is shared."""
        invoices = ((i, self.invoice[i].customer_id) for i in self.by_amount.get(amount, ()))
        return self.alike_among(name, invoices, minimum)

    def alike_among(
        self, name: str, invoices: Iterable[tuple[int, int]], minimum: float = 0.85
    ) -> list[tuple[int, int, float]]:
        """(customer, invoice, similarity) for those of `invoices` (id, customer) whose
        customer's name is at least `minimum` alike `name`; [] when the name is shared."""
        tokens = name_tokens(name)
        names = self.names
        if not tokens or len(names.by_name.get(tuple(sorted(tokens)), ())) > 1:
            return []
        out = []
        for i, customer_id in invoices:
            similarity = name_similarity(tokens, names.tokens.get(customer_id, ()), minimum)
            if similarity >= minimum:
                out.append((customer_id, i, similarity))
        return out

    def similar_customers(self, name: str, minimum: float = 0.85) -> list[tuple[int, float]]:
        """Customers whose name is at least `minimum` alike, best first."""
        tokens = name_tokens(name)
        if not tokens:
            return []
        names = self.names
        exact = names.by_name.get(tuple(sorted(tokens)))
        if exact:
            return [(c, 1.0) for c in exact]
        postings = [names.by_token[t] for t in set(tokens) if t in names.by_token]
        postings = [p for p in postings if len(p) < _COMMON_TOKEN]
        postings.sort(key=len)
        seen: set[int] = set()
        for posting in postings[:2]:
            seen.update(posting[:_NAME_CANDIDATES])
        scored = [(c, name_similarity(tokens, names.tokens[c], minimum)) for c in seen]
        scored = [(c, s) for c, s in scored if s >= minimum]
        scored.sort(key=lambda cs: (-cs[1], cs[0]))
        return scored


class CustomerNames:
    """Customers by the tokens of their name: all of them, and each token of three letters
    or more (to find candidates by). Built once per set of customers: it is most of what
    building a book of a hundred thousand customers costs."""

    def __init__(self, customers: Iterable[KnownCustomer]) -> None:
        self.tokens: dict[int, tuple[str, ...]] = {}
        self.by_name: dict[tuple[str, ...], list[int]] = {}
        self.by_token: dict[str, list[int]] = {}
        by_name, by_token = self.by_name, self.by_token
        for cust in sorted(customers, key=_by_id):
            tokens = self.tokens[cust.id] = name_tokens(cust.name)
            by_name.setdefault(tuple(sorted(tokens)), []).append(cust.id)
            for token in set(tokens):
                if len(token) >= 3:
                    by_token.setdefault(token, []).append(cust.id)
