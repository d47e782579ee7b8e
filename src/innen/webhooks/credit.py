"""`credit.limit_exceeded` from new invoices: an import that takes a customer over the credit
limit a person set for it.

The other cases (an order asked about, a limit set below what is owed) are dossier events of
their own (`credit_limit_exceeded`, written by `innen.predictions.credit`). A new invoice is
not: the ledger knows nothing of limits. So here, for the customers that got invoices in one
append, what they owe now is set against the last limit set for them (`credit_limit_set`);
the webhook goes out when the new invoices crossed it: within the limit before, over it
after. Only a limit a person set counts here: the suggested one needs the customer's whole
history, too much for every import (the check of the next order uses it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from innen.dossier.models import Event, EventKind
from innen.dossier.record import NewEvent
from innen.ledger.models import Invoice
from innen.money import round_cents


def crossed_by_invoices(
    organisation_id: int, relevant: Sequence[tuple[int, NewEvent]], customer: Any
) -> Iterable[tuple[str, str, dict[str, Any]]]:
    """(key, about, data) of each customer the imported invoices in `relevant` took over its
    set limit; `customer(id)` says a customer as the other webhooks do."""
    added: dict[int, Decimal] = defaultdict(Decimal)
    numbers: dict[int, list[str]] = defaultdict(list)
    last: dict[int, tuple[int, NewEvent]] = {}
    for seq, event in relevant:
        if event.kind == EventKind.INVOICE_IMPORTED and event.customer_id:
            added[event.customer_id] += Decimal(str(event.payload.get("total", "0")))
            numbers[event.customer_id].append(str(event.payload.get("number", "")))
            last[event.customer_id] = (seq, event)
    limits = _set_limits(organisation_id, list(added))
    if not limits:
        return
    owes = dict(
        Invoice.objects.filter(organisation_id=organisation_id, customer_id__in=list(limits))
        .open()
        .values("customer_id")
        .annotate(total=Sum("open_amount"))
        .values_list("customer_id", "total")
    )
    for customer_id, limit in limits.items():
        after = round_cents(Decimal(owes.get(customer_id) or 0))
        if not after - added[customer_id] <= limit < after:
            continue  # over it before already, or still within it
        seq, event = last[customer_id]
        yield (
            f"customer:{customer_id}:invoices:{seq}",
            f"credit:{customer_id}",
            {
                "customer": customer(customer_id),
                "on": event.day.isoformat(),
                "exposure": str(after),
                "order": None,
                "reference": "",
                "limit": str(limit),
                "limit_set": True,
                "invoices": numbers[customer_id],
            },
        )


def _set_limits(organisation_id: int, customer_ids: list[int]) -> dict[int, Decimal]:
    """The last limit set for each of the customers, left out where none is (or it was taken
    back to the suggested one)."""
    if not customer_ids:
        return {}
    latest: dict[int, Any] = {}
    events = (
        Event.objects.filter(
            organisation_id=organisation_id,
            customer_id__in=customer_ids,
            kind=EventKind.CREDIT_LIMIT_SET,
        )
        .order_by("seq")
        .values_list("customer_id", "payload")
    )
    for customer_id, payload in events:
        latest[customer_id] = payload.get("amount")
    return {c: Decimal(amount) for c, amount in latest.items() if amount is not None}
