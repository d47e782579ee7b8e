"""Letters and e-mails: the outbox, one message as sent, documents, print batches (the texts
and the sender settings: outbox_text_views).

Parse the request, ask `innen.outbox` (selectors, services) and `innen.letters` (render),
render. Every lookup is scoped to `request.organisation`: another organisation's id is a 404.
Viewers see everything and may preview; only owners and credit controllers act or save.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from innen.collection.models import Message, MessageStatus
from innen.letters.defaults import TemplateText
from innen.letters.letter import Letter
from innen.letters.rendering import letter_html, letter_pdf
from innen.organisations.decorators import organisation_required, write_required
from innen.organisations.requests import can_write, organisation_of, signed_in_user
from innen.outbox import selectors, services
from innen.outbox.compose import (
    compose_letter,
    template_for,
)
from innen.outbox.documents import read_document
from innen.outbox.models import (
    Delivery,
    Document,
    PostedLetter,
    PrintBatch,
)
from innen.outbox.tasks import PRINT_AT
from innen.storedfiles import file_response

PAGE_SIZE = 50
# Messages that went out: a preview of them is dated the day they were decided, not today.
GONE_OUT = (MessageStatus.SENT, MessageStatus.DONE)


# The outbox


@organisation_required
def outbox(request: HttpRequest) -> HttpResponse:
    """Deliveries and notices that need a person, letters waiting for print, print batches,
    what went out."""
    organisation = organisation_of(request)
    attention = selectors.delivery_list_needing_attention(organisation=organisation)
    notice_emails = selectors.notice_list_needing_attention(organisation=organisation)
    waiting = selectors.delivery_list_waiting_for_print(organisation=organisation)
    sent = selectors.message_list_sent(organisation=organisation)
    posted = PostedLetter.objects.filter(
        organisation=organisation, print_batch__isnull=True
    ).select_related("customer")
    context = {
        "posted": posted[: selectors.LIST_LIMIT],
        "attention": attention[: selectors.LIST_LIMIT],
        "attention_count": attention.count(),
        "notice_emails": notice_emails[: selectors.LIST_LIMIT],
        "notice_emails_count": notice_emails.count(),
        "waiting": waiting[: selectors.LIST_LIMIT],
        "waiting_count": waiting.count() + posted.count(),
        "batches": selectors.print_batch_list_recent(organisation=organisation),
        "page": Paginator(sent, PAGE_SIZE).get_page(request.GET.get("page")),
        "print_at": PRINT_AT,
        "can_write": can_write(request),
    }
    return render(request, "web/outbox/outbox.html", context)


def _delivery_or_404(request: HttpRequest, pk: int) -> Delivery:
    deliveries = Delivery.objects.select_related("message__customer", "customer", "pdf", "email")
    return get_object_or_404(deliveries, organisation=organisation_of(request), pk=pk)


def _customer_name(delivery: Delivery) -> str:
    customer = delivery.message.customer if delivery.message is not None else delivery.customer
    return customer.name if customer is not None else ""


def _not_waiting(request: HttpRequest, delivery: Delivery) -> None:
    if delivery.is_notice:
        messages.error(request, gettext("This notice e-mail no longer waits for a person."))
    else:
        messages.error(request, gettext("This delivery no longer waits for a person."))


@require_POST
@organisation_required
@write_required
def delivery_send_again(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue a failed or perhaps-sent delivery once more (after fixing the address, say); a
    notice goes again as it was kept."""
    delivery = _delivery_or_404(request, pk)
    try:
        services.delivery_send_again(
            delivery, today=timezone.localdate(), user=signed_in_user(request)
        )
    except ValidationError as exc:
        if "recipients" in exc.message_dict:
            messages.error(request, gettext("The customer has no e-mail address; add one first."))
        else:
            _not_waiting(request, delivery)
    else:
        name = _customer_name(delivery)
        messages.success(request, gettext("Queued again: %(customer)s.") % {"customer": name})
    return redirect("outbox")


@require_POST
@organisation_required
@write_required
def delivery_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """A perhaps-sent e-mail the controller found in the sent mail: record it as sent."""
    delivery = _delivery_or_404(request, pk)
    try:
        services.delivery_confirm_sent(
            delivery, today=timezone.localdate(), user=signed_in_user(request)
        )
    except ValidationError:
        _not_waiting(request, delivery)
    else:
        name = _customer_name(delivery)
        messages.success(request, gettext("Recorded as sent: %(customer)s.") % {"customer": name})
    return redirect("outbox")


@require_POST
@organisation_required
@write_required
def print_batch_make(request: HttpRequest) -> HttpResponse:
    """Put every letter waiting for print in a batch now, instead of at the daily moment."""
    batch = services.print_batch_now(organisation_of(request).pk, today=timezone.localdate())
    if batch is None:
        messages.info(request, gettext("No letters are waiting for print."))
    else:
        messages.success(
            request,
            gettext("Print batch made: %(letters)s letters, %(pages)s pages.")
            % {"letters": batch.letter_count, "pages": batch.page_count},
        )
    return redirect("outbox")


# One message


@dataclass(frozen=True)
class SentEmail:
    """An e-mail as it was handed to the mail server, read back from its stored .eml."""

    delivery: Delivery
    subject: str
    sender: str
    to: str
    date: str
    html: str
    text: str
    attachments: list[str]


def read_email(delivery: Delivery, data: bytes) -> SentEmail:
    parsed = BytesParser(policy=policy.default).parsebytes(data)
    assert isinstance(parsed, EmailMessage)  # the default policy makes EmailMessages
    html = parsed.get_body(preferencelist=("html",))
    text = parsed.get_body(preferencelist=("plain",))
    return SentEmail(
        delivery=delivery,
        subject=str(parsed["Subject"] or ""),
        sender=str(parsed["From"] or ""),
        to=str(parsed["To"] or ""),
        date=str(parsed["Date"] or ""),
        html=html.get_content() if html is not None else "",
        text=text.get_content() if text is not None else "",
        attachments=[part.get_filename() or "" for part in parsed.iter_attachments()],
    )


@dataclass(frozen=True)
class Preview:
    """A message rendered now: its letter HTML, or why it could not be rendered."""

    on: date
    html: str = ""
    error: str = ""
    settled: bool = False  # every invoice of the message is paid now: the letter lists none


def _message_or_404(request: HttpRequest, pk: int) -> Message:
    messages_ = Message.objects.select_related("organisation", "customer", "step")
    return get_object_or_404(messages_, organisation=organisation_of(request), pk=pk)


def _is_written(message: Message) -> bool:
    return bool({"email", "letter"} & set(message.channels))


def _rendered_on(message: Message) -> date:
    """A message that went out is previewed as of the day it was decided; others as of today."""
    return message.decided_on if message.status in GONE_OUT else timezone.localdate()


def _letter_now(message: Message) -> tuple[Letter, TemplateText]:
    """The message's letter and text as they render now (both routes say the same)."""
    channel = "letter" if "letter" in message.channels else "email"
    letter = compose_letter(message, on=_rendered_on(message), channel=channel)
    return letter, template_for(message.organisation, message.kind, letter.language)


def _preview(message: Message) -> Preview:
    on = _rendered_on(message)
    try:
        letter, template = _letter_now(message)
        return Preview(on, html=letter_html(letter, template), settled=not letter.invoices)
    except Exception as exc:  # a broken text or odd data: the page still shows the rest
        return Preview(on, error=str(exc))


@organisation_required
def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One message: its deliveries, and the e-mail and PDF exactly as sent (or a preview)."""
    message = _message_or_404(request, pk)
    deliveries = list(selectors.delivery_list_for_message(message=message))
    emails = [read_email(d, read_document(d.email)) for d in deliveries if d.email is not None]
    stored = any(d.pdf_id or d.email_id for d in deliveries)
    context = {
        "message": message,
        "invoices": selectors.message_invoices(message=message),
        "deliveries": deliveries,
        "emails": emails,
        "preview": None if stored or not _is_written(message) else _preview(message),
    }
    return render(request, "web/outbox/message.html", context)


@organisation_required
def message_preview_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The message's letter as a PDF rendered now (not the one sent: that is a document)."""
    message = _message_or_404(request, pk)
    if not _is_written(message):
        raise Http404("a call task has no letter")
    letter, template = _letter_now(message)
    return pdf_response(letter_pdf(letter, template), f"preview-{message.kind}-{message.pk}.pdf")


def pdf_response(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = _disposition(False, name)
    return response


def _disposition(as_attachment: bool, name: str) -> str:
    return content_disposition_header(as_attachment, name) or "inline"


# Files


def _file_response(document: Document) -> HttpResponse:
    """The stored file; a real PDF opens in the browser, anything else (an .eml) downloads."""
    return file_response(
        read_document(document),
        filename=document.name,
        content_type=document.content_type,
        inline=True,
    )


@organisation_required
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document, organisation=organisation_of(request), pk=pk)
    return _file_response(document)


@organisation_required
def print_batch_download(request: HttpRequest, pk: int) -> HttpResponse:
    batches = PrintBatch.objects.select_related("document")
    batch = get_object_or_404(batches, organisation=organisation_of(request), pk=pk)
    return _file_response(batch.document)
