"""Rules the database keeps by itself, as triggers: what Django's constraints cannot say.

`same_organisation(Invoice, "customer")` makes the database refuse an invoice whose
customer is another organisation's, and an invoice moved to another organisation. A check in
`save()` would miss `bulk_create`, `update()`, COPY and raw SQL; a composite foreign key
(`(organisation_id, customer_id)` referring to `(organisation_id, id)`) would need a second
unique index on every parent table and cannot be added to an SQLite table without rebuilding
it. A trigger holds on both databases, for every way a row is written, the admin included.

Each app lists its guards in `<app>/guards.py` and installs them from its AppConfig after
every `migrate` (and after Django empties a test database), not in a migration: SQLite drops
a table's triggers whenever Django rebuilds the table, which most field changes do, and a
guard lost that way would be lost silently; and it cannot rebuild a table at all while
another table's trigger names it, so on SQLite the guards are dropped before migrations run.
Installing drops and re-creates them, so they are always the ones in the code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.signals import post_migrate, pre_migrate

REFUSED = "integrity_constraint_violation"  # SQLSTATE 23000: Django raises IntegrityError


@dataclass(frozen=True)
class Guard:
    """A table's triggers: the statements that make them, and their names to drop them by."""

    table: str
    postgresql: str  # one script: functions, then triggers
    sqlite: tuple[str, ...]
    postgresql_triggers: tuple[str, ...]
    sqlite_triggers: tuple[str, ...]


def _foreign_key(model: type[models.Model], name: str) -> models.ForeignKey[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, models.ForeignKey), f"{model.__name__}.{name} is no foreign key"
    return field


def _organisation_of(model: type[models.Model], path: str, key: str) -> str:
    """SQL for the organisation of the row `path` leads to from `model`'s row with id `key`.

    `path` names foreign keys: "customer", or "step.policy" for a row (a policy step) whose
    organisation is that of its policy.
    """
    first, _, rest = path.partition(".")
    related: type[models.Model] = _foreign_key(model, first).related_model  # type: ignore[assignment]
    table, pk = related._meta.db_table, related._meta.pk.column
    if not rest:
        return f"(SELECT organisation_id FROM {table} WHERE {pk} = {key})"
    column = _foreign_key(related, rest.partition(".")[0]).column
    return _organisation_of(related, rest, f"(SELECT {column} FROM {table} WHERE {pk} = {key})")


def same_organisation(model: type[models.Model], *paths: str, owner: str = "organisation") -> Guard:
    """Rows of `model` belong to the organisation of every row `paths` lead to, and stay.

    `owner` says where a row's own organisation is: its `organisation` column (which then
    never changes), or, for a row without one (a many-to-many link), the first of `paths`.
    A reference to no row (NULL, or a row not there yet) is the foreign key's business.
    """
    table = model._meta.db_table
    columns = {path: _foreign_key(model, path.partition(".")[0]).column for path in paths}
    if owner == "organisation":
        own = "NEW.organisation_id"
        watched = ["organisation_id", *columns.values()]
    else:
        own = _organisation_of(model, owner, f"NEW.{columns[owner]}")
        watched = list(columns.values())
    checks = [
        (columns[path], f"{own} <> {_organisation_of(model, path, 'NEW.' + columns[path])}")
        for path in paths
        if path != owner
    ]
    moves = owner == "organisation"
    return Guard(
        table=table,
        postgresql=_postgresql(table, checks, watched, None if moves else columns[owner]),
        sqlite=_sqlite(table, checks, None if moves else columns[owner]),
        postgresql_triggers=(f"{table}_same_organisation",),
        sqlite_triggers=_sqlite_names(table, checks, moves=moves),
    )


def _postgresql(
    table: str, checks: Sequence[tuple[str, str]], watched: Sequence[str], owner_column: str | None
) -> str:
    """One trigger for inserts and updates. As on SQLite, an update checks only the references
    it changes (with no `owner_column` the row's organisation never changes): a bank line's
    payment set by matching looks up the payment, not the account and statement again. A
    reference to no row looks nothing up."""
    name = f"{table}_same_organisation"
    body = []
    if owner_column is None:
        body.append(
            "IF TG_OP = 'UPDATE' AND NEW.organisation_id <> OLD.organisation_id THEN "
            f"RAISE EXCEPTION '{table}: a row never moves to another organisation' "
            f"USING ERRCODE = '{REFUSED}'; END IF;"
        )
    for column, condition in checks:
        changed = " OR ".join(
            f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in (column, owner_column) if c is not None
        )
        # No row referred to (NULL): nothing to look up (the lookup would say NULL).
        body.append(
            f"IF NEW.{column} IS NOT NULL AND (TG_OP = 'INSERT' OR {changed}) THEN "
            f"IF {condition} THEN RAISE EXCEPTION "
            f"'{table}.{column}: % is another organisation''s row', NEW.{column} "
            f"USING ERRCODE = '{REFUSED}'; END IF; END IF;"
        )
    statements = "\n    ".join(body)
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {statements}
    RETURN NEW;
END $$;
CREATE TRIGGER {name} BEFORE INSERT OR UPDATE OF {", ".join(watched)} ON {table}
    FOR EACH ROW EXECUTE FUNCTION {name}();
"""


def _sqlite_names(table: str, checks: Sequence[tuple[str, str]], *, moves: bool) -> tuple[str, ...]:
    names = [
        f"{table}_{column}_same_organisation_{on}"
        for column, _ in checks
        for on in ("insert", "update")
    ]
    return (*names, f"{table}_stays_in_its_organisation") if moves else tuple(names)


def _sqlite(
    table: str, checks: Sequence[tuple[str, str]], owner_column: str | None
) -> tuple[str, ...]:
    """Two triggers per check (SQLite has no INSERT OR UPDATE); with no `owner_column` the
    row's own organisation_id, which a third keeps from changing."""
    statements = []
    for column, condition in checks:
        refuse = f"SELECT RAISE(ABORT, '{table}.{column}: another organisation''s row')"
        changed = f"{column}, {owner_column}" if owner_column else column
        for on, event in (("insert", "INSERT"), ("update", f"UPDATE OF {changed}")):
            statements.append(
                f"CREATE TRIGGER {table}_{column}_same_organisation_{on} BEFORE {event} "
                f"ON {table} WHEN {condition} BEGIN {refuse}; END"
            )
    if owner_column is None:
        statements.append(
            f"CREATE TRIGGER {table}_stays_in_its_organisation BEFORE UPDATE OF organisation_id "
            f"ON {table} WHEN NEW.organisation_id <> OLD.organisation_id BEGIN SELECT "
            f"RAISE(ABORT, '{table}: a row never moves to another organisation'); END"
        )
    return tuple(statements)


def install(guards: Sequence[Guard], connection: BaseDatabaseWrapper) -> None:
    """(Re-)create `guards` on the tables that exist: the triggers are the code's."""
    if connection.vendor not in ("postgresql", "sqlite"):
        return
    tables = set(connection.introspection.table_names())
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for guard in guards:
            if guard.table not in tables:
                continue
            if connection.vendor == "postgresql":
                for name in guard.postgresql_triggers:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {guard.table}")
                cursor.execute(guard.postgresql, None)  # no parameters: % is plpgsql's own
            else:
                for name in guard.sqlite_triggers:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                for statement in guard.sqlite:
                    cursor.execute(statement)


def uninstall_on_sqlite(guards: Sequence[Guard], connection: BaseDatabaseWrapper) -> None:
    """Drop `guards` on SQLite before migrations run.

    Django rebuilds an SQLite table by creating a new one, dropping the old and renaming the
    new; the rename fails while any trigger still names the table that is briefly gone.
    """
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for guard in guards:
            for name in guard.sqlite_triggers:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def install_after_migrate(app_config: Any, guards: Sequence[Guard]) -> None:
    """Install `guards` whenever `migrate` (or a test's flush) finishes with `app_config`."""

    def before(using: str = "default", **kwargs: Any) -> None:
        uninstall_on_sqlite(guards, connections[using])

    def after(using: str = "default", **kwargs: Any) -> None:
        install(guards, connections[using])

    pre_migrate.connect(before, sender=app_config, weak=False)
    post_migrate.connect(after, sender=app_config, weak=False)
