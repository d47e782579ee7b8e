"""The Dutch statutory interest rates as data: one row per change, each with its source.

Two tables: the *wettelijke rente* of art. 6:119 BW (consumers and other non-commercial
claims, set by Royal Decree) and the *wettelijke handelsrente* of art. 6:119a BW (commercial
claims: the ECB main refinancing rate plus 8 points since 16 March 2013, plus 7 before).

The rows live in the database (`innen.rates`), seeded from the published history in
`published_rates.csv` beside this file; an operator adds a new half-year's rate without a
release (`innen law rates add`). This module only computes with the rows it is given:
`RateTables.from_rows` builds the two tables, `PUBLISHED` holds the seed history for pure code
and tests.

Worked example::

    >>> from datetime import date
    >>> COMMERCIAL.rate_on(date(2024, 3, 1)).rate
    Decimal('12.50')
    >>> STATUTORY.rate_on(date(2015, 6, 30)).rate
    Decimal('2')

A table is known up to the end of the half-year in which its last row took effect
(`known_until`). Past that day the engine goes on with the last row's rate and marks what it
computes as provisional: a claim on 1 January must not fail because the government publishes
the new rate a few days late. Rows are kept even when the rate did not change, because the
row is what proves that somebody checked.
"""

from __future__ import annotations

import bisect
import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from importlib import resources

ONE_DAY = timedelta(days=1)
KINDS = ("statutory", "commercial")
NAMES = {"statutory": "wettelijke rente", "commercial": "wettelijke handelsrente"}
ARTICLES = {"statutory": "art. 6:119 BW", "commercial": "art. 6:119a BW"}
# From this many days before the tables run out, owners are told to add the next rates.
WARN_DAYS_BEFORE = 30
# Where the rates are published: the consumer rate by Royal Decree in the Staatsblad, the
# commercial rate follows the ECB and is announced on the government's site.
WHERE_PUBLISHED = (
    "wettelijke rente: Staatsblad (officielebekendmakingen.nl); wettelijke handelsrente: "
    "rijksoverheid.nl ('Hoogte wettelijke rente') and the ECB main refinancing rate"
)


class DateOutsideRateTable(ValueError):
    """A date the table holds no rate for (before its first row)."""


@dataclass(frozen=True)
class RateRow:
    """A rate in percent per year, in force from `effective` until the next row.

    `table` is "statutory" (art. 6:119 BW) or "commercial" (art. 6:119a BW); `confirmed` is
    False where no primary source was found; `row_id` identifies the stored row, so that a
    computation can record which rows it used (None for rows not read from the database).
    """

    table: str
    effective: date
    rate: Decimal
    source: str
    confirmed: bool = True
    row_id: int | None = None


def end_of_half_year(day: date) -> date:
    return date(day.year, 6, 30) if day.month <= 6 else date(day.year, 12, 31)


@dataclass(frozen=True)
class RateTable:
    """A historic rate table, looked up by day with bisect."""

    kind: str
    rows: tuple[RateRow, ...]

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown rate table {self.kind!r}")
        dates = [row.effective for row in self.rows]
        if not dates or dates != sorted(set(dates)):
            raise ValueError(f"{self.name}: rows must be non-empty, unique and in date order")
        if any(row.table != self.kind for row in self.rows):
            raise ValueError(f"{self.name}: a row of another table")

    @property
    def name(self) -> str:
        return NAMES[self.kind]

    @property
    def article(self) -> str:
        return ARTICLES[self.kind]

    @property
    def first_day(self) -> date:
        return self.rows[0].effective

    @property
    def known_until(self) -> date:
        """The last day the table is known to cover: the end of its last row's half-year."""
        return end_of_half_year(self.rows[-1].effective)

    def is_provisional(self, day: date) -> bool:
        """True past `known_until`, where the last known rate stands in for an unknown one."""
        return day > self.known_until

    def rate_on(self, day: date) -> RateRow:
        """The row in force on `day`, the last row past `known_until`; raises before the first."""
        if day < self.first_day:
            raise DateOutsideRateTable(
                f"no {self.name} known before {self.first_day.isoformat()} (asked for {day})"
            )
        index = bisect.bisect_right([row.effective for row in self.rows], day) - 1
        return self.rows[index]

    def splits_between(self, first: date, last: date) -> list[date]:
        """The days d with first < d <= last where a period must split: every rate change, and
        the first provisional day, so that a printed line is either known or provisional."""
        days = [row.effective for row in self.rows if first < row.effective <= last]
        provisional_from = self.known_until + ONE_DAY
        if first < provisional_from <= last:
            days.append(provisional_from)
        return days


@dataclass(frozen=True)
class RateTables:
    """The statutory and the commercial table, as one set the law engine computes with."""

    statutory: RateTable
    commercial: RateTable

    def table(self, kind: str) -> RateTable:
        return self.statutory if kind == "statutory" else self.commercial

    @property
    def known_until(self) -> date:
        """The last day both tables are known to cover."""
        return min(self.statutory.known_until, self.commercial.known_until)

    @property
    def rows(self) -> tuple[RateRow, ...]:
        return (*self.statutory.rows, *self.commercial.rows)

    @classmethod
    def from_rows(cls, rows: Iterable[RateRow]) -> RateTables:
        """The tables of `rows` given in the order they were recorded: a later row for the
        same table and day is a correction and takes the earlier one's place."""
        latest: dict[tuple[str, date], RateRow] = {}
        for row in rows:
            latest[(row.table, row.effective)] = row
        by_kind = {
            kind: tuple(sorted((r for r in latest.values() if r.table == kind), key=_effective))
            for kind in KINDS
        }
        return cls(
            RateTable("statutory", by_kind["statutory"]),
            RateTable("commercial", by_kind["commercial"]),
        )


def _effective(row: RateRow) -> date:
    return row.effective


@dataclass(frozen=True)
class RatesOutlook:
    """How long the tables last, seen on `today`: "known", "ending" (within the warning
    window before `known_until`) or "provisional" (past it)."""

    known_until: date
    today: date

    @property
    def status(self) -> str:
        if self.today > self.known_until:
            return "provisional"
        if self.today >= self.known_until - timedelta(days=WARN_DAYS_BEFORE):
            return "ending"
        return "known"

    @property
    def needs_attention(self) -> bool:
        return self.status != "known"

    @property
    def next_day(self) -> date:
        """The first day whose rates are not yet known."""
        return self.known_until + ONE_DAY


def outlook(tables: RateTables, today: date) -> RatesOutlook:
    return RatesOutlook(tables.known_until, today)


def read_published_rows(text: str) -> list[RateRow]:
    """The rows of a published-rates CSV (table, effective, rate, status, source)."""
    rows = []
    for line, record in enumerate(csv.DictReader(text.splitlines()), start=2):
        if record["table"] not in KINDS or record["status"] not in ("confirmed", "unconfirmed"):
            raise ValueError(f"published rates line {line}: unknown table or status")
        rows.append(
            RateRow(
                table=record["table"],
                effective=date.fromisoformat(record["effective"]),
                rate=Decimal(record["rate"]),
                source=record["source"],
                confirmed=record["status"] == "confirmed",
            )
        )
    return rows


def published_rows() -> list[RateRow]:
    """The published history innen ships with (the seed of the database's table)."""
    text = resources.files("innen.law").joinpath("published_rates.csv").read_text("utf-8")
    return read_published_rows(text)


PUBLISHED = RateTables.from_rows(published_rows())
STATUTORY = PUBLISHED.statutory
COMMERCIAL = PUBLISHED.commercial
