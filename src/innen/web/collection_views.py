"""Collection pages: one invoice's story and holds, the runs and holds, the forecast.

Parse the request, ask `innen.collection` (selectors, forecast, explain, services, tasks), render.
Every lookup is scoped to `request.organisation`: another organisation's id is a 404.
Viewers see everything; only owners and credit controllers act (`write_required`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from innen.casefile.timeline import invoice_timeline_page
from innen.collection import selectors, services
from innen.collection.explain import explain_invoice
from innen.collection.forecast import forecast
from innen.collection.models import Hold, HoldReason, StepKind
from innen.daily import run_organisation
from innen.dunning.timing import next_sending_day
from innen.file_messages import translated
from innen.ledger.limitation import invoice_limitation
from innen.ledger.limitation_text import limitation_shown
from innen.ledger.models import Customer, Invoice
from innen.organisations.decorators import organisation_required, write_required
from innen.organisations.requests import can_write, organisation_of, signed_in_user
from innen.outbox import selectors as outbox_selectors
from innen.predictions.services import outlooks
from innen.web.invoice_claim_views import claim_context
from innen.web.prediction_parts import shown

FORECAST_DAYS = 30
STEP_LINE = re.compile(r"^\d+\. ")


class HoldForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Pause"),
        choices=[
            ("invoice", _("This invoice")),
            ("customer", _("Every invoice of this customer")),
        ],
        widget=forms.RadioSelect,
        initial="invoice",
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=HoldReason.choices)
    starts_on = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Empty: today."),
    )
    ends_on = forms.DateField(
        label=_("Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The last day of the pause; empty: until lifted."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("starts_on"):
            data["starts_on"] = self.today
        ends_on = data.get("ends_on")
        if ends_on is not None and ends_on < data["starts_on"]:
            self.add_error("ends_on", _("A hold cannot end before it starts."))
        return data


class CustomerHoldForm(HoldForm):
    """A hold placed from the customer's page: on every invoice, or one open invoice."""

    def __init__(self, *args: Any, today: date, invoices: list[Invoice], **kwargs: Any) -> None:
        super().__init__(*args, today=today, **kwargs)
        self.fields["scope"] = forms.ChoiceField(
            label=_("Pause"),
            choices=[
                ("customer", _("Every invoice of this customer")),
                *((str(invoice.pk), invoice.number) for invoice in invoices),
            ],
            initial="customer",
        )


def _explanation(lines: Sequence[str]) -> list[tuple[str, str]]:
    """The explanation's lines, each with what it is, for the page to set them apart, in the
    reader's language (what a line is, its English says)."""
    rows = []
    for number, line in enumerate(lines):
        if number == 0:
            kind = "title"
        elif line.startswith("Next:"):
            kind = "next"
        elif line.startswith("Recorded:"):
            kind = "heading"
        elif line.startswith("  "):
            kind = "recorded"
        elif STEP_LINE.match(line):
            kind = "step"
        else:
            kind = "fact"
        rows.append((kind, translated(line).strip()))
    return rows


def _invoice_or_404(request: HttpRequest, pk: int) -> Invoice:
    invoices = (
        Invoice.objects.filter(organisation=organisation_of(request))
        .with_balance()
        .select_related("customer", "organisation")
    )
    invoice: Invoice = get_object_or_404(invoices, pk=pk)
    return invoice


def _invoice_page(
    request: HttpRequest, invoice: Invoice, form: HoldForm, today: date, status: int = 200
) -> HttpResponse:
    context = {
        "invoice": invoice,
        "days_overdue": (today - invoice.due_date).days,
        "explanation": _explanation(explain_invoice(invoice, today)),
        "limitation": limitation_shown(
            invoice_limitation(invoice), consumer=invoice.customer.is_consumer, today=today
        ),
        "holds": selectors.hold_list_for_invoice(invoice=invoice, today=today),
        "form": form,
        "can_write": can_write(request),
        "today": today,
        "timeline": invoice_timeline_page(invoice=invoice),
        "prediction": shown(
            outlooks(invoice.organisation, today, customer_id=invoice.customer_id).get(invoice.pk)
        ),
        **claim_context(invoice, today),
    }
    return render(request, "web/invoice.html", context, status=status)


@organisation_required
def invoice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One invoice: its amounts, why collection does what it does, and its holds."""
    today = timezone.localdate()
    invoice = _invoice_or_404(request, pk)
    return _invoice_page(request, invoice, HoldForm(today=today), today)


def _place_hold(
    request: HttpRequest,
    form: forms.Form,
    customer: Customer,
    invoice: Invoice | None,
    today: date,
) -> bool:
    """Place the hold a valid form asks for; a refusal is put on the form's fields instead."""
    data = form.cleaned_data
    try:
        services.hold_place(
            customer=customer,
            invoice=invoice,
            reason=data["reason"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            note=data["note"],
            user=signed_in_user(request),
            today=today,
        )
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return False
    return True


@require_POST
@organisation_required
@write_required
def hold_place(request: HttpRequest, pk: int) -> HttpResponse:
    """Pause collection for the invoice, or for every invoice of its customer."""
    today = timezone.localdate()
    invoice = _invoice_or_404(request, pk)
    form = HoldForm(request.POST, today=today)
    if form.is_valid():
        scope = invoice if form.cleaned_data["scope"] == "invoice" else None
        if _place_hold(request, form, invoice.customer, scope, today):
            messages.success(request, gettext("Collection is paused."))
            return redirect("invoice-detail", pk=invoice.pk)
    return _invoice_page(request, invoice, form, today, status=400)


@require_POST
@organisation_required
@write_required
def hold_lift(request: HttpRequest, pk: int) -> HttpResponse:
    """End a hold: collection resumes today (a hold that had not begun is removed)."""
    hold = get_object_or_404(Hold, organisation=organisation_of(request), pk=pk)
    reason = request.POST.get("reason", "").strip()[:500]
    services.hold_lift(hold, on=timezone.localdate(), user=signed_in_user(request), reason=reason)
    messages.success(request, gettext("The hold is lifted; collection resumes today."))
    return _back(request, reverse("collection"))


@require_POST
@organisation_required
@write_required
def customer_hold_place(request: HttpRequest, pk: int) -> HttpResponse:
    """Pause collection from the customer's page; a refusal names the field."""
    today = timezone.localdate()
    customer = get_object_or_404(Customer, organisation=organisation_of(request), pk=pk)
    invoices = list(Invoice.objects.filter(customer=customer).open())
    form = CustomerHoldForm(request.POST, today=today, invoices=invoices)
    if form.is_valid():
        scope = form.cleaned_data["scope"]
        chosen = next((i for i in invoices if str(i.pk) == scope), None)
        _place_hold(request, form, customer, chosen, today)
    if form.errors:
        for field, problems in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            text = " ".join(str(problem) for problem in problems)
            messages.error(request, f"{label}: {text}" if label else text)
    else:
        messages.success(request, gettext("Collection is paused."))
    return redirect(reverse("customer-detail", args=[customer.pk]) + "#holds")


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = fallback
    return redirect(target)


@organisation_required
def collection(request: HttpRequest) -> HttpResponse:
    """Runs, what is paused, and how much waits on the worklist (approvals, calls)."""
    organisation = organisation_of(request)
    today = timezone.localdate()
    context = {
        "today": today,
        "runs": selectors.run_list_recent(organisation=organisation),
        "waiting": selectors.worklist_counts(organisation=organisation),
        "holds": selectors.hold_list_active(organisation=organisation, today=today),
        "outbox": outbox_selectors.attention_counts(organisation=organisation),
        "notice_emails": outbox_selectors.notice_list_needing_attention(
            organisation=organisation
        ).count(),
        "can_write": can_write(request),
    }
    return render(request, "web/collection.html", context)


@require_POST
@organisation_required
@write_required
def run_now(request: HttpRequest) -> HttpResponse:
    """Queue today's run for the background worker; running twice on a day does nothing new."""
    today = timezone.localdate()
    run_organisation.enqueue(organisation_of(request).pk, today.isoformat())
    messages.success(
        request,
        gettext("Today's run is queued; the background worker does it in a moment."),
    )
    following = next_sending_day(today)
    if following is not None:
        messages.info(
            request,
            gettext(
                "Today is a Sunday or public holiday: nothing is sent today; what is due "
                "goes out on %(day)s."
            )
            % {"day": date_format(following, "l j F")},
        )
    return redirect("collection")


@organisation_required
def collection_forecast(request: HttpRequest) -> HttpResponse:
    """The actions the run will take on each of the coming days, if nothing changes."""
    today = timezone.localdate()
    days = forecast(organisation_of(request), today, FORECAST_DAYS)
    kinds = [kind for kind in StepKind if any(day.by_kind[kind.value] for day in days)]
    rows = [(day, [day.by_kind[kind.value] for kind in kinds]) for day in days]
    totals = [sum(day.by_kind[kind.value] for day in days) for kind in kinds]
    context = {
        "today": today,
        "days": FORECAST_DAYS,
        "kinds": [kind.label for kind in kinds],
        "rows": rows,
        "totals": totals,
        "total": sum(day.actions for day in days),
        "moved": sum(day.moved_here for day in days),
        "spaced": sum(day.spaced_here for day in days),
        "late": sum(day.late_starts for day in days),
        "skipped_before_known": sum(day.skipped_before_known for day in days),
    }
    return render(request, "web/collection_forecast.html", context)
