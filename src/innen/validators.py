"""Django validators that wrap the pure checks in `innen.identifiers`."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from innen import identifiers


def _check(check: Callable[[str], str], value: str) -> None:
    try:
        check(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc


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
