from dataclasses import replace

import pytest

from innen.dunning.checks import PolicyRefused, policy_check, policy_problems
from innen.dunning.defaults import (
    CALL,
    EMAIL,
    EMAIL_AND_LETTER,
    default_business_policy,
    default_consumer_policy,
)
from innen.dunning.policy import Anchor, CustomerKind, Policy, Step, StepKind

REMINDER = Step(StepKind.REMINDER, "Herinnering", 7, pay_term_days=7)
LETTER = Step(StepKind.FOURTEEN_DAY_LETTER, "Veertiendagenbrief", 30, channels=EMAIL_AND_LETTER)
HANDOVER = Step(StepKind.HANDOVER, "Overdracht", 14, anchor=Anchor.PREVIOUS_TERM, claims_costs=True)


def consumer(*steps: Step) -> Policy:
    return Policy("Particulier", CustomerKind.CONSUMER, steps)


def business(*steps: Step) -> Policy:
    return Policy("Zakelijk", CustomerKind.BUSINESS, steps)


def only_problem(policy: Policy):
    problems = policy_problems(policy)
    assert len(problems) == 1, problems
    return problems[0]


@pytest.mark.parametrize("policy", [default_business_policy(), default_consumer_policy()])
def test_the_shipped_ladders_may_be_used(policy):
    assert policy_problems(policy) == []
    policy_check(policy)  # does not raise


def test_a_consumer_ladder_with_the_letter_before_the_handover_may_be_used():
    assert policy_problems(consumer(REMINDER, LETTER, HANDOVER)) == []


def test_a_policy_needs_a_step():
    assert only_problem(business()).step_index is None


def test_a_consumer_step_claiming_costs_without_an_earlier_14_day_letter_is_refused():
    costs = Step(StepKind.AANMANING, "Aanmaning", 30, channels=EMAIL, claims_costs=True)
    problem = only_problem(consumer(REMINDER, costs, LETTER))
    assert problem.step_index == 1
    assert "14-day letter" in problem.reason


def test_the_same_step_claiming_costs_from_a_business_is_allowed():
    costs = Step(StepKind.AANMANING, "Aanmaning", 30, channels=EMAIL, claims_costs=True)
    assert policy_problems(business(REMINDER, costs)) == []


def test_a_14_day_letter_that_claims_costs_is_refused():
    problem = only_problem(consumer(REMINDER, replace(LETTER, claims_costs=True), HANDOVER))
    assert problem.step_index == 1
    assert "14-day" in problem.reason


@pytest.mark.parametrize("claims", ["claims_costs", "claims_interest"])
def test_a_friendly_reminder_that_claims_anything_is_refused_so_it_is_never_a_demand(claims):
    friendly = Step(StepKind.FRIENDLY_REMINDER, "Vriendelijke herinnering", 3, pay_term_days=7)
    assert policy_problems(business(friendly)) == []
    problem = only_problem(business(replace(friendly, **{claims: True})))
    assert problem.step_index == 0
    assert "friendly reminder" in problem.reason


def test_a_14_day_letter_that_is_only_a_call_is_refused():
    problem = only_problem(consumer(REMINDER, replace(LETTER, channels=CALL), HANDOVER))
    assert problem.step_index == 1


def test_a_14_day_letter_with_a_term_under_14_days_is_refused():
    problem = only_problem(consumer(REMINDER, replace(LETTER, pay_term_days=13), HANDOVER))
    assert problem.step_index == 1


def test_a_step_without_a_channel_is_refused():
    assert only_problem(business(replace(REMINDER, channels=frozenset()))).step_index == 0


def test_a_negative_minimum_or_pay_term_is_refused():
    from decimal import Decimal

    assert only_problem(business(replace(REMINDER, min_open_amount=Decimal("-1")))).step_index == 0
    assert only_problem(business(replace(REMINDER, pay_term_days=-1))).step_index == 0


@pytest.mark.parametrize("anchor", [Anchor.PREVIOUS_STEP, Anchor.PREVIOUS_TERM])
def test_the_first_step_cannot_be_counted_from_a_previous_step(anchor):
    problems = policy_problems(business(replace(REMINDER, anchor=anchor)))
    assert problems and all(p.step_index == 0 for p in problems)


def test_a_step_counted_from_the_previous_one_cannot_come_before_it():
    call = Step(StepKind.CALL_TASK, "Bellen", -1, anchor=Anchor.PREVIOUS_STEP, channels=CALL)
    assert only_problem(business(REMINDER, call)).step_index == 1


def test_steps_counted_from_the_due_date_must_be_in_date_order():
    early = Step(StepKind.SECOND_REMINDER, "Tweede herinnering", 5)
    problem = only_problem(business(REMINDER, early))
    assert problem.step_index == 1
    assert "date order" in problem.reason


def test_steps_on_the_same_day_are_in_date_order():
    same_day = Step(StepKind.CALL_TASK, "Bellen", 7, channels=CALL)
    assert policy_problems(business(REMINDER, same_day)) == []


def test_a_pre_due_notice_after_the_due_date_is_refused():
    notice = Step(StepKind.PRE_DUE_NOTICE, "Vooraf", 1)
    assert only_problem(business(notice, REMINDER)).step_index == 0


def test_a_pre_due_notice_on_the_due_date_is_allowed():
    notice = Step(StepKind.PRE_DUE_NOTICE, "Vooraf", 0)
    assert policy_problems(business(notice, REMINDER)) == []


def test_counting_from_the_previous_term_needs_a_previous_step_with_a_term():
    call = Step(StepKind.CALL_TASK, "Bellen", 14, channels=CALL)
    after_term = Step(StepKind.SECOND_REMINDER, "Tweede", 3, anchor=Anchor.PREVIOUS_TERM)
    problem = only_problem(business(REMINDER, call, after_term))
    assert problem.step_index == 2
    assert "Bellen" in problem.reason


def test_a_14_day_letter_always_gives_a_term_to_count_from():
    # its statutory term counts even when the step names no pay-term days of its own
    assert LETTER.pay_term_days is None
    assert policy_problems(consumer(REMINDER, LETTER, HANDOVER)) == []


def test_policy_check_raises_with_every_problem():
    costs = Step(StepKind.AANMANING, "Aanmaning", 30, claims_costs=True)
    bad_letter = replace(LETTER, channels=CALL, offset_days=20)
    policy = consumer(REMINDER, costs, bad_letter)
    with pytest.raises(PolicyRefused) as refused:
        policy_check(policy)
    assert refused.value.problems == policy_problems(policy)
    assert {p.step_index for p in refused.value.problems} == {1, 2}
    assert "step 2 (Aanmaning)" in str(refused.value)
