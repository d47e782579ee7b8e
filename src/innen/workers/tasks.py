"""The workers' own background work: the daily pruning of finished task results."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone
from django_tasks import task

from innen import periodic
from innen.workers.retention import prune_task_results

PRUNE_AT = time(4, 30)  # a quiet hour, before the daily run


@task()
def prune_task_results_task() -> dict[str, int]:
    """Book tomorrow's pruning, then delete the results past their keeping."""
    schedule_task_pruning()
    return prune_task_results(timezone.now())


def next_prune_moment(now: datetime) -> datetime:
    local = timezone.localtime(now)
    moment = timezone.make_aware(datetime.combine(local.date(), PRUNE_AT))
    return moment if moment > local else moment + timedelta(days=1)


def schedule_task_pruning() -> None:
    periodic.book(prune_task_results_task, next_prune_moment(timezone.now()))
