"""Hand-built statements and a stand-in for the file readers, so tests need no bank files."""

from datetime import date
from decimal import Decimal

import pytest

from innen.banking import services
from innen.formats.statement import Entry, Statement, StatementError, StatementFile
from tests import factories

IBAN = "NL91ABNA0417164300"
OTHER_IBAN = "NL20INGB0001234567"


def entry(number: int, amount: str, day: int = 2, **fields) -> Entry:
    defaults = {
        "booking_date": date(2026, 11, day),
        "value_date": date(2026, 11, day),
        "amount": Decimal(amount),
        "counterparty_iban": "NL44RABO0123456789",
        "counterparty_name": f"Klant {number} B.V.",
        "remittance": f"Factuur F{number:05d}",
        "bank_reference": f"REF{number:04d}",
        "number": number,
    }
    return Entry(**{**defaults, **fields})


def statement(
    entries: list[Entry],
    opening: str | None = "1000.00",
    closing: str | None = None,
    iban: str = IBAN,
    **fields,
) -> Statement:
    if closing is None and opening is not None:
        closing = str(Decimal(opening) + sum(e.amount for e in entries))
    return Statement(
        account_iban=iban,
        currency="EUR",
        entries=tuple(entries),
        opening_balance=None if opening is None else Decimal(opening),
        opening_date=date(2026, 11, 1),
        closing_balance=None if closing is None else Decimal(closing),
        closing_date=date(2026, 11, 30),
        **fields,
    )


class FakeReader:
    """Files by their contents: `reader.add(b"...", StatementFile)` before importing them."""

    def __init__(self) -> None:
        self.files: dict[bytes, StatementFile] = {}

    def add(self, data: bytes, *statements: Statement, format: str = "camt.053.001.02") -> bytes:
        self.files[data] = StatementFile(format=format, statements=statements)
        return data

    def __call__(self, data: bytes, name: str) -> StatementFile:
        if data not in self.files:
            raise StatementError("", "not a statement file innen can read")
        return self.files[data]


@pytest.fixture
def reader(monkeypatch) -> FakeReader:
    fake = FakeReader()
    monkeypatch.setattr(services, "read_file", fake)
    return fake


@pytest.fixture
def org():
    return factories.organisation("Alice B.V.")


@pytest.fixture
def account(org):
    return services.bank_account_add(organisation=org, iban=IBAN, name="ABN zakelijk")
