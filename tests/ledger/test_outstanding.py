"""Each invoice's stored open amount and settled day follow every change of its allocations.

(tests/conftest.py also checks, after every test that writes the ledger, that the stored
values equal what the allocations say.)
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models.signals import post_delete, post_save

from innen.ledger import services
from innen.ledger.models import Allocation, Invoice, Payment
from tests import factories

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def org():
    return factories.organisation()


@pytest.fixture
def customer(org):
    return factories.customer(org)


def stored(invoice: Invoice) -> tuple[Decimal, date | None]:
    invoice.refresh_from_db()
    return invoice.outstanding, invoice.settled_on


def pay(org, customer, amount: str, on: date, invoice: Invoice) -> Payment:
    return services.payment_register(
        organisation=org, customer=customer, date=on, amount=D(amount), designated=[invoice]
    )


def test_a_new_invoice_owes_its_total_and_is_not_settled(org, customer):
    assert stored(factories.invoice(org, customer, "121.00")) == (D("121.00"), None)


def test_a_part_payment_lowers_it_and_the_last_part_settles_it_on_its_day(org, customer):
    invoice = factories.invoice(org, customer, "121.00")
    pay(org, customer, "21.00", date(2026, 2, 3), invoice)
    assert stored(invoice) == (D("100.00"), None)

    pay(org, customer, "100.00", date(2026, 2, 10), invoice)
    assert stored(invoice) == (D("0.00"), date(2026, 2, 10))


def test_a_credit_note_settles_but_a_write_off_only_closes(org, customer):
    credited = factories.invoice(org, customer, "121.00")
    services.credit_note_create(
        organisation=org,
        customer=customer,
        invoice=credited,
        number="CN-1",
        issue_date=date(2026, 2, 1),
        amount_excl_vat=D("100.00"),
        vat_amount=D("21.00"),
        total=D("121.00"),
    )
    written_off = factories.invoice(org, customer, "121.00")
    services.invoice_write_off(invoice=written_off, date=date(2026, 2, 1))

    assert stored(credited) == (D("0.00"), date(2026, 2, 1))
    assert stored(written_off) == (D("0.00"), None)


def test_a_returned_payment_reopens_the_invoice(org, customer):
    invoice = factories.invoice(org, customer, "121.00")
    payment = pay(org, customer, "121.00", date(2026, 2, 3), invoice)

    services.payment_return(
        organisation=org,
        customer=customer,
        date=date(2026, 2, 20),
        amount=D("21.00"),
        reopen=[(invoice, D("21.00"))],
        payment=payment,
    )

    assert stored(invoice) == (D("21.00"), None)


def test_deleting_a_payment_takes_its_allocations_with_it(org, customer):
    invoice = factories.invoice(org, customer, "121.00")
    pay(org, customer, "121.00", date(2026, 2, 3), invoice).delete()
    assert stored(invoice) == (D("121.00"), None)


def test_a_changed_total_changes_what_is_open(org, customer):
    invoice = factories.invoice(org, customer, "121.00")
    pay(org, customer, "21.00", date(2026, 2, 3), invoice)

    invoice.total = D("242.00")
    invoice.save()

    assert (invoice.outstanding, invoice.settled_on) == (D("221.00"), None)
    assert stored(invoice) == (D("221.00"), None)


def test_deleting_a_credit_note_reopens_what_it_credited(org, customer):
    invoice = factories.invoice(org, customer, "121.00")
    note = services.credit_note_create(
        organisation=org,
        customer=customer,
        invoice=invoice,
        number="CN-1",
        issue_date=date(2026, 2, 1),
        amount_excl_vat=D("100.00"),
        vat_amount=D("21.00"),
        total=D("121.00"),
    )

    note.delete()

    assert stored(invoice) == (D("121.00"), None)


def test_the_writers_keep_the_open_amounts_themselves_without_signals():
    # Explicit calls (refresh_outstanding) instead of receivers on every saved allocation.
    assert not post_save.has_listeners(Allocation)
    assert not post_delete.has_listeners(Allocation)
