"""Limitation ("verjaring") of a claim to payment.

* 5 years (art. 3:307 BW; interest and periodic payments art. 3:308); 2 years for the price
  in a consumer sale (art. 7:28 BW), which includes energy supplied to consumers (art. 7:5
  lid 5) but not piped water or services.
* The term starts at the beginning of the day after the claim became due ("opeisbaar"). innen
  takes the last day to pay as that day, the earlier of the two readings, so it never warns
  too late.
* A written reminder that reached the debtor interrupts it (art. 3:317 BW); a new term of the
  same length (at most 5 years) starts the next day and never ends before the old one would
  have (art. 3:319 BW). A reminder after the claim is barred revives nothing and is ignored.
* Terms in years are not extended for weekends or holidays (art. 4 sub a Atw).

Worked example: due 15 March 2024, general claim: last day 15 March 2029, barred from
16 March 2029. A reminder received on 1 June 2026 moves the last day to 1 June 2031.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)
YEARS = {"general": 5, "consumer-sale": 2}


@dataclass(frozen=True)
class Limitation:
    """When a claim is barred: `last_day` is the last day to interrupt, `barred_from` the next."""

    kind: str
    years: int
    last_day: date
    barred_from: date
    warning_from: date
    interruptions: tuple[date, ...]
    ignored: tuple[date, ...]


def add_years(day: date, years: int) -> date:
    """`day` moved `years` on; 29 February becomes 1 March (the full years have run by then)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def limitation(
    due: date, kind: str, interrupted: Sequence[date] = (), *, warn_days: int = 90
) -> Limitation:
    """The limitation of a claim due on `due` of `kind` ("general" or "consumer-sale").

    `interrupted` are the days written reminders reached the debtor (art. 3:317 BW);
    `warning_from` is `warn_days` before the last day.
    """
    if kind not in YEARS:
        raise ValueError(f"kind must be general or consumer-sale, not {kind!r}")
    years = YEARS[kind]
    barred_from = add_years(due + ONE_DAY, years)
    applied, ignored = [], []
    for day in sorted(interrupted):
        if day < due:
            raise ValueError(f"interruption {day} is before the due date {due}")
        if day >= barred_from:
            ignored.append(day)  # already barred: nothing left to interrupt
            continue
        applied.append(day)
        # art. 3:319 BW: new term from the next day, same length (max 5 years), never shorter
        barred_from = max(barred_from, add_years(day + ONE_DAY, min(years, 5)))
    last_day = barred_from - ONE_DAY
    return Limitation(
        kind,
        years,
        last_day,
        barred_from,
        last_day - timedelta(days=warn_days),
        tuple(applied),
        tuple(ignored),
    )
