"""The claim on the desk: what an invoice or a customer owes today, and waiving charges.

The figures are `innen.outbox.invoice_claim`'s, the same the letters, the portal, the API
and the export give. Waiving interest or costs is an owner's or controller's act, with a
reason, recorded in the dossier (`innen.outbox.waivers`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from innen.ledger.models import Invoice
from innen.money import ZERO
from innen.organisations.decorators import organisation_required, write_required
from innen.organisations.requests import organisation_of, signed_in_user
from innen.outbox.invoice_claim import InvoiceClaim, invoice_claim
from innen.outbox.waivers import REASON_MAX_LENGTH, waive_charges


class WaiveForm(forms.Form):
    interest = forms.BooleanField(label=_("Waive the interest"), required=False)
    costs = forms.BooleanField(label=_("Waive the collection costs"), required=False)
    reason = forms.CharField(
        label=_("Reason"), max_length=REASON_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )


def claims_of(invoices: Iterable[Invoice], day: date) -> list[tuple[Invoice, InvoiceClaim]]:
    """Each invoice with the claim on it on `day`."""
    return [(invoice, invoice_claim(invoice, day)) for invoice in invoices]


def claims_total(claims: Iterable[tuple[Invoice, InvoiceClaim]]) -> dict[str, Decimal]:
    """The sums of the claims' principal, interest, costs and total, for a totals row."""
    rows = [claim for _, claim in claims]
    return {
        "principal": sum((c.principal for c in rows), ZERO),
        "interest": sum((c.interest for c in rows), ZERO),
        "costs": sum((c.collection_costs for c in rows), ZERO),
        "total": sum((c.claim_total for c in rows), ZERO),
    }


def claim_context(invoice: Invoice, today: date, form: WaiveForm | None = None) -> dict[str, Any]:
    """What the invoice page shows of the claim: the figures, the payments' split, the form."""
    return {"claim": invoice_claim(invoice, today), "waive_form": form or WaiveForm()}


@require_POST
@organisation_required
@write_required
def charges_waive(request: HttpRequest, pk: int) -> HttpResponse:
    """Waive the interest and/or costs on the invoice, with a reason: logged in the dossier."""
    invoice = get_object_or_404(
        Invoice.objects.filter(organisation=organisation_of(request)), pk=pk
    )
    form = WaiveForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            waive_charges(
                invoice,
                interest=data["interest"],
                costs=data["costs"],
                reason=data["reason"],
                user=signed_in_user(request),
                today=timezone.localdate(),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, gettext("Waived; the claim leaves it out from today."))
    else:
        messages.error(request, gettext("Choose what to waive and give a reason."))
    return redirect("invoice-detail", pk=invoice.pk)
