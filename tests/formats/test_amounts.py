from decimal import Decimal

import pytest

from innen.formats.amounts import format_amount, parse_amount


@pytest.mark.parametrize(
    ("text", "value", "style"),
    [
        ("1.234,56", "1234.56", "nl"),
        ("1234,56", "1234.56", "nl"),
        ("€ 1.234,56", "1234.56", "nl"),
        ("12,5", "12.50", "nl"),
        ("1.234.567", "1234567.00", "nl"),
        ("1,234.56", "1234.56", "en"),
        ("1234.56", "1234.56", "en"),
        ("€1,234,567.89", "1234567.89", "en"),
        ("1234", "1234.00", None),
        ("-5,00", "-5.00", "nl"),
        ("+1.210,00", "1210.00", "nl"),
        ("1\u00a0234,56", "1234.56", "nl"),
    ],
)
def test_dutch_and_english_amounts_are_read_exactly(text, value, style):
    parsed = parse_amount(text)
    assert parsed.value == Decimal(value)
    assert parsed.style == style


@pytest.mark.parametrize("text", ["1.234", "1,234", "12.500"])
def test_ambiguous_thousands_separator_is_refused(text):
    with pytest.raises(ValueError, match="ambiguous"):
        parse_amount(text)


@pytest.mark.parametrize("text", ["12,345", "0.125", "1.234,567", "12.3456"])
def test_more_than_two_decimals_is_refused(text):
    with pytest.raises(ValueError, match=r"ambiguous|more than 2 decimals"):
        parse_amount(text)


@pytest.mark.parametrize("text", ["1.23.456,00", "12345.678,00", "1,2,3"])
def test_thousands_separators_in_the_wrong_places_are_refused(text):
    with pytest.raises(ValueError, match="wrong places"):
        parse_amount(text)


@pytest.mark.parametrize("text", ["abc", "12,", "€", "1e5", ",50"])
def test_what_is_not_an_amount_is_refused(text):
    with pytest.raises(ValueError):
        parse_amount(text)


@pytest.mark.parametrize("text", ["1000000000000", "1.000.000.000.000,00", "9" * 40 + ",00"])
def test_an_amount_past_what_innen_keeps_is_refused_as_too_large(text):
    with pytest.raises(ValueError, match=r"more than the largest amount, 999\.999\.999\.999,99"):
        parse_amount(text)


def test_the_largest_amount_innen_keeps_is_read():
    assert parse_amount("999.999.999.999,99").value == Decimal("999999999999.99")
    assert parse_amount("000999999999999").value == Decimal("999999999999.00")


def test_a_parsed_amount_is_a_decimal_of_whole_cents():
    assert parse_amount("7").value.as_tuple().exponent == -2


def test_amounts_are_shown_the_dutch_way():
    assert format_amount(Decimal("1234567.5")) == "1.234.567,50"
