"""The case file's claim charges collection costs as the law allows them (art. 6:96 BW).

The same law function as `innen claim` and the letters (`innen.law.demands`), fed with the
demands that went out (`innen.outbox.consumer_costs.sent_demands`).
"""

from datetime import date
from decimal import Decimal

import pytest

from innen.casefile.claim import customer_claim
from innen.collection.models import MessageStatus, StepKind
from innen.collection.policies import policy_install_defaults
from innen.ledger import services as ledger
from innen.ledger.models import CustomerKind, Invoice
from innen.outbox.invoice_claim import invoice_claim
from innen.outbox.models import DeliveryChannel
from tests import factories
from tests.casefile.test_consumer_costs import fourteen_day_letter, message

pytestmark = pytest.mark.django_db

D = Decimal
DAY = date(2026, 11, 30)


@pytest.fixture
def org():
    organisation = factories.organisation()
    policy_install_defaults(organisation=organisation)
    return organisation


def claim_of(customer, day=DAY, *, single=False):
    invoices = Invoice.objects.filter(customer=customer).with_balance()
    outcome = customer_claim(customer, list(invoices), day, single=single)
    assert outcome.claim is not None
    return outcome


def test_a_business_owes_40_per_invoice_in_default_without_any_letter_art_6_96_lid_4(org):
    customer = factories.customer(org)
    factories.invoice(org, customer, total="3500.00")
    factories.invoice(org, customer, total="100.00")
    assert claim_of(customer).claim.collection_costs == D("80.00")


def test_a_business_owes_the_scale_from_a_sent_letter_that_claimed_costs(org):
    customer = factories.customer(org)
    demanded = factories.invoice(org, customer, total="3500.00")
    factories.invoice(org, customer, total="100.00")
    message(
        org,
        customer,
        StepKind.INGEBREKESTELLING,
        demanded,
        decided_on=date(2026, 3, 2),
        status=MessageStatus.SENT,
    )
    # 475.00 on the invoice the demand named, 40.00 on the one it did not
    assert claim_of(customer).claim.collection_costs == D("515.00")


def consumer(org):
    return factories.customer(org, kind=CustomerKind.CONSUMER, name="J. Jansen")


def test_a_consumer_paying_what_the_14_day_letter_demanded_in_its_term_owes_no_costs(org):
    # art. 6:96 lid 6 BW; HR 25-11-2016, ECLI:NL:HR:2016:2704. Posted Tuesday 27 October:
    # received Thursday 29 October, term to 12 November, costs from 13 November.
    customer = consumer(org)
    invoice = factories.invoice(org, customer, total="450.00", due=date(2026, 9, 1))
    fourteen_day_letter(
        org,
        customer,
        invoice,
        pay_before=date(2026, 11, 12),
        sent=[(date(2026, 10, 27), DeliveryChannel.LETTER)],
    )
    ledger.payment_register(
        organisation=org, customer=customer, date=date(2026, 11, 2), amount=D("450.00")
    )
    # The ledger books the payment against the principal; the one claim (`claim_on`) is on
    # the principal left open, so nothing stays claimed: no costs, as the letter promised.
    invoice.refresh_from_db()
    assert customer_claim(customer, [invoice], DAY, single=True).claim is None
    claim = invoice_claim(invoice, DAY)
    assert claim.payments[0].to_interest > 0  # shown as art. 6:44 reads it: interest first
    assert claim.payments[0].to_costs == 0
    assert (claim.collection_costs, claim.claim_total) == (0, 0)


def test_a_consumer_owes_costs_only_on_the_invoices_the_letter_named_art_6_96_lid_6(org):
    customer = consumer(org)
    named = factories.invoice(org, customer, total="300.00", due=date(2026, 9, 1))
    factories.invoice(org, customer, total="1000.00", due=date(2026, 10, 30))
    fourteen_day_letter(
        org,
        customer,
        named,
        pay_before=date(2026, 10, 20),
        sent=[(date(2026, 10, 2), DeliveryChannel.LETTER)],
    )
    outcome = claim_of(customer)
    assert outcome.claim.costs.base == D("300.00")
    assert outcome.claim.collection_costs == D("45.00")
    assert len(outcome.notes) == 1  # not every invoice had a letter


def test_six_monthly_consumer_invoices_of_25_with_six_letters_owe_costs_on_their_sum(org):
    # art. 6:96 lid 7 BW; Besluit BIK as amended from 1 October 2024 (Stb. 2024, 44)
    customer = consumer(org)
    for month in range(4, 10):
        invoice = factories.invoice(org, customer, total="25.00", due=date(2026, month, 1))
        fourteen_day_letter(
            org,
            customer,
            invoice,
            pay_before=date(2026, month, 28),
            sent=[(date(2026, month, 10), DeliveryChannel.LETTER)],
        )
    claim = claim_of(customer).claim
    assert claim.costs.base == D("150.00")
    assert claim.collection_costs == D("40.00")  # not 6 x 40.00
