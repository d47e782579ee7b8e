"""DSO by countback, the receivables rolled back in time, and the CEI: plain arithmetic."""

from datetime import date

import pytest

from innen.insights.metrics import (
    LedgerHistory,
    cei,
    cei_over,
    countback_periods,
    dso_countback,
    dso_is_capped,
    dso_on,
    month_ends,
    months_before,
)
from innen.money import D


def test_countback_counts_whole_periods_then_the_covered_part_of_the_next():
    # 3000 owed; last 30 days sold 1000, the 31 before 1000, the 31 before that 2000:
    # 30 + 31 days cover 2000, the last 1000 is half of 2000 → 15.5 days.
    periods = [(30, D("1000")), (31, D("1000")), (31, D("2000"))]
    assert dso_countback(D("3000"), periods) == D("76.5")


def test_countback_of_receivables_within_the_latest_period_is_a_share_of_its_days():
    assert dso_countback(D("250"), [(30, D("1000")), (31, D("1000"))]) == D("7.5")


def test_countback_of_nothing_owed_is_zero_days():
    assert dso_countback(D("0"), [(30, D("1000"))]) == D("0.0")


def test_a_period_without_sales_counts_all_its_days_while_something_is_owed():
    assert dso_countback(D("500"), [(30, D("0")), (31, D("1000"))]) == D("45.5")


def test_receivables_beyond_all_sales_count_every_day_looked_at():
    assert dso_countback(D("5000"), [(30, D("1000")), (31, D("1000"))]) == D("61.0")


def test_the_receivables_roll_back_over_later_sales_and_settlements():
    history = LedgerHistory(
        today=date(2026, 3, 15),
        receivables=D("1500.00"),
        sales={date(2026, 3, 10): D("1000.00"), date(2026, 2, 10): D("900.00")},
        settled={date(2026, 3, 1): D("400.00"), date(2026, 2, 20): D("100.00")},
    )
    assert history.receivables_on(date(2026, 3, 15)) == D("1500.00")
    # Not yet issued: the 1000 of 10 March; not yet paid: the 400 of 1 March.
    assert history.receivables_on(date(2026, 2, 28)) == D("900.00")
    assert history.receivables_on(date(2026, 2, 9)) == D("100.00")


def test_dso_on_a_day_walks_back_from_that_days_month():
    history = LedgerHistory(
        today=date(2026, 3, 15),
        receivables=D("1500.00"),
        sales={date(2026, 3, 10): D("1000.00"), date(2026, 2, 10): D("900.00")},
        settled={date(2026, 3, 1): D("400.00")},
    )
    # March 1-15 (15 days) covers 1000; 500 of February's 900 is 28 × 5/9 = 15.6 days.
    assert dso_on(history, date(2026, 3, 15)) == D("30.6")
    # On 28 February 900 is owed, exactly February's sales: its 28 days.
    assert dso_on(history, date(2026, 2, 28)) == D("28.0")
    assert not dso_is_capped(history, date(2026, 3, 15))


def test_dso_says_when_the_receivables_outrun_the_months_looked_at():
    history = LedgerHistory(
        today=date(2026, 3, 15),
        receivables=D("5000"),
        sales={date(2026, 3, 1): D("10")},
        settled={},
    )
    assert dso_is_capped(history, date(2026, 3, 15), months=2)


def test_the_countback_starts_with_the_month_so_far_then_whole_months():
    assert countback_periods(date(2026, 3, 15), months=2) == [
        (date(2026, 3, 1), date(2026, 3, 15)),
        (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 1, 1), date(2026, 1, 31)),
    ]


def test_the_trend_takes_the_month_ends_before_today_oldest_first():
    assert month_ends(date(2026, 3, 15), 3) == [
        date(2025, 12, 31),
        date(2026, 1, 31),
        date(2026, 2, 28),
    ]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2026, 1, 15), 3, date(2025, 10, 15)),
        (date(2024, 5, 31), 3, date(2024, 2, 29)),
    ],
)
def test_months_before_keeps_the_day_or_takes_the_shorter_months_last(day, months, expected):
    assert months_before(day, months) == expected


def test_cei_is_collected_over_collectable():
    # Owed 1000 at the start, sold 500: 800 collected of the 1200 that was not current.
    assert cei(opening=D("1000"), sales=D("500"), closing=D("700"), closing_current=D("300")) == D(
        "66.7"
    )


def test_cei_is_100_when_only_current_invoices_are_left():
    assert cei(opening=D("1000"), sales=D("500"), closing=D("300"), closing_current=D("300")) == D(
        "100.0"
    )


def test_cei_without_anything_collectable_is_none():
    assert cei(opening=D("0"), sales=D("300"), closing=D("300"), closing_current=D("300")) is None


def test_cei_over_a_month_uses_the_receivables_of_a_month_ago():
    history = LedgerHistory(
        today=date(2026, 3, 15),
        receivables=D("1500.00"),
        sales={date(2026, 3, 10): D("1000.00"), date(2026, 2, 10): D("900.00")},
        settled={date(2026, 3, 1): D("400.00")},
    )
    first, value = cei_over(history, 1, closing_current=D("1000.00"))
    # Opening (15 February) 900, sales 1000, closing 1500, current 1000: 400 / 900.
    assert first == date(2026, 2, 16)
    assert value == D("44.4")
