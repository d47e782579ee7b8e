"""One rule for when a consumer owes collection costs, in the letters and in the case file.

Art. 6:96 lid 6 BW: costs only after a 14-day letter's term, which counts from the day the
letter was received (presumed from the day it actually went out, by its channel); when the
letter itself gave a later pay-before day, the consumer has until then.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from innen.casefile.claim import customer_claim
from innen.collection.models import Action, Message, MessageStatus, PolicyStep, StepKind
from innen.collection.policies import policy_install_defaults
from innen.law.letter_term import letter_term
from innen.ledger.models import CustomerKind, Invoice
from innen.outbox.compose import compose_letter
from innen.outbox.models import Delivery, DeliveryChannel, DeliveryStatus
from tests import factories

pytestmark = pytest.mark.django_db

RENDERED = date(2026, 10, 23)  # a Friday: the 14-day letter is rendered for the print batch
POSTED = date(2026, 10, 27)  # the Tuesday the print batch went out
MAILED = date(2026, 10, 23)


@pytest.fixture
def org():
    organisation = factories.organisation()
    policy_install_defaults(organisation=organisation)
    return organisation


@pytest.fixture
def consumer(org):
    return factories.customer(
        org,
        kind=CustomerKind.CONSUMER,
        name="J. Jansen",
        street="Lindelaan 8",
        postcode="3521 CD",
        city="Utrecht",
    )


@pytest.fixture
def invoice(org, consumer):
    return factories.invoice(
        org, consumer, total="250.00", due=date(2026, 9, 1), issue_date=date(2026, 8, 1)
    )


def message(org, customer, kind, invoice, *, decided_on, pay_before=None, status):
    step = PolicyStep.objects.get(
        policy__organisation=org, policy__customer_kind=customer.kind, kind=kind
    )
    row = Message.objects.create(
        organisation=org,
        customer=customer,
        step=step,
        kind=kind,
        channels=step.channels,
        decided_on=decided_on,
        pay_before=pay_before,
        status=status,
    )
    Action.objects.create(
        organisation=org,
        invoice=invoice,
        step=step,
        message=row,
        kind=kind,
        scheduled_on=decided_on,
        decided_on=decided_on,
        pay_before=pay_before,
        open_amount=invoice.total,
        claims_costs=True,
        claims_interest=True,
    )
    return row


def fourteen_day_letter(org, customer, invoice, *, pay_before, sent):
    """A sent 14-day letter that stated `pay_before`, with its deliveries `sent` (day, channel)."""
    letter = message(
        org,
        customer,
        StepKind.FOURTEEN_DAY_LETTER,
        invoice,
        decided_on=RENDERED,
        pay_before=pay_before,
        status=MessageStatus.SENT,
    )
    for n, (day, channel) in enumerate(sent):
        Delivery.objects.create(
            organisation=org,
            message=letter,
            channel=channel,
            unique_id=f"<{letter.pk}.{n}@test>",
            status=DeliveryStatus.SENT,
            sent_on=day,
        )
    return letter


def costs_in_the_letter(handover, day):
    letter = compose_letter(handover, on=day, channel="letter")
    assert letter.claim is not None
    return letter.claim.collection_costs


def costs_in_the_case_file(customer, day):
    invoices = Invoice.objects.filter(customer=customer).with_balance()
    outcome = customer_claim(customer, list(invoices), day)
    assert outcome.claim is not None
    return outcome.claim.collection_costs


def first_day_with_costs(handover, customer, days):
    """The first of `days` the letter claims costs, after checking the case file agrees each day."""
    first = None
    for day in days:
        in_letter = costs_in_the_letter(handover, day)
        assert in_letter == costs_in_the_case_file(customer, day), day
        if first is None and in_letter > 0:
            first = day
    return first


def days_from(start, count):
    return [start + timedelta(days=n) for n in range(count)]


def test_a_letter_posted_after_it_was_rendered_opens_costs_after_the_term_from_its_posting(
    org, consumer, invoice
):
    rendered_term = letter_term(RENDERED, "post").term_ends  # what the letter states
    fourteen_day_letter(
        org,
        consumer,
        invoice,
        pay_before=rendered_term,
        sent=[(POSTED, DeliveryChannel.LETTER)],
    )
    handover = message(
        org, consumer, "handover", invoice, decided_on=POSTED, status=MessageStatus.READY
    )
    first = first_day_with_costs(handover, consumer, days_from(rendered_term, 10))
    assert first == letter_term(POSTED, "post").costs_from > rendered_term + timedelta(days=1)


def test_a_later_pay_before_day_the_letter_stated_wins_over_the_statutory_term(
    org, consumer, invoice
):
    stated = date(2026, 12, 1)  # a step with a longer term of its own
    fourteen_day_letter(
        org, consumer, invoice, pay_before=stated, sent=[(MAILED, DeliveryChannel.EMAIL)]
    )
    handover = message(
        org, consumer, "handover", invoice, decided_on=MAILED, status=MessageStatus.READY
    )
    assert letter_term(MAILED, "email").costs_from < stated
    first = first_day_with_costs(handover, consumer, days_from(MAILED, 45))
    assert first == stated + timedelta(days=1)


def test_a_letter_sent_by_post_and_e_mail_counts_by_post(org, consumer, invoice):
    mailed_term = letter_term(MAILED, "email").term_ends
    fourteen_day_letter(
        org,
        consumer,
        invoice,
        pay_before=mailed_term,  # the e-mail was rendered last, so its term was stored
        sent=[(MAILED, DeliveryChannel.EMAIL), (MAILED, DeliveryChannel.LETTER)],
    )
    handover = message(
        org, consumer, "handover", invoice, decided_on=MAILED, status=MessageStatus.READY
    )
    first = first_day_with_costs(handover, consumer, days_from(mailed_term, 10))
    assert first == letter_term(MAILED, "post").costs_from


def test_without_a_sent_fourteen_day_letter_neither_claims_costs(org, consumer, invoice):
    handover = message(
        org, consumer, "handover", invoice, decided_on=MAILED, status=MessageStatus.READY
    )
    assert first_day_with_costs(handover, consumer, days_from(MAILED, 60)) is None
    assert costs_in_the_letter(handover, date(2026, 12, 31)) == Decimal("0")
