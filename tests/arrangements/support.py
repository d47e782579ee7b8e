"""Commits and a worker for tests that run inside one rolled-back transaction.

pytest-django runs each test in a transaction that never commits, so `on_commit` work (the
queueing of a notice e-mail) would never happen. `committed()` runs it as a commit would, for
what the block did; `run_notice_tasks()` does what the worker does with the queued tasks.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.test import TestCase
from django_tasks_db.models import DBTaskResult

from innen.outbox.tasks import send_notice_task


def notice_tasks() -> Any:
    return DBTaskResult.objects.filter(task_path=send_notice_task.module_path)


def run_notice_tasks() -> list[Any]:
    """Run every notice e-mail task that is due now, once, as the worker would."""
    outcomes = []
    for result in list(notice_tasks().ready()):
        result.claim("tests")
        args = result.args_kwargs
        outcome = result.task.call(*args["args"], **args["kwargs"])
        result.set_successful(outcome)
        outcomes.append(outcome)
    return outcomes


@contextmanager
def committed(*, work: bool = True) -> Iterator[None]:
    """The block's work commits: its `on_commit` callbacks run; then (`work`) the worker."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield
    if work:
        run_notice_tasks()
