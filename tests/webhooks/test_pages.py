"""The webhooks settings page: owners add, change, test and remove endpoints and read the log."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from innen.organisations.models import Role
from innen.webhooks import sending, services
from innen.webhooks.models import DeliveryStatus, Endpoint, EventType, WebhookDelivery
from tests import factories
from tests.personas import member
from tests.webhooks.conftest import endpoint_for

pytestmark = pytest.mark.django_db

URL = "https://erp.example.com/hooks"


def test_an_owner_adds_an_endpoint_and_sees_its_secret_once(owner_client, org):
    response = owner_client.post(
        reverse("webhooks"),
        {"url": URL, "description": "ERP", "events": ["invoice.paid", "suspension_notice"]},
    )

    assert response.status_code == 201
    endpoint = Endpoint.objects.get(organisation=org)
    assert (endpoint.url, endpoint.events) == (URL, ["invoice.paid", "suspension_notice"])
    assert endpoint.secret in response.content.decode()
    for page in (reverse("webhooks"), reverse("webhook-endpoint", args=[endpoint.pk])):
        assert endpoint.secret not in owner_client.get(page).content.decode()


@pytest.mark.parametrize(
    ("data", "field", "says"),
    [
        ({"url": "http://erp.example.com/hooks", "events": ["invoice.paid"]}, "url", "https"),
        ({"url": "https://192.168.1.5/hooks", "events": ["invoice.paid"]}, "url", "private"),
        ({"url": URL, "events": []}, "events", "Choose at least one event"),
        ({"url": URL, "events": ["test"]}, "events", "test"),
    ],
)
def test_a_bad_endpoint_is_refused_naming_the_field_and_nothing_is_saved(
    owner_client, settings, data, field, says
):
    settings.WEBHOOKS_ALLOW_LOCAL_HTTP = False
    response = owner_client.post(reverse("webhooks"), data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert says in " ".join(errors[field])
    assert not Endpoint.objects.exists()


@pytest.mark.parametrize("role", [Role.CONTROLLER, Role.VIEWER])
def test_only_owners_may_see_or_change_webhooks(client, org, role):
    endpoint = endpoint_for(org, URL)
    delivery = services.test_event_send(endpoint)
    client.force_login(member(org, "someone", role))
    gets = [
        reverse("webhooks"),
        reverse("webhook-endpoint", args=[endpoint.pk]),
        reverse("webhook-delivery", args=[delivery.pk]),
    ]
    posts = [
        reverse("webhooks"),
        reverse("webhook-endpoint-delete", args=[endpoint.pk]),
        reverse("webhook-endpoint-test", args=[endpoint.pk]),
        reverse("webhook-delivery-retry", args=[delivery.pk]),
    ]
    for url in gets:
        assert client.get(url).status_code == 403, url
    for url in posts:
        assert client.post(url, {"url": URL, "events": ["invoice.paid"]}).status_code == 403, url
    assert Endpoint.objects.count() == 1 and WebhookDelivery.objects.count() == 1


def test_another_organisations_endpoint_and_deliveries_are_not_found(owner_client):
    other = factories.organisation("Ander B.V.")
    endpoint = endpoint_for(other, URL)
    delivery = services.test_event_send(endpoint)
    gets = [
        reverse("webhook-endpoint", args=[endpoint.pk]),
        reverse("webhook-delivery", args=[delivery.pk]),
    ]
    posts = [
        reverse("webhook-endpoint", args=[endpoint.pk]),
        reverse("webhook-endpoint-delete", args=[endpoint.pk]),
        reverse("webhook-endpoint-test", args=[endpoint.pk]),
        reverse("webhook-delivery-retry", args=[delivery.pk]),
    ]
    for url in gets:
        assert owner_client.get(url).status_code == 404, url
    for url in posts:
        assert owner_client.post(url, {"events": ["invoice.paid"]}).status_code == 404, url
    page = owner_client.get(reverse("webhooks")).content.decode()
    assert URL not in page and delivery.event_id not in page
    assert Endpoint.objects.get().events == endpoint.events
    assert WebhookDelivery.objects.count() == 1


def test_an_owner_changes_the_events_and_switches_an_endpoint_off(owner_client, org):
    endpoint = endpoint_for(org, URL)
    response = owner_client.post(
        reverse("webhook-endpoint", args=[endpoint.pk]),
        {"events": ["dispute.opened"], "description": "alleen geschillen"},
    )
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.events, endpoint.active, endpoint.description) == (
        ["dispute.opened"],
        False,
        "alleen geschillen",
    )


def test_send_test_event_queues_a_test_delivery_for_a_worker(
    owner_client, org, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(org, URL)
    before = DBTaskResult.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("webhook-endpoint-test", args=[endpoint.pk]))

    assert response.status_code == 302
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert (delivery.event_type, delivery.status) == (EventType.TEST, DeliveryStatus.PENDING)
    assert DBTaskResult.objects.count() == before + 1
    task = DBTaskResult.objects.order_by("-enqueued_at").first()
    assert (task.task_path, task.args_kwargs["args"]) == (
        "innen.webhooks.tasks.deliver_webhook",
        [delivery.pk],
    )


def test_the_log_shows_each_delivery_with_its_status_and_attempts(owner_client, org, receiver):
    endpoint = endpoint_for(org, receiver.url)
    delivery = services.test_event_send(endpoint)
    receiver.inbox.answers = [500]
    sending.deliver(delivery.pk)

    page = owner_client.get(reverse("webhooks"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert delivery.event_id in page and "Waiting to try again" in page and "Retry now" in page

    detail = owner_client.get(reverse("webhook-delivery", args=[delivery.pk]))
    assert [a.status_code for a in detail.context["attempts"]] == [500]
    assert delivery.event_id in detail.context["body"]


def test_retry_now_on_the_page_makes_the_delivery_due_at_once(owner_client, org, receiver):
    endpoint = endpoint_for(org, receiver.url)
    delivery = services.test_event_send(endpoint)
    receiver.inbox.answers = [500]
    sending.deliver(delivery.pk)

    response = owner_client.post(reverse("webhook-delivery-retry", args=[delivery.pk]))

    assert response.status_code == 302
    assert sending.deliver(delivery.pk).status == DeliveryStatus.SUCCEEDED


def test_retrying_a_delivered_event_says_so_and_changes_nothing(owner_client, org, receiver):
    endpoint = endpoint_for(org, receiver.url)
    delivery = services.test_event_send(endpoint)
    sending.deliver(delivery.pk)

    response = owner_client.post(
        reverse("webhook-delivery-retry", args=[delivery.pk]),
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert "Only a failed or waiting delivery can be retried" in response.content.decode()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SUCCEEDED, 1)


def test_removing_an_endpoint_removes_its_log(owner_client, org):
    endpoint = endpoint_for(org, URL)
    services.test_event_send(endpoint)
    response = owner_client.post(reverse("webhook-endpoint-delete", args=[endpoint.pk]))
    assert response.status_code == 302
    assert not Endpoint.objects.exists() and not WebhookDelivery.objects.exists()


def test_the_log_shows_one_endpoint_at_a_time_fifty_to_a_page(owner_client, org):
    first = endpoint_for(org, URL)
    second = endpoint_for(org, "https://second.example.com/hooks")
    for _ in range(51):
        services.test_event_send(first)
    services.test_event_send(second)

    page = owner_client.get(reverse("webhooks"), {"endpoint": first.pk}, HTTP_ACCEPT_LANGUAGE="en")
    older = owner_client.get(reverse("webhooks"), {"endpoint": first.pk, "page": 2})

    assert {d.endpoint_id for d in page.context["page"]} == {first.pk}
    assert (len(page.context["page"]), len(older.context["page"])) == (50, 1)
    assert "page 1 of 2" in page.content.decode()
