"""A customer's credit: what it owes, its limit, its risk and why; and the check before
accepting an order, for a webshop or ERP that asks first: `GET ...?order=` only reads,
`POST .../credit/checks` records an order that would pass the limit in the dossier and tells
the `credit.limit_exceeded` webhook."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from innen.api.auth import WRITE, organisation_of, token_of
from innen.api.errors import READ_ERRORS, WRITE_ERRORS
from innen.api.fields import Amount, Id, In, Money, Text
from innen.api.sources import actor
from innen.file_messages import translated
from innen.ledger.models import Customer
from innen.predictions.credit import Credit, credit, order_check

router = Router(tags=["customers"])


class CreditQuery(Schema):
    order: Money | None = None


class SetLimitOut(Schema):
    amount: Amount
    set_by: str
    set_on: date
    note: str


class LimitOut(Schema):
    suggested: Amount
    set: SetLimitOut | None
    applies: Amount  # the set one when a person set one, else the suggested one


class RiskOut(Schema):
    level: str  # low, medium, high, or unknown before a first payment
    share_late: float | None


class OrderCheckOut(Schema):
    amount: Amount
    exposure_after: Amount
    passes_limit: bool


class CreditOut(Schema):
    customer: int
    on: date
    exposure: Amount
    limit: LimitOut
    passes_limit: bool
    room: Amount
    risk: RiskOut
    reasons: list[str]
    order: OrderCheckOut | None


class CheckIn(In):
    order: Money = Field(description="The amount of the order to accept or refuse.")
    reference: Text = Field("", max_length=100, description="The order's number, say.")


class CheckOut(CreditOut):
    event_id: int | None = Field(
        description="The dossier event `credit_limit_exceeded` recorded when the order "
        "passes the limit (the webhook is made from it); null within the limit."
    )


def _customer(request: HttpRequest, customer_id: int) -> Customer:
    return get_object_or_404(
        Customer.objects.filter(organisation=organisation_of(request)), pk=customer_id
    )


@router.get("/{customer_id}/credit", response={200: CreditOut, **READ_ERRORS})
def customer_credit(request: HttpRequest, customer_id: Id, query: Query[CreditQuery]) -> Any:
    """What the customer owes (its open items), its credit limit (suggested from its
    history, and the one a person set), its risk and the reasons. With `order`: whether what
    it owes plus that order would pass the limit. Only reads: to record the check, POST it
    to `/credit/checks`."""
    customer = _customer(request, customer_id)
    today = timezone.localdate()
    return _out(customer, credit(customer, today, query.order), today)


@router.post("/{customer_id}/credit/checks", auth=WRITE, response={200: CheckOut, **WRITE_ERRORS})
def customer_credit_check(request: HttpRequest, customer_id: Id, data: CheckIn) -> Any:
    """Check an order before accepting it: the answer of `GET .../credit?order=`, and when
    what the customer owes plus the order passes the limit, that is recorded in its dossier
    (`event_id`) and told to the `credit.limit_exceeded` webhook, with the `reference`."""
    customer = _customer(request, customer_id)
    today = timezone.localdate()
    checked = order_check(
        customer, today, data.order, actor=actor(token_of(request)), reference=data.reference
    )
    event = checked.event
    return _out(customer, checked.credit, today) | {"event_id": event.pk if event else None}


def _out(customer: Customer, found: Credit, today: date) -> dict[str, Any]:
    limit_set = found.set_limit
    order = None
    if found.order is not None:
        order = {
            "amount": found.order,
            "exposure_after": found.exposure + found.order,
            "passes_limit": found.passes,
        }
    return {
        "customer": customer.pk,
        "on": today,
        "exposure": found.exposure,
        "limit": {
            "suggested": found.advice.limit,
            "set": None
            if limit_set is None
            else {
                "amount": limit_set.amount,
                "set_by": limit_set.by,
                "set_on": limit_set.on,
                "note": limit_set.note,
            },
            "applies": found.limit,
        },
        "passes_limit": found.exposure > found.limit,
        "room": found.room,
        "risk": {"level": found.advice.risk, "share_late": found.advice.share_late},
        "reasons": [translated(reason) for reason in found.advice.reasons],
        "order": order,
    }
