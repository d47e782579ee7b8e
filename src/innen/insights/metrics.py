"""Receivables over time, DSO by the countback method and the collection effectiveness index.

Pure arithmetic over day totals that the database summed: nothing here sees an invoice.

>>> history = LedgerHistory(
...     today=date(2026, 3, 15),
...     receivables=D("1500.00"),
...     sales={date(2026, 3, 10): D("1000.00"), date(2026, 2, 10): D("900.00")},
...     settled={date(2026, 3, 1): D("400.00")},
... )
>>> history.receivables_on(date(2026, 2, 28))
Decimal('900.00')
>>> dso_on(history, date(2026, 3, 15))  # March's 15 days cover 1000, then 500 of February's 900
Decimal('30.6')
"""

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from innen.money import ZERO, D  # noqa: F401  (D is used by the doctest)

# How far the countback looks back: a DSO beyond this many months shows as "at least".
LOOKBACK_MONTHS = 6
ONE_PLACE = Decimal("0.1")


@dataclass(frozen=True)
class LedgerHistory:
    """The receivables on `today` and, per day of the recent past, what was sold and settled.

    `sales` are the invoice totals by issue date; `settled` the allocations (payments, credit
    notes, write-offs) by their date. Both cover at least the days the figures ask about.
    """

    today: date
    receivables: Decimal
    sales: Mapping[date, Decimal]
    settled: Mapping[date, Decimal]

    def receivables_on(self, day: date) -> Decimal:
        """What was owed at the end of `day`: today's receivables, rolled back to that day.

        Every invoice issued after `day` was not owed yet, every allocation after it not made.
        """
        later_sales = sum((v for d, v in self.sales.items() if day < d <= self.today), ZERO)
        later_settled = sum((v for d, v in self.settled.items() if day < d <= self.today), ZERO)
        return self.receivables - later_sales + later_settled

    def sales_between(self, first: date, last: date) -> Decimal:
        """Credit sales issued from `first` through `last`."""
        return sum((v for d, v in self.sales.items() if first <= d <= last), ZERO)


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day if it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def month_ends(today: date, count: int) -> list[date]:
    """The last `count` month-ends before `today`, oldest first."""
    last = today.replace(day=1) - timedelta(days=1)
    ends = [last]
    while len(ends) < count:
        ends.append(ends[-1].replace(day=1) - timedelta(days=1))
    return sorted(ends)


def countback_periods(day: date, months: int = LOOKBACK_MONTHS) -> list[tuple[date, date]]:
    """The months the countback walks through from `day`, newest first, as (first, last) days.

    The first is the month of `day` up to `day` itself, then whole calendar months.
    """
    periods = [(day.replace(day=1), day)]
    while len(periods) < months + 1:
        last = periods[-1][0] - timedelta(days=1)
        periods.append((last.replace(day=1), last))
    return periods


def dso_countback(receivables: Decimal, periods: Sequence[tuple[int, Decimal]]) -> Decimal:
    """Days sales outstanding by the countback method, to one decimal.

    `periods` are (days, credit sales), newest first. The receivables are matched against
    the most recent sales: each period they cover entirely adds its days; the period they
    cover in part adds that part of its days. Receivables beyond all periods' sales count
    every day of them (the true figure is then at least that).

    >>> dso_countback(D("1500"), [(15, D("1000")), (28, D("900"))])
    Decimal('30.6')
    """
    days = Decimal(0)
    left = receivables
    for length, sales in periods:
        if left <= ZERO:
            break
        if sales <= ZERO or left >= sales:
            days += length
            left -= max(sales, ZERO)
        else:
            days += length * left / sales
            left = ZERO
    return days.quantize(ONE_PLACE)


def dso_on(history: LedgerHistory, day: date, months: int = LOOKBACK_MONTHS) -> Decimal:
    """DSO at the end of `day`, counting back through the sales of up to `months` months."""
    periods = [
        ((last - first).days + 1, history.sales_between(first, last))
        for first, last in countback_periods(day, months)
    ]
    return dso_countback(history.receivables_on(day), periods)


def dso_is_capped(history: LedgerHistory, day: date, months: int = LOOKBACK_MONTHS) -> bool:
    """Whether the receivables on `day` outrun all the sales the countback looks at."""
    first = countback_periods(day, months)[-1][0]
    return history.receivables_on(day) > history.sales_between(first, day)


def cei(
    *, opening: Decimal, sales: Decimal, closing: Decimal, closing_current: Decimal
) -> Decimal | None:
    """The collection effectiveness index of a period, in percent (one decimal).

    CEI = (opening receivables + credit sales − closing receivables)
        / (opening receivables + credit sales − closing current receivables) × 100

    The numerator is what was collected in the period; the denominator what could have been
    collected: everything owed except what was not due yet at the end. 100 means everything
    collectable was collected. None when nothing was collectable (a zero denominator).

    >>> cei(opening=D("1000"), sales=D("500"), closing=D("700"), closing_current=D("300"))
    Decimal('66.7')
    """
    collectable = opening + sales - closing_current
    if collectable <= ZERO:
        return None
    collected = opening + sales - closing
    return (collected * 100 / collectable).quantize(ONE_PLACE)


def cei_over(
    history: LedgerHistory, months: int, closing_current: Decimal
) -> tuple[date, Decimal | None]:
    """CEI over the `months` months up to today; returns the period's first day and the index.

    `closing_current` is what is open today and not due yet.
    """
    start = months_before(history.today, months)
    first = start + timedelta(days=1)
    return first, cei(
        opening=history.receivables_on(start),
        sales=history.sales_between(first, history.today),
        closing=history.receivables,
        closing_current=closing_current,
    )
