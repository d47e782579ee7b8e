"""Finished task results kept for a while, then deleted: the queue's table does not grow.

Every task leaves its row (the heartbeat one a minute, a delivery one per message). A
successful result is kept `TASK_RESULTS_KEEP_DAYS` days, long enough for /readyz and for a
look back; a failed one four times as long, for whoever looks into why.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings

FAILED_KEPT_LONGER = 4


def prune_task_results(now: datetime) -> dict[str, int]:
    """Delete the finished task results past their keeping; returns how many of each."""
    from django_tasks_db.models import DBTaskResult

    keep = timedelta(days=settings.TASK_RESULTS_KEEP_DAYS)
    successful = DBTaskResult.objects.successful().filter(finished_at__lt=now - keep)
    failed = DBTaskResult.objects.failed().filter(finished_at__lt=now - keep * FAILED_KEPT_LONGER)
    return {"successful": successful.delete()[0], "failed": failed.delete()[0]}
