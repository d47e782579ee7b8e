"""Forms of the outbox pages: an organisation's own message text, and its sender settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from innen.letters.letter import Letter
from innen.letters.templating import template_problems
from innen.outbox.models import MessageTemplate, SenderSettings

MAX_PORTAL_LINK_DAYS = 366


class MessageTemplateForm(forms.ModelForm[MessageTemplate]):
    """Subject and body of one step kind in one language.

    Refused when the text does not render for any of `letters` (a syntax error, an unknown
    field): a text that cannot be filled in must never be stored, or the run would send
    nothing. The problems are named in `language` (the page's).
    """

    class Meta:
        model = MessageTemplate
        fields = ["subject", "body"]
        widgets = {
            "subject": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "true"}),
            "body": forms.Textarea(attrs={"rows": 18, "spellcheck": "true"}),
        }

    def __init__(self, *args: Any, letters: list[Letter], language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.letters = letters
        self.language = language

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        problems = text_problems(
            data.get("subject", ""), data.get("body", ""), self.letters, self.language
        )
        for problem in problems:
            self.add_error(None, problem)
        return data


def text_problems(subject: str, body: str, letters: list[Letter], language: str) -> list[str]:
    """Everything wrong with a text for any of `letters`, each problem named once."""
    found: list[str] = []
    for letter in letters:
        for problem in template_problems(subject, body, letter, language=language):
            if problem not in found:
                found.append(problem)
    return found


class SenderSettingsForm(forms.ModelForm[SenderSettings]):
    class Meta:
        model = SenderSettings
        fields = ["from_name", "from_email", "reply_to", "signatory", "portal_link_days"]
        help_texts = {
            "from_name": _("Empty: the organisation's name."),
            "signatory": _("Who signs the letters; empty: the organisation's name."),
        }

    def clean_portal_link_days(self) -> int:
        days = self.cleaned_data["portal_link_days"]
        if not 1 <= days <= MAX_PORTAL_LINK_DAYS:
            raise forms.ValidationError(
                _("Between 1 and %(most)s days.") % {"most": MAX_PORTAL_LINK_DAYS}
            )
        return int(days)
