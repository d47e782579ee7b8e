"""/healthz and /readyz answer a load balancer without a sign-in and name what fails."""

import json

import pytest
from django.core.management import call_command

from innen.web.health import worker_heartbeat

pytestmark = pytest.mark.django_db(transaction=True)


def test_healthz_says_the_app_and_the_database_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}


def test_readyz_fails_naming_the_worker_when_none_was_seen(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["migrations"] == "ok"
    assert "no worker seen" in body["worker"]


def test_readyz_is_ready_once_a_worker_ran_its_heartbeat(client):
    worker_heartbeat.enqueue()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    response = client.get("/readyz")
    assert json.loads(response.content)["worker"] == "ok"
    assert response.status_code == 200


def test_the_heartbeat_books_its_next_beat(client):
    from django_tasks_db.models import DBTaskResult

    worker_heartbeat.enqueue()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert DBTaskResult.objects.filter(task_path__endswith="worker_heartbeat", status="READY")


def test_every_response_carries_a_request_id_and_keeps_the_proxys(client):
    assert len(client.get("/healthz").headers["X-Request-ID"]) == 32
    sent = client.get("/healthz", headers={"X-Request-ID": "lb-1234"})
    assert sent.headers["X-Request-ID"] == "lb-1234"
    odd = client.get("/healthz", headers={"X-Request-ID": "no spaces <allowed>"})
    assert odd.headers["X-Request-ID"] != "no spaces <allowed>"


def test_readyz_counts_a_worker_that_beats_while_a_long_task_runs(client):
    from django.utils import timezone

    from innen.workers.lease import beat

    beat("busy-worker", timezone.now())
    assert json.loads(client.get("/readyz").content)["worker"] == "ok"
