"""The claim calculator page: the law engine's `compute_claim`, with a form in front of it."""

from datetime import date
from decimal import Decimal, DecimalException
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innen.file_messages import translated
from innen.formats.amounts import parse_amount
from innen.formats.dates import FIRST_YEAR, LAST_YEAR, parse_date
from innen.law.claim import (
    COMMERCIAL_INTEREST,
    NO_COSTS,
    NO_INTEREST,
    STATUTORY_INTEREST,
    Claim,
    ClaimInputError,
    CostsRule,
    InterestRule,
    Invoice,
    Payment,
    agreed_interest,
    compute_claim,
)
from innen.law.claim_json import claim_to_json
from innen.law.demands import Demand
from innen.money import MAX_AMOUNT
from innen.organisations.decorators import organisation_required
from innen.rates.selectors import rate_tables
from innen.translatable import reason

INTEREST_CHOICES = [
    ("default", _("The law's default (commercial for a business, statutory for a consumer)")),
    ("statutory", _("Statutory interest (art. 6:119 BW)")),
    ("commercial", _("Commercial interest (art. 6:119a BW)")),
    ("agreed", _("An agreed yearly percentage")),
    ("none", _("No interest")),
]
COSTS_CHOICES = [
    ("statutory", _("Statutory scale (Besluit BIK)")),
    ("amount", _("An agreed amount")),
    ("percentage", _("An agreed percentage")),
    ("none", _("No collection costs")),
]
# Bounds that keep every figure within what Decimal computes and the page shows; a compounding
# claim over two centuries can still outgrow them, and is refused as too large.
MAX_PERCENTAGE = Decimal(100)
FIRST_DAY, LAST_DAY = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
TOO_LARGE = _("These amounts, percentage and dates give figures too large to compute; check them.")
FIELD_OF_ARGUMENT = {
    "invoice": "invoices",
    "payment": "payments",
    "until": "until",
    "costs": "costs",
    "debtor": "debtor",
    "demand": "demands",
    "demands": "demands",
}


def _within_years(day: date) -> None:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise forms.ValidationError(
            _("Give a day from %(first)s to %(last)s."),
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )


class ClaimForm(forms.Form):
    debtor = forms.ChoiceField(
        label=_("Debtor"),
        choices=[("business", _("Business")), ("consumer", _("Consumer"))],
        widget=forms.RadioSelect,
        initial="business",
    )
    until = forms.DateField(label=_("Compute up to and including"), validators=[_within_years])
    invoices = forms.CharField(
        label=_("Invoices"),
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "1.210,00  31-08-2026"}),
        help_text=_(
            "One per line: amount incl. VAT and the last day to pay, e.g. 1.210,00 31-08-2026."
        ),
    )
    payments = forms.CharField(
        label=_("Payments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "500,00  15-10-2026"}),
        help_text=_("One per line: amount and date; optionally the invoice's line number it paid."),
    )
    interest = forms.ChoiceField(label=_("Interest"), choices=INTEREST_CHOICES, initial="default")
    agreed_percentage = forms.DecimalField(
        label=_("Agreed interest (% a year)"),
        required=False,
        min_value=Decimal(0),
        max_value=MAX_PERCENTAGE,
        decimal_places=4,
    )
    compound = forms.BooleanField(label=_("Agreed interest compounds yearly"), required=False)
    costs = forms.ChoiceField(label=_("Collection costs"), choices=COSTS_CHOICES)
    agreed_costs = forms.DecimalField(
        label=_("Agreed costs (amount or %)"),
        required=False,
        min_value=Decimal(0),
        max_value=MAX_AMOUNT,
        decimal_places=2,
    )
    vat_on_costs = forms.BooleanField(
        label=_("Add VAT to the costs (the creditor cannot deduct VAT)"), required=False
    )
    demands = forms.CharField(
        label=_("Written demands"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "01-06-2026  450,00"}),
        help_text=_(
            "One per line: the day a written demand went out (for a consumer the 14-day "
            "letter) and the amount it demanded, e.g. 01-06-2026 450,00."
        ),
    )
    costs_from = forms.DateField(
        label=_("Costs due from"),
        required=False,
        validators=[_within_years],
        help_text=_("For a consumer: the day after the 14-day letter's term ended."),
    )

    def clean_invoices(self) -> list[Invoice]:
        invoices = []
        for number, words in _lines(self.cleaned_data["invoices"]):
            if len(words) not in (2, 3):
                raise forms.ValidationError(
                    _("Line %(n)s: give an amount and a due date, e.g. 1.210,00 31-08-2026"),
                    params={"n": number},
                )
            amount = _amount(number, words[0])
            issued = _date(number, words[2]) if len(words) == 3 else None
            invoices.append(Invoice(amount, _date(number, words[1]), issued))
        return invoices

    def clean_payments(self) -> list[Payment]:
        payments = []
        for number, words in _lines(self.cleaned_data["payments"]):
            if len(words) not in (2, 3) or (len(words) == 3 and not words[2].isdigit()):
                raise forms.ValidationError(
                    _("Line %(n)s: give an amount and a date, e.g. 500,00 15-10-2026"),
                    params={"n": number},
                )
            designated = int(words[2]) - 1 if len(words) == 3 else None
            payments.append(Payment(_amount(number, words[0]), _date(number, words[1]), designated))
        return payments

    def clean_demands(self) -> list[Demand]:
        demands = []
        for number, words in _lines(self.cleaned_data["demands"]):
            if len(words) not in (1, 2):
                raise forms.ValidationError(
                    _("Line %(n)s: give a date and an amount, e.g. 01-06-2026 450,00"),
                    params={"n": number},
                )
            amount = _amount(number, words[1]) if len(words) == 2 else None
            demands.append(Demand(_date(number, words[0]), amount))
        return demands

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("interest") == "agreed" and data.get("agreed_percentage") is None:
            self.add_error("agreed_percentage", _("Give the agreed percentage."))
        if data.get("costs") in ("amount", "percentage") and data.get("agreed_costs") is None:
            self.add_error("agreed_costs", _("Give the agreed amount or percentage."))
        agreed_costs = data.get("agreed_costs")
        if data.get("costs") == "percentage" and agreed_costs and agreed_costs > MAX_PERCENTAGE:
            message = _("An agreed percentage is at most %(max)s.")
            self.add_error("agreed_costs", message % {"max": MAX_PERCENTAGE})
        return data

    def interest_rule(self) -> InterestRule | None:
        """The chosen interest; None lets the law engine pick the default for the debtor."""
        data = self.cleaned_data
        if data["interest"] == "agreed":
            return agreed_interest(data["agreed_percentage"], compound=data["compound"])
        return {
            "default": None,
            "statutory": STATUTORY_INTEREST,
            "commercial": COMMERCIAL_INTEREST,
            "none": NO_INTEREST,
        }[data["interest"]]

    def costs_rule(self) -> CostsRule:
        data = self.cleaned_data
        if data["costs"] == "amount":
            return CostsRule("agreed_amount", data["agreed_costs"])
        if data["costs"] == "percentage":
            return CostsRule("agreed_percentage", data["agreed_costs"])
        if data["costs"] == "none":
            return NO_COSTS
        return CostsRule("statutory", vat_uplift=data["vat_on_costs"])


def _lines(text: str) -> list[tuple[int, list[str]]]:
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        words = line.replace(";", " ").replace("\t", " ").split()
        if words:
            rows.append((number, words))
    return rows


def _amount(line: int, text: str) -> Decimal:
    try:
        value = parse_amount(text).value
    except ValueError as exc:
        raise forms.ValidationError(f"{_('Line')} {line}: {translated(reason(exc))}") from exc
    if value <= 0:
        raise forms.ValidationError(f"{_('Line')} {line}: {_('the amount must be more than 0')}")
    return value


def _date(line: int, text: str) -> date:
    try:
        return parse_date(text)
    except ValueError as exc:
        raise forms.ValidationError(f"{_('Line')} {line}: {translated(reason(exc))}") from exc


@organisation_required
def claim_calculator(request: HttpRequest) -> HttpResponse:
    """Compute what a debtor owes under Dutch law, line by line."""
    claim = None
    if request.GET:
        form = ClaimForm(request.GET)
        if form.is_valid():
            claim = _compute(form)
    else:
        form = ClaimForm(initial={"until": timezone.localdate(), "costs": "statutory"})
    context = {"form": form, "claim": claim, "json": claim_to_json(claim) if claim else None}
    return render(request, "web/claim.html", context, status=400 if form.errors else 200)


def _compute(form: ClaimForm) -> Claim | None:
    """The claim, or None with the reason added to the form."""
    try:
        return compute_claim(
            debtor=form.cleaned_data["debtor"],
            invoices=form.cleaned_data["invoices"],
            payments=form.cleaned_data["payments"],
            until=form.cleaned_data["until"],
            interest=form.interest_rule(),
            costs=form.costs_rule(),
            costs_from=form.cleaned_data["costs_from"],
            demands=form.cleaned_data["demands"],
            rates=rate_tables(),
        )
    except ClaimInputError as exc:
        form.add_error(FIELD_OF_ARGUMENT.get(exc.argument), translated(exc.message))
    except DecimalException:
        # A figure past Decimal's 28 digits: the input was bounded, its growth cannot be.
        form.add_error(None, TOO_LARGE)
    return None
