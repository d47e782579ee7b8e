"""Customers by hand: a new customer, a customer changed, a new invoice of a customer.

Every write goes through the ledger's services (and the customer's own policy through
`innen.collection.customer_policy`), each with its dossier event; a refusal is shown on the
field it names and nothing changes. Only owners and credit controllers open these pages
(`write_required`, for GET and POST alike); another organisation's customer is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from innen.collection.customer_policy import customer_policy_set, own_policy
from innen.dossier.record import actor_name
from innen.ledger import services
from innen.ledger.invoice_pdf import invoice_pdf_attach
from innen.ledger.models import Customer, Invoice
from innen.organisations.decorators import organisation_required, write_required
from innen.organisations.requests import organisation_of, signed_in_user
from innen.web.record_forms import CustomerForm, InvoiceForm, refusal_on_form

NUMBER_TAKEN = _("There is a customer with this number already.")
INVOICE_NUMBER_TAKEN = _("There is an invoice with this number already.")


def _customer_or_404(request: HttpRequest, pk: int) -> Customer:
    return get_object_or_404(Customer, organisation=organisation_of(request), pk=pk)


def record_form_page(
    request: HttpRequest, form: Any, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """The one page every record form is shown on (errors: status 400)."""
    status = 400 if form.is_bound and form.errors else status
    return render(request, "web/record_form.html", {"form": form, **context}, status=status)


@organisation_required
@write_required
def customer_new(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    initial = {"language": organisation.default_language, "country": "NL"}
    form = CustomerForm(request.POST or None, initial=initial, organisation_id=organisation.pk)
    if request.method == "POST" and form.is_valid():
        customer = _customer_create(request, form)
        if customer is not None:
            messages.success(request, gettext("The customer is saved."))
            return redirect("customer-detail", pk=customer.pk)
    context = {
        "title": gettext("New customer"),
        "back": reverse("customers"),
        "submit": gettext("Save"),
    }
    return record_form_page(request, form, context)


def _customer_create(request: HttpRequest, form: CustomerForm) -> Customer | None:
    organisation = organisation_of(request)
    fields = form.customer_fields()
    if Customer.objects.filter(organisation=organisation, number=fields["number"]).exists():
        form.add_error("number", NUMBER_TAKEN)
        return None
    actor = actor_name(signed_in_user(request))
    try:
        with transaction.atomic():
            customer = services.customer_create(
                organisation=organisation, ibans=form.cleaned_data["ibans"], actor=actor, **fields
            )
            policy = form.cleaned_data["policy"]
            if policy is not None:
                customer_policy_set(customer=customer, policy=policy, actor=actor)
    except ValidationError as refusal:
        refusal_on_form(form, refusal)
        return None
    return customer


@organisation_required
@write_required
def customer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    customer = _customer_or_404(request, pk)
    initial = {
        name: getattr(customer, name)
        for name in CustomerForm.base_fields
        if name not in {"number", "ibans", "policy"}
    }
    initial["ibans"] = "\n".join(known.iban for known in customer.ibans.all())
    initial["policy"] = own_policy(customer)
    form = CustomerForm(
        request.POST or None,
        initial=initial,
        organisation_id=customer.organisation_id,
        editing=True,
    )
    if request.method == "POST" and form.is_valid() and _customer_change(request, customer, form):
        messages.success(request, gettext("The customer is saved."))
        return redirect("customer-detail", pk=customer.pk)
    context = {
        "title": gettext("Edit customer %(name)s") % {"name": customer.name},
        "back": reverse("customer-detail", args=[customer.pk]),
        "submit": gettext("Save"),
    }
    return record_form_page(request, form, context)


def _customer_change(request: HttpRequest, customer: Customer, form: CustomerForm) -> bool:
    actor = actor_name(signed_in_user(request))
    try:
        with transaction.atomic():
            services.customer_update(
                customer=customer, actor=actor, source="entered", **form.customer_fields()
            )
            for iban in form.cleaned_data["ibans"]:
                services.customer_iban_add(customer=customer, iban=iban, actor=actor)
            policy = form.cleaned_data["policy"]
            customer_policy_set(customer=customer, policy=policy, actor=actor)
    except ValidationError as refusal:
        # The row in memory took the refused values; the database kept the old ones.
        customer.refresh_from_db()
        refusal_on_form(form, refusal)
        return False
    return True


@organisation_required
@write_required
def invoice_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A new invoice of the customer, with its PDF."""
    customer = _customer_or_404(request, pk)
    today = timezone.localdate()
    form = InvoiceForm(request.POST or None, request.FILES or None, initial={"issue_date": today})
    if request.method == "POST" and form.is_valid():
        invoice = _invoice_create(request, customer, form)
        if invoice is not None:
            messages.success(request, gettext("The invoice is saved."))
            return redirect("invoice-detail", pk=invoice.pk)
    context = {
        "title": gettext("New invoice for %(name)s") % {"name": customer.name},
        "back": reverse("customer-detail", args=[customer.pk]),
        "submit": gettext("Save"),
        "multipart": True,
    }
    return record_form_page(request, form, context)


def _invoice_create(request: HttpRequest, customer: Customer, form: InvoiceForm) -> Invoice | None:
    organisation = organisation_of(request)
    fields = form.invoice_fields()
    if Invoice.objects.filter(organisation=organisation, number=fields["number"]).exists():
        form.add_error("number", INVOICE_NUMBER_TAKEN)
        return None
    actor = actor_name(signed_in_user(request))
    try:
        invoice = services.invoice_create(
            organisation=organisation, customer=customer, actor=actor, **fields
        )
    except ValidationError as refusal:
        refusal_on_form(form, refusal)
        return None
    pdf = form.cleaned_data["pdf"]
    if pdf is not None:
        # Checked to be a PDF already; stored in a transaction of its own (its file goes
        # again when its row does not commit).
        invoice_pdf_attach(invoice=invoice, data=pdf, actor=actor)
    return invoice
