"""Payment plan instalments: exact cents, the rest on the last, payments covering them in order."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from innen.arrangements.schedule import (
    Instalment,
    add_months,
    covered,
    first_late,
    plan_schedule,
    split_amount,
    to_remind,
)
from innen.money import D

amounts = st.decimals(min_value=Decimal("0.24"), max_value=Decimal("1000000"), places=2)


def test_the_last_instalment_takes_the_rounding_rest():
    assert split_amount(D("100.00"), 3) == [D("33.33"), D("33.33"), D("33.34")]
    assert split_amount(D("200.00"), 3) == [D("66.66"), D("66.66"), D("66.68")]


@given(total=amounts, count=st.integers(min_value=1, max_value=24))
def test_instalments_add_up_to_the_total_in_whole_cents(total, count):
    parts = split_amount(total, count)
    assert sum(parts) == total
    assert all(part == part.quantize(Decimal("0.01")) and part > 0 for part in parts)
    assert len(set(parts[:-1])) <= 1 and parts[-1] >= parts[0]


def test_fewer_cents_than_instalments_cannot_be_split():
    with pytest.raises(ValueError):
        split_amount(D("0.02"), 3)


def test_a_month_without_the_day_gets_its_last_day():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_a_schedule_is_monthly_from_the_first_due_day():
    schedule = plan_schedule(D("100.00"), 3, date(2026, 1, 31))
    assert schedule == [
        Instalment(1, date(2026, 1, 31), D("33.33")),
        Instalment(2, date(2026, 2, 28), D("33.33")),
        Instalment(3, date(2026, 3, 31), D("33.34")),
    ]


def test_payments_cover_the_instalments_in_order():
    schedule = plan_schedule(D("300.00"), 3, date(2026, 1, 15))
    states = covered(schedule, D("150.00"))
    assert [(s.paid, s.outstanding) for s in states] == [
        (D("100.00"), D("0.00")),
        (D("50.00"), D("50.00")),
        (D("0"), D("100.00")),
    ]


def test_an_instalment_is_late_only_after_the_grace_days():
    schedule = plan_schedule(D("300.00"), 3, date(2026, 1, 15))
    assert first_late(schedule, D("0"), date(2026, 1, 22), grace_days=7) is None
    late = first_late(schedule, D("0"), date(2026, 1, 23), grace_days=7)
    assert late is not None and late.instalment.number == 1


def test_a_partly_paid_instalment_is_still_late():
    schedule = plan_schedule(D("300.00"), 3, date(2026, 1, 15))
    late = first_late(schedule, D("99.99"), date(2026, 1, 23), grace_days=7)
    assert late is not None and late.outstanding == D("0.01")


def test_a_paid_instalment_is_not_late():
    schedule = plan_schedule(D("300.00"), 3, date(2026, 1, 15))
    assert first_late(schedule, D("100.00"), date(2026, 1, 23), grace_days=7) is None


def test_reminders_come_from_days_before_until_the_due_day():
    schedule = plan_schedule(D("300.00"), 3, date(2026, 1, 15))
    assert to_remind(schedule, D("0"), date(2026, 1, 11), days_before=3) == []
    [state] = to_remind(schedule, D("0"), date(2026, 1, 12), days_before=3)
    assert state.instalment.number == 1
    assert [s.instalment.number for s in to_remind(schedule, D("0"), date(2026, 1, 15), 3)] == [1]
    assert to_remind(schedule, D("0"), date(2026, 1, 16), days_before=3) == []


def test_a_paid_instalment_gets_no_reminder():
    schedule = plan_schedule(D("300.00"), 3, date(2026, 1, 15))
    assert to_remind(schedule, D("100.00"), date(2026, 1, 13), days_before=3) == []
