from datetime import date, timedelta
from decimal import Decimal

import pytest

from innen.law.rates import (
    COMMERCIAL,
    PUBLISHED,
    STATUTORY,
    DateOutsideRateTable,
    RateRow,
    RateTables,
    outlook,
    read_published_rows,
)

D1 = Decimal("1")

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


def test_past_the_last_known_half_year_the_last_row_goes_on_and_is_provisional():
    beyond = STATUTORY.known_until + timedelta(days=1)
    assert STATUTORY.rate_on(beyond) == STATUTORY.rows[-1]
    assert STATUTORY.is_provisional(beyond)
    assert not STATUTORY.is_provisional(STATUTORY.known_until)


def test_a_table_splits_at_its_first_provisional_day():
    known_until = COMMERCIAL.known_until
    splits = COMMERCIAL.splits_between(known_until - timedelta(days=10), date(2099, 1, 1))
    assert splits == [known_until + timedelta(days=1)]


def test_a_correction_recorded_later_takes_the_place_of_the_row_it_corrects():
    first = RateRow("commercial", date(2027, 1, 1), Decimal("10.15"), "guess")
    corrected = RateRow("commercial", date(2027, 1, 1), Decimal("9.90"), "Stcrt. 2027")
    tables = RateTables.from_rows([*PUBLISHED.rows, first, corrected])
    assert tables.commercial.rate_on(date(2027, 3, 1)) == corrected
    assert tables.commercial.known_until == date(2027, 6, 30)
    assert tables.statutory.known_until == STATUTORY.known_until


def test_the_tables_are_known_until_the_earlier_of_their_two_ends():
    later = RateRow("commercial", date(2027, 1, 1), Decimal("10"), "x")
    tables = RateTables.from_rows([*PUBLISHED.rows, later])
    assert tables.known_until == STATUTORY.known_until


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (date(2026, 12, 1), "ending"),
        (date(2026, 12, 31), "ending"),
        (date(2026, 11, 30), "known"),
        (date(2027, 1, 1), "provisional"),
    ],
)
def test_owners_are_warned_from_30_days_before_the_rates_run_out(today, status):
    tables = RateTables.from_rows(
        [RateRow(kind, date(2026, 7, 1), D1, "x") for kind in ("statutory", "commercial")]
    )
    assert outlook(tables, today).status == status


def test_the_published_history_marks_rows_without_a_primary_source_unconfirmed():
    unconfirmed = {(r.table, r.effective) for r in PUBLISHED.rows if not r.confirmed}
    assert ("statutory", date(2002, 1, 1)) not in unconfirmed
    assert all(r.source for r in PUBLISHED.rows)


def test_a_published_rates_file_with_an_unknown_table_names_its_line():
    text = "table,effective,rate,status,source\nusury,2027-01-01,50,confirmed,x\n"
    with pytest.raises(ValueError, match="line 2"):
        read_published_rows(text)
