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

from innen.formats import messages as m
from innen.formats.messages import Text, say
from innen.money import MAX_AMOUNT, round_cents

Style = Literal["nl", "en"]
MAX_WHOLE_DIGITS = len(str(int(MAX_AMOUNT)))
STYLE_NAMES: dict[Style, Text] = {"nl": say(m.STYLE_NL), "en": say(m.STYLE_EN)}
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
        raise ValueError(say(m.NOT_AN_AMOUNT, text=text))
    if not all(ch.isdigit() or ch in ".," for ch in body) or not body[0].isdigit():
        raise ValueError(say(m.AMOUNT_DIGITS, text=text))
    whole, decimals, style = _split(text, body)
    if len(decimals) > 2:
        raise ValueError(say(m.TOO_MANY_DECIMALS, text=text))
    if len(whole.lstrip("0")) > MAX_WHOLE_DIGITS:
        raise ValueError(say(m.TOO_LARGE, text=text, largest=format_amount(MAX_AMOUNT)))
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
        raise ValueError(say(m.AMBIGUOUS_AMOUNT, text=text, mark=mark))
    return _with_decimal_mark(text, body, mark)


def _with_decimal_mark(text: str, body: str, mark: str) -> tuple[str, str, Style]:
    whole, _, decimals = body.rpartition(mark)
    if not decimals:
        raise ValueError(say(m.ENDS_IN_SEPARATOR, text=text))
    thousands = "." if mark == "," else ","
    style: Style = "nl" if mark == "," else "en"
    return _grouped(text, whole, thousands), decimals, style


def _grouped(text: str, whole: str, thousands: str) -> str:
    """Return the digits of `whole`, checking that thousands come in groups of three."""
    groups = whole.split(thousands)
    if not groups[0] or (len(groups[0]) > 3 and len(groups) > 1):
        raise ValueError(say(m.THOUSANDS_MISPLACED, text=text))
    if any(len(group) != 3 for group in groups[1:]):
        raise ValueError(say(m.THOUSANDS_MISPLACED, text=text))
    digits = "".join(groups)
    if not digits.isdigit():
        raise ValueError(say(m.AMOUNT_DIGITS, text=text))
    return digits


def format_amount(value: Decimal) -> str:
    """Return `value` as a Dutch bookkeeper writes it: 1.234,56."""
    english = f"{value:,.2f}"
    return english.replace(",", "_").replace(".", ",").replace("_", ".")
