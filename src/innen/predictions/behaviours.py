"""Each customer's behaviour segment, computed from the ledger every day and stored.

`innen.risk.segments` decides; this reads what it needs (`ledger_records` with each
invoice's reminders and part payments, and the days each customer got in touch) and stores
the result through `innen.collection.behaviour.behaviours_store`. The daily job calls
`behaviours_update` before the ladder, so today's run picks policies by today's segment.
"""

from __future__ import annotations

from collections import defaultdict
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

# The steps that reached (or are on their way to) the customer: a reminder it could react to.
SENT = (ActionStatus.ACTIVE,)


def behaviour_records(organisation: Organisation, customer_id: int | None = None) -> list[Record]:
    """`ledger_records` with the days a step went out for each invoice and the days a payment
    paid part of it (before it was settled, or while it is open)."""
    records = ledger_records(organisation, customer_id)
    actions = Action.objects.filter(organisation=organisation, status__in=SENT)
    allocations = Allocation.objects.filter(organisation=organisation, kind=AllocationKind.PAYMENT)
    if customer_id is not None:
        actions = actions.filter(invoice__customer_id=customer_id)
        allocations = allocations.filter(invoice__customer_id=customer_id)
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


def contact_days(organisation: Organisation) -> dict[str, list[date]]:
    """Per customer (as `Record.customer` names it) the days it got in touch: promises made,
    payment plans proposed."""
    days: dict[str, list[date]] = defaultdict(list)
    for customer_id, day in Promise.objects.filter(organisation=organisation).values_list(
        "customer_id", "made_on"
    ):
        days[str(customer_id)].append(day)
    for customer_id, day in PaymentPlan.objects.filter(organisation=organisation).values_list(
        "customer_id", "proposed_on"
    ):
        days[str(customer_id)].append(day)
    return days


def behaviours_found(organisation: Organisation, today: date) -> dict[int, Segment]:
    """Every customer's behaviour segment as known on `today`, by customer id."""
    grouped = by_customer(behaviour_records(organisation))
    contacts = contact_days(organisation)
    customer_ids = Customer.objects.filter(organisation=organisation).values_list("pk", flat=True)
    return {
        pk: segment(grouped.get(str(pk), []), today, contacts.get(str(pk), []))
        for pk in customer_ids
    }


def behaviours_update(organisation: Organisation, today: date) -> dict[str, int]:
    """Compute and store every customer's behaviour segment for `today`."""
    return behaviours_store(organisation, today, behaviours_found(organisation, today))
