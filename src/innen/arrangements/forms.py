"""The forms of the portal and the desk: they parse and name the field; services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from innen.arrangements.models import ArrangementSettings, DisputeReason
from innen.arrangements.rules import MONTHS_CEILING
from innen.arrangements.uploads import (
    MAX_BYTES,
    Attachment,
    UploadProblem,
    attachment_or_problem,
    size_problem,
)
from innen.collection.models import CollectionSettings
from innen.ledger.models import Invoice
from innen.letters.formatting import money

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InvoiceChoice(forms.ModelMultipleChoiceField[Invoice]):
    def label_from_instance(self, obj: Invoice) -> str:
        language = "en" if get_language() == "en" else "nl"
        open_amount = getattr(obj, "open_amount", obj.total)
        return f"{obj.number} · {money(Decimal(str(open_amount)), language)}"


class PortalForm(forms.Form):
    """A portal form offering the customer's open invoices (none ticked: all of them)."""

    invoices = InvoiceChoice(
        label=_("Invoices"),
        queryset=Invoice.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: all open invoices."),
        error_messages={"invalid_choice": _("Choose among your open invoices.")},
    )

    def __init__(self, *args: Any, invoices: list[Invoice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["invoices"]
        assert isinstance(field, InvoiceChoice)
        field.queryset = Invoice.objects.filter(pk__in=[i.pk for i in invoices]).with_balance()

    def invoice_ids(self) -> list[int]:
        return [invoice.pk for invoice in self.cleaned_data.get("invoices") or []]


class PromiseForm(PortalForm):
    promised_on = forms.DateField(label=_("I will pay on"), widget=DATE_WIDGET)


class PlanForm(PortalForm):
    months = forms.IntegerField(
        label=_("Number of monthly instalments"),
        min_value=2,
        max_value=MONTHS_CEILING,
        error_messages={
            "max_value": _("At most %(limit_value)s instalments."),
            "min_value": _("At least %(limit_value)s instalments; for one date, promise to pay."),
        },
    )


class DisputeForm(PortalForm):
    reason = forms.ChoiceField(
        label=_("What is it about?"), choices=DisputeReason.choices, widget=forms.RadioSelect
    )
    message = forms.CharField(
        label=_("Your message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        help_text=_("A PDF, PNG or JPEG file of at most 5 MB."),
    )

    def clean_attachment(self) -> Attachment | None:
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        # The size first: a file over the limit is refused without being read.
        checked = size_problem(upload.size or 0) or attachment_or_problem(
            upload.name or "", upload.read()
        )
        if isinstance(checked, Attachment):
            return checked
        raise forms.ValidationError(_refusal(checked))


def _refusal(problem: UploadProblem) -> str:
    if problem is UploadProblem.TOO_BIG:
        return gettext("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
    if problem is UploadProblem.EMPTY:
        return gettext("The file is empty.")
    return gettext("Only PDF, PNG and JPEG files can be attached.")


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Answer to the customer"), max_length=8000, widget=forms.Textarea(attrs={"rows": 6})
    )
    resolve = forms.BooleanField(
        label=_("Resolved: resume collection"),
        required=False,
        help_text=_("Leave unticked to keep collection of these invoices on hold."),
    )


class ArrangementSettingsForm(forms.ModelForm[ArrangementSettings]):
    class Meta:
        model = ArrangementSettings
        fields = [
            "promise_max_days",
            "plan_min_instalment",
            "plan_max_months",
            "plan_min_total",
            "plan_approval_above",
            "plan_grace_days",
            "reminder_days",
        ]


class BrokenPromiseForm(forms.ModelForm[CollectionSettings]):
    """On the same page as the rules: how long a broken promise bars a new one.

    The setting is collection's (`innen.collection.promises`): the desk's call outcomes obey
    it too.
    """

    class Meta:
        model = CollectionSettings
        fields = ["broken_promise_days"]
