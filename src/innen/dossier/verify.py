"""Checking an organisation's dossier against its hash chain, straight from the database.

The chain shows an edited, inserted or deleted event; it cannot show that every event and
the head were deleted (an empty chain is intact), nor that the newest events were deleted
with the head moved back. `export_warnings` catches the second against the head the newest
export printed (`ExportedHead`, recorded by every export); the check against the ledger
lives above both, in `innen.casefile.integrity`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.db.models import Max
from django.utils.translation import gettext

from innen.dossier.chain import Head, StoredEvent, Verdict, verify
from innen.dossier.models import DossierHead, Event, ExportedHead


def _stored(organisation_id: int) -> Iterator[StoredEvent]:
    events = Event.objects.filter(organisation_id=organisation_id).order_by("seq", "pk")
    for event in events.iterator(chunk_size=5000):
        yield StoredEvent(event.pk, event.content, event.prev_hash, event.hash)


def verify_chain(organisation_id: int) -> Verdict:
    """Walk the organisation's chain from its first event to its head."""
    head = DossierHead.objects.filter(organisation_id=organisation_id).first()
    return verify(_stored(organisation_id), Head(head.seq, head.hash) if head else None)


def last_seq(organisation_id: int) -> int:
    """The number of the organisation's newest event (0 when it has none)."""
    last = Event.objects.filter(organisation_id=organisation_id).aggregate(last=Max("seq"))
    return int(last["last"] or 0)


def export_warnings(organisation_id: int) -> list[str]:
    """What the head the newest export printed shows wrong with the chain as it is now."""
    exported = ExportedHead.objects.filter(organisation_id=organisation_id).first()
    if exported is None:
        return []
    return _against_export(organisation_id, last_seq(organisation_id), exported)


def _against_export(organisation_id: int, end: int, exported: ExportedHead) -> list[str]:
    facts = {"end": end, "seq": exported.seq, "day": exported.exported_on.isoformat()}
    if end < exported.seq:
        return [
            gettext(
                "The chain ends at event %(end)s, but the export of %(day)s showed event "
                "%(seq)s (were events deleted?)."
            )
            % facts
        ]
    at = Event.objects.filter(organisation_id=organisation_id, seq=exported.seq).first()
    if at is not None and at.hash != exported.hash:
        return [
            gettext(
                "Event %(seq)s is not the one the export of %(day)s showed: its hash differs "
                "(was the chain rewritten?)."
            )
            % facts
        ]
    return []


def export_recorded(organisation_id: int, head: Head, day: date) -> None:
    """Keep `head`, as an export printed it on `day`, unless a later one is kept already."""
    if head.seq == 0:
        return
    kept = ExportedHead.objects.filter(organisation_id=organisation_id).first()
    if kept is not None and kept.seq > head.seq:
        return
    ExportedHead.objects.update_or_create(
        organisation_id=organisation_id,
        defaults={"seq": head.seq, "hash": head.hash, "exported_on": day},
    )
