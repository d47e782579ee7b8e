"""Sending an arrangement notice's e-mail exactly once, after the commit that queued it.

`notices.send_notice` keeps the e-mail as an .eml and a `NoticeEmail` "waiting to be sent",
and queues `send_notice_email_task` for when its transaction commits. The task works like
the outbox's (`innen.outbox.sending`): the notice is claimed by a conditional UPDATE (one
worker wins) and recorded as "being sent" before the kept bytes go to the mail server,
unchanged. A temporary failure (no connection, a 4xx answer) is tried again after the
outbox's back-off; a permanent one (a 5xx answer), or the last attempt, fails it and the
letter is posted instead. A notice found "being sent" after the lease was left by a worker
that stopped after handing it over, perhaps: it becomes "perhaps sent" and is never sent
again by itself; the controller checks the mail server's log for its Message-ID.
"""

from __future__ import annotations

from datetime import date, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage as ParsedEmail
from email.message import Message as MimeMessage
from email.utils import getaddresses
from typing import Any

from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from innen import periodic
from innen.arrangements.models import NoticeEmail
from innen.dossier.models import EventKind
from innen.dossier.record import SYSTEM, NewEvent, append
from innen.outbox.documents import document_ref, read_document
from innen.outbox.models import DeliveryStatus, PostedLetter

# The outbox's rules, so a notice is tried as often and as patiently as a ladder's message.
from innen.outbox.sending import (
    BACKOFF,
    LEASE,
    MAX_ATTEMPTS,
    OPEN,
    Attempt,
    describe_error,
    is_permanent,
)

# A notice still waiting this long after it was due lost its task (a worker stopped
# between the commit and queueing it): the sweep queues it again.
FORGOTTEN = timedelta(minutes=30)
SWEEP_EVERY = timedelta(minutes=5)


@task()
def send_notice_email_task(notice_email_id: int) -> dict[str, str]:
    return {"status": send_notice_email(notice_email_id, timezone.localdate()).status}


@task()
def sweep_notice_emails_task() -> dict[str, int]:
    schedule_notice_sweep()
    return sweep_notice_emails(timezone.localdate())


def schedule_notice_sweep() -> None:
    """Book the next sweep, in a few minutes, unless one waits (`innen.periodic`)."""
    periodic.book(sweep_notice_emails_task, timezone.now() + SWEEP_EVERY)


class KeptEmail(EmailMultiAlternatives):
    """An e-mail sent as kept: its MIME form is the stored .eml, byte for byte.

    The fields (to, subject, body, attachments) are read back from those bytes for the mail
    backend's envelope and for whoever looks at it (the test outbox); they are not used to
    build it again.
    """

    def __init__(self, kept: bytes) -> None:
        parsed = message_from_bytes(kept, policy=policy.default)
        assert isinstance(parsed, ParsedEmail)
        plain = parsed.get_body(("plain",))
        super().__init__(
            subject=str(parsed["Subject"] or ""),
            body=plain.get_content() if plain is not None else "",
            from_email=str(parsed["From"]),
            to=_addresses(parsed, "To"),
            reply_to=_addresses(parsed, "Reply-To") or None,
        )
        html = parsed.get_body(("html",))
        if html is not None:
            self.attach_alternative(html.get_content(), "text/html")
        for part in parsed.iter_attachments():
            self.attach(part.get_filename(), part.get_content(), part.get_content_type())
        self._kept = kept

    def message(self, *args: Any, **kwargs: Any) -> Any:
        mime = message_from_bytes(self._kept, _class=_KeptMime)
        mime.kept = self._kept
        return mime


class _KeptMime(MimeMessage):
    """A parsed e-mail that writes itself out as the bytes it was parsed from."""

    kept: bytes | None = None

    def as_bytes(self, unixfrom: bool = False, policy: Any = None, linesep: str = "\r\n") -> bytes:
        if self.kept is None:  # a part: only the whole message is sent
            return super().as_bytes(unixfrom, policy)
        return self.kept if linesep == "\r\n" else self.kept.replace(b"\r\n", linesep.encode())


def _addresses(parsed: ParsedEmail, header: str) -> list[str]:
    return [address for _, address in getaddresses(parsed.get_all(header, [])) if address]


def send_notice_email(notice_email_id: int, today: date) -> Attempt:
    """Send notice e-mail `notice_email_id` if it is waiting and nobody else has it."""
    if not _claim(notice_email_id):
        return _not_claimed(notice_email_id, today)
    notice = NoticeEmail.objects.select_related("email", "pdf").get(pk=notice_email_id)
    try:
        kept = read_document(notice.email)
        get_connection(fail_silently=False).send_messages([KeptEmail(kept)])
    except Exception as exc:  # every failure is recorded on the notice; none is lost
        if is_permanent(exc):
            return _fail(notice, today, describe_error(exc))
        return _try_later(notice, today, describe_error(exc))
    try:
        with transaction.atomic():
            NoticeEmail.objects.filter(pk=notice.pk).update(
                status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error=""
            )
            _record(notice, today, "notice_emailed", f"E-mailed: {notice.subject}")
    except Exception:  # it went; recording it did not: for a person, never sent again
        return _uncertain(notice, today)
    return Attempt(DeliveryStatus.SENT)


def _claim(notice_email_id: int) -> bool:
    return bool(
        NoticeEmail.objects.filter(pk=notice_email_id, status__in=OPEN).update(
            status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, started_at=timezone.now()
        )
    )


def _not_claimed(notice_email_id: int, today: date) -> Attempt:
    """Someone else has it: it is done, being sent now, or was left half-way (perhaps sent)."""
    notice = NoticeEmail.objects.filter(pk=notice_email_id).first()
    if notice is None:  # deleted with its customer: nothing to send
        return Attempt("gone")
    if notice.status == DeliveryStatus.SENDING and _left(notice):
        return _uncertain(notice, today)
    return Attempt(notice.status)


def _left(notice: NoticeEmail) -> bool:
    return notice.started_at is None or notice.started_at < timezone.now() - LEASE


def _uncertain(notice: NoticeEmail, today: date) -> Attempt:
    """Never sent again by itself: the customer may already have it."""
    error = (
        "the sender stopped after handing it over and before recording it; it may have been "
        "sent: check the mail server's log for its Message-ID"
    )
    with transaction.atomic():
        marked = NoticeEmail.objects.filter(pk=notice.pk, status=DeliveryStatus.SENDING).update(
            status=DeliveryStatus.UNCERTAIN, last_error=error
        )
        if marked:
            notice.last_error = error
            _record(notice, today, "notice_uncertain", f"Perhaps e-mailed: {notice.subject}")
    return Attempt(DeliveryStatus.UNCERTAIN)


def _try_later(notice: NoticeEmail, today: date, error: str) -> Attempt:
    notice.refresh_from_db(fields=["attempts"])
    if notice.attempts >= MAX_ATTEMPTS:
        return _fail(notice, today, f"gave up after {notice.attempts} attempts: {error}")
    retry_at = timezone.now() + BACKOFF[notice.attempts - 1]
    NoticeEmail.objects.filter(pk=notice.pk).update(
        status=DeliveryStatus.RETRYING, next_attempt_at=retry_at, last_error=error
    )
    send_notice_email_task.using(run_after=retry_at).enqueue(notice.pk)
    return Attempt(DeliveryStatus.RETRYING, retry_at)


def _fail(notice: NoticeEmail, today: date, error: str) -> Attempt:
    """The e-mail will not arrive: the letter is posted instead, unless it was already."""
    with transaction.atomic():
        NoticeEmail.objects.filter(pk=notice.pk).update(
            status=DeliveryStatus.FAILED, last_error=error
        )
        notice.last_error = error
        posted = _post_instead(notice)
        text = f"Not e-mailed: {notice.subject}" + (", posted instead" if posted else "")
        _record(notice, today, "notice_not_emailed", text, posted=posted)
    return Attempt(DeliveryStatus.FAILED)


def _post_instead(notice: NoticeEmail) -> bool:
    """Put the letter in the print batch, once: a notice posted already is not posted again."""
    locked = NoticeEmail.objects.select_for_update().get(pk=notice.pk)
    if locked.letter_id is not None:
        return False
    locked.letter = PostedLetter.objects.create(
        organisation_id=notice.organisation_id,
        customer_id=notice.customer_id,
        subject=notice.subject,
        pdf_id=notice.pdf_id,
    )
    locked.save(update_fields=["letter"])
    return True


def _record(notice: NoticeEmail, today: date, action: str, text: str, posted: bool = False) -> None:
    error = notice.last_error if action != "notice_emailed" else ""
    record_notice_event(notice, today, action, text, error=error, posted=posted)


def record_notice_event(
    notice: NoticeEmail,
    today: date,
    action: str,
    text: str,
    *,
    error: str = "",
    posted: bool = False,
    actor: str = SYSTEM,
) -> None:
    """A note in the customer's dossier of what became of a notice e-mail."""
    payload: dict[str, Any] = {
        "action": action,
        "reference": notice.reference,
        "subject": notice.subject,
        "to": notice.recipients,
        "message_id": notice.unique_id,
        "attempts": NoticeEmail.objects.values_list("attempts", flat=True).get(pk=notice.pk),
        "documents": [document_ref(notice.pdf), document_ref(notice.email)],
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


def sweep_notice_emails(today: date) -> dict[str, int]:
    """Find notices a stopped worker left: "being sent" ones become "perhaps sent", and
    waiting ones whose task was lost are queued again (the claim keeps them to one send)."""
    now = timezone.now()
    left = NoticeEmail.objects.filter(status=DeliveryStatus.SENDING, started_at__lt=now - LEASE)
    uncertain = sum(_uncertain(notice, today).status == DeliveryStatus.UNCERTAIN for notice in left)
    forgotten = list(
        NoticeEmail.objects.filter(
            status=DeliveryStatus.PENDING, created_at__lt=now - FORGOTTEN
        ).values_list("pk", flat=True)
    ) + list(
        NoticeEmail.objects.filter(
            status=DeliveryStatus.RETRYING, next_attempt_at__lt=now - FORGOTTEN
        ).values_list("pk", flat=True)
    )
    for pk in forgotten:
        send_notice_email_task.enqueue(pk)
    return {"uncertain": uncertain, "queued_again": len(forgotten)}
