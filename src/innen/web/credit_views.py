"""The customer's credit limit on its page: what it owes, the suggested and the set limit with
the reasons, and the form a person sets (or takes back) the limit with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from innen.file_messages import translated
from innen.ledger.models import Customer
from innen.money import MAX_AMOUNT
from innen.organisations.decorators import organisation_required, write_required
from innen.organisations.requests import organisation_of, signed_in_user
from innen.predictions.credit import Credit, credit, limit_set

RISK_LABELS = {
    "low": _("low"),
    "medium": _("medium"),
    "high": _("high"),
    "unknown": _("unknown (no payment yet)"),
}


class CreditLimitForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Credit limit"),
        required=False,
        min_value=0,
        max_value=MAX_AMOUNT,
        decimal_places=2,
        localize=True,  # a Dutch reader writes 2500,00
        help_text=_("Leave empty to use the suggested limit again."),
    )
    note = forms.CharField(label=_("Why"), required=False, max_length=1000)


@dataclass(frozen=True)
class CreditShown:
    credit: Credit
    risk: str
    reasons: list[str]


def credit_shown(customer: Customer, today: date) -> CreditShown:
    """The customer's credit as its page shows it, in the reader's language."""
    found = credit(customer, today)
    return CreditShown(
        credit=found,
        risk=str(RISK_LABELS.get(found.advice.risk, found.advice.risk)),
        reasons=[translated(reason) for reason in found.advice.reasons],
    )


@require_POST
@organisation_required
@write_required
def credit_limit_set(request: HttpRequest, pk: int) -> HttpResponse:
    """Set the customer's credit limit (or, left empty, go back to the suggested one)."""
    customer = get_object_or_404(Customer, organisation=organisation_of(request), pk=pk)
    form = CreditLimitForm(request.POST)
    back = reverse("customer-detail", args=[customer.pk]) + "#credit"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(back)
    amount = form.cleaned_data["amount"]
    try:
        limit_set(
            customer,
            amount=amount,
            note=form.cleaned_data["note"],
            user=signed_in_user(request),
            today=timezone.localdate(),
        )
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
        return redirect(back)
    if amount is None:
        messages.success(request, gettext("The suggested credit limit applies again."))
    else:
        messages.success(request, gettext("The credit limit is set."))
    return redirect(back)
