"""The recommended variants change only the reminders and the call, never a legal step."""

from __future__ import annotations

from dataclasses import replace

import pytest

from innen.dunning.checks import policy_problems
from innen.dunning.defaults import default_business_policy, default_consumer_policy
from innen.dunning.policy import LEGAL_STEPS, StepKind
from innen.dunning.variants import VARIED, recommended

DEFAULTS = [default_business_policy(), default_consumer_policy()]


def call_day(policy):
    return next(s.offset_days for s in policy.steps if s.kind == StepKind.CALL_TASK)


@pytest.mark.parametrize("base", DEFAULTS, ids=lambda p: p.customer_kind.value)
def test_in_trouble_the_call_comes_earlier_and_offers_a_plan(base):
    variant = recommended(base, "in_trouble")
    assert call_day(variant) == call_day(base) - 5
    assert any("betalingsregeling" in s.name for s in variant.steps)


@pytest.mark.parametrize("base", DEFAULTS, ids=lambda p: p.customer_kind.value)
def test_a_forgetful_customer_gets_a_friendlier_reminder_sooner(base):
    variant = recommended(base, "forgetful")
    reminder = next(s for s in variant.steps if s.kind == StepKind.FRIENDLY_REMINDER)
    assert reminder.name == "Vriendelijke herinnering" and reminder.offset_days == 3
    assert not reminder.claims_costs and not reminder.claims_interest
    assert not any(s.kind == StepKind.REMINDER for s in variant.steps)
    assert not any(s.kind == StepKind.FRIENDLY_REMINDER for s in base.steps)


def test_a_reminder_that_claims_interest_becomes_a_friendly_one_that_claims_nothing():
    base = default_business_policy()
    claiming = tuple(
        replace(s, claims_interest=True) if s.kind == StepKind.REMINDER else s for s in base.steps
    )
    variant = recommended(replace(base, steps=claiming), "forgetful")
    friendly = next(s for s in variant.steps if s.kind == StepKind.FRIENDLY_REMINDER)
    assert not friendly.claims_interest and not friendly.claims_costs


@pytest.mark.parametrize("base", DEFAULTS, ids=lambda p: p.customer_kind.value)
def test_a_punctual_customer_is_not_called(base):
    assert all(s.kind != StepKind.CALL_TASK for s in recommended(base, "punctual").steps)


@pytest.mark.parametrize("behaviour", [*VARIED, "slow", "disputing", "silent", "new"])
@pytest.mark.parametrize("base", DEFAULTS, ids=lambda p: p.customer_kind.value)
def test_no_variant_touches_a_legal_step_or_breaks_the_law(base, behaviour):
    variant = recommended(base, behaviour)
    assert policy_problems(variant) == []
    legal = [s for s in base.steps if s.kind in LEGAL_STEPS]
    assert legal and legal == [s for s in variant.steps if s.kind in LEGAL_STEPS]
    if base.customer_kind.value == "consumer":
        assert any(s.kind == StepKind.FOURTEEN_DAY_LETTER for s in variant.steps)


def test_other_behaviours_keep_the_ladder_as_it_is():
    base = default_business_policy()
    assert recommended(base, "slow") is base
