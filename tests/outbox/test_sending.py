"""Sending messages through a real SMTP server: once, retried, failed, and never twice."""

from __future__ import annotations

import email
import io
from datetime import date, timedelta
from email import policy

import pytest
from django.utils import timezone

from innen.casefile.integrity import verify_organisation
from innen.collection.models import (
    ActionStatus,
    Message,
    MessageStatus,
)
from innen.daily import run_day
from innen.dossier.models import Event, EventKind
from innen.ledger import services as ledger
from innen.ledger import settling
from innen.outbox import sending, services
from innen.outbox.documents import read_document
from innen.outbox.models import Delivery, DeliveryStatus, PrintBatch
from innen.outbox.printing import build_print_batch
from tests import factories
from tests.outbox.support import DEMAND_DAY, DUE, REMINDER_DAY, customer_of, ready_message

pytestmark = pytest.mark.django_db


def test_a_reminder_is_sent_once_with_its_pdf_and_kept_as_sent(org, smtp):
    customer = customer_of(org, emails="inkoop@klant.nl")
    invoice = factories.invoice(org, customer, due=DUE)
    message = ready_message(org, customer)

    outcome = sending.send_message(message.pk, REMINDER_DAY)

    assert outcome == {"email": DeliveryStatus.SENT}
    assert len(smtp.mailbox.received) == 1
    received = email.message_from_bytes(smtp.mailbox.received[0], policy=policy.default)
    delivery = Delivery.objects.get(message=message)
    assert received["Message-ID"] == delivery.unique_id
    assert received["To"] == "inkoop@klant.nl"
    kinds = [part.get_content_type() for part in received.walk()]
    assert {"text/plain", "text/html", "application/pdf"} <= set(kinds)
    assert invoice.number in received.get_body(("plain",)).get_content()
    # What is kept is byte for byte what the server got.
    kept = read_document(delivery.email)
    assert kept.replace(b"\r\n", b"\n") == smtp.mailbox.received[0].replace(b"\r\n", b"\n")
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    event = Event.objects.get(kind=EventKind.MESSAGE_SENT)
    assert event.customer_id == customer.pk
    assert {d["sha256"] for d in event.payload["documents"]} == {
        delivery.pdf.sha256,
        delivery.email.sha256,
    }
    assert verify_organisation(org.pk).intact


def test_sending_a_sent_message_again_sends_nothing(org, smtp):
    customer = customer_of(org)
    factories.invoice(org, customer, due=DUE)
    message = ready_message(org, customer)
    sending.send_message(message.pk, REMINDER_DAY)
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.SENDING)

    sending.send_message(message.pk, REMINDER_DAY)

    assert len(smtp.mailbox.received) == 1


class WorkerDied(BaseException):
    """Stands for the process ending: nothing after it runs, no except clause catches it."""


def test_a_worker_that_dies_after_handing_over_leaves_a_message_that_is_never_sent_twice(
    org, smtp, monkeypatch
):
    customer = customer_of(org)
    factories.invoice(org, customer, due=DUE)
    message = ready_message(org, customer)

    def die(*args, **kwargs):
        raise WorkerDied

    with monkeypatch.context() as patch:
        patch.setattr(sending, "_mark_sent", die)
        with pytest.raises(WorkerDied):
            sending.send_message(message.pk, REMINDER_DAY)
    delivery = Delivery.objects.get(message=message)
    assert delivery.status == DeliveryStatus.SENDING
    assert len(smtp.mailbox.received) == 1

    # A retry inside the lease leaves it to the (maybe still living) first worker ...
    sending.send_message(message.pk, REMINDER_DAY)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENDING
    # ... after it, the delivery is "perhaps sent" for a person to settle, and not sent again.
    Delivery.objects.filter(pk=delivery.pk).update(
        started_at=timezone.now() - sending.LEASE - timedelta(seconds=1)
    )
    outcome = sending.send_message(message.pk, REMINDER_DAY)

    assert outcome == {"email": DeliveryStatus.UNCERTAIN}
    assert len(smtp.mailbox.received) == 1
    delivery.refresh_from_db()
    services.delivery_confirm_sent(delivery, today=REMINDER_DAY)
    delivery.refresh_from_db()
    message.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert message.status == MessageStatus.SENT
    assert Event.objects.filter(kind=EventKind.MESSAGE_SENT).count() == 1


def test_a_busy_server_is_tried_again_later_and_the_message_goes_out_once(org, smtp):
    from django_tasks_db.models import DBTaskResult

    customer = customer_of(org)
    factories.invoice(org, customer, due=DUE)
    message = ready_message(org, customer)
    smtp.mailbox.busy = 1

    first = sending.send_message(message.pk, REMINDER_DAY)

    delivery = Delivery.objects.get(message=message)
    assert first == {"email": DeliveryStatus.RETRYING}
    assert "451" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now()
    retry = DBTaskResult.objects.get(task_path="innen.outbox.tasks.send_message_task")
    assert retry.args_kwargs["args"] == [message.pk]
    assert retry.run_after == delivery.next_attempt_at

    second = sending.send_message(message.pk, REMINDER_DAY)

    assert second == {"email": DeliveryStatus.SENT}
    assert len(smtp.mailbox.received) == 1
    assert Delivery.objects.get(pk=delivery.pk).attempts == 2


def test_no_connection_is_a_temporary_failure(org, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # nothing listens there
    customer = customer_of(org)
    factories.invoice(org, customer, due=DUE)
    message = ready_message(org, customer)

    assert sending.send_message(message.pk, REMINDER_DAY) == {"email": DeliveryStatus.RETRYING}


def test_after_the_last_attempt_a_temporary_failure_becomes_final(org, smtp):
    customer = customer_of(org)
    factories.invoice(org, customer, due=DUE)
    message = ready_message(org, customer)
    smtp.mailbox.busy = sending.MAX_ATTEMPTS

    statuses = [
        sending.send_message(message.pk, REMINDER_DAY)["email"] for _ in range(sending.MAX_ATTEMPTS)
    ]

    assert statuses[:-1] == [DeliveryStatus.RETRYING] * (sending.MAX_ATTEMPTS - 1)
    assert statuses[-1] == DeliveryStatus.FAILED
    assert smtp.mailbox.received == []


def test_a_refused_address_fails_the_step_and_is_not_decided_again(org, smtp):
    customer = customer_of(org, emails="weg@klant.nl")
    invoice = factories.invoice(org, customer, due=DUE)
    message = ready_message(org, customer)
    smtp.mailbox.refused.add("weg@klant.nl")

    outcome = sending.send_message(message.pk, REMINDER_DAY)

    assert outcome == {"email": DeliveryStatus.FAILED}
    delivery = Delivery.objects.get(message=message)
    assert "550" in delivery.last_error
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert set(message.actions.values_list("status", flat=True)) == {ActionStatus.FAILED}
    failed = Event.objects.get(kind=EventKind.MESSAGE_FAILED)
    assert "550" in failed.payload["error"]
    assert failed.payload["documents"]  # the e-mail as it was offered is kept
    run_day(org, REMINDER_DAY + timedelta(days=1))
    assert invoice.actions.filter(step__kind="reminder").count() == 1


def test_a_failed_delivery_sent_again_after_fixing_the_address_goes_out(org, smtp):
    customer = customer_of(org, emails="weg@klant.nl")
    factories.invoice(org, customer, due=DUE)
    message = ready_message(org, customer)
    smtp.mailbox.refused.add("weg@klant.nl")
    sending.send_message(message.pk, REMINDER_DAY)
    customer.emails = "nieuw@klant.nl"
    customer.save()

    services.delivery_send_again(Delivery.objects.get(message=message), today=REMINDER_DAY)
    sending.send_message(message.pk, REMINDER_DAY)

    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert set(message.actions.values_list("status", flat=True)) == {ActionStatus.ACTIVE}
    assert len(smtp.mailbox.received) == 1


def test_a_message_paid_before_it_goes_out_is_withdrawn_not_sent(org, smtp):
    customer = customer_of(org)
    invoice = factories.invoice(org, customer, due=DUE)
    message = ready_message(org, customer)
    ledger.payment_register(
        organisation=org, customer=customer, date=REMINDER_DAY, amount=invoice.total
    )

    assert sending.send_message(message.pk, REMINDER_DAY) == {"message": MessageStatus.CANCELLED}
    assert smtp.mailbox.received == []


def test_an_e_mail_step_for_a_customer_without_an_address_goes_by_post(org, smtp):
    customer = customer_of(org, emails="")
    factories.invoice(org, customer, due=DUE)
    message = ready_message(org, customer)

    assert sending.send_message(message.pk, REMINDER_DAY) == {"letter": DeliveryStatus.PRINTING}
    assert Delivery.objects.get(message=message).note == "no e-mail address: sent by post"


def test_letters_wait_for_the_print_batch_which_sends_them(org, smtp):
    from pypdf import PdfReader

    customers = [customer_of(org, emails=f"k{n}@klant.nl") for n in range(2)]
    for customer in customers:
        factories.invoice(org, customer, due=DUE)
    run_day(org, DEMAND_DAY)
    messages = list(Message.objects.filter(kind="ingebrekestelling"))
    Message.objects.filter(pk__in=[m.pk for m in messages]).update(status=MessageStatus.READY)

    for message in messages:
        outcome = sending.send_message(message.pk, DEMAND_DAY)
        assert outcome == {"email": DeliveryStatus.SENT, "letter": DeliveryStatus.PRINTING}
        assert Message.objects.get(pk=message.pk).status == MessageStatus.SENDING

    batch = build_print_batch(org.pk, DEMAND_DAY)

    assert batch is not None and batch.letter_count == 2
    pdf = PdfReader(io.BytesIO(read_document(batch.document)))
    assert len(pdf.pages) == batch.page_count
    assert batch.page_count % 2 == 0  # every letter starts on a fresh sheet
    letters = Delivery.objects.filter(channel="letter")
    assert set(letters.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert set(letters.values_list("sent_on", flat=True)) == {DEMAND_DAY}
    demands = Message.objects.filter(kind="ingebrekestelling")
    assert set(demands.values_list("status", flat=True)) == {MessageStatus.SENT}
    assert build_print_batch(org.pk, DEMAND_DAY) is None  # nothing is printed twice
    assert PrintBatch.objects.count() == 1
    assert verify_organisation(org.pk).intact


def test_a_bounce_that_comes_back_later_fails_the_step(org, smtp, capsys):
    from innen.cli.main import main

    customer = customer_of(org)
    factories.invoice(org, customer, due=DUE)
    message = ready_message(org, customer)
    sending.send_message(message.pk, REMINDER_DAY)
    delivery = Delivery.objects.get(message=message)

    assert (
        main(["bounce", delivery.unique_id, "--reason", "mailbox full", "--date", "2026-10-09"])
        == 0
    )

    delivery.refresh_from_db()
    message.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_error == "bounced: mailbox full"
    assert message.status == MessageStatus.FAILED
    assert set(message.actions.values_list("status", flat=True)) == {ActionStatus.FAILED}
    failed = Event.objects.get(kind=EventKind.MESSAGE_FAILED)
    assert failed.day == date(2026, 10, 9)
    assert "on the controller's list" in capsys.readouterr().out


def test_a_bounce_for_an_unknown_message_id_changes_nothing(org):
    from innen.cli.main import main

    with pytest.raises(SystemExit) as exit_:
        main(["bounce", "<innen.9.9.email@nowhere>"])
    assert exit_.value.code == 2
    assert not Event.objects.filter(kind=EventKind.MESSAGE_FAILED).exists()


def test_a_message_withdrawn_before_it_went_out_is_in_the_dossier(org, monkeypatch):
    customer = customer_of(org)
    invoice = factories.invoice(org, customer, due=DUE)
    message = ready_message(org, customer)
    # As if paid while the run was deciding: nothing was queued yet for it to withdraw.
    monkeypatch.setattr(settling, "_settled", None)
    ledger.payment_register(
        organisation=org, customer=customer, date=REMINDER_DAY, amount=invoice.total
    )

    sending.send_message(message.pk, REMINDER_DAY)

    withdrawn = Event.objects.get(kind=EventKind.MESSAGE_WITHDRAWN)
    assert withdrawn.day == REMINDER_DAY
    assert withdrawn.payload["settled"] == [invoice.number]
    assert withdrawn.customer_id == customer.pk
