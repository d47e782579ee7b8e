"""From dossier events to webhook events: what happened, told the way another system needs it.

| webhook              | dossier event                                   | once per        |
|----------------------|-------------------------------------------------|-----------------|
| `invoice.paid`       | payment registered, leaving an invoice at 0.00  | invoice paid(*) |
| `action.sent`        | message sent (each channel: e-mail, letter)     | message+channel |
| `suspension_notice`  | message sent of a suspension-notice step        | message         |
| `handover`           | handed over                                     | message         |
| `dispute.opened`     | hold placed with reason dispute                 | hold            |
| `credit.limit_exceeded` | credit limit exceeded (what is owed, or an order asked about) | check |
| `credit.limit_exceeded` | invoice imported, taking the customer over its set limit | append  |

Each webhook event has a key saying what it is about (the "once per" column); its id is
derived from the key, so the same fact told twice (a suspension notice sent by e-mail and
then by letter) is one delivery, and the receiver sees one id. (*) An invoice can be paid
twice over time (paid, reopened by a storno, paid again): its key names the dossier event
that settled it, so each settling is its own event.

Only what someone listens for is looked at, and what the dossier payload lacks (customer
numbers, open amounts) is read with one query for the whole batch.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from innen.dossier.models import EventKind
from innen.dossier.record import NewEvent
from innen.ledger.models import Customer, Invoice
from innen.money import round_cents
from innen.webhooks.credit import crossed_by_invoices
from innen.webhooks.models import EventType

DISPUTE = "dispute"  # collection.models.HoldReason.DISPUTE
SUSPENSION_STEP = "suspension_notice"  # collection.models.StepKind.SUSPENSION_NOTICE

# The dossier events each webhook type is made from: the rest are not looked at.
SOURCES: dict[str, frozenset[str]] = {
    EventType.INVOICE_PAID: frozenset({EventKind.PAYMENT_REGISTERED}),
    EventType.ACTION_SENT: frozenset({EventKind.MESSAGE_SENT}),
    EventType.SUSPENSION_NOTICE: frozenset({EventKind.MESSAGE_SENT}),
    EventType.HANDOVER: frozenset({EventKind.HANDOVER}),
    EventType.DISPUTE_OPENED: frozenset({EventKind.HOLD_PLACED}),
    EventType.CREDIT_LIMIT_EXCEEDED: frozenset(
        {EventKind.CREDIT_LIMIT_EXCEEDED, EventKind.INVOICE_IMPORTED}  # webhooks/credit.py
    ),
}


@dataclass(frozen=True)
class WebhookEvent:
    type: str
    key: str  # the same key is the same event (and the same id)
    data: dict[str, Any]
    # What it is about, when that can happen more than once: an invoice paid, reopened by a
    # storno, and paid again. Within one append only the last event about it counts.
    about: str = ""


def event_id(organisation_id: int, event_type: str, key: str) -> str:
    digest = hashlib.sha256(f"{organisation_id}:{event_type}:{key}".encode()).hexdigest()
    return f"evt_{digest[:32]}"


def body(organisation: Mapping[str, Any], event: WebhookEvent, created: datetime) -> dict[str, Any]:
    """The JSON body of a delivery (see docs/webhooks.md)."""
    return {
        "id": event_id(organisation["id"], event.type, event.key),
        "type": event.type,
        "created": created.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "organisation": dict(organisation),
        "data": event.data,
    }


def money(amount: Decimal | None) -> str:
    return str(round_cents(Decimal(amount or 0)))


def webhook_events(
    organisation_id: int, events: Sequence[NewEvent], wanted: set[str], first_seq: int
) -> list[WebhookEvent]:
    """The webhook events of `wanted` types that `events` (one append, from `first_seq`) make."""
    kinds = frozenset().union(*(SOURCES[t] for t in wanted if t in SOURCES))
    relevant = [(seq, e) for seq, e in enumerate(events, start=first_seq) if e.kind in kinds]
    if not relevant:
        return []
    facts = _Facts(organisation_id, [event for _, event in relevant])
    found: dict[tuple[str, str], WebhookEvent] = {}
    for seq, event in relevant:
        for made in _made_from(event, seq, wanted, facts):
            found[(made.type, made.about or made.key)] = made  # the last word wins
    if EventType.CREDIT_LIMIT_EXCEEDED in wanted:
        for key, about, data in crossed_by_invoices(organisation_id, relevant, facts.customer):
            found[(EventType.CREDIT_LIMIT_EXCEEDED, about)] = WebhookEvent(
                EventType.CREDIT_LIMIT_EXCEEDED, key, data, about=about
            )
    return list(found.values())


def _made_from(
    event: NewEvent, seq: int, wanted: set[str], facts: _Facts
) -> Iterable[WebhookEvent]:
    payload = event.payload
    if event.kind == EventKind.PAYMENT_REGISTERED and EventType.INVOICE_PAID in wanted:
        yield from _invoices_paid(event, seq, facts)
    elif event.kind == EventKind.MESSAGE_SENT:
        if EventType.ACTION_SENT in wanted:
            key = f"message:{payload.get('message')}:{payload.get('channel')}"
            yield WebhookEvent(EventType.ACTION_SENT, key, _message_data(event, facts))
        if EventType.SUSPENSION_NOTICE in wanted and payload.get("step_kind") == SUSPENSION_STEP:
            key = f"message:{payload.get('message')}"
            yield WebhookEvent(EventType.SUSPENSION_NOTICE, key, _message_data(event, facts))
    elif event.kind == EventKind.HANDOVER and EventType.HANDOVER in wanted:
        key = f"message:{payload.get('message')}"
        yield WebhookEvent(EventType.HANDOVER, key, _message_data(event, facts))
    elif (
        event.kind == EventKind.HOLD_PLACED
        and EventType.DISPUTE_OPENED in wanted
        and payload.get("reason") == DISPUTE
    ):
        key = f"hold:{payload.get('hold')}"
        yield WebhookEvent(EventType.DISPUTE_OPENED, key, _dispute(event, facts))
    elif (
        event.kind == EventKind.CREDIT_LIMIT_EXCEEDED and EventType.CREDIT_LIMIT_EXCEEDED in wanted
    ):
        # Each check that passes the limit is its own fact: the key is the dossier event.
        yield WebhookEvent(
            EventType.CREDIT_LIMIT_EXCEEDED,
            f"dossier:{seq}",
            {
                "customer": facts.customer(event.customer_id),
                "on": event.day.isoformat(),
                "exposure": payload.get("exposure"),
                "order": payload.get("order"),
                "reference": payload.get("reference", ""),
                "limit": payload.get("limit"),
                "limit_set": payload.get("limit_set"),
            },
        )


def _invoices_paid(event: NewEvent, seq: int, facts: _Facts) -> Iterable[WebhookEvent]:
    for part in event.payload.get("allocated", []):
        invoice = facts.settled.get(part["invoice"])
        if invoice is None:
            continue  # still open: a part payment
        yield WebhookEvent(
            EventType.INVOICE_PAID,
            f"invoice:{invoice['id']}:paid-at:{seq}",
            about=f"invoice:{invoice['id']}",
            data={
                "invoice": facts.invoice(part["invoice"]),
                "customer": facts.customer(event.customer_id),
                "paid_on": event.payload.get("date"),
                "payment_amount": event.payload.get("amount"),
                "allocated": part["amount"],
                "paid": invoice["paid"],
                "credited": invoice["credited"],
                "written_off": invoice["written_off"],
            },
        )


def _message_data(event: NewEvent, facts: _Facts) -> dict[str, Any]:
    payload = event.payload
    numbers = list(payload.get("invoices", []))
    invoices = [facts.invoice(number) for number in numbers]
    return {
        "message": payload.get("message"),
        "step": payload.get("step"),
        "step_kind": payload.get("step_kind", "handover" if event.kind == "handover" else None),
        "channel": payload.get("channel"),
        "sent_on": event.day.isoformat(),
        "pay_before": payload.get("pay_before"),
        "customer": facts.customer(event.customer_id),
        "invoices": invoices,
        "open_total": money(sum((Decimal(i.get("open_amount", 0)) for i in invoices), Decimal(0))),
    }


def _dispute(event: NewEvent, facts: _Facts) -> dict[str, Any]:
    payload = event.payload
    number = payload.get("invoice")
    return {
        "hold": payload.get("hold"),
        "starts_on": payload.get("starts_on"),
        "ends_on": payload.get("ends_on"),
        "note": payload.get("note", ""),
        "customer": facts.customer(event.customer_id),
        # None: the whole customer is disputed, not one invoice.
        "invoice": facts.invoice(number) if number else None,
    }


class _Facts:
    """What the dossier payloads name, read for the whole batch: customers and invoices."""

    def __init__(self, organisation_id: int, events: Sequence[NewEvent]) -> None:
        numbers: set[str] = set()
        for event in events:
            payload = event.payload
            numbers.update(part["invoice"] for part in payload.get("allocated", []))
            numbers.update(payload.get("invoices", []))
            if event.kind == EventKind.HOLD_PLACED and payload.get("invoice"):
                numbers.add(payload["invoice"])
        customer_ids = {event.customer_id for event in events if event.customer_id}
        self.customers: dict[int, dict[str, Any]] = {
            row["id"]: dict(row)
            for row in Customer.objects.filter(
                organisation_id=organisation_id, pk__in=customer_ids
            ).values("id", "number", "name")
        }
        self.invoices = self._invoices(organisation_id, numbers)
        # Fully paid now, in this transaction: the allocations of this append are in.
        self.settled = {
            number: row
            for number, row in self.invoices.items()
            if Decimal(row["open_amount"]) <= 0 and Decimal(row["paid"]) > 0
        }

    @staticmethod
    def _invoices(organisation_id: int, numbers: set[str]) -> dict[str, dict[str, Any]]:
        if not numbers:
            return {}
        rows = (
            Invoice.objects.filter(organisation_id=organisation_id, number__in=numbers)
            .with_balance()
            .values(
                "id",
                "number",
                "issue_date",
                "due_date",
                "total",
                "currency",
                "payment_reference",
                "paid",
                "credited",
                "written_off",
                "open_amount",
            )
        )
        return {
            row["number"]: {
                "id": row["id"],
                "number": row["number"],
                "issue_date": row["issue_date"].isoformat(),
                "due_date": row["due_date"].isoformat(),
                "currency": row["currency"],
                "payment_reference": row["payment_reference"],
                "total": money(row["total"]),
                "paid": money(row["paid"]),
                "credited": money(row["credited"]),
                "written_off": money(row["written_off"]),
                "open_amount": money(row["open_amount"]),
            }
            for row in rows
        }

    def invoice(self, number: str) -> dict[str, Any]:
        found = self.invoices.get(number)
        if found is None:  # deleted since, or not ours: say only what the dossier says
            return {"number": number}
        return {k: v for k, v in found.items() if k not in ("paid", "credited", "written_off")}

    def customer(self, customer_id: int | None) -> dict[str, Any] | None:
        return self.customers.get(customer_id) if customer_id else None
