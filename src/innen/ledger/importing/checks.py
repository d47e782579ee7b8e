"""What every ledger import shares: the plan a check makes, how it reports progress, the
lookups by key in chunks, the checks of a row against the model and the database, and the
error that rolls a write back."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from django.core.exceptions import ValidationError
from django.db import models

from innen.formats.amounts import format_amount
from innen.formats.errors import LineError
from innen.formats.ledger_csv import (
    Parsed,
)
from innen.ledger.importing import refusals
from innen.ledger.models import (
    Customer,
    Invoice,
)
from innen.organisations.models import Organisation

# Rows per IN (...) lookup and per INSERT: well below SQLite's limit on query parameters.
CHUNK = 1000

M = TypeVar("M", bound=models.Model)


class Progress(Protocol):
    """Told how far an import is; the command line shows it as a progress bar."""

    def start(self, stage: str, total: int) -> None: ...

    def advance(self, count: int = 1) -> None: ...


class NoProgress:
    def start(self, stage: str, total: int) -> None:
        pass

    def advance(self, count: int = 1) -> None:
        pass


@dataclass
class ImportPlan:
    """What the check against the database decided: the errors, or what to write."""

    errors: list[LineError] = field(default_factory=list)
    unchanged: int = 0
    write: Callable[[], dict[str, int]] = lambda: {}


class WriteError(Exception):
    """A service refused a row while writing: the whole import is rolled back."""

    def __init__(self, error: LineError) -> None:
        super().__init__(str(error))
        self.error = error


def refused(line: int, exc: ValidationError) -> WriteError:
    return WriteError(LineError(line, "", "; ".join(exc.messages)))


# Looking up and checking ---------------------------------------------------------------


def by_key(queryset: models.QuerySet[M], key: str, values: Iterable[str]) -> dict[str, M]:
    """Return the rows of `queryset` whose `key` is in `values`, by that key, in chunks."""
    wanted = sorted({value for value in values if value})
    found: dict[str, M] = {}
    for start in range(0, len(wanted), CHUNK):
        for row in queryset.filter(**{f"{key}__in": wanted[start : start + CHUNK]}):
            found[getattr(row, key)] = row
    return found


def invoices_numbered(organisation: Organisation, numbers: Iterable[str]) -> dict[str, Invoice]:
    """The organisation's invoices, with their customers, whose number is among `numbers`."""
    return by_key(
        Invoice.objects.filter(organisation=organisation).select_related("customer"),
        "number",
        numbers,
    )


def model_errors(
    instance: models.Model, line: int, parsed: Parsed[Any], exclude: Sequence[str]
) -> list[LineError]:
    """Check `instance` with the model's own field validators and `clean`, without queries.

    Uniqueness is decided by the plan (one query for all rows) rather than per row.
    """
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return [
            LineError(line, parsed.column(name) if name != "__all__" else "", message)
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return []


def differences(
    line: int, what: str, parsed: Parsed[Any], pairs: Iterable[tuple[str, object, object]]
) -> list[LineError]:
    """Return an error for each (field, in the database, on the line) pair that differs."""
    return [
        LineError(
            line,
            parsed.column(name),
            refusals.ALREADY_EXISTS % _difference(what, name, stored, given),
        )
        for name, stored, given in pairs
        if stored != given
    ]


def difference_message(what: str, name: str, stored: object, given: object) -> str:
    """Say that `what` is stored with another `name` than a whole file (UBL) gives."""
    return str(refusals.FILE_SAYS_OTHERWISE % _difference(what, name, stored, given))


def _difference(what: str, name: str, stored: object, given: object) -> dict[str, str]:
    return {"what": what, "field": _label(name), "stored": _shown(stored), "given": _shown(given)}


def _label(name: str) -> str:
    label = refusals.FIELD_LABELS.get(name)
    if label is not None:
        return str(label)
    return name.replace("_", " ").replace("vat", "VAT").replace("excl", "excl.")


def _shown(value: object) -> str:
    if isinstance(value, Decimal):
        return format_amount(value)
    if isinstance(value, date):
        return f"{value:%d-%m-%Y}"
    return f'"{value}"' if value else str(refusals.EMPTY_VALUE)


def customers_named(
    organisation: Organisation, parsed: Parsed[Any], plan: ImportPlan
) -> dict[str, Customer]:
    """Return the customers the rows name by number; report unknown ones of the failed lines.

    (The good rows' unknown customers are reported where the row is planned.)
    """
    failed = {
        record.line: record.cells.get("customer_number", "")
        for record in parsed.failed
        if record.cells.get("customer_number")
    }
    numbers = [row.customer_number for row in parsed.rows] + list(failed.values())
    customers = by_key(Customer.objects.filter(organisation=organisation), "number", numbers)
    plan.errors += [
        unknown_customer(line, number, parsed)
        for line, number in failed.items()
        if number not in customers
    ]
    return customers


def unknown_customer(line: int, number: str, parsed: Parsed[Any]) -> LineError:
    message = refusals.NO_CUSTOMER % {"number": number}
    return LineError(line, parsed.column("customer_number"), message)
