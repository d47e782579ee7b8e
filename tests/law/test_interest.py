from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from innen.law.interest import (
    COMMERCIAL_INTEREST,
    NO_INTEREST,
    STATUTORY_INTEREST,
    InterestRule,
    agreed_interest,
    anniversary,
    interest_schedule,
    raw_interest,
)
from innen.law.rates import DateOutsideRateTable

D = Decimal


def total(periods):
    return sum((p.interest for p in periods), D(0))


def test_rentetool_testcase_3_claim_v2khrs_commercial_interest_to_the_cent():
    # Matthi-code/rentetool docs/05_testcase3.md: € 2,000 from 11-11-2015 to 16-01-2026
    # (exclusive) -> interest € 2,820.43; innen counts the last day inclusive.
    periods = interest_schedule(
        D("2000.00"), date(2015, 11, 11), date(2026, 1, 15), COMMERCIAL_INTEREST
    )
    assert total(periods) == D("2820.43")


def test_commercial_interest_worked_example_from_the_module_docstring():
    periods = interest_schedule(
        D("1000.00"), date(2024, 1, 1), date(2025, 6, 30), COMMERCIAL_INTEREST
    )
    assert [(p.days, p.rate, p.base, p.interest) for p in periods] == [
        (182, D("12.50"), D("1000.00"), D("62.33")),
        (184, D("12.25"), D("1000.00"), D("61.75")),
        (181, D("11.15"), D("1124.08"), D("62.15")),
    ]


def test_interest_runs_up_to_and_including_the_last_day():
    periods = interest_schedule(D("365.00"), date(2025, 1, 1), date(2025, 1, 1), STATUTORY_INTEREST)
    assert [(p.days, p.interest) for p in periods] == [(1, D("0.06"))]


def test_day_count_is_actual_365_also_in_a_leap_year():
    # 2024 has 366 days; Actual/365 gives a little more than one year's rate
    periods = interest_schedule(
        D("36500.00"), date(2024, 1, 1), date(2024, 6, 30), STATUTORY_INTEREST
    )
    assert periods[0].days == 182
    assert periods[0].interest == D("1274.00")  # 36500 × 7% × 182 / 365


def test_periods_split_at_every_rate_change():
    periods = interest_schedule(
        D("1000.00"), date(2013, 3, 1), date(2013, 7, 15), COMMERCIAL_INTEREST
    )
    assert [(p.start, p.rate) for p in periods] == [
        (date(2013, 3, 1), D("7.75")),
        (date(2013, 3, 16), D("8.75")),
        (date(2013, 7, 1), D("8.50")),
    ]


def test_statutory_interest_compounds_at_each_anniversary_of_the_first_interest_day():
    periods = interest_schedule(
        D("1000.00"), date(2017, 3, 1), date(2019, 3, 31), STATUTORY_INTEREST
    )
    # 2% throughout: year 1 gives 20.00, year 2 runs on 1020.00, year 3 on 1040.40
    assert [(p.start, p.base, p.interest) for p in periods] == [
        (date(2017, 3, 1), D("1000.00"), D("20.00")),
        (date(2018, 3, 1), D("1020.00"), D("20.40")),
        (date(2019, 3, 1), D("1040.40"), D("1.77")),
    ]


def test_a_year_from_29_february_ends_on_28_february():
    assert anniversary(date(2024, 2, 29), 1) == date(2025, 3, 1)
    assert anniversary(date(2024, 2, 29), 4) == date(2028, 2, 29)


def test_agreed_simple_interest_does_not_compound():
    simple = interest_schedule(
        D("1000.00"), date(2020, 1, 1), date(2021, 12, 30), agreed_interest(D("10"))
    )
    compound = interest_schedule(
        D("1000.00"), date(2020, 1, 1), date(2021, 12, 30), agreed_interest(D("10"), compound=True)
    )
    assert {p.base for p in simple} == {D("1000.00")}
    assert total(compound) > total(simple)


def test_agreed_interest_has_no_table_so_any_date_works():
    periods = interest_schedule(
        D("1000.00"), date(1999, 1, 1), date(1999, 12, 31), agreed_interest(D("5"))
    )
    assert total(periods) == D("50.00")


def test_no_interest_gives_no_lines():
    assert interest_schedule(D("1000.00"), date(2020, 1, 1), date(2024, 1, 1), NO_INTEREST) == ()


def test_interest_before_the_table_starts_is_refused():
    with pytest.raises(DateOutsideRateTable):
        interest_schedule(D("1000.00"), date(2001, 6, 1), date(2003, 1, 1), STATUTORY_INTEREST)


def test_an_unknown_interest_kind_is_refused():
    with pytest.raises(ValueError, match="unknown interest kind"):
        InterestRule("usury")


days = st.dates(min_value=date(2003, 1, 1), max_value=date(2026, 5, 1))
amounts = st.decimals(min_value=D("0.01"), max_value=D("1000000"), places=2)


@given(
    amounts,
    days,
    st.integers(1, 400),
    st.integers(1, 400),
    st.sampled_from(["statutory", "commercial"]),
)
def test_interest_is_additive_over_adjacent_periods_without_an_anniversary_between(
    principal, start, first_days, second_days, kind
):
    rule = InterestRule(kind)
    middle = start + timedelta(days=first_days)
    end = middle + timedelta(days=second_days)
    end = min(end, anniversary(start, 1) - timedelta(days=1), date(2026, 6, 30))
    if middle > end:
        return
    whole = interest_schedule(principal, start, end, rule)
    first = interest_schedule(principal, start, middle - timedelta(days=1), rule)
    # the same account continued is what the second part is: no anniversary in between
    exact_whole = sum(raw_interest(p.base, p.rate, p.days) for p in whole)
    parts = [*first, *_continue(principal, start, middle, end, rule)]
    exact_parts = sum(raw_interest(p.base, p.rate, p.days) for p in parts)
    assert abs(exact_whole - exact_parts) < D("1e-15")
    assert abs(total(whole) - total(parts)) <= D("0.01") * len(parts)


def _continue(principal, start, middle, end, rule):
    from innen.law.interest import InterestAccount

    account = InterestAccount(principal, start, rule)
    account.accrue_to(middle - timedelta(days=1))
    done = len(account.periods)
    account.accrue_to(end)
    return account.periods[done:]
