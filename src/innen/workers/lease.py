"""Leases: a task claimed by a worker that stopped is put back in the queue for another.

django-tasks' database backend marks a claimed task RUNNING and nothing more: a worker killed
mid-task (SIGKILL, out of memory, the machine gone) leaves it RUNNING for ever. So every
`innen worker` writes its `WorkerBeat` every few seconds (`innen.workers.heart`), and each
beat also looks for tasks RUNNING under a worker not seen for `lease` (WORKER_LEASE_SECONDS):
those go back to READY, and any worker takes them. A task that lost its worker
`MAX_CLAIMS` times is failed instead (it may be what kills them).

Taking a task again is safe because the work is: a run's batch is one transaction whose
steps the database holds unique, and a delivery is claimed before it is sent. A worker that
only stalled past its lease (the database unreachable) may find its task done by another.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils.crypto import get_random_string

RUNNING = "RUNNING"
MAX_CLAIMS = 3
WORKER_LOST = "innen.workers.lease.WorkerLost"
FORGET_AFTER = timedelta(days=1)  # a worker not seen for a day is gone: its row goes


class WorkerLost(Exception):
    """The task's worker stopped beating before the task finished, `MAX_CLAIMS` times."""


def lease() -> timedelta:
    return timedelta(seconds=settings.WORKER_LEASE_SECONDS)


def new_worker_id() -> str:
    """Unique across the pool and readable: host, process id, and a random tail."""
    host = socket.gethostname()[:40]
    return f"{host}-{os.getpid()}-{get_random_string(8)}"[:64]


def beat(worker_id: str, now: datetime) -> None:
    """`worker_id` is alive at `now`."""
    from innen.workers.models import WorkerBeat

    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"seen_at": now, "host": socket.gethostname()[:255], "pid": os.getpid()},
    )


def stopped(worker_id: str) -> None:
    """`worker_id` stopped on its own: no lease left to run out."""
    from innen.workers.models import WorkerBeat

    WorkerBeat.objects.filter(worker_id=worker_id).delete()


@dataclass
class Released:
    requeued: int = 0
    failed: int = 0


def release_stuck(now: datetime, *, alive: str = "") -> Released:
    """Put back the tasks RUNNING under a worker not seen within the lease.

    `alive` is the caller's own worker: it is running, whatever its beat says. Each task is
    changed only if nobody claimed or finished it meanwhile (its `started_at` unchanged).
    """
    from django_tasks_db.models import DBTaskResult

    from innen.workers.models import WorkerBeat

    since = now - lease()
    seen = set(WorkerBeat.objects.filter(seen_at__gte=since).values_list("worker_id", flat=True))
    seen.add(alive)
    released = Released()
    # Claimed before the lease began: a worker beats before it claims, so one claimed since
    # is either alive or will be judged by the next beat.
    running = DBTaskResult.objects.filter(status=RUNNING, started_at__lt=since)
    for pk, started_at, worker_ids in running.values_list("pk", "started_at", "worker_ids"):
        if worker_ids and worker_ids[-1] in seen:
            continue
        same = DBTaskResult.objects.filter(pk=pk, status=RUNNING, started_at=started_at)
        if len(worker_ids) >= MAX_CLAIMS:
            released.failed += same.update(
                status="FAILED",
                finished_at=now,
                exception_class_path=WORKER_LOST,
                traceback=f"{WORKER_LOST}: its workers stopped {len(worker_ids)} times",
                return_value=None,
            )
        else:
            released.requeued += same.update(status="READY", started_at=None)
    WorkerBeat.objects.filter(seen_at__lt=now - FORGET_AFTER).delete()
    return released
