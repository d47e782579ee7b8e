"""The collection benchmark: skipped without PostgreSQL, and end to end on a tiny ledger."""

import math
import os
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

from innen.bench.collection import (
    DEFAULT_URL,
    Scale,
    Skipped,
    collection_figures,
    last_json,
    run_phase,
    split_run_on_a_copy,
)
from innen.bench.pg_database import MARKER, drop_database, recreate_database

SERVER_URL = os.environ.get("INNEN_BENCH_DATABASE_URL", DEFAULT_URL)


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def _server_reachable() -> bool:
    try:
        with psycopg.connect(_with_database(SERVER_URL, "postgres"), connect_timeout=3):
            return True
    except psycopg.Error:
        return False


needs_postgresql = pytest.mark.skipif(
    not _server_reachable(), reason=f"no PostgreSQL at {SERVER_URL} for the benchmark"
)


def test_a_skipped_figure_says_why():
    figure = Skipped("run_1m_seconds", math.nan, "s", reason="no PostgreSQL")
    assert figure.line() == "run_1m_seconds: skipped (no PostgreSQL)"


def test_without_postgresql_every_figure_is_skipped_with_the_reason():
    figures = list(collection_figures("postgresql://postgres@127.0.0.1:1/innen_bench"))
    assert [f.name for f in figures] == [
        "run_1m_seconds",
        "sql_floor_seconds",
        "run_1m_ratio",
        "run_peak_rss_mb",
        "run_1m_seconds_1w",
        "run_1m_seconds_2w",
        "run_1m_speedup_2w",
    ]
    assert all(isinstance(f, Skipped) for f in figures)
    where = "postgresql://postgres@127.0.0.1:1/innen_bench"
    assert figures[0].line().startswith(f"run_1m_seconds: skipped (no PostgreSQL at {where}: ")


def test_a_database_url_that_is_not_postgresql_is_refused():
    assert recreate_database("sqlite:///bench.sqlite3") == (
        "sqlite:///bench.sqlite3 is not a PostgreSQL database URL"
    )


def test_a_password_never_shows_in_the_reason():
    reason = recreate_database("postgresql://someone:s3cret@127.0.0.1:1/innen_bench")
    assert reason is not None and "s3cret" not in reason


@needs_postgresql
def test_a_database_the_benchmark_did_not_make_is_never_dropped():
    reason = recreate_database(_with_database(SERVER_URL, "postgres"))
    assert reason == "database postgres exists and was not made by innen bench"


@needs_postgresql
def test_the_benchmark_runs_end_to_end_on_a_tiny_ledger():
    name = f"innen_bench_test_{os.getpid()}"
    url = _with_database(SERVER_URL, name)
    try:
        figures = {f.name: f for f in collection_figures(url, Scale(40, 400, 40))}
    finally:
        with psycopg.connect(_with_database(SERVER_URL, "postgres"), autocommit=True) as conn:
            row = conn.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                [name],
            ).fetchone()
            if row is not None and row[0] == MARKER:
                conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))

    assert not any(isinstance(f, Skipped) for f in figures.values())
    run, floor = figures["run_1m_seconds"].value, figures["sql_floor_seconds"].value
    assert run > 0 and floor > 0
    assert figures["run_1m_ratio"].value == pytest.approx(run / floor)
    assert 0 < figures["run_peak_rss_mb"].value < 1024
    # Collection starts on the run date: a step is due today for most overdue invoices.
    assert figures["run_1m_actions_recorded"].value > 100
    one, two = figures["run_1m_seconds_1w"].value, figures["run_1m_seconds_2w"].value
    assert one > 0 and two > 0
    speedup = figures["run_1m_speedup_2w"]
    assert speedup.value == pytest.approx(one / two) and speedup.floor == 1.6


@needs_postgresql
def test_the_run_split_over_workers_records_what_run_day_records(monkeypatch):
    monkeypatch.setenv("INNEN_BENCH_BATCH_SIZE", "8")  # 40 customers: five batches
    scale = Scale(40, 400, 40)
    url = _with_database(SERVER_URL, f"innen_bench_split_test_{os.getpid()}")
    assert recreate_database(url) is None
    try:
        run_phase("generate", url, scale)
        split = split_run_on_a_copy(url, scale, workers=2)
        alone = last_json(run_phase("measure", url, scale))
    finally:
        drop_database(url)

    assert split["batches"] == 5
    assert split["summary"]["actions_recorded"] == alone["actions_recorded"] > 100
    # The same actions, messages and dossier events, row for row (ids and times aside).
    assert split["recorded"] == alone["recorded"]
    assert split["recorded"]["actions"][0] == alone["actions_recorded"]
