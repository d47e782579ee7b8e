"""The Bank page: upload a statement, see what it added; the imports; the accounts.

Parse the form, call `innen.banking.services`, render its summary. The rules (all or
nothing, each entry once) live in the service, so the page and `innen import-statement`
agree. Every lookup is scoped to `request.organisation`: another organisation's id is a 404.
Viewers see everything; only owners and credit controllers upload or add accounts.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from innen.banking import applying, selectors
from innen.banking.models import BankEntry
from innen.banking.services import bank_account_add, statement_import
from innen.banking.summary import ImportSummary
from innen.ledger.models import Customer, Invoice
from innen.ledger.selectors import invoice_search_open
from innen.ledger.services import credit_balances
from innen.organisations.decorators import organisation_required, write_required
from innen.organisations.requests import can_write, organisation_of, signed_in_user

# A year of CAMT.053 for a busy account is tens of megabytes; more is not one statement file.
MAX_UPLOAD_BYTES = 100 * 1024 * 1024


class StatementUploadForm(forms.Form):
    file = forms.FileField(label=_("Statement file"))
    dry_run = forms.BooleanField(label=_("Dry run: check the file, import nothing"), required=False)

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 100 MB."))
        return upload


class AccountForm(forms.Form):
    iban = forms.CharField(label=_("IBAN"), max_length=42)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    bank = forms.CharField(
        label=_("Bank"),
        max_length=40,
        required=False,
        help_text=_("Only for an old account number instead of the IBAN, e.g. ABN AMRO."),
    )


def _page(
    request: HttpRequest,
    *,
    upload_form: StatementUploadForm | None = None,
    account_form: AccountForm | None = None,
    summary: ImportSummary | None = None,
    status: int = 200,
) -> HttpResponse:
    organisation = organisation_of(request)
    context: dict[str, Any] = {
        "upload_form": upload_form or StatementUploadForm(),
        "account_form": account_form or AccountForm(),
        "summary": summary,
        "imports": selectors.import_list(organisation=organisation),
        "accounts": selectors.account_list(organisation=organisation),
        "can_write": can_write(request),
    }
    return render(request, "web/bank/bank.html", context, status=status)


@organisation_required
def bank(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _upload(request)
    return _page(request)


@write_required
def _upload(request: HttpRequest) -> HttpResponse:
    form = StatementUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, upload_form=form, status=400)
    upload = form.cleaned_data["file"]
    summary = statement_import(
        data=upload.read(),
        name=upload.name or "upload",
        organisation=organisation_of(request),
        dry_run=form.cleaned_data["dry_run"],
        user=signed_in_user(request),
    )
    return _page(request, upload_form=form, summary=summary, status=200 if summary.ok else 400)


@require_POST
@organisation_required
@write_required
def account_add(request: HttpRequest) -> HttpResponse:
    form = AccountForm(request.POST)
    if form.is_valid():
        try:
            account = bank_account_add(
                organisation=organisation_of(request),
                iban=form.cleaned_data["iban"],
                name=form.cleaned_data["name"],
                bank=form.cleaned_data["bank"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, gettext("Account %(iban)s added.") % {"iban": account.iban})
            return redirect("bank")
    return _page(request, account_form=form, status=400)


@organisation_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    statement_import = selectors.import_get(organisation=organisation_of(request), pk=pk)
    if statement_import is None:
        raise Http404
    entries = selectors.entry_list(statement_import=statement_import)
    context = {
        "statement_import": statement_import,
        "entries": entries,
        "shown": len(entries),
        "can_write": can_write(request),
    }
    return render(request, "web/bank/import.html", context)


@organisation_required
def review(request: HttpRequest) -> HttpResponse:
    """The lines matching was not sure of, with what it offers, for a person to decide; a
    line's search (``?entry=<id>&q=<text>``) finds the open invoices it may pay."""
    organisation = organisation_of(request)
    entries, count = selectors.review_list(organisation=organisation)
    searched, text = _search(request)
    found: list[Invoice] = []
    if searched is not None and text:
        found = invoice_search_open(
            organisation=organisation, today=timezone.localdate(), text=text
        )
    context = {
        "entries": entries,
        "count": count,
        "can_write": can_write(request),
        "searched": searched,
        "search": text,
        "found": found,
    }
    return render(request, "web/bank/review.html", context)


def _search(request: HttpRequest) -> tuple[int | None, str]:
    """The line whose search was asked for and what was typed, at most 100 characters."""
    entry = request.GET.get("entry", "")
    text = request.GET.get("q", "").strip()[:100]
    return (int(entry) if entry.isdigit() else None), text


def _entry(request: HttpRequest, pk: int) -> BankEntry:
    found = BankEntry.objects.filter(organisation=organisation_of(request), pk=pk).first()
    if found is None:
        raise Http404
    return found


def _invoice_numbers(request: HttpRequest) -> list[str]:
    """The invoice numbers ticked in the form (in the order shown), or typed apart by commas
    or semicolons."""
    return ",".join(request.POST.getlist("invoices")).replace(";", ",").split(",")


def _decide(request: HttpRequest, pk: int, decide: Any) -> HttpResponse:
    row = _entry(request, pk)
    try:
        decide(row)
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.success(request, gettext("Done."))
    return redirect("bank-review")


@require_POST
@organisation_required
@write_required
def entry_accept(request: HttpRequest, pk: int, offer: int) -> HttpResponse:
    user, today = signed_in_user(request), timezone.localdate()
    return _decide(
        request, pk, lambda row: applying.entry_accept(row, offer, today=today, user=user)
    )


@require_POST
@organisation_required
@write_required
def entry_assign(request: HttpRequest, pk: int) -> HttpResponse:
    user, today = signed_in_user(request), timezone.localdate()
    numbers = _invoice_numbers(request)
    return _decide(
        request, pk, lambda row: applying.entry_assign(row, numbers, today=today, user=user)
    )


@require_POST
@organisation_required
@write_required
def entry_ignore(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    return _decide(request, pk, lambda row: applying.entry_ignore(row, user=user))


@require_POST
@organisation_required
@write_required
def entry_return(request: HttpRequest, pk: int) -> HttpResponse:
    user, today = signed_in_user(request), timezone.localdate()
    numbers = _invoice_numbers(request)
    return _decide(
        request, pk, lambda row: applying.entry_return(row, numbers, today=today, user=user)
    )


@require_POST
@organisation_required
@write_required
def entry_refund(request: HttpRequest, pk: int) -> HttpResponse:
    user, today = signed_in_user(request), timezone.localdate()
    number = request.POST.get("customer", "")
    return _decide(
        request, pk, lambda row: applying.entry_refund(row, number, today=today, user=user)
    )


@organisation_required
def credit(request: HttpRequest) -> HttpResponse:
    """Customers who paid more than they owe: what innen holds for them, largest first."""
    organisation = organisation_of(request)
    balances = credit_balances(organisation.pk)
    customers = Customer.objects.filter(organisation=organisation, pk__in=list(balances))
    rows = sorted(
        ((customer, balances[customer.pk]) for customer in customers),
        key=lambda row: (-row[1], row[0].name),
    )
    return render(
        request,
        "web/bank/credit.html",
        {"rows": rows, "total": sum((amount for _, amount in rows), Decimal("0.00"))},
    )
