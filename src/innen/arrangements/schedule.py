"""Payment plans as plain data: the instalments, and what the payments so far have covered.

plan_schedule(D("100.00"), 3, date(2026, 1, 31))
-> 33.33 on 31 January, 33.33 on 28 February, 33.34 on 31 March 2026: equal parts in whole
cents, the last taking the rounding rest, so the parts always add up to the total; a month
without the first due day's number gets its last day.

Payments are never stored per instalment: what has been paid toward a plan is the plan's
total less what its invoices still owe, and it covers the instalments in order.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from innen.money import CENT, ZERO, round_cents_down


@dataclass(frozen=True)
class Instalment:
    number: int  # 1, 2, ...
    due_on: date
    amount: Decimal


@dataclass(frozen=True)
class InstalmentState:
    instalment: Instalment
    paid: Decimal  # what the payments so far cover of this instalment
    outstanding: Decimal

    @property
    def settled(self) -> bool:
        return self.outstanding == ZERO


def split_amount(total: Decimal, count: int) -> list[Decimal]:
    """`total` in `count` parts: equal whole cents, the last taking what rounding leaves.

    The equal part is rounded down, so the last part is never smaller than the others and
    never negative. Raises ValueError when `count` parts of at least a cent cannot be made.
    """
    if count < 1:
        raise ValueError("at least one instalment")
    if total < CENT * count:
        raise ValueError("too little for that many instalments")
    # Rounding down (not half-up) is the point: the rest must go on the last part.
    part = round_cents_down(total / count)
    return [part] * (count - 1) + [total - part * (count - 1)]


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def plan_schedule(total: Decimal, count: int, first_due: date) -> list[Instalment]:
    """`count` monthly instalments adding up to `total`, the first due on `first_due`."""
    return [
        Instalment(number, add_months(first_due, number - 1), amount)
        for number, amount in enumerate(split_amount(total, count), 1)
    ]


def covered(instalments: Sequence[Instalment], paid: Decimal) -> list[InstalmentState]:
    """How far `paid` (everything paid toward the plan) covers each instalment, in order."""
    left = max(paid, ZERO)
    states = []
    for instalment in sorted(instalments, key=lambda i: i.number):
        share = min(left, instalment.amount)
        left -= share
        states.append(InstalmentState(instalment, share, instalment.amount - share))
    return states


def first_late(
    instalments: Sequence[Instalment], paid: Decimal, today: date, grace_days: int
) -> InstalmentState | None:
    """The first instalment still owed more than `grace_days` after its due day, else None."""
    for state in covered(instalments, paid):
        if not state.settled and today > state.instalment.due_on + timedelta(days=grace_days):
            return state
    return None


def to_remind(
    instalments: Sequence[Instalment], paid: Decimal, today: date, days_before: int
) -> list[InstalmentState]:
    """Instalments still owed whose reminder day (`days_before` their due day) has come.

    Up to and including the due day itself, so a day without a run does not lose a reminder;
    the caller keeps which ones were sent.
    """
    return [
        state
        for state in covered(instalments, paid)
        if not state.settled
        and state.instalment.due_on - timedelta(days=days_before)
        <= today
        <= state.instalment.due_on
    ]
