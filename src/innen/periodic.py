"""Background work that comes back: a task that books its own next run, booked once.

The task queue (django-tasks with its database backend) keeps no timetable. A periodic task
is booked for a moment (`run_after`) and, when it runs, books its next run first; `innen
worker` books each one when it starts, in case none waits (a new database, a run that
never started). Only a waiting run counts as booked: the one running is about to book the
next itself. Two workers starting at once may book two; the first of them to run then finds
the other waiting and books none, so they become one again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django_tasks.base import Task


def book(task: Task[[], Any], run_after: datetime) -> bool:
    """Book `task` (without arguments) for `run_after`, unless a run of it waits already."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        task_path=task.module_path, status="READY", run_after__isnull=False
    )
    if waiting.exists():
        return False
    task.using(run_after=run_after).enqueue()
    return True
