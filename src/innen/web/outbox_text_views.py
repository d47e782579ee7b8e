"""Letters and e-mails: the organisation's own texts, with a live preview, and its sender.

Parse the request, ask `innen.outbox` (selectors, services) and `innen.letters` (render),
render. Every lookup is scoped to `request.organisation`: another organisation's id is a 404.
Viewers see everything and may preview; only owners and credit controllers act or save.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_POST

from innen.collection.models import StepKind
from innen.ledger.models import Customer
from innen.letters.defaults import TemplateText
from innen.letters.letter import Letter
from innen.letters.rendering import letter_html, letter_pdf
from innen.letters.samples import sample_letter
from innen.letters.templating import FIELDS, render_texts
from innen.organisations.decorators import organisation_required, write_required
from innen.organisations.models import Language, Organisation
from innen.organisations.requests import can_write, organisation_of, signed_in_user
from innen.outbox import selectors, services
from innen.outbox.compose import customer_with_most_open_invoices, preview_letter, template_for
from innen.outbox.forms import MessageTemplateForm, SenderSettingsForm, text_problems
from innen.outbox.models import MessageTemplate, SenderSettings
from innen.rates.selectors import rate_tables
from innen.web.outbox_views import Preview, pdf_response


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "web/forbidden.html", status=403)


def _page_language() -> str:
    """The language the page speaks, for the problems a template check names."""
    language = (get_language() or "nl")[:2]
    return language if language in Language.values else "nl"


# Texts


def _check_kind(kind: str, language: str) -> None:
    if kind not in StepKind.values or language not in Language.values:
        raise Http404("no such step kind or language")


@organisation_required
def template_list(request: HttpRequest) -> HttpResponse:
    """Every step kind in every language: the organisation's own text or the default."""
    rows = selectors.template_overview(organisation=organisation_of(request))
    context = {"rows": rows, "languages": Language.choices}
    return render(request, "web/outbox/templates.html", context)


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
        "fields": [(name, gettext(help_text)) for name, help_text in FIELDS.items()],
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
    return render(request, "web/outbox/template_edit.html", context, status=status)


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
        return render(request, "web/outbox/preview_problems.html", context, status=400)
    name = f"preview-{slugify(kind)}-{language}.pdf"
    return pdf_response(letter_pdf(letter, text), name)


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
    return render(request, "web/outbox/settings.html", context, status=status)
