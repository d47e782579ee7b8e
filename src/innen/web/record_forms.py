"""The desk's forms for records by hand: customers, invoices, credit notes, write-offs, payments.

Each field is read by the cleaning the CSV import uses (`innen.formats` amounts and dates,
`innen.identifiers` for KvK, VAT, postcode and IBAN) through `innen.validators.cleaned`, so
a value the import refuses is refused here too, in the same words. What the model and the
ledger's services check besides (a consumer with a KvK number, a total that is not the sum)
comes back from the service and is put on the field it names (`refusal_on_form`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import models
from django.utils.translation import gettext_lazy as _

from innen.collection.models import Policy
from innen.file_messages import translated
from innen.formats import messages as format_messages
from innen.formats.amounts import parse_amount
from innen.formats.dates import parse_date
from innen.identifiers import clean_dutch_postcode, clean_iban, clean_kvk, clean_vat
from innen.ledger.importing import refusals as import_refusals
from innen.ledger.invoice_pdf import pdf_problem
from innen.ledger.models import CreditNote, Customer, CustomerKind, Invoice, Payment, Supply
from innen.money import ZERO
from innen.organisations.models import Language
from innen.translatable import say
from innen.validators import cleaned, split_emails


def _label(model: type[models.Model], name: str) -> Any:
    field: Any = model._meta.get_field(name)
    return field.verbose_name


def _text(model: type[models.Model], name: str, **kwargs: Any) -> forms.CharField:
    field: Any = model._meta.get_field(name)
    given = {
        "label": field.verbose_name,
        "max_length": field.max_length,
        "required": False,
        "help_text": field.help_text,
    }
    return forms.CharField(**{**given, **kwargs})


class AmountField(forms.CharField):
    """An amount as the import reads it: "1.234,56", "1234.56", "€ 12"; never negative."""

    def __init__(self, *, positive: bool = True, **kwargs: Any) -> None:
        self.positive = positive
        super().__init__(max_length=30, **kwargs)

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if not text:
            return None
        amount = cleaned(parse_amount, text).value
        if amount < ZERO or (self.positive and amount == ZERO):
            raise ValidationError(
                _("must be more than 0") if self.positive else _("may not be negative")
            )
        return amount


class DayField(forms.CharField):
    """A date as the import reads it (2026-11-23 or 23-11-2026); a browser's date input sends
    the first."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def clean(self, value: Any) -> date | None:
        text = super().clean(value)
        return cleaned(parse_date, text) if text else None


def refusal_on_form(form: forms.Form, refusal: ValidationError) -> None:
    """Put a service's refusal on the fields it names (the rest above the form)."""
    for name, errors in refusal.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class CustomerForm(forms.Form):
    """A customer, new (with its number) or changed (its number stays)."""

    number = _text(Customer, "number", required=True)
    kind = forms.ChoiceField(label=_label(Customer, "kind"), choices=CustomerKind.choices)
    name = _text(Customer, "name", required=True)
    contact_person = _text(Customer, "contact_person")
    emails = _text(Customer, "emails")
    phone = _text(Customer, "phone")
    street = _text(Customer, "street")
    postcode = _text(Customer, "postcode")
    city = _text(Customer, "city")
    country = _text(Customer, "country", initial="NL", help_text=_("ISO 3166, e.g. NL."))
    kvk_number = _text(Customer, "kvk_number", max_length=20)
    vat_number = _text(Customer, "vat_number", max_length=30)
    language = forms.ChoiceField(label=_label(Customer, "language"), choices=Language.choices)
    segment = _text(Customer, "segment")
    policy = forms.ModelChoiceField(
        label=_("Dunning policy"),
        queryset=Policy.objects.none(),
        required=False,
        empty_label=_("The segment's or the default policy"),
    )
    ibans = forms.CharField(
        label=_("known IBANs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "The accounts the customer pays from, one per line; bank matching finds them by these."
        ),
    )
    notes = forms.CharField(
        label=_label(Customer, "notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    external_reference = _text(Customer, "external_reference")

    def __init__(
        self, *args: Any, organisation_id: int, editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        policy: Any = self.fields["policy"]
        policy.queryset = Policy.objects.filter(organisation_id=organisation_id).order_by(
            "customer_kind", "name"
        )
        if editing:
            del self.fields["number"]
            self.fields["ibans"].help_text = _("New accounts are added; the known ones stay known.")

    def clean_emails(self) -> str:
        addresses = split_emails(self.cleaned_data["emails"])
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError as exc:
                raise ValidationError(import_refusals.NOT_AN_EMAIL % {"address": address}) from exc
        return ", ".join(addresses)

    def clean_country(self) -> str:
        value = self.cleaned_data["country"].strip().upper() or "NL"
        if len(value) != 2 or not value.isalpha():
            raise ValidationError(_("ISO 3166, e.g. NL."))
        return value

    def clean_kvk_number(self) -> str:
        value: str = self.cleaned_data["kvk_number"]
        return cleaned(clean_kvk, value) if value.strip() else ""

    def clean_vat_number(self) -> str:
        value: str = self.cleaned_data["vat_number"]
        return cleaned(clean_vat, value) if value.strip() else ""

    def clean_ibans(self) -> list[str]:
        lines = self.cleaned_data["ibans"].replace(",", "\n").replace(";", "\n").splitlines()
        return list(dict.fromkeys(cleaned(clean_iban, line) for line in lines if line.strip()))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        postcode = (data.get("postcode") or "").strip()
        if postcode and data.get("country") == "NL":
            try:
                data["postcode"] = cleaned(clean_dutch_postcode, postcode)
            except ValidationError as exc:
                self.add_error("postcode", exc)
        return data

    def customer_fields(self) -> dict[str, Any]:
        """The cleaned fields the ledger's customer services take."""
        skip = {"ibans", "policy"}
        return {name: value for name, value in self.cleaned_data.items() if name not in skip}


def _amounts(form: forms.Form, data: dict[str, Any]) -> None:
    """The total, when left empty, is the amount excl. VAT plus VAT (as the import reads it)."""
    excl, vat = data.get("amount_excl_vat"), data.get("vat_amount")
    data["vat_amount"] = vat if vat is not None else ZERO
    if data.get("total") is None and excl is not None and "total" not in form.errors:
        data["total"] = excl + data["vat_amount"]
    if data.get("total") is None and "total" not in form.errors:
        form.add_error("total", forms.Field.default_error_messages["required"])


def _pdf(upload: UploadedFile | None) -> bytes | None:
    if upload is None:
        return None
    data: bytes = upload.read()
    problem = pdf_problem(data)
    if problem is not None:
        raise ValidationError(problem)
    return data


def _supply() -> forms.ChoiceField:
    """Goods or services: a consumer's limitation depends on it (art. 7:28, 3:307 BW)."""
    field: Any = Invoice._meta.get_field("supply")
    # Not required: a form posted without it (a script) leaves it as it is, or unknown.
    return forms.ChoiceField(
        label=field.verbose_name,
        choices=Supply.choices,
        initial=Supply.UNKNOWN,
        help_text=field.help_text,
        required=False,
    )


class InvoiceForm(forms.Form):
    """A new invoice of a customer, with its PDF if there is one."""

    number = _text(Invoice, "number", required=True)
    issue_date = DayField(label=_label(Invoice, "issue_date"))
    due_date = DayField(label=_label(Invoice, "due_date"), help_text=_("The last day to pay."))
    amount_excl_vat = AmountField(label=_label(Invoice, "amount_excl_vat"), positive=False)
    vat_amount = AmountField(label=_label(Invoice, "vat_amount"), positive=False, required=False)
    total = AmountField(
        label=_label(Invoice, "total"),
        required=False,
        help_text=_("Left empty: the amount excl. VAT plus VAT."),
    )
    payment_reference = _text(Invoice, "payment_reference")
    external_reference = _text(Invoice, "external_reference")
    supply = _supply()
    pdf = forms.FileField(
        label=_label(Invoice, "pdf"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def clean_pdf(self) -> bytes | None:
        return _pdf(self.cleaned_data.get("pdf"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        _amounts(self, data)
        _due_after_issue(self, data.get("issue_date"), data.get("due_date"))
        return data

    def invoice_fields(self) -> dict[str, Any]:
        fields = {name: value for name, value in self.cleaned_data.items() if name != "pdf"}
        return {**fields, "supply": fields.get("supply") or Supply.UNKNOWN}


def _due_after_issue(form: forms.Form, issued: date | None, due: date | None) -> None:
    """The import's rule and words: the due date is not before the invoice date."""
    if issued and due and due < issued:
        message = say(format_messages.DUE_BEFORE_ISSUE, due=f"{due:%d-%m-%Y}")
        form.add_error("due_date", translated(message))


class InvoiceEditForm(forms.Form):
    """What may change of an invoice (as the API allows): its amounts change by credit notes."""

    due_date = DayField(label=_label(Invoice, "due_date"), help_text=_("The last day to pay."))
    payment_reference = _text(Invoice, "payment_reference")
    external_reference = _text(Invoice, "external_reference")
    supply = _supply()
    pdf = forms.FileField(
        label=_label(Invoice, "pdf"),
        required=False,
        help_text=_("Only to replace the PDF the customer sees."),
        widget=forms.FileInput(attrs={"accept": "application/pdf"}),
    )

    def __init__(self, *args: Any, issue_date: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.issue_date = issue_date

    def clean_pdf(self) -> bytes | None:
        return _pdf(self.cleaned_data.get("pdf"))

    def clean_due_date(self) -> date | None:
        due: date | None = self.cleaned_data.get("due_date")
        _due_after_issue(self, self.issue_date, due)
        return due

    def changes(self) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name != "pdf" and not (name == "supply" and not value)
        }


class CreditNoteForm(forms.Form):
    """A credit note on one invoice: it settles what is open of it."""

    number = _text(CreditNote, "number", required=True)
    issue_date = DayField(label=_label(CreditNote, "issue_date"))
    amount_excl_vat = AmountField(label=_label(CreditNote, "amount_excl_vat"), positive=False)
    vat_amount = AmountField(label=_label(CreditNote, "vat_amount"), positive=False, required=False)
    total = AmountField(
        label=_label(CreditNote, "total"),
        required=False,
        help_text=_("Left empty: the amount excl. VAT plus VAT."),
    )
    external_reference = _text(CreditNote, "external_reference")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        _amounts(self, data)
        return data


class WriteOffForm(forms.Form):
    date = DayField(label=_("date"))
    amount = AmountField(label=_("amount"))
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class PaymentForm(forms.Form):
    """A payment received for this invoice: it pays it first, then the customer's oldest."""

    date = DayField(label=_label(Payment, "date"))
    amount = AmountField(label=_label(Payment, "amount"))
    payer_name = _text(Payment, "payer_name")
    payer_iban = forms.CharField(label=_label(Payment, "payer_iban"), max_length=42, required=False)
    description = _text(Payment, "description")
    external_reference = _text(
        Payment,
        "external_reference",
        help_text=_("A payment with this reference is recorded once."),
    )

    def clean_payer_iban(self) -> str:
        value: str = self.cleaned_data["payer_iban"]
        return cleaned(clean_iban, value) if value.strip() else ""
