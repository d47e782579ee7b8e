"""Editing a stored policy: in place, never rewriting the steps already taken."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from innen.collection.models import Action, Policy, SegmentPolicy
from innen.collection.policies import policy_create, policy_to_domain
from innen.collection.policy_edit import PolicyEdit, edit_problems, policy_update
from innen.collection.policy_preview import policy_preview
from innen.daily import run_day
from innen.dunning.policy import Step, StepKind
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_dutch():
    """The reasons are said in the active language: the desk's own, Dutch."""
    with translation.override("nl"):
        yield


def default_of(org, kind="business") -> Policy:
    return Policy.objects.get(organisation=org, customer_kind=kind, is_default=True)


def as_stored(policy: Policy, **change) -> PolicyEdit:
    """An edit that changes nothing of `policy`, with `change` applied."""
    steps = list(policy.steps.order_by("position"))
    segments = SegmentPolicy.objects.filter(policy=policy).values_list("segment", flat=True)
    fields = {
        "domain": policy_to_domain(policy),
        "step_ids": tuple(step.pk for step in steps),
        "segments": frozenset(segments),
        "is_default": policy.is_default,
    }
    return PolicyEdit(**{**fields, **change})


def overdue(org, today, days):
    customer = factories.customer(org)
    return factories.invoice(org, customer, due=today - timedelta(days=days))


def with_steps(edit: PolicyEdit, steps, step_ids) -> PolicyEdit:
    return replace(edit, domain=replace(edit.domain, steps=tuple(steps)), step_ids=tuple(step_ids))


def test_an_edit_that_changes_nothing_changes_no_forecast(org, today):
    overdue(org, today, 3)
    overdue(org, today, 20)
    run_day(org, today)
    policy = default_of(org)
    preview = policy_preview(policy, as_stored(policy), today, 30)
    assert preview.changed_count == 0
    assert [d.as_json() for d in preview.before] == [d.as_json() for d in preview.after]


def test_the_steps_already_taken_keep_their_order(org, today):
    overdue(org, today, 10)  # pre-due notice and reminder taken
    run_day(org, today)
    policy = default_of(org)
    edit = as_stored(policy)
    steps, ids = list(edit.domain.steps), list(edit.step_ids)
    swapped = with_steps(edit, [steps[1], steps[0], *steps[2:]], [ids[1], ids[0], *ids[2:]])
    assert any("volgorde" in problem for problem in edit_problems(policy, swapped))
    with pytest.raises(ValidationError):
        policy_update(policy, swapped)


def test_a_new_step_before_the_taken_ones_is_added_and_the_actions_keep_their_steps(org, today):
    overdue(org, today, 10)
    run_day(org, today)
    policy = default_of(org)
    recorded = dict(Action.objects.values_list("pk", "step_id"))
    edit = as_stored(policy)
    early = Step(StepKind.CUSTOM, "Vroeg bericht", -10)
    policy_update(policy, with_steps(edit, [early, *edit.domain.steps], [None, *edit.step_ids]))
    assert dict(Action.objects.values_list("pk", "step_id")) == recorded
    positions = list(policy.steps.order_by("position").values_list("kind", flat=True))
    assert positions[:2] == ["custom", "pre_due_notice"]


def test_making_a_policy_the_default_takes_it_from_the_old_default(org):
    old = default_of(org)
    domain = replace(policy_to_domain(old), name="Streng")
    strict = policy_create(organisation=org, domain=domain)
    policy_update(strict, as_stored(strict, is_default=True))
    assert default_of(org) == strict
    old.refresh_from_db()
    assert not old.is_default


def test_a_default_stays_the_default_until_another_is_made_it(org):
    policy = default_of(org)
    with pytest.raises(ValidationError) as refused:
        policy_update(policy, as_stored(policy, is_default=False))
    assert "standaard" in " ".join(refused.value.messages)
    assert default_of(org) == policy


def test_a_segment_moves_to_the_policy_that_takes_it(org):
    old = default_of(org)
    strict = policy_create(organisation=org, domain=replace(policy_to_domain(old), name="Streng"))
    policy_update(old, as_stored(old, segments=frozenset({"horeca"})))
    policy_update(strict, as_stored(strict, segments=frozenset({"horeca", "bouw"})))
    rows = SegmentPolicy.objects.values_list("segment", "policy_id")
    assert sorted(rows) == [("bouw", strict.pk), ("horeca", strict.pk)]


def test_two_policies_cannot_share_a_name(org):
    business, consumer = default_of(org), default_of(org, "consumer")
    renamed = as_stored(consumer, domain=replace(policy_to_domain(consumer), name=business.name))
    assert edit_problems(consumer, renamed) == ["Een ander beleid heeft deze naam al."]


def test_the_preview_follows_the_segments_the_edit_gives(org, today):
    customer = factories.customer(org, segment="horeca")
    invoice = factories.invoice(org, customer, due=today - timedelta(days=3))
    other = overdue(org, today, 3)
    stored = default_of(org)
    copy = policy_create(organisation=org, domain=replace(policy_to_domain(stored), name="Horeca"))
    edit = as_stored(copy, segments=frozenset({"horeca"}))
    steps = list(edit.domain.steps)
    steps[1] = replace(steps[1], offset_days=12)  # the reminder five days later
    preview = policy_preview(copy, with_steps(edit, steps, edit.step_ids), today, 30)
    assert [changed.invoice for changed in preview.changed] == [invoice]
    assert other not in [changed.invoice for changed in preview.changed]
    assert not SegmentPolicy.objects.exists()
