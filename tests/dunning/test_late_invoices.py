"""An invoice innen learns of after some of its steps' moments starts its ladder calmly.

The steps whose moment passed before innen knew it are recorded as skipped, it starts at one
step on the day innen knew it, and the steps after it keep their spacing from that day.
"""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from innen.dunning.defaults import default_business_policy, default_consumer_policy
from innen.dunning.explain import explain
from innen.dunning.planner import Decision, DoneStep, InvoiceFacts, StepState, plan_invoice
from innen.dunning.policy import LEGAL_STEPS, LateStart, StepKind
from innen.dunning.timing import BEFORE_KNOWN

BUSINESS = default_business_policy()
CONSUMER = default_consumer_policy()
BY_AGE = LateStart.AGE
DUE = date(2026, 3, 2)  # a Monday; the ladder: pre-due 27 Feb, reminder 9 March, call 16
# March, second reminder 23 March, letter 1 April
KNOWN = date(2026, 5, 6)  # a Wednesday, when every step but the hand-over had passed
ONE_DAY = timedelta(days=1)


def late(known_on: date = KNOWN, **changes) -> InvoiceFacts:
    return replace(InvoiceFacts(1, 10, DUE, Decimal("100.00"), known_on=known_on), **changes)


def kinds(decision: Decision, *, skipped: bool) -> list[StepKind]:
    return [d.step.kind for d in decision.due if bool(d.skipped_reason) is skipped]


def recorded(decision: Decision, sent_on: date) -> tuple[DoneStep, ...]:
    return tuple(
        DoneStep(d.index, d.scheduled_on, sent_on, d.pay_before, skipped=bool(d.skipped_reason))
        for d in decision.due
    )


def test_an_invoice_that_arrives_overdue_starts_with_one_reminder():
    decision = plan_invoice(late(), CONSUMER, KNOWN)
    assert kinds(decision, skipped=False) == [StepKind.REMINDER]
    assert decision.actions[0].scheduled_on == KNOWN


def test_the_steps_whose_moment_passed_before_innen_knew_it_are_recorded_as_skipped():
    decision = plan_invoice(late(), CONSUMER, KNOWN)
    assert kinds(decision, skipped=True) == [StepKind.PRE_DUE_NOTICE]
    assert all(d.skipped_reason == BEFORE_KNOWN for d in decision.due if d.skipped_reason)
    assert not any(d.claims_costs or d.claims_interest for d in decision.due)


def test_a_pre_due_notice_never_goes_out_for_an_invoice_already_due():
    for known_on in (DUE, DUE + ONE_DAY, KNOWN):
        for policy in (BUSINESS, CONSUMER, replace(CONSUMER, late_start=BY_AGE)):
            decision = plan_invoice(late(known_on), policy, known_on + timedelta(days=3))
            assert StepKind.PRE_DUE_NOTICE not in kinds(decision, skipped=False)


def test_an_invoice_known_after_its_pre_due_moment_skips_the_notice_and_waits_for_the_reminder():
    decision = plan_invoice(late(DUE - ONE_DAY), BUSINESS, DUE - ONE_DAY)
    assert kinds(decision, skipped=True) == [StepKind.PRE_DUE_NOTICE]
    assert decision.actions == ()
    assert decision.next_on == date(2026, 3, 9)  # the reminder on its own day


def test_an_invoice_known_before_its_first_step_follows_the_ladder_as_usual():
    usual = plan_invoice(late(known_on=None), BUSINESS, date(2026, 3, 9))
    early = plan_invoice(late(date(2026, 2, 1)), BUSINESS, date(2026, 3, 9))
    assert early.due == usual.due


def test_the_steps_after_the_start_keep_their_spacing_from_the_day_it_went_out():
    first = plan_invoice(late(), BUSINESS, KNOWN)
    facts = late(done=recorded(first, KNOWN))
    later = plan_invoice(facts, BUSINESS, date(2026, 7, 1))
    assert [(d.step.kind, d.scheduled_on) for d in later.due] == [
        (StepKind.CALL_TASK, date(2026, 5, 13)),  # 7 days after the reminder, as on the ladder
        (StepKind.SECOND_REMINDER, date(2026, 5, 20)),
        (StepKind.INGEBREKESTELLING, date(2026, 5, 29)),
        (StepKind.HANDOVER, date(2026, 6, 26)),  # 14 days after the letter's 14-day term
    ]


def test_a_run_days_after_the_import_decides_what_the_run_on_that_day_would_have():
    on_the_day = plan_invoice(late(), CONSUMER, KNOWN)
    days_later = plan_invoice(late(), CONSUMER, KNOWN + timedelta(days=3))
    assert days_later.due == on_the_day.due


def test_a_policy_may_start_at_the_step_the_invoices_age_reaches():
    # known 20 March: the call (16 March) is the last step its age reached
    decision = plan_invoice(late(date(2026, 3, 20)), replace(BUSINESS, late_start=BY_AGE), KNOWN)
    assert kinds(decision, skipped=True) == [StepKind.PRE_DUE_NOTICE, StepKind.REMINDER]
    assert kinds(decision, skipped=False)[0] is StepKind.CALL_TASK
    assert decision.due[2].scheduled_on == date(2026, 3, 20)


def test_a_consumer_starts_no_later_than_the_14_day_letter_which_precedes_the_costs():
    # every step, the hand-over that claims costs too, had passed by 1 June
    decision = plan_invoice(
        late(date(2026, 6, 1)), replace(CONSUMER, late_start=BY_AGE), date(2026, 6, 1)
    )
    assert kinds(decision, skipped=False) == [StepKind.FOURTEEN_DAY_LETTER]
    assert StepKind.FOURTEEN_DAY_LETTER not in kinds(decision, skipped=True)
    handover = decision.ladder[-1]
    assert handover.state is StepState.PLANNED or handover.on is None
    assert not decision.actions[0].claims_costs


def test_a_legal_letter_is_never_skipped_for_a_late_business_invoice_either():
    decision = plan_invoice(
        late(date(2026, 6, 1)), replace(BUSINESS, late_start=BY_AGE), date(2026, 6, 1)
    )
    assert kinds(decision, skipped=False) == [StepKind.INGEBREKESTELLING]


def test_an_invoice_known_before_the_organisation_started_waits_for_its_start_day_as_before():
    # the start date governs: nothing is recorded as skipped, the reminder goes out that day
    facts = late(date(2026, 1, 5), collection_starts_on=KNOWN)
    decision = plan_invoice(facts, BUSINESS, KNOWN)
    assert [(d.step.kind, d.skipped_reason) for d in decision.due] == [(StepKind.REMINDER, "")]


def test_a_run_dated_before_innen_knew_the_invoice_plans_it_as_if_known_all_along():
    assert plan_invoice(late(), BUSINESS, KNOWN - ONE_DAY).due == (
        plan_invoice(late(known_on=None), BUSINESS, KNOWN - ONE_DAY).due
    )


def test_explain_shows_the_steps_skipped_before_innen_knew_it_and_where_it_starts():
    decision = plan_invoice(late(), CONSUMER, KNOWN, horizon=KNOWN + timedelta(days=60))
    text = "\n".join(explain(decision, CONSUMER, KNOWN))
    assert "[Pre-due notice] 2026-02-27: skipped (before innen knew this invoice)" in text
    assert "[Reminder] 2026-05-06: due now (pay before 2026-05-13; starts here" in text
    assert "[Call] 2026-05-13: planned" in text


# Properties over random due dates and import days

POLICIES = [
    BUSINESS,
    CONSUMER,
    replace(BUSINESS, late_start=BY_AGE),
    replace(CONSUMER, late_start=BY_AGE),
    replace(CONSUMER, skip_passed_steps=True),
]


@settings(max_examples=150, deadline=None)
@given(
    due=st.dates(date(2025, 1, 1), date(2027, 12, 31)),
    age=st.integers(-10, 400),
    later=st.integers(0, 10),
    policy=st.sampled_from(POLICIES),
)
def test_the_first_run_after_an_import_sends_at_most_one_step(due, age, later, policy):
    known_on = due + timedelta(days=age)
    facts = replace(InvoiceFacts(1, 10, due, Decimal("100.00")), known_on=known_on)
    decision = plan_invoice(facts, policy, known_on + timedelta(days=later))
    sent = [d for d in decision.due if d.scheduled_on <= known_on and not d.skipped_reason]
    assert len(sent) <= 1
    assert all(d.skipped_reason == BEFORE_KNOWN for d in decision.due if d.scheduled_on < known_on)
    if known_on >= due:
        assert StepKind.PRE_DUE_NOTICE not in [d.step.kind for d in decision.actions]
    legal = [d for d in decision.due if d.step.kind in LEGAL_STEPS]
    assert not any(d.skipped_reason for d in legal)
