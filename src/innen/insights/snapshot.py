"""Today's payment habits and collection funnel, stored by the daily run for the dashboard.

They read a year of payments and steps; the dashboard, which must stay fast on a large
ledger, reads what is stored here for today instead (`innen.insights.figures`). The SQL is
the dashboard's own, so the stored figures are exactly those it would compute itself.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection, transaction

from innen.insights import figures
from innen.insights.models import FunnelCount, Snapshot
from innen.organisations.models import Organisation

# Whole days, rounded as the dashboard rounds a habit it computes.
_WHOLE = "CAST(ROUND(late) AS INTEGER)"


@transaction.atomic
def take_snapshot(organisation: Organisation, today: date) -> Snapshot:
    """Store the habits and funnel of `organisation` as of `today`, replacing the last ones."""
    # Two runs finishing at once take turns here, the later one's snapshot stays.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    Snapshot.objects.filter(organisation=organisation).delete()
    params = figures.habit_params(organisation, today)
    usual = _one(f"SELECT {_WHOLE} FROM ({figures.usual_sql()}) usual", params)
    snapshot = Snapshot.objects.create(
        organisation=organisation, taken_on=today, usual_late_days=usual
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO insights_paymenthabit"
            " (organisation_id, snapshot_id, customer_id, late_days)"
            f" SELECT %(organisation)s, %(snapshot)s, customer_id, {_WHOLE}"
            f" FROM ({figures.habits_sql()}) habits",
            {**params, "organisation": organisation.pk, "snapshot": snapshot.pk},
        )
    FunnelCount.objects.bulk_create(
        FunnelCount(
            organisation=organisation,
            snapshot=snapshot,
            kind=kind,
            reached=reached,
            paid_within=paid,
        )
        for kind, (reached, paid) in figures.funnel_counts(organisation, today).items()
    )
    return snapshot


def _one(sql: str, params: dict[str, Any]) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return row[0] if row else None
