"""Writing to a customer about an arrangement: a letter (PDF) and an e-mail carrying it.

These messages are not steps of a dunning ladder, so they do not go through the run's
messages and deliveries; they use the same pieces: the letters layout around a text from
`texts`, the organisation's sender settings, and the documents kept exactly as sent (their
SHA-256 goes into the dossier event the caller writes).

The e-mail is not sent here: it is built once, kept as an .eml and queued as an outbox
`Delivery` without a message, and a task hands exactly those bytes to the mail server after
the caller's transaction commits (`innen.outbox.notices`). So a transaction that rolls back sends
nothing, and a retry of it does not send the notice twice. A customer without an e-mail
address gets no e-mail: the letter is posted, and the event says it was not e-mailed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.text import slugify

from innen.ledger.models import Customer, Invoice
from innen.letters.defaults import TemplateText
from innen.letters.letter import InvoiceLine, Letter
from innen.letters.rendering import render_message
from innen.money import ZERO
from innen.outbox.compose import invoice_line, letter_to
from innen.outbox.documents import document_ref, store_document
from innen.outbox.emails import build_notice_email
from innen.outbox.models import Delivery, Document, PostedLetter
from innen.outbox.notices import queue_notice


@dataclass
class Notice:
    """What was done: to whom, the subject, the documents kept, the e-mail queued, any error.

    `email` is the queued delivery (`innen.outbox.notices`): it is sent after the caller's
    transaction commits, so the caller's event says "queued", and the task records "sent"
    or "failed" later.
    """

    subject: str
    to: list[str] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    error: str = ""
    posted: bool = False  # the letter waits for the print batch
    email: Delivery | None = None

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


def notify(
    customer: Customer,
    invoices: Any,
    text: TemplateText,
    *,
    on: date,
    reference: str,
    step_name: str,
    amount: Decimal | None = None,
    pay_before: date | None = None,
    post: bool = False,
) -> Notice:
    """Write to `customer` about the arrangement's `invoices` (a queryset or manager):
    the letter (`notice_letter`) with `text`, sent as `send_notice` does."""
    letter = notice_letter(
        customer,
        invoice_ids=invoices.values_list("pk", flat=True),
        on=on,
        reference=reference,
        step_name=step_name,
        amount=amount,
        pay_before=pay_before,
    )
    return send_notice(letter, text, customer, post=post)


def send_notice(
    letter: Letter, text: TemplateText, customer: Customer, *, post: bool = False
) -> Notice:
    """Render `letter` with `text`, keep the PDF, and queue the e-mail carrying it.

    The e-mail is kept as an .eml and goes out once, as an outbox delivery, after the
    caller's transaction commits; nothing is sent if it rolls back. The letter is also
    posted (it waits for the day's print batch) when `post` asks for it, or when the
    customer cannot be e-mailed, so every notice reaches them in writing; an e-mail that
    fails for good is posted then (`innen.outbox.notices`).
    """
    rendered = render_message(letter, text)
    organisation_id = customer.organisation_id
    pdf_name = f"{slugify(rendered.subject)[:60] or 'innen'}-{letter.reference}.pdf"
    pdf = store_document(organisation_id, pdf_name, "application/pdf", rendered.pdf)
    notice = Notice(rendered.subject, to=customer.email_list, documents=[pdf])
    posted = None
    if post or not notice.to:
        posted = PostedLetter.objects.create(
            organisation_id=organisation_id,
            customer=customer,
            subject=rendered.subject,
            pdf=pdf,
            reference=letter.reference[:100],
        )
        notice.posted = True
    if not notice.to:
        notice.error = "no e-mail address: the letter goes by post"
        return notice
    email = build_notice_email(customer.organisation, notice.to, rendered, pdf_name)
    eml = store_document(
        organisation_id, pdf_name.removesuffix(".pdf") + ".eml", "message/rfc822", email.as_bytes()
    )
    notice.documents.append(eml)
    notice.email = queue_notice(customer, letter.reference, email, (pdf, eml), posted)
    return notice
