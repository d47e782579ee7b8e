"""The timing rules of a dunning ladder: on which day each step falls.

The rules `plan_invoice` (in `planner`) applies to each step, one function each: the step's day
on the (possibly shifted) ladder, the consumer's costs term, the holds that push it on, whether
a passed step is skipped, and what the step leaves behind for the next (`Walk`, `advance`).
Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

from innen.dunning.days import add_days
from innen.dunning.policy import (
    LEGAL_STEPS,
    Anchor,
    Channel,
    LateStart,
    Policy,
    Step,
    StepKind,
)
from innen.law.calendar import is_atw_holiday
from innen.law.letter_term import letter_term
from innen.translatable import N_

ONE_DAY = timedelta(days=1)


class HoldReason(StrEnum):
    DISPUTE = "dispute"
    PAYMENT_PLAN = "payment_plan"
    PROMISE = "promise"
    HANDED_OVER = "handed_over"
    MANUAL = "manual"
    BEFORE_START = "before_start"  # before the organisation started collecting with innen


@dataclass(frozen=True)
class HoldPeriod:
    starts_on: date
    ends_on: date | None  # the last day of the pause; None: until lifted
    reason: HoldReason

    def covers(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


def term_end(step: Step, on: date) -> date | None:
    """The last day of the pay-before term a step sent on `on` gives."""
    own = on + timedelta(days=step.pay_term_days) if step.pay_term_days is not None else None
    if step.kind is StepKind.FOURTEEN_DAY_LETTER:
        statutory = letter_term(on, letter_channel(step)).term_ends
        return max(statutory, own) if own is not None else statutory
    return own


def letter_channel(step: Step) -> str:
    # Sent by post and e-mail, the later (post) presumption decides: costs never start too early.
    return "post" if Channel.LETTER in step.channels else "email"


def after_holds(day: date, holds: Sequence[HoldPeriod]) -> tuple[date | None, HoldPeriod | None]:
    """The first day from `day` on that no hold covers (None under an open-ended hold)."""
    last: HoldPeriod | None = None
    moved = True
    while moved:
        moved = False
        for hold in holds:
            if hold.covers(day):
                last = hold
                if hold.ends_on is None:
                    return None, hold
                day, moved = hold.ends_on + ONE_DAY, True
    return day, last


@dataclass
class Walk:
    """Where the ladder stands while the planner walks it."""

    shift: timedelta = timedelta(0)
    previous_on: date | None = None
    previous_base: date | None = None
    previous_term_end: date | None = None
    costs_from: date | None = None  # consumer: the day the 14-day letter's costs became due


def base_and_nominal(step: Step, due_date: date, walk: Walk, shifted: bool) -> tuple[date, date]:
    """The step's day on an unpaused ladder, and its day on this (possibly shifted) ladder."""
    if step.anchor is Anchor.DUE_DATE or walk.previous_on is None or walk.previous_base is None:
        base = add_days(due_date, step.offset_days, step.day_count)
        nominal = base + walk.shift if shifted else base
    else:
        if step.anchor is Anchor.PREVIOUS_TERM:
            anchor_on = walk.previous_term_end or walk.previous_on
            base_anchor = walk.previous_base + (anchor_on - walk.previous_on)
        else:
            anchor_on, base_anchor = walk.previous_on, walk.previous_base
        base = add_days(base_anchor, step.offset_days, step.day_count)
        nominal = add_days(anchor_on, step.offset_days, step.day_count)
    if walk.previous_on is not None:
        nominal = max(nominal, walk.previous_on)
    return base, nominal


def costs_rule(step: Step, nominal: date, walk: Walk, consumer: bool) -> tuple[date, bool]:
    """A consumer's costs-claiming step waits for the 14-day letter's term; without one it
    goes out but claims no costs (art. 6:96 lid 6 BW)."""
    if not (consumer and step.claims_costs and step.kind is not StepKind.FOURTEEN_DAY_LETTER):
        return nominal, step.claims_costs
    if walk.costs_from is None:
        return nominal, False
    return max(nominal, walk.costs_from), True


def hold_day(
    nominal: date, holds: Sequence[HoldPeriod], today: date
) -> tuple[date | None, HoldPeriod | None]:
    """The step's day after the holds; nothing goes out on a day a hold covers."""
    on, hold = after_holds(nominal, holds)
    if on is not None and on <= today and any(h.covers(today) for h in holds):
        # Its day came before the hold, but nothing goes out while one lasts.
        on, hold = after_holds(today, holds)
    return on, hold


@lru_cache(maxsize=8192)
def _open_day(day: date, call: bool) -> date:
    while day.weekday() == 6 or is_atw_holiday(day) or (call and day.weekday() == 5):
        day += ONE_DAY
    return day


def open_day(step: Step, day: date) -> date:
    """`day`, or the next day a step may fall on: never a Sunday or Dutch public holiday (the
    law engine's calendar), and a call task never on a Saturday either: nobody answers."""
    return _open_day(day, Channel.CALL in step.channels)


def next_sending_day(today: date) -> date | None:
    """On a Sunday or public holiday, the next day a message may go out (None: today may)."""
    following = _open_day(today, False)
    return following if following != today else None


def sending_day(
    step: Step, nominal: date, holds: Sequence[HoldPeriod], today: date
) -> tuple[date | None, HoldPeriod | None, date | None]:
    """The step's day after the holds, moved to a day it may fall on (and past any hold
    that covers that day in turn); the last is the day it was moved from (None: not moved)."""
    on, hold = hold_day(nominal, holds, today)
    moved_from = None
    while on is not None:
        moved = open_day(step, on)
        if moved == on:
            break
        moved_from = on
        on, pushed = hold_day(moved, holds, today)
        hold = pushed or hold
    if on is not None and on < today and open_day(step, today) > today:
        # A step caught up on a day it may not fall on (a run held on a Sunday or holiday)
        # waits for the next day it may: it goes out, and is dated, on that day.
        moved_from, on = today, open_day(step, today)
    return on, hold, moved_from


BEFORE_KNOWN = N_("before innen knew this invoice")
# Why a step was recorded as skipped (stored with the action, said in the reader's language).
PASSED_IN_PAUSE = N_("its moment passed during a pause")
SKIPPED_REASONS = (BEFORE_KNOWN, PASSED_IN_PAUSE)


@dataclass(frozen=True)
class LateEntry:
    """How an invoice innen learned of after some of its steps' moments enters its ladder:
    the steps before `start` are recorded as skipped, `start` goes out on the day innen knew
    the invoice (or on its own day, when that is later), and the due-date-anchored steps after
    it move by `shift`, keeping their spacing from the step that went out."""

    start: int
    skipped: frozenset[int]
    shift: timedelta


def unpaused_days(policy: Policy, due_date: date) -> list[date]:
    """Each step's day on the ladder without holds, pauses or moves."""
    walk = Walk()
    days = []
    for step in policy.steps:
        base, nominal = base_and_nominal(step, due_date, walk, False)
        days.append(nominal)
        advance(walk, step, base, nominal, None, nominal, sent=False)
    return days


def late_entry(policy: Policy, due_date: date, known_on: date) -> LateEntry | None:
    """Where an invoice innen first knew on `known_on` starts; None when no step's moment
    had passed by then (the ladder runs as usual).

    It starts at one step: the first reminder (the first step after the pre-due notice), or,
    with `LateStart.AGE`, the last step whose moment its age reached. It never starts past
    the first legal letter (`LEGAL_STEPS`, never skipped): a consumer's 14-day letter must
    precede any step that claims costs, and a business's ingebrekestelling its default.
    The pre-due notice never starts a ladder that is late.
    """
    steps = policy.steps
    first = steps[0] if steps else None
    # The first step always counts from the due date (`base_and_nominal`).
    if first is None or add_days(due_date, first.offset_days, first.day_count) >= known_on:
        return None  # the usual case, decided without walking the ladder
    return _late_entry(policy, due_date, known_on)


@lru_cache(maxsize=65536)
def _late_entry(policy: Policy, due_date: date, known_on: date) -> LateEntry:
    steps = policy.steps
    days = unpaused_days(policy, due_date)
    age = policy.late_start is LateStart.AGE
    starts = [i for i, step in enumerate(steps) if step.kind is not StepKind.PRE_DUE_NOTICE]
    start = starts[0] if starts else len(steps)
    if age and starts:
        start = max(start, max(i for i, day in enumerate(days) if day <= known_on))
    legal = next((i for i, step in enumerate(steps) if step.kind in LEGAL_STEPS), None)
    if legal is not None:
        start = min(start, legal)
    skipped = frozenset(
        i for i in range(start) if days[i] < known_on or (age and days[i] <= known_on)
    )
    shift = max(timedelta(0), known_on - days[start]) if start < len(steps) else timedelta(0)
    return LateEntry(start, skipped, shift)


def skipped_reason(
    policy: Policy,
    index: int,
    step: Step,
    due_date: date,
    base: date,
    on: date,
    pay_before: date | None,
) -> str:
    """With `skip_passed_steps`, a non-legal step whose successor's moment has come is skipped."""
    if (
        policy.skip_passed_steps
        and step.kind not in LEGAL_STEPS
        and index + 1 < len(policy.steps)
        and next_base(policy.steps[index + 1], due_date, base, step, on, pay_before) <= on
    ):
        return PASSED_IN_PAUSE
    return ""


def next_base(
    following: Step, due_date: date, base: date, step: Step, on: date, pay_before: date | None
) -> date:
    """The day the following step would have had on the unpaused ladder."""
    if following.anchor is Anchor.DUE_DATE:
        return add_days(due_date, following.offset_days, following.day_count)
    anchor = base
    if following.anchor is Anchor.PREVIOUS_TERM and pay_before is not None:
        anchor = base + (pay_before - on)
    return add_days(anchor, following.offset_days, following.day_count)


def advance(
    walk: Walk,
    step: Step,
    base: date,
    on: date,
    pay_before: date | None,
    sent_on: date,
    *,
    sent: bool,
) -> None:
    walk.previous_on, walk.previous_base = on, base
    walk.previous_term_end = pay_before if pay_before is not None else term_end(step, on)
    if sent and step.kind is StepKind.FOURTEEN_DAY_LETTER:
        walk.costs_from = letter_term(max(on, sent_on), letter_channel(step)).costs_from
