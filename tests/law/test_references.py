import pytest
from hypothesis import given
from hypothesis import strategies as st

from innen.law.references import (
    InvalidReference,
    make_payment_reference,
    make_rf_reference,
    validate_payment_reference,
    validate_rf_reference,
)


def test_official_betalingskenmerk_example_has_check_digit_5():
    # betaalvereniging.nl: (5)000 0567 8901 2345
    assert make_payment_reference("56789012345") == "5000056789012345"
    assert validate_payment_reference("5000 0567 8901 2345") == "5000056789012345"


def test_second_official_example_with_length_code_validates():
    assert validate_payment_reference("12 2345 3462 2567") == "12234534622567"


def test_short_betalingskenmerk_carries_a_length_code():
    reference = make_payment_reference("1234567", length=9)
    assert len(reference) == 9 and reference[1] == "7"
    assert validate_payment_reference(reference) == reference


@pytest.mark.parametrize(
    ("kenmerk", "reason"),
    [
        ("5000056789012346", "check digit"),
        ("12345678", "8 digits"),
        ("1234a", "digits"),
        ("123456789012345", "15 digits"),
        ("13 2345 3462 2567", "length code"),
    ],
)
def test_invalid_betalingskenmerk_says_why(kenmerk, reason):
    with pytest.raises(InvalidReference, match=reason):
        validate_payment_reference(kenmerk)


def test_number_too_long_for_the_length_is_refused():
    with pytest.raises(InvalidReference, match="does not fit"):
        make_payment_reference("1234567890", length=9)


@given(st.integers(0, 10**15 - 1), st.sampled_from([9, 10, 11, 12, 13, 14, 16]))
def test_every_generated_betalingskenmerk_validates(number, length):
    room = 15 if length == 16 else length - 2
    number %= 10**room
    reference = make_payment_reference(number, length)
    assert len(reference) == length
    assert validate_payment_reference(reference) == reference


def test_rf_reference_matches_the_python_stdnum_example():
    assert make_rf_reference("539007547034") == "RF18539007547034"
    assert validate_rf_reference("RF18 5390 0754 7034") == "RF18539007547034"


def test_invalid_rf_reference_is_refused():
    with pytest.raises(InvalidReference):
        validate_rf_reference("RF19539007547034")
