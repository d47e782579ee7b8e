import copy
import os
import threading
import time
from contextlib import contextmanager

import pytest
from django.db import connection, connections, transaction


@pytest.mark.django_db
def test_the_suite_runs_on_the_database_the_environment_names():
    url = os.environ.get("DATABASE_URL", "sqlite://")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


# Two writers at once: the Mollie webhook while the worker sends, a dispute during the run.

TABLE = "innen_test_two_writers"


@contextmanager
def another_connection_to(name):
    """An alias for this database's settings on `name`: each thread gets its own connection."""
    alias = "two_writers"
    connections.settings[alias] = {**copy.deepcopy(connection.settings_dict), "NAME": name}
    try:
        yield alias
    finally:
        del connections.settings[alias]


def read_then_write(alias, start, errors):
    """Read a number, take a moment, write it plus one: in one transaction, as services do."""
    try:
        start.wait(timeout=10)
        database = connections[alias]
        lock = " FOR UPDATE" if database.features.has_select_for_update else ""
        with transaction.atomic(using=alias), database.cursor() as cursor:
            cursor.execute(f"SELECT n FROM {TABLE} WHERE id = 1{lock}")
            (number,) = cursor.fetchone()
            time.sleep(0.3)  # the other writer comes in here
            cursor.execute(f"UPDATE {TABLE} SET n = %s WHERE id = 1", [number + 1])
    except Exception as exc:  # "database is locked", before WAL and BEGIN IMMEDIATE
        errors.append(exc)
    finally:
        connections[alias].close()


def test_two_writers_at_once_both_succeed_and_neither_loses_the_others_write(
    tmp_path, django_db_setup, django_db_blocker
):
    # On SQLite a file shared by threads, as processes share it; on PostgreSQL the test
    # database, where the row lock does what BEGIN IMMEDIATE does on SQLite. Outside a test
    # transaction (django_db_blocker), as the processes are.
    on_sqlite = connection.vendor == "sqlite"
    name = str(tmp_path / "two-writers.sqlite3") if on_sqlite else connection.settings_dict["NAME"]
    with django_db_blocker.unblock(), another_connection_to(name) as alias:
        with connections[alias].cursor() as cursor:
            cursor.execute(f"CREATE TABLE {TABLE} (id INTEGER PRIMARY KEY, n INTEGER)")
            cursor.execute(f"INSERT INTO {TABLE} (id, n) VALUES (1, 0)")
            if on_sqlite:
                cursor.execute("PRAGMA journal_mode")
                assert cursor.fetchone()[0] == "wal"
        try:
            start, errors = threading.Barrier(2), []
            writers = [
                threading.Thread(target=read_then_write, args=(alias, start, errors))
                for _ in range(2)
            ]
            for writer in writers:
                writer.start()
            for writer in writers:
                writer.join(timeout=30)

            assert errors == []
            with connections[alias].cursor() as cursor:
                cursor.execute(f"SELECT n FROM {TABLE} WHERE id = 1")
                assert cursor.fetchone() == (2,)
        finally:
            with connections[alias].cursor() as cursor:
                cursor.execute(f"DROP TABLE {TABLE}")
            connections[alias].close()


@pytest.mark.django_db(transaction=True)
def test_each_transaction_sees_utc_though_another_session_set_its_own_zone(django_db_blocker):
    """Django sets a connection's zone to UTC once, when it connects. Behind a pooler in
    transaction mode each transaction may run on another server connection, one another
    client set to its own zone: PgBouncer keeps the zone per client, so UTC holds."""
    if connection.vendor != "postgresql":
        return  # SQLite has no session zone: Django converts in Python
    with (
        django_db_blocker.unblock(),
        another_connection_to(connection.settings_dict["NAME"]) as alias,
    ):
        other = connections[alias]
        with other.cursor() as cursor:
            cursor.execute("SET TIME ZONE 'America/New_York'")
        try:
            for _ in range(5):
                with transaction.atomic(using=alias), other.cursor() as cursor:
                    cursor.execute("SELECT current_setting('TimeZone')")
                    assert cursor.fetchone() == ("America/New_York",)
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute("SELECT current_setting('TimeZone')")
                    assert cursor.fetchone() == ("UTC",)
        finally:
            other.close()
