"""Tasks queued before the daily job and delivery moved still run: the migration moves them.

django-tasks stores a task by its module path and imports it from there when a worker takes
it; a task left under the old path (`innen.collection.tasks`) would fail.
"""

from importlib import import_module

import pytest
from django.apps import apps
from django_tasks_db.models import DBTaskResult

from innen.daily import daily_run, run_organisation
from innen.outbox.tasks import deliver_messages
from tests import factories

pytestmark = pytest.mark.django_db

MIGRATION = import_module("innen.collection.migrations.0004_queued_tasks_follow_their_move")


def _queued_under(old_path, task, *args):
    row = DBTaskResult.objects.get(pk=task.enqueue(*args).id)
    DBTaskResult.objects.filter(pk=row.pk).update(task_path=old_path)
    return row


def test_tasks_queued_under_their_old_paths_run_from_the_new_ones():
    org = factories.organisation()
    rows = [
        _queued_under("innen.collection.tasks.daily_run", daily_run),
        _queued_under("innen.collection.tasks.run_organisation", run_organisation, org.pk, "x"),
        _queued_under("innen.collection.tasks.deliver_messages", deliver_messages, [1]),
    ]
    MIGRATION.forwards(apps, None)
    for row, task in zip(rows, [daily_run, run_organisation, deliver_messages], strict=True):
        row.refresh_from_db()
        assert row.task_path == task.module_path
        assert row.task.func is task.func


def test_finished_tasks_keep_the_path_they_ran_under():
    row = _queued_under("innen.collection.tasks.daily_run", daily_run)
    DBTaskResult.objects.filter(pk=row.pk).update(status="SUCCESSFUL")
    MIGRATION.forwards(apps, None)
    row.refresh_from_db()
    assert row.task_path == "innen.collection.tasks.daily_run"
