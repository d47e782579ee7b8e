from datetime import date

from innen.dunning.days import add_business_days, add_days, is_business_day
from innen.dunning.policy import DayCount


def test_weekends_are_no_business_days():
    assert is_business_day(date(2026, 3, 6))  # Friday
    assert not is_business_day(date(2026, 3, 7))  # Saturday
    assert not is_business_day(date(2026, 3, 8))  # Sunday


def test_kings_day_is_no_business_day():
    assert date(2026, 4, 27).weekday() == 0  # a Monday
    assert not is_business_day(date(2026, 4, 27))


def test_liberation_day_is_no_business_day_in_any_year():
    assert not is_business_day(date(2026, 5, 5))  # Tuesday, not a lustrum year


def test_one_business_day_after_friday_is_monday():
    assert add_business_days(date(2026, 3, 6), 1) == date(2026, 3, 9)


def test_one_business_day_after_christmas_eve_2026_is_monday_28_december():
    # 25 December 2026 is a Friday (Christmas), then Saturday and Sunday
    assert add_business_days(date(2026, 12, 24), 1) == date(2026, 12, 28)


def test_kings_day_is_skipped_when_counting():
    # Friday 24 April 2026 + 1: Saturday, Sunday, King's Day Monday 27 April -> Tuesday
    assert add_business_days(date(2026, 4, 24), 1) == date(2026, 4, 28)


def test_five_business_days_over_easter_2026():
    # Good Friday 3 April and Easter Monday 6 April 2026 do not count
    assert add_business_days(date(2026, 4, 1), 5) == date(2026, 4, 10)


def test_a_negative_count_goes_back():
    assert add_business_days(date(2026, 3, 9), -1) == date(2026, 3, 6)
    assert add_business_days(date(2026, 4, 28), -1) == date(2026, 4, 24)


def test_zero_days_on_a_business_day_is_that_day():
    assert add_business_days(date(2026, 3, 4), 0) == date(2026, 3, 4)


def test_zero_days_on_a_weekend_moves_forward_to_the_next_business_day():
    assert add_business_days(date(2026, 3, 7), 0) == date(2026, 3, 9)
    assert add_business_days(date(2026, 12, 25), 0) == date(2026, 12, 28)


def test_calendar_days_ignore_weekends_and_holidays():
    assert add_days(date(2026, 12, 24), 1, DayCount.CALENDAR) == date(2026, 12, 25)
    assert add_days(date(2026, 3, 2), -3, DayCount.CALENDAR) == date(2026, 2, 27)
    assert add_days(date(2026, 12, 24), 1, DayCount.BUSINESS) == date(2026, 12, 28)
