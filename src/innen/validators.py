"""Django validators that wrap the pure checks in `innen.identifiers` and `innen.letters`."""

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from innen import identifiers
from innen.file_messages import translated
from innen.letters.headers import is_one_line
from innen.translatable import reason

T = TypeVar("T")


def cleaned(check: Callable[[str], T], value: str) -> T:
    """`value` as the pure `check` (an import's own cleaning) reads it; its refusal as a
    `ValidationError` in the active language. The desk's forms clean their fields with it."""
    try:
        return check(value)
    except ValueError as exc:
        raise ValidationError(translated(reason(exc))) from exc


def _check(check: Callable[[str], str], value: str) -> None:
    cleaned(check, value)


def validate_iban(value: str) -> None:
    _check(identifiers.clean_iban, value)


def validate_bic(value: str) -> None:
    _check(identifiers.clean_bic, value)


def validate_kvk(value: str) -> None:
    _check(identifiers.clean_kvk, value)


def validate_vat(value: str) -> None:
    _check(identifiers.clean_vat, value)


def validate_email_list(value: str) -> None:
    """Accept one or more e-mail addresses separated by commas or semicolons."""
    for address in split_emails(value):
        validate_email(address)


def split_emails(value: str) -> list[str]:
    return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]


def validate_one_line(value: str) -> None:
    """Refuse line breaks and other control characters in a value that reaches a mail header."""
    if not is_one_line(value):
        raise ValidationError(
            _("One line, without line breaks or control characters."), code="one_line"
        )
