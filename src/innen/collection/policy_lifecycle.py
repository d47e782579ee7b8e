"""A dunning policy made from another, and a policy deleted.

A new policy starts as a copy of an existing ladder (the default, or any other policy of the
organisation), with its own name and, if given, a segment whose customers follow it from
then on. It is recorded twice: as its first `PolicyChange` (nothing before, the policy
after) and in the organisation's dossier.

A policy is deleted only when nothing depends on it; otherwise the deletion is refused with
every reason (nothing is moved silently to another policy: the owner chooses where those
customers go, on the customer page or the other policy's segments):

- it is a default (another policy must be made the default first);
- customers follow it as their own policy, or segments point at it;
- its steps were already taken for invoices: the actions and messages keep pointing at
  them (`Action.step`, `Message.step`), the record of which ladder an invoice followed.

The dossier keeps the deleted policy as it was (its `PolicyChange` rows go with it).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, ngettext

from innen.collection.models import (
    BehaviourPolicy,
    CustomerCollection,
    Policy,
    PolicyChange,
    SegmentPolicy,
)
from innen.collection.policies import policy_create, policy_to_domain
from innen.collection.policy_edit import policy_snapshot, store_segments, taken_steps
from innen.dossier.models import EventKind
from innen.dossier.record import NewEvent, actor_name, append
from innen.organisations.models import Organisation

NAME_MAX = 100
SEGMENT_MAX = 50


def _record(policy: Policy, action: str, text: str, today: date, user: User | None) -> None:
    """The dossier's note of a policy made or deleted, with the policy as it is."""
    event = NewEvent(
        EventKind.NOTE,
        today,
        payload={"action": action, "text": text, "policy": policy_snapshot(policy)},
        actor=actor_name(user),
    )
    append(policy.organisation_id, [event])


def policy_new_problems(organisation: Organisation, name: str, segment: str) -> dict[str, str]:
    """Why a policy called `name` (for `segment`) cannot be made, per field; empty: it can."""
    problems = {}
    if not name.strip():
        problems["name"] = gettext("Give the policy a name.")
    elif len(name) > NAME_MAX:
        problems["name"] = gettext("A name has at most %(max)s characters.") % {"max": NAME_MAX}
    elif Policy.objects.filter(organisation=organisation, name=name.strip()).exists():
        problems["name"] = gettext("Another policy already has this name.")
    if len(segment) > SEGMENT_MAX:
        problems["segment"] = gettext("A segment has at most 50 characters: %(segment)s") % {
            "segment": segment
        }
    return problems


@transaction.atomic
def policy_new(
    *,
    source: Policy,
    name: str,
    segment: str = "",
    user: User | None = None,
    today: date,
) -> Policy:
    """A new policy with `source`'s ladder and settings, called `name`, followed by the
    customers of `segment` (of its kind; taken from the policy that had it) if given."""
    organisation = source.organisation
    name, segment = name.strip(), segment.strip()
    problems = policy_new_problems(organisation, name, segment)
    if problems:
        raise ValidationError(problems)
    domain = replace(policy_to_domain(source), name=name)
    policy = policy_create(organisation=organisation, domain=domain)
    if segment:
        store_segments(policy, frozenset([segment]))
    PolicyChange.objects.create(
        organisation=organisation,
        policy=policy,
        changed_by=user,
        before={},
        after=policy_snapshot(policy),
    )
    _record(policy, "policy_made", f"Dunning policy made: {name}", today, user)
    return policy


def policy_delete_problems(policy: Policy) -> list[str]:
    """Every reason `policy` cannot be deleted, in the active language; empty: it can."""
    problems = []
    if policy.is_default:
        problems.append(gettext("It is a default policy: make another policy the default first."))
    customers = CustomerCollection.objects.filter(
        organisation_id=policy.organisation_id, policy=policy
    ).count()
    if customers:
        problems.append(
            ngettext(
                "%(count)s customer follows it as their own policy: choose another policy"
                " on the customer's page first.",
                "%(count)s customers follow it as their own policy: choose another policy"
                " on their customer pages first.",
                customers,
            )
            % {"count": customers}
        )
    segments = list(SegmentPolicy.objects.filter(policy=policy).values_list("segment", flat=True))
    if segments:
        problems.append(
            gettext("Segments follow it: %(segments)s. Remove them from the policy first.")
            % {"segments": ", ".join(sorted(segments))}
        )
    if BehaviourPolicy.objects.filter(policy=policy).exists():
        problems.append(
            gettext(
                "Behaviour segments follow it: choose another policy for them on the policies"
                " page first."
            )
        )
    taken = taken_steps(policy)
    if taken:
        problems.append(
            gettext(
                "Its steps were already taken for invoices; it stays as the record of the"
                " ladder they followed. Give it no segment and no customers instead."
            )
        )
    return problems


@transaction.atomic
def policy_delete(policy: Policy, *, user: User | None = None, today: date) -> None:
    """Delete `policy`, recording it in the dossier as it was; refused with every reason
    when anything depends on it (nothing changes then)."""
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    problems = policy_delete_problems(policy)
    if problems:
        raise ValidationError(problems)
    _record(policy, "policy_deleted", f"Dunning policy deleted: {policy.name}", today, user)
    policy.delete()
