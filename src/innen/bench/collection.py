"""The daily run over a million open invoices, on PostgreSQL, against the I/O it cannot avoid.

`make bench` builds a throwaway PostgreSQL database (`INNEN_BENCH_DATABASE_URL`, default
postgresql://postgres@127.0.0.1:5432/innen_bench): one organisation, 100,000 customers (half
businesses, half consumers), 1,000,000 open invoices due from 60 days ago to 30 days ahead
(a fifth of them partly paid), 100,000 settled ones, some holds and exclusions, the default
policies, and collection starting on the run date, so that the run decides a step for most
overdue invoices. Then, in a fresh process (so its peak memory is the run's alone):

* `run_1m_seconds`: `run_day` for that day (innen.daily);
* `sql_floor_seconds`: COPY of the open items (with their open amounts) out, plus COPY of the
  very action rows and dossier events the run recorded back in (same tables, indexes and
  foreign keys, checked at once): what any implementation must read and write (the dossier
  must hold every decision since issue 5);
* `run_1m_ratio`: the one over the other (the issue's target: at most 3);
* `run_peak_rss_mb`: the process's peak resident memory (the issue's target: at most 1 GB).

Before that, the same day split into batches for `innen worker` processes, each time on a
fresh copy of the generated database (`CREATE DATABASE ... TEMPLATE`; innen.bench.run_workers
says what is timed):

* `run_1m_seconds_1w`, `run_1m_seconds_2w`: from the split run queued until its last batch
  finished it, with 1 and with 2 workers (started and idle before the clock);
* `run_1m_speedup_2w`: the one over the other (the issue's target: at least 1.6 on two cores);
* beside them, per run: the seconds before the batches were queued, the CPU seconds of the
  workers and of the PostgreSQL server, the load average, the seconds the copy took.

Each split run must record the very actions, messages and dossier events `run_day` records
(compared as digests), or the bench stops: every figure measures the same work.

Without PostgreSQL the figures are reported as skipped. The database is dropped and built
again on every run, and only when innen made it (a comment on the database says so).

Run a phase by hand: `DATABASE_URL=... python -m innen.bench.collection generate|measure`, or
`python -m innen.bench.run_workers 2` (on a copy: it records the run).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from innen.bench import Figure, benchmark
from innen.bench.pg_database import (
    copy_database,
    database_name,
    drop_database,
    recreate_database,
)
from innen.bench.run_workers import WORKER_COUNTS, recorded_digest, split_run_figures

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/innen_bench"
TODAY = date(2026, 11, 23)
CUSTOMERS = 100_000
OPEN_INVOICES = 1_000_000
SETTLED_INVOICES = 100_000
PAST_DAYS, FUTURE_DAYS = 60, 30
CHUNK = 20_000


@dataclass(frozen=True)
class Skipped(Figure):
    """A figure that could not be measured, and why."""

    reason: str = ""

    def line(self) -> str:
        return f"{self.name}: skipped ({self.reason})"


@dataclass(frozen=True)
class Scale:
    customers: int = CUSTOMERS
    open_invoices: int = OPEN_INVOICES
    settled_invoices: int = SETTLED_INVOICES

    def env(self) -> dict[str, str]:
        return {
            "INNEN_BENCH_CUSTOMERS": str(self.customers),
            "INNEN_BENCH_OPEN_INVOICES": str(self.open_invoices),
            "INNEN_BENCH_SETTLED_INVOICES": str(self.settled_invoices),
        }

    @classmethod
    def from_env(cls) -> Scale:
        return cls(
            int(os.environ.get("INNEN_BENCH_CUSTOMERS", CUSTOMERS)),
            int(os.environ.get("INNEN_BENCH_OPEN_INVOICES", OPEN_INVOICES)),
            int(os.environ.get("INNEN_BENCH_SETTLED_INVOICES", SETTLED_INVOICES)),
        )


@benchmark
def collection() -> Iterator[Figure]:
    yield from collection_figures(os.environ.get("INNEN_BENCH_DATABASE_URL", DEFAULT_URL))


def collection_figures(url: str, scale: Scale | None = None) -> Iterator[Figure]:
    """Build the database at `url`; run collection over copies of it split over workers, then
    over it in one process, each in a fresh process; report."""
    scale = scale or Scale()
    problem = recreate_database(url)
    if problem is not None:
        for name, unit in FIGURES:
            yield Skipped(name, math.nan, unit, reason=problem)
        return
    run_phase("generate", url, scale)
    split = {count: split_run_on_a_copy(url, scale, count) for count in WORKER_COUNTS}
    result = last_json(run_phase("measure", url, scale))
    for count, measured in split.items():
        if measured["recorded"] != result["recorded"]:
            raise RuntimeError(
                f"bench: {count} worker(s) recorded {measured['recorded']},"
                f" run_day {result['recorded']}: not the same work"
            )
    yield Figure("run_1m_seconds", result["run_seconds"], "s")
    yield Figure("sql_floor_seconds", result["floor_seconds"], "s")
    yield Figure("run_1m_ratio", result["run_seconds"] / result["floor_seconds"], "x")
    yield Figure("run_peak_rss_mb", result["peak_rss_mb"], "MB")
    yield Figure("run_1m_actions_recorded", result["actions_recorded"], "actions")
    yield from split_run_figures(split)


FIGURES = [
    ("run_1m_seconds", "s"),
    ("sql_floor_seconds", "s"),
    ("run_1m_ratio", "x"),
    ("run_peak_rss_mb", "MB"),
    *((f"run_1m_seconds_{count}w", "s") for count in WORKER_COUNTS),
    ("run_1m_speedup_2w", "x"),
]


def split_run_on_a_copy(url: str, scale: Scale, workers: int) -> dict[str, Any]:
    """The split run by `workers` workers, on a throwaway copy of the generated database."""
    copy, seconds = copy_database(url, f"{database_name(url)}_{workers}w")
    try:
        measured = last_json(run_phase(str(workers), copy, scale, "innen.bench.run_workers"))
    finally:
        drop_database(copy)
    return {**measured, "copy_seconds": seconds}


def last_json(output: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return result


def run_phase(phase: str, url: str, scale: Scale, module: str = "innen.bench.collection") -> str:
    """Run one phase in a fresh Python process on the bench database; its standard output."""
    env = {
        **os.environ,
        **scale.env(),
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "innen.config.settings",
        # As in production: no query log, no debug pages.
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "innen-bench-only-not-secret",
    }
    done = subprocess.run(
        [sys.executable, "-m", module, phase],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench phase {phase} failed:\n{done.stderr[-4000:]}")
    return done.stdout


# --- generate ---------------------------------------------------------------------------------


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def copy_rows(cursor: Any, statement: str, rows: Iterable[str]) -> None:
    """COPY `rows` (tab-separated lines, newline included) in, in chunks."""
    with cursor.copy(statement) as copy:
        chunk: list[str] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= CHUNK:
                copy.write("".join(chunk))
                chunk.clear()
        if chunk:
            copy.write("".join(chunk))


def _invoice_cents(n: int) -> tuple[int, int, int]:
    excl = 5_000 + (n * 7_919) % 400_000
    vat = excl * 21 // 100
    return excl, vat, excl + vat


def _checkpoint() -> None:
    """Write out what is dirty now, so the next measurement does not pay for what came before."""
    from django.db import DatabaseError, connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except DatabaseError:
        pass  # needs a superuser (or pg_checkpoint): measured with the noise then


def _skip_foreign_key_checks() -> None:
    """The rows below are consistent by construction: let a superuser load them unchecked."""
    from django.db import DatabaseError, connection, transaction

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        pass  # not a superuser: the checks just take longer


def generate(scale: Scale) -> dict[str, Any]:
    # Long because: one bulk load in a fixed order, every table sharing its id counters.
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from innen.collection.models import CollectionSettings, Hold, InvoiceExclusion
    from innen.collection.policies import policy_install_defaults
    from innen.matching.book import match_keys
    from innen.organisations.models import Organisation

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    now = timezone.now().isoformat()
    org_days = [
        (TODAY + timedelta(days=offset)).isoformat()
        for offset in range(-PAST_DAYS, FUTURE_DAYS + 1)
    ]
    settled_days = [(TODAY - timedelta(days=offset)).isoformat() for offset in range(30, 120)]
    customers, open_count, settled = scale.customers, scale.open_invoices, scale.settled_invoices

    with transaction.atomic():
        organisation = Organisation.objects.create(name="Bench Groothandel B.V.")
        policy_install_defaults(organisation=organisation)
        CollectionSettings.objects.create(organisation=organisation, starts_on=TODAY)
        org = organisation.pk
        _skip_foreign_key_checks()
        cursor = connection.cursor().cursor  # the psycopg cursor under Django's wrapper

        copy_rows(
            cursor,
            "COPY ledger_customer (id, number, kind, name, contact_person, emails, phone,"
            " street, postcode, city, country, kvk_number, vat_number, language, segment,"
            " notes, external_reference, created_at, organisation_id) FROM STDIN",
            (
                f"{c}\tC{c:07d}\t{'business' if c % 2 else 'consumer'}\tKlant {c}\t\t"
                f"klant{c}@example.nl\t\t\t\t\tNL\t\t\tnl\t\t\t\t{now}\t{org}\n"
                for c in range(1, customers + 1)
            ),
        )

        paid_day = (TODAY - timedelta(days=1)).isoformat()

        def invoices() -> Iterator[str]:
            for n in range(1, open_count + settled + 1):
                excl, vat, total = _invoice_cents(n)
                if n <= open_count:
                    due = org_days[(n * 37) % len(org_days)]
                else:
                    due = settled_days[n % len(settled_days)]
                issued = (date.fromisoformat(due) - timedelta(days=30)).isoformat()
                number = f"F{n:08d}"
                keys = "\t".join(match_keys(number, ""))
                # What the payments below leave open, and the day they settled it.
                if n > open_count:
                    outstanding, settled_on = 0, paid_day
                else:
                    outstanding, settled_on = total - (total // 2 if n % 5 == 0 else 0), "\\N"
                yield (
                    f"{n}\t{number}\t{issued}\t{due}\tEUR\t{_money(excl)}\t{_money(vat)}\t"
                    f"{_money(total)}\t\t\t\t{now}\t{(n - 1) % customers + 1}\t{org}\t{keys}\t"
                    f"{_money(outstanding)}\t{settled_on}\tunknown\n"
                )

        copy_rows(
            cursor,
            "COPY ledger_invoice (id, number, issue_date, due_date, currency, amount_excl_vat,"
            " vat_amount, total, payment_reference, external_reference, pdf, created_at,"
            " customer_id, organisation_id, reference_key, number_key, number_flat, outstanding,"
            " settled_on, supply) FROM STDIN",
            invoices(),
        )

        # Settled invoices are paid in full; every fifth open invoice is paid in half.
        paid = [(n, _invoice_cents(n)[2] // 2) for n in range(5, open_count + 1, 5)] + [
            (n, _invoice_cents(n)[2]) for n in range(open_count + 1, open_count + settled + 1)
        ]
        day = paid_day
        copy_rows(
            cursor,
            "COPY ledger_payment (id, date, amount, currency, payer_name, payer_iban,"
            " description, external_reference, created_at, customer_id, organisation_id)"
            " FROM STDIN",
            (
                f"{p}\t{day}\t{_money(cents)}\tEUR\t\t\t\t\t{now}\t{(n - 1) % customers + 1}"
                f"\t{org}\n"
                for p, (n, cents) in enumerate(paid, 1)
            ),
        )
        copy_rows(
            cursor,
            "COPY ledger_allocation (kind, amount, date, note, created_at, organisation_id,"
            " credit_note_id, invoice_id, payment_id) FROM STDIN",
            (
                f"payment\t{_money(cents)}\t{day}\t\t{now}\t{org}\t\\N\t{n}\t{p}\n"
                for p, (n, cents) in enumerate(paid, 1)
            ),
        )
        for table in ("ledger_customer", "ledger_invoice", "ledger_payment"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id)"
                f" FROM {table}))"
            )

        # A few disputes (whole customers, until lifted), promises (one invoice, two weeks)
        # and excluded invoices, so the run meets them as it would in real life.
        Hold.objects.bulk_create(
            [
                Hold(
                    organisation_id=org,
                    customer_id=c,
                    reason="dispute",
                    starts_on=TODAY - timedelta(days=10),
                )
                for c in range(7, customers + 1, 200)
            ]
            + [
                Hold(
                    organisation_id=org,
                    customer_id=(n - 1) % customers + 1,
                    invoice_id=n,
                    reason="promise",
                    starts_on=TODAY - timedelta(days=3),
                    ends_on=TODAY + timedelta(days=11),
                )
                for n in range(11, open_count + 1, 1000)
            ]
        )
        InvoiceExclusion.objects.bulk_create(
            InvoiceExclusion(organisation_id=org, invoice_id=n, reason="bench")
            for n in range(13, open_count + 1, 1000)
        )

    committed = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    _checkpoint()
    return {
        "generate_seconds": time.perf_counter() - started,
        "vacuum_seconds": time.perf_counter() - committed,
    }


# --- measure ----------------------------------------------------------------------------------

OPEN_ITEMS = """
    COPY (
        SELECT i.id, i.customer_id, i.due_date, i.total - COALESCE(a.amount, 0)
        FROM ledger_invoice i
        LEFT JOIN (
            SELECT invoice_id, SUM(amount) AS amount FROM ledger_allocation GROUP BY invoice_id
        ) a ON a.invoice_id = i.id
        WHERE i.organisation_id = %s AND i.total - COALESCE(a.amount, 0) > 0
    ) TO STDOUT
"""
ACTION_COLUMNS = (
    "kind, scheduled_on, decided_on, pay_before, open_amount, claims_costs, claims_interest,"
    " status, reason, created_at, invoice_id, organisation_id, message_id, step_id"
)
EVENT_COLUMNS = (
    "organisation_id, seq, occurred_at, day, kind, customer_id, invoice_id, actor, payload,"
    " prev_hash, hash"
)


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def sql_floor(organisation_id: int) -> tuple[float, int]:
    """Seconds to COPY the open items out and the run's actions and events back in."""
    import psycopg
    from django.db import connection

    settings = connection.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
    ) as conn:
        # Not timed: what the run wrote, to write it again.
        actions: list[bytes] = []
        events: list[bytes] = []
        with conn.cursor() as cursor:
            query = f"COPY (SELECT {ACTION_COLUMNS} FROM collection_action) TO STDOUT"
            with cursor.copy(query) as copy:
                actions.extend(bytes(block) for block in copy)
            query = f"COPY (SELECT {EVENT_COLUMNS} FROM dossier_event) TO STDOUT"
            with cursor.copy(query) as copy:
                events.extend(bytes(block) for block in copy)
            conn.commit()
            # The run's writes are not the floor's to pay for (needs a superuser or pg_checkpoint).
            with contextlib.suppress(psycopg.Error):
                cursor.execute("CHECKPOINT")
            conn.rollback()
            cursor.execute("TRUNCATE collection_action, dossier_event")
            # Django's foreign keys are deferred: check them as the rows go in, not never.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

            started = time.perf_counter()
            open_items = 0
            with cursor.copy(OPEN_ITEMS, [organisation_id]) as copy:
                for _row in copy.rows():
                    open_items += 1
            with cursor.copy(f"COPY collection_action ({ACTION_COLUMNS}) FROM STDIN") as copy:
                for block in actions:
                    copy.write(block)
            with cursor.copy(f"COPY dossier_event ({EVENT_COLUMNS}) FROM STDIN") as copy:
                for block in events:
                    copy.write(block)
            seconds = time.perf_counter() - started
        conn.rollback()
    return seconds, open_items


def measure() -> dict[str, Any]:
    from innen.daily import run_day
    from innen.organisations.models import Organisation

    organisation = Organisation.objects.get()
    started = time.perf_counter()
    summary = run_day(organisation, TODAY)
    run_seconds = time.perf_counter() - started
    peak = peak_rss_mb()
    recorded = recorded_digest()
    floor_seconds, open_items = sql_floor(organisation.pk)
    return {
        "run_seconds": run_seconds,
        "peak_rss_mb": peak,
        "floor_seconds": floor_seconds,
        "open_items": open_items,
        "actions_recorded": summary.actions_recorded,
        "recorded": recorded,
        "summary": summary.as_json(),
    }


def main(argv: list[str]) -> int:
    from innen.boot import setup_django

    phases = {"generate": generate, "measure": measure}
    if len(argv) != 1 or argv[0] not in phases:
        print(f"usage: python -m innen.bench.collection {'|'.join(phases)}", file=sys.stderr)
        return 2
    setup_django()
    scale = Scale.from_env()
    result = generate(scale) if argv[0] == "generate" else measure()
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
