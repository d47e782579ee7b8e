"""Appending to the dossier: the one way events are written.

Appending locks the organisation's head row, so concurrent writers (the web, workers, the
daily run's batches) take turns and the chain stays one line. Callers append inside their
own transaction, last, so the lock is held only for the moment before their commit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from innen.dossier.chain import GENESIS, EventContent, link
from innen.dossier.models import DossierHead, Event

SYSTEM = "innen"


@dataclass(frozen=True)
class NewEvent:
    kind: str
    day: date
    customer_id: int | None = None
    invoice_id: int | None = None
    payload: Mapping[str, Any] = field(default_factory=dict)
    actor: str = SYSTEM


def actor_name(user: Any) -> str:
    """Who did it, as the dossier names them: a user's username, else innen itself."""
    if user is not None and getattr(user, "is_authenticated", False):
        return str(user.get_username())
    return SYSTEM


@transaction.atomic
def append(organisation_id: int, events: Sequence[NewEvent]) -> list[Event]:
    """Append `events` to the organisation's dossier, in this order."""
    if not events:
        return []
    DossierHead.objects.get_or_create(organisation_id=organisation_id, defaults={"hash": GENESIS})
    head = DossierHead.objects.select_for_update().get(organisation_id=organisation_id)
    now = timezone.now()
    contents = [
        EventContent(
            seq=head.seq + offset,
            occurred_at=now,
            day=event.day,
            kind=event.kind,
            customer_id=event.customer_id,
            invoice_id=event.invoice_id,
            actor=event.actor,
            payload=dict(event.payload),
        )
        for offset, event in enumerate(events, start=1)
    ]
    rows = [
        Event(
            organisation_id=organisation_id,
            seq=content.seq,
            occurred_at=content.occurred_at,
            day=content.day,
            kind=content.kind,
            customer_id=content.customer_id,
            invoice_id=content.invoice_id,
            actor=content.actor,
            payload=content.payload,
            prev_hash=prev_hash,
            hash=own_hash,
        )
        for content, (prev_hash, own_hash) in zip(
            contents, link(head.hash, contents), strict=True
        )
    ]
    Event.objects.bulk_create(rows, batch_size=2000)
    head.seq, head.hash = rows[-1].seq, rows[-1].hash
    head.save(update_fields=["seq", "hash"])
    return rows
