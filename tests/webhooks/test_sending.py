"""Posting deliveries to a real HTTP receiver: signed, retried with back-off, logged, once."""

from __future__ import annotations

import http.client
import json
import socket
import ssl
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from innen.webhooks import sending, services, signing
from innen.webhooks.events import WebhookEvent
from innen.webhooks.models import DeliveryStatus, EventType, WebhookDelivery
from innen.webhooks.subscriptions import Subscriber
from innen.webhooks.tasks import deliver_webhook, sweep_webhook_deliveries_task
from tests.webhooks.conftest import endpoint_for
from tests.webhooks.http_server import HttpServer

TLS = Path(__file__).parent / "tls"

pytestmark = pytest.mark.django_db


@pytest.fixture
def endpoint(org, receiver):
    return endpoint_for(org, receiver.url)


@pytest.fixture
def delivery(endpoint):
    return services.test_event_send(endpoint)


def make_due(delivery):
    """Let the clock pass the delivery's wait."""
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def test_a_delivery_is_posted_signed_and_the_signature_verifies(endpoint, delivery, receiver):
    outcome = sending.deliver(delivery.pk)

    assert outcome.status == DeliveryStatus.SUCCEEDED
    [request] = receiver.inbox.received
    headers = {key.lower(): value for key, value in request.headers.items()}
    assert headers["innen-event"] == "test"
    assert headers["innen-delivery"] == str(delivery.pk)
    assert headers["content-type"] == "application/json"
    now = int(timezone.now().timestamp())
    assert signing.verify(endpoint.secret, headers["innen-signature"], request.body, now=now)
    assert headers["innen-signature"].startswith(f"t={headers['innen-timestamp']},v1=")
    assert not signing.verify("whsec_wrong", headers["innen-signature"], request.body, now=now)
    body = json.loads(request.body)
    assert (body["id"], body["type"]) == (delivery.event_id, "test")
    assert body["organisation"]["id"] == endpoint.organisation_id


def test_success_is_logged_with_the_answer(delivery, receiver):
    sending.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("succeeded", 1, 200)
    assert delivery.delivered_at is not None and delivery.response_excerpt == '{"ok": true}'
    [attempt] = delivery.attempt_log.all()
    assert (attempt.number, attempt.status_code, attempt.error) == (1, 200, "")


def test_a_failure_is_retried_after_a_minute_and_then_succeeds(delivery, receiver):
    receiver.inbox.answers = [500]

    first = sending.deliver(delivery.pk)

    delivery.refresh_from_db()
    assert first.status == DeliveryStatus.RETRYING
    assert (delivery.status, delivery.last_status_code) == ("retrying", 500)
    assert delivery.response_excerpt == "something broke"
    wait = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < wait <= timedelta(minutes=1)

    assert sending.deliver(delivery.pk).status == DeliveryStatus.RETRYING  # not due yet
    assert len(receiver.inbox.received) == 1

    make_due(delivery)
    assert sending.deliver(delivery.pk).status == DeliveryStatus.SUCCEEDED
    first_body, second_body = (r.body for r in receiver.inbox.received)
    assert first_body == second_body  # the same event, the same bytes
    assert [a.status_code for a in delivery.attempt_log.all()] == [500, 200]


def test_the_waits_grow_and_after_the_last_the_delivery_fails(delivery, receiver):
    receiver.inbox.answers = [503] * sending.MAX_ATTEMPTS
    waits = []
    for _ in range(sending.MAX_ATTEMPTS - 1):
        outcome = sending.deliver(delivery.pk)
        waits.append(outcome.retry_at - timezone.now())
        make_due(delivery)

    last = sending.deliver(delivery.pk)

    assert [round(w / timedelta(minutes=1)) for w in waits] == [1, 5, 30, 120, 360, 1440]
    assert last == sending.Outcome(DeliveryStatus.FAILED)
    delivery.refresh_from_db()
    assert delivery.attempts == sending.MAX_ATTEMPTS == delivery.attempt_log.count()
    assert delivery.last_error.startswith(f"gave up after {sending.MAX_ATTEMPTS} attempts")


def test_no_answer_is_a_failure_too(org):
    closed = endpoint_for(org, "http://127.0.0.1:9/nobody-listens")
    delivery = services.test_event_send(closed)
    assert sending.deliver(delivery.pk).status == DeliveryStatus.RETRYING
    delivery.refresh_from_db()
    assert delivery.last_status_code is None and "Connection" in delivery.last_error


def test_a_redirect_is_not_followed(delivery, receiver):
    receiver.inbox.answers = [302]
    assert sending.deliver(delivery.pk).status == DeliveryStatus.RETRYING
    assert [r.path for r in receiver.inbox.received] == ["/hooks/innen"]


def test_two_workers_never_send_the_same_delivery_at_once(delivery, receiver):
    now = timezone.now()
    assert sending._claim(delivery.pk, now)
    assert not sending._claim(delivery.pk, now)  # the second worker finds it taken
    assert sending.deliver(delivery.pk).status == DeliveryStatus.SENDING
    assert receiver.inbox.received == []


def test_a_delivery_left_half_way_by_a_stopped_worker_is_sent_after_the_lease(delivery, receiver):
    long_ago = timezone.now() - sending.LEASE - timedelta(seconds=1)
    assert sending._claim(delivery.pk, long_ago)  # that worker stopped here
    assert sending.deliver(delivery.pk).status == DeliveryStatus.SUCCEEDED
    assert len(receiver.inbox.received) == 1


def test_a_delivered_event_is_not_sent_again(delivery, receiver):
    sending.deliver(delivery.pk)
    assert sending.deliver(delivery.pk).status == DeliveryStatus.SUCCEEDED
    assert len(receiver.inbox.received) == 1


def test_a_switched_off_endpoint_gets_nothing_that_was_waiting(endpoint, delivery, receiver):
    services.endpoint_update(endpoint, events=endpoint.events, active=False, description="")
    assert sending.deliver(delivery.pk).status == DeliveryStatus.FAILED
    assert receiver.inbox.received == []


def test_an_address_that_became_private_is_refused_before_posting(settings, delivery, receiver):
    settings.WEBHOOKS_ALLOW_LOCAL_HTTP = False
    assert sending.deliver(delivery.pk).status == DeliveryStatus.FAILED
    delivery.refresh_from_db()
    assert "https" in delivery.last_error
    assert receiver.inbox.received == []


@pytest.fixture
def rebinding_dns(monkeypatch):
    """'localhost' answers 127.0.0.1 the first time and 127.0.0.2 (nobody listens) after."""
    real = socket.getaddrinfo
    asked = []

    def getaddrinfo(host, *args, **kwargs):
        if host == "localhost":
            asked.append(host)
            host = "127.0.0.1" if len(asked) == 1 else "127.0.0.2"
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def test_the_post_goes_to_the_address_that_was_checked_not_a_second_answer(
    org, receiver, rebinding_dns
):
    port = receiver.url.split(":")[2].split("/")[0]
    endpoint = endpoint_for(org, f"http://localhost:{port}/hooks/innen")
    delivery = services.test_event_send(endpoint)

    assert sending.deliver(delivery.pk).status == DeliveryStatus.SUCCEEDED

    assert rebinding_dns == ["localhost"]  # resolved once, for the check
    [request] = receiver.inbox.received
    assert request.headers["Host"] == f"localhost:{port}"  # the name, as typed


@pytest.fixture
def tls_receiver(monkeypatch):
    """An https receiver as receiver.test, which no DNS knows: the delivery resolves it here."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(TLS / "receiver.pem", TLS / "receiver.key")
    monkeypatch.setenv("SSL_CERT_FILE", str(TLS / "receiver.pem"))  # trusted by the sender
    monkeypatch.setattr(sending, "_resolve", lambda host, port: ["127.0.0.1"])
    with HttpServer(tls=context) as server:
        yield server


def test_https_goes_to_the_checked_address_and_still_checks_the_certificate_for_the_name(
    org, tls_receiver
):
    delivery = services.test_event_send(endpoint_for(org, tls_receiver.url))

    assert sending.deliver(delivery.pk).status == DeliveryStatus.SUCCEEDED

    [request] = tls_receiver.inbox.received
    assert request.headers["Host"] == f"receiver.test:{tls_receiver.port}"


def test_https_to_a_name_the_certificate_is_not_for_fails(org, tls_receiver):
    url = tls_receiver.url.replace("receiver.test", "other.test")
    delivery = services.test_event_send(endpoint_for(org, url))

    assert sending.deliver(delivery.pk).status == DeliveryStatus.RETRYING

    delivery.refresh_from_db()
    assert "certificate" in delivery.last_error.lower()
    assert tls_receiver.inbox.received == []


def test_a_name_that_now_points_inside_fails_and_the_log_does_not_say_where(
    settings, org, monkeypatch
):
    settings.WEBHOOKS_ALLOW_LOCAL_HTTP = False
    endpoint = endpoint_for(org, "https://erp.bakkerij.nl/hooks")
    delivery = services.test_event_send(endpoint)
    monkeypatch.setattr(sending, "_resolve", lambda host, port: ["10.0.0.5"])

    assert sending.deliver(delivery.pk).status == DeliveryStatus.FAILED

    delivery.refresh_from_db()
    assert "private" in delivery.last_error and "10.0.0.5" not in delivery.last_error


def test_retry_now_gives_a_failed_delivery_one_more_attempt(delivery, receiver):
    receiver.inbox.answers = [500] * sending.MAX_ATTEMPTS
    for _ in range(sending.MAX_ATTEMPTS):
        make_due(delivery)
        sending.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED

    services.delivery_retry_now(delivery)

    assert sending.deliver(delivery.pk).status == DeliveryStatus.SUCCEEDED
    assert len(receiver.inbox.received) == sending.MAX_ATTEMPTS + 1
    assert {r.headers["Innen-Delivery"] for r in receiver.inbox.received} == {str(delivery.pk)}


def test_the_task_books_the_next_attempt_at_the_wait(delivery, receiver):
    receiver.inbox.answers = [500]
    before = DBTaskResult.objects.count()

    result = deliver_webhook.call(delivery.pk)

    assert result == {"status": "retrying"}
    assert DBTaskResult.objects.count() == before + 1
    booked = DBTaskResult.objects.order_by("-enqueued_at").first()
    delivery.refresh_from_db()
    assert booked.args_kwargs["args"] == [delivery.pk]
    assert booked.run_after == delivery.next_attempt_at


def test_the_event_type_travels_in_the_header(org, receiver):
    endpoint = endpoint_for(org, receiver.url, [EventType.INVOICE_PAID])
    services.deliveries_create(
        org.pk,
        [Subscriber(endpoint.pk, frozenset(endpoint.events))],
        [WebhookEvent(EventType.INVOICE_PAID, "invoice:1", {"invoice": {"number": "F1"}})],
    )
    sending.deliver(WebhookDelivery.objects.get().pk)
    assert receiver.inbox.received[0].headers["Innen-Event"] == "invoice.paid"


# Never left "being sent"


def test_an_error_during_an_attempt_is_that_attempts_failure(delivery, receiver, monkeypatch):
    def unreadable(*args, **kwargs):
        raise http.client.IncompleteRead(b"")  # not an OSError: it used to escape

    monkeypatch.setattr(sending, "post", unreadable)

    assert sending.deliver(delivery.pk).status == DeliveryStatus.RETRYING
    delivery.refresh_from_db()
    assert delivery.last_error.startswith("IncompleteRead")
    assert delivery.attempt_log.count() == 1


def test_the_sweep_queues_again_a_delivery_left_being_sent(delivery, receiver):
    assert sending._claim(delivery.pk, timezone.now())  # a worker took it and stopped
    assert sweep_webhook_deliveries_task.call() == {"queued_again": 0}  # its lease runs
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        started_at=timezone.now() - sending.LEASE - timedelta(seconds=1)
    )

    assert sweep_webhook_deliveries_task.call() == {"queued_again": 1}

    queued = DBTaskResult.objects.filter(task_path=deliver_webhook.module_path)
    assert [task.args_kwargs["args"] for task in queued] == [[delivery.pk]]
    assert sending.deliver(delivery.pk).status == DeliveryStatus.SUCCEEDED
    assert len(receiver.inbox.received) == 1


def test_the_sweep_queues_again_a_delivery_whose_task_was_lost(delivery):
    long_ago = timezone.now() - sending.FORGOTTEN - timedelta(minutes=1)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(created_at=long_ago)
    assert sending.left_or_forgotten(timezone.now()) == [delivery.pk]


def test_a_delivery_left_after_its_last_attempt_fails(delivery):
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENDING,
        attempts=sending.MAX_ATTEMPTS,
        started_at=timezone.now() - sending.LEASE - timedelta(seconds=1),
    )
    assert sending.left_or_forgotten(timezone.now()) == []
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert "stopped half-way" in delivery.last_error


def test_the_sweep_books_its_next_run(org):
    sweep_webhook_deliveries_task.call()
    booked = DBTaskResult.objects.get(task_path=sweep_webhook_deliveries_task.module_path)
    assert booked.run_after > timezone.now()
