"""A run split into a task per batch of customers, which any number of workers share.

The daily run does an organisation's day this way (`innen.daily.run_organisation`): it
starts a split run (`start_split_run`: the run and its batches, written with their tasks in
one transaction), and each batch's task (`run_split_batch`) plans and records its customers
like one batch of a run in one process (`run.batch_in_transaction`), so the actions are the
same. What is new is the bookkeeping, in the batch's own transaction:

- the batch is locked and marked done with its summary, so a task taken again (its worker
  stopped after the commit, its lease ran out) finds it done and does nothing;
- the batch that finds all the others done adds their summaries up into the run's, and
  marks the run finished: the run's summary is written once, whoever finishes last.

One split run per organisation and day: a second start (two daily runs booked, a start taken
again) finds the first and starts nothing.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from innen.collection.models import Run, RunBatch
from innen.collection.run import batch_in_transaction, customers_to_visit, with_retries
from innen.collection.run_summary import RunSummary
from innen.organisations.models import Organisation


def start_split_run(organisation: Organisation, today: date, batch_size: int) -> Run | None:
    """The day's split run with its batches, or None when one was started already.

    Call it inside the transaction that queues the batches' tasks: all of it or none.
    """
    with transaction.atomic():
        # Two starts for the same day: the second waits here, then finds the first.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).exists()
        started = Run.objects.filter(
            organisation=organisation, run_date=today, batches_total__isnull=False
        )
        if started.exists():
            return None
        batches = customers_to_visit(organisation, batch_size)
        run = Run.objects.create(
            organisation=organisation, run_date=today, batches_total=len(batches)
        )
        RunBatch.objects.bulk_create(
            RunBatch(organisation=organisation, run=run, number=number, customer_ids=ids)
            for number, ids in enumerate(batches, 1)
        )
        if not batches:
            _finish(run, [])
        return run


def batch_ids(run: Run) -> list[int]:
    return list(run.batches.order_by("number").values_list("pk", flat=True))


def run_split_batch(batch_id: int) -> RunSummary:
    """Plan and record one batch of a split run, once; the last one finishes the run."""

    def once() -> RunSummary:
        batch = RunBatch.objects.select_for_update().get(pk=batch_id)
        if batch.finished_at is not None:
            return RunSummary.from_json(batch.summary)  # done by a worker that stopped after
        run = Run.objects.select_related("organisation").get(pk=batch.run_id)
        part = batch_in_transaction(run.organisation, batch.customer_ids, run.run_date)
        batch.summary = part.as_json()
        batch.finished_at = timezone.now()
        batch.save(update_fields=["summary", "finished_at"])
        _finish_if_last(run.pk)
        return part

    return with_retries(once)


def _finish_if_last(run_id: int) -> None:
    """Finish the run if no batch is left: the run's row locked, so by one batch only."""
    run = Run.objects.select_for_update().get(pk=run_id)
    if run.finished_at is not None or run.batches.filter(finished_at__isnull=True).exists():
        return
    _finish(run, list(run.batches.values_list("summary", flat=True)))


def _finish(run: Run, summaries: list[dict[str, object]]) -> None:
    total = RunSummary(run.run_date, run.organisation_id)
    for summary in summaries:
        total.add(RunSummary.from_json(summary))
    run.summary = total.as_json()
    run.finished_at = timezone.now()
    run.save(update_fields=["summary", "finished_at"])
