"""The scheduler queues each due connection once; the task syncs it."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from innen.connections.models import State
from innen.connections.tasks import sync_connection, sync_due_connections
from tests.connections.conftest import connected

pytestmark = pytest.mark.django_db


def _queued(name: str) -> int:
    return DBTaskResult.objects.filter(task_path__endswith=name, status="READY").count()


def test_a_due_connection_is_queued_once_and_the_scheduler_books_its_next_run(org, moneybird):
    connection = connected(org, moneybird, 5)
    assert sync_due_connections.call() == {"queued": 1}
    assert sync_due_connections.call() == {"queued": 0}  # leased while its sync waits
    assert _queued("sync_connection") == 1
    assert _queued("sync_due_connections") == 1
    assert sync_connection.call(connection.pk)["state"] == State.ACTIVE


def test_a_connection_waiting_for_an_owner_is_not_queued(org, moneybird):
    connection = connected(org, moneybird, 5)
    connection.state = State.SIGN_IN
    connection.save()
    assert sync_due_connections.call() == {"queued": 0}
