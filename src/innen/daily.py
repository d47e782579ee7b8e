"""The daily job, above the apps it runs: arrangements, the dashboard's snapshot, the ladder.

Each organisation's day starts with the work that is not the ladder's (`before_the_ladder`),
then the collection run decides the ladder's steps. `daily_run` is the task `innen worker`
books for 06:00 every day; `run_organisation` is one organisation's day, at once ("Run now")
or split into a task per batch of customers (the daily run).

The tasks live here, so django-tasks stores them by this module's path
(`innen.daily.daily_run`); collection's migration 0004 moved the rows queued under the old
one (`innen.collection.tasks`).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from innen import periodic
from innen.arrangements.daily import arrangements_daily
from innen.collection.experiment import experiment_assign_new
from innen.collection.run import BATCH_SIZE, RunSummary, run_collection
from innen.collection.split_run import batch_ids, start_split_run
from innen.collection.tasks import run_split_batch_task
from innen.insights.snapshot import take_snapshot
from innen.organisations.models import Organisation
from innen.outbox.tasks import sweep_deliveries_task
from innen.predictions.tasks import train_organisation, update_behaviours

DAILY_AT = time(6, 0)
TRAIN_WEEKDAY = 6  # on Sundays each organisation's payment prediction is trained again


def before_the_ladder(organisation: Organisation, today: date) -> None:
    """The day's work that is not the ladder's, done first by every run of an organisation.

    Promises kept or broken, instalment reminders, broken plans: before the ladder, so what
    they lift or pause counts today. New customers are drawn into the experiment's groups (if
    it runs). Then the dashboard's year-long figures (habits, funnel), which today's decisions
    do not change. (The behaviour segments are a task of their own: `daily_run` queues it.)
    """
    arrangements_daily(organisation, today)
    experiment_assign_new(organisation, today)  # new customers drawn into a group, once
    take_snapshot(organisation, today)


def run_day(organisation: Organisation, today: date, *, dry_run: bool = False) -> RunSummary:
    """`organisation`'s day: `before_the_ladder` (not on a dry run), then the collection run."""
    if not dry_run:
        before_the_ladder(organisation, today)
    return run_collection(organisation, today, dry_run=dry_run)


@task()
def run_organisation(
    organisation_id: int, day: str, split: bool = False, batch_size: int | None = None
) -> dict[str, Any]:
    """The run for one organisation: at once, or split into a task per batch of customers.

    Split, the batches' tasks are queued with the run that lists them, in one transaction;
    any worker takes them, and the last one done writes the run's summary (`split_run`).
    Taken again (its worker stopped), it does the day's other work again (safe twice) and
    finds the run started.
    """
    organisation = Organisation.objects.get(pk=organisation_id)
    today = date.fromisoformat(day)
    if not split:
        return run_day(organisation, today).as_json()
    before_the_ladder(organisation, today)
    with transaction.atomic():
        run = start_split_run(organisation, today, batch_size or BATCH_SIZE)
        ids = [] if run is None else batch_ids(run)
        for batch_id in ids:
            run_split_batch_task.enqueue(batch_id)
    run_id = None if run is None else run.pk  # None: the day's run was started before
    return {"date": day, "organisation": organisation_id, "run": run_id, "batches": len(ids)}


def next_daily_moment(now: datetime) -> datetime:
    local = timezone.localtime(now)
    moment = timezone.make_aware(datetime.combine(local.date(), DAILY_AT))
    return moment if moment > local else moment + timedelta(days=1)


@task()
def daily_run() -> dict[str, Any]:
    """Every organisation's run for today, split in batches; the deliveries' sweep; then book
    tomorrow's."""
    today = timezone.localdate()
    for organisation_id in Organisation.objects.values_list("pk", flat=True):
        # The segments first: queued ahead of the run, which picks policies by them.
        update_behaviours.enqueue(organisation_id, today.isoformat())
        run_organisation.enqueue(organisation_id, today.isoformat(), split=True)
        if today.weekday() == TRAIN_WEEKDAY:
            train_organisation.enqueue(organisation_id)
    sweep_deliveries_task.enqueue()  # deliveries and notices a stopped worker left
    schedule_daily_run()
    return {"date": today.isoformat()}


def schedule_daily_run() -> None:
    """Book the next daily run, unless one waits already (the one running does not count:
    it calls this to book tomorrow's)."""
    periodic.book(daily_run, next_daily_moment(timezone.now()))
