"""Background work of the outbox: delivery of what the run queued, one task per message, a
notice's e-mail, the daily print batch, the sweep.

A task only translates (ids and ISO dates in, JSON out); the work is in delivery, sending,
printing and sweep. Collection hands queued messages to `deliver_messages` through
`innen.collection.handover` (the outbox hands the task in when the apps load).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django_tasks import task

from innen import periodic
from innen.organisations.models import Organisation
from innen.outbox import delivery, notices, printing, sending, sweep

PRINT_AT = time(15, 0)  # before the post is collected
SWEEP_EVERY = timedelta(minutes=5)


@task()
def deliver_messages(message_ids: list[int]) -> dict[str, int]:
    return delivery.deliver(message_ids, timezone.localdate())


@task()
def send_message_task(message_id: int) -> dict[str, str]:
    return sending.send_message(message_id, timezone.localdate())


@task()
def send_notice_task(delivery_id: int) -> dict[str, str]:
    return {"status": notices.send_notice(delivery_id, timezone.localdate()).status}


@task()
def print_batch_task(organisation_id: int, day: str) -> dict[str, Any]:
    batch = printing.build_print_batch(organisation_id, date.fromisoformat(day))
    return {"letters": batch.letter_count if batch else 0, "batch": batch.pk if batch else None}


@task()
def daily_print_batches() -> dict[str, Any]:
    """Every organisation's print batch for today; then book tomorrow's."""
    today = timezone.localdate()
    for organisation_id in Organisation.objects.values_list("pk", flat=True):
        print_batch_task.enqueue(organisation_id, today.isoformat())
    schedule_print_batches()
    return {"date": today.isoformat()}


def next_print_moment(now: datetime) -> datetime:
    local = timezone.localtime(now)
    moment = timezone.make_aware(datetime.combine(local.date(), PRINT_AT))
    return moment if moment > local else moment + timedelta(days=1)


def schedule_print_batches() -> None:
    periodic.book(daily_print_batches, next_print_moment(timezone.now()))


@task()
def sweep_deliveries_task() -> dict[str, object]:
    """Book the next sweep; settle deliveries a stopped worker left, queue lost ones again."""
    schedule_delivery_sweep()
    swept = sweep.sweep_deliveries(timezone.localdate())
    for message_id in sorted(swept.message_ids):
        send_message_task.enqueue(message_id)
    for delivery_id in sorted(swept.notice_ids):
        send_notice_task.enqueue(delivery_id)
    return swept.as_json()


def schedule_delivery_sweep() -> None:
    periodic.book(sweep_deliveries_task, timezone.now() + SWEEP_EVERY)
