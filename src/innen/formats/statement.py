"""A bank statement as every reader returns it (CAMT.053, MT940, bank CSV): pure data.

Amounts are signed from the account holder's side: positive is money in (a credit), negative
money out. Each reader fills what its format carries and leaves the rest empty; matching and
the import work on this shape alone.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TypedDict

from innen.formats import messages as m
from innen.formats.messages import Text, say


class StatementError(ValueError):
    """A file that cannot be read or does not add up; `where` says which statement and entry."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}" if where else message)
        self.where = where
        self.message = message


def refuse_nul(text: str, name: str) -> None:
    """Raise StatementError naming the line of the first NUL character in `text`, if any.

    A NUL is never part of a statement's text, and PostgreSQL cannot store one.
    """
    at = text.find("\x00")
    if at >= 0:
        line = text.count("\n", 0, at) + 1
        where = say(m.FILE_LINE, name=name, line=line) if name else say(m.LINE, line=line)
        raise StatementError(where, say(m.HOLDS_NUL))


@dataclass(frozen=True)
class Entry:
    booking_date: date
    value_date: date | None
    amount: Decimal  # > 0 money in, < 0 money out
    currency: str = "EUR"
    counterparty_iban: str = ""
    counterparty_name: str = ""
    counterparty_bic: str = ""
    # The betalingskenmerk or ISO 11649 creditor reference (RF…), digits/letters only.
    structured_reference: str = ""
    remittance: str = ""  # the unstructured description, lines joined by a space
    end_to_end_id: str = ""
    bank_reference: str = ""  # the bank's own id for the entry (AcctSvcrRef, MT940 :61: ref)
    transaction_code: str = ""  # e.g. "PMNT/RCDT/ESCT" (ISO BTC) or "NTRF"/"N654" (MT940)
    is_return: bool = False  # a returned or refused payment / direct debit (storno)
    return_reason: str = ""  # e.g. "AC04", "MD06"
    number: int = 0  # 1-based position in its statement, for messages


class Described(TypedDict):
    """What an entry takes from a bank's description of it (MT940's :86:, ABN AMRO's)."""

    counterparty_iban: str
    counterparty_name: str
    counterparty_bic: str
    structured_reference: str
    remittance: str
    end_to_end_id: str


def described(details: Mapping[str, str]) -> Described:
    """The fields of an `Entry` that a description read into `details` gives, "" if absent."""
    return Described(
        counterparty_iban=details.get("counterparty_iban", ""),
        counterparty_name=details.get("counterparty_name", ""),
        counterparty_bic=details.get("counterparty_bic", ""),
        structured_reference=details.get("structured_reference", ""),
        remittance=details.get("remittance", ""),
        end_to_end_id=details.get("end_to_end_id", ""),
    )


@dataclass(frozen=True)
class Statement:
    account_iban: str
    currency: str
    entries: tuple[Entry, ...]
    statement_id: str = ""
    sequence: str = ""
    opening_balance: Decimal | None = None
    opening_date: date | None = None
    closing_balance: Decimal | None = None
    closing_date: date | None = None
    number: int = 1  # 1-based position in its file
    # The closing balance holds the entries booked by this day only (a CAMT CLBD: an entry
    # the bank lists already but books the next day is in its forward balance, not in this
    # one); None: the closing balance holds every entry.
    booked_by: date | None = None
    # What the reader noticed and the import report says, e.g. that no balance was checked.
    notes: tuple[Text, ...] = ()

    @property
    def credit_total(self) -> Decimal:
        return sum((e.amount for e in self.entries if e.amount > 0), Decimal("0.00"))

    @property
    def debit_total(self) -> Decimal:
        return sum((-e.amount for e in self.entries if e.amount < 0), Decimal("0.00"))

    @property
    def in_closing_balance(self) -> tuple[Entry, ...]:
        """The entries the closing balance holds (see `booked_by`)."""
        if self.booked_by is None:
            return self.entries
        return tuple(e for e in self.entries if e.booking_date <= self.booked_by)

    def balance_problem(self) -> Text | None:
        """Why opening balance + entries is not the closing balance (None when it is)."""
        if self.opening_balance is None or self.closing_balance is None:
            return None
        counted = self.in_closing_balance
        moved = sum((e.amount for e in counted), Decimal(0))
        if self.opening_balance + moved == self.closing_balance:
            return None
        problem = say(
            m.BALANCES_DO_NOT_ADD_UP,
            opening=self.opening_balance,
            moved=moved,
            sum=self.opening_balance + moved,
            closing=self.closing_balance,
        )
        later = len(self.entries) - len(counted)
        if later:
            return say(m.LATER_LEFT_OUT, problem=problem, later=later, day=self.booked_by)
        return problem


@dataclass(frozen=True)
class Notice:
    """Something a reader noticed in a file it could read, and says: `where` and what."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass(frozen=True)
class StatementFile:
    format: str  # "camt.053.001.02", "mt940", "csv-ing", ...
    statements: tuple[Statement, ...]
    notices: tuple[Notice, ...] = ()  # about the file (a statement's are in its `notes`)


def entry_identities(account_iban: str, entries: Iterable[Entry]) -> list[str]:
    """A stable identity per entry, the same when the entry comes again in another file.

    The bank's own reference where there is one; else a fingerprint of what the entry says,
    numbered when one statement holds the same entry twice (two equal payments on a day).
    """
    seen: Counter[str] = Counter()
    identities = []
    for entry in entries:
        if entry.bank_reference:
            identities.append(f"ref:{account_iban}:{entry.bank_reference}")
            continue
        text = "|".join(
            [
                account_iban,
                entry.booking_date.isoformat(),
                str(entry.amount),
                entry.currency,
                entry.counterparty_iban,
                entry.structured_reference,
                entry.remittance,
                entry.end_to_end_id,
            ]
        )
        digest = hashlib.sha256(text.encode()).hexdigest()[:32]
        seen[digest] += 1
        identities.append(f"fp:{digest}:{seen[digest]}")
    return identities
