"""Writing to a customer about an arrangement: a letter (PDF) and an e-mail carrying it.

These messages are not steps of a dunning ladder, so they do not go through the run's
messages and deliveries; they use the same pieces: the letters layout around a text from
`texts`, the organisation's sender settings, and the documents kept exactly as sent (their
SHA-256 goes into the dossier event the caller writes). A customer without an e-mail
address gets no e-mail; the PDF is kept, and the event says it was not e-mailed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from email.utils import formataddr, formatdate, make_msgid
from typing import Any

from django.conf import settings
from django.core.mail import get_connection
from django.utils.text import slugify

from innen.ledger.models import Customer, Invoice
from innen.letters.build import payment_details
from innen.letters.content import InvoiceLine, Letter
from innen.letters.defaults import TemplateText
from innen.letters.render import render_message
from innen.money import ZERO, round_cents
from innen.outbox.compose import customer_party, organisation_logo, organisation_party, signatory
from innen.outbox.documents import document_ref, store_document
from innen.outbox.links import portal_url
from innen.outbox.models import Document, PostedLetter, SenderSettings
from innen.outbox.sending import FrozenEmail

logger = logging.getLogger(__name__)


@dataclass
class Notice:
    """What was sent: to whom, the subject, the documents kept, and any error."""

    subject: str
    to: list[str] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    error: str = ""
    posted: bool = False  # the letter waits for the print batch

    def facts(self) -> dict[str, Any]:
        """The notice as a dossier event's payload fields."""
        found: dict[str, Any] = {
            "subject": self.subject,
            "to": ", ".join(self.to),
            "documents": [document_ref(d) for d in self.documents],
        }
        if self.error:
            found["error"] = self.error
        if self.posted:
            found["posted"] = "in the print batch"
        return found


def invoice_lines(invoice_ids: Iterable[int]) -> list[InvoiceLine]:
    """The invoices as a letter lists them: the still-open ones, else all (oldest due first)."""
    invoices = list(
        Invoice.objects.filter(pk__in=list(invoice_ids))
        .with_balance()
        .order_by("due_date", "number")
    )
    lines = [
        InvoiceLine(
            number=invoice.number,
            issue_date=invoice.issue_date,
            due_date=invoice.due_date,
            total=invoice.total,
            open_amount=round_cents(Decimal(str(invoice.open_amount))),
            payment_reference=invoice.payment_reference,
        )
        for invoice in invoices
    ]
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
    organisation = customer.organisation
    lines = tuple(invoice_lines(invoice_ids))
    total_open = sum((line.open_amount for line in lines), ZERO)
    logo, logo_mime = organisation_logo(organisation)
    return Letter(
        kind="custom",
        step_name=step_name,
        language=customer.language,
        date=on,
        organisation=organisation_party(organisation),
        customer=customer_party(customer),
        consumer=customer.is_consumer,
        invoices=lines,
        total_open=total_open,
        pay_before=pay_before,
        payment=payment_details(
            name=organisation.name,
            iban=organisation.iban,
            bic=organisation.bic,
            amount=total_open if amount is None else amount,
            invoices=lines,
        ),
        portal_url=portal_url(organisation.pk, customer.pk),
        reference=reference,
        logo=logo,
        logo_mime=logo_mime,
        signatory=signatory(organisation),
    )


def send_notice(
    letter: Letter, text: TemplateText, customer: Customer, *, post: bool = False
) -> Notice:
    """Render `letter` with `text`, keep the PDF, and e-mail it to the customer if possible.

    The letter is also posted (it waits for the day's print batch) when `post` asks for it,
    or when the customer cannot be e-mailed, so every notice reaches them in writing.
    Never raises for a mail server's refusal: the error is returned, for the dossier event.
    """
    rendered = render_message(letter, text)
    organisation_id = customer.organisation_id
    pdf_name = f"{slugify(rendered.subject)[:60] or 'innen'}-{letter.reference}.pdf"
    pdf = store_document(organisation_id, pdf_name, "application/pdf", rendered.pdf)
    notice = Notice(rendered.subject, documents=[pdf])
    notice.to = customer.email_list
    if post or not notice.to:
        PostedLetter.objects.create(
            organisation_id=organisation_id, customer=customer, subject=rendered.subject, pdf=pdf
        )
        notice.posted = True
    if not notice.to:
        notice.error = "no e-mail address: the letter goes by post"
        return notice
    email = _email(customer, notice.to, rendered.subject, rendered.text, rendered.html)
    email.attach(pdf_name, rendered.pdf, "application/pdf")
    notice.documents.append(
        store_document(
            organisation_id,
            pdf_name.removesuffix(".pdf") + ".eml",
            "message/rfc822",
            email.as_bytes(),
        )
    )
    try:
        get_connection(fail_silently=False).send_messages([email])
    except Exception as exc:  # the dossier records it; the arrangement itself stands
        logger.warning("arrangement notice to %s not sent: %s", notice.to, exc)
        notice.error = f"not sent: {type(exc).__name__}: {exc}"
        if not notice.posted:
            PostedLetter.objects.create(
                organisation_id=organisation_id,
                customer=customer,
                subject=rendered.subject,
                pdf=pdf,
            )
            notice.posted = True
    return notice


def _email(customer: Customer, to: list[str], subject: str, text: str, html: str) -> FrozenEmail:
    organisation = customer.organisation
    sender = SenderSettings.objects.filter(organisation=organisation).first()
    from_address = (sender.from_email if sender else "") or settings.DEFAULT_FROM_EMAIL
    from_name = (sender.from_name if sender else "") or organisation.name
    reply_to = (sender.reply_to if sender else "") or organisation.email
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "innen.local"
    email = FrozenEmail(
        subject=subject,
        body=text,
        from_email=formataddr((from_name, from_address)),
        to=to,
        reply_to=[reply_to] if reply_to else None,
        headers={"Message-ID": make_msgid("innen", domain), "Date": formatdate(localtime=True)},
    )
    email.attach_alternative(html, "text/html")
    return email
