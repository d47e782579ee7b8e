"""Sending one message, exactly once: e-mail through Django's mail backend, letters to print.

Each way a message goes is a `Delivery` with a unique Message-ID, claimed by a conditional
UPDATE (one worker wins) and recorded as "being sent", with the documents rendered and kept,
before anything is handed to the mail server. A retry that finds a delivery still "being
sent" after the lease knows an earlier worker stopped between handing it over and recording
the outcome: the mail may have gone, so it is never sent again by itself. It is marked
"perhaps sent" and put on the controller's list, who confirms it or sends it again.

Temporary failures (no connection, a 4xx answer) are tried again with back-off; permanent
ones (a 5xx answer: refused address, refused sender) fail the delivery at once. Letters wait
in PRINTING for the day's print batch (printing.py), which counts as sending them.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import get_connection
from django.db import DatabaseError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify

from innen.collection.models import ActionStatus, Message, MessageStatus
from innen.collection.pending import AT_SENDING, record_demanded
from innen.dossier.models import EventKind
from innen.dossier.record import NewEvent, append
from innen.law.claim_json import rates_record
from innen.letters.letter import Letter
from innen.letters.rendering import RenderedMessage, render_message
from innen.outbox.channels import has_postal_address, routes
from innen.outbox.compose import compose_letter, template_for
from innen.outbox.delivery import withdraw_stale
from innen.outbox.documents import document_ref, store_document
from innen.outbox.emails import FrozenEmail, build_email
from innen.outbox.models import (
    Delivery,
    DeliveryChannel,
    DeliveryStatus,
    Document,
)
from innen.rates.services import rates_mark_used

# After the 1st, 2nd, ... failed attempt, wait this long; after the last, give up.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
# A delivery "being sent" for longer than this was left by a worker that stopped.
LEASE = timedelta(minutes=10)
OPEN = (DeliveryStatus.PENDING, DeliveryStatus.RETRYING)
UNFINISHED = (
    DeliveryStatus.PENDING,
    DeliveryStatus.SENDING,
    DeliveryStatus.RETRYING,
    DeliveryStatus.PRINTING,
    DeliveryStatus.UNCERTAIN,
)


@dataclass(frozen=True)
class Attempt:
    """What one pass over one delivery did: its status afterwards, and when to try again."""

    status: str
    retry_at: datetime | None = None


def unique_id(message: Message, channel: str) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "innen.local"
    return f"<innen.{message.organisation_id}.{message.pk}.{channel}@{domain}>"


def deliveries_for(message: Message) -> list[Delivery]:
    """The message's deliveries, created on first sight (one per route)."""
    found = []
    for route in routes(list(message.channels), message.customer):
        delivery, _ = Delivery.objects.get_or_create(
            message=message,
            channel=route.channel,
            defaults={
                "organisation_id": message.organisation_id,
                "unique_id": unique_id(message, route.channel),
                "recipients": ", ".join(route.recipients),
                "status": DeliveryStatus.PENDING,
                "note": route.note,
            },
        )
        found.append(delivery)
    return found


def send_message(message_id: int, today: date) -> dict[str, str]:
    """Send message `message_id` by each of its routes; returns each delivery's status."""
    message = Message.objects.select_related("organisation", "customer", "step").get(pk=message_id)
    if message.status in (MessageStatus.READY, MessageStatus.SENDING):
        # Time may have passed since the check (a queue, a retry): the last check before it
        # leaves withdraws what the debtor acted on since.
        withdraw_stale([message], today, at=AT_SENDING)
        message.refresh_from_db(fields=["status"])
    if message.status not in (MessageStatus.READY, MessageStatus.SENDING):
        withdraw_deliveries(message)
        return {"message": message.status}
    Message.objects.filter(pk=message.pk, status=MessageStatus.READY).update(
        status=MessageStatus.SENDING
    )
    outcome: dict[str, str] = {}
    for delivery in deliveries_for(message):
        attempt = (
            send_email(message, delivery, today)
            if delivery.channel == DeliveryChannel.EMAIL
            else prepare_letter(message, delivery, today)
        )
        outcome[delivery.channel] = attempt.status
        if attempt.retry_at is not None:
            from innen.outbox.tasks import send_message_task

            send_message_task.using(run_after=attempt.retry_at).enqueue(message.pk)
    settle_message(message, today)
    return outcome


def claim_delivery(delivery_id: int) -> bool:
    """Take delivery `delivery_id` for sending, if it waits: one worker wins."""
    return bool(
        Delivery.objects.filter(pk=delivery_id, status__in=OPEN).update(
            status=DeliveryStatus.SENDING,
            attempts=F("attempts") + 1,
            started_at=timezone.now(),
        )
    )


def _not_claimed(delivery: Delivery, today: date) -> Attempt:
    """Someone else has this delivery: it is done, in progress, or was left half-way."""
    released = release_left(delivery, today)
    if released == DeliveryStatus.RETRYING:
        return Attempt(DeliveryStatus.RETRYING, timezone.now())
    if released is not None:
        return Attempt(released)
    delivery.refresh_from_db(fields=["status"])
    return Attempt(delivery.status)


LEFT_HANDED_OVER = (
    "the sender stopped after handing it over and before recording it; "
    "it may have been sent: check, then confirm or send again"
)
LEFT_BEFORE = "the sender stopped before anything went out; tried again"


def release_left(delivery: Delivery, today: date) -> str | None:
    """A delivery left "being sent" past its lease by a worker that stopped: settle it.

    An e-mail that was kept (built, about to be handed over) may have gone: "perhaps sent",
    for a person, never sent again by itself. Anything else did not leave the building: it
    is tried again, or fails after the last attempt. Returns the new status, or None when
    the delivery was not left (done, waiting, or its worker's lease still runs).
    """
    left = Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).filter(
        Q(started_at__isnull=True) | Q(started_at__lt=timezone.now() - LEASE)
    )
    handed = left.filter(channel=DeliveryChannel.EMAIL, email__isnull=False)
    if handed.update(status=DeliveryStatus.UNCERTAIN, last_error=LEFT_HANDED_OVER):
        return DeliveryStatus.UNCERTAIN
    with transaction.atomic():
        if left.filter(attempts__gte=MAX_ATTEMPTS).update(
            status=DeliveryStatus.FAILED, last_error=f"gave up: {LEFT_BEFORE}"
        ):
            delivery.refresh_from_db()
            assert delivery.message is not None  # a notice is settled by notices.release_left
            record_failed(delivery.message, delivery, today, delivery.last_error, [])
            return DeliveryStatus.FAILED
    if left.update(
        status=DeliveryStatus.RETRYING, next_attempt_at=timezone.now(), last_error=LEFT_BEFORE
    ):
        return DeliveryStatus.RETRYING
    return None


def _render(message: Message, delivery: Delivery, today: date) -> tuple[Letter, RenderedMessage]:
    # Both routes of one message say the same: the post presumption (the later) decides.
    channel = "letter" if "letter" in message.channels else delivery.channel
    letter = compose_letter(message, on=today, channel=channel)
    template = template_for(message.organisation, message.kind, letter.language)
    rendered = render_message(letter, template)
    _record_rates(delivery, letter, today)
    return letter, rendered


def _record_rates(delivery: Delivery, letter: Letter, today: date) -> None:
    """Keep which rate rows the letter's interest used; from now on they are read-only."""
    claim = letter.claim
    if claim is None or not claim.rates_used:
        return
    delivery.rates = rates_record(claim.rates_used, claim.rates_known_until)
    Delivery.objects.filter(pk=delivery.pk).update(rates=delivery.rates)
    rates_mark_used([row.row_id for row in claim.rates_used], today)


def _pdf_name(rendered: RenderedMessage, message: Message) -> str:
    return f"{slugify(rendered.subject)[:60] or message.kind}-{message.pk}.pdf"


def send_email(message: Message, delivery: Delivery, today: date) -> Attempt:
    """Claim, render, build and keep the e-mail, hand it over, record it.

    Whatever is raised on the way ends the attempt: before the hand-over as failed (or to
    be tried again, when the database was busy), after it as "perhaps sent". A delivery is
    never left "being sent" by an error; only a worker that stops leaves one, for the sweep.
    """
    if not claim_delivery(delivery.pk):
        return _not_claimed(delivery, today)
    try:
        letter, rendered = _render(message, delivery, today)
    except Exception as exc:  # a template or data problem: no retry will fix it
        return _not_made(message, delivery, today, "could not be rendered", exc)
    try:
        email, documents = _keep_email(message, delivery, rendered)
    except Exception as exc:  # a header that cannot be written (a line break in an address)
        return _not_made(message, delivery, today, "could not be built", exc)
    try:
        get_connection(fail_silently=False).send_messages([email])
    except Exception as exc:
        if is_permanent(exc):
            return _fail(message, delivery, today, describe_error(exc), documents)
        return _try_later(delivery, describe_error(exc))
    try:
        with transaction.atomic():
            _mark_sent(message, delivery, today, letter, documents)
    except Exception as exc:  # it went; recording it did not
        return _perhaps_sent(delivery, f"handed over, then not recorded: {describe_error(exc)}")
    return Attempt(DeliveryStatus.SENT)


def _keep_email(
    message: Message, delivery: Delivery, rendered: RenderedMessage
) -> tuple[FrozenEmail, list[Document]]:
    """Build the e-mail and keep it and its PDF, on the delivery, before it is handed over.

    From here on the delivery has an e-mail (`Delivery.email`): a worker that stops now may
    have handed it over, so a delivery left with one is "perhaps sent", never sent again by
    itself.
    """
    pdf_name = _pdf_name(rendered, message)
    email = build_email(message, delivery, rendered, pdf_name)
    data = email.as_bytes()
    pdf = store_document(message.organisation_id, pdf_name, "application/pdf", rendered.pdf)
    eml_name = pdf_name.removesuffix(".pdf") + ".eml"
    eml = store_document(message.organisation_id, eml_name, "message/rfc822", data)
    Delivery.objects.filter(pk=delivery.pk).update(subject=rendered.subject, pdf=pdf, email=eml)
    return email, [pdf, eml]


def prepare_letter(message: Message, delivery: Delivery, today: date) -> Attempt:
    """Render the letter and leave it for the day's print batch.

    Nothing leaves the building here, so whatever is raised fails the attempt (or has it
    tried again, when the database was busy).
    """
    if not claim_delivery(delivery.pk):
        return _not_claimed(delivery, today)
    if not has_postal_address(message.customer):
        return _fail(message, delivery, today, "no postal address", [])
    try:
        letter, rendered = _render(message, delivery, today)
        pdf = store_document(
            message.organisation_id, _pdf_name(rendered, message), "application/pdf", rendered.pdf
        )
        with transaction.atomic():
            Delivery.objects.filter(pk=delivery.pk).update(
                status=DeliveryStatus.PRINTING, subject=rendered.subject, pdf=pdf
            )
            _record_pay_before(message, letter)
            # What the letter demands; the print batch checks it is still what is owed.
            record_demanded(message.pk)
    except Exception as exc:
        return _not_made(message, delivery, today, "could not be rendered", exc)
    return Attempt(DeliveryStatus.PRINTING)


def _not_made(
    message: Message, delivery: Delivery, today: date, what: str, exc: Exception
) -> Attempt:
    """Nothing was handed over: a busy database is tried again, anything else fails it."""
    if isinstance(exc, DatabaseError):
        return _try_later(delivery, describe_error(exc))
    return _fail(message, delivery, today, f"{what}: {exc}", [])


def _perhaps_sent(delivery: Delivery, error: str) -> Attempt:
    Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.UNCERTAIN, last_error=error
    )
    return Attempt(DeliveryStatus.UNCERTAIN)


def is_permanent(exc: Exception) -> bool:
    """A 5xx answer is final (RFC 5321); no answer at all or a 4xx one may pass later."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return False


def describe_error(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address}: {code} {reply.decode(errors='replace')}"
            for address, (code, reply) in exc.recipients.items()
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        error = exc.smtp_error
        text = error.decode(errors="replace") if isinstance(error, bytes) else str(error)
        return f"{exc.smtp_code} {text}"
    return f"{type(exc).__name__}: {exc}"


def _try_later(delivery: Delivery, error: str) -> Attempt:
    delivery.refresh_from_db(fields=["attempts"])
    if delivery.attempts >= MAX_ATTEMPTS:
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED,
            last_error=f"gave up after {delivery.attempts} attempts: {error}",
        )
        return Attempt(DeliveryStatus.FAILED)
    retry_at = timezone.now() + BACKOFF[delivery.attempts - 1]
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.RETRYING, next_attempt_at=retry_at, last_error=error
    )
    return Attempt(DeliveryStatus.RETRYING, retry_at)


def _fail(
    message: Message, delivery: Delivery, today: date, error: str, documents: list[Any]
) -> Attempt:
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED, last_error=error
        )
        record_failed(message, delivery, today, error, documents)
    return Attempt(DeliveryStatus.FAILED)


def record_failed(
    message: Message, delivery: Delivery, today: date, error: str, documents: list[Any]
) -> None:
    append(
        message.organisation_id,
        [
            NewEvent(
                EventKind.MESSAGE_FAILED,
                today,
                customer_id=message.customer_id,
                payload={
                    **_message_facts(message, delivery),
                    "error": error,
                    "documents": [document_ref(d) for d in documents],
                },
            )
        ],
    )


def _mark_sent(
    message: Message, delivery: Delivery, today: date, letter: Letter, documents: list[Any]
) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), sent_on=today, last_error=""
    )
    _record_pay_before(message, letter)
    record_sent(message, delivery, today, documents)


def record_sent(message: Message, delivery: Delivery, today: date, documents: list[Any]) -> None:
    delivery.refresh_from_db()
    events = [
        NewEvent(
            EventKind.MESSAGE_SENT,
            today,
            customer_id=message.customer_id,
            payload={
                **_message_facts(message, delivery),
                "documents": [document_ref(d) for d in documents],
                **_rates_facts(delivery.rates),
            },
        )
    ]
    if message.kind == "handover":
        events.append(
            NewEvent(
                EventKind.HANDOVER,
                today,
                customer_id=message.customer_id,
                payload={"message": message.pk, "invoices": _invoice_numbers(message)},
            )
        )
    append(message.organisation_id, events)


def _rates_facts(rates: dict[str, Any]) -> dict[str, Any]:
    """The rate rows a sent letter used; the day after which its interest was provisional."""
    if not rates:
        return {}
    if rates.get("known_until"):
        return {"rates": rates, "interest_provisional_after": rates["known_until"]}
    return {"rates": rates}


def _record_pay_before(message: Message, letter: Letter) -> None:
    """The term the customer reads is the one that counts (a 14-day letter sent later)."""
    if letter.pay_before is not None and letter.pay_before != message.pay_before:
        Message.objects.filter(pk=message.pk).update(pay_before=letter.pay_before)
        message.actions.filter(status=ActionStatus.ACTIVE).update(pay_before=letter.pay_before)
        message.pay_before = letter.pay_before


def _invoice_numbers(message: Message) -> list[str]:
    return list(
        message.actions.exclude(status__in=[ActionStatus.CANCELLED, ActionStatus.POSTPONED])
        .order_by("invoice__number")
        .values_list("invoice__number", flat=True)
    )


def _message_facts(message: Message, delivery: Delivery) -> dict[str, Any]:
    return {
        "message": message.pk,
        "step": message.step.name,
        "step_kind": message.kind,
        "channel": delivery.channel,
        "to": delivery.recipients,
        "message_id": delivery.unique_id,
        "subject": delivery.subject,
        "pay_before": message.pay_before.isoformat() if message.pay_before else None,
        "invoices": _invoice_numbers(message),
        "note": delivery.note,
    }


WITHDRAWN_NOTE = "withdrawn before it went out: the debtor acted (see the dossier)"


def withdraw_deliveries(message: Message) -> int:
    """A message the last check withdrew: its deliveries not yet gone stay home too."""
    if message.status != MessageStatus.CANCELLED:
        return 0
    return Delivery.objects.filter(
        message=message, status__in=(*OPEN, DeliveryStatus.PRINTING)
    ).update(status=DeliveryStatus.WITHDRAWN, last_error=WITHDRAWN_NOTE)


def settle_message(message: Message, today: date) -> str:
    """The message's status from its deliveries': sent when all are through."""
    statuses = set(message.deliveries.values_list("status", flat=True))
    statuses.discard(DeliveryStatus.WITHDRAWN)  # withdrawn: the message says why
    if not statuses or statuses & set(UNFINISHED):
        return message.status
    if DeliveryStatus.SENT in statuses:
        status = MessageStatus.SENT
    else:
        status = MessageStatus.FAILED
        message.actions.filter(status=ActionStatus.ACTIVE).update(
            status=ActionStatus.FAILED, reason="not delivered"
        )
    Message.objects.filter(pk=message.pk).update(status=status)
    message.status = status
    return status
