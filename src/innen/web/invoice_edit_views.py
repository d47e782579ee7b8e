"""An invoice by hand: changed, credited (also to settle a dispute), written off, paid; its PDF.

As `customer_edit_views`: the ledger's services write, each with its dossier event; a
refusal names its field and changes nothing; only owners and credit controllers open the
forms; another organisation's invoice is a 404. Members who only view may read the PDF.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from innen.arrangements.models import Dispute, DisputeStatus
from innen.dossier.record import actor_name
from innen.ledger import services
from innen.ledger.invoice_pdf import invoice_pdf_attach
from innen.ledger.models import CreditNote, Invoice
from innen.organisations.decorators import organisation_required, write_required
from innen.organisations.requests import organisation_of, signed_in_user
from innen.storedfiles import file_response, stored_bytes
from innen.web.customer_edit_views import record_form_page
from innen.web.record_forms import (
    CreditNoteForm,
    InvoiceEditForm,
    PaymentForm,
    WriteOffForm,
    refusal_on_form,
)

CREDIT_NOTE_NUMBER_TAKEN = _("There is a credit note with this number already.")


def _invoice_or_404(request: HttpRequest, pk: int) -> Invoice:
    invoices = Invoice.objects.filter(organisation=organisation_of(request)).with_balance()
    invoice: Invoice = get_object_or_404(invoices.select_related("customer"), pk=pk)
    return invoice


def _actor(request: HttpRequest) -> str:
    return actor_name(signed_in_user(request))


def _context(invoice: Invoice, title: str, submit: str) -> dict[str, object]:
    return {
        "title": title % {"number": invoice.number},
        "back": reverse("invoice-detail", args=[invoice.pk]),
        "submit": submit,
        "invoice": invoice,
    }


@organisation_required
@write_required
def invoice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Its due date, references and PDF: its amounts change by credit notes."""
    invoice = _invoice_or_404(request, pk)
    initial = {
        "due_date": invoice.due_date,
        "payment_reference": invoice.payment_reference,
        "external_reference": invoice.external_reference,
        "supply": invoice.supply,
    }
    form = InvoiceEditForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        issue_date=invoice.issue_date,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.invoice_update(
                invoice=invoice, actor=_actor(request), source="entered", **form.changes()
            )
        except ValidationError as refusal:
            refusal_on_form(form, refusal)
        else:
            pdf = form.cleaned_data["pdf"]
            if pdf is not None:
                invoice_pdf_attach(invoice=invoice, data=pdf, actor=_actor(request))
            messages.success(request, gettext("The invoice is saved."))
            return redirect("invoice-detail", pk=invoice.pk)
    context = _context(invoice, gettext("Edit invoice %(number)s"), gettext("Save"))
    return record_form_page(request, form, {**context, "multipart": True})


def open_dispute(invoice: Invoice) -> Dispute | None:
    """The customer's dispute about the invoice still waiting to be settled, if any."""
    return (
        Dispute.objects.filter(organisation_id=invoice.organisation_id, invoices=invoice)
        .exclude(status=DisputeStatus.RESOLVED)
        .order_by("-opened_on", "-pk")
        .first()
    )


@organisation_required
@write_required
def credit_note_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A credit note on the invoice; with a dispute open, the page leads back to answer it."""
    invoice = _invoice_or_404(request, pk)
    dispute = open_dispute(invoice)
    initial = {
        "issue_date": timezone.localdate(),
        "amount_excl_vat": invoice.outstanding,
        "vat_amount": "0.00",
    }
    form = CreditNoteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and _credit(request, invoice, form):
        messages.success(request, gettext("The credit note is saved."))
        if dispute is not None:
            return redirect("arrangements-dispute", pk=dispute.pk)
        return redirect("invoice-detail", pk=invoice.pk)
    context = _context(invoice, gettext("Credit note on invoice %(number)s"), gettext("Save"))
    return record_form_page(request, form, {**context, "dispute": dispute})


def _credit(request: HttpRequest, invoice: Invoice, form: CreditNoteForm) -> bool:
    data = form.cleaned_data
    taken = CreditNote.objects.filter(
        organisation_id=invoice.organisation_id, number=data["number"]
    )
    if taken.exists():
        form.add_error("number", CREDIT_NOTE_NUMBER_TAKEN)
        return False
    try:
        services.credit_note_create(
            organisation=organisation_of(request),
            customer=invoice.customer,
            invoice=invoice,
            actor=_actor(request),
            **data,
        )
    except ValidationError as refusal:
        refusal_on_form(form, refusal)
        return False
    return True


@organisation_required
@write_required
def write_off(request: HttpRequest, pk: int) -> HttpResponse:
    """Write off what is open of the invoice (or part of it)."""
    invoice = _invoice_or_404(request, pk)
    initial = {"date": timezone.localdate(), "amount": invoice.outstanding}
    form = WriteOffForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.invoice_write_off(invoice=invoice, actor=_actor(request), **form.cleaned_data)
        except ValidationError as refusal:
            refusal_on_form(form, refusal)
        else:
            messages.success(request, gettext("The amount is written off."))
            return redirect("invoice-detail", pk=invoice.pk)
    context = _context(invoice, gettext("Write off invoice %(number)s"), gettext("Write off"))
    return record_form_page(request, form, context)


@organisation_required
@write_required
def payment_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A payment received: it pays this invoice first, then the customer's oldest (6:43 BW)."""
    invoice = _invoice_or_404(request, pk)
    initial = {"date": timezone.localdate(), "amount": invoice.outstanding}
    form = PaymentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.payment_register(
                organisation=organisation_of(request),
                customer=invoice.customer,
                designated=[invoice],
                actor=_actor(request),
                **form.cleaned_data,
            )
        except ValidationError as refusal:
            refusal_on_form(form, refusal)
        else:
            messages.success(request, gettext("The payment is registered."))
            return redirect("invoice-detail", pk=invoice.pk)
    context = _context(
        invoice, gettext("Register a payment for invoice %(number)s"), gettext("Register payment")
    )
    return record_form_page(request, form, context)


@organisation_required
def invoice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The invoice's PDF, shown in the browser (it was checked to be one when stored)."""
    invoice = _invoice_or_404(request, pk)
    data = stored_bytes(invoice.pdf)
    return file_response(data, filename=f"{invoice.number}.pdf", inline=True)
