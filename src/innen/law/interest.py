"""Interest on a late payment: statutory (art. 6:119 BW), commercial (art. 6:119a BW) or agreed.

Conventions (the law gives none; see docs/law.md):

* interest runs from the first interest day up to and including the day of payment (or the
  day the claim is computed to), and on that day on the principal as it stood before the
  payment;
* day count Actual/365 fixed: interest = base × rate × days / 365, also in leap years;
* a period is split at every rate change (art. 6:120 lid 2 BW: the new rate applies from the
  change date), at every anniversary of the first interest day and wherever the base changes;
* past the last day the rate table is known for, the last known rate goes on and the line is
  marked provisional (split at that day, so a line is either known or provisional);
* compounding (art. 6:119 lid 2, art. 6:119a lid 3 BW): at each anniversary of the first
  interest day the unpaid interest of the past year is added to the base. A year that starts
  on 29 February ends on 28 February, so the next one starts on 1 March;
* each period line is computed at full precision and rounded half-up to cents once; the
  interest of a claim is the sum of its printed lines, and the interest added to the base at
  an anniversary is the sum of that year's printed lines, so every figure can be re-added by
  hand.

Worked example (€1,000 of commercial interest from 1 January 2024 to 30 June 2025)::

    2024-01-01 – 2024-06-30  182 days  12.50%  base 1000.00  interest 62.33
    2024-07-01 – 2024-12-31  184 days  12.25%  base 1000.00  interest 61.75
    2025-01-01 – 2025-06-30  181 days  11.15%  base 1124.08  interest 62.15

    On 1 January 2025 (the first anniversary) 62.33 + 61.75 = 124.08 is added to the base;
    the interest is 62.33 + 61.75 + 62.15 = 186.23.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from innen.law.rates import PUBLISHED, RateRow, RateTable, RateTables
from innen.money import ZERO, round_cents

ONE_DAY = timedelta(days=1)
DAYS_IN_YEAR = Decimal(365)


@dataclass(frozen=True)
class InterestRule:
    """Which interest a claim carries.

    `kind` is "statutory" (art. 6:119 BW), "commercial" (art. 6:119a BW), "contractual" (an
    agreed fixed yearly percentage, `percent`) or "none". Statutory and commercial interest
    always compound yearly; agreed interest compounds only when `compound` is set. A table
    rule computes with `rates` once bound (`using`), else with the published history.
    """

    kind: str
    percent: Decimal | None = None
    compound: bool = True
    rates: RateTable | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.kind not in ("statutory", "commercial", "contractual", "none"):
            raise ValueError(f"unknown interest kind {self.kind!r}")
        if self.kind == "contractual":
            if self.percent is None or self.percent < 0:
                raise ValueError("agreed interest needs a percentage of 0 or more")
        elif self.percent is not None:
            raise ValueError(f"{self.kind} interest takes no percentage")
        if self.kind in ("statutory", "commercial") and not self.compound:
            raise ValueError("statutory interest always compounds (art. 6:119 lid 2 BW)")

    @property
    def table(self) -> RateTable | None:
        if self.kind not in ("statutory", "commercial"):
            return None
        return self.rates if self.rates is not None else PUBLISHED.table(self.kind)

    def using(self, tables: RateTables) -> InterestRule:
        """This rule computing with `tables` (a rule without a table stays as it is)."""
        if self.kind not in ("statutory", "commercial"):
            return self
        return replace(self, rates=tables.table(self.kind))

    def row_on(self, day: date) -> RateRow | None:
        """The table row in force on `day` (None for agreed interest; raises
        DateOutsideRateTable before the table's first row)."""
        table = self.table
        return table.rate_on(day) if table is not None else None

    def splits_between(self, first: date, last: date) -> list[date]:
        table = self.table
        return table.splits_between(first, last) if table is not None else []

    def check_covers(self, first: date) -> None:
        """Raise DateOutsideRateTable when the table starts after `first`."""
        if self.table is not None:
            self.table.rate_on(first)

    def describe(self) -> str:
        if self.kind == "contractual":
            how = "samengesteld" if self.compound else "enkelvoudig"
            return f"overeengekomen rente {self.percent}% per jaar ({how})"
        if self.table is not None:
            return f"{self.table.name} ({self.table.article})"
        return "geen rente"


STATUTORY_INTEREST = InterestRule("statutory")
COMMERCIAL_INTEREST = InterestRule("commercial")
NO_INTEREST = InterestRule("none", compound=False)


def agreed_interest(percent: Decimal, *, compound: bool = False) -> InterestRule:
    """An agreed fixed yearly percentage (art. 6:119 lid 3 / 6:119a lid 8 BW)."""
    return InterestRule("contractual", percent=percent, compound=compound)


@dataclass(frozen=True)
class InterestPeriod:
    """One printed line: `days` days from `start` to `end` inclusive at `rate` percent on `base`.

    `row` is the table row the rate came from (None for agreed interest); `provisional` is set
    when the line lies past the last day the table is known for.
    """

    start: date
    end: date
    days: int
    rate: Decimal
    base: Decimal
    interest: Decimal
    row: RateRow | None = None
    provisional: bool = False


def raw_interest(base: Decimal, rate: Decimal, days: int) -> Decimal:
    """Interest at full precision: base × rate% × days / 365 (Actual/365 fixed)."""
    return base * rate * Decimal(days) / (DAYS_IN_YEAR * 100)


def anniversary(first_day: date, years: int) -> date:
    """The day the `years`-th interest year starts; a year from 29 February ends on 28 February."""
    try:
        return first_day.replace(year=first_day.year + years)
    except ValueError:  # 29 February in a common year: the year has run at the end of 28 Feb
        return date(first_day.year + years, 3, 1)


class InterestAccount:
    """The running interest on one sum: principal, capitalised interest and this year's interest.

    Mutable on purpose, driven day by day by the claim computation; what it reports out is
    frozen (`InterestPeriod`). Amounts paid are taken off with `pay_interest` (oldest interest
    first: capitalised, then this year's) and `pay_principal`.
    """

    def __init__(self, principal: Decimal, first_day: date, rule: InterestRule) -> None:
        self.principal = principal
        self.capitalised = ZERO
        self.accrued = ZERO
        self.first_day = first_day
        self.rule = rule
        self.cursor = first_day  # the first day not yet accrued
        self._years = 1
        self.periods: list[InterestPeriod] = []

    @property
    def base(self) -> Decimal:
        return self.principal + self.capitalised

    @property
    def interest_open(self) -> Decimal:
        return self.capitalised + self.accrued

    @property
    def interest_total(self) -> Decimal:
        return sum((p.interest for p in self.periods), ZERO)

    def _next_anniversary(self) -> date:
        return anniversary(self.first_day, self._years)

    def accrue_to(self, last: date) -> None:
        """Accrue interest for every day from the cursor up to and including `last`."""
        if self.rule.kind == "none":
            self.cursor = max(self.cursor, last + ONE_DAY)
            return
        if self.cursor <= last:
            self.rule.check_covers(self.cursor)
        while self.cursor <= last:
            if self.cursor == self._next_anniversary():
                if self.rule.compound:  # art. 6:119 lid 2 / 6:119a lid 3 BW
                    self.capitalised += self.accrued
                    self.accrued = ZERO
                self._years += 1
            end = min(last, self._next_anniversary() - ONE_DAY)
            splits = self.rule.splits_between(self.cursor, end)
            if splits:  # art. 6:120 lid 2 BW: a new rate applies from its first day
                end = min(splits) - ONE_DAY
            self._add_period(self.cursor, end)
            self.cursor = end + ONE_DAY

    def _add_period(self, start: date, end: date) -> None:
        base = self.base
        if base <= 0:
            return
        days = (end - start).days + 1
        row = self.rule.row_on(start)
        if row is None:
            rate = self.rule.percent if self.rule.percent is not None else ZERO
        else:
            rate = row.rate
        provisional = self.rule.table is not None and self.rule.table.is_provisional(start)
        interest = round_cents(raw_interest(base, rate, days))
        self.periods.append(
            InterestPeriod(start, end, days, rate, base, interest, row, provisional)
        )
        self.accrued += interest

    def capitalised_on(self, day: date) -> Decimal:
        """The unpaid interest in the base on `day`, without splitting a line at `day`.

        Accrues at most up to the eve of the last anniversary on or before `day` (where a line
        ends anyway), so asking does not change any printed figure.
        """
        if not self.rule.compound:
            return self.capitalised
        years, last = 1, None
        while anniversary(self.first_day, years) <= day:
            last = anniversary(self.first_day, years)
            years += 1
        if last is None or self.cursor > last:
            return self.capitalised
        self.accrue_to(last - ONE_DAY)
        return self.capitalised + self.accrued  # capitalised when accrual passes `last`

    def pay_interest(self, amount: Decimal) -> Decimal:
        """Take up to `amount` off the open interest, oldest first; return what was taken."""
        from_capitalised = min(amount, self.capitalised)
        self.capitalised -= from_capitalised
        from_accrued = min(amount - from_capitalised, self.accrued)
        self.accrued -= from_accrued
        return from_capitalised + from_accrued

    def pay_principal(self, amount: Decimal) -> Decimal:
        """Take up to `amount` off the principal; return what was taken."""
        taken = min(amount, self.principal)
        self.principal -= taken
        return taken


def interest_schedule(
    principal: Decimal, first_day: date, last_day: date, rule: InterestRule
) -> tuple[InterestPeriod, ...]:
    """The printed interest lines on `principal` from `first_day` to `last_day` inclusive."""
    account = InterestAccount(principal, first_day, rule)
    account.accrue_to(last_day)
    return tuple(account.periods)
