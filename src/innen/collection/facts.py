"""The ledger as the pure planner sees it: `InvoiceFacts` for a batch of customers.

A handful of set-based queries per batch (customers, open invoices, holds, exclusions,
actions); nothing is asked per invoice, so a run streams through any number of customers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from innen.collection.models import (
    Action,
    ActionStatus,
    CollectionSettings,
    Hold,
    InvoiceExclusion,
)
from innen.collection.policies import PolicyResolver
from innen.dunning.planner import DoneStep, HoldPeriod, HoldReason, InvoiceFacts
from innen.dunning.policy import Policy as DomainPolicy
from innen.ledger.models import Customer, Invoice
from innen.organisations.models import Organisation

# Actions that count as done: a postponed one is decided again once its hold ends.
DONE_STATUSES = (ActionStatus.ACTIVE, ActionStatus.SKIPPED, ActionStatus.CANCELLED)


@dataclass(frozen=True)
class PlannedInvoice:
    facts: InvoiceFacts
    policy_id: int | None
    policy: DomainPolicy | None
    customer_kind: str


@dataclass
class BatchFacts:
    invoices: list[PlannedInvoice]
    # (invoice id, step id) → (action id, status) for every action of these invoices.
    actions: dict[tuple[int, int], tuple[int, str]]


def collection_starts_on(organisation: Organisation) -> date | None:
    settings = CollectionSettings.objects.filter(organisation=organisation).first()
    return settings.starts_on if settings else None


def customer_batches(organisation: Organisation, size: int) -> list[list[int]]:
    """The organisation's customers with something open, in batches of `size`, by id."""
    ids = list(
        Invoice.objects.filter(organisation=organisation)
        .open()
        .order_by("customer_id")
        .values_list("customer_id", flat=True)
        .distinct()
    )
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def _holds(
    customer_ids: Sequence[int],
) -> tuple[dict[int, list[HoldPeriod]], dict[int, list[HoldPeriod]]]:
    by_customer: dict[int, list[HoldPeriod]] = defaultdict(list)
    by_invoice: dict[int, list[HoldPeriod]] = defaultdict(list)
    rows = Hold.objects.filter(customer_id__in=customer_ids).values_list(
        "customer_id", "invoice_id", "starts_on", "ends_on", "reason"
    )
    for customer_id, invoice_id, starts_on, ends_on, reason in rows:
        period = HoldPeriod(starts_on, ends_on, HoldReason(reason))
        (by_invoice[invoice_id] if invoice_id else by_customer[customer_id]).append(period)
    return by_customer, by_invoice


def batch_facts(
    organisation: Organisation,
    customer_ids: Sequence[int],
    resolver: PolicyResolver,
    starts_on: date | None,
) -> BatchFacts:
    customers = {
        c.pk: c
        for c in Customer.objects.filter(organisation=organisation, pk__in=customer_ids).only(
            "id", "kind", "segment"
        )
    }
    own = resolver.settings_for(list(customers))
    invoices = list(
        Invoice.objects.filter(organisation=organisation, customer_id__in=customers)
        .open()
        .order_by("customer_id", "due_date", "id")
        .values_list("id", "customer_id", "due_date", "open_amount")
    )
    invoice_ids = [row[0] for row in invoices]
    excluded = set(
        InvoiceExclusion.objects.filter(invoice_id__in=invoice_ids).values_list(
            "invoice_id", flat=True
        )
    )
    customer_holds, invoice_holds = _holds(list(customers))
    actions: dict[tuple[int, int], tuple[int, str]] = {}
    done: dict[int, list[tuple[int, DoneStep]]] = defaultdict(list)
    postponed: dict[int, list[tuple[int, tuple[int, date]]]] = defaultdict(list)
    for (
        action_id,
        invoice_id,
        step_id,
        scheduled_on,
        decided_on,
        pay_before,
        status,
    ) in Action.objects.filter(invoice_id__in=invoice_ids).values_list(
        "id", "invoice_id", "step_id", "scheduled_on", "decided_on", "pay_before", "status"
    ):
        actions[(invoice_id, step_id)] = (action_id, status)
        step_policy_id, index = resolver.step_position[step_id]
        if status == ActionStatus.POSTPONED:
            postponed[invoice_id].append((step_policy_id, (index, decided_on)))
        if status in DONE_STATUSES:
            done[invoice_id].append(
                (
                    step_policy_id,
                    DoneStep(
                        index,
                        scheduled_on,
                        decided_on,
                        pay_before,
                        skipped=status == ActionStatus.SKIPPED,
                    ),
                )
            )

    planned = []
    for invoice_id, customer_id, due_date, open_amount in invoices:
        customer = customers[customer_id]
        setting = own.get(customer_id)
        policy_id = resolver.policy_id(customer, setting)
        facts = InvoiceFacts(
            invoice_id=invoice_id,
            customer_id=customer_id,
            due_date=due_date,
            open_amount=open_amount,
            excluded=invoice_id in excluded or bool(setting and setting.excluded),
            holds=tuple(customer_holds.get(customer_id, ()))
            + tuple(invoice_holds.get(invoice_id, ())),
            # Steps done under another policy (the customer moved) do not count on this ladder.
            done=tuple(step for pid, step in done.get(invoice_id, ()) if pid == policy_id),
            collection_starts_on=starts_on,
            postponed=tuple(p for pid, p in postponed.get(invoice_id, ()) if pid == policy_id),
        )
        planned.append(
            PlannedInvoice(
                facts,
                policy_id,
                resolver.domain.get(policy_id) if policy_id else None,
                customer.kind,
            )
        )
    return BatchFacts(planned, actions)
