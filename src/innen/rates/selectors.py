"""The one place the law engine's rate tables are read from the database."""

from datetime import date

from innen.law.rates import RateRow, RatesOutlook, RateTables, outlook
from innen.rates.models import InterestRate


def rate_tables() -> RateTables:
    """The statutory and commercial tables as recorded, corrections in place of what they
    replace (rows are read in the order they were recorded)."""
    return RateTables.from_rows(
        RateRow(
            table=row.table,
            effective=row.effective,
            rate=row.rate,
            source=row.source,
            confirmed=row.confirmed,
            row_id=row.pk,
        )
        for row in InterestRate.objects.order_by("pk")
    )


def rate_rows() -> list[InterestRate]:
    """Every recorded row, each table in date order, corrections after what they replace."""
    return list(
        InterestRate.objects.select_related("replaces").order_by("table", "effective", "pk")
    )


def rates_outlook(today: date) -> RatesOutlook:
    """How long the recorded rates last, seen on `today` (known, ending or provisional)."""
    return outlook(rate_tables(), today)
