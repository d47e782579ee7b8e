"""The daily run split into a task per batch of customers: the same actions as one run, its
summary written once by the last batch, and a batch taken again doing nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django_tasks_db.models import DBTaskResult

from innen.cli.main import main
from innen.collection.models import Action, Run, RunBatch
from innen.collection.split_run import batch_ids, run_split_batch, start_split_run
from innen.collection.tasks import RUN_QUEUE, run_split_batch_task
from innen.daily import run_day, run_organisation
from innen.outbox.tasks import deliver_messages
from tests import factories
from tests.collection.ladders import collecting_organisation

pytestmark = pytest.mark.django_db

DUE = date(2026, 10, 1)
REMINDER_DAY = date(2026, 10, 8)  # the pre-due notice and the reminder are due


@pytest.fixture
def org():
    org = collecting_organisation()
    for _ in range(5):
        factories.invoice(org, factories.customer(org), due=DUE)
    return org


def test_the_batches_record_what_one_run_records_and_the_last_writes_the_summary(org):
    clean = run_day(org, REMINDER_DAY, dry_run=True)
    run = start_split_run(org, REMINDER_DAY, batch_size=2)
    assert run is not None and run.batches_total == 3

    ids = batch_ids(run)
    for batch_id in ids[:-1]:
        run_split_batch(batch_id)
        run.refresh_from_db()
        assert run.finished_at is None  # batches left
    run_split_batch(ids[-1])

    run.refresh_from_db()
    assert run.finished_at is not None
    expected = {**clean.as_json(), "dry_run": False}
    assert run.summary == expected
    assert Action.objects.filter(organisation=org).count() == clean.actions_recorded == 10


def test_a_batch_taken_again_finds_itself_done_and_counts_once(org):
    run = start_split_run(org, REMINDER_DAY, batch_size=10)
    assert run is not None
    (only,) = batch_ids(run)
    first = run_split_batch(only)
    again = run_split_batch(only)  # its worker stopped after the commit; another took it

    assert again.as_json() == first.as_json()
    run.refresh_from_db()
    assert run.summary["actions_recorded"] == 10
    assert RunBatch.objects.get(pk=only).summary == first.as_json()


def test_the_day_is_split_once(org):
    assert start_split_run(org, REMINDER_DAY, batch_size=2) is not None
    assert start_split_run(org, REMINDER_DAY, batch_size=2) is None
    assert Run.objects.filter(organisation=org).count() == 1


def test_a_day_with_nothing_to_visit_is_finished_at_once():
    org = collecting_organisation()
    run = start_split_run(org, REMINDER_DAY, batch_size=2)
    assert run is not None and run.batches_total == 0
    assert run.finished_at is not None and run.summary["actions_recorded"] == 0


# The worker closes its database connection when done: outside a test transaction.
@pytest.mark.django_db(transaction=True)
def test_a_worker_set_aside_for_runs_does_the_batches_and_leaves_the_deliveries(org):
    run_organisation.call(org.pk, REMINDER_DAY.isoformat(), split=True, batch_size=2)
    batches = DBTaskResult.objects.filter(task_path=run_split_batch_task.module_path)
    assert set(batches.values_list("queue_name", flat=True)) == {RUN_QUEUE}

    assert main(["worker", "--batch", "--queues", RUN_QUEUE]) == 0

    assert Run.objects.get(organisation=org).finished_at is not None
    assert set(batches.values_list("status", flat=True)) == {"SUCCESSFUL"}
    waiting = DBTaskResult.objects.filter(status="READY")
    assert waiting.filter(task_path=deliver_messages.module_path).exists()
    assert set(waiting.values_list("queue_name", flat=True)) == {"default"}
