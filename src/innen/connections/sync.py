"""One sync of a connection: the package's batches applied one transaction each, then the
connection's state (last success, next try, what failed).

The cursor is stored with each batch, so a sync stopped anywhere (killed, a 429, a token
that expired) starts again after the last batch written and never writes one twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from innen.connections import owners_told
from innen.connections.applying import Superseded, apply_batch
from innen.connections.backfill import fill_internal_ids
from innen.connections.models import Connection, State
from innen.connections.packages import package_for
from innen.connectors.errors import PackageError, RateLimited, SignInNeeded
from innen.connectors.package import Package

EVERY = timedelta(minutes=15)  # the incremental sync's schedule
BACKOFF_FIRST = timedelta(minutes=1)
BACKOFF_MAX = timedelta(hours=6)


@dataclass(frozen=True)
class Outcome:
    batches: int
    state: str
    next_try: datetime | None
    error: str = ""


def backoff(failures: int) -> timedelta:
    """1, 2, 4, ... minutes after the 1st, 2nd, 3rd failure in a row, at most 6 hours."""
    doubled: timedelta = BACKOFF_FIRST * (1 << min(max(failures - 1, 0), 20))
    return min(doubled, BACKOFF_MAX)


def sync(
    connection: Connection, *, package: Package | None = None, now: datetime | None = None
) -> Outcome:
    """Apply the package's changes since the connection's cursor; record how it went."""
    now = now or timezone.now()
    if connection.state in (State.CHOOSE, State.SIGN_IN, State.OFF) or not connection.account_id:
        return Outcome(0, connection.state, connection.next_try)
    package = package or package_for(connection)
    today = timezone.localdate(now)
    batches = 0
    try:
        batches += fill_internal_ids(connection, package, today)
        for batch in package.changes(connection.cursor):
            apply_batch(connection, batch, today)
            batches += 1
    except PackageError as problem:
        _failed(connection, problem, timezone.now())
        return Outcome(batches, connection.state, connection.next_try, str(problem))
    except Superseded:
        connection.refresh_from_db()
        return Outcome(batches, connection.state, connection.next_try, "superseded")
    _succeeded(connection, timezone.now())
    return Outcome(batches, connection.state, connection.next_try)


def _succeeded(connection: Connection, now: datetime) -> None:
    connection.state = State.ACTIVE
    connection.full_sync_done = True
    connection.last_success = now
    connection.next_try = now + EVERY
    connection.failures = 0
    connection.last_error = ""
    if connection.progress_total:
        connection.progress_done = connection.progress_total
    connection.save(
        update_fields=[
            "state",
            "full_sync_done",
            "last_success",
            "next_try",
            "failures",
            "last_error",
            "progress_done",
        ]
    )


def _failed(connection: Connection, problem: PackageError, now: datetime) -> None:
    connection.last_error = str(problem)[:2000]
    if isinstance(problem, SignInNeeded):
        connection.state = State.SIGN_IN
        connection.next_try = None
        owners_told.sign_in_needed(connection)
    elif isinstance(problem, RateLimited):
        # The package said how long to wait: no failure of ours, no back-off.
        connection.next_try = now + timedelta(seconds=max(problem.retry_after, 1))
    else:
        connection.failures += 1
        connection.state = State.FAILING if connection.full_sync_done else State.FIRST_SYNC
        connection.next_try = now + backoff(connection.failures)
    connection.save(update_fields=["state", "next_try", "failures", "last_error"])
