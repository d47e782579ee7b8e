"""No step falls on a Sunday or Dutch public holiday, and no call task on a Saturday either:
it moves to the next day it may fall on, and the later steps keep their spacing from there."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from innen.dunning.defaults import default_business_policy, default_consumer_policy
from innen.dunning.explain import explain
from innen.dunning.planner import DoneStep, HoldPeriod, HoldReason, InvoiceFacts, plan_invoice
from innen.dunning.policy import Channel, StepKind
from innen.law.calendar import is_atw_holiday

BUSINESS = default_business_policy()
CONSUMER = default_consumer_policy()
ONE_DAY = timedelta(days=1)


def ladder(due: date, policy=BUSINESS, **changes) -> list[tuple[StepKind, date]]:
    facts = replace(InvoiceFacts(1, 10, due, Decimal("100.00")), **changes)
    decision = plan_invoice(facts, policy, due + timedelta(days=200))
    return [(d.step.kind, d.scheduled_on) for d in decision.actions]


def test_a_step_that_would_fall_on_a_sunday_moves_to_monday_and_the_later_steps_with_it():
    # due Sunday 1 March 2026: reminder, call and second reminder would all fall on a Sunday
    assert ladder(date(2026, 3, 1))[:5] == [
        (StepKind.PRE_DUE_NOTICE, date(2026, 2, 26)),
        (StepKind.REMINDER, date(2026, 3, 9)),  # Sunday 8 March moved to Monday
        (StepKind.CALL_TASK, date(2026, 3, 16)),  # 7 days after the reminder that went out
        (StepKind.SECOND_REMINDER, date(2026, 3, 23)),
        (StepKind.INGEBREKESTELLING, date(2026, 4, 1)),
    ]


def test_a_step_on_a_public_holiday_moves_to_the_next_day():
    # due Monday 20 April 2026: the reminder would fall on King's Day, Monday 27 April
    assert ladder(date(2026, 4, 20))[1] == (StepKind.REMINDER, date(2026, 4, 28))


def test_liberation_day_counts_every_year_as_the_law_engine_has_it():
    # due 28 April 2026: the reminder would fall on 5 May (not a lustrum year)
    assert ladder(date(2026, 4, 28))[1] == (StepKind.REMINDER, date(2026, 5, 6))


def test_an_e_mail_may_go_out_on_a_saturday_but_a_call_task_waits_for_monday():
    # due Saturday 7 March 2026: the reminder on Saturday 14 March stays, the call of
    # Saturday 21 March moves to Monday 23 March
    steps = dict(ladder(date(2026, 3, 7)))
    assert steps[StepKind.REMINDER] == date(2026, 3, 14)
    assert steps[StepKind.CALL_TASK] == date(2026, 3, 23)


def test_a_step_that_resumes_after_a_hold_on_a_sunday_goes_out_on_monday():
    hold = HoldPeriod(date(2026, 3, 7), date(2026, 3, 14), HoldReason.PROMISE)
    assert ladder(date(2026, 3, 2), holds=(hold,))[1] == (StepKind.REMINDER, date(2026, 3, 16))


def test_the_explanation_names_the_day_a_step_moved_from():
    facts = InvoiceFacts(1, 10, date(2026, 3, 1), Decimal("100.00"))
    today = date(2026, 3, 5)
    decision = plan_invoice(facts, BUSINESS, today, horizon=today + timedelta(days=60))
    text = "\n".join(explain(decision, BUSINESS, today))
    assert (
        "[Reminder] 2026-03-09: planned (pay before 2026-03-16; moved from Sun 2026-03-08)" in text
    )


def _forbidden(kind_channels: frozenset[Channel], day: date) -> bool:
    call = Channel.CALL in kind_channels
    return day.weekday() == 6 or is_atw_holiday(day) or (call and day.weekday() == 5)


holds = st.lists(
    st.tuples(st.integers(-10, 120), st.integers(0, 40)).map(lambda t: (t[0], t[0] + t[1])),
    max_size=2,
)


@settings(max_examples=80, deadline=None)
@given(
    due=st.dates(date(2025, 1, 1), date(2027, 12, 31)),
    policy=st.sampled_from([BUSINESS, CONSUMER]),
    pauses=holds,
    age=st.one_of(st.none(), st.integers(0, 200)),
)
def test_no_step_on_a_sunday_or_holiday_and_no_call_on_a_saturday_run_day_by_day(
    due, policy, pauses, age
):
    hold_periods = tuple(
        HoldPeriod(due + timedelta(days=a), due + timedelta(days=b), HoldReason.MANUAL)
        for a, b in pauses
    )
    known_on = due + timedelta(days=age) if age is not None else None
    facts = InvoiceFacts(1, 10, due, Decimal("100.00"), holds=hold_periods, known_on=known_on)
    day = due - timedelta(days=5)
    for _ in range(260):
        decision = plan_invoice(facts, policy, day)
        for item in decision.actions:
            assert not _forbidden(item.step.channels, item.scheduled_on), (item, day)
        done = tuple(
            DoneStep(d.index, d.scheduled_on, day, d.pay_before, skipped=bool(d.skipped_reason))
            for d in decision.due
        )
        facts = replace(facts, done=facts.done + done)
        day += ONE_DAY
