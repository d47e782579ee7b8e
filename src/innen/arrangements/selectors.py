"""Reads about arrangements for the portal, the worklist and the desk."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from innen.arrangements.models import (
    Dispute,
    PaymentPlan,
    PlanStatus,
    Promise,
)
from innen.ledger.models import Customer
from innen.organisations.models import Organisation

PORTAL_LIMIT = 20  # arrangements shown in the portal, newest first


def promise_list_for_customer(*, customer: Customer) -> list[Promise]:
    return list(
        Promise.objects.filter(customer=customer).prefetch_related("invoices")[:PORTAL_LIMIT]
    )


def plan_list_for_customer(*, customer: Customer) -> list[PaymentPlan]:
    return list(
        PaymentPlan.objects.filter(customer=customer).prefetch_related("invoices", "instalments")[
            :PORTAL_LIMIT
        ]
    )


def dispute_list_for_customer(*, customer: Customer) -> list[Dispute]:
    return list(
        Dispute.objects.filter(customer=customer).prefetch_related("invoices", "answers")[
            :PORTAL_LIMIT
        ]
    )


def plan_list_to_decide(*, organisation: Organisation) -> QuerySet[PaymentPlan]:
    """Proposed plans outside the rules, oldest first: each waits for a controller."""
    return (
        PaymentPlan.objects.filter(organisation=organisation, status=PlanStatus.PROPOSED)
        .select_related("customer")
        .prefetch_related("invoices")
        .order_by("proposed_on", "pk")
    )


def dispute_by_hold(*, organisation: Organisation, hold_ids: Iterable[int]) -> dict[int, Dispute]:
    """The portal dispute behind each of the dispute holds `hold_ids` (those that have one)."""
    through = Dispute.holds.through
    rows = through.objects.filter(
        organisation=organisation, hold_id__in=list(hold_ids)
    ).values_list("hold_id", "dispute_id")
    pairs = list(rows)
    disputes = Dispute.objects.in_bulk([dispute_id for _, dispute_id in pairs])
    return {hold_id: disputes[dispute_id] for hold_id, dispute_id in pairs}


def dispute_for_desk(*, organisation: Organisation, pk: int) -> QuerySet[Dispute]:
    return Dispute.objects.filter(organisation=organisation, pk=pk).prefetch_related(
        "invoices", Prefetch("answers")
    )
