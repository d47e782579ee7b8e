"""Properties of the planner over random (valid) policies, invoices, holds and periods.

The main one: a run after days off decides exactly what the missed daily runs would have
decided. Two differences are meant: a consumer's 14-day letter that went out late starts its
term late, so a step that claims the costs it named may come later (art. 6:96 lid 6 BW); and
nothing is decided on a day a hold covers, so a run after days off that lands in a hold
decides nothing.
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from innen.dunning.checks import policy_problems
from innen.dunning.planner import (
    DoneStep,
    HoldPeriod,
    HoldReason,
    InvoiceFacts,
    Waiting,
    plan_invoice,
)
from innen.dunning.policy import (
    Anchor,
    Channel,
    CustomerKind,
    DayCount,
    Policy,
    Step,
    StepKind,
)
from innen.law.calendar import is_atw_holiday
from innen.law.letter_term import letter_term

ONE_DAY = timedelta(days=1)
FAST = settings(max_examples=60, deadline=None)

LATER_KINDS = [k for k in StepKind if k is not StepKind.PRE_DUE_NOTICE]
CHANNEL_SETS = [
    frozenset({Channel.EMAIL}),
    frozenset({Channel.LETTER}),
    frozenset({Channel.EMAIL, Channel.LETTER}),
    frozenset({Channel.CALL}),
]
AMOUNTS = [Decimal(a) for a in ("0", "25.00", "100.00", "500.00")]
OPEN_AMOUNTS = [*AMOUNTS[1:], Decimal("2000.00")]


@st.composite
def policies(
    draw, customer_kind: CustomerKind | None = None, letter_then_costs: bool = False
) -> Policy:
    """A ladder of 1 to 6 steps the checks accept (with `letter_then_costs`: a 14-day
    letter and, after it, a step that claims costs)."""
    count = draw(st.integers(2 if letter_then_costs else 1, 6))
    letter_at = costs_at = None
    if letter_then_costs:
        letter_at = draw(st.integers(0, count - 2))
        costs_at = draw(st.integers(letter_at + 1, count - 1))
    last_due_offset = draw(st.integers(-10, 10))
    steps = []
    for index in range(count):
        if index == letter_at:
            kind = StepKind.FOURTEEN_DAY_LETTER
        elif index == 0 and draw(st.booleans()):
            kind = StepKind.PRE_DUE_NOTICE
        else:
            kind = draw(st.sampled_from(LATER_KINDS))
            if index == costs_at and kind is StepKind.FOURTEEN_DAY_LETTER:
                kind = StepKind.HANDOVER
        if kind is StepKind.PRE_DUE_NOTICE:
            anchor = Anchor.DUE_DATE
            offset = -draw(st.integers(0, 10))
        else:
            anchor = Anchor.DUE_DATE if index == 0 else draw(st.sampled_from(list(Anchor)))
            offset = draw(st.integers(0, 20))
            if anchor is Anchor.DUE_DATE:
                offset = last_due_offset + offset
        if anchor is Anchor.DUE_DATE:
            last_due_offset = offset
        letter = kind is StepKind.FOURTEEN_DAY_LETTER
        steps.append(
            Step(
                kind,
                f"{kind} {index + 1}",
                offset,
                anchor=anchor,
                day_count=draw(st.sampled_from(list(DayCount))),
                min_open_amount=draw(st.sampled_from(AMOUNTS)),
                channels=draw(st.sampled_from(CHANNEL_SETS[:3] if letter else CHANNEL_SETS)),
                pay_term_days=draw(st.none() | st.integers(14 if letter else 0, 21)),
                claims_costs=index == costs_at or (not letter and draw(st.booleans())),
                claims_interest=draw(st.booleans()),
            )
        )
    policy = Policy(
        "random",
        customer_kind or draw(st.sampled_from(list(CustomerKind))),
        tuple(steps),
        skip_passed_steps=draw(st.booleans()),
    )
    assume(policy_problems(policy) == [])
    return policy


@st.composite
def holds(draw, due_date: date) -> HoldPeriod:
    starts_on = due_date + timedelta(days=draw(st.integers(-20, 120)))
    ends_on = draw(st.none() | st.integers(0, 40).map(lambda n: starts_on + timedelta(days=n)))
    return HoldPeriod(starts_on, ends_on, draw(st.sampled_from(list(HoldReason))))


@st.composite
def invoices(draw):
    due_date = draw(st.dates(date(2025, 1, 1), date(2027, 12, 31)))
    starts = draw(st.none() | st.integers(-30, 120).map(lambda n: due_date + timedelta(days=n)))
    return InvoiceFacts(
        1,
        10,
        due_date,
        draw(st.sampled_from(OPEN_AMOUNTS)),
        holds=tuple(draw(st.lists(holds(due_date), max_size=2))),
        collection_starts_on=starts,
    )


@dataclass(frozen=True)
class Period:
    first: date  # the first daily run
    last: date  # the last daily run, and the day of the catch-up run
    gap_from: date  # no runs from this day until `last`


@st.composite
def periods(draw, due_date: date) -> Period:
    first = due_date + timedelta(days=draw(st.integers(-15, 150)))
    days = draw(st.integers(1, 90))
    gap = draw(st.integers(0, days - 1))
    return Period(first, first + timedelta(days=days - 1), first + timedelta(days=gap))


def letter_day(facts: InvoiceFacts, policy: Policy) -> date | None:
    """The day the ladder plans the first 14-day letter, when it plans one."""
    far = facts.due_date + timedelta(days=400)
    ladder = plan_invoice(facts, policy, facts.due_date - timedelta(days=30), horizon=far).ladder
    days = [p.on for p in ladder if p.step.kind is StepKind.FOURTEEN_DAY_LETTER and p.on]
    return days[0] if days else None


@st.composite
def cases(draw, customer_kind: CustomerKind | None = None, letter_then_costs: bool = False):
    policy = draw(policies(customer_kind, letter_then_costs))
    facts = draw(invoices())
    letter_on = letter_day(facts, policy) if letter_then_costs else None
    if letter_on is None or draw(st.booleans()):
        return facts, policy, draw(periods(facts.due_date))
    # a period whose gap starts before the letter and ends after its term
    first = letter_on - timedelta(days=draw(st.integers(0, 20)))
    gap_from = first + timedelta(days=draw(st.integers(0, (letter_on - first).days)))
    last = letter_on + timedelta(days=draw(st.integers(15, 60)))
    return facts, policy, Period(first, last, gap_from)


def recorded(decision, day: date) -> list[DoneStep]:
    return [
        DoneStep(d.index, d.scheduled_on, day, d.pay_before, skipped=bool(d.skipped_reason))
        for d in decision.due
    ]


def replay(facts: InvoiceFacts, policy: Policy, first: date, last: date) -> list[DoneStep]:
    """Run every day from `first` to `last`, recording what each run decided."""
    done = list(facts.done)
    day = first
    while day <= last:
        done += recorded(plan_invoice(replace(facts, done=tuple(done)), policy, day), day)
        day += ONE_DAY
    return done


def catch_up(facts: InvoiceFacts, policy: Policy, daily: list[DoneStep], period: Period):
    """The daily runs up to the gap, then one run on the last day."""
    before = [d for d in daily if d.sent_on < period.gap_from]
    decision = plan_invoice(replace(facts, done=tuple(before)), policy, period.last)
    return before + recorded(decision, period.last)


def outcome(done: list[DoneStep]) -> dict[int, tuple[date, bool]]:
    return {d.index: (d.scheduled_on, d.skipped) for d in done}


def holds_back_costs(policy: Policy, index: int) -> bool:
    step = policy.steps[index]
    return (
        policy.customer_kind is CustomerKind.CONSUMER
        and step.claims_costs
        and step.kind is not StepKind.FOURTEEN_DAY_LETTER
    )


def letter_costs_from(step: Step, done: DoneStep) -> date:
    channel = "post" if Channel.LETTER in step.channels else "email"
    return letter_term(max(done.scheduled_on, done.sent_on), channel).costs_from


# a. Replay equals catch-up


def held(facts: InvoiceFacts, day: date) -> bool:
    return any(hold.covers(day) for hold in facts.holds)


def ending_on_a_working_day(period: Period) -> Period:
    # A catch-up run on a weekend or holiday sends what it catches up on the next working day,
    # so the comparison is made by a run on a working day.
    last = period.last
    while last.weekday() >= 5 or is_atw_holiday(last):
        last += ONE_DAY
    return replace(period, last=last)


@FAST
@given(cases())
def test_a_run_after_days_off_decides_what_the_daily_runs_would_have(case):
    facts, policy, period = case
    assume(not any(holds_back_costs(policy, i) for i in range(len(policy.steps))))
    period = ending_on_a_working_day(period)
    assume(not held(facts, period.last))  # on a held day nothing is decided at all
    daily = replay(facts, policy, period.first, period.last)
    assert outcome(catch_up(facts, policy, daily, period)) == outcome(daily)


@FAST
@given(cases(CustomerKind.CONSUMER, letter_then_costs=True))
def test_after_days_off_only_a_consumers_costs_can_come_later_after_a_late_letter(case):
    facts, policy, period = case
    period = ending_on_a_working_day(period)
    assume(not held(facts, period.last))
    daily = replay(facts, policy, period.first, period.last)
    late = catch_up(facts, policy, daily, period)
    by_day, at_once = outcome(daily), outcome(late)
    differing = [i for i in range(len(policy.steps)) if by_day.get(i) != at_once.get(i)]
    if not differing:
        return
    # Up to the first difference both agree; it comes at or after a step that claims costs
    # (sent, or passed by for its minimum) after a 14-day letter the catch-up sent later ...
    sent_daily = {d.index: d.sent_on for d in daily}
    late_letters = [
        d.index
        for d in late
        if policy.steps[d.index].kind is StepKind.FOURTEEN_DAY_LETTER
        and not d.skipped
        and d.sent_on > sent_daily[d.index]
    ]
    assert any(
        holds_back_costs(policy, costs) and any(letter < costs for letter in late_letters)
        for costs in range(differing[0] + 1)
    )
    # ... and from there the catch-up decides nothing earlier than the daily runs did
    for index in differing:
        if index in at_once:
            assert index in by_day
            assert at_once[index][0] >= by_day[index][0]


# b. Each step once


@FAST
@given(cases())
def test_no_invoice_gets_a_step_twice(case):
    facts, policy, period = case
    daily = replay(facts, policy, period.first, period.last)
    indices = [d.index for d in daily]
    assert len(indices) == len(set(indices))
    late = [d.index for d in catch_up(facts, policy, daily, period)]
    assert len(late) == len(set(late))


# c. Paid invoices


@FAST
@given(
    cases(),
    st.sampled_from([Decimal("0"), Decimal("0.00"), Decimal("-0.01"), Decimal("-250.00")]),
)
def test_a_paid_invoice_gets_nothing_on_any_day(case, open_amount):
    facts, policy, period = case
    facts = replace(facts, open_amount=open_amount)
    day = period.first
    while day <= period.last:
        decision = plan_invoice(facts, policy, day)
        assert (decision.due, decision.waiting) == ((), Waiting.PAID)
        day += timedelta(days=7)


# d. Order, holds and the start of collection


@FAST
@given(cases())
def test_steps_go_out_in_ladder_order_never_back_in_time_and_never_during_a_hold(case):
    facts, policy, period = case
    daily = replay(facts, policy, period.first, period.last)
    indices = [d.index for d in daily]
    assert indices == sorted(indices)
    days = [d.scheduled_on for d in daily]
    assert days == sorted(days)
    for done in daily:
        assert done.scheduled_on <= done.sent_on
        assert not held(facts, done.scheduled_on)
        if facts.collection_starts_on is not None:
            assert done.scheduled_on >= facts.collection_starts_on


@FAST
@given(cases())
def test_nothing_is_decided_on_a_day_a_hold_covers(case):
    facts, policy, period = case
    daily = replay(facts, policy, period.first, period.last)
    assert not any(held(facts, done.sent_on) for done in daily)
    # nor by a run after days off that lands on such a day
    if held(facts, period.last):
        assert len(catch_up(facts, policy, daily, period)) == len(
            [d for d in daily if d.sent_on < period.gap_from]
        )


# e. A consumer's collection costs


@FAST
@given(cases(CustomerKind.CONSUMER, letter_then_costs=True))
def test_a_consumer_step_claims_costs_only_after_the_term_of_a_14_day_letter_that_went_out(
    case,
):
    facts, policy, period = case
    done = list(facts.done)
    day = period.first
    while day <= period.last:
        decision = plan_invoice(replace(facts, done=tuple(done)), policy, day)
        for due in decision.due:
            if due.claims_costs:
                letters = [
                    d
                    for d in done
                    if d.index < due.index
                    and policy.steps[d.index].kind is StepKind.FOURTEEN_DAY_LETTER
                    and not d.skipped
                ]
                assert letters, "costs claimed without a 14-day letter"
                assert due.scheduled_on >= min(
                    letter_costs_from(policy.steps[d.index], d) for d in letters
                )
        done += recorded(decision, day)
        day += ONE_DAY
