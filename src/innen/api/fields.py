"""The kinds of value the API reads, each refusing at the door what the database cannot hold.

A NUL character or a lone surrogate in a JSON string, an id past 64 bits, an amount with
more than 14 digits: each would reach the database and fail there; here it is a 422 that
names the field.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, Field, PlainSerializer

from innen.money import round_cents

MAX_ID = 2**63 - 1


def _storable(value: str) -> str:
    if "\x00" in value:
        raise ValueError("may not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("is not valid text (UTF-8)") from exc
    return value


def _as_utc(value: datetime) -> datetime:
    # Without a zone the moment is taken as UTC; converting an extreme one may leave the calendar.
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError("is out of range") from exc


def _cents(amount: Decimal) -> str:
    # SQLite hands back sums as 121 or 121.0: money always leaves with its two decimals.
    return f"{round_cents(Decimal(amount)):.2f}"


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Text = Annotated[str, AfterValidator(_storable)]
Money = Annotated[Decimal, Field(max_digits=14, decimal_places=2)]
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
Moment = Annotated[datetime, AfterValidator(_as_utc)]
# Money going out: a string with two decimals, e.g. "121.00".
Amount = Annotated[Decimal, PlainSerializer(_cents, return_type=str)]
