"""Writes to the dossier that people make by hand: a note on a customer or an invoice.

Everything else reaches the dossier from the service that did it (imports, the run, holds,
calls, delivery), through `innen.dossier.record.append`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from innen.dossier.models import Event, EventKind
from innen.dossier.record import NewEvent, actor_name, append

if TYPE_CHECKING:  # the ledger sits above the dossier: its models only name the types here
    from innen.ledger.models import Customer, Invoice

NOTE_MAX_LENGTH = 5000
NOTE_EMPTY = _("Write the note first.")
NOTE_TOO_LONG = _("A note holds at most %(max)s characters.")
NOTE_OTHER_CUSTOMER = _("That invoice is not this customer's.")


@transaction.atomic
def note_add(
    *,
    customer: Customer,
    text: str,
    user: Any,
    today: date,
    invoice: Invoice | None = None,
) -> Event:
    """Append a note about `customer` (or one of its invoices) to the dossier, by `user`."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": NOTE_EMPTY})
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError({"text": NOTE_TOO_LONG % {"max": NOTE_MAX_LENGTH}})
    if invoice is not None and invoice.customer_id != customer.pk:
        raise ValidationError({"invoice": NOTE_OTHER_CUSTOMER})
    payload: dict[str, Any] = {"text": text}
    if invoice is not None:
        payload["invoice_number"] = invoice.number
    event = NewEvent(
        kind=EventKind.NOTE,
        day=today,
        customer_id=customer.pk,
        invoice_id=invoice.pk if invoice is not None else None,
        payload=payload,
        actor=actor_name(user),
    )
    [recorded] = append(customer.organisation_id, [event])
    return recorded
