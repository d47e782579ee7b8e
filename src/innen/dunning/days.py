"""Counting days for a step: calendar days, or Dutch business days.

Business days skip Saturdays, Sundays and the Dutch public holidays of the `holidays`
package (the same calendar as the law engine's, which adds 5 May and Good Friday every year
as the Algemene termijnenwet does). Results are cached: a run over a million invoices asks
the same few hundred questions again and again.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from innen.dunning.policy import DayCount
from innen.law.calendar import is_non_working_day

ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=8192)
def is_business_day(day: date) -> bool:
    return not is_non_working_day(day)


@lru_cache(maxsize=65536)
def add_business_days(start: date, days: int) -> date:
    """The day `days` business days after `start` (before it when negative).

    Zero days means `start` itself when it is a business day, else the next business day.
    """
    step = ONE_DAY if days >= 0 else -ONE_DAY
    day, remaining = start, abs(days)
    if remaining == 0:
        while not is_business_day(day):
            day += ONE_DAY
        return day
    while remaining:
        day += step
        if is_business_day(day):
            remaining -= 1
    return day


def add_days(start: date, days: int, count: DayCount) -> date:
    if count is DayCount.BUSINESS:
        return add_business_days(start, days)
    return start + timedelta(days=days)
