"""What the daily run writes for a batch's decisions: its messages, actions and dossier events.

The run (`run`) plans and groups; this builds the day's messages (one per customer, and a call
task), records each invoice's action at its own step in its message (`bulk_insert`: COPY on
PostgreSQL), and one dossier event per message decided.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection

from innen.collection.bulk_insert import ACTION_FIELDS, REDECIDED_FIELDS, insert_actions
from innen.collection.facts import sql_in
from innen.collection.models import Action, ActionStatus, Message, MessageStatus
from innen.collection.policies import PolicyResolver
from innen.collection.run_summary import RunSummary
from innen.dossier.models import EventKind
from innen.dossier.record import NewEvent, append_many
from innen.dunning.grouping import MessagePlan
from innen.dunning.planner import DueStep
from innen.dunning.policy import Channel, Step
from innen.dunning.timing import term_end
from innen.ledger.models import Invoice
from innen.organisations.models import Organisation

# A day's message to a customer: (customer id, is a call task); see `dunning.grouping`.
MessageKey = tuple[int, bool]


def _key(item: DueStep) -> MessageKey:
    return item.customer_id, item.step.is_call_only


def messages_for(
    organisation: Organisation,
    plans: tuple[MessagePlan, ...],
    policy_of: dict[int, object],
    resolver: PolicyResolver,
    today: date,
    summary: RunSummary,
) -> dict[MessageKey, Message]:
    """One message per customer (and a call task), counted in `summary`; not yet saved.

    The strictest step sets the letter; the message asks for payment before the latest term
    its steps give, counted from the day it goes out."""
    messages: dict[MessageKey, Message] = {}
    terms_of: dict[Step, date | None] = {}  # a batch's steps are few: each term counted once
    for plan in plans:
        strictest = plan.strictest
        step = strictest.step
        call_only = step.is_call_only
        if any(item.step.needs_approval for item in plan.items):
            status = MessageStatus.AWAITING_APPROVAL
            summary.awaiting_approval += 1
        else:
            status = MessageStatus.QUEUED
            if not call_only:
                summary.messages_queued += 1
        if Channel.CALL in step.channels:
            summary.call_tasks += 1
        terms = []
        for item in plan.items:
            if item.step not in terms_of:
                terms_of[item.step] = term_end(item.step, today)
            terms.append(terms_of[item.step])
        step_id = resolver.step_id[(policy_of[strictest.invoice_id], strictest.index)]  # type: ignore[index]
        messages[(plan.customer_id, call_only)] = Message(
            organisation=organisation,
            customer_id=plan.customer_id,
            step_id=step_id,
            kind=step.kind.value,
            channels=sorted(channel.value for channel in step.channels),
            decided_on=today,
            # What the customer reads counts from the day it goes out, not the day it was due.
            pay_before=max((day for day in terms if day is not None), default=None),
            status=status,
            is_call_task=Channel.CALL in step.channels,
        )
    return messages


def record_actions(
    organisation: Organisation,
    recorded: dict[tuple[int, int], tuple[int, str]],
    messages: dict[MessageKey, Message],
    due: list[DueStep],
    policy_of: dict[int, object],
    resolver: PolicyResolver,
    today: date,
) -> int:
    """Insert the new actions and decide postponed ones again; how many were recorded.

    Each invoice's action is at its own step (its ladder counts on), in its day's message.
    `recorded` holds the batch's actions already in the database, by invoice and step."""
    new_actions: list[tuple[Any, ...]] = []
    reopened = []
    for item in due:
        policy_id = policy_of[item.invoice_id]
        step_id = resolver.step_id[(policy_id, item.index)]  # type: ignore[index]
        message = None if item.skipped_reason else messages[_key(item)]
        # In the order of ACTION_FIELDS.
        values = (
            organisation.pk,
            item.invoice_id,
            step_id,
            None if message is None else message.pk,
            item.step.kind.value,
            item.scheduled_on,
            today,
            item.pay_before,
            item.open_amount,
            item.claims_costs,
            item.claims_interest,
            (ActionStatus.SKIPPED if item.skipped_reason else ActionStatus.ACTIVE).value,
            item.skipped_reason,
        )
        existing = recorded.get((item.invoice_id, step_id))
        if existing is None:
            new_actions.append(values)
        else:
            reopened.append(Action(pk=existing[0], **dict(zip(ACTION_FIELDS, values, strict=True))))
    # No ignore_conflicts: a conflict means another run got here first, and this batch must
    # roll back and plan again rather than send a message for steps it did not record.
    insert_actions(new_actions)
    if reopened:
        Action.objects.bulk_update(reopened, REDECIDED_FIELDS)
    return len(new_actions) + len(reopened)


def record_decisions(
    organisation: Organisation,
    messages: dict[MessageKey, Message],
    plans: tuple[MessagePlan, ...],
    today: date,
) -> None:
    """One dossier event per message decided, naming its invoices, each with its step."""
    if not messages:
        return
    numbers = _invoice_numbers([item.invoice_id for plan in plans for item in plan.items])
    events = []
    for plan in plans:
        message = messages[(plan.customer_id, plan.is_call_task)]
        steps = {numbers[item.invoice_id]: item.step.kind.value for item in plan.items}
        events.append(
            NewEvent(
                EventKind.MESSAGE_DECIDED,
                today,
                customer_id=message.customer_id,
                payload={
                    "message": message.pk,
                    "step_kind": message.kind,
                    "channels": list(message.channels),
                    "status": message.status,
                    "pay_before": message.pay_before.isoformat() if message.pay_before else None,
                    "invoices": sorted(steps),
                    "invoice_steps": dict(sorted(steps.items())),
                },
            )
        )
    append_many(organisation.pk, events)


def _invoice_numbers(invoice_ids: list[int]) -> dict[int, str]:
    where, params = sql_in("id", invoice_ids)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, number FROM {Invoice._meta.db_table} WHERE {where}", params)
        return dict(cursor.fetchall())


def call_only(message: Message) -> bool:
    channels: list[str] = message.channels
    return channels == [Channel.CALL.value]
