"""Money back: a storno takes back what the returned payment paid; a refund pays out credit."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from innen.ledger.models import Allocation, Invoice, Repayment
from innen.ledger.services import (
    credit_balances,
    customer_credit,
    payment_register,
    payment_return,
    refund_register,
)
from tests import factories

pytestmark = pytest.mark.django_db
D = Decimal
DAY = date(2026, 11, 2)


@pytest.fixture
def ledger():
    org = factories.organisation()
    customer = factories.customer(org)
    invoice = factories.invoice(org, customer, total="100.00")
    return org, customer, invoice


def pay(org, customer, amount, day=DAY):
    return payment_register(organisation=org, customer=customer, date=day, amount=D(amount))


def open_amount(invoice):
    return D(Invoice.objects.filter(pk=invoice.pk).with_balance().get().open_amount)


def test_a_storno_takes_back_the_returned_payments_allocation_first(ledger):
    org, customer, invoice = ledger
    first = pay(org, customer, "60.00", date(2026, 10, 1))
    pay(org, customer, "40.00", date(2026, 10, 5))

    payment_return(
        organisation=org,
        customer=customer,
        date=DAY,
        amount=D("60.00"),
        reopen=[(invoice, D("60.00"))],
        payment=first,
    )

    assert open_amount(invoice) == D("60.00")
    assert not Allocation.objects.filter(payment=first).exists()
    assert customer_credit(customer) == 0


def test_a_storno_cannot_reopen_more_than_the_invoice_received(ledger):
    org, customer, invoice = ledger
    pay(org, customer, "30.00")

    with pytest.raises(ValidationError, match=r"received 30\.00"):
        payment_return(
            organisation=org,
            customer=customer,
            date=DAY,
            amount=D("50.00"),
            reopen=[(invoice, D("50.00"))],
        )

    assert open_amount(invoice) == D("70.00")
    assert not Repayment.objects.exists()


def test_a_storno_beyond_the_invoices_comes_out_of_credit_and_no_further(ledger):
    org, customer, invoice = ledger
    pay(org, customer, "120.00")  # 20.00 credit
    payment_return(
        organisation=org,
        customer=customer,
        date=DAY,
        amount=D("120.00"),
        reopen=[(invoice, D("100.00"))],
    )
    assert open_amount(invoice) == D("100.00") and customer_credit(customer) == 0

    pay(org, customer, "100.00")
    with pytest.raises(ValidationError, match="credit"):
        payment_return(
            organisation=org,
            customer=customer,
            date=DAY,
            amount=D("110.00"),
            reopen=[(invoice, D("100.00"))],
        )
    assert open_amount(invoice) == 0


def test_a_refund_pays_out_credit_and_never_more(ledger):
    org, customer, _invoice = ledger
    pay(org, customer, "130.00")
    assert customer_credit(customer) == D("30.00")

    with pytest.raises(ValidationError, match=r"at most the customer's credit of 30\.00"):
        refund_register(organisation=org, customer=customer, date=DAY, amount=D("30.01"))
    refund_register(organisation=org, customer=customer, date=DAY, amount=D("30.00"))

    assert customer_credit(customer) == 0


def test_a_credit_note_beyond_its_invoice_is_credit_too(ledger):
    from innen.ledger.services import credit_note_create

    org, customer, invoice = ledger
    credit_note_create(
        organisation=org,
        customer=customer,
        number="CN-1",
        issue_date=DAY,
        total=D("150.00"),
        amount_excl_vat=D("150.00"),
        invoice=invoice,
    )

    assert open_amount(invoice) == 0
    assert credit_balances(org.pk) == {customer.pk: D("50.00")}


def test_credit_is_counted_per_organisation(ledger):
    org, _customer, _invoice = ledger
    other = factories.organisation("Bob B.V.")
    theirs = factories.customer(other)
    pay(other, theirs, "10.00")

    assert credit_balances(org.pk) == {}
    assert credit_balances(other.pk) == {theirs.pk: D("10.00")}
