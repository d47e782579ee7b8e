"""Letters and e-mails: the outbox, one message as sent, documents, print batches, the texts.

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
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_POST

from innen.arrangements import notices
from innen.arrangements import selectors as arrangement_selectors
from innen.arrangements.models import NoticeEmail
from innen.collection.models import Message, MessageStatus, StepKind
from innen.ledger.models import Customer
from innen.letters.content import Letter
from innen.letters.defaults import TemplateText
from innen.letters.render import letter_html, letter_pdf
from innen.letters.samples import sample_letter
from innen.letters.templating import FIELDS, render_texts
from innen.organisations.decorators import organisation_required, write_required
from innen.organisations.models import Language, Organisation
from innen.organisations.requests import can_write, organisation_of, signed_in_user
from innen.outbox import selectors, services
from innen.outbox.compose import (
    compose_letter,
    customer_with_most_open_invoices,
    preview_letter,
    template_for,
)
from innen.outbox.documents import read_document
from innen.outbox.forms import MessageTemplateForm, SenderSettingsForm, text_problems
from innen.outbox.models import (
    Delivery,
    Document,
    MessageTemplate,
    PostedLetter,
    PrintBatch,
    SenderSettings,
)
from innen.outbox.tasks import PRINT_AT
from innen.rates.selectors import rate_tables
from innen.storedfiles import file_response

PAGE_SIZE = 50
# Messages that went out: a preview of them is dated the day they were decided, not today.
GONE_OUT = (MessageStatus.SENT, MessageStatus.DONE)


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "web/forbidden.html", status=403)


def _page_language() -> str:
    """The language the page speaks, for the problems a template check names."""
    language = (get_language() or "nl")[:2]
    return language if language in Language.values else "nl"


# The outbox


@organisation_required
def outbox(request: HttpRequest) -> HttpResponse:
    """Deliveries and notice e-mails that need a person, letters waiting for print, print
    batches, what went out."""
    organisation = organisation_of(request)
    attention = selectors.delivery_list_needing_attention(organisation=organisation)
    notice_emails = arrangement_selectors.notice_email_list_needing_a_person(
        organisation=organisation
    )
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
    return render(request, "web/letters/outbox.html", context)


def _delivery_or_404(request: HttpRequest, pk: int) -> Delivery:
    deliveries = Delivery.objects.select_related("message__customer", "pdf", "email")
    return get_object_or_404(deliveries, organisation=organisation_of(request), pk=pk)


@require_POST
@organisation_required
@write_required
def delivery_send_again(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue a failed or perhaps-sent delivery once more (after fixing the address, say)."""
    delivery = _delivery_or_404(request, pk)
    try:
        services.delivery_send_again(
            delivery, today=timezone.localdate(), user=signed_in_user(request)
        )
    except ValidationError as exc:
        if "recipients" in exc.message_dict:
            messages.error(request, gettext("The customer has no e-mail address; add one first."))
        else:
            messages.error(request, gettext("This delivery no longer waits for a person."))
    else:
        messages.success(
            request,
            gettext("Queued again: %(customer)s.") % {"customer": delivery.message.customer.name},
        )
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
        messages.error(request, gettext("This delivery no longer waits for a person."))
    else:
        messages.success(
            request,
            gettext("Recorded as sent: %(customer)s.")
            % {"customer": delivery.message.customer.name},
        )
    return redirect("outbox")


# Arrangement notices e-mailed (innen.arrangements): failed or perhaps sent ones


def _notice_email_or_404(request: HttpRequest, pk: int) -> NoticeEmail:
    notice_emails = NoticeEmail.objects.select_related("customer", "email", "pdf")
    return get_object_or_404(notice_emails, organisation=organisation_of(request), pk=pk)


@require_POST
@organisation_required
@write_required
def notice_email_send_again(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue a failed or perhaps-sent notice e-mail once more, as kept."""
    notice_email = _notice_email_or_404(request, pk)
    try:
        notices.notice_email_send_again(notice_email, user=signed_in_user(request))
    except ValidationError:
        messages.error(request, gettext("This notice e-mail no longer waits for a person."))
    else:
        messages.success(
            request,
            gettext("Queued again: %(customer)s.") % {"customer": notice_email.customer.name},
        )
    return redirect("outbox")


@require_POST
@organisation_required
@write_required
def notice_email_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """A perhaps-sent notice e-mail the controller found in the sent mail: record it as sent."""
    notice_email = _notice_email_or_404(request, pk)
    try:
        notices.notice_email_confirm_sent(notice_email, user=signed_in_user(request))
    except ValidationError:
        messages.error(request, gettext("This notice e-mail no longer waits for a person."))
    else:
        messages.success(
            request,
            gettext("Recorded as sent: %(customer)s.") % {"customer": notice_email.customer.name},
        )
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
    return render(request, "web/letters/message.html", context)


@organisation_required
def message_preview_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The message's letter as a PDF rendered now (not the one sent: that is a document)."""
    message = _message_or_404(request, pk)
    if not _is_written(message):
        raise Http404("a call task has no letter")
    letter, template = _letter_now(message)
    return _pdf_response(letter_pdf(letter, template), f"preview-{message.kind}-{message.pk}.pdf")


def _pdf_response(data: bytes, name: str) -> HttpResponse:
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


# Texts


def _check_kind(kind: str, language: str) -> None:
    if kind not in StepKind.values or language not in Language.values:
        raise Http404("no such step kind or language")


@organisation_required
def template_list(request: HttpRequest) -> HttpResponse:
    """Every step kind in every language: the organisation's own text or the default."""
    rows = selectors.template_overview(organisation=organisation_of(request))
    context = {"rows": rows, "languages": Language.choices}
    return render(request, "web/letters/templates.html", context)


def _chosen_customer(request: HttpRequest, organisation: Organisation) -> Customer | None:
    """The customer picked to preview on (404 when it is not this organisation's)."""
    raw = request.POST.get("customer") or request.GET.get("customer") or ""
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404("no such customer")
    return get_object_or_404(Customer, organisation=organisation, pk=int(raw))


def _preview_letter(
    request: HttpRequest, kind: str, language: str
) -> tuple[Letter, Customer | None]:
    """The letter to preview a text on, and the customer it is for (None: the sample)."""
    organisation = organisation_of(request)
    customer = _chosen_customer(request, organisation) or customer_with_most_open_invoices(
        organisation
    )
    letter = preview_letter(
        organisation, kind=kind, language=language, on=timezone.localdate(), customer=customer
    )
    return letter, customer


def _template_page(
    request: HttpRequest,
    kind: str,
    language: str,
    form: MessageTemplateForm,
    chosen: Customer | None,
    status: int = 200,
    preview: Preview | None = None,
) -> HttpResponse:
    organisation = organisation_of(request)
    customers = list(selectors.customer_list_with_open_invoices(organisation=organisation))
    if chosen is not None and chosen not in customers:
        customers.insert(0, chosen)
    if not can_write(request):
        for field in form.fields.values():
            field.widget.attrs["readonly"] = True
    context = {
        "kind": kind,
        "kind_label": StepKind(kind).label,
        "language": language,
        "language_label": Language(language).label,
        "form": form,
        "fields": FIELDS.items(),
        "field_example": "{{ customer_name }}",
        "condition_example": "{% if pay_before %} … {{ pay_before }}{% endif %}",
        "customers": customers,
        "chosen": chosen,
        "own": MessageTemplate.objects.filter(
            organisation=organisation, kind=kind, language=language
        ).first(),
        "can_write": can_write(request),
        "preview": preview,
    }
    return render(request, "web/letters/template_edit.html", context, status=status)


def _text_preview(letter: Letter, text: TemplateText) -> Preview:
    """A viewer's preview: the text as it stands, filled in on the server."""
    try:
        return Preview(letter.date, html=letter_html(letter, text))
    except Exception as exc:  # a broken text or odd data: the page still shows the rest
        return Preview(letter.date, error=str(exc))


@organisation_required
def template_edit(request: HttpRequest, kind: str, language: str) -> HttpResponse:
    """Edit one text with a live preview; a text that does not render is not saved."""
    _check_kind(kind, language)
    if request.method == "POST" and not can_write(request):
        return _forbidden(request)
    organisation = organisation_of(request)
    letter, chosen = _preview_letter(request, kind, language)
    stored = MessageTemplate.objects.filter(
        organisation=organisation, kind=kind, language=language
    ).first()
    instance = stored or MessageTemplate(organisation=organisation, kind=kind, language=language)
    if request.method != "POST":
        text = template_for(organisation, kind, language)
        form = MessageTemplateForm(
            instance=instance,
            initial={"subject": text.subject, "body": text.body},
            letters=[letter],
            language=_page_language(),
        )
        preview = None if can_write(request) else _text_preview(letter, text)
        return _template_page(request, kind, language, form, chosen, preview=preview)
    sample = sample_letter(kind, language, timezone.localdate(), rates=rate_tables())
    form = MessageTemplateForm(
        request.POST, instance=instance, letters=[letter, sample], language=_page_language()
    )
    if not form.is_valid():
        return _template_page(request, kind, language, form, chosen, status=400)
    services.template_save(
        organisation=organisation,
        kind=kind,
        language=language,
        subject=form.cleaned_data["subject"],
        body=form.cleaned_data["body"],
        letters=[letter, sample],
        problems_in=_page_language(),
        user=signed_in_user(request),
    )
    messages.success(request, gettext("The text is saved; the next messages use it."))
    page = reverse("template-edit", args=[kind, language])
    return redirect(f"{page}?customer={chosen.pk}" if chosen else page)


@require_POST
@organisation_required
@write_required
def template_reset(request: HttpRequest, kind: str, language: str) -> HttpResponse:
    """Go back to the default text: the organisation's own text is removed."""
    _check_kind(kind, language)
    services.template_reset(organisation=organisation_of(request), kind=kind, language=language)
    messages.success(request, gettext("Back to the default text."))
    return redirect("template-edit", kind=kind, language=language)


def _posted_text(request: HttpRequest) -> TemplateText:
    return TemplateText(request.POST.get("subject", ""), request.POST.get("body", ""))


@require_POST
@organisation_required
@write_required
def template_preview(request: HttpRequest, kind: str, language: str) -> JsonResponse:
    """The posted text as a letter to the chosen customer: its HTML, or what is wrong."""
    _check_kind(kind, language)
    letter, _ = _preview_letter(request, kind, language)
    text = _posted_text(request)
    problems = text_problems(text.subject, text.body, [letter], _page_language())
    if problems:
        return JsonResponse({"problems": problems, "subject": "", "html": ""})
    subject = render_texts(text, letter).subject
    return JsonResponse({"problems": [], "subject": subject, "html": letter_html(letter, text)})


@require_POST
@organisation_required
@write_required
def template_preview_pdf(request: HttpRequest, kind: str, language: str) -> HttpResponse:
    """The posted text as the PDF letter to the chosen customer."""
    _check_kind(kind, language)
    letter, _ = _preview_letter(request, kind, language)
    text = _posted_text(request)
    problems = text_problems(text.subject, text.body, [letter], _page_language())
    if problems:
        context = {"problems": problems, "kind": kind, "language": language}
        return render(request, "web/letters/preview_problems.html", context, status=400)
    name = f"preview-{slugify(kind)}-{language}.pdf"
    return _pdf_response(letter_pdf(letter, text), name)


# Sender settings


@organisation_required
def sender_settings(request: HttpRequest) -> HttpResponse:
    """Who the messages come from, who signs them, how long the portal link lasts."""
    if request.method == "POST" and not can_write(request):
        return _forbidden(request)
    organisation = organisation_of(request)
    instance = SenderSettings.objects.filter(organisation=organisation).first()
    form = SenderSettingsForm(
        request.POST if request.method == "POST" else None,
        instance=instance or SenderSettings(organisation=organisation),
    )
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, gettext("The sender settings are saved."))
            return redirect("sender-settings")
        status = 400
    else:
        status = 200
    if not can_write(request):
        for field in form.fields.values():
            field.disabled = True
    context = {"form": form, "can_write": can_write(request)}
    return render(request, "web/letters/settings.html", context, status=status)
