"""Background work: training an organisation's payment prediction (django-tasks)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from innen.organisations.models import Organisation
from innen.predictions.services import train


@task()
def train_organisation(organisation_id: int) -> dict[str, Any]:
    model = train(Organisation.objects.get(pk=organisation_id))
    return {"rows": model.rows, "fallback": model.fallback}
