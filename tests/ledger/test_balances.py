from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from innen.balances import InvoiceStatus
from innen.ledger import services
from innen.ledger.models import Invoice
from tests import factories

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def org():
    return factories.organisation()


@pytest.fixture
def cust(org):
    return factories.customer(org)


def test_a_new_invoice_is_open_for_its_total(org, cust):
    invoice = factories.invoice(org, cust, total="121.00")
    assert invoice.balance().open_amount == D("121.00")
    assert invoice.balance().status == InvoiceStatus.OPEN


def test_a_payment_pays_the_oldest_due_invoice_first(org, cust):
    older = factories.invoice(org, cust, total="100.00", due=date(2026, 1, 10))
    newer = factories.invoice(org, cust, total="100.00", due=date(2026, 2, 10))
    services.payment_register(
        organisation=org, customer=cust, date=date(2026, 3, 1), amount=D("150.00")
    )
    assert older.balance().status == InvoiceStatus.PAID
    assert newer.balance().open_amount == D("50.00")
    assert newer.balance().status == InvoiceStatus.PARTIALLY_PAID


def test_a_payment_pays_the_invoice_the_payer_named_first(org, cust):
    older = factories.invoice(org, cust, total="100.00", due=date(2026, 1, 10))
    newer = factories.invoice(org, cust, total="100.00", due=date(2026, 2, 10))
    services.payment_register(
        organisation=org,
        customer=cust,
        date=date(2026, 3, 1),
        amount=D("100.00"),
        designated=[newer],
    )
    assert newer.balance().status == InvoiceStatus.PAID
    assert older.balance().status == InvoiceStatus.OPEN


def test_an_overpayment_stays_on_the_payment_as_credit(org, cust):
    invoice = factories.invoice(org, cust, total="100.00")
    payment = services.payment_register(
        organisation=org, customer=cust, date=date(2026, 3, 1), amount=D("130.00")
    )
    assert invoice.balance().open_amount == D("0.00")
    assert sum(a.amount for a in payment.allocations.all()) == D("100.00")


def test_a_credit_note_for_the_whole_invoice_credits_it(org, cust):
    invoice = factories.invoice(org, cust, total="121.00")
    services.credit_note_create(
        organisation=org,
        customer=cust,
        invoice=invoice,
        number="CN1",
        issue_date=date(2026, 2, 1),
        amount_excl_vat=D("100.00"),
        vat_amount=D("21.00"),
        total=D("121.00"),
    )
    assert invoice.balance().status == InvoiceStatus.CREDITED


def test_a_write_off_of_the_rest_marks_the_invoice_written_off(org, cust):
    invoice = factories.invoice(org, cust, total="100.00")
    services.payment_register(
        organisation=org, customer=cust, date=date(2026, 3, 1), amount=D("60.00")
    )
    services.invoice_write_off(invoice=invoice, date=date(2026, 4, 1))
    assert invoice.balance().status == InvoiceStatus.WRITTEN_OFF


def test_writing_off_more_than_is_open_is_refused(org, cust):
    invoice = factories.invoice(org, cust, total="100.00")
    with pytest.raises(ValidationError):
        services.invoice_write_off(invoice=invoice, date=date(2026, 4, 1), amount=D("100.01"))


def test_an_invoice_whose_total_is_not_excl_plus_vat_is_refused(org, cust):
    with pytest.raises(ValidationError, match="total"):
        factories.invoice(
            org, cust, total="121.00", amount_excl_vat=D("100.00"), vat_amount=D("20.00")
        )


def test_open_amount_in_sql_agrees_with_the_python_balance(org, cust):
    invoice = factories.invoice(org, cust, total="100.00")
    services.payment_register(
        organisation=org, customer=cust, date=date(2026, 3, 1), amount=D("30.00")
    )
    annotated = Invoice.objects.with_balance().get(pk=invoice.pk)
    assert annotated.open_amount == invoice.balance().open_amount == D("70.00")


def test_aging_puts_each_open_invoice_in_its_bucket(org, cust):
    today = date(2026, 6, 1)
    factories.invoice(org, cust, total="10.00", due=date(2026, 6, 10))  # not due
    factories.invoice(org, cust, total="20.00", due=date(2026, 5, 2))  # 30 days
    factories.invoice(org, cust, total="30.00", due=date(2026, 5, 1))  # 31 days
    factories.invoice(org, cust, total="40.00", due=date(2026, 3, 3))  # 90 days
    factories.invoice(org, cust, total="50.00", due=date(2026, 3, 2))  # 91 days
    aging = Invoice.objects.filter(organisation=org).aging(today)
    assert {key: row["amount"] for key, row in aging.items()} == {
        "not_due": D("10.00"),
        "1_30": D("20.00"),
        "31_60": D("30.00"),
        "61_90": D("40.00"),
        "over_90": D("50.00"),
    }


def test_a_consumer_with_a_kvk_number_is_refused(org):
    with pytest.raises(ValidationError) as refused:
        factories.customer(org, kind="consumer", kvk_number="12345678")
    assert "kind" in refused.value.message_dict


def test_an_invoice_paid_in_parts_that_do_not_add_up_in_binary_is_not_open(org, cust):
    # 0.1 + 0.2 is not 0.3 in floating point; SQLite sums decimals that way.
    invoice = factories.invoice(org, cust, total="0.30")
    for amount in ("0.10", "0.20"):
        services.payment_register(
            organisation=org, customer=cust, date=date(2026, 3, 1), amount=D(amount)
        )
    assert not Invoice.objects.open().filter(pk=invoice.pk).exists()
    assert invoice.balance().status == InvoiceStatus.PAID
