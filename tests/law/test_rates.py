from datetime import date, timedelta
from decimal import Decimal

import pytest

from innen.law.rates import COMMERCIAL, STATUTORY, DateOutsideRateTable

OFF_CYCLE_CHANGES = {
    date(2002, 12, 1),  # start of the commercial table
    date(2003, 8, 1),
    date(2004, 2, 1),
    date(2013, 3, 16),  # 8-point surcharge of Directive 2011/7 in force
}


@pytest.mark.parametrize("table", [STATUTORY, COMMERCIAL], ids=lambda t: t.name)
def test_every_rate_row_names_its_source(table):
    assert all(row.source.strip() for row in table.rows)


@pytest.mark.parametrize("table", [STATUTORY, COMMERCIAL], ids=lambda t: t.name)
def test_rates_change_on_1_january_or_1_july_apart_from_known_exceptions(table):
    for row in table.rows:
        on_cycle = (row.effective.month, row.effective.day) in ((1, 1), (7, 1))
        assert on_cycle or row.effective in OFF_CYCLE_CHANGES


@pytest.mark.parametrize(
    ("table", "day", "rate"),
    [
        (STATUTORY, date(2015, 1, 1), "2"),
        (STATUTORY, date(2022, 12, 31), "2"),
        (STATUTORY, date(2023, 7, 1), "6"),
        (STATUTORY, date(2026, 6, 30), "4"),
        (COMMERCIAL, date(2013, 3, 15), "7.75"),
        (COMMERCIAL, date(2013, 3, 16), "8.75"),
        (COMMERCIAL, date(2024, 1, 1), "12.50"),
        (COMMERCIAL, date(2025, 12, 31), "10.15"),
    ],
)
def test_rate_in_force_on_a_day_is_the_last_row_that_started(table, day, rate):
    assert table.rate_on(day).rate == Decimal(rate)


def test_a_date_before_the_first_row_is_refused_with_a_clear_error():
    with pytest.raises(DateOutsideRateTable, match="no wettelijke handelsrente known before"):
        COMMERCIAL.rate_on(date(2002, 11, 30))


def test_a_date_after_the_last_known_half_year_is_refused_and_says_what_to_add():
    last_row = STATUTORY.rows[-1].effective
    assert STATUTORY.last_day in (date(last_row.year, 6, 30), date(last_row.year, 12, 31))
    beyond = STATUTORY.last_day + timedelta(days=1)
    with pytest.raises(DateOutsideRateTable, match=f"add the rate for {beyond.isoformat()}"):
        STATUTORY.rate_on(beyond)
