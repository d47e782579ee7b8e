"""The kinds of value the API reads, each saying in the schema exactly what it takes.

What the OpenAPI schema allows, the API accepts, and what it refuses, the schema rules out:
a NUL character or a lone surrogate in a string, an id past 64 bits, an amount with more than
12 digits before the point, a date written as a number. Each would otherwise reach the
database and fail there, or slip through as something it was not meant to be; here it is a
422 that names the field.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
)

from innen.identifiers import clean_iban
from innen.money import round_cents

MAX_ID = 2**63 - 1
# Text as a database column holds it: no NUL character, no lone surrogate (not UTF-8).
TEXT_PATTERN = "^[^\\u0000\\ud800-\\udfff]*$"
# Amounts as decimal strings, at most what DECIMAL(14, 2) keeps.
AMOUNT_PATTERN = r"^(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$"
POSITIVE_AMOUNT_PATTERN = r"^(0\.(0[1-9]|[1-9][0-9]?)|[1-9][0-9]{0,11}(\.[0-9]{1,2})?)$"
IBAN_PATTERN = r"^[A-Z]{2}[0-9]{2}[A-Z0-9 ]{11,36}$"
# RFC 3339, as the schema's formats "date" and "date-time" say: a moment has its zone.
_DAY = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_MOMENT = rf"{_DAY}[Tt][0-9]{{2}}:[0-9]{{2}}:[0-9]{{2}}(\.[0-9]+)?([Zz]|[+-][0-9]{{2}}:[0-9]{{2}})"


# The default of a field that may be left out but, when sent, may not be null: pydantic does
# not validate a default, and the schema then says the field's type without null.
NOT_SENT: Any = None


class In(BaseModel):
    """What a request's body holds: a JSON object with these fields and no others."""

    model_config = ConfigDict(extra="forbid")


def _storable(value: str) -> str:
    if "\x00" in value:
        raise ValueError("may not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("is not valid text (UTF-8)") from exc
    return value


def _written(pattern: str, example: str) -> Any:
    """A check that the value is a string the whole of which `pattern` matches."""
    compiled = re.compile(pattern)

    def check(value: Any) -> Any:
        if not isinstance(value, str) or compiled.fullmatch(value) is None:
            raise ValueError(f"is not written as {example}")
        return value

    return check


def _json_integer(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("is not a whole number")
    return value


def _as_utc(value: datetime) -> datetime:
    # A moment at the calendar's very edge cannot be moved to UTC; as a lower bound on
    # "created since" it is as good as the edge itself.
    try:
        return value.astimezone(UTC)
    except OverflowError:
        return (
            datetime.max.replace(tzinfo=UTC) if value.year > 1 else datetime.min.replace(tzinfo=UTC)
        )


def _cents(amount: Decimal) -> str:
    # SQLite hands back sums as 121 or 121.0: money always leaves with its two decimals.
    return f"{round_cents(Decimal(amount)):.2f}"


Id = Annotated[int, Field(ge=1, le=MAX_ID)]  # in a path or query, where everything is text
# In JSON an id is a number, not "12"; 12.0 is the same integer to JSON Schema.
BodyId = Annotated[int, BeforeValidator(_json_integer), Field(ge=1, le=MAX_ID)]
Text = Annotated[str, AfterValidator(_storable), Field(json_schema_extra={"pattern": TEXT_PATTERN})]
Iban = Annotated[
    str,
    BeforeValidator(_written(IBAN_PATTERN, "an IBAN, e.g. NL91ABNA0417164300")),
    AfterValidator(clean_iban),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": IBAN_PATTERN,
            "description": "An IBAN with valid check digits; spaces are left out.",
        }
    ),
]
Day = Annotated[
    date,
    BeforeValidator(_written(_DAY, "YYYY-MM-DD")),
    WithJsonSchema({"type": "string", "format": "date"}),
]
Moment = Annotated[
    datetime,
    BeforeValidator(_written(_MOMENT, "2026-03-01T00:00:00Z")),
    AfterValidator(_as_utc),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
Money = Annotated[
    Decimal,
    BeforeValidator(_written(AMOUNT_PATTERN, 'a decimal string, e.g. "21.00"')),
    WithJsonSchema({"type": "string", "pattern": AMOUNT_PATTERN, "examples": ["21.00"]}),
]
PositiveMoney = Annotated[
    Decimal,
    BeforeValidator(_written(POSITIVE_AMOUNT_PATTERN, 'a decimal string of at least "0.01"')),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": POSITIVE_AMOUNT_PATTERN,
            "description": "At least 0.01.",
            "examples": ["121.00"],
        }
    ),
]
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
# In JSON a yes or no is true or false, not 0 or "yes".
Flag = Annotated[bool, Field(strict=True)]
# Money going out: a string with two decimals, e.g. "121.00".
Amount = Annotated[Decimal, PlainSerializer(_cents, return_type=str)]
