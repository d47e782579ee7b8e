"""A webhook that tells a system to cut service is not posted for invoices settled or held since.

A suspension notice's webhook waits for its turn (a retry, a queue); when every invoice it
names was paid, credited or written off before it is posted, it is withdrawn with a note
in the customer's dossier, and the receiver never hears of it. The same when a hold (a
promise, a plan, a dispute) covers every invoice it names that is still open.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine

from innen.collection import services as collection
from innen.collection.models import CollectionSettings, HoldReason, Message, MessageStatus
from innen.collection.policies import policy_create
from innen.daily import run_day
from innen.dossier.models import Event, EventKind
from innen.dunning.policy import Channel, CustomerKind, Policy, Step, StepKind
from innen.ledger import services as ledger
from innen.outbox import sending as outbox
from innen.webhooks import sending
from innen.webhooks.models import DeliveryStatus, EventType, WebhookDelivery
from tests import factories
from tests.webhooks.conftest import endpoint_for

pytestmark = pytest.mark.django_db

DUE = date(2026, 10, 1)
NOTICE_DAY = DUE + timedelta(days=14)


def suspension_notice_webhook(org, receiver, customer):
    policy_create(
        organisation=org,
        domain=Policy(
            "Eigen",
            CustomerKind.BUSINESS,
            steps=(
                Step(
                    StepKind.SUSPENSION_NOTICE,
                    "Opschorting",
                    14,
                    channels=frozenset({Channel.EMAIL}),
                ),
            ),
        ),
        is_default=True,
    )
    CollectionSettings.objects.create(organisation=org, starts_on=date(2026, 1, 1))
    endpoint_for(org, receiver.url, [EventType.SUSPENSION_NOTICE])
    run_day(org, NOTICE_DAY)
    message = Message.objects.get(kind="suspension_notice")
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.READY)
    outbox.send_message(message.pk, NOTICE_DAY)
    return message, WebhookDelivery.objects.get(event_type=EventType.SUSPENSION_NOTICE)


def test_a_suspension_webhook_for_invoices_since_paid_is_withdrawn_not_posted(
    org, receiver, mailoutbox
):
    customer = factories.customer(org, emails="inkoop@klant.nl")
    invoice = factories.invoice(org, customer, total="242.00", due=DUE)
    message, webhook = suspension_notice_webhook(org, receiver, customer)
    ledger.payment_register(
        organisation=org, customer=customer, date=NOTICE_DAY, amount=Decimal("242.00")
    )

    outcome = sending.deliver(webhook.pk)

    assert outcome.status == DeliveryStatus.WITHDRAWN
    assert receiver.inbox.received == []
    webhook.refresh_from_db()
    assert webhook.status == DeliveryStatus.WITHDRAWN
    note = Event.objects.get(kind=EventKind.MESSAGE_WITHDRAWN, payload__message=message.pk)
    assert note.payload["settled"] == [invoice.number]
    assert note.customer_id == customer.pk
    assert note.payload["withdrawn_at"] == "webhook"
    assert note.payload["endpoint"] == receiver.url


def test_a_suspension_webhook_for_an_invoice_since_held_is_withdrawn_not_posted(
    org, receiver, mailoutbox
):
    customer = factories.customer(org, emails="inkoop@klant.nl")
    invoice = factories.invoice(org, customer, total="242.00", due=DUE)
    message, webhook = suspension_notice_webhook(org, receiver, customer)
    collection.hold_place(
        customer=customer,
        invoice=invoice,
        reason=HoldReason.PROMISE,
        starts_on=NOTICE_DAY,
        ends_on=NOTICE_DAY + timedelta(days=7),
        today=NOTICE_DAY,
    )

    with time_machine.travel(NOTICE_DAY):
        outcome = sending.deliver(webhook.pk)

    assert outcome.status == DeliveryStatus.WITHDRAWN
    assert receiver.inbox.received == []
    note = Event.objects.get(kind=EventKind.MESSAGE_WITHDRAWN, payload__message=message.pk)
    assert note.payload["paused"] == [invoice.number]
    assert note.payload["settled"] == []


def test_a_suspension_webhook_for_an_invoice_still_open_is_posted(org, receiver, mailoutbox):
    customer = factories.customer(org, emails="inkoop@klant.nl")
    factories.invoice(org, customer, total="242.00", due=DUE)
    _, webhook = suspension_notice_webhook(org, receiver, customer)

    assert sending.deliver(webhook.pk).status == DeliveryStatus.SUCCEEDED
    assert len(receiver.inbox.received) == 1
