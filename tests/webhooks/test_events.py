"""Which dossier events become which webhook deliveries, for whom, and how often."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from innen.collection import services as collection
from innen.collection.models import CollectionSettings, HoldReason, Message, MessageStatus
from innen.collection.policies import policy_create
from innen.daily import run_day
from innen.dossier.models import EventKind
from innen.dossier.record import NewEvent, append_many
from innen.dunning.policy import Channel, CustomerKind, Policy, Step, StepKind
from innen.ledger import services as ledger
from innen.outbox import sending as outbox
from innen.outbox.printing import build_print_batch
from innen.webhooks import services
from innen.webhooks.models import EventType, WebhookDelivery
from tests import factories
from tests.outbox.smtp_server import SmtpServer
from tests.webhooks.conftest import endpoint_for

pytestmark = pytest.mark.django_db

DUE = date(2026, 10, 1)
NOTICE_DAY = DUE + timedelta(days=14)
URL = "https://erp.example.com/hooks"


@pytest.fixture
def smtp(settings):
    with SmtpServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 5
        yield server


def collecting(org, *steps: Step) -> None:
    policy_create(
        organisation=org,
        domain=Policy("Eigen", CustomerKind.BUSINESS, steps=steps),
        is_default=True,
    )
    CollectionSettings.objects.create(organisation=org, starts_on=date(2026, 1, 1))


def customer_of(org, **fields):
    defaults = {"street": "Kerkplein 2", "postcode": "3511 AA", "city": "Utrecht"}
    return factories.customer(org, **{**defaults, **fields})


def deliveries(event_type: str | None = None):
    found = WebhookDelivery.objects.all()
    return found.filter(event_type=event_type) if event_type else found


def pay(org, customer, amount: str, day=DUE):
    return ledger.payment_register(
        organisation=org, customer=customer, date=day, amount=Decimal(amount)
    )


# invoice.paid


def test_a_payment_that_settles_an_invoice_fires_invoice_paid(org):
    endpoint_for(org, URL, [EventType.INVOICE_PAID])
    customer = customer_of(org)
    invoice = factories.invoice(org, customer, total="121.00")

    pay(org, customer, "121.00")

    [delivery] = deliveries(EventType.INVOICE_PAID)
    data = delivery.payload["data"]
    assert data["invoice"]["number"] == invoice.number
    assert data["invoice"]["open_amount"] == "0.00"
    assert data["customer"] == {"id": customer.pk, "number": customer.number, "name": customer.name}
    assert (data["allocated"], data["paid"], data["paid_on"]) == ("121.00", "121.00", "2026-10-01")


def test_a_part_payment_fires_nothing_and_the_payment_that_completes_it_fires_once(org):
    endpoint_for(org, URL, [EventType.INVOICE_PAID])
    customer = customer_of(org)
    factories.invoice(org, customer, total="121.00")

    pay(org, customer, "21.00")
    assert not deliveries().exists()

    pay(org, customer, "100.00")
    [delivery] = deliveries(EventType.INVOICE_PAID)
    assert (delivery.payload["data"]["allocated"], delivery.payload["data"]["paid"]) == (
        "100.00",
        "121.00",
    )


def test_one_payment_settling_two_invoices_fires_for_each_and_not_for_the_third(org):
    endpoint_for(org, URL, [EventType.INVOICE_PAID])
    customer = customer_of(org)
    first = factories.invoice(org, customer, total="100.00", due=date(2026, 1, 1))
    second = factories.invoice(org, customer, total="50.00", due=date(2026, 2, 1))
    third = factories.invoice(org, customer, total="80.00", due=date(2026, 3, 1))

    pay(org, customer, "170.00")

    paid = {d.payload["data"]["invoice"]["number"] for d in deliveries(EventType.INVOICE_PAID)}
    assert paid == {first.number, second.number}
    assert third.number not in paid


def test_an_invoice_paid_again_after_a_storno_fires_a_second_invoice_paid(org):
    endpoint_for(org, URL, [EventType.INVOICE_PAID])
    customer = customer_of(org)
    invoice = factories.invoice(org, customer, total="121.00")
    payment = pay(org, customer, "121.00")
    ledger.payment_return(
        organisation=org,
        customer=customer,
        date=DUE,
        amount=Decimal("121.00"),
        reopen=[(invoice, Decimal("121.00"))],
        payment=payment,
    )

    pay(org, customer, "121.00", day=DUE + timedelta(days=5))

    paid = list(deliveries(EventType.INVOICE_PAID).order_by("pk"))
    assert [d.payload["data"]["paid_on"] for d in paid] == ["2026-10-01", "2026-10-06"]
    assert paid[0].event_id != paid[1].event_id


# The collection steps


def test_a_suspension_notice_sent_by_email_and_letter_fires_exactly_one_suspension_notice(
    org, smtp
):
    collecting(
        org,
        Step(
            StepKind.SUSPENSION_NOTICE,
            "Opschorting",
            14,
            channels=frozenset({Channel.EMAIL, Channel.LETTER}),
        ),
    )
    endpoint_for(org, URL)
    customer = customer_of(org, emails="inkoop@klant.nl")
    invoice = factories.invoice(org, customer, total="242.00", due=DUE)
    run_day(org, NOTICE_DAY)
    message = Message.objects.get(kind="suspension_notice")
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.READY)

    outbox.send_message(message.pk, NOTICE_DAY)  # the e-mail
    build_print_batch(org.pk, NOTICE_DAY)  # the letter

    [notice] = deliveries(EventType.SUSPENSION_NOTICE)
    data = notice.payload["data"]
    assert data["step_kind"] == "suspension_notice"
    assert data["customer"]["number"] == customer.number
    assert [i["number"] for i in data["invoices"]] == [invoice.number]
    assert data["open_total"] == "242.00"
    sent = deliveries(EventType.ACTION_SENT)
    assert sorted(d.payload["data"]["channel"] for d in sent) == ["email", "letter"]


def test_a_handover_sent_fires_handover(org, smtp):
    collecting(org, Step(StepKind.HANDOVER, "Overdracht", 30, channels=frozenset({Channel.EMAIL})))
    endpoint_for(org, URL, [EventType.HANDOVER])
    customer = customer_of(org)
    invoice = factories.invoice(org, customer, due=DUE)
    run_day(org, DUE + timedelta(days=30))
    message = Message.objects.get(kind="handover")
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.READY)

    outbox.send_message(message.pk, DUE + timedelta(days=30))

    [handover] = deliveries()
    assert handover.event_type == EventType.HANDOVER
    assert handover.payload["data"]["message"] == message.pk
    assert [i["number"] for i in handover.payload["data"]["invoices"]] == [invoice.number]


def test_a_dispute_fires_dispute_opened_and_another_hold_does_not(org):
    endpoint_for(org, URL, [EventType.DISPUTE_OPENED])
    customer = customer_of(org)
    invoice = factories.invoice(org, customer)

    collection.hold_place(
        customer=customer, reason=HoldReason.PAYMENT_PLAN, starts_on=DUE, today=DUE
    )
    assert not deliveries().exists()
    hold = collection.hold_place(
        customer=customer,
        invoice=invoice,
        reason=HoldReason.DISPUTE,
        starts_on=DUE,
        note="levering incompleet",
        today=DUE,
    )

    [dispute] = deliveries()
    data = dispute.payload["data"]
    assert (data["hold"], data["note"]) == (hold.pk, "levering incompleet")
    assert data["invoice"]["number"] == invoice.number


# Who hears what


def test_nothing_is_written_or_queued_when_no_endpoint_listens(
    org, django_capture_on_commit_callbacks
):
    other = factories.organisation("Ander B.V.")
    endpoint_for(other, URL)  # someone else's endpoint does not count
    endpoint_for(org, URL, [EventType.DISPUTE_OPENED])  # nor one for something else
    customer = customer_of(org)
    factories.invoice(org, customer, total="121.00")
    tasks = DBTaskResult.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        pay(org, customer, "121.00")

    assert not deliveries().exists()
    assert DBTaskResult.objects.count() == tasks


def test_a_transaction_asks_once_whatever_the_number_of_appends(org):
    events = [NewEvent(EventKind.NOTE, DUE, payload={"text": "x"}) for _ in range(500)]
    with transaction.atomic():
        append_many(org.pk, events)  # the first append asks
        with CaptureQueriesContext(connection) as later:
            append_many(org.pk, events)
    asked = [q["sql"] for q in later.captured_queries if "webhooks_endpoint" in q["sql"]]
    assert asked == []


def test_an_endpoint_added_in_the_transaction_is_heard_at_once(org):
    customer = customer_of(org)
    factories.invoice(org, customer, total="10.00")
    with transaction.atomic():
        pay(org, customer, "1.00")  # asks: nobody listens yet
        endpoint_for(org, URL, [EventType.INVOICE_PAID])
        pay(org, customer, "9.00")
    assert deliveries(EventType.INVOICE_PAID).count() == 1


def test_another_organisations_events_never_reach_an_endpoint(org):
    other = factories.organisation("Ander B.V.")
    mine = endpoint_for(org, URL)
    theirs = endpoint_for(other, "https://ander.example.com/hooks")
    for organisation in (org, other):
        customer = customer_of(organisation)
        factories.invoice(organisation, customer, total="50.00")
        pay(organisation, customer, "50.00")

    assert set(mine.deliveries.values_list("organisation_id", flat=True)) == {org.pk}
    assert set(theirs.deliveries.values_list("organisation_id", flat=True)) == {other.pk}
    for delivery in deliveries():
        assert delivery.payload["organisation"]["id"] == delivery.endpoint.organisation_id


def test_a_switched_off_endpoint_hears_nothing(org):
    endpoint = endpoint_for(org, URL)
    services.endpoint_update(endpoint, events=endpoint.events, active=False, description="")
    customer = customer_of(org)
    factories.invoice(org, customer, total="50.00")
    pay(org, customer, "50.00")
    assert not deliveries().exists()


def test_an_event_rolled_back_is_never_announced(org):
    endpoint_for(org, URL)
    customer = customer_of(org)
    factories.invoice(org, customer, total="50.00")
    with pytest.raises(RuntimeError), transaction.atomic():
        pay(org, customer, "50.00")
        raise RuntimeError("the import failed further on")
    assert not deliveries().exists()


def test_each_delivery_is_queued_for_a_worker_when_the_transaction_commits(
    org, django_capture_on_commit_callbacks
):
    endpoint_for(org, URL)
    endpoint_for(org, "https://second.example.com/hooks", [EventType.INVOICE_PAID])
    customer = customer_of(org)
    factories.invoice(org, customer, total="50.00")
    before = DBTaskResult.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        pay(org, customer, "50.00")

    made = list(deliveries())
    assert len(made) == 2
    assert len({d.event_id for d in made}) == 1  # one event, the same id at both endpoints
    queued = DBTaskResult.objects.order_by("enqueued_at")[before:]
    assert sorted(task.args_kwargs["args"][0] for task in queued) == sorted(d.pk for d in made)
    assert {task.task_path for task in queued} == {"innen.webhooks.tasks.deliver_webhook"}
