"""`/healthz` and `/readyz`: what a load balancer asks before it sends a request here.

No sign-in and no tenant data: each answers with a short JSON object of checks.

- `/healthz`: this process answers and the database answers a query (200, else 503).
- `/readyz`: also every migration is applied and a worker was seen within
  `WORKER_SEEN_MINUTES` (its beat, `innen.workers`, or a task finished, the heartbeat below
  among them); 503 names what fails.

The worker books `worker_heartbeat` when it starts, and the heartbeat books its own next run
every minute, so an idle worker is seen as well as a busy one.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks import task

from innen import periodic
from innen.workers.models import WorkerBeat

HEARTBEAT_EVERY = timedelta(minutes=1)
DATABASE_TASKS = "django_tasks_db.DatabaseBackend"


@task()
def worker_heartbeat() -> dict[str, str]:
    """Nothing but proof that a worker runs; books the next beat first."""
    schedule_worker_heartbeat()
    return {"seen": timezone.now().isoformat()}


def schedule_worker_heartbeat() -> None:
    periodic.book(worker_heartbeat, timezone.now() + HEARTBEAT_EVERY)


def database_answers() -> str | None:
    """None when the database answers a query, else what went wrong."""
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure means "not healthy"; the reason is reported
        return f"{type(error).__name__}: {error}"
    return None


def migrations_pending() -> list[str]:
    """The migrations not yet applied, as "app.name"."""
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def worker_seen() -> str | None:
    """None when a worker beat or finished a task within WORKER_SEEN_MINUTES, else why not."""
    if settings.TASKS["default"]["BACKEND"] != DATABASE_TASKS:
        return None  # another queue: its own monitoring says whether workers run
    from django_tasks_db.models import DBTaskResult

    minutes = settings.WORKER_SEEN_MINUTES
    since = timezone.now() - timedelta(minutes=minutes)
    if WorkerBeat.objects.filter(seen_at__gte=since).exists():
        return None
    if DBTaskResult.objects.filter(finished_at__gte=since).exists():
        return None
    return f"no worker seen in the last {minutes} minutes (is `innen worker` running?)"


def _answer(checks: dict[str, Any]) -> JsonResponse:
    ok = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if ok else "failing", **checks}, status=200 if ok else 503)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return _answer({"database": database_answers() or "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    problem = database_answers()
    if problem is not None:
        return _answer({"database": problem})
    pending = migrations_pending()
    return _answer(
        {
            "database": "ok",
            "migrations": f"{len(pending)} not applied: {', '.join(pending[:5])}"
            if pending
            else "ok",
            "worker": worker_seen() or "ok",
        }
    )
