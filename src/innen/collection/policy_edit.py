"""Changing a stored policy without rewriting what it already did.

Recorded actions and messages point at the steps they were decided for (`Action.step`,
`Message.step`, both PROTECT), and the run reads an action back as "this rung of this
policy's ladder is done" (`PolicyResolver.step_position`). So a policy is edited in place,
never copied to a new version: a copy would be another policy, on whose ladder none of the
steps already taken count, and every open invoice would start its ladder again.

In place is safe for what only steers future decisions (days, anchor, channels, approval,
minimum, claims, term, name): an action keeps its own kind, dates, amount, claims and
pay-before. It is not safe for what would change the meaning of a step already taken, so a
taken step keeps its kind (a reminder that went out must never count as a 14-day letter),
is never removed, and the taken steps keep their order. New steps may go anywhere.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, ngettext

from innen import dunning
from innen.collection.models import (
    Action,
    Message,
    Policy,
    PolicyChange,
    PolicyStep,
    SegmentPolicy,
)
from innen.collection.policies import (
    PolicyResolver,
    policy_check,
    policy_create,
    policy_to_domain,
)
from innen.dunning.checks import policy_problems
from innen.file_messages import translated

# Far above any real position, so steps can be renumbered without colliding on the way.
RENUMBER_FROM = 10_000


@dataclass(frozen=True)
class PolicyEdit:
    """What an owner asks of a policy: its ladder and settings, and to whom it applies."""

    domain: dunning.policy.Policy
    # For each step of `domain.steps`, the stored step it changes; None: a new step.
    step_ids: tuple[int | None, ...]
    segments: frozenset[str]
    is_default: bool


def taken_steps(policy: Policy) -> Counter[int]:
    """The policy's steps already decided for some invoice: step id → how many invoices."""
    taken: Counter[int] = Counter(
        Action.objects.filter(step__policy=policy).values_list("step_id", flat=True)
    )
    for step_id in Message.objects.filter(step__policy=policy).values_list("step_id", flat=True):
        taken.setdefault(step_id, 0)
    return taken


def edit_problems(policy: Policy, edit: PolicyEdit) -> list[str]:
    """Every reason to refuse `edit` of `policy`, in the active language; empty: allowed."""
    problems = [translated(problem.said()) for problem in policy_problems(edit.domain)]
    stored = {step.pk: step for step in policy.steps.all()}
    kept = [step_id for step_id in edit.step_ids if step_id is not None]
    if len(set(kept)) != len(kept) or not set(kept) <= set(stored):
        return [*problems, gettext("The form does not match the stored steps; open it again.")]
    if edit.domain.customer_kind.value != policy.customer_kind:
        problems.append(gettext("A policy keeps the kind of customer it is for."))
    taken = taken_steps(policy)
    for step_id, count in taken.items():
        step = stored[step_id]
        if step_id not in kept:
            problems.append(
                ngettext(
                    "Step “%(name)s” was already taken for %(count)s invoice: it stays in"
                    " the ladder. Add a new step instead.",
                    "Step “%(name)s” was already taken for %(count)s invoices: it stays in"
                    " the ladder. Add a new step instead.",
                    count,
                )
                % {"name": step.name, "count": count}
            )
    for edited_id, new in zip(edit.step_ids, edit.domain.steps, strict=True):
        if edited_id is None or edited_id not in taken:
            continue
        if new.kind.value != stored[edited_id].kind:
            problems.append(
                gettext(
                    "Step “%(name)s” was already taken: its kind stays"
                    " %(kind)s. Add a new step for another kind."
                )
                % {"name": stored[edited_id].name, "kind": stored[edited_id].get_kind_display()}
            )
    taken_order = [step_id for step_id in kept if step_id in taken]
    if taken_order != sorted(taken_order, key=lambda step_id: stored[step_id].position):
        problems.append(gettext("The steps already taken keep their order."))
    if policy.is_default and not edit.is_default:
        problems.append(
            gettext("A default policy stays the default until another policy is made the default.")
        )
    same_name = Policy.objects.filter(organisation_id=policy.organisation_id, name=edit.domain.name)
    if same_name.exclude(pk=policy.pk).exists():
        problems.append(gettext("Another policy already has this name."))
    return problems


@transaction.atomic
def policy_update(policy: Policy, edit: PolicyEdit, *, user: User | None = None) -> Policy:
    """Store `edit` as `policy`'s new ladder and reach, recording the change with the policy
    as it was (`PolicyChange`); a refusal changes nothing."""
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    problems = edit_problems(policy, edit)
    if problems:
        raise ValidationError(problems)
    before = policy_snapshot(policy)
    domain = edit.domain
    policy.name = domain.name
    policy.skip_passed_steps = domain.skip_passed_steps
    policy.late_start = domain.late_start.value
    policy.min_days_between_messages = domain.min_days_between_messages
    if edit.is_default and not policy.is_default:
        Policy.objects.filter(
            organisation_id=policy.organisation_id,
            customer_kind=policy.customer_kind,
            is_default=True,
        ).update(is_default=False)
        policy.is_default = True
    policy.save()
    _store_steps(policy, edit)
    store_segments(policy, edit.segments)
    policy_check(policy)
    after = policy_snapshot(policy)
    if after != before:
        PolicyChange.objects.create(
            organisation_id=policy.organisation_id,
            policy=policy,
            changed_by=user,
            before=before,
            after=after,
        )
    return policy


SNAPSHOT_STEP_FIELDS = (
    "id",
    "kind",
    "name",
    "offset_days",
    "anchor",
    "day_count",
    "channels",
    "pay_term_days",
    "claims_costs",
    "claims_interest",
    "needs_approval",
)


def policy_snapshot(policy: Policy) -> dict[str, object]:
    """The policy as JSON: its settings, its steps in order, its default and segments."""
    steps = PolicyStep.objects.filter(policy=policy).order_by("position")
    return {
        "name": policy.name,
        "is_default": policy.is_default,
        "skip_passed_steps": policy.skip_passed_steps,
        "late_start": policy.late_start,
        "min_days_between_messages": policy.min_days_between_messages,
        "segments": sorted(
            SegmentPolicy.objects.filter(policy=policy).values_list("segment", flat=True)
        ),
        "steps": [
            {
                **{name: getattr(step, name) for name in SNAPSHOT_STEP_FIELDS},
                "min_open_amount": str(step.min_open_amount),
            }
            for step in steps
        ],
    }


def _store_steps(policy: Policy, edit: PolicyEdit) -> None:
    kept = [step_id for step_id in edit.step_ids if step_id is not None]
    PolicyStep.objects.filter(policy=policy).exclude(pk__in=kept).delete()
    stored = {step.pk: step for step in policy.steps.all()}
    for step in stored.values():
        step.position += RENUMBER_FROM
    PolicyStep.objects.bulk_update(stored.values(), ["position"])
    for position, (step_id, new) in enumerate(zip(edit.step_ids, edit.domain.steps, strict=True)):
        row = (
            stored[step_id]
            if step_id is not None
            else PolicyStep(organisation_id=policy.organisation_id, policy=policy)
        )
        row.position = position
        row.kind = new.kind.value
        row.name = new.name
        row.offset_days = new.offset_days
        row.anchor = new.anchor.value
        row.day_count = new.day_count.value
        row.min_open_amount = new.min_open_amount
        row.channels = sorted(channel.value for channel in new.channels)
        row.pay_term_days = new.pay_term_days
        row.claims_costs = new.claims_costs
        row.claims_interest = new.claims_interest
        row.needs_approval = new.needs_approval
        row.save()


def store_segments(policy: Policy, segments: frozenset[str]) -> None:
    """The segments whose customers (of the policy's kind) follow it; taken from another."""
    mine = SegmentPolicy.objects.filter(policy=policy)
    mine.exclude(segment__in=segments).delete()
    for segment in sorted(segments):
        SegmentPolicy.objects.update_or_create(
            organisation_id=policy.organisation_id,
            segment=segment,
            customer_kind=policy.customer_kind,
            defaults={"policy": policy},
        )


def policy_copy(policy: Policy) -> Policy:
    """A new policy with `policy`'s ladder and settings, for no one yet (no default, no
    segment): the start of a ladder for some customers or a segment."""
    taken = set(
        Policy.objects.filter(organisation_id=policy.organisation_id).values_list("name", flat=True)
    )
    number = 1
    name = gettext("Copy of %(name)s") % {"name": policy.name}
    while name[:100] in taken:
        number += 1
        name = gettext("Copy %(number)s of %(name)s") % {"number": number, "name": policy.name}
    domain = replace(policy_to_domain(policy), name=name[:100])
    return policy_create(organisation=policy.organisation, domain=domain)


def resolver_with(policy: Policy, edit: PolicyEdit) -> PolicyResolver:
    """The organisation's policies as the run would see them with `edit` saved, unsaved."""
    resolver = PolicyResolver(policy.organisation)
    resolver.domain[policy.pk] = edit.domain
    resolver.step_position = {
        step_id: place for step_id, place in resolver.step_position.items() if place[0] != policy.pk
    }
    for index, step_id in enumerate(edit.step_ids):
        if step_id is not None:
            resolver.step_position[step_id] = (policy.pk, index)
    resolver.step_id = {place: step_id for step_id, place in resolver.step_position.items()}
    resolver.segments = {
        key: policy_id for key, policy_id in resolver.segments.items() if policy_id != policy.pk
    }
    for segment in edit.segments:
        resolver.segments[(segment, policy.customer_kind)] = policy.pk
    if edit.is_default:
        resolver.defaults[policy.customer_kind] = policy.pk
    return resolver
