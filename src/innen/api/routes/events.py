from typing import Any

from django.db.models import Max
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from innen.api.auth import organisation_of
from innen.api.errors import LIST_ERRORS, READ_ERRORS
from innen.api.fields import Id, Text
from innen.api.pagination import CursorPagination
from innen.api.schemas import ChainOut, EventOut
from innen.casefile.integrity import chain_warnings
from innen.dossier.models import DossierHead, Event

router = Router(tags=["dossier events"])


class EventFilters(Schema):
    customer_id: Id | None = None
    invoice_id: Id | None = None
    kind: Text | None = Field(None, max_length=30)
    after_seq: int | None = Field(
        None, ge=0, le=2**63 - 1, description="Only events after this one: a change feed."
    )


def _events(request: HttpRequest) -> Any:
    return Event.objects.filter(organisation=organisation_of(request))


@router.get("/", response={200: list[EventOut], **LIST_ERRORS})
@paginate(CursorPagination)
def event_list(request: HttpRequest, filters: Query[EventFilters]) -> Any:
    """The dossier, read-only: each event with its place in the chain (seq, prev_hash, hash)."""
    events = _events(request)
    if filters.customer_id is not None:
        events = events.filter(customer_id=filters.customer_id)
    if filters.invoice_id is not None:
        events = events.filter(invoice_id=filters.invoice_id)
    if filters.kind is not None:
        events = events.filter(kind=filters.kind)
    if filters.after_seq is not None:
        events = events.filter(seq__gt=filters.after_seq)
    return events


@router.get("/chain", response={200: ChainOut, **LIST_ERRORS})
def event_chain(request: HttpRequest) -> Any:
    """The chain's end and head, and what looks wrong with it beyond its links.

    `innen dossier verify` checks every hash; this answers from a few lookups, so it warns
    of an emptied dossier or one shorter than its last export, not of an edited event.
    """
    organisation = organisation_of(request)
    head = DossierHead.objects.filter(organisation=organisation).first()
    return {
        "last_seq": _events(request).aggregate(last=Max("seq"))["last"] or 0,
        "head_seq": head.seq if head else 0,
        "head_hash": head.hash if head else None,
        "warnings": list(chain_warnings(organisation.pk)),
    }


@router.get("/{event_id}", response={200: EventOut, **READ_ERRORS})
def event_get(request: HttpRequest, event_id: Id) -> Any:
    return get_object_or_404(_events(request), pk=event_id)
