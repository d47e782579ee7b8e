"""The daily collection run: plan (pure), commit (one transaction per batch), deliver (queued).

Exactly once: each batch of customers is planned and committed inside one transaction that
first locks those customers (on PostgreSQL), so a second run for the same day waits and then
finds the work done; the database's uniqueness rule on (invoice, step) is the backstop, and a
batch that hits it is rolled back and planned again. A run killed halfway loses only its open
transaction; running again finishes the job.

A million open invoices make a few hundred thousand actions in one run: the big reads are
plain SQL returning tuples, and on PostgreSQL messages and actions go in with COPY (a run's
actions are never built as model instances there) and two batches are under way at once,
one planning while the other waits for the database. Four modules share the work: this one
orchestrates (visit, plan, record, hand to delivery), `pipeline` keeps two batches under way,
`run_record` builds the messages and records the actions and dossier events, and
`bulk_insert` writes the messages and actions (COPY on PostgreSQL).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from functools import partial

from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from innen.collection.bulk_insert import insert_messages
from innen.collection.facts import (
    BatchFacts,
    PlannedInvoice,
    batch_facts,
    collection_starts_on,
    open_invoices_sql,
    sql_in,
)
from innen.collection.handover import hand_over
from innen.collection.models import (
    Action,
    ActionStatus,
    Message,
    MessageStatus,
    Run,
)
from innen.collection.pending import PENDING, pending_actions, withdraw
from innen.collection.pipeline import each_batch
from innen.collection.policies import PolicyResolver
from innen.collection.run_record import call_only, messages_for, record_actions, record_decisions
from innen.collection.run_summary import RunSummary
from innen.dunning.grouping import MessagePlan, group_messages
from innen.dunning.named import Ladder, letter_customers, name_claims_in_default
from innen.dunning.planner import Decision, DueStep, Waiting, plan_invoice
from innen.dunning.policy import Channel, CustomerKind
from innen.dunning.timing import BEFORE_KNOWN
from innen.ledger.models import Customer, Invoice
from innen.organisations.models import Organisation

BATCH_SIZE = 1000
RETRIES = 8


def customers_to_visit(organisation: Organisation, size: int) -> list[list[int]]:
    """Customers with something open or something pending, in batches of `size`, by id."""
    statuses = ", ".join(["%s"] * len(PENDING))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT o.customer_id FROM ({open_invoices_sql('i.organisation_id = %s')}) o"
            f" UNION SELECT customer_id FROM {Message._meta.db_table}"
            f" WHERE organisation_id = %s AND status IN ({statuses})",
            [organisation.pk, organisation.pk, *(status.value for status in PENDING)],
        )
        ids = sorted(row[0] for row in cursor.fetchall())
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

    def one(customer_ids: list[int]) -> RunSummary:
        batch = partial(_batch, organisation, customer_ids, resolver, starts_on, today, dry_run)
        return with_retries(batch, dry_run)

    for number, part in enumerate(each_batch(one, batches), 1):
        summary.add(part)
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
    starts_on = collection_starts_on(organisation)
    batch = partial(_batch, organisation, customer_ids, resolver, starts_on, today, dry_run)
    return with_retries(batch, dry_run)


def batch_in_transaction(
    organisation: Organisation, customer_ids: list[int], today: date
) -> RunSummary:
    """One batch's work in the caller's transaction (`with_retries` opens one): a split
    run's batch adds its own bookkeeping to the same transaction (`split_run`)."""
    resolver = PolicyResolver(organisation)
    starts_on = collection_starts_on(organisation)
    return _batch(organisation, customer_ids, resolver, starts_on, today, False)


def with_retries(batch: Callable[[], RunSummary], dry_run: bool = False) -> RunSummary:
    """`batch()` in a transaction of its own, again after a conflict; rolled back when dry."""
    for attempt in range(RETRIES):
        try:
            with transaction.atomic():
                part = batch()
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
        customers, params = sql_in("id", customer_ids)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM {Customer._meta.db_table} WHERE {customers}"
                " ORDER BY id FOR UPDATE",
                params,
            )
            cursor.fetchall()


def _batch(
    organisation: Organisation,
    customer_ids: list[int],
    resolver: PolicyResolver,
    starts_on: date | None,
    today: date,
    dry_run: bool,
) -> RunSummary:
    _lock(customer_ids)
    if connection.vendor == "postgresql":
        # A batch asks short, index-driven questions: compiling them (JIT) never pays off.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
    summary = RunSummary(today, organisation.pk, dry_run)
    facts = batch_facts(organisation, customer_ids, resolver, starts_on, barred_by=today)
    summary.withdrawn = _withdraw(facts, customer_ids, today)

    due: list[DueStep] = []
    policy_of: dict[int, object] = {}
    for planned in facts.invoices:
        invoice = planned.facts
        decision = _decide(planned, today)
        if invoice.done:
            summary.actions_already_recorded += sum(
                1 for done in invoice.done if done.sent_on == today
            )
        if not decision.due:
            if decision.skip_reason is not None:
                summary.skipped[decision.skip_reason.value] += 1
        else:
            for item in decision.due:
                if item.skipped_reason:
                    known = item.skipped_reason == BEFORE_KNOWN
                    summary.skipped["before_known" if known else "moment_passed"] += 1
            due.extend(decision.due)
        policy_of[invoice.invoice_id] = planned.policy_id
    summary.actions_planned = summary.actions_already_recorded + len(due)
    _deliver_again(customer_ids, today)
    # Last: recording the decisions locks the organisation's dossier until the commit.
    _commit(organisation, facts, due, policy_of, resolver, today, summary)
    return summary


_KINDS = {kind.value: kind for kind in CustomerKind}


def _decide(planned: PlannedInvoice, today: date) -> Decision:
    """The planner's decision for one invoice today."""
    kind = _KINDS[planned.customer_kind]
    return plan_invoice(planned.facts, planned.policy, today, customer_kind=kind)


def _ladders(facts: BatchFacts, customer_ids: set[int], today: date) -> dict[int, list[Ladder]]:
    """The day's ladders of the customers' open invoices, for the 14-day letters that name
    them: decided again (the planner is pure, so as before), rather than kept for every
    invoice of the batch while most customers get no such letter."""
    ladders: dict[int, list[Ladder]] = {}
    if customer_ids:
        for planned in facts.invoices:
            if planned.facts.customer_id in customer_ids:
                ladder = Ladder(planned.facts, planned.policy, _decide(planned, today))
                ladders.setdefault(planned.facts.customer_id, []).append(ladder)
    return ladders


def _deliver_again(customer_ids: list[int], today: date) -> None:
    """Queue delivery again for messages of earlier days that still wait for it.

    A delivery task lost with its worker must not leave a message waiting for ever: every
    daily run hands what is still queued to delivery once more (delivery checks each message
    and touches only the queued ones, so a second task for one does no harm).
    """
    waiting = list(
        Message.objects.filter(
            customer_id__in=customer_ids, status=MessageStatus.QUEUED, decided_on__lt=today
        )
        .exclude(channels=[Channel.CALL.value])
        .values_list("pk", flat=True)
    )
    if waiting:
        hand_over(waiting)


def _withdraw(facts: BatchFacts, customer_ids: list[int], today: date) -> int:
    open_ids = {p.facts.invoice_id for p in facts.invoices}
    paused = {
        p.facts.invoice_id
        for p in facts.invoices
        if p.facts.excluded or any(h.covers(today) for h in p.facts.holds)
    }
    return withdraw(
        _pending_actions(customer_ids), open_ids=open_ids, paused_ids=paused, today=today
    )


def _pending_actions(customer_ids: list[int]) -> list[tuple[int, int, int]]:
    """`pending.pending_actions`; on PostgreSQL looked up invoice by invoice.

    A run adds actions by the hundred thousand: statistics taken before it would have the
    planner scan them all for every batch. Looking them up by invoice (OFFSET 0 keeps the
    subquery apart) costs a few index probes per invoice, whatever the statistics say.
    """
    if connection.vendor != "postgresql":
        return pending_actions(customer_ids)
    customers, params = sql_in("i.customer_id", customer_ids)
    statuses = ", ".join(["%s"] * len(PENDING))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.id, p.invoice_id, p.message_id FROM {Invoice._meta.db_table} i"
            " CROSS JOIN LATERAL ("
            f"SELECT a.id, a.invoice_id, a.message_id FROM {Action._meta.db_table} a"
            f" JOIN {Message._meta.db_table} m ON m.id = a.message_id"
            f" WHERE a.invoice_id = i.id AND a.status = %s AND m.status IN ({statuses})"
            " OFFSET 0) p"
            f" WHERE {customers}",
            [ActionStatus.ACTIVE.value, *(status.value for status in PENDING), *params],
        )
        rows: list[tuple[int, int, int]] = cursor.fetchall()
        return rows


def _commit(
    organisation: Organisation,
    facts: BatchFacts,
    due: list[DueStep],
    policy_of: dict[int, object],
    resolver: PolicyResolver,
    today: date,
    summary: RunSummary,
) -> None:
    """Record the batch's decisions: its messages, its actions, their dossier events.

    One message per customer a day (`dunning.grouping`): steps the spacing between messages
    holds back are not recorded; they are due again on the first day it allows. A consumer's
    14-day letter names her other claims in default, at their own 14-day step (`named`)."""
    grouped = group_messages(
        due, today, last_message_on=facts.last_message_on, min_days=facts.min_days
    )
    if grouped.held:
        summary.skipped["spacing"] += len(grouped.held)
    ladders = _ladders(facts, letter_customers(grouped.messages), today)
    plans, passed = name_claims_in_default(grouped.messages, ladders, today)
    if passed:
        summary.skipped["named_in_letter"] += len(passed)
    summary.actions_planned += _count(plans) + len(passed) - _count(grouped.messages)
    messages = messages_for(organisation, plans, policy_of, resolver, today, summary)
    insert_messages(list(messages.values()))
    to_record = [item for plan in plans for item in plan.items]
    to_record += [item for item in due if item.skipped_reason] + passed
    summary.actions_recorded = record_actions(
        organisation, facts.actions, messages, to_record, policy_of, resolver, today
    )
    to_deliver = [
        m.pk for m in messages.values() if m.status == MessageStatus.QUEUED and not call_only(m)
    ]
    if to_deliver:
        hand_over(to_deliver)
    record_decisions(organisation, messages, plans, today)


def _count(plans: tuple[MessagePlan, ...]) -> int:
    return sum(len(plan.items) for plan in plans)


__all__ = ["RunSummary", "Waiting", "run_batch", "run_collection"]
