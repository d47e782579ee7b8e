"""Notice e-mails that need a person: listed on the Letters page and in the worklist, sent
again or recorded as sent by a controller, never by a viewer, never another organisation's."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from innen.arrangements import texts
from innen.arrangements.notices import notice_letter, send_notice
from innen.dossier.models import Event, EventKind
from innen.outbox.models import Delivery, DeliveryStatus
from tests import factories
from tests.arrangements.support import notice_tasks, run_notice_tasks
from tests.personas import collecting_organisation

pytestmark = pytest.mark.django_db

NL = {"HTTP_ACCEPT_LANGUAGE": "nl"}
BOUNCED = "550 5.1.1 no such user"
PERHAPS = "the sender stopped after handing it over and before recording it"
HEADING = "Berichten per e-mail die op een mens wachten"
NOT_WAITING = "Dit bericht per e-mail wacht niet meer op een mens."


def notice_email(org, today, status, *, last_error="", name="Bob B.V."):
    """A broken promise's notice e-mail to a customer of `org`, left in `status`."""
    customer = factories.customer(org, name=name, emails="bob@example.test")
    factories.invoice(
        org, customer, due=today - timedelta(days=10), issue_date=today - timedelta(days=40)
    )
    letter = notice_letter(
        customer,
        invoice_ids=customer.invoices.values_list("pk", flat=True),
        on=today,
        reference="promise-1",
        step_name="Broken promise",
    )
    notice = send_notice(letter, texts.promise_broken(date(2026, 3, 6), "nl"), customer)
    assert notice.email is not None
    Delivery.objects.filter(pk=notice.email.pk).update(
        status=status, attempts=1, started_at=timezone.now(), last_error=last_error
    )
    notice.email.refresh_from_db()
    return notice.email


def notes(action):
    return list(Event.objects.filter(kind=EventKind.NOTE, payload__action=action))


def send_again_url(queued):
    return reverse("delivery-send-again", args=[queued.pk])


def confirm_url(queued):
    return reverse("delivery-confirm", args=[queued.pk])


# Where they show


def test_a_failed_notice_email_shows_on_the_letters_page_and_in_the_worklist(
    controller_client, org, today
):
    failed = notice_email(org, today, DeliveryStatus.FAILED, last_error=BOUNCED)
    notice_email(org, today, DeliveryStatus.SENT, name="Verstuurd B.V.")

    response = controller_client.get(reverse("outbox"), **NL)
    html = response.content.decode()
    assert list(response.context["notice_emails"]) == [failed]
    assert f'{HEADING} <span class="muted">(1)</span>' in html
    assert "Bob B.V." in html and failed.subject in html and BOUNCED in html
    assert "Mislukt" in html
    assert send_again_url(failed) in html
    assert confirm_url(failed) not in html  # only for a perhaps sent one
    assert "Verstuurd B.V." not in html

    response = controller_client.get(reverse("worklist"), **NL)
    html = response.content.decode()
    assert list(response.context["notice_emails"]) == [failed]
    assert 'Mislukte verzendingen <span class="muted">(1)</span>' in html
    assert "Mislukte verzendingen (1)" in html  # the link at the top counts it too
    assert HEADING in html and failed.subject in html and BOUNCED in html
    assert f"{reverse('outbox')}#notice-emails" in html
    assert send_again_url(failed) not in html  # acted on in the Letters page


def test_the_collection_page_counts_notice_emails_that_need_a_person(controller_client, org, today):
    page = controller_client.get(reverse("collection"), **NL).content.decode()
    assert "bericht per e-mail mislukt" not in page

    notice_email(org, today, DeliveryStatus.FAILED, last_error=BOUNCED)
    notice_email(org, today, DeliveryStatus.UNCERTAIN, name="Carl B.V.")

    page = controller_client.get(reverse("collection"), **NL).content.decode()
    assert "2 berichten per e-mail mislukt of misschien verstuurd" in page


def test_notice_emails_needing_a_person_are_listed_oldest_first(controller_client, org, today):
    first = notice_email(org, today, DeliveryStatus.UNCERTAIN, last_error=PERHAPS)
    second = notice_email(org, today, DeliveryStatus.FAILED, name="Carl B.V.")
    notice_email(org, today, DeliveryStatus.PENDING, name="Wacht B.V.")
    Delivery.objects.filter(pk=second.pk).update(created_at=first.created_at - timedelta(1))

    response = controller_client.get(reverse("outbox"), **NL)

    assert list(response.context["notice_emails"]) == [second, first]
    assert "Misschien verstuurd" in response.content.decode()
    assert response.context["notice_emails_count"] == 2


def test_the_worklist_counts_failed_deliveries_and_notice_emails_together(
    controller_client, org, today
):
    notice_email(org, today, DeliveryStatus.FAILED)
    notice_email(org, today, DeliveryStatus.UNCERTAIN, name="Carl B.V.")

    response = controller_client.get(reverse("worklist"), **NL)

    assert response.context["deliveries_count"] == 0
    assert response.context["failed_count"] == 2
    assert "Mislukte verzendingen (2)" in response.content.decode()


# Send again


def test_send_again_queues_a_failed_notice_email_once_more(controller_client, org, today):
    failed = notice_email(org, today, DeliveryStatus.FAILED, last_error=BOUNCED)
    assert not notice_tasks().exists()

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = controller_client.post(send_again_url(failed), **NL)

    assert response.status_code == 302 and response["Location"] == reverse("outbox")
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (DeliveryStatus.PENDING, 0)
    [task] = notice_tasks()
    assert task.args_kwargs["args"] == [failed.pk]
    [event] = notes("notice_queued_again")
    assert event.actor == "carla" and event.payload["message_id"] == failed.unique_id
    assert event.payload["error"] == BOUNCED
    page = controller_client.get(reverse("outbox"), **NL)
    assert "Opnieuw in de wachtrij: Bob B.V." in page.content.decode()
    assert list(page.context["notice_emails"]) == []

    run_notice_tasks()  # the worker sends the kept e-mail

    [email] = mail.outbox
    assert email.message()["Message-ID"] == failed.unique_id
    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.SENT


def test_send_again_also_takes_a_perhaps_sent_notice_email(controller_client, org, today):
    uncertain = notice_email(org, today, DeliveryStatus.UNCERTAIN, last_error=PERHAPS)

    with TestCase.captureOnCommitCallbacks(execute=True):
        controller_client.post(send_again_url(uncertain))

    uncertain.refresh_from_db()
    assert uncertain.status == DeliveryStatus.PENDING
    assert notice_tasks().count() == 1


# It was sent


def test_it_was_sent_records_a_perhaps_sent_notice_email_as_sent_with_a_dossier_event(
    controller_client, org, today
):
    uncertain = notice_email(org, today, DeliveryStatus.UNCERTAIN, last_error=PERHAPS)
    html = controller_client.get(reverse("outbox"), **NL).content.decode()
    assert confirm_url(uncertain) in html and send_again_url(uncertain) in html
    assert "Het is verstuurd" in html

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = controller_client.post(confirm_url(uncertain), follow=True, **NL)

    assert "Vastgelegd als verstuurd: Bob B.V." in response.content.decode()
    uncertain.refresh_from_db()
    assert uncertain.status == DeliveryStatus.SENT
    assert uncertain.sent_at is not None and uncertain.last_error == ""
    [event] = notes("notice_emailed")
    assert event.actor == "carla" and event.customer_id == uncertain.customer_id
    assert event.payload["message_id"] == uncertain.unique_id
    assert event.day == today
    assert not mail.outbox and not notice_tasks().exists()  # nothing is sent again


# Nothing changes


@pytest.mark.parametrize("action", [send_again_url, confirm_url])
def test_a_sent_notice_email_cannot_be_confirmed_or_sent_again(
    controller_client, org, today, action
):
    sent = notice_email(org, today, DeliveryStatus.SENT)
    events = Event.objects.count()

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = controller_client.post(action(sent), follow=True, **NL)

    assert NOT_WAITING in response.content.decode()
    before = sent.status, sent.attempts, sent.sent_at
    sent.refresh_from_db()
    assert (sent.status, sent.attempts, sent.sent_at) == before
    assert Event.objects.count() == events
    assert not notice_tasks().exists() and not mail.outbox


def test_a_failed_notice_email_cannot_be_recorded_as_sent(controller_client, org, today):
    failed = notice_email(org, today, DeliveryStatus.FAILED, last_error=BOUNCED)

    response = controller_client.post(confirm_url(failed), follow=True, **NL)

    assert NOT_WAITING in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.FAILED and not notes("notice_emailed")


# Who may


def test_a_viewer_sees_no_buttons_and_may_not_act(viewer_client, org, today):
    uncertain = notice_email(org, today, DeliveryStatus.UNCERTAIN, last_error=PERHAPS)

    html = viewer_client.get(reverse("outbox"), **NL).content.decode()
    assert HEADING in html and uncertain.subject in html
    assert send_again_url(uncertain) not in html and confirm_url(uncertain) not in html
    assert "Opnieuw versturen" not in html and "Het is verstuurd" not in html

    for url in (send_again_url(uncertain), confirm_url(uncertain)):
        assert viewer_client.post(url).status_code == 403, url
    uncertain.refresh_from_db()
    assert uncertain.status == DeliveryStatus.UNCERTAIN
    assert not notice_tasks().exists() and not notes("notice_emailed")


def test_another_organisations_notice_email_is_not_found_and_not_changed(
    controller_client, org, today
):
    other = collecting_organisation("Other B.V.", today)
    theirs = notice_email(other, today, DeliveryStatus.UNCERTAIN, name="Andermans klant")

    for url in (send_again_url(theirs), confirm_url(theirs)):
        assert controller_client.post(url).status_code == 404, url
    assert "Andermans klant" not in controller_client.get(reverse("outbox")).content.decode()
    assert "Andermans klant" not in controller_client.get(reverse("worklist")).content.decode()
    theirs.refresh_from_db()
    assert theirs.status == DeliveryStatus.UNCERTAIN


def test_the_actions_only_take_posts(controller_client, org, today):
    failed = notice_email(org, today, DeliveryStatus.FAILED)
    for url in (send_again_url(failed), confirm_url(failed)):
        assert controller_client.get(url).status_code == 405, url
