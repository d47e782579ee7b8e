"""Checking an organisation's dossier against its hash chain, straight from the database."""

from __future__ import annotations

from collections.abc import Iterator

from innen.dossier.chain import Head, StoredEvent, Verdict, verify
from innen.dossier.models import DossierHead, Event


def _stored(organisation_id: int) -> Iterator[StoredEvent]:
    events = Event.objects.filter(organisation_id=organisation_id).order_by("seq", "pk")
    for event in events.iterator(chunk_size=5000):
        yield StoredEvent(event.pk, event.content, event.prev_hash, event.hash)


def verify_organisation(organisation_id: int) -> Verdict:
    head = DossierHead.objects.filter(organisation_id=organisation_id).first()
    return verify(_stored(organisation_id), Head(head.seq, head.hash) if head else None)
