"""Money and dates as a Dutch or English reader expects them (babel).

money(Decimal("1234.56"), "nl") -> "€ 1.234,56"      money(..., "en") -> "€1,234.56"
long_date(date(2026, 11, 23), "nl") -> "23 november 2026"   "en" -> "23 November 2026"
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency

from innen.money import round_cents

LANGUAGES = ("nl", "en")
# Euro amounts in English as in Ireland: "€1,234.56" (en_GB would too; en_US puts € the same).
LOCALES = {"nl": "nl_NL", "en": "en_IE"}


def locale_for(language: str) -> str:
    if language not in LOCALES:
        raise ValueError(f"language must be nl or en, not {language!r}")
    return LOCALES[language]


def money(amount: Decimal, language: str) -> str:
    """`amount` in euros, rounded half-up to cents."""
    return format_currency(round_cents(amount), "EUR", locale=locale_for(language))


def long_date(day: date, language: str) -> str:
    """E.g. "23 november 2026": the way a letter writes a date."""
    return format_date(day, "d MMMM y", locale=locale_for(language))


def short_date(day: date, language: str) -> str:
    """E.g. "23-11-2026" / "23 Nov 2026": dates in a table."""
    pattern = "dd-MM-y" if language == "nl" else "d MMM y"
    return format_date(day, pattern, locale=locale_for(language))


def join_words(words: Sequence[str], language: str) -> str:
    """ "A, B en C" / "A, B and C"."""
    if len(words) <= 1:
        return "".join(words)
    last = " en " if language == "nl" else " and "
    return ", ".join(words[:-1]) + last + words[-1]
