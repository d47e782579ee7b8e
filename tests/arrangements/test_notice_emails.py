"""A notice's e-mail goes out once, after the commit, as kept; retried, posted, or left alone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from innen.arrangements import texts
from innen.arrangements.notices import notice_letter, send_notice
from innen.dossier.models import Event, EventKind
from innen.outbox import notices as outbox_notices
from innen.outbox.documents import read_document
from innen.outbox.models import Delivery, DeliveryStatus, PostedLetter
from innen.outbox.notices import notice_send_again
from innen.outbox.sending import BACKOFF, LEASE, MAX_ATTEMPTS
from innen.outbox.sweep import FORGOTTEN
from innen.outbox.tasks import SWEEP_EVERY, sweep_deliveries_task
from tests import factories
from tests.arrangements.support import committed, notice_tasks, run_notice_tasks
from tests.outbox.smtp_server import SmtpServer

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)


@pytest.fixture
def smtp(settings):
    with SmtpServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 5
        yield server


def notify(customer, *, post=False):
    """A broken promise's notice about all the customer's invoices."""
    letter = notice_letter(
        customer,
        invoice_ids=customer.invoices.values_list("pk", flat=True),
        on=TODAY,
        reference="promise-1",
        step_name="Broken promise",
    )
    return send_notice(letter, texts.promise_broken(date(2026, 3, 6), "nl"), customer, post=post)


def notes(action):
    return list(Event.objects.filter(kind=EventKind.NOTE, payload__action=action))


def test_a_notice_is_emailed_once_after_the_commit(customer, invoices):
    with committed(work=False):
        notice = notify(customer)
        assert not notice_tasks().exists()  # nothing is queued before the commit
    assert notice.facts()["e-mail"] == "queued" and not mail.outbox
    queued = Delivery.objects.get()
    assert (queued.status, queued.recipients) == (DeliveryStatus.PENDING, "bob@example.test")
    assert notice.facts()["message_id"] == queued.unique_id

    assert run_notice_tasks() == [{"status": DeliveryStatus.SENT}]

    [email] = mail.outbox
    assert email.to == ["bob@example.test"] and "6 maart 2026" in email.body
    queued.refresh_from_db()
    assert (queued.status, queued.attempts) == (DeliveryStatus.SENT, 1)
    assert queued.sent_at is not None
    [event] = notes("notice_emailed")
    assert event.payload["message_id"] == queued.unique_id and event.customer_id == customer.pk
    assert not PostedLetter.objects.exists()


def test_nothing_is_sent_when_the_transaction_rolls_back(customer, invoices):
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        notify(customer)
        raise RuntimeError("the arrangement failed after the notice was written")
    assert not mail.outbox
    assert not notice_tasks().exists() and not Delivery.objects.exists()


def test_a_second_run_of_the_task_sends_nothing_more(customer, invoices):
    with committed():
        notify(customer)
    queued = Delivery.objects.get()

    again = outbox_notices.send_notice(queued.pk, TODAY)

    assert again.status == DeliveryStatus.SENT and len(mail.outbox) == 1
    queued.refresh_from_db()
    assert queued.attempts == 1 and len(notes("notice_emailed")) == 1


def test_the_bytes_sent_are_the_kept_eml(customer, invoices):
    with committed():
        notify(customer)
    queued = Delivery.objects.get()
    [email] = mail.outbox
    kept = read_document(queued.email)
    assert email.message().as_bytes(linesep="\r\n") == kept
    assert queued.unique_id.encode() in kept


def test_a_real_mail_server_receives_the_kept_eml_unchanged(customer, invoices, smtp):
    with committed():
        notify(customer)
    queued = Delivery.objects.get()
    [received] = smtp.mailbox.received
    kept = read_document(queued.email)
    # SMTP ends the data with a line break if the message does not: nothing else differs.
    assert received in (kept, kept + b"\r\n")


def test_a_temporary_failure_is_tried_again_later_and_then_sent(customer, invoices, smtp):
    smtp.mailbox.busy = 1
    with committed():
        notify(customer)
    queued = Delivery.objects.get()
    assert (queued.status, queued.attempts) == (DeliveryStatus.RETRYING, 1)
    assert "451" in queued.last_error and not smtp.mailbox.received
    retry = notice_tasks().get(status="READY")
    assert retry.run_after == queued.next_attempt_at
    assert queued.next_attempt_at - queued.started_at == pytest.approx(
        BACKOFF[0], abs=timedelta(seconds=5)
    )
    assert run_notice_tasks() == []  # not before its time

    notice_tasks().filter(pk=retry.pk).update(run_after=timezone.now())  # time passes
    assert run_notice_tasks() == [{"status": DeliveryStatus.SENT}]

    assert len(smtp.mailbox.received) == 1
    queued.refresh_from_db()
    assert (queued.status, queued.attempts) == (DeliveryStatus.SENT, 2)
    assert not PostedLetter.objects.exists()


def test_a_permanent_failure_posts_the_letter_instead(customer, invoices, smtp):
    smtp.mailbox.refused.add("bob@example.test")
    with committed():
        notify(customer)
    queued = Delivery.objects.get()
    assert queued.status == DeliveryStatus.FAILED and "550" in queued.last_error
    assert not notice_tasks().filter(status="READY").exists()  # not tried again
    [letter] = PostedLetter.objects.all()
    assert (letter.pdf, letter.customer, queued.posted_letter) == (queued.pdf, customer, letter)
    [event] = notes("notice_not_emailed")
    assert event.payload["posted"] == "in the print batch" and "550" in event.payload["error"]


def test_the_last_temporary_failure_is_final_and_posts_the_letter(customer, invoices, smtp):
    smtp.mailbox.busy = MAX_ATTEMPTS
    with committed():
        notify(customer)
    queued = Delivery.objects.get()
    for _ in range(MAX_ATTEMPTS - 1):
        notice_tasks().filter(status="READY").update(run_after=timezone.now())
        run_notice_tasks()
    queued.refresh_from_db()
    assert (queued.status, queued.attempts) == (DeliveryStatus.FAILED, MAX_ATTEMPTS)
    assert queued.last_error.startswith(f"gave up after {MAX_ATTEMPTS} attempts")
    assert not smtp.mailbox.received and PostedLetter.objects.count() == 1


def test_a_letter_posted_with_the_email_is_not_posted_again_when_it_fails(customer, invoices, smtp):
    smtp.mailbox.refused.add("bob@example.test")
    with committed():
        notify(customer, post=True)
    queued = Delivery.objects.get()
    assert queued.status == DeliveryStatus.FAILED
    assert PostedLetter.objects.get() == queued.posted_letter
    assert "posted" not in notes("notice_not_emailed")[0].payload


def test_a_stuck_notice_becomes_uncertain_and_is_not_sent_again(customer, invoices):
    with committed(work=False):
        notify(customer)
    queued = Delivery.objects.get()
    # A worker claimed it and stopped, perhaps after the mail server took it.
    Delivery.objects.filter(pk=queued.pk).update(
        status=DeliveryStatus.SENDING, attempts=1, started_at=timezone.now() - LEASE * 2
    )

    assert run_notice_tasks() == [{"status": DeliveryStatus.UNCERTAIN}]
    assert outbox_notices.send_notice(queued.pk, TODAY).status == DeliveryStatus.UNCERTAIN

    assert not mail.outbox
    queued.refresh_from_db()
    assert (queued.status, queued.attempts) == (DeliveryStatus.UNCERTAIN, 1)
    assert "Message-ID" in queued.last_error
    assert len(notes("notice_uncertain")) == 1
    assert not PostedLetter.objects.exists()


def test_a_notice_being_sent_within_its_lease_is_left_to_its_worker(customer, invoices):
    with committed(work=False):
        notify(customer)
    queued = Delivery.objects.get()
    Delivery.objects.filter(pk=queued.pk).update(
        status=DeliveryStatus.SENDING, started_at=timezone.now()
    )
    assert outbox_notices.send_notice(queued.pk, TODAY).status == DeliveryStatus.SENDING
    assert not mail.outbox and not notes("notice_uncertain")


def test_the_sweep_finds_stuck_and_forgotten_notices(customer, invoices):
    with committed(work=False):
        stuck, forgotten, fresh = (notify(customer).email for _ in range(3))
    notice_tasks().delete()  # the worker lost them
    long_ago = timezone.now() - FORGOTTEN - timedelta(minutes=1)
    Delivery.objects.filter(pk=stuck.pk).update(
        status=DeliveryStatus.SENDING, started_at=timezone.now() - LEASE * 2
    )
    Delivery.objects.filter(pk=forgotten.pk).update(created_at=long_ago)

    swept = sweep_deliveries_task.call()  # settles the stuck one, queues the forgotten one
    assert swept == {"settled": {DeliveryStatus.UNCERTAIN: 1}, "queued_again": 1}

    assert run_notice_tasks() == [{"status": DeliveryStatus.SENT}]
    statuses = dict(Delivery.objects.values_list("pk", "status"))
    assert statuses == {
        stuck.pk: DeliveryStatus.UNCERTAIN,
        forgotten.pk: DeliveryStatus.SENT,
        fresh.pk: DeliveryStatus.PENDING,
    }


def test_a_customer_without_an_email_address_gets_the_letter_and_no_email(org, invoices):
    customer = factories.customer(org, emails="")
    factories.invoice(org, customer, due=TODAY - timedelta(days=10))
    with committed():
        notice = notify(customer)
    assert not Delivery.objects.exists() and not mail.outbox
    assert PostedLetter.objects.get().customer == customer
    assert "e-mail" not in notice.facts() and notice.facts()["posted"] == "in the print batch"


def test_a_perhaps_sent_notice_goes_again_only_when_the_controller_says_so(customer, invoices):
    with committed(work=False):
        notify(customer)
    queued = Delivery.objects.get()
    Delivery.objects.filter(pk=queued.pk).update(
        status=DeliveryStatus.UNCERTAIN, attempts=1, started_at=timezone.now() - LEASE * 2
    )
    with committed():
        notice_send_again(queued)

    [email] = mail.outbox
    assert email.message()["Message-ID"] == queued.unique_id  # the same e-mail, as kept
    queued.refresh_from_db()
    assert (queued.status, queued.attempts) == (DeliveryStatus.SENT, 1)


def test_a_sent_notice_is_not_sent_again_on_request(customer, invoices):
    with committed():
        notify(customer)
    with pytest.raises(ValidationError), committed():
        notice_send_again(Delivery.objects.get())
    assert len(mail.outbox) == 1


def test_a_notice_sent_but_not_recorded_is_perhaps_sent_not_left_being_sent(
    customer, invoices, monkeypatch
):
    with committed(work=False):
        notify(customer)
    queued = Delivery.objects.get()
    real_record = outbox_notices._record

    def busy(notice, today, action, text, **kwargs):
        if action == "notice_emailed":
            raise OperationalError("database is locked")
        return real_record(notice, today, action, text, **kwargs)

    monkeypatch.setattr(outbox_notices, "_record", busy)

    assert outbox_notices.send_notice(queued.pk, TODAY).status == DeliveryStatus.UNCERTAIN
    assert len(mail.outbox) == 1
    queued.refresh_from_db()
    assert queued.status == DeliveryStatus.UNCERTAIN
    assert outbox_notices.send_notice(queued.pk, TODAY).status == DeliveryStatus.UNCERTAIN
    assert len(mail.outbox) == 1


def test_the_notice_sweep_books_its_next_run_every_few_minutes(org):
    sweep_deliveries_task.call()
    sweep_deliveries_task.call()
    [booked] = DBTaskResult.objects.filter(task_path=sweep_deliveries_task.module_path)
    assert timezone.now() < booked.run_after <= timezone.now() + SWEEP_EVERY
