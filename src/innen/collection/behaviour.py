"""Each customer's behaviour segment as stored, and the policy an organisation picks per segment.

`innen.risk.segments` decides a customer's behaviour; `innen.predictions.behaviours` reads
the ledger for it every day, a piece of customers at a time, and stores what it found here:
one row per customer with the day it was computed. A change of segment is a dossier event;
the same segment found again only moves the day and the reason. The run reads the segment to
pick a policy (`innen.collection.policies.PolicyResolver`): the customer's own, else its
segment's, else its behaviour's, else the default.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from innen.collection.customer_policy import OTHER_KIND
from innen.collection.models import (
    OTHER_ORGANISATIONS_POLICY,
    BehaviourPolicy,
    CustomerBehaviour,
    Policy,
)
from innen.dossier.models import EventKind
from innen.dossier.record import SYSTEM, NewEvent, append_many
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
