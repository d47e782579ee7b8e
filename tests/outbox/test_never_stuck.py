"""No delivery stays "being sent": an error ends the attempt, and the sweep finds the rest."""

from __future__ import annotations

import email
from datetime import timedelta
from email import policy

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from innen.cli.main import main
from innen.collection.models import Message, MessageStatus
from innen.dossier.models import Event, EventKind
from innen.outbox import sending, services, sweep
from innen.outbox.models import Delivery, DeliveryStatus, SenderSettings
from innen.outbox.tasks import (
    daily_print_batches,
    send_message_task,
    sweep_deliveries_task,
)
from tests import factories
from tests.outbox.support import DEMAND_DAY, DUE, REMINDER_DAY, customer_of, ready_message

pytestmark = pytest.mark.django_db


def reminder_for(org, **fields):
    customer = customer_of(org, **fields)
    factories.invoice(org, customer, due=DUE)
    return ready_message(org, customer)


def busy_database(*args, **kwargs):
    raise OperationalError("database is locked")


def left_by_a_stopped_worker(delivery):
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENDING,
        attempts=1,
        started_at=timezone.now() - sending.LEASE - timedelta(seconds=1),
    )


def queued_messages():
    tasks = DBTaskResult.objects.filter(task_path=send_message_task.module_path)
    return sorted(task.args_kwargs["args"][0] for task in tasks)


# Headers


def test_a_line_break_in_a_stored_sender_name_adds_no_header(org, smtp):
    message = reminder_for(org, emails="inkoop@klant.nl")
    # Saved before names were checked: "Bakkerij\r\nBcc: ..." must not become a header.
    SenderSettings.objects.create(organisation=org, from_name="Bakkerij\r\nBcc: dief@example.com")

    assert sending.send_message(message.pk, REMINDER_DAY) == {"email": DeliveryStatus.SENT}

    received = email.message_from_bytes(smtp.mailbox.received[0], policy=policy.default)
    assert received["From"].addresses[0].display_name == "Bakkerij Bcc: dief@example.com"
    assert received["Bcc"] is None
    assert smtp.mailbox.recipients == [["inkoop@klant.nl"]]


# An error while building or sending ends the attempt


def test_an_address_that_cannot_be_written_fails_the_delivery_instead_of_leaving_it(org, smtp):
    message = reminder_for(org)
    # Saved around the checks (an import, a script): a line break in an address.
    message.customer.__class__.objects.filter(pk=message.customer_id).update(
        emails="inkoop@klant.nl\r\nBcc: dief@example.com"
    )

    assert sending.send_message(message.pk, REMINDER_DAY) == {"email": DeliveryStatus.FAILED}

    delivery = Delivery.objects.get(message=message)
    assert delivery.last_error.startswith("could not be built:")
    assert Message.objects.get(pk=message.pk).status == MessageStatus.FAILED
    assert Event.objects.filter(kind=EventKind.MESSAGE_FAILED).count() == 1
    assert smtp.mailbox.received == []
    # The controller fixes the address and sends it again, as with any failed delivery.
    message.customer.__class__.objects.filter(pk=message.customer_id).update(
        emails="inkoop@klant.nl"
    )
    services.delivery_send_again(delivery, today=REMINDER_DAY)
    assert sending.send_message(message.pk, REMINDER_DAY) == {"email": DeliveryStatus.SENT}


def test_a_busy_database_before_the_hand_over_has_the_e_mail_tried_again(org, smtp, monkeypatch):
    message = reminder_for(org)
    with monkeypatch.context() as patch:
        patch.setattr(sending, "store_document", busy_database)
        outcome = sending.send_message(message.pk, REMINDER_DAY)

    assert outcome == {"email": DeliveryStatus.RETRYING}
    assert "database is locked" in Delivery.objects.get(message=message).last_error
    assert sending.send_message(message.pk, REMINDER_DAY) == {"email": DeliveryStatus.SENT}
    assert len(smtp.mailbox.received) == 1


def test_an_error_after_the_hand_over_leaves_the_e_mail_perhaps_sent(org, smtp, monkeypatch):
    message = reminder_for(org)
    with monkeypatch.context() as patch:
        patch.setattr(sending, "_mark_sent", busy_database)
        outcome = sending.send_message(message.pk, REMINDER_DAY)

    assert outcome == {"email": DeliveryStatus.UNCERTAIN}
    assert len(smtp.mailbox.received) == 1
    delivery = Delivery.objects.get(message=message)
    assert "not recorded" in delivery.last_error
    assert sending.send_message(message.pk, REMINDER_DAY) == {"email": DeliveryStatus.UNCERTAIN}
    assert len(smtp.mailbox.received) == 1  # never sent again by itself


def test_an_error_while_preparing_a_letter_fails_it(org, smtp, monkeypatch):
    message = reminder_for(org, emails="")  # goes by post
    with monkeypatch.context() as patch:
        patch.setattr(sending, "store_document", lambda *a, **k: 1 / 0)
        outcome = sending.send_message(message.pk, REMINDER_DAY)

    assert outcome == {"letter": DeliveryStatus.FAILED}
    assert "division by zero" in Delivery.objects.get(message=message).last_error


# The sweep


def test_the_sweep_tries_again_an_e_mail_left_before_it_was_kept(org, smtp):
    message = reminder_for(org)
    sending.deliveries_for(message)
    delivery = Delivery.objects.get(message=message)
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.SENDING)
    left_by_a_stopped_worker(delivery)  # it stopped while rendering: nothing was kept

    swept = sweep.sweep_deliveries(REMINDER_DAY)

    assert swept.settled == {DeliveryStatus.RETRYING: 1}
    assert swept.message_ids == {message.pk}
    assert sending.send_message(message.pk, REMINDER_DAY) == {"email": DeliveryStatus.SENT}
    assert len(smtp.mailbox.received) == 1


def test_the_sweep_leaves_an_e_mail_that_was_kept_perhaps_sent(org, smtp, monkeypatch):
    message = reminder_for(org)

    class WorkerDied(BaseException):
        """The process ended while handing the e-mail over."""

    def die(*args, **kwargs):
        raise WorkerDied

    with monkeypatch.context() as patch:
        patch.setattr(sending, "get_connection", die)
        with pytest.raises(WorkerDied):
            sending.send_message(message.pk, REMINDER_DAY)
    delivery = Delivery.objects.get(message=message)
    assert delivery.status == DeliveryStatus.SENDING
    assert sweep.sweep_deliveries(REMINDER_DAY).settled == {}  # within the lease: left alone
    left_by_a_stopped_worker(delivery)

    assert sweep.sweep_deliveries(REMINDER_DAY).settled == {DeliveryStatus.UNCERTAIN: 1}
    assert smtp.mailbox.received == []
    delivery.refresh_from_db()
    services.delivery_send_again(delivery, today=REMINDER_DAY)  # the person's call
    assert sending.send_message(message.pk, REMINDER_DAY) == {"email": DeliveryStatus.SENT}


def test_the_sweep_prepares_again_a_letter_left_half_way(org, smtp):
    message = reminder_for(org, emails="")
    [delivery] = sending.deliveries_for(message)
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.SENDING)
    left_by_a_stopped_worker(delivery)

    assert sweep.sweep_deliveries(REMINDER_DAY).settled == {DeliveryStatus.RETRYING: 1}
    assert sending.send_message(message.pk, REMINDER_DAY) == {"letter": DeliveryStatus.PRINTING}


def test_the_sweep_fails_a_delivery_left_after_its_last_attempt(org, smtp):
    message = reminder_for(org)
    [delivery] = sending.deliveries_for(message)
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.SENDING)
    left_by_a_stopped_worker(delivery)
    Delivery.objects.filter(pk=delivery.pk).update(attempts=sending.MAX_ATTEMPTS)

    assert sweep.sweep_deliveries(REMINDER_DAY).settled == {DeliveryStatus.FAILED: 1}
    assert sending.send_message(message.pk, REMINDER_DAY) == {"email": DeliveryStatus.FAILED}
    assert Message.objects.get(pk=message.pk).status == MessageStatus.FAILED
    assert Event.objects.filter(kind=EventKind.MESSAGE_FAILED).count() == 1


def test_the_sweep_task_queues_what_was_left_or_lost_and_books_the_next_sweep(org, smtp):
    left, lost = reminder_for(org), reminder_for(org)
    for message in (left, lost):
        sending.deliveries_for(message)
    left_by_a_stopped_worker(Delivery.objects.get(message=left))
    Delivery.objects.filter(message=lost).update(
        status=DeliveryStatus.RETRYING,
        next_attempt_at=timezone.now() - sweep.FORGOTTEN - timedelta(minutes=1),
    )

    sweep_deliveries_task.call()

    assert queued_messages() == sorted([left.pk, lost.pk])
    booked = DBTaskResult.objects.get(task_path=sweep_deliveries_task.module_path)
    assert booked.run_after > timezone.now()


# The worker closes its connection when it is done: a real commit, not a test transaction.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("periodic_task", [sweep_deliveries_task, daily_print_batches])
def test_a_periodic_task_books_its_next_run_while_it_runs(org, periodic_task):
    periodic_task.using(run_after=timezone.now() - timedelta(seconds=1)).enqueue()

    assert main(["worker", "--batch"]) == 0

    runs = DBTaskResult.objects.filter(task_path=periodic_task.module_path)
    assert sorted(runs.values_list("status", flat=True)) == ["READY", "SUCCESSFUL"]
    assert runs.get(status="READY").run_after > timezone.now()


def test_the_sweep_takes_a_messages_e_mail_and_letter_together(org, smtp):
    customer = customer_of(org, emails="k@klant.nl")
    factories.invoice(org, customer, due=DUE)
    message = ready_message(org, customer, day=DEMAND_DAY, kind="ingebrekestelling")
    for delivery in sending.deliveries_for(message):
        left_by_a_stopped_worker(delivery)

    swept = sweep.sweep_deliveries(DEMAND_DAY)

    assert swept.settled == {DeliveryStatus.RETRYING: 2}
    outcome = sending.send_message(message.pk, DEMAND_DAY)
    assert outcome == {"email": DeliveryStatus.SENT, "letter": DeliveryStatus.PRINTING}
