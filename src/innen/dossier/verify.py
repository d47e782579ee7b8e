"""Checking an organisation's dossier against its hash chain, straight from the database.

The chain shows an edited, inserted or deleted event; it cannot show that every event and
the head were deleted (an empty chain is intact), nor that the newest events were deleted
with the head moved back. `chain_warnings` catches those against what else is known: the
ledger (an organisation with invoices or payments has events), and the head its newest
export printed (`ExportedHead`, recorded by every export).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from django.db.models import Max
from django.utils.translation import gettext

from innen.dossier.chain import Head, StoredEvent, Verdict, verify
from innen.dossier.models import DossierHead, Event, ExportedHead
from innen.ledger.models import CreditNote, Invoice, Payment


def _stored(organisation_id: int) -> Iterator[StoredEvent]:
    events = Event.objects.filter(organisation_id=organisation_id).order_by("seq", "pk")
    for event in events.iterator(chunk_size=5000):
        yield StoredEvent(event.pk, event.content, event.prev_hash, event.hash)


def verify_organisation(organisation_id: int) -> Verdict:
    """Walk the organisation's chain, and add `chain_warnings`."""
    head = DossierHead.objects.filter(organisation_id=organisation_id).first()
    verdict = verify(_stored(organisation_id), Head(head.seq, head.hash) if head else None)
    return replace(verdict, warnings=chain_warnings(organisation_id))


def chain_warnings(organisation_id: int) -> tuple[str, ...]:
    """What looks wrong with the organisation's dossier beyond its links (a few lookups)."""
    last = Event.objects.filter(organisation_id=organisation_id).aggregate(last=Max("seq"))
    end = last["last"] or 0
    warnings = []
    if end == 0 and _has_ledger(organisation_id):
        warnings.append(
            gettext(
                "The dossier holds no events, yet the ledger holds invoices or payments "
                "(were the events deleted?)."
            )
        )
    exported = ExportedHead.objects.filter(organisation_id=organisation_id).first()
    if exported is not None:
        warnings += _against_export(organisation_id, end, exported)
    return tuple(warnings)


def _has_ledger(organisation_id: int) -> bool:
    return any(
        model.objects.filter(organisation_id=organisation_id).exists()
        for model in (Invoice, CreditNote, Payment)
    )


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
