"""Writing rows by the thousand: COPY on PostgreSQL, the fast way in and back."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, transaction
from django.db.models import Model


def copy_rows(model: type[Model], fields: list[str], rows: list[tuple[Any, ...]]) -> None:
    """COPY `rows` (values of `fields`, by attribute name) into `model`'s table (PostgreSQL).

    In binary, typed as the columns are. A broken rule raises as an insert would (a unique
    violation: IntegrityError).
    """
    opts = model._meta
    by_name = {field.attname: field for field in opts.concrete_fields}
    columns = ", ".join(connection.ops.quote_name(by_name[f].column) for f in fields)
    # "varchar(30)" → "varchar", "numeric(14, 2)" → "numeric": names psycopg knows.
    types = [str(by_name[f].db_type(connection)).split("(")[0] for f in fields]
    table = connection.ops.quote_name(opts.db_table)
    with connection.cursor() as cursor, connection.wrap_database_errors:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(types)
            for row in rows:
                copy.write_row(row)


def update_rows(model: type[Model], fields: list[str], objs: Sequence[Model]) -> None:
    """Write `fields` (attribute names) of `objs` back to their rows.

    On PostgreSQL the values are COPYed into a scratch table and set by one UPDATE; elsewhere
    by one prepared UPDATE per row. (`QuerySet.bulk_update` builds a CASE of every row for
    each field: seconds for a few thousand rows.)
    """
    if not objs:
        return
    opts = model._meta
    by_name = {field.attname: field for field in opts.concrete_fields}
    chosen = [by_name[name] for name in fields]
    rows = [
        (obj.pk, *(f.get_db_prep_save(getattr(obj, f.attname), connection) for f in chosen))
        for obj in objs
    ]
    quote = connection.ops.quote_name
    table = quote(opts.db_table)
    # One transaction round the scratch table: behind a pooler in transaction mode the next
    # statement outside one may run on another server connection, which has no such table.
    with transaction.atomic(), connection.cursor() as cursor, connection.wrap_database_errors:
        if connection.vendor != "postgresql":
            sets = ", ".join(f"{quote(f.column)} = %s" for f in chosen)
            key = quote(opts.pk.column)
            cursor.executemany(
                f"UPDATE {table} SET {sets} WHERE {key} = %s", [(*r[1:], r[0]) for r in rows]
            )
            return
        types = [str(f.db_type(connection)) for f in (opts.pk, *chosen)]
        names = ["key", *(quote(f.column) for f in chosen)]
        # Dropped below, and at the latest when the transaction ends: a server connection a
        # pooler hands to the next client never carries it.
        cursor.execute(
            "CREATE TEMP TABLE innen_update_rows ("
            + ", ".join(f"{name} {kind}" for name, kind in zip(names, types, strict=True))
            + ") ON COMMIT DROP"
        )
        with cursor.cursor.copy(
            f"COPY innen_update_rows ({', '.join(names)}) FROM STDIN (FORMAT BINARY)"
        ) as copy:
            copy.set_types([kind.split("(")[0] for kind in types])
            for row in rows:
                copy.write_row(row)
        sets = ", ".join(f"{name} = s.{name}" for name in names[1:])
        cursor.execute(
            f"UPDATE {table} SET {sets} FROM innen_update_rows s"
            f" WHERE {table}.{quote(opts.pk.column)} = s.key"
        )
        cursor.execute("DROP TABLE innen_update_rows")


def count_for_the_planner(models: Sequence[type[Model]]) -> None:
    """ANALYZE the tables of `models`, just filled by the thousand.

    The planner would otherwise join them as if they held the few rows it last counted,
    until autovacuum comes by: on a fresh demo database, a dashboard funnel of 0.4 s instead
    of 20 ms."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
