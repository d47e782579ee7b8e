"""Background work: training an organisation's payment prediction, and its customers'
behaviour segments every day (django-tasks)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django_tasks import task

from innen.organisations.models import Organisation
from innen.predictions.behaviours import behaviours_update
from innen.predictions.services import train


@task()
def train_organisation(organisation_id: int) -> dict[str, Any]:
    model = train(Organisation.objects.get(pk=organisation_id))
    return {"rows": model.rows, "fallback": model.fallback}


@task()
def update_behaviours(organisation_id: int, day: str) -> dict[str, int]:
    """Every customer's behaviour segment for `day`, stored (the daily task queues it)."""
    organisation = Organisation.objects.get(pk=organisation_id)
    return behaviours_update(organisation, date.fromisoformat(day))
