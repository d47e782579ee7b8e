"""Customer pages: the list, one customer with its dossier, notes, the export and documents.

Parse the request, ask `innen.dossier` (timeline, services, export), render. Every lookup is
scoped to `request.organisation`: another organisation's id is a 404. Viewers see and export;
only owners and credit controllers add notes (`write_required`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from innen.collection import selectors as collection_selectors
from innen.dossier import services
from innen.dossier.export import dossier_export_bytes
from innen.dossier.timeline import customer_timeline_page, document_for_customer
from innen.ledger.models import Customer, Invoice
from innen.ledger.querysets import MONEY, NOTHING
from innen.money import ZERO
from innen.organisations.models import Organisation
from innen.web.decorators import organisation_required, signed_in_user, write_required

PAGE_SIZE = 50


def _organisation(request: HttpRequest) -> Organisation:
    return request.organisation  # type: ignore[attr-defined]


def _can_write(request: HttpRequest) -> bool:
    membership = getattr(request, "membership", None)
    return bool(membership and membership.can_write)


def _customer_or_404(request: HttpRequest, pk: int) -> Customer:
    return get_object_or_404(Customer, organisation=_organisation(request), pk=pk)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"),
        max_length=services.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    invoice = forms.ModelChoiceField(
        label=_("About invoice"),
        queryset=Invoice.objects.none(),
        required=False,
        empty_label=_("The customer as a whole"),
    )

    def __init__(self, *args: Any, customer: Customer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        invoice_field: Any = self.fields["invoice"]
        invoice_field.queryset = Invoice.objects.filter(
            organisation_id=customer.organisation_id, customer=customer
        ).order_by("-issue_date", "-number")


def _open_sum(today: date | None = None) -> Coalesce:
    """The open total of a customer's invoices (due before `today`, when given), in SQL."""
    invoices = Invoice.objects.filter(customer=OuterRef("pk")).with_balance()
    if today is not None:
        invoices = invoices.filter(due_date__lt=today)
    summed = invoices.order_by().values("customer").annotate(s=Sum("open_amount")).values("s")
    return Coalesce(Subquery(summed, output_field=MONEY), NOTHING, output_field=MONEY)


def customer_list_with_balance(
    *, organisation: Organisation, today: date, search: str = ""
) -> QuerySet[Customer]:
    """The organisation's customers, with `open_total` and `overdue_total`, by name."""
    customers = Customer.objects.filter(organisation=organisation)
    if search:
        customers = customers.filter(Q(name__icontains=search) | Q(number__icontains=search))
    return customers.annotate(open_total=_open_sum(), overdue_total=_open_sum(today)).order_by(
        "name", "number"
    )


@organisation_required
def customer_list(request: HttpRequest) -> HttpResponse:
    """Every customer, what it owes and what of that is overdue; search by name or number."""
    today = timezone.localdate()
    search = request.GET.get("q", "").strip()[:100]
    customers = customer_list_with_balance(
        organisation=_organisation(request), today=today, search=search
    )
    page = Paginator(customers, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "search": search, "today": today}
    return render(request, "web/customers.html", context)


def _customer_page(
    request: HttpRequest, customer: Customer, form: NoteForm, status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    invoices = list(
        Invoice.objects.filter(organisation=_organisation(request), customer=customer)
        .open()
        .order_by("due_date", "number")
    )
    holds = collection_selectors.hold_list_active(
        organisation=_organisation(request), today=today
    ).filter(customer=customer)
    context = {
        "customer": customer,
        "invoices": [(invoice, (today - invoice.due_date).days) for invoice in invoices],
        "open_total": sum((i.open_amount for i in invoices), start=ZERO),
        "holds": holds,
        "timeline": customer_timeline_page(customer=customer),
        "form": form,
        "can_write": _can_write(request),
        "today": today,
    }
    return render(request, "web/customer.html", context, status=status)


@organisation_required
def customer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One customer: details, open invoices, holds and the dossier's timeline."""
    customer = _customer_or_404(request, pk)
    return _customer_page(request, customer, NoteForm(customer=customer))


@require_POST
@organisation_required
@write_required
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a note to the customer's dossier (about the customer or one of its invoices)."""
    customer = _customer_or_404(request, pk)
    form = NoteForm(request.POST, customer=customer)
    if form.is_valid():
        try:
            services.note_add(
                customer=customer,
                text=form.cleaned_data["text"],
                invoice=form.cleaned_data["invoice"],
                user=signed_in_user(request),
                today=timezone.localdate(),
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, gettext("The note is in the dossier."))
            return redirect(reverse("customer-detail", args=[customer.pk]) + "#timeline")
    return _customer_page(request, customer, form, status=400)


@organisation_required
def customer_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The customer's dossier as a ZIP (?invoice=<id>: only that invoice's)."""
    customer = _customer_or_404(request, pk)
    invoice = None
    chosen = request.GET.get("invoice", "")
    if chosen:
        if not chosen.isdigit():
            raise Http404("no such invoice")
        invoice = get_object_or_404(
            Invoice, organisation=_organisation(request), customer=customer, pk=int(chosen)
        )
    data, result = dossier_export_bytes(
        customer=customer, today=timezone.localdate(), invoice=invoice
    )
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, result.filename) or ""
    return response


@organisation_required
def customer_document(request: HttpRequest, pk: int, sha256: str) -> HttpResponse:
    """A document exactly as sent, if an event of this customer refers to it."""
    customer = _customer_or_404(request, pk)
    document = document_for_customer(customer=customer, sha256=sha256)
    if document is None or not document.file:
        raise Http404("no such document for this customer")
    try:
        with document.file.open("rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise Http404("the document is missing from storage") from exc
    response = HttpResponse(data, content_type=document.content_type)
    response["Content-Disposition"] = content_disposition_header(True, document.name) or ""
    return response
