"""A payment that names an invoice and brings its whole claim pays that invoice's claim.

Art. 6:43 BW: a payment pays the debt the payer names. Art. 6:44 BW: of that debt it pays the
costs, then the interest, then the principal. So a debtor who pays an invoice's principal with
the EUR 40 and the interest claimed on it (what the portal, the letter and the API show)
has paid that invoice: the EUR 40 and the interest are not booked on the next invoice.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from innen.api.schemas import PaymentOut
from innen.dossier.models import Event, EventKind
from innen.ledger import services
from innen.ledger.models import Allocation, Invoice, PaidCharges, Payment
from innen.ledger.repaying import customer_credit
from innen.outbox.invoice_claim import invoice_claim
from tests import factories

pytestmark = pytest.mark.django_db

D = Decimal
PAID_ON = date(2026, 6, 1)


@pytest.fixture
def customer(org):
    return factories.customer(org)


@pytest.fixture
def overdue(org, customer):
    """The older invoice, long overdue: a business owes EUR 40 and commercial interest."""
    return factories.invoice(org, customer, total="1000.00", due=date(2026, 1, 31))


@pytest.fixture
def later(org, customer):
    return factories.invoice(org, customer, total="500.00", due=date(2026, 5, 15))


def claim_before_paying(invoice: Invoice) -> Decimal:
    return invoice_claim(invoice, PAID_ON).claim_total


def pay(org, customer, amount: Decimal, *named: Invoice) -> Payment:
    return services.payment_register(
        organisation=org,
        customer=customer,
        date=PAID_ON,
        amount=amount,
        designated=list(named),
        external_reference=f"bank:{amount}",
    )


def test_the_whole_claim_on_a_named_invoice_pays_its_interest_and_costs_art_6_44(
    org, customer, overdue, later
):
    claim = invoice_claim(overdue, PAID_ON)
    assert claim.collection_costs == D("40.00") and claim.interest > 0

    payment = pay(org, customer, claim.claim_total, overdue)

    overdue.refresh_from_db()
    later.refresh_from_db()
    assert overdue.outstanding == 0
    assert later.outstanding == D("500.00"), "the EUR 40 and interest must not pay the next one"
    (charges,) = PaidCharges.objects.filter(payment=payment)
    assert (charges.invoice_id, charges.amount) == (overdue.pk, claim.charges)
    assert customer_credit(customer) == 0


def test_the_payment_reads_as_costs_then_interest_then_principal(org, customer, overdue):
    before = invoice_claim(overdue, PAID_ON)
    pay(org, customer, before.claim_total, overdue)

    overdue.refresh_from_db()
    after = invoice_claim(overdue, PAID_ON)
    (split,) = after.payments
    assert split.amount == before.claim_total
    assert (split.to_costs, split.to_interest, split.to_principal) == (
        before.collection_costs,
        before.interest,
        D("1000.00"),
    )
    assert after.claim_total == 0
    assert not after.stopped_at_principal, "all of it was paid, nothing was left open"


def test_more_than_the_claim_pays_the_next_invoice_after_6_43(org, customer, overdue, later):
    claim = claim_before_paying(overdue)
    pay(org, customer, claim + D("100.00"), overdue)

    later.refresh_from_db()
    assert later.outstanding == D("400.00")


def test_less_than_the_claim_pays_principal_then_what_is_left_of_the_charges(
    org, customer, overdue, later
):
    charges = invoice_claim(overdue, PAID_ON).charges
    pay(org, customer, D("1010.00"), overdue)

    overdue.refresh_from_db()
    later.refresh_from_db()
    assert overdue.outstanding == 0 and later.outstanding == D("500.00")
    assert PaidCharges.objects.get().amount == D("10.00")
    after = invoice_claim(overdue, PAID_ON)
    assert after.stopped_at_principal, "by law part of the principal is still open"
    assert after.principal_left_by_law == charges - D("10.00")


def test_a_payment_naming_no_invoice_pays_principal_oldest_first_as_before(
    org, customer, overdue, later
):
    pay(org, customer, claim_before_paying(overdue))

    later.refresh_from_db()
    assert later.outstanding < D("500.00")
    assert not PaidCharges.objects.exists()


def test_waived_interest_and_costs_are_not_paid_but_stay_credit(org, customer, overdue, owner):
    from innen.outbox.waivers import waive_charges

    waive_charges(
        overdue, interest=True, costs=True, reason="goede klant", user=owner, today=PAID_ON
    )
    pay(org, customer, D("1100.00"), overdue)

    assert not PaidCharges.objects.exists()
    assert customer_credit(customer) == D("100.00")


def test_the_dossier_and_the_api_show_what_paid_interest_and_costs(org, customer, overdue):
    claim = invoice_claim(overdue, PAID_ON)
    payment = pay(org, customer, claim.claim_total, overdue)

    event = Event.objects.get(kind=EventKind.PAYMENT_REGISTERED)
    assert event.payload["charges_paid"] == [
        {"invoice": overdue.number, "amount": str(claim.charges)}
    ]
    assert event.payload["unallocated"] == "0.00"
    out = PaymentOut.from_orm(Payment.objects.get(pk=payment.pk))
    assert out.charges_paid[0].amount == claim.charges
    assert out.unallocated == 0


def test_a_storno_of_the_payment_reopens_the_principal_and_takes_the_charges_back(
    org, customer, overdue
):
    claim = invoice_claim(overdue, PAID_ON)
    payment = pay(org, customer, claim.claim_total, overdue)

    services.payment_return(
        organisation=org,
        customer=customer,
        date=PAID_ON + timedelta(days=3),
        amount=claim.claim_total,
        reopen=[(overdue, D("1000.00"))],
        payment=payment,
    )

    overdue.refresh_from_db()
    assert overdue.outstanding == D("1000.00")
    assert not PaidCharges.objects.exists(), "the claim is computed anew on the principal"
    assert customer_credit(customer) == 0
    assert Allocation.objects.filter(invoice=overdue).count() == 0
