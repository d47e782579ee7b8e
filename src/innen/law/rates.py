"""The Dutch statutory interest rates as data: one row per change, each with its source.

Two tables: the *wettelijke rente* of art. 6:119 BW (consumers and other non-commercial
claims, set by Royal Decree) and the *wettelijke handelsrente* of art. 6:119a BW (commercial
claims: the ECB main refinancing rate plus 8 points since 16 March 2013, plus 7 before).
Figures and sources come from the research note `dutch-collection-law.md` §2.3; rows marked
VERIFY there rest on fewer sources.

Worked example::

    >>> from datetime import date
    >>> COMMERCIAL.rate_on(date(2024, 3, 1)).rate
    Decimal('12.50')
    >>> STATUTORY.rate_on(date(2015, 6, 30)).rate
    Decimal('2')

How to add a half-year (every 1 January and 1 July): append one `RateRow` to each table,
with the effective date, the rate in percent and where it was published. A table is only
trusted up to the end of the half-year in which its last row took effect; a later date
raises `DateOutsideRateTable`, so a forgotten update fails loudly instead of silently
reusing an old rate. Rows are kept even when the rate did not change, because the row is
what proves that somebody checked.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal


class DateOutsideRateTable(ValueError):
    """A date the table holds no rate for (before its first row or after its last half-year)."""


@dataclass(frozen=True)
class RateRow:
    """A rate in percent per year, in force from `effective` until the next row."""

    effective: date
    rate: Decimal
    source: str


def _end_of_half_year(day: date) -> date:
    return date(day.year, 6, 30) if day.month <= 6 else date(day.year, 12, 31)


@dataclass(frozen=True)
class RateTable:
    """A historic rate table, looked up by day with bisect."""

    name: str
    article: str
    rows: tuple[RateRow, ...]

    def __post_init__(self) -> None:
        dates = [row.effective for row in self.rows]
        if not dates or dates != sorted(set(dates)):
            raise ValueError(f"{self.name}: rows must be non-empty, unique and in date order")

    @property
    def first_day(self) -> date:
        return self.rows[0].effective

    @property
    def last_day(self) -> date:
        """The last day the table is known to cover: the end of its last row's half-year."""
        return _end_of_half_year(self.rows[-1].effective)

    def rate_on(self, day: date) -> RateRow:
        """Return the row in force on `day`; raise `DateOutsideRateTable` outside the table."""
        if day < self.first_day:
            raise DateOutsideRateTable(
                f"no {self.name} known before {self.first_day.isoformat()} (asked for {day})"
            )
        if day > self.last_day:
            raise DateOutsideRateTable(
                f"no {self.name} known after {self.last_day.isoformat()} (asked for {day}); "
                f"add the rate for {(self.last_day + timedelta(days=1)).isoformat()} "
                "in innen/law/rates.py"
            )
        index = bisect.bisect_right([row.effective for row in self.rows], day) - 1
        return self.rows[index]

    def changes_between(self, first: date, last: date) -> list[date]:
        """The effective dates d with first < d <= last: where a period must split."""
        return [row.effective for row in self.rows if first < row.effective <= last]


def _row(effective: str, rate: str, source: str) -> RateRow:
    return RateRow(date.fromisoformat(effective), Decimal(rate), source)


RAAD = "raadvanarbitrage.nl woordenlijst 'wettelijke rente'"
RENTETOOL = "Matthi-code/rentetool docs/03_rentetabel.csv"

STATUTORY = RateTable(
    name="wettelijke rente",
    article="art. 6:119 BW",
    rows=(
        _row("2002-01-01", "7", RAAD),
        _row("2003-08-01", "5", RAAD),
        _row("2004-02-01", "4", f"{RAAD}; renteverwachting.info"),
        _row("2007-01-01", "6", f"{RAAD}; vdkraan.nl"),
        _row("2009-07-01", "4", "Stb. 2009, 262"),
        _row("2010-01-01", "3", "schrijftolk.org/node/167; sdu.nl 'Verlaging wettelijke rente'"),
        _row("2011-07-01", "4", "iqount.nl; incassoregister.nl"),
        _row("2012-07-01", "3", "Stb. 2012, 285 (cited in the NvT of Stb. 2014, 491)"),
        _row("2015-01-01", "2", "Stb. 2014, 491"),
        _row("2023-01-01", "4", "KB 15-12-2022; abenslag.nl; boersadvocaten.nl"),
        _row("2023-07-01", "6", "watsonlaw.nl; wieringa-advocaten.nl"),
        _row("2024-01-01", "7", "Stb. 2023, 484; smkaccountants.nl"),
        _row("2024-07-01", "7", "mijn.metaalunie.nl (unchanged)"),
        _row("2025-01-01", "6", "vvoadvocatuur.nl"),
        _row("2025-07-01", "6", f"vanlaarhovenenpartners.nl 25-09-2025; {RENTETOOL} [VERIFY]"),
        _row("2026-01-01", "4", f"{RENTETOOL} [VERIFY]"),
        _row(
            "2026-07-01",
            "4",
            "formula of the KB of 18-1-1971: ECB MRO 2.15% (OJ C/2026/01398, rate on 1 April "
            "2026) + 2.25 = 4.40, rounded to 4%: unchanged [VERIFY: the Besluit]",
        ),
    ),
)

COMMERCIAL = RateTable(
    name="wettelijke handelsrente",
    article="art. 6:119a BW",
    rows=(
        _row("2002-12-01", "10.35", f"{RAAD} [VERIFY regime start 2002-08-08]"),
        _row("2003-01-01", "9.85", RAAD),
        _row("2003-07-01", "9.10", RAAD),
        _row("2004-01-01", "9.02", f"{RENTETOOL} [VERIFY: raadvanarbitrage.nl says 9.01]"),
        _row("2004-07-01", "9.01", RENTETOOL),
        _row("2005-01-01", "9.09", RAAD),
        _row("2005-07-01", "9.05", RAAD),
        _row("2006-01-01", "9.25", RAAD),
        _row("2006-07-01", "9.83", RAAD),
        _row("2007-01-01", "10.58", f"{RAAD}; vdkraan.nl"),
        _row("2007-07-01", "11.07", RAAD),
        _row("2008-01-01", "11.20", RAAD),
        _row("2008-07-01", "11.07", RAAD),
        _row("2009-01-01", "9.50", f"{RAAD}; wieringa-advocaten.nl"),
        _row("2009-07-01", "8.00", RAAD),
        _row("2011-07-01", "8.25", "incassoregister.nl"),
        _row("2012-01-01", "8.00", RENTETOOL),
        _row("2013-01-01", "7.75", "vdkraan.nl"),
        _row("2013-03-16", "8.75", f"{RENTETOOL}; MRO 0.75 + 8 from 16-3-2013 [VERIFY]"),
        _row("2013-07-01", "8.50", "fintool.nl"),
        _row("2014-01-01", "8.25", RENTETOOL),
        _row("2014-07-01", "8.15", RENTETOOL),
        _row("2015-01-01", "8.05", "bierensgroup.com; rechtnet.nl"),
        _row("2016-07-01", "8.00", f"{RENTETOOL}; rechtnet.nl; legalsearch.nl"),
        _row("2023-01-01", "10.50", "abenslag.nl; boersadvocaten.nl"),
        _row("2023-07-01", "12.00", "watsonlaw.nl"),
        _row("2024-01-01", "12.50", "wieringa-advocaten.nl; e-justice.europa.eu"),
        _row("2024-07-01", "12.25", "mijn.metaalunie.nl"),
        _row("2025-01-01", "11.15", "vvoadvocatuur.nl"),
        _row("2025-07-01", "10.15", "vanlaarhovenenpartners.nl"),
        _row("2026-01-01", "10.15", f"{RENTETOOL}; MRO 2.15 + 8 [VERIFY]"),
        _row(
            "2026-07-01",
            "10.15",
            "ECB MRO 2.15% (OJ C/2026/01398, rate on 1 April 2026; unchanged since June 2025) "
            "+ 8 [VERIFY: the MRO of the last operation before 1 July 2026]",
        ),
    ),
)
