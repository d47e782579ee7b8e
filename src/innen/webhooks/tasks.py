"""Background work of the webhooks: one task per delivery attempt, and the sweep.

A task only translates (an id in, JSON out); the work is in `sending`. A delivery to be
tried again is booked as a new task to run at its next attempt. Every few minutes the sweep
queues again the deliveries a stopped worker left and those whose task was lost.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from innen import periodic
from innen.webhooks import sending

SWEEP_EVERY = timedelta(minutes=5)


@task()
def deliver_webhook(delivery_id: int) -> dict[str, str]:
    outcome = sending.deliver(delivery_id)
    if outcome.retry_at is not None:
        deliver_webhook.using(run_after=outcome.retry_at).enqueue(delivery_id)
    return {"status": outcome.status}


@task()
def sweep_webhook_deliveries_task() -> dict[str, int]:
    schedule_webhook_sweep()
    found = sending.left_or_forgotten(timezone.now())
    for delivery_id in found:
        deliver_webhook.enqueue(delivery_id)
    return {"queued_again": len(found)}


def schedule_webhook_sweep() -> None:
    periodic.book(sweep_webhook_deliveries_task, timezone.now() + SWEEP_EVERY)
