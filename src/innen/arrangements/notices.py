"""Writing to a customer about an arrangement: a letter (PDF) and an e-mail carrying it.

These messages are not steps of a dunning ladder, so they do not go through the run's
messages and deliveries; they use the same pieces: the letters layout around a text from
`texts`, the organisation's sender settings, and the documents kept exactly as sent (their
SHA-256 goes into the dossier event the caller writes).

The e-mail is not sent here: it is built once, kept as an .eml and queued as a
`NoticeEmail`, and a task hands exactly those bytes to the mail server after the caller's
transaction commits (`innen.arrangements.tasks`). So a transaction that rolls back sends
nothing, and a retry of it does not send the notice twice. A customer without an e-mail
address gets no e-mail: the letter is posted, and the event says it was not e-mailed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from email.utils import formatdate, make_msgid
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from innen.arrangements.models import NoticeEmail
from innen.arrangements.tasks import record_notice_event, send_notice_email_task
from innen.dossier.record import actor_name
from innen.ledger.models import Customer, Invoice
from innen.letters.content import InvoiceLine, Letter
from innen.letters.defaults import TemplateText
from innen.letters.render import render_message
from innen.money import ZERO
from innen.outbox.compose import invoice_line, letter_to
from innen.outbox.documents import document_ref, store_document
from innen.outbox.emails import FrozenEmail, sender_addresses
from innen.outbox.models import DeliveryStatus, Document, PostedLetter


@dataclass
class Notice:
    """What was done: to whom, the subject, the documents kept, the e-mail queued, any error.

    `email` is the queued `NoticeEmail`: it is sent after the caller's transaction commits,
    so the caller's event says "queued", and the task records "sent" or "failed" later.
    """

    subject: str
    to: list[str] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    error: str = ""
    posted: bool = False  # the letter waits for the print batch
    email: NoticeEmail | None = None

    @property
    def queued(self) -> bool:
        return self.email is not None

    def facts(self) -> dict[str, Any]:
        """The notice as a dossier event's payload fields."""
        found: dict[str, Any] = {
            "subject": self.subject,
            "to": ", ".join(self.to),
            "documents": [document_ref(d) for d in self.documents],
        }
        if self.email is not None:
            found["e-mail"] = "queued"
            found["message_id"] = self.email.unique_id
        if self.error:
            found["error"] = self.error
        if self.posted:
            found["posted"] = "in the print batch"
        return found


def invoice_lines(invoice_ids: Iterable[int]) -> list[InvoiceLine]:
    """The invoices as a letter lists them: the still-open ones, else all (oldest due first)."""
    invoices = Invoice.objects.filter(pk__in=list(invoice_ids)).with_balance()
    lines = [invoice_line(invoice) for invoice in invoices.order_by("due_date", "number")]
    still_open = [line for line in lines if line.open_amount > ZERO]
    return still_open or lines


def notice_letter(
    customer: Customer,
    *,
    invoice_ids: Iterable[int],
    on: date,
    reference: str,
    step_name: str,
    amount: Decimal | None = None,
    pay_before: date | None = None,
) -> Letter:
    """The letter about `invoice_ids`; `amount` is what its payment details ask (default: all)."""
    return letter_to(
        customer.organisation,
        customer,
        kind="custom",
        step_name=step_name,
        language=customer.language,
        on=on,
        lines=tuple(invoice_lines(invoice_ids)),
        pay_before=pay_before,
        amount=amount,
        reference=reference,
    )


def send_notice(
    letter: Letter, text: TemplateText, customer: Customer, *, post: bool = False
) -> Notice:
    """Render `letter` with `text`, keep the PDF, and queue the e-mail carrying it.

    The e-mail is kept as an .eml and goes out once, by a task, after the caller's
    transaction commits; nothing is sent if it rolls back. The letter is also posted (it
    waits for the day's print batch) when `post` asks for it, or when the customer cannot be
    e-mailed, so every notice reaches them in writing; an e-mail that fails for good is
    posted then (`innen.arrangements.tasks`).
    """
    rendered = render_message(letter, text)
    organisation_id = customer.organisation_id
    pdf_name = f"{slugify(rendered.subject)[:60] or 'innen'}-{letter.reference}.pdf"
    pdf = store_document(organisation_id, pdf_name, "application/pdf", rendered.pdf)
    notice = Notice(rendered.subject, to=customer.email_list, documents=[pdf])
    posted = None
    if post or not notice.to:
        posted = PostedLetter.objects.create(
            organisation_id=organisation_id, customer=customer, subject=rendered.subject, pdf=pdf
        )
        notice.posted = True
    if not notice.to:
        notice.error = "no e-mail address: the letter goes by post"
        return notice
    email = _email(customer, notice.to, rendered.subject, rendered.text, rendered.html)
    email.attach(pdf_name, rendered.pdf, "application/pdf")
    eml = store_document(
        organisation_id, pdf_name.removesuffix(".pdf") + ".eml", "message/rfc822", email.as_bytes()
    )
    notice.documents.append(eml)
    notice.email = _queue(customer, letter.reference, email, eml, pdf, posted)
    return notice


def _queue(
    customer: Customer,
    reference: str,
    email: FrozenEmail,
    eml: Document,
    pdf: Document,
    posted: PostedLetter | None,
) -> NoticeEmail:
    """Keep the e-mail as waiting, and hand it to a worker once the transaction commits."""
    queued = NoticeEmail.objects.create(
        organisation_id=customer.organisation_id,
        customer=customer,
        reference=reference[:100],
        subject=email.subject[:300],
        recipients=", ".join(email.to),
        unique_id=email.extra_headers["Message-ID"],
        email=eml,
        pdf=pdf,
        letter=posted,
        status=DeliveryStatus.PENDING,
    )
    _enqueue_on_commit(queued.pk)
    return queued


@transaction.atomic
def notice_email_send_again(notice_email: NoticeEmail, *, user: Any = None) -> None:
    """Send a failed or perhaps-sent notice e-mail once more, as kept (a controller's call).

    For a "perhaps sent" one the controller has checked the mail server's log: it did not go.
    The dossier says who asked for it (`user`; innen itself when there is none).
    """
    retried = NoticeEmail.objects.filter(
        pk=notice_email.pk, status__in=(DeliveryStatus.FAILED, DeliveryStatus.UNCERTAIN)
    ).update(status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=None)
    if not retried:
        raise ValidationError(gettext("Only a failed or perhaps sent e-mail is sent again."))
    _note(
        notice_email,
        "notice_queued_again",
        f"E-mail queued again: {notice_email.subject}",
        user,
        error=notice_email.last_error,
    )
    _enqueue_on_commit(notice_email.pk)


@transaction.atomic
def notice_email_confirm_sent(notice_email: NoticeEmail, *, user: Any) -> None:
    """A "perhaps sent" notice e-mail the controller found in the sent mail: record it as sent.

    It is not sent again; the dossier says it was e-mailed, and who found it.
    """
    confirmed = NoticeEmail.objects.filter(
        pk=notice_email.pk, status=DeliveryStatus.UNCERTAIN
    ).update(status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error="")
    if not confirmed:
        raise ValidationError(gettext("Only a perhaps sent e-mail can be recorded as sent."))
    _note(
        notice_email,
        "notice_emailed",
        f"E-mailed: {notice_email.subject} (found in the sent mail)",
        user,
    )


def _note(notice: NoticeEmail, action: str, text: str, user: Any, error: str = "") -> None:
    """A note in the customer's dossier, as the sending task writes them, by `user`."""
    record_notice_event(
        notice, timezone.localdate(), action, text, error=error, actor=actor_name(user)
    )


def _enqueue_on_commit(notice_email_id: int) -> None:
    transaction.on_commit(partial(send_notice_email_task.enqueue, notice_email_id))


def _email(customer: Customer, to: list[str], subject: str, text: str, html: str) -> FrozenEmail:
    from_header, reply_to = sender_addresses(customer.organisation)
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "innen.local"
    email = FrozenEmail(
        subject=subject,
        body=text,
        from_email=from_header,
        to=to,
        reply_to=[reply_to] if reply_to else None,
        headers={"Message-ID": make_msgid("innen", domain), "Date": formatdate(localtime=True)},
    )
    email.attach_alternative(html, "text/html")
    return email
