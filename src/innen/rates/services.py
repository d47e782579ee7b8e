"""Every write to the rate tables: a new half-year's rate, a correction, a row's first use.

A rate is added for 1 January or 1 July (art. 6:120 lid 2 BW: the rates change on those
days) and never leaves a half-year unknown in between. A row that a letter or an export used
is never changed: a correction is a new row for the same table and day, naming the row it
replaces and the reason, so a letter already sent can still be explained by its row.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from innen.law.rates import NAMES
from innen.rates.models import InterestRate, Table
from innen.rates.selectors import rate_tables

CHANGE_DAYS = ((1, 1), (7, 1))
CENTS = Decimal("0.01")


class RateError(ValueError):
    """A rate that cannot be recorded; `field` names the input ("from", "commercial", ...)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@transaction.atomic
def rates_add(
    *,
    effective: date,
    rates: Mapping[str, Decimal],
    source: str,
    confirmed: bool = True,
    reason: str = "",
    added_by: str = "",
) -> list[InterestRate]:
    """Record the rate of each table in `rates` ("statutory", "commercial") from `effective`.

    All or nothing: a RateError for one table records none. Where a table already has a
    rate for that day, `reason` makes the new row a correction of it.
    """
    rows = rates_check(
        effective=effective,
        rates=rates,
        source=source,
        confirmed=confirmed,
        reason=reason,
        added_by=added_by,
    )
    for row in rows:
        row.save()
    return rows


def rates_check(
    *,
    effective: date,
    rates: Mapping[str, Decimal],
    source: str,
    confirmed: bool = True,
    reason: str = "",
    added_by: str = "",
) -> list[InterestRate]:
    """The rows `rates_add` would record, unsaved; raises RateError naming the bad input."""
    if not rates:
        raise RateError("rate", "give the commercial rate, the consumer rate or both")
    source, reason = _text("source", source, required=True), _text("reason", reason)
    tables = rate_tables()
    rows = []
    for table, rate in rates.items():
        if table not in Table.values:
            raise RateError("table", f"unknown table {table!r}")
        _check_rate(table, rate)
        current = _current(table, effective)
        if current is None:
            _check_new_day(table, effective, tables.table(table).known_until)
        elif not reason:
            raise RateError(
                "from",
                f"the {NAMES[table]} from {effective.isoformat()} is already recorded "
                f"({current.rate}%); give a reason to record a correction",
            )
        rows.append(
            InterestRate(
                table=table,
                effective=effective,
                rate=rate,
                source=source,
                confirmed=confirmed,
                replaces=current,
                reason=reason if current is not None else "",
                added_by=_text("added_by", added_by),
            )
        )
    return rows


@transaction.atomic
def rate_amend(*, row: InterestRate, rate: Decimal, source: str, confirmed: bool) -> InterestRate:
    """Change a row nothing has used yet (a typo just after adding it)."""
    locked = InterestRate.objects.select_for_update().get(pk=row.pk)
    check_amendable(locked, rate)
    locked.rate = rate
    locked.source = _text("source", source, required=True)
    locked.confirmed = confirmed
    locked.save(update_fields=["rate", "source", "confirmed"])
    return locked


def check_amendable(row: InterestRate, rate: Decimal) -> None:
    """Raise RateError unless `row` may still be changed to `rate` (nothing used it yet)."""
    if row.first_used_on is not None:
        raise RateError(
            "rate", f"used since {row.first_used_on.isoformat()}: record a correction instead"
        )
    _check_rate(row.table, rate)


def rates_mark_used(row_ids: Iterable[int | None], on: date) -> None:
    """Record that a letter or an export used these rows: from now on they are read-only."""
    ids = [pk for pk in row_ids if pk is not None]
    if ids:
        InterestRate.objects.filter(pk__in=ids, first_used_on__isnull=True).update(first_used_on=on)


def _current(table: str, effective: date) -> InterestRate | None:
    """The row in force for `table` from `effective`: the last correction, or the original."""
    return (
        InterestRate.objects.select_for_update(of=("self",))
        .filter(table=table, effective=effective, replaced_by__isnull=True)
        .order_by("-pk")
        .first()
    )


def _check_rate(table: str, rate: Decimal) -> None:
    field = "consumer" if table == "statutory" else "commercial"
    if not rate.is_finite() or not Decimal(0) <= rate < Decimal(100):
        raise RateError(field, f"{rate} is not a yearly percentage from 0 to 99.99")
    if rate != rate.quantize(CENTS):
        raise RateError(field, f"{rate} has more than two decimals")


def _check_new_day(table: str, effective: date, known_until: date) -> None:
    if (effective.month, effective.day) not in CHANGE_DAYS:
        raise RateError(
            "from",
            f"{effective.isoformat()}: the rates change on 1 January and 1 July "
            "(art. 6:120 lid 2 BW)",
        )
    first_unknown = known_until + timedelta(days=1)
    if effective > first_unknown:
        raise RateError(
            "from",
            f"the {NAMES[table]} is known until {known_until.isoformat()}: "
            f"add the rate from {first_unknown.isoformat()} first",
        )


def _text(field: str, value: str, *, required: bool = False) -> str:
    value = value.strip()
    if required and not value:
        raise RateError(field, "say where the rate was published (e.g. Stb. 2026, 123)")
    if len(value) > 500:
        raise RateError(field, "at most 500 characters")
    if any(unicodedata.category(char).startswith("C") for char in value):
        raise RateError(field, "no control characters")
    return value
