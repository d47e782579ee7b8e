"""Forms of the webhooks page: an endpoint to add, and an endpoint's events to change."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from innen.webhooks.models import SUBSCRIBABLE


class EventsField(forms.MultipleChoiceField):
    def __init__(self) -> None:
        super().__init__(
            label=_("events"),
            choices=SUBSCRIBABLE,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Choose at least one event.")},
        )


class EndpointAddForm(forms.Form):
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://", "autocomplete": "off"}),
        help_text=_("Where innen posts the events: https, reachable from the internet."),
    )
    description = forms.CharField(label=_("description"), max_length=200, required=False)
    events = EventsField()


class EndpointEditForm(forms.Form):
    description = forms.CharField(label=_("description"), max_length=200, required=False)
    events = EventsField()
    active = forms.BooleanField(
        label=_("active"),
        required=False,
        help_text=_("Switched off, the endpoint gets nothing until it is switched on again."),
    )
