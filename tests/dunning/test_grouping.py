"""One message per customer per day: the strictest step sets the letter, spacing holds the rest."""

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from innen.dunning.defaults import default_business_policy, default_consumer_policy
from innen.dunning.grouping import (
    DEFAULT_MIN_DAYS_BETWEEN_MESSAGES,
    group_messages,
    strictness,
)
from innen.dunning.planner import DueStep
from innen.dunning.policy import Policy, StepKind
from innen.dunning.timing import term_end

D = Decimal
BUSINESS = default_business_policy()
CONSUMER = default_consumer_policy()
TODAY = date(2026, 3, 9)

# The consumer ladder's steps by kind, for readable tests.
C = {step.kind: index for index, step in enumerate(CONSUMER.steps)}


def due_step(
    invoice_id: int,
    customer_id: int,
    index: int,
    *,
    policy: Policy = CONSUMER,
    on: date = TODAY,
    skipped: str = "",
) -> DueStep:
    step = policy.steps[index]
    return DueStep(
        invoice_id,
        customer_id,
        index,
        step,
        on,
        term_end(step, on),
        D("10.00"),
        False,
        False,
        skipped,
    )


def test_one_message_per_customer_a_day_lists_every_invoice_with_its_own_step():
    due = [
        due_step(1, 10, C[StepKind.REMINDER]),
        due_step(2, 20, C[StepKind.REMINDER]),
        due_step(3, 10, C[StepKind.SECOND_REMINDER]),
        due_step(4, 10, C[StepKind.FOURTEEN_DAY_LETTER]),
        due_step(5, 10, C[StepKind.REMINDER], skipped="its moment passed during a pause"),
    ]
    messages = group_messages(due, TODAY).messages
    assert [(m.customer_id, [(i.invoice_id, i.index) for i in m.items]) for m in messages] == [
        (10, [(1, 1), (3, 3), (4, 4)]),
        (20, [(2, 1)]),
    ]


def test_the_strictest_step_sets_the_letter():
    due = [
        due_step(1, 10, C[StepKind.REMINDER]),
        due_step(2, 10, C[StepKind.FOURTEEN_DAY_LETTER]),
        due_step(3, 10, C[StepKind.SECOND_REMINDER]),
    ]
    (message,) = group_messages(due, TODAY).messages
    assert message.step.kind is StepKind.FOURTEEN_DAY_LETTER
    assert message.index == C[StepKind.FOURTEEN_DAY_LETTER]


def test_a_pre_due_notice_gives_way_to_a_reminder():
    due = [due_step(1, 10, C[StepKind.PRE_DUE_NOTICE]), due_step(2, 10, C[StepKind.REMINDER])]
    (message,) = group_messages(due, TODAY).messages
    assert message.step.kind is StepKind.REMINDER


def test_a_call_task_goes_on_the_worklist_apart_from_the_day_s_message():
    due = [due_step(1, 10, C[StepKind.REMINDER]), due_step(2, 10, C[StepKind.CALL_TASK])]
    messages = group_messages(due, TODAY).messages
    assert [m.is_call_task for m in messages] == [False, True]


def test_a_message_asks_for_payment_before_the_latest_term_of_its_invoices():
    due = [
        replace(due_step(1, 10, 1), pay_before=date(2026, 3, 16)),
        replace(due_step(2, 10, 1), pay_before=date(2026, 3, 18)),
    ]
    assert group_messages(due, TODAY).messages[0].pay_before == date(2026, 3, 18)


def test_no_second_message_within_the_policy_s_spacing():
    due = [due_step(1, 10, C[StepKind.SECOND_REMINDER])]
    last = {10: TODAY - timedelta(days=3)}
    grouped = group_messages(due, TODAY, last_message_on=last, min_days={10: 7})
    assert grouped.messages == ()
    assert [item.invoice_id for item in grouped.held] == [1]
    assert grouped.held_until == {10: TODAY + timedelta(days=4)}


def test_the_spacing_is_the_policy_s_own_setting():
    due = [due_step(1, 10, C[StepKind.SECOND_REMINDER])]
    last = {10: TODAY - timedelta(days=3)}
    grouped = group_messages(due, TODAY, last_message_on=last, min_days={10: 3})
    assert len(grouped.messages) == 1
    assert DEFAULT_MIN_DAYS_BETWEEN_MESSAGES == 7


def test_a_held_step_goes_out_on_the_first_day_the_spacing_allows_counted_from_then():
    # Due on the 9th, three days after the last message: it waits until the 13th.
    held_day = date(2026, 3, 13)
    step = due_step(1, 10, C[StepKind.REMINDER])
    last = {10: TODAY - timedelta(days=3)}
    assert group_messages([step], TODAY, last_message_on=last).held
    later = group_messages([step], date(2026, 3, 16), last_message_on=last)
    (sent,) = later.messages[0].items
    # Its successors count from the day it went out, and so does its term.
    assert sent.scheduled_on == held_day
    assert sent.pay_before == term_end(sent.step, held_day)


def test_a_legal_letter_is_never_held_back_by_spacing_and_takes_the_rest_with_it():
    due = [
        due_step(1, 10, C[StepKind.FOURTEEN_DAY_LETTER]),
        due_step(2, 10, C[StepKind.REMINDER]),
    ]
    last = {10: TODAY - timedelta(days=1)}
    grouped = group_messages(due, TODAY, last_message_on=last)
    assert grouped.held == ()
    (message,) = grouped.messages
    assert message.step.kind is StepKind.FOURTEEN_DAY_LETTER
    assert [item.scheduled_on for item in message.items] == [TODAY, TODAY]


def test_a_legal_letter_never_makes_a_second_message_on_one_day():
    due = [due_step(1, 10, C[StepKind.FOURTEEN_DAY_LETTER])]
    grouped = group_messages(due, TODAY, last_message_on={10: TODAY})
    assert grouped.messages == ()
    assert grouped.held_until == {10: TODAY + timedelta(days=1)}


def test_the_business_ingebrekestelling_is_a_legal_letter_too():
    due = [due_step(1, 10, 4, policy=BUSINESS)]
    assert BUSINESS.steps[4].kind is StepKind.INGEBREKESTELLING
    grouped = group_messages(due, TODAY, last_message_on={10: TODAY - timedelta(days=2)})
    assert len(grouped.messages) == 1


# --- properties ------------------------------------------------------------------------

DUE_STEPS = st.lists(
    st.tuples(
        st.integers(1, 4),  # customer
        st.sampled_from(range(len(CONSUMER.steps))),
        st.integers(0, 20),  # days before today it became due
    ),
    max_size=25,
)
LAST = st.dictionaries(st.integers(1, 4), st.integers(0, 20), max_size=4)


@settings(max_examples=200, deadline=None)
@given(DUE_STEPS, LAST, st.integers(0, 14))
def test_never_two_messages_for_one_customer_on_one_day(rows, last_days, spacing):
    due = [
        due_step(n, customer, index, on=TODAY - timedelta(days=age))
        for n, (customer, index, age) in enumerate(rows)
    ]
    last = {c: TODAY - timedelta(days=days) for c, days in last_days.items()}
    spacing_of = {c: spacing for c in range(1, 5)}
    grouped = group_messages(due, TODAY, last_message_on=last, min_days=spacing_of)
    letters = Counter(m.customer_id for m in grouped.messages if not m.is_call_task)
    assert all(count == 1 for count in letters.values())
    # Each step due is sent once or held, never lost or doubled.
    sent = [item.invoice_id for m in grouped.messages for item in m.items]
    assert sorted(sent + [item.invoice_id for item in grouped.held]) == list(range(len(rows)))
    for message in grouped.messages:
        assert all(strictness(item) <= strictness(message.strictest) for item in message.items)
        if message.is_call_task or message.customer_id not in last:
            continue
        gap = (TODAY - last[message.customer_id]).days
        legal = any(item.step.kind is StepKind.FOURTEEN_DAY_LETTER for item in message.items)
        assert gap >= 1
        assert legal or gap >= max(spacing, 1)
        assert all(item.scheduled_on <= TODAY for item in message.items)
