"""Payments whose named invoices take all they bring are spread reading and locking only
those invoices, and pay exactly what they would of all their customers' open invoices."""

from datetime import date
from decimal import Decimal

import pytest

from innen.ledger import paying, services
from innen.ledger.models import Invoice, Payment
from tests import factories
from tests.ledger.test_payments_register import ledger_of, payments_of

pytestmark = pytest.mark.django_db

D = Decimal


def lot_of(org, seed: int, customers, invoices):
    return [
        services.NewPayment(
            Payment(organisation=org, customer=customer, date=date(2026, 3, 1), amount=amount),
            [i.pk for i in named],
        )
        for customer, amount, named, _ in payments_of(seed, customers, invoices)
    ]


def every_open_invoice(org, lot):
    """All the lot's customers' open invoices, oldest due first."""
    customers = {new.payment.customer_id for new in lot}
    rows = Invoice.objects.filter(organisation=org, customer_id__in=customers, outstanding__gt=0)
    return {
        pk: paying.Open(*values)
        for pk, *values in rows.order_by("due_date", "pk").values_list(
            "pk", "customer_id", "number", "due_date", "outstanding"
        )
    }


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_a_lot_pays_what_it_would_of_every_open_invoice_of_its_customers(seed):
    org, customers, invoices = ledger_of("Spread B.V.", seed)
    lot = lot_of(org, seed, customers, invoices)

    read = paying.locked_open_invoices(org, lot)

    assert paying.spread(lot, read) == paying.spread(lot, every_open_invoice(org, lot))


def test_payments_their_named_invoices_cover_read_no_other_invoice(
    django_assert_num_queries,
):
    org = factories.organisation("Named B.V.")
    customer = factories.customer(org)
    older = factories.invoice(org, customer, total="50.00", due=date(2026, 1, 1), number="F1")
    named = factories.invoice(org, customer, total="80.00", due=date(2026, 2, 1), number="F2")
    lot = [
        services.NewPayment(
            Payment(organisation=org, customer=customer, date=date(2026, 3, 1), amount=D(amount)),
            [named.pk],
        )
        for amount in ("30.00", "50.00")
    ]

    with django_assert_num_queries(1):
        read = paying.locked_open_invoices(org, lot)

    assert list(read) == [named.pk]
    assert older.pk not in read
    spread = paying.spread(lot, read)
    assert [[(paid.number, part) for paid, part in s.principal] for s in spread] == [
        [("F2", D("30.00"))],
        [("F2", D("50.00"))],
    ]


def test_a_payment_its_named_invoices_fall_short_of_pays_the_oldest_due_next():
    org = factories.organisation("Short B.V.")
    customer = factories.customer(org)
    factories.invoice(org, customer, total="50.00", due=date(2026, 2, 1), number="F1")
    factories.invoice(org, customer, total="50.00", due=date(2026, 1, 1), number="F0")
    named = factories.invoice(org, customer, total="80.00", due=date(2026, 3, 1), number="F2")
    lot = [
        services.NewPayment(
            Payment(organisation=org, customer=customer, date=date(2026, 3, 1), amount=D("100")),
            [named.pk],
        )
    ]

    read = paying.locked_open_invoices(org, lot)

    assert len(read) == 3
    assert [(paid.number, part) for paid, part in paying.spread(lot, read)[0].principal] == [
        ("F2", D("80.00")),
        ("F0", D("20.00")),
    ]
