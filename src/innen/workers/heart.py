"""The worker's heart: a thread that writes its beat and frees tasks left by stopped workers.

A thread, not a task: a task waits behind the worker's current one, and the beat must go on
while a long batch runs. It has its own database connection (Django's are per thread).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.db import OperationalError, connection
from django.utils import timezone

from innen.workers.lease import beat, lease, release_stuck, stopped

logger = logging.getLogger(__name__)


def beat_every() -> timedelta:
    """Four beats to a lease: one missed beat does not lose it."""
    return max(lease() / 4, timedelta(seconds=0.5))


def _beat_once(worker_id: str) -> None:
    now = timezone.now()
    try:
        beat(worker_id, now)
        released = release_stuck(now, alive=worker_id)
        if released.requeued or released.failed:
            logger.warning(
                "tasks of stopped workers: %d queued again, %d failed",
                released.requeued,
                released.failed,
            )
    except OperationalError as error:  # the database away, or SQLite busy: try again
        logger.warning("worker %s could not beat: %s", worker_id, error)
    except Exception:  # whatever else: the worker goes on, the next beat tries again
        logger.exception("worker %s could not beat", worker_id)
    finally:
        connection.close()


@contextmanager
def beating(worker_id: str) -> Iterator[None]:
    """Beat for `worker_id` while the block runs; the first beat before it starts."""
    _beat_once(worker_id)
    stop = threading.Event()

    def run() -> None:
        while not stop.wait(beat_every().total_seconds()):
            _beat_once(worker_id)

    thread = threading.Thread(target=run, name=f"beat-{worker_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        try:
            stopped(worker_id)
        finally:
            connection.close()
