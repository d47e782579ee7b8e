"""Template filters that wrap innen's formatting functions, one line each."""

from datetime import date
from decimal import Decimal

from babel.dates import format_date, format_interval
from babel.numbers import format_currency
from django import template
from django.utils.translation import get_language

from innen.dossier.said import said as said_stored
from innen.file_messages import translated
from innen.money import round_cents
from innen.translatable import from_record

register = template.Library()

BABEL_LOCALES = {"nl": "nl_NL", "en": "en_GB"}


def _locale() -> str:
    return BABEL_LOCALES.get((get_language() or "nl")[:2], "nl_NL")


@register.filter
def eur(amount: Decimal | None) -> str:
    """€ 1.234,56 in Dutch, €1,234.56 in English."""
    if amount is None:
        return ""
    return format_currency(round_cents(Decimal(amount)), "EUR", locale=_locale())


@register.filter
def day(value: date | None) -> str:
    """23-11-2026 in Dutch, 23 Nov 2026 in English."""
    if value is None:
        return ""
    return format_date(
        value, format="medium" if _locale() == "en_GB" else "dd-MM-yyyy", locale=_locale()
    )


@register.filter
def said(record: object, fallback: str = "") -> str:
    """A reason stored as `innen.translatable.to_record` keeps it, in the reader's language;
    `fallback` (the English record) when there is none, as on lines matched before."""
    text = from_record(record)
    return translated(text) if text else fallback


@register.simple_tag
def day_range(first: date, last: date) -> str:
    """A short span of days on one line: "7–13 dec" in Dutch, "30 Nov – 6 Dec" in English.

    The page shows the year elsewhere; no-break spaces keep the span from wrapping."""
    text = format_interval(first, last, skeleton="MMMd", locale=_locale())
    # Babel puts thin spaces around the dash: breakable too, so their no-break forms.
    return text.replace(" ", "\u00a0").replace("\u2009", "\u202f")


@register.filter
def stored(text: object) -> str:
    """An English sentence innen stored (a message's reason, a note), in the reader's language
    when `innen.dossier.said` knows it; what a person typed as typed."""
    return said_stored(str(text or ""))


@register.filter
def iban(value: object) -> str:
    """An IBAN as people write it, in groups of four (NL91 ABNA 0417 1643 00)."""
    text = str(value or "").replace(" ", "")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
