"""The dossier events the portal writes: one PORTAL event per thing a customer does there."""

from __future__ import annotations

from datetime import date
from typing import Any

from innen.dossier.models import EventKind
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
