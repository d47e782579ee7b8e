"""Every write of the webhooks: endpoints made, changed and removed; deliveries made and retried.

A delivery is written in the transaction that made its event and handed to a worker only
when that transaction commits: an event rolled back is never announced.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innen.organisations.models import Organisation
from innen.webhooks import addresses, subscriptions
from innen.webhooks.events import WebhookEvent, body, event_id
from innen.webhooks.models import (
    SUBSCRIBABLE,
    DeliveryStatus,
    Endpoint,
    EventType,
    WebhookDelivery,
)
from innen.webhooks.signing import new_secret
from innen.webhooks.subscriptions import Subscriber

RETRYABLE = (DeliveryStatus.FAILED, DeliveryStatus.RETRYING, DeliveryStatus.PENDING)


def allow_local() -> bool:
    """Whether webhooks may go to this machine over http (development and tests only)."""
    return bool(getattr(settings, "WEBHOOKS_ALLOW_LOCAL_HTTP", settings.DEBUG))


def _url_problem_text(problem: str) -> str:
    texts = {
        addresses.INVALID: _("This is not a valid URL."),
        addresses.NO_HOST: _("The URL has no host."),
        addresses.CREDENTIALS: _("The URL may not hold a user name or password."),
        addresses.NOT_HTTPS: _(
            "Use https (plain http is allowed only to this machine, in development)."
        ),
        addresses.THIS_SERVER: _("A webhook cannot go to this server itself."),
        addresses.BAD_PORT: _("This is not a valid port."),
        addresses.INSIDE: _("A webhook cannot go to a private, local or reserved address."),
    }
    return texts.get(problem, problem)


def _check(url: str, events: Sequence[str]) -> None:
    problems: dict[str, str] = {}
    problem = addresses.url_problem(url, allow_local=allow_local())
    if problem is not None:
        problems["url"] = _url_problem_text(problem)
    known = {value for value, _label in SUBSCRIBABLE}
    unknown = sorted(set(events) - known)
    if unknown:
        problems["events"] = _("Unknown event type: %(types)s.") % {"types": ", ".join(unknown)}
    elif not events:
        problems["events"] = _("Choose at least one event.")
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def endpoint_create(
    *,
    organisation: Organisation,
    url: str,
    events: Sequence[str],
    description: str = "",
    user: Any = None,
) -> Endpoint:
    """Register `url` for `events`; its secret is on the returned endpoint (show it once)."""
    _check(url, events)
    endpoint = Endpoint.objects.create(
        organisation=organisation,
        url=url,
        description=description,
        events=sorted(set(events)),
        secret=new_secret(),
        created_by=user if user is not None and user.is_authenticated else None,
    )
    subscriptions.forget()
    return endpoint


@transaction.atomic
def endpoint_update(
    endpoint: Endpoint, *, events: Sequence[str], active: bool, description: str
) -> Endpoint:
    _check(endpoint.url, events)
    endpoint.events = sorted(set(events))
    endpoint.active = active
    endpoint.description = description
    endpoint.save(update_fields=["events", "active", "description"])
    subscriptions.forget()
    return endpoint


@transaction.atomic
def endpoint_delete(endpoint: Endpoint) -> None:
    """Remove `endpoint` with its delivery log."""
    endpoint.delete()
    subscriptions.forget()


def deliveries_create(
    organisation_id: int, subscribers: Sequence[Subscriber], found: Sequence[WebhookEvent]
) -> list[int]:
    """Write a delivery of each event to each endpoint that wants it; queue them on commit.

    An event already delivered to an endpoint (the same key: a suspension notice sent by
    e-mail, then by letter) is not written again.
    """
    organisation = Organisation.objects.values("id", "name").get(pk=organisation_id)
    now = timezone.now()
    rows = [
        WebhookDelivery(
            organisation_id=organisation_id,
            endpoint_id=subscriber.endpoint_id,
            event_id=event_id(organisation_id, event.type, event.key),
            event_type=event.type,
            payload=body(organisation, event, now),
        )
        for event in found
        for subscriber in subscribers
        if event.type in subscriber.events
    ]
    if not rows:
        return []
    # Conflicts are skipped, never raised: a second writer of the same event waits for the
    # first and then leaves it be, and the transaction that records the fact goes on.
    WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    ids = list(
        WebhookDelivery.objects.filter(
            endpoint_id__in={row.endpoint_id for row in rows},
            event_id__in={row.event_id for row in rows},
            status=DeliveryStatus.PENDING,
            attempts=0,
        ).values_list("pk", flat=True)
    )
    transaction.on_commit(partial(_enqueue, ids))
    return ids


def _enqueue(delivery_ids: Sequence[int]) -> None:
    from innen.webhooks.tasks import deliver_webhook

    for delivery_id in delivery_ids:
        deliver_webhook.enqueue(delivery_id)


@transaction.atomic
def test_event_send(endpoint: Endpoint) -> WebhookDelivery:
    """A `test` event to `endpoint`, to check that it answers and checks the signature."""
    organisation = Organisation.objects.values("id", "name").get(pk=endpoint.organisation_id)
    event = WebhookEvent(
        EventType.TEST,
        f"test:{uuid.uuid4().hex}",
        {"message": "A test event from innen: your endpoint is reachable."},
    )
    delivery = WebhookDelivery.objects.create(
        organisation_id=endpoint.organisation_id,
        endpoint=endpoint,
        event_id=event_id(endpoint.organisation_id, event.type, event.key),
        event_type=event.type,
        payload=body(organisation, event, timezone.now()),
    )
    transaction.on_commit(partial(_enqueue, [delivery.pk]))
    return delivery


@transaction.atomic
def delivery_retry_now(delivery: WebhookDelivery) -> WebhookDelivery:
    """Try `delivery` again now: the same event id, so the receiver can tell it is a repeat.

    A failed delivery gets one more attempt; one still being retried skips its wait.
    """
    if delivery.status not in RETRYABLE:
        raise ValidationError({"status": _("Only a failed or waiting delivery can be retried.")})
    now = timezone.now()
    status = (
        DeliveryStatus.PENDING
        if delivery.status == DeliveryStatus.PENDING
        else DeliveryStatus.RETRYING
    )
    WebhookDelivery.objects.filter(pk=delivery.pk, status=delivery.status).update(
        status=status, next_attempt_at=now
    )
    delivery.refresh_from_db()
    transaction.on_commit(partial(_enqueue, [delivery.pk]))
    return delivery
