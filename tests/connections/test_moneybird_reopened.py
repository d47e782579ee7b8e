"""What Moneybird opens again reaches innen on the next sync, through the ledger's services:
money paid back on an invoice (a negative payment) is a storno re-opening it by that amount;
a write-off taken back in Moneybird (uncollectible -> open) is undone in innen."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from innen.connections.sync import sync
from innen.connectors.moneybird_records import payments
from innen.connectors.records import PaymentKind
from innen.dossier.models import Event
from innen.ledger.models import Allocation, AllocationKind, Invoice, Repayment, RepaymentKind
from tests.connections.conftest import ADMIN, connected

pytestmark = pytest.mark.django_db

PAID_IN_FULL, UNCOLLECTIBLE = "2026-00004", "2026-00003"  # as the fake's seed makes them


def _open_items(org) -> dict[str, Decimal]:
    rows = Invoice.objects.filter(organisation=org, outstanding__gt=0)
    return dict(rows.values_list("number", "outstanding"))


def test_a_negative_payment_is_read_as_money_paid_back():
    invoice = {
        "id": "7", "invoice_id": "2026-1", "total_price_incl_tax": "100.00",
        "payments": [
            {"id": "8", "price": "100.00", "payment_date": "2026-02-01", "updated_at": 1},
            {"id": "9", "price": "-30.00", "payment_date": "2026-02-03", "updated_at": 2},
        ],
    }  # fmt: skip
    paid, back = payments(invoice)
    assert (paid.kind, paid.amount) == (PaymentKind.PAYMENT, Decimal("100.00"))
    assert (back.kind, back.amount) == (PaymentKind.REFUND, Decimal("30.00"))


def test_money_paid_back_in_moneybird_reopens_the_invoice_by_that_amount_once(org, moneybird):
    connection = connected(org, moneybird, 12)
    sync(connection)
    assert PAID_IN_FULL not in _open_items(org)
    moneybird.pay_back(ADMIN, PAID_IN_FULL, Decimal("40.00"), date(2026, 3, 2))
    sync(connection)
    assert _open_items(org)[PAID_IN_FULL] == Decimal("40.00")
    assert _open_items(org) == moneybird.data.open_items(ADMIN)
    storno = Repayment.objects.get(organisation=org)
    assert (storno.kind, storno.amount, storno.reason) == (
        RepaymentKind.STORNO,
        Decimal("40.00"),
        "paid back in Moneybird",
    )
    sync(connection)
    moneybird.change(ADMIN, PAID_IN_FULL, due_date="2026-04-30")  # the invoice again
    sync(connection)
    assert Repayment.objects.filter(organisation=org).count() == 1
    assert _open_items(org) == moneybird.data.open_items(ADMIN)


def test_a_write_off_taken_back_in_moneybird_is_undone_in_innen(org, moneybird):
    connection = connected(org, moneybird, 12)
    sync(connection)
    invoice = Invoice.objects.get(organisation=org, number=UNCOLLECTIBLE)
    assert invoice.outstanding == 0
    assert Allocation.objects.get(invoice=invoice).note == "written off in Moneybird"
    moneybird.change(ADMIN, UNCOLLECTIBLE, state="open")
    sync(connection)
    invoice.refresh_from_db()
    assert invoice.outstanding == invoice.total
    assert _open_items(org) == moneybird.data.open_items(ADMIN)
    assert not Allocation.objects.filter(invoice=invoice).exists()
    undone = Event.objects.get(invoice=invoice.pk, payload__action="write_off_undone")
    assert undone.payload["reason"] == "open again in Moneybird"
    assert Event.objects.filter(invoice=invoice.pk, payload__action="written_off").exists()
    sync(connection)
    moneybird.change(ADMIN, UNCOLLECTIBLE, state="uncollectible")  # and written off again
    sync(connection)
    invoice.refresh_from_db()
    assert invoice.outstanding == 0
    assert Allocation.objects.filter(invoice=invoice, kind=AllocationKind.WRITE_OFF).count() == 1
