"""What the connection page and the scheduler read."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet

from innen.connections.models import Connection, State, Unmapped
from innen.organisations.models import Organisation


def connections_of(organisation: Organisation) -> QuerySet[Connection]:
    return Connection.objects.filter(organisation=organisation).order_by("kind")


def due_connections(now: datetime) -> list[int]:
    """Connections to sync now: set up, not waiting for an owner, and due."""
    return list(
        Connection.objects.exclude(state__in=[State.CHOOSE, State.SIGN_IN, State.OFF])
        .exclude(account_id="")
        .filter(Q(next_try__isnull=True) | Q(next_try__lte=now))
        .values_list("pk", flat=True)
    )


def unmapped_of(connection: Connection, limit: int = 100) -> list[Unmapped]:
    return list(connection.unmapped.all()[:limit])
