"""Background syncs: one task per connection's sync; a periodic task books the due ones.

A task only translates (an id in, JSON out); the work is in `sync`. After a sync the
connection's `next_try` says when it is due again (the schedule, a 429's wait, back-off);
`sync_due_connections` runs every minute and queues the connections whose time has come.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django_tasks import task

from innen import periodic
from innen.connections import selectors
from innen.connections.models import Connection
from innen.connections.sync import sync

CHECK_EVERY = timedelta(minutes=1)
LEASE = timedelta(minutes=30)  # a queued sync's connection is not queued again meanwhile


@task()
def sync_connection(connection_id: int) -> dict[str, Any]:
    connection = Connection.objects.filter(pk=connection_id).first()
    if connection is None:
        return {"status": "gone"}
    outcome = sync(connection)
    return {"batches": outcome.batches, "state": outcome.state, "error": outcome.error}


@task()
def sync_due_connections() -> dict[str, int]:
    schedule_connection_syncs()
    now = timezone.now()
    due = selectors.due_connections(now)
    Connection.objects.filter(pk__in=due).update(next_try=now + LEASE)
    for connection_id in due:
        sync_connection.enqueue(connection_id)
    return {"queued": len(due)}


def schedule_connection_syncs() -> None:
    periodic.book(sync_due_connections, timezone.now() + CHECK_EVERY)
