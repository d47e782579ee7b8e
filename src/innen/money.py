"""One way to make an amount of money, and one way to round it.

Money is `Decimal`, built from strings, never from floats. Rounding happens only at
named points through `round_cents` (half-up, the way Dutch invoices and courts round),
or `round_cents_down` where a split hands out the leftover cents itself.
"""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
# The largest amount innen keeps: every amount column is DECIMAL(14, 2).
MAX_AMOUNT = Decimal("999999999999.99")


def D(value: str | int | Decimal) -> Decimal:
    """Return `value` as a Decimal; floats are refused because they cannot hold cents exactly."""
    if isinstance(value, float):
        raise TypeError("money must not be a float; pass a string")
    if isinstance(value, str):
        return Decimal(value.strip())
    return Decimal(value)


def round_cents(amount: Decimal) -> Decimal:
    """Return `amount` rounded half-up to whole cents."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def round_cents_down(amount: Decimal) -> Decimal:
    """Return `amount` cut to whole cents (toward zero), for a split that hands out the
    cents it left over itself (instalments, pro-rata shares)."""
    return amount.quantize(CENT, rounding=ROUND_DOWN)


def format_eur(amount: Decimal) -> str:
    """Return `amount` as Dutch readers write it: € 1.234,56."""
    from babel.numbers import format_currency

    return format_currency(round_cents(amount), "EUR", locale="nl_NL")
