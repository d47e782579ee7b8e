from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from innen.dunning.defaults import default_business_policy, default_consumer_policy
from innen.dunning.explain import explain
from innen.dunning.planner import (
    Decision,
    DoneStep,
    HoldPeriod,
    HoldReason,
    InvoiceFacts,
    StepState,
    Waiting,
    plan_invoice,
)
from innen.dunning.policy import CustomerKind, Policy, Step, StepKind
from innen.law.letter_term import letter_term

D = Decimal
BUSINESS = default_business_policy()
CONSUMER = default_consumer_policy()
DUE = date(2026, 3, 2)  # a Monday
ONE_DAY = timedelta(days=1)

# The shipped ladders for an invoice due on Monday 2 March 2026, written out.
PRE_DUE = date(2026, 2, 27)  # due - 3
REMINDER = date(2026, 3, 9)  # due + 7, pay before 16 March
CALL = date(2026, 3, 16)  # due + 14
SECOND = date(2026, 3, 23)  # due + 21, pay before 30 March
LETTER = date(2026, 4, 1)  # due + 30, pay before 15 April (business)
# Business hand-over: 14 days after the ingebrekestelling's term of 14 days.
BUSINESS_HANDOVER = date(2026, 4, 29)
# Consumer: the 14-day letter posted Wednesday 1 April 2026 is presumed received on Saturday
# 4 April (Good Friday does not count); its term ends Saturday 18 April, moved to Monday 20
# April; the hand-over comes 14 days later.
CONSUMER_LETTER_TERM_ENDS = date(2026, 4, 20)
CONSUMER_HANDOVER = date(2026, 5, 4)


def invoice(**changes) -> InvoiceFacts:
    return replace(InvoiceFacts(1, 10, DUE, D("100.00")), **changes)


def due_on(decision: Decision) -> list[tuple[StepKind, date]]:
    return [(d.step.kind, d.scheduled_on) for d in decision.due]


def done(decision: Decision, sent_on: date | None = None) -> tuple[DoneStep, ...]:
    return tuple(
        DoneStep(
            d.index,
            d.scheduled_on,
            sent_on or d.scheduled_on,
            d.pay_before,
            skipped=bool(d.skipped_reason),
        )
        for d in decision.due
    )


def consumer_policy(*steps: Step, **changes) -> Policy:
    return Policy("Particulier", CustomerKind.CONSUMER, steps, **changes)


# The ladders


def test_the_business_ladder_from_pre_due_notice_to_handover():
    decision = plan_invoice(invoice(), BUSINESS, date(2026, 6, 1))
    assert due_on(decision) == [
        (StepKind.PRE_DUE_NOTICE, PRE_DUE),
        (StepKind.REMINDER, REMINDER),
        (StepKind.CALL_TASK, CALL),
        (StepKind.SECOND_REMINDER, SECOND),
        (StepKind.INGEBREKESTELLING, LETTER),
        (StepKind.HANDOVER, BUSINESS_HANDOVER),
    ]
    assert [d.pay_before for d in decision.due] == [
        None,
        date(2026, 3, 16),
        None,
        date(2026, 3, 30),
        date(2026, 4, 15),
        None,
    ]
    assert decision.waiting is Waiting.FINISHED


def test_the_business_ingebrekestelling_and_handover_claim_costs_and_interest():
    decision = plan_invoice(invoice(), BUSINESS, date(2026, 6, 1))
    claiming = [d.step.kind for d in decision.due if d.claims_costs and d.claims_interest]
    assert claiming == [StepKind.INGEBREKESTELLING, StepKind.HANDOVER]


def test_the_consumer_ladder_hands_over_14_days_after_the_letters_statutory_term():
    history = plan_invoice(invoice(), CONSUMER, LETTER)
    assert due_on(history)[-1] == (StepKind.FOURTEEN_DAY_LETTER, LETTER)
    assert history.due[-1].pay_before == CONSUMER_LETTER_TERM_ENDS
    decision = plan_invoice(invoice(done=done(history)), CONSUMER, date(2026, 6, 1))
    assert due_on(decision) == [(StepKind.HANDOVER, CONSUMER_HANDOVER)]
    assert decision.due[0].claims_costs


def test_each_step_is_due_on_its_day_and_not_the_day_before():
    assert due_on(plan_invoice(invoice(), BUSINESS, date(2026, 2, 26))) == []
    facts = invoice()
    for day, kind in [
        (PRE_DUE, StepKind.PRE_DUE_NOTICE),
        (REMINDER, StepKind.REMINDER),
        (CALL, StepKind.CALL_TASK),
        (SECOND, StepKind.SECOND_REMINDER),
        (LETTER, StepKind.INGEBREKESTELLING),
        (BUSINESS_HANDOVER, StepKind.HANDOVER),
    ]:
        the_day_before = plan_invoice(facts, BUSINESS, day - ONE_DAY)
        assert the_day_before.due == ()
        assert the_day_before.waiting is Waiting.NOT_YET_DUE
        assert the_day_before.next_on == day
        decision = plan_invoice(facts, BUSINESS, day)
        assert due_on(decision) == [(kind, day)]
        facts = replace(facts, done=facts.done + done(decision))


def test_done_steps_are_never_returned_again():
    first = plan_invoice(invoice(), BUSINESS, CALL)
    assert len(first.due) == 3
    again = plan_invoice(invoice(done=done(first)), BUSINESS, CALL)
    assert again.due == ()
    later = plan_invoice(invoice(done=done(first)), BUSINESS, date(2026, 6, 1))
    assert [d.index for d in later.due] == [3, 4, 5]


# Why nothing happens


def test_a_paid_invoice_gets_nothing():
    decision = plan_invoice(invoice(open_amount=D("0.00")), BUSINESS, date(2026, 6, 1))
    assert (decision.due, decision.waiting) == ((), Waiting.PAID)


def test_an_invoice_paid_too_much_gets_nothing():
    decision = plan_invoice(invoice(open_amount=D("-5.00")), BUSINESS, date(2026, 6, 1))
    assert (decision.due, decision.waiting) == ((), Waiting.PAID)


def test_an_excluded_invoice_gets_nothing():
    decision = plan_invoice(invoice(excluded=True), BUSINESS, date(2026, 6, 1))
    assert (decision.due, decision.waiting) == ((), Waiting.EXCLUDED)
    assert decision.skip_reason is Waiting.EXCLUDED


def test_without_a_policy_an_invoice_gets_nothing():
    decision = plan_invoice(invoice(), None, date(2026, 6, 1))
    assert (decision.due, decision.waiting) == ((), Waiting.NO_POLICY)


# Holds


def test_an_open_ended_hold_stops_the_ladder():
    hold = HoldPeriod(date(2026, 3, 5), None, HoldReason.DISPUTE)
    facts = invoice(holds=(hold,), done=done(plan_invoice(invoice(), BUSINESS, PRE_DUE)))
    decision = plan_invoice(facts, BUSINESS, date(2026, 12, 31))
    assert decision.due == ()
    assert decision.waiting is Waiting.HOLD
    assert decision.hold == hold
    assert decision.ladder[1].state is StepState.ON_HOLD


def test_nothing_is_decided_on_a_day_a_hold_covers_even_a_step_from_before_it():
    # no run between 26 February and 10 March; a dispute was opened on 5 March
    hold = HoldPeriod(date(2026, 3, 5), None, HoldReason.DISPUTE)
    decision = plan_invoice(invoice(holds=(hold,)), BUSINESS, date(2026, 3, 10))
    assert (decision.due, decision.waiting, decision.hold) == ((), Waiting.HOLD, hold)


def test_a_step_from_before_a_hold_is_decided_after_it_ends():
    # the pre-due notice of 27 February was not decided before the hold of 1 to 5 March
    hold = HoldPeriod(date(2026, 3, 1), date(2026, 3, 5), HoldReason.MANUAL)
    assert plan_invoice(invoice(holds=(hold,)), BUSINESS, date(2026, 3, 5)).due == ()
    decision = plan_invoice(invoice(holds=(hold,)), BUSINESS, date(2026, 3, 6))
    assert [d.step.kind for d in decision.due] == [StepKind.PRE_DUE_NOTICE]


def test_a_postponed_step_is_never_decided_for_a_day_before_its_first_decision():
    # the reminder was decided on 9 March but withdrawn by a hold before it went out
    facts = invoice(
        done=done(plan_invoice(invoice(), BUSINESS, PRE_DUE)), postponed=((1, REMINDER),)
    )
    decision = plan_invoice(facts, BUSINESS, date(2026, 3, 20))
    assert due_on(decision)[0] == (StepKind.REMINDER, REMINDER)
    early = replace(facts, postponed=((1, date(2026, 3, 12)),))
    assert plan_invoice(early, BUSINESS, date(2026, 3, 11)).due == ()
    assert due_on(plan_invoice(early, BUSINESS, date(2026, 3, 12))) == [
        (StepKind.REMINDER, date(2026, 3, 12))
    ]


def test_an_open_ended_hold_from_before_the_due_date_lets_nothing_out():
    hold = HoldPeriod(date(2026, 2, 1), None, HoldReason.PAYMENT_PLAN)
    decision = plan_invoice(invoice(holds=(hold,)), BUSINESS, date(2026, 12, 31))
    assert (decision.due, decision.waiting) == ((), Waiting.HOLD)
    assert decision.skip_reason is Waiting.HOLD


def test_after_a_hold_the_ladder_resumes_the_next_day_and_keeps_its_spacing():
    # held 7 to 12 March: the reminder of 9 March goes out on 13 March, 4 days late,
    # and every later step comes 4 days later too
    hold = HoldPeriod(date(2026, 3, 7), date(2026, 3, 12), HoldReason.PROMISE)
    decision = plan_invoice(invoice(holds=(hold,)), BUSINESS, date(2026, 6, 1))
    assert due_on(decision) == [
        (StepKind.PRE_DUE_NOTICE, PRE_DUE),
        (StepKind.REMINDER, date(2026, 3, 13)),
        (StepKind.CALL_TASK, date(2026, 3, 20)),
        (StepKind.SECOND_REMINDER, date(2026, 3, 27)),
        # 5 April is Easter Sunday, 6 April Easter Monday: the letter moves to Tuesday
        (StepKind.INGEBREKESTELLING, date(2026, 4, 7)),
        # 7 April + 14 days term + 14 days is 5 May (Liberation Day): Wednesday 6 May
        (StepKind.HANDOVER, date(2026, 5, 6)),
    ]


def test_a_hold_that_ended_before_a_step_does_not_move_it():
    hold = HoldPeriod(date(2026, 3, 3), date(2026, 3, 5), HoldReason.MANUAL)
    decision = plan_invoice(invoice(holds=(hold,)), BUSINESS, CALL)
    assert due_on(decision)[1:] == [(StepKind.REMINDER, REMINDER), (StepKind.CALL_TASK, CALL)]


def test_while_held_the_decision_says_hold_and_names_the_day_after_it():
    hold = HoldPeriod(date(2026, 3, 7), date(2026, 3, 12), HoldReason.PROMISE)
    facts = invoice(holds=(hold,), done=done(plan_invoice(invoice(), BUSINESS, PRE_DUE)))
    decision = plan_invoice(facts, BUSINESS, date(2026, 3, 10))
    assert (decision.due, decision.waiting, decision.hold) == ((), Waiting.HOLD, hold)
    assert decision.next_on == date(2026, 3, 13)


def test_skipping_a_policy_records_steps_whose_moment_passed_as_skipped():
    # held 7 March to 12 April: reminder, call and second reminder all fall in the pause
    policy = replace(CONSUMER, skip_passed_steps=True)
    hold = HoldPeriod(date(2026, 3, 7), date(2026, 4, 12), HoldReason.DISPUTE)
    decision = plan_invoice(invoice(holds=(hold,)), policy, date(2026, 4, 13))
    skipped = [d.step.kind for d in decision.due if d.skipped_reason]
    assert skipped == [StepKind.REMINDER, StepKind.CALL_TASK, StepKind.SECOND_REMINDER]
    assert all(d.scheduled_on == date(2026, 4, 13) for d in decision.due[1:])
    assert not any(d.claims_costs or d.claims_interest for d in decision.due if d.skipped_reason)
    assert [d.step.kind for d in decision.actions] == [
        StepKind.PRE_DUE_NOTICE,
        StepKind.FOURTEEN_DAY_LETTER,
    ]


def test_a_skipping_policy_never_skips_the_14_day_letter_or_the_ingebrekestelling():
    hold = HoldPeriod(date(2026, 3, 7), date(2026, 6, 30), HoldReason.DISPUTE)
    for policy, legal in [
        (CONSUMER, StepKind.FOURTEEN_DAY_LETTER),
        (BUSINESS, StepKind.INGEBREKESTELLING),
    ]:
        skipping = replace(policy, skip_passed_steps=True)
        decision = plan_invoice(invoice(holds=(hold,)), skipping, date(2026, 7, 1))
        [letter] = [d for d in decision.due if d.step.kind is legal]
        assert letter.skipped_reason == ""
        assert letter.scheduled_on == date(2026, 7, 1)


def test_a_ladder_that_is_not_skipping_sends_every_step_after_a_pause():
    hold = HoldPeriod(date(2026, 3, 7), date(2026, 4, 12), HoldReason.DISPUTE)
    decision = plan_invoice(invoice(holds=(hold,)), CONSUMER, date(2026, 4, 13))
    assert all(d.skipped_reason == "" for d in decision.due)
    assert due_on(decision) == [
        (StepKind.PRE_DUE_NOTICE, PRE_DUE),
        (StepKind.REMINDER, date(2026, 4, 13)),
    ]


# Minimum amounts and the pre-due notice


def test_a_step_above_the_open_amount_is_passed_by_and_the_ladder_goes_on():
    steps = list(BUSINESS.steps)
    steps[3] = replace(steps[3], min_open_amount=D("500.00"))  # the second reminder
    policy = replace(BUSINESS, steps=tuple(steps))
    decision = plan_invoice(invoice(), policy, date(2026, 6, 1))
    assert StepKind.SECOND_REMINDER not in [kind for kind, _ in due_on(decision)]
    assert (StepKind.INGEBREKESTELLING, LETTER) in due_on(decision)
    assert (StepKind.HANDOVER, BUSINESS_HANDOVER) in due_on(decision)
    assert decision.ladder[3].state is StepState.PASSED_BELOW_MINIMUM


def test_a_step_exactly_at_its_minimum_is_sent():
    steps = list(BUSINESS.steps)
    steps[3] = replace(steps[3], min_open_amount=D("100.00"))
    policy = replace(BUSINESS, steps=tuple(steps))
    decision = plan_invoice(invoice(), policy, date(2026, 6, 1))
    assert (StepKind.SECOND_REMINDER, SECOND) in due_on(decision)


def test_when_every_remaining_step_is_below_the_minimum_the_reason_says_so():
    steps = tuple(replace(s, min_open_amount=D("1000.00")) for s in BUSINESS.steps)
    decision = plan_invoice(invoice(), replace(BUSINESS, steps=steps), date(2026, 6, 1))
    assert (decision.due, decision.waiting) == ((), Waiting.BELOW_MINIMUM)


def test_a_pre_due_notice_that_would_come_on_or_after_the_due_date_is_passed_by():
    # collecting with innen started on the due date itself: the notice is pointless
    facts = invoice(collection_starts_on=DUE)
    decision = plan_invoice(facts, BUSINESS, REMINDER)
    assert due_on(decision) == [(StepKind.REMINDER, REMINDER)]
    assert decision.ladder[0].state is StepState.PASSED_AFTER_DUE


def test_an_old_invoice_starts_at_the_reminder_on_the_day_collection_starts():
    # due 10 January 2025, collecting with innen from Monday 2 March 2026: one reminder,
    # then the ladder's usual spacing, not every step at once
    facts = InvoiceFacts(1, 10, date(2025, 1, 10), D("100.00"), collection_starts_on=DUE)
    assert plan_invoice(facts, BUSINESS, date(2026, 3, 1)).due == ()
    decision = plan_invoice(facts, BUSINESS, DUE)
    assert due_on(decision) == [(StepKind.REMINDER, DUE)]
    later = plan_invoice(replace(facts, done=done(decision)), BUSINESS, date(2026, 3, 30))
    assert due_on(later) == [
        (StepKind.CALL_TASK, date(2026, 3, 9)),
        (StepKind.SECOND_REMINDER, date(2026, 3, 16)),
        (StepKind.INGEBREKESTELLING, date(2026, 3, 25)),
    ]


# The consumer's collection costs (art. 6:96 lid 6 BW)


def test_a_consumer_handover_waits_for_the_term_of_the_letter_as_it_was_really_sent():
    # the letter due on 1 April went out only on Friday 24 April 2026: presumed received
    # Tuesday 28 April (Sunday and King's Day Monday do not count), costs from 13 May
    history = plan_invoice(invoice(), CONSUMER, LETTER)
    facts = invoice(done=done(history)[:-1] + done(history, date(2026, 4, 24))[-1:])
    costs_from = letter_term(date(2026, 4, 24), "post").costs_from
    assert costs_from == date(2026, 5, 13)
    waiting = plan_invoice(facts, CONSUMER, date(2026, 5, 12))
    assert (waiting.due, waiting.next_on) == ((), costs_from)
    decision = plan_invoice(facts, CONSUMER, costs_from)
    assert due_on(decision) == [(StepKind.HANDOVER, costs_from)]
    assert decision.due[0].claims_costs


def test_a_consumer_step_claiming_costs_never_comes_before_the_letters_costs_from():
    letter = Step(StepKind.FOURTEEN_DAY_LETTER, "Veertiendagenbrief", 30, pay_term_days=14)
    costs = Step(StepKind.HANDOVER, "Overdracht", 31, claims_costs=True)
    policy = consumer_policy(letter, costs)
    sent = plan_invoice(invoice(), policy, LETTER)
    assert due_on(sent) == [(StepKind.FOURTEEN_DAY_LETTER, LETTER)]
    # e-mailed 1 April, received 2 April, term to 16 April: costs from 17 April, not 2 April
    costs_from = letter_term(LETTER, "email").costs_from
    assert costs_from == date(2026, 4, 17)
    facts = invoice(done=done(sent))
    assert plan_invoice(facts, policy, costs_from - ONE_DAY).due == ()
    decision = plan_invoice(facts, policy, date(2026, 6, 1))
    assert due_on(decision) == [(StepKind.HANDOVER, costs_from)]
    assert decision.due[0].claims_costs


def test_a_consumer_letter_decided_late_counts_its_costs_from_the_day_it_goes_out():
    letter = Step(StepKind.FOURTEEN_DAY_LETTER, "Veertiendagenbrief", 30, pay_term_days=14)
    costs = Step(StepKind.HANDOVER, "Overdracht", 31, claims_costs=True)
    policy = consumer_policy(letter, costs)
    # no run between 1 April and Monday 1 June: the letter goes out on 1 June
    decision = plan_invoice(invoice(), policy, date(2026, 6, 1), horizon=date(2026, 7, 1))
    assert due_on(decision) == [(StepKind.FOURTEEN_DAY_LETTER, LETTER)]
    assert decision.ladder[1].on == letter_term(date(2026, 6, 1), "email").costs_from


def test_the_same_step_for_a_business_is_not_held_back():
    letter = Step(StepKind.FOURTEEN_DAY_LETTER, "Veertiendagenbrief", 30, pay_term_days=14)
    costs = Step(StepKind.HANDOVER, "Overdracht", 31, claims_costs=True)
    policy = Policy("Zakelijk", CustomerKind.BUSINESS, (letter, costs))
    decision = plan_invoice(invoice(), policy, date(2026, 6, 1))
    assert due_on(decision)[1] == (StepKind.HANDOVER, date(2026, 4, 2))


def test_a_consumer_handover_claims_no_costs_when_no_14_day_letter_went_out():
    steps = list(CONSUMER.steps)
    steps[4] = replace(steps[4], min_open_amount=D("500.00"))  # the letter
    policy = replace(CONSUMER, steps=tuple(steps))
    decision = plan_invoice(invoice(), policy, date(2026, 6, 1))
    [handover] = [d for d in decision.due if d.step.kind is StepKind.HANDOVER]
    assert StepKind.FOURTEEN_DAY_LETTER not in [d.step.kind for d in decision.due]
    assert handover.claims_costs is False
    lines = explain(plan_invoice(invoice(), policy, date(2026, 6, 1)), policy, DUE)
    assert any("claims no costs" in line for line in lines)


# Explanations


def test_explain_names_the_policy_every_step_with_its_day_and_state_and_what_is_next():
    facts = invoice(done=done(plan_invoice(invoice(), BUSINESS, REMINDER)))
    decision = plan_invoice(facts, BUSINESS, date(2026, 3, 10), horizon=date(2026, 6, 1))
    lines = explain(decision, BUSINESS, date(2026, 3, 10))
    assert lines[0] == "Date: 2026-03-10"
    assert lines[1] == "Policy: Zakelijk (standaard)"
    assert lines[2] == "1. Vriendelijke herinnering vooraf [Pre-due notice] 2026-02-27: done"
    assert lines[3] == (
        "2. Betalingsherinnering [Reminder] 2026-03-09: done (pay before 2026-03-16)"
    )
    assert lines[4] == "3. Bellen [Call] 2026-03-16: planned"
    assert lines[7] == (
        "6. Overdracht aan incassobureau [Hand-over to collection agency] 2026-04-29: planned"
    )
    assert lines[-1] == "Next: the next step is not due yet; next step on 2026-03-16"


def test_explain_gives_the_hold_its_reason_and_end_date():
    hold = HoldPeriod(date(2026, 3, 7), date(2026, 3, 20), HoldReason.DISPUTE)
    facts = invoice(holds=(hold,), done=done(plan_invoice(invoice(), BUSINESS, PRE_DUE)))
    lines = explain(plan_invoice(facts, BUSINESS, date(2026, 3, 10)), BUSINESS, date(2026, 3, 10))
    assert lines[-1] == (
        "Next: collection is on hold (dispute until 2026-03-20); next step on 2026-03-21"
    )


def test_explain_an_open_ended_hold_and_a_missing_policy():
    hold = HoldPeriod(date(2026, 3, 7), None, HoldReason.PAYMENT_PLAN)
    facts = invoice(holds=(hold,), done=done(plan_invoice(invoice(), BUSINESS, PRE_DUE)))
    lines = explain(plan_invoice(facts, BUSINESS, date(2026, 3, 10)), BUSINESS, DUE)
    assert "2. Betalingsherinnering [Reminder] —: waits for the hold to end" in lines
    assert lines[-1] == "Next: collection is on hold (payment plan until lifted)"
    no_policy = explain(plan_invoice(invoice(), None, DUE), None, DUE)
    assert no_policy[1:] == [
        "Policy: none",
        "Next: no dunning policy applies to this customer",
    ]


def test_explain_lists_what_is_due_now():
    lines = explain(plan_invoice(invoice(), BUSINESS, REMINDER), BUSINESS, REMINDER)
    assert "2. Betalingsherinnering [Reminder] 2026-03-09: due now (pay before 2026-03-16)" in lines
    assert lines[-1] == "Next: due now: Vriendelijke herinnering vooraf, Betalingsherinnering"
