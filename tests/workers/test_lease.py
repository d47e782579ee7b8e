"""A task claimed by a worker that stopped beating goes back to the queue; finished results
are deleted after their keeping."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from innen.web.health import worker_heartbeat
from innen.workers.lease import MAX_CLAIMS, WORKER_LOST, beat, release_stuck
from innen.workers.models import WorkerBeat
from innen.workers.retention import prune_task_results

pytestmark = pytest.mark.django_db


@pytest.fixture
def lease(settings):
    settings.WORKER_LEASE_SECONDS = 60
    return timedelta(seconds=60)


def _claimed(by: list[str], started_at) -> DBTaskResult:
    task = DBTaskResult.objects.get(pk=worker_heartbeat.enqueue().id)
    DBTaskResult.objects.filter(pk=task.pk).update(
        status="RUNNING", worker_ids=by, started_at=started_at
    )
    return task


def test_a_task_whose_worker_stopped_beating_goes_back_to_the_queue(lease):
    now = timezone.now()
    beat("gone", now - 2 * lease)
    task = _claimed(["gone"], now - 2 * lease)

    assert release_stuck(now, alive="me").requeued == 1

    task.refresh_from_db()
    assert task.status == "READY" and task.started_at is None
    assert DBTaskResult.objects.ready().filter(pk=task.pk).exists()  # any worker takes it


def test_a_task_whose_worker_still_beats_stays_with_it(lease):
    now = timezone.now()
    beat("busy", now - timedelta(seconds=5))
    task = _claimed(["busy"], now - 10 * lease)  # long, but its worker is alive

    assert release_stuck(now).requeued == 0
    task.refresh_from_db()
    assert task.status == "RUNNING"


def test_a_worker_never_gives_its_own_task_away(lease):
    now = timezone.now()
    task = _claimed(["me"], now - 2 * lease)  # its beat failed (the database was busy)

    assert release_stuck(now, alive="me").requeued == 0
    task.refresh_from_db()
    assert task.status == "RUNNING"


def test_a_task_that_lost_its_worker_three_times_fails(lease):
    now = timezone.now()
    task = _claimed([f"w{n}" for n in range(MAX_CLAIMS)], now - 2 * lease)

    assert release_stuck(now).failed == 1
    task.refresh_from_db()
    assert task.status == "FAILED" and task.exception_class_path == WORKER_LOST


def test_a_worker_not_seen_for_a_day_is_forgotten(lease):
    now = timezone.now()
    beat("old", now - timedelta(days=2))
    beat("new", now)
    release_stuck(now)
    assert list(WorkerBeat.objects.values_list("worker_id", flat=True)) == ["new"]


def test_finished_results_are_deleted_after_their_keeping(settings):
    settings.TASK_RESULTS_KEEP_DAYS = 7
    now = timezone.now()
    kinds = {
        "old success": ("SUCCESSFUL", 8),
        "recent success": ("SUCCESSFUL", 6),
        "old failure": ("FAILED", 27),  # kept four times as long
        "ancient failure": ("FAILED", 29),
        "waiting": ("READY", None),
    }
    ids = {}
    for name, (status, days) in kinds.items():
        task = DBTaskResult.objects.get(pk=worker_heartbeat.enqueue().id)
        finished = None if days is None else now - timedelta(days=days)
        DBTaskResult.objects.filter(pk=task.pk).update(status=status, finished_at=finished)
        ids[task.pk] = name

    assert prune_task_results(now) == {"successful": 1, "failed": 1}
    left = {ids[pk] for pk in DBTaskResult.objects.values_list("pk", flat=True)}
    assert left == {"recent success", "old failure", "waiting"}


def test_the_worker_books_the_pruning_once():
    from innen.workers.tasks import prune_task_results_task, schedule_task_pruning

    schedule_task_pruning()
    schedule_task_pruning()
    booked = DBTaskResult.objects.filter(task_path=prune_task_results_task.module_path)
    assert booked.count() == 1 and booked.get().run_after > timezone.now()


# The heart closes its database connections: outside a test transaction.
@pytest.mark.django_db(transaction=True)
def test_a_worker_beats_while_it_works_and_leaves_no_lease_when_it_stops(settings):
    from innen.workers.heart import beating

    settings.WORKER_LEASE_SECONDS = 2  # a beat every half second
    with beating("steady"):
        first = WorkerBeat.objects.get(worker_id="steady").seen_at
        deadline = timezone.now() + timedelta(seconds=10)
        while WorkerBeat.objects.get(worker_id="steady").seen_at == first:
            assert timezone.now() < deadline, "no second beat"
            time.sleep(0.05)
    assert not WorkerBeat.objects.filter(worker_id="steady").exists()
