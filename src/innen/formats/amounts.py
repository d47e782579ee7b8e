"""Amounts as Dutch and English spreadsheets write them, read into Decimal without guessing.

>>> parse_amount("€ 1.234,56")
ParsedAmount(value=Decimal('1234.56'), style='nl')
>>> parse_amount("1,234.56")
ParsedAmount(value=Decimal('1234.56'), style='en')
>>> parse_amount("1.234")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
ValueError: "1.234" is ambiguous: is "." the decimal or the thousands separator? ...

A value with one separator and exactly three digits after it is refused: "1.234" is one
thousand two hundred thirty-four to a Dutch reader and one and a bit to an English one.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from innen.money import MAX_AMOUNT, round_cents

Style = Literal["nl", "en"]
MAX_WHOLE_DIGITS = len(str(int(MAX_AMOUNT)))
STYLE_NAMES: dict[Style, str] = {
    "nl": "1.234,56 (comma for decimals)",
    "en": "1,234.56 (point for decimals)",
}
# Spreadsheets pad amounts with a currency sign and (non-breaking or thin) spaces.
_NOISE = ("€", "EUR", "eur", " ", "\u00a0", "\u202f", "'")


@dataclass(frozen=True)
class ParsedAmount:
    value: Decimal
    style: Style | None  # None when the value has no separator that tells (e.g. "1234")


def parse_amount(text: str) -> ParsedAmount:
    """Return the amount written in `text`, or raise ValueError saying what is wrong."""
    body = text
    for noise in _NOISE:
        body = body.replace(noise, "")
    negative = body.startswith(("-", "−"))
    if negative or body.startswith("+"):  # bank exports write "+1.210,00" for money in
        body = body[1:]
    if not body:
        raise ValueError(f'"{text}" is not an amount')
    if not all(ch.isdigit() or ch in ".," for ch in body) or not body[0].isdigit():
        raise ValueError(f'"{text}" is not an amount: use digits, e.g. 1234,56 or 1234.56')
    whole, decimals, style = _split(text, body)
    if len(decimals) > 2:
        raise ValueError(f'"{text}" has more than 2 decimals')
    if len(whole.lstrip("0")) > MAX_WHOLE_DIGITS:
        raise ValueError(f'"{text}" is more than the largest amount, {format_amount(MAX_AMOUNT)}')
    value = Decimal(f"{whole}.{decimals or '0'}")
    value = round_cents(value)  # exact: at most two decimals were allowed through
    return ParsedAmount(-value if negative else value, style)


def _split(text: str, body: str) -> tuple[str, str, Style | None]:
    """Return (whole digits, decimal digits, style) of the unsigned `body`."""
    points, commas = body.count("."), body.count(",")
    if points and commas:
        decimal_mark = "," if body.rfind(",") > body.rfind(".") else "."
        return _with_decimal_mark(text, body, decimal_mark)
    mark = "." if points else "," if commas else ""
    if not mark:
        return body, "", None
    if body.count(mark) > 1:  # only thousands use a mark twice: 1.234.567
        return _grouped(text, body, mark), "", "nl" if mark == "." else "en"
    after = body.split(mark)[1]
    if len(after) == 3 and body.split(mark)[0] != "0":
        raise ValueError(
            f'"{text}" is ambiguous: is "{mark}" the decimal or the thousands separator? '
            "Write amounts with two decimals, e.g. 1234,00 or 1.234,00"
        )
    return _with_decimal_mark(text, body, mark)


def _with_decimal_mark(text: str, body: str, mark: str) -> tuple[str, str, Style]:
    whole, _, decimals = body.rpartition(mark)
    if not decimals:
        raise ValueError(f'"{text}" ends in a separator')
    thousands = "." if mark == "," else ","
    style: Style = "nl" if mark == "," else "en"
    return _grouped(text, whole, thousands), decimals, style


def _grouped(text: str, whole: str, thousands: str) -> str:
    """Return the digits of `whole`, checking that thousands come in groups of three."""
    groups = whole.split(thousands)
    if not groups[0] or (len(groups[0]) > 3 and len(groups) > 1):
        raise ValueError(f'"{text}" has its thousands separators in the wrong places')
    if any(len(group) != 3 for group in groups[1:]):
        raise ValueError(f'"{text}" has its thousands separators in the wrong places')
    digits = "".join(groups)
    if not digits.isdigit():
        raise ValueError(f'"{text}" is not an amount: use digits, e.g. 1234,56 or 1234.56')
    return digits


def format_amount(value: Decimal) -> str:
    """Return `value` as a Dutch bookkeeper writes it: 1.234,56."""
    english = f"{value:,.2f}"
    return english.replace(",", "_").replace(".", ",").replace("_", ".")
