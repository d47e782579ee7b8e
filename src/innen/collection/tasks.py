"""Background work of the run, through Django's Tasks API (django-tasks with its database
backend): one batch of customers of a split run (`split_run`), and, for tasks queued before
split runs kept their batches, one batch by its customers. The day's run that splits into
these is `innen.daily`.

Any number of `innen worker` processes on any number of machines share these through the
database. A task only translates: the work is in `run`.

A split run's batches go to a queue of their own, `RUN_QUEUE`: an ordinary worker takes
every queue, and `innen worker --queues runs` takes only batches, so a run can have workers
set aside that no delivery or sync keeps waiting (and the bench times the run alone).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django_tasks import task

from innen.collection.run import run_batch
from innen.collection.split_run import run_split_batch
from innen.organisations.models import Organisation

RUN_QUEUE = "runs"


@task()
def run_customer_batch(organisation_id: int, customer_ids: list[int], day: str) -> dict[str, Any]:
    organisation = Organisation.objects.get(pk=organisation_id)
    return run_batch(organisation, customer_ids, date.fromisoformat(day)).as_json()


@task(queue_name=RUN_QUEUE)
def run_split_batch_task(batch_id: int) -> dict[str, Any]:
    return run_split_batch(batch_id).as_json()
