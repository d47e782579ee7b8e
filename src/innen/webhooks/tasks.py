"""Background work of the webhooks: one task per delivery attempt.

A task only translates (an id in, JSON out); the work is in `sending`. A delivery to be
tried again is booked as a new task to run at its next attempt.
"""

from __future__ import annotations

from django_tasks import task

from innen.webhooks import sending


@task()
def deliver_webhook(delivery_id: int) -> dict[str, str]:
    outcome = sending.deliver(delivery_id)
    if outcome.retry_at is not None:
        deliver_webhook.using(run_after=outcome.retry_at).enqueue(delivery_id)
    return {"status": outcome.status}
