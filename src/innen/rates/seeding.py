"""The published history into the database: what the migrations (and a flushed test database)
start from. Rows already there for a table and day are left alone."""

from typing import Any

from innen.law.rates import published_rows

PUBLISHED_BY = "published history (innen)"


def seed_published(model: Any) -> int:
    """Add the published rows `model` (InterestRate, or its historical model) lacks; the count."""
    present = set(model.objects.values_list("table", "effective"))
    missing = [
        model(
            table=row.table,
            effective=row.effective,
            rate=row.rate,
            source=row.source,
            confirmed=row.confirmed,
            added_by=PUBLISHED_BY,
        )
        for row in published_rows()
        if (row.table, row.effective) not in present
    ]
    model.objects.bulk_create(missing)
    return len(missing)
