"""Money is rounded in one place, `innen.money`: half-up to cents, or down where a split
hands out its leftover cents itself. Nothing else quantizes an amount of money."""

import ast
from decimal import Decimal
from pathlib import Path

import pytest

import innen
from innen.money import round_cents, round_cents_down

SRC = Path(innen.__file__).parent

# What these quantize is not money: a picture's palette, a rate in percent, days and shares.
NOT_MONEY = {
    "money.py",  # the helpers themselves
    "letters/pdf.py",
    "rates/services.py",
    "insights/metrics.py",
    "insights/figures.py",
    "matching/bench/generated.py",  # bench data: its seeded amounts are kept as they were drawn
}


@pytest.mark.parametrize(
    ("amount", "rounded"),
    [("2.345", "2.35"), ("2.355", "2.36"), ("-2.345", "-2.35"), ("2.3449", "2.34"), ("7", "7.00")],
)
def test_round_cents_rounds_half_up(amount, rounded):
    assert str(round_cents(Decimal(amount))) == rounded


@pytest.mark.parametrize(
    ("amount", "cut"), [("33.339", "33.33"), ("-33.339", "-33.33"), ("0.009", "0.00")]
)
def test_round_cents_down_cuts_toward_zero(amount, cut):
    assert str(round_cents_down(Decimal(amount))) == cut


def _quantizing_modules() -> list[str]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        name = path.relative_to(SRC).as_posix()
        if "/migrations/" in name or name in NOT_MONEY:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "quantize":
                found.append(f"{name}:{node.lineno}")
    return found


def test_no_module_rounds_money_itself():
    assert _quantizing_modules() == []
