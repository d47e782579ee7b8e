"""Background work, through Django's Tasks API (django-tasks with its database backend).

Any number of `innen worker` processes on any number of machines share these through the
database. A task only translates: the work is in `run` and `delivery`.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django_tasks import task

from innen import periodic
from innen.collection import delivery
from innen.collection.run import (
    BATCH_SIZE,
    before_the_ladder,
    customers_to_visit,
    run_batch,
    run_collection,
)
from innen.organisations.models import Organisation

DAILY_AT = time(6, 0)


@task()
def deliver_messages(message_ids: list[int]) -> dict[str, int]:
    return delivery.deliver(message_ids, timezone.localdate())


@task()
def run_customer_batch(organisation_id: int, customer_ids: list[int], day: str) -> dict[str, Any]:
    organisation = Organisation.objects.get(pk=organisation_id)
    return run_batch(organisation, customer_ids, date.fromisoformat(day)).as_json()


@task()
def run_organisation(organisation_id: int, day: str, split: bool = False) -> dict[str, Any]:
    """The run for one organisation: at once, or split into a task per batch of customers."""
    organisation = Organisation.objects.get(pk=organisation_id)
    today = date.fromisoformat(day)
    if not split:
        return run_collection(organisation, today).as_json()
    before_the_ladder(organisation, today)
    batches = customers_to_visit(organisation, BATCH_SIZE)
    for customer_ids in batches:
        run_customer_batch.enqueue(organisation_id, customer_ids, day)
    return {"date": day, "organisation": organisation_id, "batches": len(batches)}


def next_daily_moment(now: datetime) -> datetime:
    local = timezone.localtime(now)
    moment = timezone.make_aware(datetime.combine(local.date(), DAILY_AT))
    return moment if moment > local else moment + timedelta(days=1)


@task()
def daily_run() -> dict[str, Any]:
    """Every organisation's run for today, split in batches; the notices' sweep; then book
    tomorrow's."""
    today = timezone.localdate()
    for organisation_id in Organisation.objects.values_list("pk", flat=True):
        run_organisation.enqueue(organisation_id, today.isoformat(), split=True)
    # Arrangement notices a stopped worker left (local import: arrangements uses collection).
    from innen.arrangements.tasks import sweep_notice_emails_task

    sweep_notice_emails_task.enqueue()
    schedule_daily_run()
    return {"date": today.isoformat()}


def schedule_daily_run() -> None:
    """Book the next daily run, unless one waits already (the one running does not count:
    it calls this to book tomorrow's)."""
    periodic.book(daily_run, next_daily_moment(timezone.now()))
