"""The portal's forms: the code sign-in, the choice of invoices to pay, the Mollie settings."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from innen.portal.models import MollieMethod, MollieSettings

MOLLIE_KEY = re.compile(r"^(live|test)_\w{20,}$")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your letter"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    postcode = forms.CharField(
        label=_("Your postcode"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )


class PayForm(forms.Form):
    invoices = forms.TypedMultipleChoiceField(coerce=int, choices=(), required=False)
    # What to pay: the whole claim on the ticked invoices, or what the last letter demanded.
    amount_of = forms.ChoiceField(
        choices=[("claim", "claim"), ("letter", "letter")], required=False
    )

    def __init__(self, *args: Any, invoice_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["invoices"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(pk, str(pk)) for pk in invoice_ids]
        field.error_messages = {
            "required": _("Choose one or more of your open invoices."),
            "invalid_choice": _("Choose one or more of your open invoices."),
        }


class MollieSettingsForm(forms.ModelForm[MollieSettings]):
    """The key is never shown back: an empty field keeps the stored one."""

    api_key = forms.CharField(
        label=_("Mollie API key"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("Starts with live_ or test_. Leave empty to keep the key you saved."),
    )
    methods = forms.MultipleChoiceField(
        label=_("Payment methods"),
        choices=MollieMethod.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: Mollie offers every method switched on in your Mollie account."),
    )

    class Meta:
        model = MollieSettings
        fields = ["enabled", "api_key", "methods"]

    def clean_api_key(self) -> str:
        key = str(self.cleaned_data["api_key"]).strip()
        if not key:
            return self.instance.api_key
        if not MOLLIE_KEY.match(key):
            raise forms.ValidationError(
                _("A Mollie API key starts with live_ or test_ followed by at least 20 letters.")
            )
        return key

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("enabled") and not data.get("api_key"):
            self.add_error("api_key", _("Online payment needs a Mollie API key."))
        return data
