"""The dossier events the portal writes: one PORTAL event per thing a customer does there."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from innen.dossier.models import Event, EventKind
from innen.dossier.record import NewEvent, append_many

# Who the dossier says did it: the customer in the portal, or Mollie's report of a payment.
CUSTOMER = "portal"
MOLLIE = "mollie"


def portal_event(
    organisation_id: int,
    customer_id: int,
    action: str,
    today: date,
    *,
    actor: str = CUSTOMER,
    invoice_id: int | None = None,
    **payload: Any,
) -> None:
    append_many(
        organisation_id,
        [
            NewEvent(
                EventKind.PORTAL,
                today,
                customer_id=customer_id,
                invoice_id=invoice_id,
                payload={"action": action, **payload},
                actor=actor,
            )
        ],
    )


def portal_event_once_a_day(
    organisation_id: int,
    customer_id: int,
    action: str,
    today: date,
    *,
    invoice_id: int | None = None,
    **payload: Any,
) -> None:
    """A portal event, unless the same one (action, invoice, payload) is already today's.

    What a customer looks at (the portal, a document) is worth one event a day each: a
    download repeated a hundred times must not fill the dossier.
    """
    same = Event.objects.filter(
        organisation_id=organisation_id,
        customer_id=customer_id,
        kind=EventKind.PORTAL,
        day=today,
        payload__action=action,
        **_invoice_is(invoice_id),
        **{f"payload__{key}": value for key, value in payload.items()},
    )
    if same.exists():  # the usual case, without waiting for the dossier's lock
        return
    with transaction.atomic():
        append_many(organisation_id, [])  # takes the dossier's lock: two requests write once
        if not same.exists():
            portal_event(
                organisation_id, customer_id, action, today, invoice_id=invoice_id, **payload
            )


def _invoice_is(invoice_id: int | None) -> dict[str, Any]:
    return {"invoice__isnull": True} if invoice_id is None else {"invoice_id": invoice_id}
