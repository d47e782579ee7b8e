"""The daily run split over `innen worker` processes, timed: one worker, then two.

Each measurement runs on its own copy of the generated database (`CREATE DATABASE ...
TEMPLATE`, `pg_database`), so each starts from the same ledger with nothing recorded. In a
fresh process on that copy (`python -m innen.bench.run_workers N`):

1. N `innen worker --queues runs` processes are started: they take only the split run's
   batches (`innen.collection.tasks.RUN_QUEUE`), not the deliveries the batches queue, which
   wait on the default queue as they do after `run_day` (so neither figure counts them);
2. once every worker has beaten (`WorkerBeat`) and had a moment to reach its queue, the clock
   starts: `run_organisation(split=True)` as the daily run calls it (the day's other work,
   then the run and its batches queued in one transaction), then the wait until the last
   batch marks the run finished (`Run.finished_at`). That is `run_seconds`, the figure to
   set beside `run_day`'s `run_1m_seconds`, which does the same work in one process;
3. beside it: the seconds until the batches were queued (the part no worker shares), the
   CPU seconds over the run of the workers, of this database's backends (`Watch`; the
   workers keep their connections for it) and of the whole PostgreSQL server (all its
   processes, any other load on it included), the share of the workers' busy backends found
   waiting for a lock, and the 1-minute load average as the run finished.

What the run recorded (its actions, messages and dossier events, as a digest) is returned
too: the bench checks that every measurement did the same work as `run_day`.

Batches of `INNEN_BENCH_BATCH_SIZE` customers (default 1,000, the run's own `BATCH_SIZE`: a
hundred batches over the bench's 100,000 customers, so the last one to finish leaves the
other worker idle for at most about 1% of the run).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from innen.bench import Figure

WORKER_COUNTS = (1, 2)
SPEEDUP_TARGET = 1.6
BATCH_SIZE = 1000
SETTLE_SECONDS = 1.5  # past a worker's start-up, to its first look at the queue
POLL_SECONDS = 0.05
START_TIMEOUT = 120
RUN_TIMEOUT = 3 * 3600

DIGESTS = {
    "actions": (
        "collection_action",
        "invoice_id, step_id, kind, scheduled_on, pay_before, open_amount, status",
    ),
    "messages": (
        "collection_message",
        "customer_id, step_id, kind, channels::text, pay_before, status",
    ),
    "events": ("dossier_event", "day, kind, customer_id, invoice_id"),
}


def batch_size() -> int:
    return int(os.environ.get("INNEN_BENCH_BATCH_SIZE", BATCH_SIZE))


def recorded_digest() -> dict[str, list[Any]]:
    """What the run recorded, without ids or times: per table its row count and an md5."""
    from django.db import connection

    found: dict[str, list[Any]] = {}
    with connection.cursor() as cursor:
        for name, (table, columns) in DIGESTS.items():
            cursor.execute(
                "SELECT count(*), md5(coalesce(string_agg(r, ',' ORDER BY r), ''))"
                f" FROM (SELECT concat_ws('|', {columns}) AS r FROM {table}) rows"
            )
            count, digest = cursor.fetchone()
            found[name] = [count, digest]
    return found


def _clock_ticks() -> int:
    return os.sysconf("SC_CLK_TCK")


def process_cpu_seconds(pid: int, *, reaped: bool = False) -> float:
    """CPU seconds `pid` used so far (user + system), with its reaped children's if asked."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    if reaped:
        ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
    return ticks / _clock_ticks()


def postgres_cpu_seconds() -> float | None:
    """CPU seconds of every `postgres` process on this machine, ended backends included (the
    server process counts its reaped children); None when the server is not visible here."""
    total, seen = 0.0, False
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if stat.read_text().split(" (", 1)[1].startswith("postgres)"):
                total += process_cpu_seconds(int(stat.parent.name), reaped=True)
                seen = True
        except (OSError, IndexError, ValueError):
            continue  # ended while read
    return total if seen else None


def _start_workers(count: int, var_dir: str) -> list[subprocess.Popen[bytes]]:
    # Their connections kept for the run, so that their backends' CPU can be read at its end
    # (the default, a connection per task, costs a few ms a batch and hides the CPU).
    env = {**os.environ, "INNEN_VAR_DIR": var_dir, "DATABASE_CONN_MAX_AGE": "3600"}
    return [
        subprocess.Popen(
            [sys.executable, "-m", "innen.cli.main", "worker", "--queues", "runs"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(Path(var_dir) / f"worker-{n}.log", "w"),
        )
        for n in range(count)
    ]


def _wait(what: str, done: Any, workers: list[subprocess.Popen[bytes]], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise RuntimeError(f"bench: timed out waiting for {what}")
        if any(worker.poll() is not None for worker in workers):
            raise RuntimeError(f"bench: a worker stopped while waiting for {what}")
        time.sleep(POLL_SECONDS)


def _stop(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


class Watch:
    """The run seen from PostgreSQL: the CPU seconds of this database's backends (the workers
    keep theirs for the run), and how often a worker's backend was found waiting for a lock
    (a batch records its dossier events holding the organisation's dossier head)."""

    def __init__(self) -> None:
        self.started = self._backend_cpu()
        self.samples = 0
        self.waiting = 0
        self.working = 0

    @staticmethod
    def _backend_cpu() -> dict[int, float]:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            pids = [row[0] for row in cursor.fetchall()]
        found = {}
        for pid in pids:
            with contextlib.suppress(OSError):  # ended, or the server is elsewhere
                found[pid] = process_cpu_seconds(pid)
        return found

    def sample(self) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FILTER (WHERE wait_event_type = 'Lock'),"
                " count(*) FILTER (WHERE state = 'active') FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            waiting, working = cursor.fetchone()
        self.samples += 1
        self.waiting += waiting
        self.working += working

    def result(self) -> dict[str, float | None]:
        ended = self._backend_cpu()
        cpu = sum(seconds - self.started.get(pid, 0.0) for pid, seconds in ended.items())
        return {
            "backend_cpu_seconds": cpu if ended else None,
            "lock_wait_share": self.waiting / self.working if self.working else 0.0,
        }


def measure_workers(count: int, today: date) -> dict[str, Any]:
    """The split run for the one organisation on `today`, done by `count` workers, timed."""
    from innen.collection.models import Run
    from innen.daily import run_organisation
    from innen.organisations.models import Organisation
    from innen.workers.models import WorkerBeat

    organisation = Organisation.objects.get()
    with tempfile.TemporaryDirectory(prefix="innen-bench-workers-") as var_dir:
        workers = _start_workers(count, var_dir)
        try:
            beaten = WorkerBeat.objects.filter(pid__in=[w.pid for w in workers])
            _wait("the workers' beats", lambda: beaten.count() == count, workers, START_TIMEOUT)
            time.sleep(SETTLE_SECONDS)
            cpu = [process_cpu_seconds(w.pid) for w in workers]
            postgres, watch = postgres_cpu_seconds(), Watch()

            started = time.perf_counter()
            queued = run_organisation.call(
                organisation.pk, today.isoformat(), split=True, batch_size=batch_size()
            )
            queued_seconds = time.perf_counter() - started
            finished = Run.objects.filter(pk=queued["run"], finished_at__isnull=False)

            def run_finished() -> bool:
                watch.sample()
                return finished.exists()

            _wait("the run", run_finished, workers, RUN_TIMEOUT)
            run_seconds = time.perf_counter() - started

            load = os.getloadavg()[0]
            pairs = zip(workers, cpu, strict=True)
            cpu = [process_cpu_seconds(worker.pid) - before for worker, before in pairs]
            after, seen = postgres_cpu_seconds(), watch.result()
        finally:
            _stop(workers)
    return {
        "workers": count,
        "batches": queued["batches"],
        "batch_size": batch_size(),
        "run_seconds": run_seconds,
        "queued_seconds": queued_seconds,
        "worker_cpu_seconds": cpu,
        "postgres_cpu_seconds": None if postgres is None or after is None else after - postgres,
        **seen,
        "load_average": load,
        "summary": finished.get().summary,
        "recorded": recorded_digest(),
    }


def split_run_figures(measured: dict[int, dict[str, Any]]) -> Iterator[Figure]:
    """The figures of the split runs, by their number of workers (1 and 2)."""
    for count, result in measured.items():
        yield Figure(f"run_1m_seconds_{count}w", result["run_seconds"], "s")
    speedup = measured[1]["run_seconds"] / measured[2]["run_seconds"]
    yield Figure("run_1m_speedup_2w", speedup, "x", floor=SPEEDUP_TARGET, floor_label="target")
    for count, result in measured.items():
        # What explains the speed-up: the part before any worker starts, and who used the CPU.
        yield Figure(f"run_1m_queued_seconds_{count}w", result["queued_seconds"], "s")
        total = sum(result["worker_cpu_seconds"])
        yield Figure(f"run_1m_worker_cpu_seconds_{count}w", total, "s")
        if result["backend_cpu_seconds"] is not None:
            backends = result["backend_cpu_seconds"]
            yield Figure(f"run_1m_backend_cpu_seconds_{count}w", backends, "s")
        if result["postgres_cpu_seconds"] is not None:
            postgres = result["postgres_cpu_seconds"]
            yield Figure(f"run_1m_postgres_cpu_seconds_{count}w", postgres, "s")
        share = 100 * result["lock_wait_share"]
        yield Figure(f"run_1m_lock_wait_percent_{count}w", share, "%")
        yield Figure(f"run_1m_load_average_{count}w", result["load_average"], "")
        yield Figure(f"run_1m_db_copy_seconds_{count}w", result["copy_seconds"], "s")


def main(argv: list[str]) -> int:
    from innen.bench.collection import TODAY
    from innen.boot import setup_django

    if len(argv) != 1 or not argv[0].isdigit():
        print("usage: python -m innen.bench.run_workers WORKERS", file=sys.stderr)
        return 2
    setup_django()
    print(json.dumps(measure_workers(int(argv[0]), TODAY)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
