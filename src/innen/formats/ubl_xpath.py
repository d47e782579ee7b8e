"""The arithmetic of the official UBL schematron (CEN/TC 434), on exact `Decimal`s.

XPath `round()` rounds half up towards positive infinity (-2.5 rounds to -2), unlike Python's
half-even `round()`; the rules say amounts rounded to cents as `round(x * 10 * 10) div 100`.
"""

from decimal import ROUND_FLOOR, Decimal

HALF = Decimal("0.5")


def xpath_round_whole(value: Decimal) -> Decimal:
    """`round(value)`: the nearest whole number, a half towards positive infinity."""
    return (value + HALF).to_integral_value(rounding=ROUND_FLOOR)


def xpath_round(value: Decimal) -> Decimal:
    """`round(value * 10 * 10) div 100` as the schematron computes it."""
    return xpath_round_whole(value * 100) / 100


def shown(value: Decimal) -> str:
    """`value` as a message shows it: in cents, or with every decimal it has beyond them."""
    exponent = value.as_tuple().exponent
    return f"{value:.2f}" if isinstance(exponent, int) and exponent >= -2 else str(value)
