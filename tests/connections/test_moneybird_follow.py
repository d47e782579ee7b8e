"""What Moneybird takes back or changes reaches innen on the next sync, through the ledger's
services: a deleted payment is returned (a storno), a deleted invoice is written off, a
changed contact changes the customer; nothing of the dossier is deleted."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from innen.connections.models import ExternalRef, Unmapped
from innen.connections.refs import REMOVED
from innen.connections.sync import sync
from innen.dossier.models import Event
from innen.ledger.models import Allocation, Customer, Invoice, Payment, Repayment, RepaymentKind
from tests.connections.conftest import ADMIN, connected

pytestmark = pytest.mark.django_db


def _open_items(org) -> dict[str, Decimal]:
    rows = Invoice.objects.filter(organisation=org, outstanding__gt=0)
    return dict(rows.values_list("number", "outstanding"))


def test_a_payment_deleted_in_moneybird_is_returned_in_innen_and_the_invoice_reopens(
    org, moneybird
):
    connection = connected(org, moneybird, 12)
    sync(connection)
    assert "2026-00004" not in _open_items(org)  # paid in full
    moneybird.delete_payment(ADMIN, "2026-00004")
    sync(connection)
    assert _open_items(org) == moneybird.data.open_items(ADMIN)
    storno = Repayment.objects.get(organisation=org)
    assert storno.kind == RepaymentKind.STORNO and storno.reason == "removed in Moneybird"
    assert storno.payment is not None  # the payment itself stays, returned
    assert Payment.objects.filter(organisation=org, pk=storno.payment.pk).exists()
    sync(connection)  # and again: returned once
    assert Repayment.objects.filter(organisation=org).count() == 1


def test_a_payment_replaced_in_moneybird_is_returned_and_the_new_one_taken_over(org, moneybird):
    connection = connected(org, moneybird, 12)
    sync(connection)
    moneybird.delete_payment(ADMIN, "2026-00004")
    total = Invoice.objects.get(organisation=org, number="2026-00004").total
    moneybird.pay(ADMIN, "2026-00004", total, date(2026, 3, 1))
    sync(connection)
    assert "2026-00004" not in _open_items(org)
    assert _open_items(org) == moneybird.data.open_items(ADMIN)
    assert Repayment.objects.filter(organisation=org).count() == 1


def test_an_invoice_deleted_in_moneybird_is_written_off_and_kept_in_innen(org, moneybird):
    connection = connected(org, moneybird, 12)
    sync(connection)
    assert "2026-00002" in _open_items(org)
    moneybird.delete_invoice(ADMIN, "2026-00002")
    sync(connection)
    invoice = Invoice.objects.get(organisation=org, number="2026-00002")  # still there
    assert invoice.outstanding == 0
    assert Allocation.objects.get(invoice=invoice).note == "removed from Moneybird"
    assert _open_items(org) == moneybird.data.open_items(ADMIN)
    ref = ExternalRef.objects.get(connection=connection, invoice=invoice, kind="invoice")
    assert ref.version == REMOVED
    sync(connection)
    assert Allocation.objects.filter(invoice=invoice).count() == 1


def test_a_contact_changed_in_moneybird_changes_the_customer_without_an_invoice_changing(
    org, moneybird
):
    connection = connected(org, moneybird, 12)
    sync(connection)
    moneybird.change_contact(
        ADMIN, "1001", company_name="Bakker & Zn B.V.", address1="Kerkstraat 9",
        email="boekhouding@bakker.nl",
    )  # fmt: skip
    sync(connection)
    customer = Customer.objects.get(organisation=org, number="1001")
    assert (customer.name, customer.street, customer.emails) == (
        "Bakker & Zn B.V.",
        "Kerkstraat 9",
        "boekhouding@bakker.nl",
    )
    noted = Event.objects.filter(customer=customer.pk).values_list("payload", flat=True)
    assert any("name" in payload.get("changed", {}) for payload in noted)


def test_a_changed_contact_innen_has_no_invoice_of_makes_no_customer(org, moneybird):
    connection = connected(org, moneybird, 4)
    sync(connection)
    before = Customer.objects.filter(organisation=org).count()
    supplier = moneybird.data.add_contact(moneybird.data.administrations[ADMIN], 900)
    moneybird.change_contact(ADMIN, supplier["customer_id"], company_name="Leverancier B.V.")
    sync(connection)
    assert Customer.objects.filter(organisation=org).count() == before
    assert not Unmapped.objects.exists()
