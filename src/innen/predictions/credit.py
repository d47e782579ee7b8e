"""Credit limits: the suggested one (`innen.risk.credit`), the one a person set, and the check
before accepting an order.

A limit a person sets is a dossier event (`credit_limit_set`), like a waiver: the dossier
is never changed, so every limit ever set stays on record with who set it and why; the last
one counts. Setting none (an empty amount) goes back to the suggested limit. Asking about an
order (`credit`) records nothing; checking one (`order_check`, the API's POST) records a
`credit_limit_exceeded` event when what the customer owes plus the order passes its limit,
and webhooks tell whoever listens (`credit.limit_exceeded`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from innen.dossier.models import Event, EventKind
from innen.dossier.record import NewEvent, actor_name, append
from innen.ledger.models import Customer, Invoice
from innen.money import MAX_AMOUNT, ZERO, round_cents
from innen.predictions.selectors import ledger_records
from innen.risk.credit import Advice, passes, suggested_limit

LIMIT_NEGATIVE = _("A credit limit cannot be negative.")
LIMIT_TOO_LARGE = _("That credit limit is larger than innen can keep.")
LIMIT_BY_SYSTEM = _("A credit limit is set by a person who is signed in.")
NOTE_MAX_LENGTH = 1000
NOTE_TOO_LONG = _("A note holds at most %(max)s characters.")


@dataclass(frozen=True)
class SetLimit:
    """The limit a person set: the amount, who, on which day, and why."""

    amount: Decimal
    by: str
    on: date
    note: str


@dataclass(frozen=True)
class Credit:
    """A customer's credit on a day: what it owes, its limits, and the check of an order."""

    exposure: Decimal  # the open amount of its invoices
    advice: Advice  # the suggested limit, the risk and why
    set_limit: SetLimit | None
    order: Decimal | None = None

    @property
    def limit(self) -> Decimal:
        """The limit that counts: the one a person set, else the suggested one."""
        return self.set_limit.amount if self.set_limit is not None else self.advice.limit

    @property
    def passes(self) -> bool:
        """Whether what it owes (plus the order asked about) is more than its limit."""
        return passes(self.exposure, self.limit, self.order or ZERO)

    @property
    def room(self) -> Decimal:
        """What it can still order within its limit (0 when over it)."""
        return max(ZERO, self.limit - self.exposure)


def exposure(customer: Customer) -> Decimal:
    """What `customer` owes: the open amount of its invoices."""
    total = (
        Invoice.objects.filter(organisation_id=customer.organisation_id, customer=customer)
        .open()
        .aggregate(total=Sum("open_amount"))["total"]
    )
    return round_cents(Decimal(total or 0))


def set_limit_of(customer: Customer) -> SetLimit | None:
    """The limit last set by a person for `customer`; None when none is set (or it was
    taken back, to the suggested one)."""
    last = (
        Event.objects.filter(
            organisation_id=customer.organisation_id,
            customer_id=customer.pk,
            kind=EventKind.CREDIT_LIMIT_SET,
        )
        .order_by("-seq")
        .first()
    )
    if last is None or last.payload.get("amount") is None:
        return None
    payload = last.payload
    return SetLimit(Decimal(payload["amount"]), last.actor, last.day, payload.get("note", ""))


def credit(customer: Customer, today: date, order: Decimal | None = None) -> Credit:
    """`customer`'s credit as known before `today`, with `order` checked when given."""
    owes = exposure(customer)
    history = ledger_records(customer.organisation, customer.pk)
    return Credit(owes, suggested_limit(history, owes, today), set_limit_of(customer), order)


@transaction.atomic
def limit_set(
    customer: Customer, *, amount: Decimal | None, note: str, user: Any, today: date
) -> Event:
    """Record that `user` sets `customer`'s credit limit to `amount` from `today` (None: back
    to the suggested limit). When what it owes passes the new limit, that is recorded too."""
    note = note.strip()
    if amount is not None and amount < 0:
        raise ValidationError({"amount": LIMIT_NEGATIVE})
    if amount is not None and amount > MAX_AMOUNT:
        raise ValidationError({"amount": LIMIT_TOO_LARGE})
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": NOTE_TOO_LONG % {"max": NOTE_MAX_LENGTH}})
    if not getattr(user, "is_authenticated", False):
        raise ValidationError(LIMIT_BY_SYSTEM)
    event = NewEvent(
        kind=EventKind.CREDIT_LIMIT_SET,
        day=today,
        customer_id=customer.pk,
        payload={
            "amount": None if amount is None else str(round_cents(amount)),
            "note": note,
        },
        actor=actor_name(user),
    )
    [recorded] = append(customer.organisation_id, [event])
    now = credit(customer, today)
    if now.passes:
        exceeded(customer, now, today, actor=actor_name(user))
    return recorded


@transaction.atomic
def exceeded(
    customer: Customer, found: Credit, today: date, *, actor: str, reference: str = ""
) -> Event:
    """Record that what `customer` owes (plus an order checked, named by `reference`) passes
    its limit; the webhook `credit.limit_exceeded` is made from this event."""
    payload: dict[str, Any] = {
        "exposure": str(found.exposure),
        "order": None if found.order is None else str(round_cents(found.order)),
        "limit": str(found.limit),
        "limit_set": found.set_limit is not None,
    }
    if reference:
        payload["reference"] = reference
    event = NewEvent(
        kind=EventKind.CREDIT_LIMIT_EXCEEDED,
        day=today,
        customer_id=customer.pk,
        payload=payload,
        actor=actor,
    )
    [recorded] = append(customer.organisation_id, [event])
    return recorded


@dataclass(frozen=True)
class OrderCheck:
    """An order checked against the limit, and the dossier event when it passed it."""

    credit: Credit
    event: Event | None


def order_check(
    customer: Customer, today: date, order: Decimal, *, actor: str, reference: str = ""
) -> OrderCheck:
    """Check `order` against `customer`'s limit as a webshop or ERP does before accepting it:
    when what it owes plus the order passes the limit, that is recorded in the dossier (so a
    refused order is on the customer's record) and told by webhook; within it, nothing is."""
    found = credit(customer, today, order)
    if not found.passes:
        return OrderCheck(found, None)
    return OrderCheck(found, exceeded(customer, found, today, actor=actor, reference=reference))
