"""Many stornos and refunds recorded at once take back what they would one by one, and one
that cannot be recorded changes nothing for the ones after it."""

import random
from datetime import date
from decimal import Decimal

import pytest

from innen.dossier.models import Event, EventKind
from innen.ledger import services
from innen.ledger.models import Allocation, Invoice, Payment, Repayment, RepaymentKind
from tests import factories

pytestmark = pytest.mark.django_db

D = Decimal
DAY = date(2026, 11, 2)


def books_of(name: str, seed: int):
    """Customers whose invoices were paid, some over: the same for every name."""
    rng = random.Random(seed)
    org = factories.organisation(name)
    customers = [factories.customer(org, number=f"K{n}") for n in range(2)]
    invoices, payments = [], []
    for n in range(6):
        customer = customers[n % 2]
        invoice = factories.invoice(org, customer, total=f"{rng.randrange(50, 150)}.00")
        invoice.number = f"F{n}"
        invoice.save(update_fields=["number"])
        invoices.append(invoice)
        paid = invoice.total + (D(rng.randrange(0, 3) * 10))
        payments.append(
            services.payment_register(
                organisation=org, customer=customer, date=DAY, amount=paid, designated=[invoice]
            )
        )
    return org, customers, invoices, payments


def lot_of(seed: int, org, customers, invoices, payments):
    """Stornos of one or two invoices (by what they received, or by a set amount, some too
    much) and refunds (some beyond the credit), in a random order."""
    rng = random.Random(seed + 1)
    lot = []
    for n in range(12):
        customer = customers[rng.randrange(2)]
        own = [i for i in invoices if i.customer_id == customer.pk]
        amount = D(rng.randrange(5, 160))
        if rng.random() < 0.3:
            kind, reopen, received, payment = RepaymentKind.REFUND, [], [], None
        elif rng.random() < 0.5:
            kind, reopen, payment = RepaymentKind.STORNO, [], payments[invoices.index(own[0])]
            received = [i.pk for i in rng.sample(own, 2)]
        else:
            invoice = rng.choice(own)
            part = D(rng.randrange(5, 120))
            kind, reopen, received, payment = RepaymentKind.STORNO, [(invoice.pk, part)], [], None
            amount = part + D(rng.choice((0, 0, 5)))
        repayment = Repayment(
            organisation=org,
            customer=customer,
            kind=kind,
            payment=payment,
            date=DAY,
            amount=amount,
            external_reference=f"bank:{n}",
        )
        lot.append(services.NewRepayment(repayment, reopen, reopen_received=received))
    return lot


def state_of(org):
    allocations = sorted(
        (a.payment.external_reference, a.invoice.number, a.amount)
        for a in Allocation.objects.filter(organisation=org).select_related("payment", "invoice")
    )
    open_amounts = dict(
        Invoice.objects.filter(organisation=org).values_list("number", "outstanding")
    )
    repayments = [
        (r.external_reference, r.kind, r.amount, r.reopened)
        for r in Repayment.objects.filter(organisation=org).order_by("external_reference")
    ]
    credit = sorted(services.credit_balances(org.pk).values())
    events = [
        (e.kind, e.payload)
        for e in Event.objects.filter(
            organisation=org, kind__in=[EventKind.PAYMENT_RETURNED, EventKind.REFUND_PAID]
        ).order_by("seq")
    ]
    return allocations, open_amounts, repayments, credit, events


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_repayments_recorded_at_once_take_back_what_they_take_one_by_one(seed):
    one = books_of("One B.V.", seed)
    one_problems = [
        services.repayments_register(organisation=one[0], repayments=[new])[0]
        for new in lot_of(seed, *one)
    ]
    at_once = books_of("Lot B.V.", seed)

    problems = services.repayments_register(
        organisation=at_once[0], repayments=lot_of(seed, *at_once)
    )

    assert [p and p.messages for p in problems] == [p and p.messages for p in one_problems]
    assert any(problems) and not all(problems)
    assert state_of(at_once[0]) == state_of(one[0])


def test_a_storno_of_what_an_invoice_received_reopens_it_by_that_in_the_order_named():
    org, customers, invoices, _ = books_of("Alice B.V.", 9)
    first, second = [i for i in invoices if i.customer_id == customers[0].pk][:2]
    storno = Repayment(
        organisation=org,
        customer=customers[0],
        kind=RepaymentKind.STORNO,
        date=DAY,
        amount=first.total + D("1.00"),
    )

    problems = services.repayments_register(
        organisation=org,
        repayments=[services.NewRepayment(storno, reopen_received=[first.pk, second.pk])],
    )

    assert problems == [None]
    assert storno.reopened == [
        {"invoice": first.number, "amount": str(first.total)},
        {"invoice": second.number, "amount": "1.00"},
    ]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.outstanding, second.outstanding) == (first.total, D("1.00"))
    assert Payment.objects.filter(organisation=org).count() == 6
