"""Each customer's behaviour segment, computed from the ledger every day and stored.

`innen.risk.segments` decides; this reads what it needs (`ledger_records` with each
invoice's reminders and part payments, and the days each customer got in touch) and stores
the result through `innen.collection.behaviour.behaviours_store`. The daily task
(`innen.daily.daily_run`) queues `innen.predictions.tasks.update_behaviours` for every
organisation ahead of its run, so the run picks policies by the latest segments; it is not
part of the run itself, which a million invoices keep busy enough.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from innen.arrangements.models import PaymentPlan, Promise
from innen.collection.behaviour import behaviours_store
from innen.collection.models import Action, ActionStatus
from innen.ledger.models import Allocation, AllocationKind, Customer
from innen.organisations.models import Organisation
from innen.predictions.selectors import ledger_records
from innen.risk.features import by_customer
from innen.risk.records import Record
from innen.risk.segments import Segment, segment

PIECE = 1000  # customers whose histories are read and segmented at once

# The steps that reached (or are on their way to) the customer: a reminder it could react to.
SENT = (ActionStatus.ACTIVE,)


def behaviour_records(organisation: Organisation, customer_ids: Sequence[int]) -> list[Record]:
    """`ledger_records` of `customer_ids` with the days a step went out for each invoice and
    the days a payment paid part of it (before it was settled, or while it is open)."""
    records = ledger_records(organisation, customer_ids=customer_ids)
    actions = Action.objects.filter(
        organisation=organisation, status__in=SENT, invoice__customer_id__in=customer_ids
    )
    allocations = Allocation.objects.filter(
        organisation=organisation,
        kind=AllocationKind.PAYMENT,
        invoice__customer_id__in=customer_ids,
    )
    reminded: dict[int, list[date]] = defaultdict(list)
    for invoice_id, day in actions.values_list("invoice_id", "decided_on"):
        reminded[invoice_id].append(day)
    paid_on: dict[int, list[date]] = defaultdict(list)
    for invoice_id, day in allocations.values_list("invoice_id", "date"):
        paid_on[invoice_id].append(day)
    result = []
    for record in records:
        invoice_id = int(record.number.split(":", 1)[0])
        parts = tuple(
            sorted(
                day
                for day in paid_on.get(invoice_id, ())
                if record.settled is None or day < record.settled
            )
        )
        result.append(
            replace(record, reminded=tuple(sorted(reminded.get(invoice_id, ()))), part_paid=parts)
        )
    return result


def contact_days(organisation: Organisation, customer_ids: Sequence[int]) -> dict[str, list[date]]:
    """Per customer (as `Record.customer` names it) the days it got in touch: promises made,
    payment plans proposed."""
    days: dict[str, list[date]] = defaultdict(list)
    promises = Promise.objects.filter(organisation=organisation, customer_id__in=customer_ids)
    for customer_id, day in promises.values_list("customer_id", "made_on"):
        days[str(customer_id)].append(day)
    plans = PaymentPlan.objects.filter(organisation=organisation, customer_id__in=customer_ids)
    for customer_id, day in plans.values_list("customer_id", "proposed_on"):
        days[str(customer_id)].append(day)
    return days


def behaviours_found(
    organisation: Organisation, today: date, customer_ids: Sequence[int]
) -> dict[int, Segment]:
    """The behaviour segment of each of `customer_ids` as known on `today`."""
    grouped = by_customer(behaviour_records(organisation, customer_ids))
    contacts = contact_days(organisation, customer_ids)
    return {
        pk: segment(grouped.get(str(pk), []), today, contacts.get(str(pk), []))
        for pk in customer_ids
    }


def behaviours_update(organisation: Organisation, today: date) -> dict[str, int]:
    """Compute and store every customer's behaviour segment for `today`, a piece of
    customers at a time (each in its own transaction), so memory stays that of one piece."""
    customer_ids = list(
        Customer.objects.filter(organisation=organisation)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    counts: Counter[str] = Counter()
    for start in range(0, len(customer_ids), PIECE):
        piece = customer_ids[start : start + PIECE]
        counts.update(
            behaviours_store(organisation, today, behaviours_found(organisation, today, piece))
        )
    return dict(counts)
