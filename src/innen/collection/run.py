"""The daily collection run: plan (pure), commit (one transaction per batch), deliver (queued).

Exactly once: each batch of customers is planned and committed inside one transaction that
first locks those customers (on PostgreSQL), so a second run for the same day waits and then
finds the work done; the database's uniqueness rule on (invoice, step) is the backstop, and a
batch that hits it is rolled back and planned again. A run killed halfway loses only its open
transaction; running again finishes the job.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from innen.collection.facts import BatchFacts, batch_facts, collection_starts_on
from innen.collection.models import (
    Action,
    ActionStatus,
    Message,
    MessageStatus,
    Run,
)
from innen.collection.pending import PENDING, pending_actions, withdraw
from innen.collection.policies import PolicyResolver
from innen.dunning.planner import DueStep, Waiting, group_messages, plan_invoice, term_end
from innen.dunning.policy import Channel, CustomerKind
from innen.ledger.models import Customer, Invoice
from innen.organisations.models import Organisation

BATCH_SIZE = 1000
RETRIES = 8


@dataclass
class RunSummary:
    date: date
    organisation: int
    dry_run: bool = False
    actions_planned: int = 0
    actions_recorded: int = 0
    actions_already_recorded: int = 0
    messages_queued: int = 0
    call_tasks: int = 0
    awaiting_approval: int = 0
    withdrawn: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def add(self, other: RunSummary) -> None:
        for name in (
            "actions_planned",
            "actions_recorded",
            "actions_already_recorded",
            "messages_queued",
            "call_tasks",
            "awaiting_approval",
            "withdrawn",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.skipped.update(other.skipped)

    def as_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "organisation": self.organisation,
            "dry_run": self.dry_run,
            "actions_planned": self.actions_planned,
            "actions_recorded": self.actions_recorded,
            "actions_already_recorded": self.actions_already_recorded,
            "messages_queued": self.messages_queued,
            "call_tasks": self.call_tasks,
            "awaiting_approval": self.awaiting_approval,
            "withdrawn": self.withdrawn,
            "skipped": dict(sorted(self.skipped.items())),
        }


def customers_to_visit(organisation: Organisation, size: int) -> list[list[int]]:
    """Customers with something open or something pending, in batches of `size`, by id."""
    open_customers = set(
        Invoice.objects.filter(organisation=organisation)
        .open()
        .values_list("customer_id", flat=True)
        .distinct()
    )
    pending = set(
        Message.objects.filter(organisation=organisation, status__in=PENDING)
        .values_list("customer_id", flat=True)
        .distinct()
    )
    ids = sorted(open_customers | pending)
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def run_collection(
    organisation: Organisation,
    today: date,
    *,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
) -> RunSummary:
    """Run collection for `organisation` as on `today`; see the module docstring."""
    resolver = PolicyResolver(organisation)
    starts_on = collection_starts_on(organisation)
    summary = RunSummary(today, organisation.pk, dry_run)
    run = None if dry_run else Run.objects.create(organisation=organisation, run_date=today)
    batches = customers_to_visit(organisation, batch_size)
    for number, customer_ids in enumerate(batches, 1):
        summary.add(
            _batch_with_retries(organisation, customer_ids, resolver, starts_on, today, dry_run)
        )
        if progress is not None:
            progress(number, len(batches))
    if run is not None:
        run.finished_at = timezone.now()
        run.summary = summary.as_json()
        run.save(update_fields=["finished_at", "summary"])
    return summary


def run_batch(
    organisation: Organisation, customer_ids: list[int], today: date, *, dry_run: bool = False
) -> RunSummary:
    """One batch on its own: what a background worker does with its share of a run."""
    resolver = PolicyResolver(organisation)
    return _batch_with_retries(
        organisation, customer_ids, resolver, collection_starts_on(organisation), today, dry_run
    )


def _batch_with_retries(
    organisation: Organisation,
    customer_ids: list[int],
    resolver: PolicyResolver,
    starts_on: date | None,
    today: date,
    dry_run: bool,
) -> RunSummary:
    for attempt in range(RETRIES):
        try:
            with transaction.atomic():
                part = _batch(organisation, customer_ids, resolver, starts_on, today, dry_run)
                if dry_run:
                    transaction.set_rollback(True)
            return part
        except (IntegrityError, OperationalError):
            # Another run recorded some of these steps first (or SQLite was busy): the
            # batch was rolled back whole; plan it again against what is there now.
            if attempt == RETRIES - 1:
                raise
            time.sleep(0.05 * 2**attempt)
    raise AssertionError("unreachable")


def _lock(customer_ids: list[int]) -> None:
    if connection.features.has_select_for_update:
        list(
            Customer.objects.select_for_update()
            .filter(pk__in=customer_ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )


def _batch(
    organisation: Organisation,
    customer_ids: list[int],
    resolver: PolicyResolver,
    starts_on: date | None,
    today: date,
    dry_run: bool,
) -> RunSummary:
    _lock(customer_ids)
    summary = RunSummary(today, organisation.pk, dry_run)
    facts = batch_facts(organisation, customer_ids, resolver, starts_on)
    summary.withdrawn = _withdraw(facts, customer_ids, today)

    due: list[DueStep] = []
    policy_of: dict[int, object] = {}
    for planned in facts.invoices:
        decision = plan_invoice(
            planned.facts, planned.policy, today, customer_kind=CustomerKind(planned.customer_kind)
        )
        summary.actions_already_recorded += sum(
            1 for done in planned.facts.done if done.sent_on == today
        )
        if decision.skip_reason is not None:
            summary.skipped[decision.skip_reason.value] += 1
        for item in decision.due:
            if item.skipped_reason:
                summary.skipped["moment_passed"] += 1
        due.extend(decision.due)
        policy_of[planned.facts.invoice_id] = planned.policy_id
    summary.actions_planned = summary.actions_already_recorded + len(due)
    _commit(organisation, facts, due, policy_of, resolver, today, summary)
    return summary


def _withdraw(facts: BatchFacts, customer_ids: list[int], today: date) -> int:
    open_ids = {p.facts.invoice_id for p in facts.invoices}
    paused = {
        p.facts.invoice_id
        for p in facts.invoices
        if p.facts.excluded or any(h.covers(today) for h in p.facts.holds)
    }
    return withdraw(pending_actions(customer_ids), open_ids=open_ids, paused_ids=paused)


def _commit(
    organisation: Organisation,
    facts: BatchFacts,
    due: list[DueStep],
    policy_of: dict[int, object],
    resolver: PolicyResolver,
    today: date,
    summary: RunSummary,
) -> None:
    messages: dict[tuple[int, object, int], Message] = {}
    for group in group_messages(due, policy_of):
        policy_id = policy_of[group.items[0].invoice_id]
        step = group.step
        call_only = step.is_call_only
        if step.needs_approval:
            status = MessageStatus.AWAITING_APPROVAL
            summary.awaiting_approval += 1
        else:
            status = MessageStatus.QUEUED
            if not call_only:
                summary.messages_queued += 1
        if Channel.CALL in step.channels:
            summary.call_tasks += 1
        messages[(group.customer_id, policy_id, group.index)] = Message(
            organisation=organisation,
            customer_id=group.customer_id,
            step_id=resolver.step_id[(policy_id, group.index)],  # type: ignore[index]
            kind=step.kind.value,
            channels=sorted(channel.value for channel in step.channels),
            decided_on=today,
            # What the customer reads counts from the day it goes out, not the day it was due.
            pay_before=term_end(step, today),
            status=status,
            is_call_task=Channel.CALL in step.channels,
        )
    Message.objects.bulk_create(list(messages.values()))

    new_actions, reopened = [], []
    for item in due:
        policy_id = policy_of[item.invoice_id]
        step_id = resolver.step_id[(policy_id, item.index)]  # type: ignore[index]
        message = (
            None if item.skipped_reason else messages[(item.customer_id, policy_id, item.index)]
        )
        action = Action(
            organisation=organisation,
            invoice_id=item.invoice_id,
            step_id=step_id,
            message=message,
            kind=item.step.kind.value,
            scheduled_on=item.scheduled_on,
            decided_on=today,
            pay_before=item.pay_before,
            open_amount=item.open_amount,
            claims_costs=item.claims_costs,
            claims_interest=item.claims_interest,
            status=ActionStatus.SKIPPED if item.skipped_reason else ActionStatus.ACTIVE,
            reason=item.skipped_reason,
        )
        existing = facts.actions.get((item.invoice_id, step_id))
        if existing is None:
            new_actions.append(action)
        else:
            action.pk = existing[0]
            reopened.append(action)
    # No ignore_conflicts: a conflict means another run got here first, and this batch must
    # roll back and plan again rather than send a message for steps it did not record.
    Action.objects.bulk_create(new_actions, batch_size=2000)
    if reopened:
        Action.objects.bulk_update(
            reopened,
            [
                "message",
                "scheduled_on",
                "decided_on",
                "pay_before",
                "open_amount",
                "claims_costs",
                "claims_interest",
                "status",
                "reason",
            ],
        )
    summary.actions_recorded = len(new_actions) + len(reopened)

    to_deliver = [
        m.pk for m in messages.values() if m.status == MessageStatus.QUEUED and not _call_only(m)
    ]
    if to_deliver:
        from innen.collection.tasks import deliver_messages

        deliver_messages.enqueue(to_deliver)


def _call_only(message: Message) -> bool:
    return message.channels == [Channel.CALL.value]


def summary_line(summary: RunSummary) -> str:
    skipped = ", ".join(f"{k} {v}" for k, v in sorted(summary.skipped.items())) or "none"
    return (
        f"{summary.date}: {summary.actions_recorded} new actions "
        f"({summary.actions_already_recorded} already recorded), "
        f"{summary.messages_queued} messages queued, {summary.call_tasks} call tasks, "
        f"{summary.awaiting_approval} awaiting approval, skipped: {skipped}"
    )


__all__ = ["RunSummary", "Waiting", "run_batch", "run_collection", "summary_line"]
