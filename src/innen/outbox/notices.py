"""Notices: e-mails to a customer outside the ladder (an arrangement's confirmation, say).

A notice is an ordinary `Delivery` without a message: its writer renders it, and the e-mail
is kept as an .eml (with its PDF) before the delivery is queued, for when the writer's
transaction commits. `send_notice` hands exactly those bytes to the mail server, with the
claim, lease, back-off and "perhaps sent" of `sending`. A permanent failure, or the last
attempt, fails it and posts the letter instead (a `PostedLetter` for the print batch),
unless it was posted already. A notice found "being sent" after the lease was left by a
worker that stopped after handing it over, perhaps: it is "perhaps sent", never sent again
by itself; the controller checks the mail server's log for its Message-ID.

What becomes of a notice is a note in the customer's dossier, with the documents' SHA-256.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from innen.dossier.models import EventKind
from innen.dossier.record import SYSTEM, NewEvent, actor_name, append
from innen.outbox.documents import document_ref, read_document
from innen.outbox.emails import FrozenEmail, KeptEmail
from innen.outbox.models import (
    Delivery,
    DeliveryChannel,
    DeliveryStatus,
    Document,
    PostedLetter,
)
from innen.outbox.sending import (
    BACKOFF,
    LEASE,
    MAX_ATTEMPTS,
    Attempt,
    claim_delivery,
    describe_error,
    is_permanent,
)
from innen.translatable import N_, say

LEFT_HANDED_OVER = (
    "the sender stopped after handing it over and before recording it; it may have been "
    "sent: check the mail server's log for its Message-ID"
)


# Why a notice about `reference` should no longer go out on a day ("": it still applies).
NoticeCheck = Callable[[str, date], str]
_check: NoticeCheck | None = None


def when_checking_notices(check: NoticeCheck) -> None:
    """Let `check(reference, today)` say when a notice no longer applies (an instalment
    reminder for a plan since paid): the layer that writes notices hands it in."""
    global _check
    _check = check


def no_longer_applies(reference: str, today: date) -> str:
    """The last check before a notice leaves: why it should not ("": it still applies)."""
    if _check is None or not reference:
        return ""
    return _check(reference, today)


def withdraw_posted(letter: PostedLetter, today: date, why: str, at: str) -> None:
    """Keep a posted letter home, with the dossier's note."""
    if not PostedLetter.objects.filter(pk=letter.pk, print_batch__isnull=True).update(
        withdrawn_on=today
    ):
        return
    _withdrawn_note(
        letter.organisation_id, letter.customer_id, letter.reference, letter.subject, today, why, at
    )


def _withdraw_notice(notice: Delivery, today: date, why: str) -> Attempt:
    """The notice's e-mail stays home (and its letter, when it waits for the print batch)."""
    with transaction.atomic():
        Delivery.objects.filter(pk=notice.pk, status=DeliveryStatus.SENDING).update(
            status=DeliveryStatus.WITHDRAWN, last_error=f"withdrawn before it went out: {why}"
        )
        if notice.posted_letter_id is not None:
            PostedLetter.objects.filter(
                pk=notice.posted_letter_id, print_batch__isnull=True
            ).update(withdrawn_on=today)
        _withdrawn_note(
            notice.organisation_id,
            notice.customer_id,
            notice.reference,
            notice.subject,
            today,
            why,
            "sending",
        )
    return Attempt(DeliveryStatus.WITHDRAWN)


def _withdrawn_note(
    organisation_id: int,
    customer_id: int | None,
    reference: str,
    subject: str,
    today: date,
    why: str,
    at: str,
) -> None:
    payload = {"reference": reference, "subject": subject, "why": why, "withdrawn_at": at}
    event = NewEvent(EventKind.MESSAGE_WITHDRAWN, today, customer_id=customer_id, payload=payload)
    append(organisation_id, [event])


def queue_notice(
    customer: Any,
    reference: str,
    email: FrozenEmail,
    documents: tuple[Document, Document],
    posted: PostedLetter | None,
) -> Delivery:
    """Keep the notice's e-mail (`documents`: PDF, .eml) as waiting; a worker sends it once
    the transaction commits."""
    pdf, eml = documents
    delivery = Delivery.objects.create(
        organisation_id=customer.organisation_id,
        customer=customer,
        channel=DeliveryChannel.EMAIL,
        reference=reference[:100],
        subject=email.subject[:300],
        recipients=", ".join(email.to),
        unique_id=email.extra_headers["Message-ID"],
        email=eml,
        pdf=pdf,
        posted_letter=posted,
        status=DeliveryStatus.PENDING,
    )
    _enqueue_on_commit(delivery.pk)
    return delivery


def send_notice(delivery_id: int, today: date) -> Attempt:
    """Send notice `delivery_id` as kept, if it is waiting and nobody else has it."""
    if not claim_delivery(delivery_id):
        return _not_claimed(delivery_id, today)
    notice = Delivery.objects.select_related("email", "pdf").get(pk=delivery_id)
    why = no_longer_applies(notice.reference, today)
    if why:
        return _withdraw_notice(notice, today, why)
    try:
        assert notice.email is not None  # kept before it was queued
        get_connection(fail_silently=False).send_messages([KeptEmail(read_document(notice.email))])
    except Exception as exc:  # every failure is recorded on the notice; none is lost
        if is_permanent(exc):
            return _fail(notice, today, describe_error(exc))
        return _try_later(notice, today, describe_error(exc))
    try:
        with transaction.atomic():
            Delivery.objects.filter(pk=notice.pk).update(
                status=DeliveryStatus.SENT, sent_at=timezone.now(), sent_on=today, last_error=""
            )
            _record(
                notice,
                today,
                "notice_emailed",
                say(N_("E-mailed: %(subject)s"), subject=notice.subject),
            )
    except Exception:  # it went; recording it did not: for a person, never sent again
        return release_left(notice, today, lease=False)
    return Attempt(DeliveryStatus.SENT)


def _not_claimed(delivery_id: int, today: date) -> Attempt:
    """Someone else has it: it is done, being sent now, or was left half-way (perhaps sent)."""
    notice = Delivery.objects.filter(pk=delivery_id).first()
    if notice is None:  # deleted with its customer: nothing to send
        return Attempt("gone")
    if notice.status == DeliveryStatus.SENDING:
        left = release_left(notice, today)
        if left.status == DeliveryStatus.UNCERTAIN:
            return left
    return Attempt(notice.status)


def release_left(notice: Delivery, today: date, *, lease: bool = True) -> Attempt:
    """A notice left "being sent" (past its lease, unless `lease` is off): "perhaps sent".

    Its e-mail was kept before it was queued, so it may have gone: never sent again by
    itself; the customer may already have it."""
    left = Delivery.objects.filter(pk=notice.pk, status=DeliveryStatus.SENDING)
    if lease:
        left = left.filter(Q(started_at__isnull=True) | Q(started_at__lt=timezone.now() - LEASE))
    with transaction.atomic():
        if not left.update(status=DeliveryStatus.UNCERTAIN, last_error=LEFT_HANDED_OVER):
            return Attempt(DeliveryStatus.SENDING)
        notice.last_error = LEFT_HANDED_OVER
        perhaps = say(N_("Perhaps e-mailed: %(subject)s"), subject=notice.subject)
        _record(notice, today, "notice_uncertain", perhaps)
    return Attempt(DeliveryStatus.UNCERTAIN)


def _try_later(notice: Delivery, today: date, error: str) -> Attempt:
    notice.refresh_from_db(fields=["attempts"])
    if notice.attempts >= MAX_ATTEMPTS:
        return _fail(notice, today, f"gave up after {notice.attempts} attempts: {error}")
    retry_at = timezone.now() + BACKOFF[notice.attempts - 1]
    Delivery.objects.filter(pk=notice.pk).update(
        status=DeliveryStatus.RETRYING, next_attempt_at=retry_at, last_error=error
    )
    from innen.outbox.tasks import send_notice_task

    send_notice_task.using(run_after=retry_at).enqueue(notice.pk)
    return Attempt(DeliveryStatus.RETRYING, retry_at)


def _fail(notice: Delivery, today: date, error: str) -> Attempt:
    """The e-mail will not arrive: the letter is posted instead, unless it was already."""
    with transaction.atomic():
        Delivery.objects.filter(pk=notice.pk).update(status=DeliveryStatus.FAILED, last_error=error)
        notice.last_error = error
        posted = _post_instead(notice)
        text = f"Not e-mailed: {notice.subject}" + (", posted instead" if posted else "")
        _record(notice, today, "notice_not_emailed", text, posted=posted)
    return Attempt(DeliveryStatus.FAILED)


def _post_instead(notice: Delivery) -> bool:
    """Put the letter in the print batch, once: a notice posted already is not posted again."""
    locked = Delivery.objects.select_for_update().get(pk=notice.pk)
    if locked.posted_letter_id is not None:
        return False
    assert notice.pdf_id is not None and notice.customer_id is not None  # a notice has both
    locked.posted_letter = PostedLetter.objects.create(
        organisation_id=notice.organisation_id,
        customer_id=notice.customer_id,
        subject=notice.subject,
        pdf_id=notice.pdf_id,
        reference=notice.reference,
    )
    locked.save(update_fields=["posted_letter"])
    return True


def _record(notice: Delivery, today: date, action: str, text: str, posted: bool = False) -> None:
    error = notice.last_error if action != "notice_emailed" else ""
    record_notice_event(notice, today, action, text, error=error, posted=posted)


def record_notice_event(
    notice: Delivery,
    today: date,
    action: str,
    text: str,
    *,
    error: str = "",
    posted: bool = False,
    actor: str = SYSTEM,
) -> None:
    """A note in the customer's dossier of what became of a notice."""
    payload: dict[str, Any] = {
        "action": action,
        "reference": notice.reference,
        "subject": notice.subject,
        "to": notice.recipients,
        "message_id": notice.unique_id,
        "attempts": Delivery.objects.values_list("attempts", flat=True).get(pk=notice.pk),
        "documents": [document_ref(d) for d in (notice.pdf, notice.email) if d is not None],
        "text": text,
    }
    if error:
        payload["error"] = error
    if posted:
        payload["posted"] = "in the print batch"
    event = NewEvent(
        EventKind.NOTE, today, customer_id=notice.customer_id, payload=payload, actor=actor
    )
    append(notice.organisation_id, [event])


# --- a controller's calls ------------------------------------------------------------------


@transaction.atomic
def notice_send_again(notice: Delivery, *, user: Any = None) -> None:
    """Send a failed or perhaps-sent notice once more, as kept (a controller's call).

    For a "perhaps sent" one the controller has checked the mail server's log: it did not go.
    The dossier says who asked for it (`user`; innen itself when there is none).
    """
    retried = Delivery.objects.filter(
        pk=notice.pk,
        message__isnull=True,
        status__in=(DeliveryStatus.FAILED, DeliveryStatus.UNCERTAIN),
    ).update(status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=None)
    if not retried:
        raise ValidationError({"status": "only a failed or perhaps sent notice is sent again"})
    text = f"E-mail queued again: {notice.subject}"
    _note(notice, "notice_queued_again", text, user, error=notice.last_error)
    _enqueue_on_commit(notice.pk)


@transaction.atomic
def notice_confirm_sent(notice: Delivery, *, user: Any) -> None:
    """A "perhaps sent" notice the controller found in the sent mail: record it as sent.

    It is not sent again; the dossier says it was e-mailed, and who found it.
    """
    confirmed = Delivery.objects.filter(
        pk=notice.pk, message__isnull=True, status=DeliveryStatus.UNCERTAIN
    ).update(status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error="")
    if not confirmed:
        raise ValidationError({"status": "only a perhaps sent notice can be recorded as sent"})
    text = f"E-mailed: {notice.subject} (found in the sent mail)"
    _note(notice, "notice_emailed", text, user)


def _note(notice: Delivery, action: str, text: str, user: Any, error: str = "") -> None:
    """A note in the customer's dossier, as the sending task writes them, by `user`."""
    record_notice_event(
        notice, timezone.localdate(), action, text, error=error, actor=actor_name(user)
    )


def _enqueue_on_commit(delivery_id: int) -> None:
    from innen.outbox.tasks import send_notice_task

    transaction.on_commit(partial(send_notice_task.enqueue, delivery_id))
