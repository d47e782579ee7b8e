"""What sharding innen by organisation with Citus would ask of its tables, read from the models.

    python -m innen.bench.citus_check

Citus distributes a table by one column (here `organisation_id`) and then requires that every
primary key and unique constraint of it includes that column, and that a foreign key between
two distributed tables includes it on both sides (co-location); a foreign key from a
distributed table to a reference table (copied to every node) is allowed. This prints the
tables that would be distributed, the reference tables, and every key that breaks those
rules today. docs/scaling.md shows its output.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

# Copied to every node: shared by all organisations, small, rarely written.
REFERENCE_TABLES = (
    "organisations_organisation",
    "rates_interestrate",
    "auth_user",
    "django_content_type",
)


def _models() -> list[Any]:
    from django.apps import apps

    models = apps.get_models(include_auto_created=True)
    return [m for m in models if m.__module__.startswith("innen.")]


def distributed_tables() -> list[str]:
    """The tables with an organisation column: distributed by it."""
    return sorted(
        m._meta.db_table
        for m in _models()
        if any(f.column == "organisation_id" for f in m._meta.concrete_fields)
    )


def unique_keys(model: Any) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Each primary key and unique constraint as (its name, its columns)."""
    meta = model._meta
    yield "primary key", (meta.pk.column,)
    for field in meta.concrete_fields:
        if field.unique and not field.primary_key:
            yield f"unique {field.name}", (field.column,)
    for fields in meta.unique_together:
        yield "unique_together", tuple(meta.get_field(name).column for name in fields)
    for constraint in meta.constraints:
        fields = getattr(constraint, "fields", ())
        if fields and type(constraint).__name__ == "UniqueConstraint":
            yield constraint.name, tuple(meta.get_field(name).column for name in fields)


def keys_without_organisation() -> Iterator[str]:
    """Unique keys and foreign keys of distributed tables that leave the organisation out."""
    distributed = set(distributed_tables())
    for model in sorted(_models(), key=lambda m: m._meta.db_table):
        table = model._meta.db_table
        if table not in distributed:
            continue
        for name, columns in unique_keys(model):
            if "organisation_id" not in columns:
                yield f"{table}: {name} ({', '.join(columns)})"
        for field in model._meta.concrete_fields:
            target = field.related_model._meta.db_table if field.is_relation else None
            if target in distributed and field.column != "organisation_id":
                yield f"{table}: foreign key {field.column} -> {target} (id only)"


def report() -> Iterator[str]:
    distributed = distributed_tables()
    yield f"distributed by organisation_id ({len(distributed)}): {', '.join(distributed)}"
    yield f"reference tables: {', '.join(REFERENCE_TABLES)}"
    others = sorted(
        m._meta.db_table
        for m in _models()
        if m._meta.db_table not in distributed and m._meta.db_table not in REFERENCE_TABLES
    )
    yield f"without organisation_id, to be given one first ({len(others)}): {', '.join(others)}"
    broken = list(keys_without_organisation())
    yield f"keys that leave organisation_id out ({len(broken)}):"
    yield from (f"  {line}" for line in broken)


def main() -> int:
    from innen.boot import setup_django

    setup_django()
    for line in report():
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
