"""Dutch days that do not count: Saturdays, Sundays and the holidays of the Algemene termijnenwet.

Art. 3 lid 1 Atw: New Year's Day, Easter Monday, Ascension Day, Whit Monday, both Christmas
days, King's Day and 5 May (every year, unlike the `holidays` package, which only lists
Liberation Day in lustrum years); Good Friday is treated as a holiday too (art. 3 lid 3 Atw).

Worked example: a term ending on Friday 25 December 2026 (Christmas) moves past Saturday 26
and Sunday 27 December to Monday 28 December 2026.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=256)
def _dutch_holidays(year: int) -> frozenset[date]:
    # Building the calendar is slow (about a millisecond); a run asks for it millions of times.
    return frozenset(holidays.country_holidays("NL", years=year))


def is_atw_holiday(day: date) -> bool:
    """True on a public holiday of the Algemene termijnenwet (Sundays aside)."""
    if (day.month, day.day) == (5, 5):
        return True
    return day in _dutch_holidays(day.year)


def is_non_working_day(day: date) -> bool:
    """True on a Saturday, Sunday or Atw holiday."""
    return day.weekday() >= 5 or is_atw_holiday(day)


def next_working_day(day: date) -> date:
    """`day` itself, or the first later day that is no Saturday, Sunday or holiday (art. 1 Atw)."""
    while is_non_working_day(day):
        day += ONE_DAY
    return day
