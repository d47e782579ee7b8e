"""A small hand-made ledger for the dashboard's figures, on a pinned day."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from innen.ledger import services
from innen.ledger.models import Customer, Invoice
from innen.organisations.models import Organisation
from tests import factories

TODAY = date(2026, 3, 15)


def invoice(org: Organisation, cust: Customer, total: str, due: date, **fields) -> Invoice:
    issued = fields.pop("issue_date", min(due - timedelta(days=30), TODAY))
    return factories.invoice(org, cust, total=total, due=due, issue_date=issued, **fields)


def pay(inv: Invoice, amount: str, on: date) -> None:
    services.payment_register(
        organisation=inv.organisation,
        customer=inv.customer,
        date=on,
        amount=Decimal(amount),
        designated=[inv],
    )


@pytest.fixture
def org(db):
    return factories.organisation("Alice B.V.")


@pytest.fixture
def other(db):
    """Another organisation, whose invoices never count."""
    other = factories.organisation("Other B.V.")
    stranger = factories.customer(other, name="Stranger B.V.")
    invoice(other, stranger, "9999.00", TODAY - timedelta(days=10))
    invoice(other, stranger, "8888.00", TODAY - timedelta(days=200))
    return other
