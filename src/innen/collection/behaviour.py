"""Each customer's behaviour segment as stored, and the policy an organisation picks per segment.

`innen.risk.segments` decides a customer's behaviour; `innen.predictions.behaviours` reads
the ledger for it every day, a piece of customers at a time, and stores what it found here:
one row per customer with the day it was computed. A change of segment is a dossier event;
the same segment found again only moves the day and the reason. The run reads the segment to
pick a policy (`innen.collection.policies.PolicyResolver`): the customer's own, else its
segment's, else its behaviour's, else the default.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from innen.collection.customer_policy import OTHER_KIND
from innen.collection.models import (
    OTHER_ORGANISATIONS_POLICY,
    BehaviourPolicy,
    CustomerBehaviour,
    Policy,
)
from innen.dossier.models import EventKind
from innen.dossier.record import SYSTEM, NewEvent, append_many
from innen.ledger.models import Customer
from innen.organisations.models import Organisation
from innen.risk.segments import LABELS, Behaviour, Segment
from innen.translatable import N_, Text, from_record, say, to_record

BEHAVIOUR_CHANGED = N_("Behaviour segment: %(behaviour)s (%(reason)s)")
BEHAVIOUR_POLICY_SET = N_("Policy for behaviour segment %(behaviour)s: %(policy)s")


def label(behaviour: str) -> Text:
    """The behaviour's label, translatable (the pages say it with `innen.file_messages`)."""
    return say(LABELS[Behaviour(behaviour)])


def reason_of(row: CustomerBehaviour) -> str:
    """The stored reason, as the `Text` it was (said in the reader's language when shown)."""
    return from_record(row.reason)


@dataclass(frozen=True)
class CustomerSegment:
    """A customer's behaviour segment as the daily job last computed it. `label` and
    `reason` are translatable (`innen.file_messages.translated` says them)."""

    code: str
    label: Text
    reason: str
    computed_on: date


def shown(row: CustomerBehaviour) -> CustomerSegment:
    return CustomerSegment(row.behaviour, label(row.behaviour), reason_of(row), row.computed_on)


# The one answer to "what is this customer's segment": the pages, the API and the command
# line all ask here.


def segment_of(customer: Customer) -> CustomerSegment | None:
    """`customer`'s behaviour segment, or None before the daily job first computed it. Reads
    the row `with_segments` joined when the customer came from such a query."""
    try:
        row = customer.behaviour
    except CustomerBehaviour.DoesNotExist:
        return None
    return shown(row)


def segments_of(organisation_id: int, customer_ids: Iterable[int]) -> dict[int, CustomerSegment]:
    """Customer id → its behaviour segment, for those of `customer_ids` that have one."""
    rows = CustomerBehaviour.objects.filter(
        organisation_id=organisation_id, customer_id__in=list(customer_ids)
    )
    return {row.customer_id: shown(row) for row in rows}


def with_segments(customers: Any) -> Any:
    """`customers` (a query) with each one's behaviour segment read along, for `segment_of`."""
    return customers.select_related("behaviour")


def in_segment(customers: Any, behaviour: Behaviour) -> Any:
    """Those of `customers` (a query) whose behaviour segment is `behaviour`."""
    return customers.filter(behaviour__behaviour=behaviour.value)


@dataclass(frozen=True)
class SegmentCounts:
    counts: dict[str, int]  # behaviour → customers in it, every behaviour (0 too)
    not_computed: int  # customers the daily job has not yet segmented (new since)
    computed_on: date | None  # the last day the segments were computed


def segment_counts(organisation_id: int) -> SegmentCounts:
    """How many of the organisation's customers are in each behaviour segment."""
    rows = CustomerBehaviour.objects.filter(organisation_id=organisation_id)
    counts = Counter(rows.values_list("behaviour", flat=True))
    last = rows.aggregate(last=Max("computed_on"))["last"]
    customers = Customer.objects.filter(organisation_id=organisation_id).count()
    return SegmentCounts(
        {b.value: counts.get(b.value, 0) for b in Behaviour},
        customers - sum(counts.values()),
        last,
    )


@transaction.atomic
def behaviours_store(
    organisation: Organisation, today: date, found: Mapping[int, Segment]
) -> dict[str, int]:
    """Store each customer's segment `found` on `today` (customer id → segment); a new or
    changed segment writes a dossier event. Returns how many rows were new, changed, same."""
    rows = CustomerBehaviour.objects.filter(organisation=organisation, customer_id__in=list(found))
    existing = {row.customer_id: row for row in rows}
    new, changed, same, events = [], [], [], []
    for customer_id, segment in sorted(found.items()):
        row = existing.get(customer_id)
        reason = to_record(segment.reason)
        if row is not None and row.behaviour == segment.behaviour:
            row.reason, row.computed_on = reason, today
            same.append(row)
            continue
        if row is None:
            new.append(
                CustomerBehaviour(
                    organisation=organisation,
                    customer_id=customer_id,
                    behaviour=segment.behaviour.value,
                    reason=reason,
                    computed_on=today,
                )
            )
        else:
            row.behaviour, row.reason, row.computed_on = segment.behaviour.value, reason, today
            changed.append(row)
        events.append(_changed_event(customer_id, segment, today))
    CustomerBehaviour.objects.bulk_create(new, batch_size=1000)
    CustomerBehaviour.objects.bulk_update(
        changed + same, ["behaviour", "reason", "computed_on"], batch_size=1000
    )
    append_many(organisation.pk, events)
    return {"new": len(new), "changed": len(changed), "same": len(same)}


def _changed_event(customer_id: int, segment: Segment, today: date) -> NewEvent:
    return NewEvent(
        EventKind.NOTE,
        today,
        customer_id=customer_id,
        payload={
            "action": "behaviour_segment",
            "behaviour": segment.behaviour.value,
            "text": say(
                BEHAVIOUR_CHANGED, behaviour=label(segment.behaviour), reason=segment.reason
            ),
        },
        actor=SYSTEM,
    )


def behaviour_policies(organisation: Organisation) -> dict[tuple[str, str], int]:
    """(behaviour, customer kind) → the policy the organisation chose for it."""
    return {
        (row.behaviour, row.customer_kind): row.policy_id
        for row in BehaviourPolicy.objects.filter(organisation=organisation)
    }


@transaction.atomic
def behaviour_policy_set(
    *,
    organisation: Organisation,
    behaviour: Behaviour,
    customer_kind: str,
    policy: Policy | None,
    today: date,
    actor: str = SYSTEM,
) -> None:
    """Let customers of `customer_kind` in `behaviour` follow `policy` (None: no longer any),
    noted in the dossier when it changes. Only a policy for that kind of customer: a consumer
    never follows a business ladder, it would skip the 14-day letter."""
    if policy is not None and policy.organisation_id != organisation.pk:
        raise ValidationError({"policy": OTHER_ORGANISATIONS_POLICY})
    if policy is not None and policy.customer_kind != customer_kind:
        raise ValidationError({"policy": OTHER_KIND})
    rows = BehaviourPolicy.objects.select_for_update().filter(
        organisation=organisation, behaviour=behaviour.value, customer_kind=customer_kind
    )
    before = rows.first()
    if (before.policy_id if before else None) == (policy.pk if policy else None):
        return
    if policy is None:
        rows.delete()
    else:
        BehaviourPolicy.objects.update_or_create(
            organisation=organisation,
            behaviour=behaviour.value,
            customer_kind=customer_kind,
            defaults={"policy": policy},
        )
    text = say(
        BEHAVIOUR_POLICY_SET, behaviour=label(behaviour), policy=policy.name if policy else "—"
    )
    event = NewEvent(
        EventKind.NOTE,
        today,
        payload={"action": "behaviour_policy", "behaviour": behaviour.value, "text": text},
        actor=actor,
    )
    append_many(organisation.pk, [event])
