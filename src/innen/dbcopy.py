"""COPY into a table on PostgreSQL: the fast way to write rows by the hundred thousand."""

from __future__ import annotations

from typing import Any

from django.db import connection
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
