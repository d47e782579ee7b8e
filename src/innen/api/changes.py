"""Changing a customer or an invoice: the ledger has services to create these, not to change them.

These follow the ledger services' way (keyword-only, the model's own validation, one
transaction) and belong beside them in `innen.ledger.services`; they live here until then.
A changed invoice is noted in the dossier: its due date decides when collection acts.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from innen.dossier.models import EventKind
from innen.dossier.record import NewEvent, append
from innen.ledger.models import Customer, Invoice


@transaction.atomic
def customer_update(*, customer: Customer, **changes: Any) -> Customer:
    for name, value in changes.items():
        setattr(customer, name, value)
    customer.full_clean()
    if changes:
        customer.save(update_fields=list(changes))
    return customer


@transaction.atomic
def invoice_update(*, invoice: Invoice, actor: str, source: str, **changes: Any) -> Invoice:
    """Change what may change of an invoice (due date, references) and note it in the dossier."""
    before = {name: getattr(invoice, name) for name in changes}
    for name, value in changes.items():
        setattr(invoice, name, value)
    invoice.full_clean()
    changed = {
        name: [_plain(before[name]), _plain(value)]
        for name, value in changes.items()
        if before[name] != value
    }
    if not changed:
        return invoice
    invoice.save(update_fields=list(changed))
    text = "Changed: " + "; ".join(f"{name} {old} → {new}" for name, (old, new) in changed.items())
    event = NewEvent(
        EventKind.NOTE,
        timezone.localdate(),
        customer_id=invoice.customer_id,
        invoice_id=invoice.pk,
        payload={"text": text, "changed": changed, "source": source},
        actor=actor,
    )
    append(invoice.organisation_id, [event])
    return invoice


def _plain(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
