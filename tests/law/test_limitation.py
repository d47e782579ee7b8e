from datetime import date

import pytest

from innen.law.limitation import limitation


def test_general_claim_is_barred_five_years_after_the_day_after_it_fell_due():
    result = limitation(date(2024, 3, 15), "general")
    assert (result.last_day, result.barred_from) == (date(2029, 3, 15), date(2029, 3, 16))


def test_consumer_sale_is_barred_after_two_years():
    result = limitation(date(2024, 3, 15), "consumer-sale")
    assert result.last_day == date(2026, 3, 15)


def test_written_reminder_starts_a_new_term_of_the_same_length_the_next_day():
    result = limitation(date(2024, 3, 15), "consumer-sale", [date(2025, 6, 1)])
    assert result.last_day == date(2027, 6, 1)


def test_new_term_never_ends_before_the_original_would_have():
    result = limitation(date(2024, 3, 15), "general", [date(2024, 3, 20)])
    assert result.last_day == date(2029, 3, 20)


def test_reminder_after_the_claim_is_barred_revives_nothing():
    result = limitation(date(2020, 1, 1), "consumer-sale", [date(2022, 1, 2), date(2022, 6, 1)])
    assert result.last_day == date(2022, 1, 1)
    assert result.ignored == (date(2022, 1, 2), date(2022, 6, 1))


def test_terms_in_years_are_not_extended_for_weekends():
    result = limitation(date(2021, 3, 14), "general")  # 14 March 2026 is a Saturday
    assert result.last_day == date(2026, 3, 14)


def test_a_warning_comes_before_the_last_day():
    result = limitation(date(2024, 3, 15), "general")
    assert result.warning_from < result.last_day


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="kind"):
        limitation(date(2024, 3, 15), "tax")
