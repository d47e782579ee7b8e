"""The ledger as the pure planner sees it: `InvoiceFacts` for a batch of customers.

A handful of set-based queries per batch (customers, open invoices, holds, exclusions,
actions); nothing is asked per invoice, so a run streams through any number of customers.
The big ones are plain SQL returning tuples: open amounts sum an invoice's allocations once
(not once per kind, and again to filter), and a batch's ids go to PostgreSQL as one array
parameter.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from innen.collection.models import (
    Action,
    ActionStatus,
    CollectionSettings,
    CustomerBehaviour,
    CustomerCollection,
    ExperimentGroup,
    Hold,
    InvoiceExclusion,
    Message,
    MessageStatus,
)
from innen.collection.policies import PolicyResolver
from innen.dunning.planner import DoneStep, InvoiceFacts
from innen.dunning.policy import Policy as DomainPolicy
from innen.dunning.timing import HoldPeriod, HoldReason
from innen.ledger.limitation import could_be_barred_due_before, limitations, supplies
from innen.ledger.models import Allocation, AllocationKind, Customer, CustomerKind, Invoice
from innen.money import round_cents
from innen.organisations.models import Organisation

# Actions that count as done: a postponed one is decided again once its hold ends.
# A failed step is done but not sent: it is not decided again (the controller resolves it),
# and nothing that needs it to have reached the customer (a consumer's costs) follows from it.
DONE_STATUSES = (
    ActionStatus.ACTIVE,
    ActionStatus.SKIPPED,
    ActionStatus.CANCELLED,
    ActionStatus.FAILED,
)
NOT_SENT_STATUSES = (ActionStatus.SKIPPED, ActionStatus.FAILED)


def sql_in(column: str, values: Collection[int]) -> tuple[str, list[Any]]:
    """SQL for "`column` is one of `values`" and its parameters.

    On PostgreSQL one array parameter (cheap to send, parse and plan for thousands of ids);
    elsewhere a parameter per value.
    """
    if not values:
        return "1 = 0", []
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s::bigint[])", ["{" + ",".join(map(str, values)) + "}"]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


# What an invoice still owes, as `InvoiceQuerySet.with_balance` has it: the total less its
# allocations, rounded to cents (SQLite adds decimals in floating point).
OPEN_AMOUNT = "ROUND(i.total - COALESCE(SUM(a.amount), 0), 2)"
OPEN_AMOUNT_PER_INVOICE = "ROUND(i.total - COALESCE(a.amount, 0), 2)"


def _kinds() -> str:
    return ", ".join(f"'{kind}'" for kind in AllocationKind.values)


def open_invoices_sql(where: str) -> str:
    """SELECT id, customer id, due date, open amount and creation time of the open invoices
    `i` `where`.

    One join with the allocations, grouped: for many invoices at once (a whole organisation).
    """
    kinds = _kinds()
    return (
        f"SELECT i.id, i.customer_id, i.due_date, {OPEN_AMOUNT} AS open_amount, i.created_at"
        f" FROM {Invoice._meta.db_table} i"
        f" LEFT JOIN {Allocation._meta.db_table} a ON a.invoice_id = i.id AND a.kind IN ({kinds})"
        f" WHERE {where}"
        " GROUP BY i.id, i.customer_id, i.due_date, i.total, i.created_at"
        f" HAVING {OPEN_AMOUNT} > 0"
    )


def _money(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    # SQLite hands back a float (already rounded to cents in SQL).
    return round_cents(Decimal(str(value)))


def open_invoices(
    organisation: Organisation, customer_ids: Collection[int]
) -> list[tuple[int, int, date, Decimal, date]]:
    """(id, customer id, due date, open amount, the day innen knew it) of the customers' open
    invoices, in order. The day innen knew an invoice is the local date it was created."""
    customers, params = sql_in("i.customer_id", customer_ids)
    where = f"i.organisation_id = %s AND {customers}"
    if connection.vendor == "postgresql":
        # A batch's invoices, each summing its own allocations through the index: the planner
        # would otherwise read (and hash) every allocation there is, for every batch. The day
        # innen knew each comes as a date: reading a moment per row costs more than the rest.
        zone = _zone_name()
        known = "(i.created_at AT TIME ZONE %s)::date" if zone else "i.created_at"
        sql = (
            f"SELECT i.id, i.customer_id, i.due_date, {OPEN_AMOUNT_PER_INVOICE} AS open_amount,"
            f" {known}"
            f" FROM {Invoice._meta.db_table} i LEFT JOIN LATERAL ("
            f"SELECT SUM(amount) AS amount FROM {Allocation._meta.db_table}"
            f" WHERE invoice_id = i.id AND kind IN ({_kinds()})) a ON true"
            f" WHERE {where} AND {OPEN_AMOUNT_PER_INVOICE} > 0"
        )
        params = [zone, organisation.pk, *params] if zone else [organisation.pk, *params]
    else:
        sql = open_invoices_sql(where)
        params = [organisation.pk, *params]
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} ORDER BY i.customer_id, i.due_date, i.id", params)
        rows = cursor.fetchall()
    known_on = _local_dates({row[4] for row in rows})
    # psycopg reads numeric as Decimal already; SQLite hands back floats.
    return [
        (pk, customer, due, _money(amount), known_on[created])
        for pk, customer, due, amount, created in rows
    ]


def _zone_name() -> str | None:
    """The name of the zone local dates are in, as PostgreSQL knows it (None: not named)."""
    key: str | None = getattr(timezone.get_current_timezone(), "key", None)
    return key


def _local_dates(moments: set[Any]) -> dict[Any, date]:
    """Each moment's local date (an import creates its invoices within moments of each other,
    so there are few to convert). SQLite hands back text, PostgreSQL the date itself (or an
    aware datetime, in a zone without a name)."""
    result = {}
    for moment in moments:
        if type(moment) is date:  # already the local date (PostgreSQL)
            result[moment] = moment
            continue
        value = moment
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if timezone.is_naive(value):
            value = timezone.make_aware(value, UTC)
        result[moment] = timezone.localdate(value)
    return result


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
    # customer id → the day of the last message the customer got (for the spacing rule).
    last_message_on: dict[int, date] = field(default_factory=dict)
    # customer id → their policy's days between messages.
    min_days: dict[int, int] = field(default_factory=dict)


def collection_starts_on(organisation: Organisation) -> date | None:
    settings = CollectionSettings.objects.filter(organisation=organisation).first()
    return settings.starts_on if settings else None


def _holds(
    customer_ids: Sequence[int],
) -> tuple[dict[int, list[HoldPeriod]], dict[int, list[HoldPeriod]]]:
    by_customer: dict[int, list[HoldPeriod]] = defaultdict(list)
    by_invoice: dict[int, list[HoldPeriod]] = defaultdict(list)
    customers, params = sql_in("customer_id", customer_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT customer_id, invoice_id, starts_on, ends_on, reason"
            f" FROM {Hold._meta.db_table} WHERE {customers}"
            " ORDER BY starts_on DESC",  # as Hold.Meta.ordering
            params,
        )
        rows = cursor.fetchall()
    for customer_id, invoice_id, starts_on, ends_on, reason in rows:
        period = HoldPeriod(starts_on, ends_on, HoldReason(reason))
        (by_invoice[invoice_id] if invoice_id else by_customer[customer_id]).append(period)
    return by_customer, by_invoice


_CustomerFacts = tuple[int | None, DomainPolicy | None, str, bool, tuple[HoldPeriod, ...]]
_Done = dict[int, list[tuple[int, DoneStep]]]
_Postponed = dict[int, list[tuple[int, tuple[int, date]]]]


def batch_facts(
    organisation: Organisation,
    customer_ids: Sequence[int],
    resolver: PolicyResolver,
    starts_on: date | None,
    *,
    barred_by: date | None = None,
) -> BatchFacts:
    """The facts of the customers' open invoices; with `barred_by`, each consumer's invoice
    that could be time-barred by that day says from when (`InvoiceFacts.barred_from`)."""
    customers = _customers(organisation, customer_ids)
    invoices = open_invoices(organisation, list(customers))
    excluded, action_rows = _exclusions_and_actions(organisation, [row[0] for row in invoices])
    customer_holds, invoice_holds = _holds(list(customers))
    actions, done, postponed = _steps_taken(action_rows, resolver)
    by_customer = _customer_facts(customers, resolver, customer_holds)
    barred = _barred_from(invoices, customers, barred_by)
    planned = []
    for invoice_id, customer_id, due_date, open_amount, known_on in invoices:
        policy_id, policy, kind, customer_excluded, holds = by_customer[customer_id]
        own_holds = invoice_holds.get(invoice_id)
        invoice_done = done.get(invoice_id)
        invoice_postponed = postponed.get(invoice_id)
        facts = InvoiceFacts(
            invoice_id=invoice_id,
            customer_id=customer_id,
            due_date=due_date,
            open_amount=open_amount,
            excluded=customer_excluded or invoice_id in excluded,
            holds=holds + tuple(own_holds) if own_holds else holds,
            # Steps done under another policy (the customer moved) do not count on this ladder.
            done=_on_ladder(invoice_done, policy_id) if invoice_done else (),
            collection_starts_on=starts_on,
            postponed=_on_ladder(invoice_postponed, policy_id) if invoice_postponed else (),
            known_on=known_on,
            barred_from=barred.get(invoice_id),
        )
        planned.append(PlannedInvoice(facts, policy_id, policy, kind))
    min_days = {
        customer_id: facts[1].min_days_between_messages
        for customer_id, facts in by_customer.items()
        if facts[1] is not None
    }
    return BatchFacts(planned, actions, last_messages(list(customers)), min_days)


def _on_ladder(steps: list[tuple[int, Any]], policy_id: int | None) -> tuple[Any, ...]:
    """The steps taken on the policy's ladder (not under a policy the customer left)."""
    return tuple(step for pid, step in steps if pid == policy_id)


# A customer as the run sees her: kind, segment, own policy (None: none), excluded, behaviour,
# in the experiment's control group.
_Customer = tuple[str, str, int | None, bool, str, bool]


def _customers(organisation: Organisation, customer_ids: Sequence[int]) -> dict[int, _Customer]:
    """The organisation's customers among `customer_ids`, each with her own collection
    setting (`CustomerCollection`), in one query; tuples, not model instances."""
    customers, params = sql_in("c.id", customer_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.id, c.kind, c.segment, s.policy_id, s.excluded, b.behaviour, g.control"
            f" FROM {Customer._meta.db_table} c"
            f" LEFT JOIN {CustomerCollection._meta.db_table} s"
            " ON s.organisation_id = c.organisation_id AND s.customer_id = c.id"
            f" LEFT JOIN {CustomerBehaviour._meta.db_table} b ON b.customer_id = c.id"
            f" LEFT JOIN {ExperimentGroup._meta.db_table} g ON g.customer_id = c.id"
            f" WHERE c.organisation_id = %s AND {customers}",
            [organisation.pk, *params],
        )
        rows = cursor.fetchall()
    return {
        pk: (kind, segment, policy_id, bool(excluded), behaviour or "", bool(control))
        for pk, kind, segment, policy_id, excluded, behaviour, control in rows
    }


def _barred_from(
    invoices: list[tuple[int, int, date, Decimal, date]],
    customers: dict[int, _Customer],
    day: date | None,
) -> dict[int, date]:
    """Per consumer's invoice that could be barred by `day`: its first barred day. Only the
    planner's consumers stop there; an invoice due too recently to be barred is not looked
    up, so a batch without old claims asks nothing more."""
    if day is None:
        return {}
    latest_due = could_be_barred_due_before(day, consumer=True)
    candidates = [
        (pk, due)
        for pk, customer_id, due, _, _ in invoices
        if customers[customer_id][0] == CustomerKind.CONSUMER and due < latest_due
    ]
    if not candidates:
        return {}
    # What each was for decides its term (the run's rows do not carry it): one more query.
    what = supplies([pk for pk, _ in candidates])
    rows = [(pk, due, CustomerKind.CONSUMER.value, what[pk]) for pk, due in candidates]
    return {pk: found.barred_from for pk, found in limitations(rows).items()}


# A message the customer did not get does not count for the spacing between messages.
NOT_RECEIVED = (MessageStatus.CANCELLED, MessageStatus.FAILED)


def last_messages(customer_ids: Sequence[int]) -> dict[int, date]:
    """customer id → the day of their last message (call tasks and messages they did not
    get left out): one grouped query for the batch, through the (customer, status) index."""
    customers, params = sql_in("customer_id", customer_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT customer_id, MAX(decided_on) FROM {Message._meta.db_table}"
            f" WHERE {customers} AND is_call_task = %s AND status NOT IN (%s, %s)"
            " GROUP BY customer_id",
            [*params, False, *(status.value for status in NOT_RECEIVED)],
        )
        rows = cursor.fetchall()
    return {customer_id: _day(day) for customer_id, day in rows}


def _day(value: Any) -> date:
    # SQLite hands back an aggregate's date as text.
    return value if isinstance(value, date) else date.fromisoformat(value)


def _exclusions_and_actions(
    organisation: Organisation, invoice_ids: list[int]
) -> tuple[set[int], list[tuple[Any, ...]]]:
    """The excluded invoices among `invoice_ids`, and the rows of their actions."""
    in_invoices, params = sql_in("invoice_id", invoice_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT invoice_id FROM {InvoiceExclusion._meta.db_table}"
            f" WHERE organisation_id = %s AND {in_invoices}",
            [organisation.pk, *params],
        )
        excluded = {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT id, invoice_id, step_id, scheduled_on, decided_on, pay_before, status"
            f" FROM {Action._meta.db_table} WHERE {in_invoices}"
            " ORDER BY invoice_id, scheduled_on",  # as Action.Meta.ordering
            params,
        )
        return excluded, cursor.fetchall()


def _steps_taken(
    action_rows: list[tuple[Any, ...]], resolver: PolicyResolver
) -> tuple[dict[tuple[int, int], tuple[int, str]], _Done, _Postponed]:
    """From the action rows: each action by (invoice, step), and the steps done or postponed
    per invoice, each with the policy whose ladder it belongs to."""
    actions: dict[tuple[int, int], tuple[int, str]] = {}
    done: _Done = defaultdict(list)
    postponed: _Postponed = defaultdict(list)
    for (
        action_id,
        invoice_id,
        step_id,
        scheduled_on,
        decided_on,
        pay_before,
        status,
    ) in action_rows:
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
                        skipped=status in NOT_SENT_STATUSES,
                    ),
                )
            )
    return actions, done, postponed


def _customer_facts(
    customers: dict[int, _Customer],
    resolver: PolicyResolver,
    customer_holds: dict[int, list[HoldPeriod]],
) -> dict[int, _CustomerFacts]:
    """What follows from the customer alone, once per customer rather than once per invoice."""
    by_customer: dict[int, _CustomerFacts] = {}
    for customer_id, customer in customers.items():
        kind, segment, own_policy_id, excluded, behaviour, control = customer
        policy_id = resolver.policy_for(kind, segment, own_policy_id, behaviour, control)
        by_customer[customer_id] = (
            policy_id,
            resolver.domain.get(policy_id) if policy_id else None,
            kind,
            excluded,
            tuple(customer_holds.get(customer_id, ())),
        )
    return by_customer
