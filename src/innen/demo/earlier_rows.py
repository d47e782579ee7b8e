"""Write the demo's earlier reminders (`earlier`) as the run writes its own: messages, actions
and their dossier events, dated on their day."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from innen.collection.models import Action, ActionStatus, Message, MessageStatus, Policy
from innen.collection.policies import policy_to_domain
from innen.demo import replay
from innen.demo.earlier import PaidInvoice, Planned, earlier_messages
from innen.demo.facts import Demo
from innen.dossier.models import EventKind
from innen.dossier.record import NewEvent
from innen.dunning import policy as dunning_policy
from innen.dunning.timing import term_end
from innen.ledger.models import Customer, Invoice
from innen.organisations.models import Organisation

# A dossier event with the day it belongs to and its place among that day's events.
DayEvent = tuple[date, int, NewEvent]
AFTER_THE_LEDGER = 3  # a day's run comes after that day's invoices, credit notes and payments


def earlier_reminders_write(organisation: Organisation, demo: Demo, until: date) -> list[DayEvent]:
    """Write the messages and actions of the default ladders before `until` for the invoices
    paid late or still open; returns their dossier events, for the loader to record in day order
    among the ledger's."""
    ladders = _default_ladders(organisation)
    kinds = dict(Customer.objects.filter(organisation=organisation).values_list("pk", "kind"))
    plans: list[tuple[Planned, dunning_policy.Policy, list[int]]] = []
    for customer_id, invoices in _due_before(organisation, demo, until).items():
        ladder, step_ids = ladders[kinds[customer_id]]
        plans += [(plan, ladder, step_ids) for plan in earlier_messages(invoices, ladder, until)]
    Message.objects.bulk_create(_message(organisation, *plan) for plan in plans)
    messages = {
        (m.customer_id, m.decided_on, m.is_call_task): m
        for m in Message.objects.filter(
            organisation=organisation, decided_on__lt=until
        ).select_related("step")
    }
    Action.objects.bulk_create(
        _action(
            organisation,
            messages[(plan.customer_id, plan.day, plan.is_call)],
            item,
            ladder,
            step_ids,
        )
        for plan, ladder, step_ids in plans
        for item in plan.items
    )
    events: list[DayEvent] = []
    for plan, ladder, _ in plans:
        message = messages[(plan.customer_id, plan.day, plan.is_call)]
        steps = {invoice.number: ladder.steps[index].kind.value for invoice, index in plan.items}
        events.append((plan.day, AFTER_THE_LEDGER, decided_event(message, steps)))
        if not plan.is_call:
            events.append((plan.day, AFTER_THE_LEDGER, sent_event(message, sorted(steps))))
    return events


def _default_ladders(
    organisation: Organisation,
) -> dict[str, tuple[dunning_policy.Policy, list[int]]]:
    """Per customer kind: its default policy and the ids of its steps, in order."""
    return {
        policy.customer_kind: (
            policy_to_domain(policy),
            [step.pk for step in sorted(policy.steps.all(), key=lambda s: s.position)],
        )
        for policy in Policy.objects.filter(organisation=organisation, is_default=True)
    }


def _due_before(
    organisation: Organisation, demo: Demo, until: date
) -> dict[int, list[PaidInvoice]]:
    """Per customer id, its invoices due before `until`, with their payments (settled on
    `date.max` while open)."""
    parts: dict[str, list[tuple[date, Decimal]]] = defaultdict(list)
    for allocation in replay.allocations(demo):
        parts[allocation.invoice_number].append((allocation.date, allocation.amount))
    found: dict[int, list[PaidInvoice]] = defaultdict(list)
    rows = Invoice.objects.filter(organisation=organisation, due_date__lt=until).values_list(
        "pk", "customer_id", "number", "due_date", "total"
    )
    for pk, customer_id, number, due, total in rows:
        paid = tuple(sorted(parts.get(number, [])))
        settled = _settled_on(total, paid) or date.max
        found[customer_id].append(PaidInvoice(pk, customer_id, number, due, settled, total, paid))
    return found


def _settled_on(total: Decimal, parts: Sequence[tuple[date, Decimal]]) -> date | None:
    paid = Decimal(0)
    for day, amount in parts:
        paid += amount
        if paid >= total:
            return day
    return None


def _message(
    organisation: Organisation, plan: Planned, ladder: dunning_policy.Policy, step_ids: list[int]
) -> Message:
    index = plan.strictest(ladder)
    step = ladder.steps[index]
    return Message(
        organisation=organisation,
        customer_id=plan.customer_id,
        step_id=step_ids[index],
        kind=step.kind.value,
        channels=sorted(channel.value for channel in step.channels),
        decided_on=plan.day,
        pay_before=None if plan.is_call else term_end(step, plan.day),
        status=MessageStatus.DONE if plan.is_call else MessageStatus.SENT,
        is_call_task=plan.is_call,
    )


def _action(
    organisation: Organisation,
    message: Message,
    item: tuple[PaidInvoice, int],
    ladder: dunning_policy.Policy,
    step_ids: list[int],
) -> Action:
    invoice, index = item
    step = ladder.steps[index]
    return Action(
        organisation=organisation,
        invoice_id=invoice.invoice_id,
        step_id=step_ids[index],
        message=message,
        kind=step.kind.value,
        scheduled_on=message.decided_on,
        decided_on=message.decided_on,
        pay_before=term_end(step, message.decided_on),
        open_amount=invoice.open_on(message.decided_on),
        claims_costs=step.claims_costs,
        claims_interest=step.claims_interest,
        status=ActionStatus.ACTIVE,
    )


def decided_event(message: Message, steps: dict[str, str]) -> NewEvent:
    """The event the run records for a message it decided (`run_record.record_decisions`)."""
    return NewEvent(
        EventKind.MESSAGE_DECIDED,
        message.decided_on,
        customer_id=message.customer_id,
        payload={
            "message": message.pk,
            "step_kind": message.kind,
            "channels": list(message.channels),
            "status": MessageStatus.QUEUED.value,
            "pay_before": message.pay_before.isoformat() if message.pay_before else None,
            "invoices": sorted(steps),
            "invoice_steps": dict(sorted(steps.items())),
        },
    )


def sent_event(message: Any, invoices: list[str]) -> NewEvent:
    """A message of the demo's past, recorded as sent on its day; no document was made."""
    return NewEvent(
        EventKind.MESSAGE_SENT,
        message.decided_on,
        customer_id=message.customer_id,
        payload={
            "message": message.pk,
            "step": message.step.name,
            "step_kind": message.kind,
            "channel": ", ".join(message.channels),
            "invoices": invoices,
            "note": "demo history: recorded as sent, no document was rendered",
            "documents": [],
        },
    )
