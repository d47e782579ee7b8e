"""Each invoice's limitation from the database: its due date, the customer's kind (a consumer's
invoice is taken as a consumer sale, art. 7:28 BW), the written demands that went out (art.
3:317 BW) and the debtor's promises and plans (art. 3:318 BW)."""

from datetime import date

import pytest

from innen.arrangements.models import PaymentPlan, PlanStatus, Promise
from innen.collection.models import (
    Action,
    ActionStatus,
    Message,
    MessageStatus,
    PolicyStep,
    StepKind,
)
from innen.collection.policies import policy_install_defaults
from innen.law.limitation import ACKNOWLEDGEMENT, DEMAND, DUE
from innen.ledger.limitation import barred_soon, invoice_limitation
from innen.ledger.models import CustomerKind
from innen.outbox.models import Delivery, DeliveryChannel, DeliveryStatus
from tests import factories

pytestmark = pytest.mark.django_db

DUE_ON = date(2020, 1, 31)


@pytest.fixture
def org():
    organisation = factories.organisation()
    policy_install_defaults(organisation=organisation)
    return organisation


def demand(
    org, invoice, *, decided_on, sent_on=None, status=MessageStatus.SENT, kind=StepKind.REMINDER
):
    customer = invoice.customer
    step = PolicyStep.objects.filter(
        policy__organisation=org, policy__customer_kind=customer.kind, kind=kind
    ).first()
    message = Message.objects.create(
        organisation=org,
        customer=customer,
        step=step,
        kind=step.kind,
        channels=["email"],
        decided_on=decided_on,
        status=status,
    )
    Action.objects.create(
        organisation=org,
        invoice=invoice,
        step=step,
        message=message,
        kind=step.kind,
        scheduled_on=decided_on,
        decided_on=decided_on,
        open_amount=invoice.total,
        status=ActionStatus.ACTIVE,
    )
    if sent_on is not None:
        Delivery.objects.create(
            organisation=org,
            message=message,
            channel=DeliveryChannel.EMAIL,
            unique_id=f"<{message.pk}@test>",
            status=DeliveryStatus.SENT,
            sent_on=sent_on,
        )
    return message


def test_art_7_28_a_consumers_invoice_counts_as_a_consumer_sale(org):
    consumer = factories.customer(org, kind=CustomerKind.CONSUMER, name="J. Jansen")
    invoice = factories.invoice(org, consumer, due=DUE_ON, issue_date=date(2020, 1, 1))
    result = invoice_limitation(invoice)
    assert (result.years, result.last_day, result.set_by) == (2, date(2022, 1, 31), DUE)


def test_art_3_307_a_business_invoice_has_five_years(org):
    invoice = factories.invoice(
        org, factories.customer(org), due=DUE_ON, issue_date=date(2020, 1, 1)
    )
    assert invoice_limitation(invoice).last_day == date(2025, 1, 31)


def test_art_3_317_a_demand_that_went_out_counts_from_the_day_it_was_sent(org):
    invoice = factories.invoice(
        org, factories.customer(org), due=DUE_ON, issue_date=date(2020, 1, 1)
    )
    demand(org, invoice, decided_on=date(2021, 3, 1), sent_on=date(2021, 3, 3))
    result = invoice_limitation(invoice)
    assert (result.last_day, result.set_by, result.set_on) == (
        date(2026, 3, 3),
        DEMAND,
        date(2021, 3, 3),
    )


def test_art_3_317_a_demand_that_did_not_go_out_interrupts_nothing(org):
    invoice = factories.invoice(
        org, factories.customer(org), due=DUE_ON, issue_date=date(2020, 1, 1)
    )
    demand(org, invoice, decided_on=date(2021, 3, 1), status=MessageStatus.QUEUED)
    demand(
        org,
        invoice,
        decided_on=date(2021, 4, 1),
        status=MessageStatus.CANCELLED,
        kind=StepKind.SECOND_REMINDER,
    )
    assert invoice_limitation(invoice).set_by == DUE


def test_art_3_318_a_promise_and_a_plan_acknowledge_the_claim(org):
    consumer = factories.customer(org, kind=CustomerKind.CONSUMER, name="J. Jansen")
    invoice = factories.invoice(org, consumer, due=DUE_ON, issue_date=date(2020, 1, 1))
    promise = Promise.objects.create(
        organisation=org, customer=consumer, promised_on=date(2021, 5, 1), made_on=date(2021, 4, 20)
    )
    promise.invoices.set([invoice], through_defaults={"organisation": org})
    plan = PaymentPlan.objects.create(
        organisation=org,
        customer=consumer,
        months=3,
        total=invoice.total,
        proposed_on=date(2021, 9, 1),
        status=PlanStatus.REJECTED,
    )
    plan.invoices.set([invoice], through_defaults={"organisation": org})
    result = invoice_limitation(invoice)
    assert (result.last_day, result.set_by) == (date(2023, 9, 1), ACKNOWLEDGEMENT)
    assert result.interruptions == (date(2021, 4, 20), date(2021, 9, 1))


def test_the_worklist_lists_claims_barred_within_60_days(org):
    consumer = factories.customer(org, kind=CustomerKind.CONSUMER, name="J. Jansen")
    soon = factories.invoice(org, consumer, due=date(2024, 3, 15), issue_date=date(2024, 3, 1))
    factories.invoice(org, consumer, due=date(2024, 6, 15), issue_date=date(2024, 6, 1))
    barred = factories.invoice(org, consumer, due=date(2023, 3, 15), issue_date=date(2023, 3, 1))
    interrupted = factories.invoice(
        org, consumer, due=date(2024, 3, 10), issue_date=date(2024, 3, 1)
    )
    demand(org, interrupted, decided_on=date(2025, 1, 6), sent_on=date(2025, 1, 6))
    business = factories.invoice(
        org, factories.customer(org), due=date(2024, 3, 15), issue_date=date(2024, 3, 1)
    )
    listed = barred_soon(org, date(2026, 2, 1))
    assert [(invoice.pk, limit.last_day) for invoice, limit in listed] == [
        (soon.pk, date(2026, 3, 15))
    ]
    assert barred.pk not in [i.pk for i, _ in listed] and business.pk not in [
        i.pk for i, _ in listed
    ]
