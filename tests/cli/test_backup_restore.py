"""A backup restored into an empty database holds every row and every stored file.

Each table is compared by its row count and a checksum of its rows; the dossier's hash
chain holds after the restore. On SQLite always, on PostgreSQL when the server answers.
"""

from __future__ import annotations

import json
import os

import pytest

from tests.cli.innen_process import environment, innen, python

SEED = """
import django; django.setup()
from datetime import date
from tests import factories
org = factories.organisation()
for n in range(4):
    customer = factories.customer(org)
    for due in (date(2026, 1, 31), date(2026, 2, 14)):
        factories.invoice(org, customer, total=f"{100 + n}.50", due=due)
"""

FINGERPRINTS = """
import django, hashlib, json; django.setup()
from django.db import connection
prints = {}
with connection.cursor() as cursor:
    for table in connection.introspection.table_names():
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        rows = sorted(repr(row) for row in cursor.fetchall())
        prints[table] = [len(rows), hashlib.sha256("\\n".join(rows).encode()).hexdigest()]
print(json.dumps(prints))
"""

DOCUMENT = b"%PDF-1.4 a letter as sent\n"


def fingerprints(env):
    return json.loads(python(env, FINGERPRINTS))


def back_up_and_restore(source, target, tmp_path):
    innen(source, "migrate")
    python(source, SEED)
    innen(source, "run", "--date", "2026-03-03")
    stored = tmp_path / "source" / "media" / "letters" / "sent.pdf"
    stored.parent.mkdir(parents=True)
    stored.write_bytes(DOCUMENT)
    innen(source, "backup", "--out", str(tmp_path / "backup.tar.gz"))
    innen(target, "restore", str(tmp_path / "backup.tar.gz"))

    before, after = fingerprints(source), fingerprints(target)
    assert sum(count for count, _ in before.values()) > 50  # rows enough to mean something
    assert before["dossier_event"][0] > 0
    assert after == before
    assert (tmp_path / "target" / "media" / "letters" / "sent.pdf").read_bytes() == DOCUMENT
    assert "chain intact" in innen(target, "dossier", "verify").stdout

    again = innen(target, "restore", str(tmp_path / "backup.tar.gz"), check=False)
    assert again.returncode == 2
    assert "is not empty" in again.stderr


def test_a_sqlite_backup_restores_every_table_and_stored_file(tmp_path):
    source = environment(tmp_path / "source")
    target = environment(tmp_path / "target")
    back_up_and_restore(source, target, tmp_path)


def postgres_databases(*names: str) -> str:
    psycopg = pytest.importorskip("psycopg")
    try:
        connection = psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
        )
    except psycopg.OperationalError:
        pytest.skip("no PostgreSQL at 127.0.0.1:5432")
    with connection:
        for name in names:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
    return "postgresql://postgres@127.0.0.1:5432/"


def drop_postgres_databases(*names: str) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_postgresql_backup_restores_every_table_and_stored_file(tmp_path):
    # Named after this process: two runs on one server (CI's legs, a colleague's) would
    # otherwise drop each other's databases halfway.
    prod, restored = f"innen_prod_{os.getpid()}", f"innen_prod_restore_{os.getpid()}"
    server = postgres_databases(prod, restored)
    source = environment(tmp_path / "source", DATABASE_URL=server + prod)
    target = environment(tmp_path / "target", DATABASE_URL=server + restored)
    try:
        back_up_and_restore(source, target, tmp_path)
    finally:
        drop_postgres_databases(prod, restored)


def test_a_file_that_is_not_a_backup_is_refused_by_name(tmp_path):
    env = environment(tmp_path / "target")
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a tar file")
    result = innen(env, "restore", str(junk), check=False)
    assert result.returncode == 2
    assert "junk.tar.gz is not an innen backup" in result.stderr


def test_a_backup_through_a_transaction_pooler_is_refused_naming_the_way(tmp_path):
    # pg_dump's session settings would stay behind on a pooled server connection.
    env = environment(
        tmp_path / "source",
        DATABASE_URL="postgresql://postgres@127.0.0.1:1/innen",
        DATABASE_POOLER="transaction",
    )
    result = innen(env, "backup", "--out", str(tmp_path / "backup.tar.gz"), check=False)
    assert result.returncode == 2
    assert "DATABASE_URL at the PostgreSQL server itself" in result.stderr
