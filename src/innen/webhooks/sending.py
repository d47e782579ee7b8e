"""Sending one webhook delivery: claimed by one worker, signed, posted, logged, retried.

A delivery is claimed by a conditional UPDATE (one worker wins, and only once its time has
come), posted with a fresh timestamp and signature, and every attempt is kept. An answer
in the 2xx range is success; anything else, or no answer within the timeout, is tried again
after a growing wait, and after the last wait the delivery fails and waits for a person
("retry now"). Redirects are not followed: the registered URL is the one that must answer.

Webhooks are sent at least once: a worker that stops between posting and recording leaves
the delivery "being sent"; after the lease the sweep (`left_or_forgotten`) queues it again,
it is claimed and posted again, and the receiver recognises the repeat by its event id.
Anything raised during an attempt (an answer the HTTP library cannot read, a busy
database) is recorded as that attempt's failure, never left "being sent".
"""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from innen.dossier.models import EventKind, WithdrawnAt
from innen.dossier.record import NewEvent, append
from innen.ledger.models import Invoice
from innen.webhooks import pinned, signing
from innen.webhooks.addresses import resolved
from innen.webhooks.models import DeliveryAttempt, DeliveryStatus, EventType, WebhookDelivery
from innen.webhooks.services import allow_local

# After the 1st, 2nd, ... failed attempt, wait this long; after the last, give up.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
    timedelta(hours=24),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
TIMEOUT = 10  # seconds to connect and to wait for the answer
# A delivery "being sent" for longer than this was left by a worker that stopped.
LEASE = timedelta(minutes=5)
# A delivery still waiting this long after its time lost its task.
FORGOTTEN = timedelta(minutes=30)
EXCERPT = 1000  # characters of the answer kept
OPEN = (DeliveryStatus.PENDING, DeliveryStatus.RETRYING)


@dataclass(frozen=True)
class Outcome:
    """What one pass over one delivery did: its status afterwards, and when to try again."""

    status: str
    retry_at: datetime | None = None


@dataclass(frozen=True)
class Answer:
    status_code: int | None
    error: str
    excerpt: str
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def deliver(delivery_id: int) -> Outcome:
    """Send delivery `delivery_id` if it is due and nobody else has it."""
    started = timezone.now()
    if not _claim(delivery_id, started):
        status = WebhookDelivery.objects.filter(pk=delivery_id).values_list("status", flat=True)
        return Outcome(status.first() or "gone")
    if withdraw_if_settled(delivery_id, timezone.localdate()):
        return Outcome(DeliveryStatus.WITHDRAWN)
    try:
        answer, final = _attempt(delivery_id, started)
    except Exception as exc:  # whatever it was, this attempt failed and the next may not
        answer, final = Answer(None, f"{type(exc).__name__}: {exc}", "", 0), False
    return _record(WebhookDelivery(pk=delivery_id), started, answer, final)


WITHDRAWN_NOTE = "withdrawn before it went out: every invoice it names was settled or paused since"

# Which of the invoices a hold (a promise, a plan, a dispute, a manual pause) or an exclusion
# covers on a day. Holds are collection's, which sits beside the webhooks: the layer above
# both hands the check in when the apps load (`innen.outbox.apps`).
HeldCheck = Callable[[Collection[int], date], set[int]]
_held: HeldCheck | None = None


def when_checking_holds(check: HeldCheck) -> None:
    global _held
    _held = check


def held_invoices(invoice_ids: Collection[int], today: date) -> set[int]:
    return _held(invoice_ids, today) if _held is not None and invoice_ids else set()


@transaction.atomic
def withdraw_if_settled(delivery_id: int, today: date) -> bool:
    """The last check before a webhook that tells a system to cut service (a suspension
    notice) leaves: when every invoice it names was paid, credited or written off since, or
    is held (the debtor promised, proposed a plan or disputes it), it is withdrawn, with a
    note in the customer's dossier. True when it was withdrawn."""
    delivery = WebhookDelivery.objects.get(pk=delivery_id)
    if delivery.event_type != EventType.SUSPENSION_NOTICE:
        return False
    data = delivery.payload.get("data", {})
    named = {i["id"]: i.get("number", "") for i in data.get("invoices", []) if "id" in i}
    if not named:
        return False
    still_open = set(Invoice.objects.filter(pk__in=named).open().values_list("pk", flat=True))
    held = held_invoices(still_open, today)
    if still_open - held:
        return False
    WebhookDelivery.objects.filter(pk=delivery_id, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.WITHDRAWN, last_error=WITHDRAWN_NOTE, updated_at=timezone.now()
    )
    customer = data.get("customer") or {}
    event = NewEvent(
        EventKind.MESSAGE_WITHDRAWN,
        today,
        customer_id=customer.get("id"),
        payload={
            "message": data.get("message"),
            "step_kind": data.get("step_kind"),
            "settled": sorted(n for pk, n in named.items() if pk not in still_open and n),
            "paused": sorted(n for pk, n in named.items() if pk in held and n),
            "withdrawn_at": WithdrawnAt.WEBHOOK,
            "endpoint": delivery.endpoint.url,
        },
    )
    append(delivery.organisation_id, [event])
    return True


def _attempt(delivery_id: int, started: datetime) -> tuple[Answer, bool]:
    """Post the delivery, unless its endpoint is off or its address became one not to post to
    (then the answer is final)."""
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    if not endpoint.active:
        return Answer(None, "the endpoint is switched off", "", 0), True
    destination = resolved(endpoint.url, _resolve, allow_local=allow_local())
    if destination.problem is not None:
        return Answer(None, destination.problem, "", 0), True
    return post(delivery, started, destination.addresses), False


def _claim(delivery_id: int, now: datetime) -> bool:
    due = Q(status__in=OPEN) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    left = Q(status=DeliveryStatus.SENDING, started_at__lt=now - LEASE)
    claimed = WebhookDelivery.objects.filter(due | left, pk=delivery_id).update(
        status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, started_at=now
    )
    return claimed == 1


def _resolve(host: str, port: int) -> list[str]:
    return [str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a 3xx answer is then an HTTPError, recorded like any other


def post(delivery: WebhookDelivery, now: datetime, addresses: Sequence[str]) -> Answer:
    """POST the delivery's body, signed at `now`, to the checked `addresses`; say what came back."""
    body = signing.body_bytes(delivery.payload)
    request = urllib.request.Request(
        delivery.endpoint.url,
        data=body,
        method="POST",
        headers=signing.headers(
            delivery.endpoint.secret,
            event_type=delivery.event_type,
            delivery_id=str(delivery.pk),
            timestamp=int(now.timestamp()),
            body=body,
        ),
    )
    opener = pinned.opener(addresses, _NoRedirects())
    clock = time.monotonic()
    try:
        with opener.open(request, timeout=TIMEOUT) as response:
            code, text, error = response.status, _excerpt(response), ""
    except urllib.error.HTTPError as exc:
        code, text, error = exc.code, _excerpt(exc), f"HTTP {exc.code} {exc.reason}"
    except (OSError, ValueError) as exc:  # refused, timed out, TLS, bad URL
        reason = getattr(exc, "reason", exc)
        code, text, error = None, "", f"{type(reason).__name__}: {reason}"
    elapsed = int((time.monotonic() - clock) * 1000)
    return Answer(code, error, text, elapsed)


def _excerpt(response: Any) -> str:
    try:
        return bytes(response.read(EXCERPT)).decode("utf-8", errors="replace")
    except OSError:
        return ""


@transaction.atomic
def _record(
    delivery: WebhookDelivery, started: datetime, answer: Answer, final: bool = False
) -> Outcome:
    delivery.refresh_from_db(fields=["attempts", "organisation"])
    DeliveryAttempt.objects.create(
        organisation_id=delivery.organisation_id,
        delivery=delivery,
        number=delivery.attempts,
        started_at=started,
        duration_ms=answer.duration_ms,
        status_code=answer.status_code,
        error=answer.error[:2000],
        response_excerpt=answer.excerpt,
    )
    fields: dict[str, Any] = {
        "last_status_code": answer.status_code,
        "last_error": answer.error[:2000],
        "response_excerpt": answer.excerpt,
        "updated_at": timezone.now(),
    }
    outcome = _next(delivery.attempts, answer, final)
    fields.update(status=outcome.status, next_attempt_at=outcome.retry_at)
    if answer.ok:
        fields["delivered_at"] = timezone.now()
    elif outcome.status == DeliveryStatus.FAILED and not final:
        fields["last_error"] = f"gave up after {delivery.attempts} attempts: {answer.error}"
    WebhookDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(**fields)
    return outcome


def left_or_forgotten(now: datetime) -> list[int]:
    """The deliveries to queue again: left "being sent" past the lease by a worker that
    stopped, or waiting long past their time, their task lost. One left after its last
    attempt fails instead."""
    left = Q(status=DeliveryStatus.SENDING, started_at__lt=now - LEASE)
    WebhookDelivery.objects.filter(left, attempts__gte=MAX_ATTEMPTS).update(
        status=DeliveryStatus.FAILED,
        last_error=f"gave up after {MAX_ATTEMPTS} attempts: the sender stopped half-way",
        updated_at=now,
    )
    waiting = Q(status__in=OPEN) & (
        Q(next_attempt_at__lt=now - FORGOTTEN)
        | Q(next_attempt_at__isnull=True, created_at__lt=now - FORGOTTEN)
    )
    found = WebhookDelivery.objects.filter(left | waiting).order_by("pk")
    return list(found.values_list("pk", flat=True))


def _next(attempts: int, answer: Answer, final: bool) -> Outcome:
    if answer.ok:
        return Outcome(DeliveryStatus.SUCCEEDED)
    if final or attempts >= MAX_ATTEMPTS:
        return Outcome(DeliveryStatus.FAILED)
    return Outcome(DeliveryStatus.RETRYING, timezone.now() + BACKOFF[attempts - 1])
