"""10,000 organisations, 100 million invoices: where the storage and the time would go.

A model, not a measurement: it multiplies what the benches measured on this machine by the
rows and the work such an installation would have. Run it against a PostgreSQL database the
collection bench built (`python -m innen.bench.collection generate` then `measure`):

    python -m innen.bench.scale_model --database-url postgresql://.../innen_bench

It reads each table's rows and `pg_total_relation_size` (table, indexes, TOAST) there, so
bytes per row include the indexes innen keeps; without `--database-url` it uses the sizes
measured on 2026-12-06 (`MEASURED_BYTES_PER_ROW`). The per-invoice costs are the benches'
figures (`--run-seconds`/`--open-invoices` for the daily run's, the rest in `COSTS`).
docs/scaling.md shows its output and says what each assumption rests on.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

ORGANISATIONS = 10_000
INVOICES = 100_000_000
HISTORY_YEARS = 5
OPEN_SHARE = 0.10  # of all invoices kept, the share open on a day (the daily run's work)

# Rows per invoice kept, over an invoice's life (assumptions, stated in docs/scaling.md).
ROWS_PER_INVOICE = {
    "ledger_invoice": 1.0,
    "ledger_customer": 0.05,  # 20 invoices per customer over five years
    "ledger_payment": 0.9,
    "ledger_allocation": 1.0,
    "banking_bankentry": 0.9,
    "collection_action": 0.8,  # a reminder for most, more steps for few
    "collection_message": 0.4,  # a customer's steps of a day go as one message
    "outbox_delivery": 0.4,
    "dossier_event": 4.0,  # issued, paid, each step, each message sent
    "connections_externalref": 1.0,  # when the invoices come from an accounting package
}
# Bytes per row (table + its indexes + TOAST) measured on the collection bench's database,
# 2026-12-06 (200,000 open invoices); "assumed" where that database has no rows.
MEASURED_BYTES_PER_ROW: dict[str, float] = {
    "dossier_event": 805,
    "ledger_invoice": 513,
    "ledger_allocation": 314,
    "collection_action": 274,
    "collection_message": 246,
    "ledger_customer": 208,
    "ledger_payment": 134,
}
ASSUMED_BYTES_PER_ROW = 400.0
# Per-unit costs the benches measured (one process, the two-core machine, see docs/scaling.md).
COSTS = {
    "run_seconds_per_open_invoice": 94.8 / 1_000_000,  # run_1m_seconds
    # sql_floor_seconds, the database's part: 94.8 s over the run/floor ratio measured, 16.7
    "floor_seconds_per_open_invoice": 5.7 / 1_000_000,
    "statement_seconds_per_line": 1 / 1_000,  # statement_apply_lines_per_second
    "connector_seconds_per_invoice": 1 / 56,  # connector_sync_invoices_per_second
    # A gunicorn process's seconds per page: 2 processes over web_requests_per_second (17.30,
    # the least loaded of four runs).
    "web_seconds_per_request": 2 / 17.30,
}
# The desk's traffic at its peak: people at work per organisation, pages each asks a minute.
PEOPLE_PER_ORGANISATION = 2
PAGES_PER_MINUTE = 2
NIGHT_SECONDS = 4 * 3600  # the window the daily run should finish in


@dataclass(frozen=True)
class TableSize:
    table: str
    rows: float
    bytes_per_row: float
    measured: bool

    @property
    def total(self) -> float:
        return self.rows * self.bytes_per_row


def measured_sizes(database_url: str) -> dict[str, float]:
    """Bytes per row of every table with rows in the database at `database_url`."""
    import psycopg
    from psycopg import sql

    sizes = {}
    with psycopg.connect(database_url) as conn:
        tables = conn.execute(
            "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND c.relkind = 'r'"
        ).fetchall()
        for (table,) in tables:
            count = sql.SQL("SELECT count(*), pg_total_relation_size({}) FROM {}").format(
                sql.Literal(table), sql.Identifier(table)
            )
            row = conn.execute(count).fetchone()
            if row is not None and row[0] >= 1000:  # a few rows say more of pages than rows
                sizes[table] = row[1] / row[0]
    return sizes


def storage(invoices: int, sizes: Mapping[str, float]) -> list[TableSize]:
    return [
        TableSize(table, invoices * per, sizes.get(table, ASSUMED_BYTES_PER_ROW), table in sizes)
        for table, per in ROWS_PER_INVOICE.items()
    ]


@dataclass(frozen=True)
class Tier:
    name: str
    workers: int  # worker processes running the daily run
    database_nodes: int  # machines the database's work spreads over


TIERS = (
    Tier("one machine, SQLite, one worker", 1, 1),
    Tier("one PostgreSQL, 8 worker processes", 8, 1),
    Tier("Citus, 8 worker nodes x 4 processes", 32, 8),
)


def daily_run_seconds(tier: Tier, open_invoices: float, costs: Mapping[str, float]) -> float:
    """The run's time: the app's work spread over the workers, but never below the
    database's share spread over its nodes (the floor the collection bench measured)."""
    app = open_invoices * costs["run_seconds_per_open_invoice"] / tier.workers
    database = open_invoices * costs["floor_seconds_per_open_invoice"] / tier.database_nodes
    return max(app, database)


def report(organisations: int, invoices: int, sizes: Mapping[str, float]) -> Iterator[str]:
    """Long because: one table of storage, one of time, each line a figure of the doc."""
    tables = storage(invoices, sizes)
    total = sum(t.total for t in tables)
    yield f"model: {organisations:,} organisations, {invoices:,} invoices kept"
    yield f"{'table':28} {'rows':>14} {'bytes/row':>10} {'GB':>9}"
    for t in sorted(tables, key=lambda t: -t.total):
        mark = "" if t.measured else " (assumed)"
        yield f"{t.table:28} {t.rows:>14,.0f} {t.bytes_per_row:>10.0f} {t.total / 1e9:>9.1f}{mark}"
    yield f"{'total':28} {'':>14} {'':>10} {total / 1e9:>9.1f}"
    per_org = total / organisations
    yield f"storage_total_gb: {total / 1e9:.0f} GB"
    yield f"storage_per_organisation_mb: {per_org / 1e6:.1f} MB"
    open_invoices = invoices * OPEN_SHARE
    per_day = invoices / (HISTORY_YEARS * 365)
    yield f"open_invoices_per_day: {open_invoices:,.0f}"
    yield f"new_invoices_per_day: {per_day:,.0f}"
    yield from _times(organisations, open_invoices, per_day)


def _times(organisations: int, open_invoices: float, per_day: float) -> Iterator[str]:
    for tier in TIERS:
        seconds = daily_run_seconds(tier, open_invoices, COSTS)
        fits = "fits" if seconds <= NIGHT_SECONDS else "does not fit"
        yield f"daily_run_minutes [{tier.name}]: {seconds / 60:.1f} min ({fits} a 4 h night)"
    largest = NIGHT_SECONDS / COSTS["run_seconds_per_open_invoice"]
    yield f"one_worker_night_open_invoices: {largest:,.0f} invoices"
    statement = per_day * 0.9 * COSTS["statement_seconds_per_line"] / 60
    yield f"statement_lines_minutes_per_day (one process): {statement:.1f} min"
    sync = per_day * COSTS["connector_seconds_per_invoice"] / 60
    yield f"connector_sync_minutes_per_day (one process): {sync:.1f} min"
    peak = organisations * PEOPLE_PER_ORGANISATION * PAGES_PER_MINUTE / 60
    yield f"web_peak_requests_per_second: {peak:,.0f} requests/s"
    busy = peak * COSTS["web_seconds_per_request"]
    yield f"web_processes_at_peak: {busy:,.0f} processes (about one per core)"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m innen.bench.scale_model")
    parser.add_argument("--database-url", help="a collection bench database to measure rows in")
    parser.add_argument("--organisations", type=int, default=ORGANISATIONS)
    parser.add_argument("--invoices", type=int, default=INVOICES)
    parser.add_argument("--run-seconds", type=float, help="the daily run's seconds on the bench")
    parser.add_argument("--floor-seconds", type=float, help="its SQL floor's seconds")
    parser.add_argument("--open-invoices", type=int, default=1_000_000, help="the bench's")
    parser.add_argument(
        "--web-requests-per-second", type=float, help="the load test's, with 2 web processes"
    )
    args = parser.parse_args(argv)
    if args.run_seconds:
        COSTS["run_seconds_per_open_invoice"] = args.run_seconds / args.open_invoices
    if args.floor_seconds:
        COSTS["floor_seconds_per_open_invoice"] = args.floor_seconds / args.open_invoices
    if args.web_requests_per_second:
        COSTS["web_seconds_per_request"] = 2 / args.web_requests_per_second
    sizes = measured_sizes(args.database_url) if args.database_url else MEASURED_BYTES_PER_ROW
    for line in report(args.organisations, args.invoices, sizes):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
