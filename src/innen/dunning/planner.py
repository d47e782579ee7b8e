"""What is due today: the pure heart of the daily run.

`plan_invoice` walks an invoice along its policy's ladder and returns a `Decision`: the steps
due by `today` that have not been done, and why nothing more happens (not yet due, on hold,
below the minimum, excluded, finished). It reads nothing but its arguments, so a run can be
replayed for any day, and a run after days off decides exactly what the missed runs would
have decided: every date is derived from the ledger, the policy and the steps already done,
never from the day the run happens to look.

Timing rules, in the order they apply to each step not yet done:

1. Its nominal day: days after the due date, after the previous step, or after the previous
   step's pay-before term, in calendar or business days.
2. A ladder that was paused keeps its spacing: the delay a hold caused is carried to every
   later step (unless the policy skips steps whose moment passed; then the ladder is not
   shifted and those steps are recorded as skipped). A step never comes before the previous.
3. A consumer's costs-claiming step waits until the 14-day letter's term has expired,
   counted from the day the letter actually went out (art. 6:96 lid 6 BW). Without such a
   letter it goes out, but claims no costs.
4. Holds (and the day the organisation started collecting with innen) push the step to the
   day after the hold ends; an open-ended hold stops the ladder. Nothing is decided on a day
   a hold covers, even a step whose day came before the hold began.
5. No step falls on a Sunday or Dutch public holiday, and a call task not on a Saturday
   either: it moves to the next day it may fall on, and (on a ladder that keeps its spacing)
   the later steps move with it.
6. A consumer's claim stops at the day it is time-barred (`InvoiceFacts.barred_from`, from
   `innen.law.limitation`): no step goes out on or after it. Demanding a barred debt of a
   consumer as if it could be enforced misleads (art. 6:193c BW); a business's claim goes on,
   as the debtor must invoke limitation (art. 3:322 BW), and is flagged where people look.
7. An invoice innen learned of after some of its steps' moments (imported late, or on a new
   organisation's first run) starts calmly: those steps are recorded as skipped ("before innen
   knew this invoice") and it starts at one step, on the day innen knew it; the steps after
   it keep their spacing from that day (`timing.late_entry`). An invoice innen knew before
   the organisation's start date waits for that day instead (rule 4), as it always did.

Each rule is a small function in `innen.dunning.timing`; this module walks the ladder with them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from innen.dunning.policy import CustomerKind, Policy, Step, StepKind
from innen.dunning.timing import (
    BEFORE_KNOWN,
    ONE_DAY,
    HoldPeriod,
    HoldReason,
    LateEntry,
    Walk,
    advance,
    base_and_nominal,
    costs_rule,
    late_entry,
    sending_day,
    skipped_reason,
    term_end,
)
from innen.translatable import N_, say


@dataclass(frozen=True)
class DoneStep:
    """A step recorded by an earlier run (active or skipped; a cancelled one is not done)."""

    index: int
    scheduled_on: date
    sent_on: date  # the day the run decided it, i.e. the day it went out
    pay_before: date | None = None
    skipped: bool = False


@dataclass(frozen=True)
class InvoiceFacts:
    invoice_id: int
    customer_id: int
    due_date: date
    open_amount: Decimal
    excluded: bool = False
    holds: tuple[HoldPeriod, ...] = ()
    done: tuple[DoneStep, ...] = ()
    collection_starts_on: date | None = None
    # Steps decided once but withdrawn by a hold before they went out: (index, decided on).
    # They are decided again after the hold, never for a day before their first decision.
    postponed: tuple[tuple[int, date], ...] = ()
    # The day innen first knew the invoice (the local date it was created); None: always.
    known_on: date | None = None
    # The first day its claim is time-barred (`innen.law.limitation`); None: not known to be.
    barred_from: date | None = None


class Waiting(StrEnum):
    """Why nothing (more) happens for an invoice today."""

    NOT_YET_DUE = "not_yet_due"
    HOLD = "hold"
    BELOW_MINIMUM = "below_minimum"
    EXCLUDED = "excluded"
    NO_POLICY = "no_policy"
    PAID = "paid"
    FINISHED = "finished"
    TIME_BARRED = "time_barred"  # a consumer's claim: nothing goes out from that day


# The reasons the run reports as "skipped" (the others are the normal course of things).
SKIP_REASONS = frozenset(
    {
        Waiting.HOLD,
        Waiting.BELOW_MINIMUM,
        Waiting.EXCLUDED,
        Waiting.NO_POLICY,
        Waiting.TIME_BARRED,
    }
)


class StepState(StrEnum):
    DONE = "done"
    SKIPPED = "skipped"  # recorded as skipped: its moment passed during a pause or before
    # innen knew the invoice (the step's note says which)
    DUE = "due"  # to be recorded by this run
    PASSED_BELOW_MINIMUM = "passed_below_minimum"
    PASSED_AFTER_DUE = "passed_after_due"  # a pre-due notice whose moment came after the due date
    PLANNED = "planned"  # later; the day assumes nothing changes
    ON_HOLD = "on_hold"  # stopped by an open-ended hold
    TIME_BARRED = "time_barred"  # a consumer's claim is barred by the day it would go out


@dataclass(frozen=True)
class StepPlan:
    """One step of an invoice's ladder as the planner sees it."""

    index: int
    step: Step
    state: StepState
    on: date | None
    pay_before: date | None = None
    claims_costs: bool = False
    note: str = ""
    moved_from: date | None = None  # a Sunday, holiday (or a call's Saturday) it moved from
    starts_late: bool = False  # the one step a late invoice starts at


@dataclass(frozen=True)
class DueStep:
    """A step to record for an invoice: an action (or a skipped one, with its reason)."""

    invoice_id: int
    customer_id: int
    index: int
    step: Step
    scheduled_on: date
    pay_before: date | None
    open_amount: Decimal
    claims_costs: bool
    claims_interest: bool
    skipped_reason: str = ""


@dataclass(frozen=True)
class Decision:
    invoice_id: int
    customer_id: int
    due: tuple[DueStep, ...]
    waiting: Waiting
    next_on: date | None = None
    hold: HoldPeriod | None = None
    ladder: tuple[StepPlan, ...] = field(default=(), compare=False)
    below_minimum_today: bool = False

    @property
    def actions(self) -> tuple[DueStep, ...]:
        return tuple(d for d in self.due if not d.skipped_reason)

    @property
    def skip_reason(self) -> Waiting | None:
        """Why the run does nothing for this invoice today, when that is worth reporting."""
        if self.due:
            return None
        if self.waiting in SKIP_REASONS:
            return self.waiting
        return Waiting.BELOW_MINIMUM if self.below_minimum_today else None


def plan_invoice(
    facts: InvoiceFacts,
    policy: Policy | None,
    today: date,
    *,
    horizon: date | None = None,
    customer_kind: CustomerKind | None = None,
) -> Decision:
    """Decide what is due for one invoice on `today` (and, up to `horizon`, what is planned)."""
    settled = _settled_before_the_ladder(facts, policy)
    if settled is not None or policy is None:
        return Decision(facts.invoice_id, facts.customer_id, (), settled or Waiting.NO_POLICY)
    consumer = (customer_kind or policy.customer_kind) is CustomerKind.CONSUMER
    plan = _Plan(
        facts,
        policy,
        today,
        max(horizon or today, today),
        consumer,
        _holds_of(facts),
        _late_entry(facts, policy, today),
    )
    for index, step in enumerate(policy.steps):
        if not plan.walk_step(index, step):
            break
    return plan.decision()


def _settled_before_the_ladder(facts: InvoiceFacts, policy: Policy | None) -> Waiting | None:
    """Paid, excluded or without a policy: the ladder is not walked at all."""
    if facts.open_amount <= 0:
        return Waiting.PAID
    if facts.excluded:
        return Waiting.EXCLUDED
    if policy is None:
        return Waiting.NO_POLICY
    return None


def _holds_of(facts: InvoiceFacts) -> list[HoldPeriod]:
    """The invoice's holds, with the days before the organisation started with innen as one."""
    holds = list(facts.holds)
    if facts.collection_starts_on is not None:
        holds.append(_before_start(facts.collection_starts_on))
    return holds


@lru_cache(maxsize=64)
def _before_start(starts_on: date) -> HoldPeriod:
    """The hold before the organisation started with innen (one for all its invoices)."""
    return HoldPeriod(date.min, starts_on - ONE_DAY, HoldReason.BEFORE_START)


def _late_entry(facts: InvoiceFacts, policy: Policy, today: date) -> LateEntry | None:
    """How the invoice enters its ladder when innen learned of it late (None: as usual).

    Not before innen knew it (a replay of an earlier day knows no better), not when the
    organisation's start date governs (an invoice known before it waits for that day), and
    not for a ladder that already sent a step before that day (decided before this rule).
    """
    known_on = facts.known_on
    if known_on is None or known_on > today:
        return None
    if facts.collection_starts_on is not None and known_on < facts.collection_starts_on:
        return None
    if any(not d.skipped and d.scheduled_on < known_on for d in facts.done):
        return None
    return late_entry(policy, facts.due_date, known_on)


@dataclass
class _Plan:
    """One walk along an invoice's ladder: the facts it reads and the decision it builds."""

    facts: InvoiceFacts
    policy: Policy
    today: date
    horizon: date
    consumer: bool
    holds: list[HoldPeriod]
    late: LateEntry | None
    walk: Walk = field(default_factory=Walk)
    ladder: list[StepPlan] = field(default_factory=list)
    due: list[DueStep] = field(default_factory=list)
    waiting: Waiting | None = None
    next_on: date | None = None
    blocking_hold: HoldPeriod | None = None
    last_passed: Waiting | None = None
    below_minimum_today: bool = False
    moved_from: date | None = None  # the step being placed: the day it moved from

    def __post_init__(self) -> None:
        self.done = {d.index: d for d in self.facts.done}
        self.not_before = dict(self.facts.postponed)
        self.shifted = not self.policy.skip_passed_steps

    def due_date_for(self, index: int) -> date:
        """The due date a step counts from: moved with a late start, from the start on."""
        late = self.late
        if late is not None and index >= late.start:
            return self.facts.due_date + late.shift
        return self.facts.due_date

    def walk_step(self, index: int, step: Step) -> bool:
        """Place one step on the ladder; False when the walk stops here."""
        base, nominal = base_and_nominal(step, self.due_date_for(index), self.walk, self.shifted)
        starts = self.late is not None and index == self.late.start and bool(self.late.shift)
        if starts and self.facts.known_on is not None:
            # The late invoice's first step: on the day innen knew it, the ladder's new base.
            base = nominal = max(nominal, self.facts.known_on)
        nominal, claims_costs = costs_rule(step, nominal, self.walk, self.consumer)
        if index in self.done:
            self._replay_done(index, step, base, nominal, self.done[index])
            return True
        if self.late is not None and index in self.late.skipped:
            self._skip_before_known(index, step, base, nominal)
            return True
        if index in self.not_before:
            nominal = max(nominal, self.not_before[index])
        on, hold, self.moved_from = sending_day(step, nominal, self.holds, self.today)
        if on is None:
            self.ladder.append(StepPlan(index, step, StepState.ON_HOLD, None))
            self._wait_first(Waiting.HOLD, hold)
            return False
        if self._barred_by(on):
            self.ladder.append(StepPlan(index, step, StepState.TIME_BARRED, on))
            self._wait_first(Waiting.TIME_BARRED, None)
            return False
        if on > self.horizon:
            self._later(on, nominal)
            self.ladder.append(
                StepPlan(
                    index,
                    step,
                    StepState.PLANNED,
                    on,
                    moved_from=self.moved_from,
                    starts_late=starts,
                )
            )
            return False
        if self._passed_by(index, step, base, nominal, on):
            return True
        self._decide(index, step, base, nominal, on, claims_costs, starts=starts)
        return True

    def _barred_by(self, on: date) -> bool:
        """Whether a consumer's step would go out (`on`, or today if later) once barred."""
        barred_from = self.facts.barred_from
        return self.consumer and barred_from is not None and max(on, self.today) >= barred_from

    def _skip_before_known(self, index: int, step: Step, base: date, nominal: date) -> None:
        """A step whose moment passed before innen knew the invoice: recorded as skipped."""
        facts = self.facts
        self.due.append(
            DueStep(
                facts.invoice_id,
                facts.customer_id,
                index,
                step,
                nominal,
                None,
                facts.open_amount,
                False,
                False,
                BEFORE_KNOWN,
            )
        )
        self.ladder.append(StepPlan(index, step, StepState.SKIPPED, nominal, note=BEFORE_KNOWN))
        advance(self.walk, step, base, nominal, None, self.today, sent=False)

    def _replay_done(
        self, index: int, step: Step, base: date, nominal: date, record: DoneStep
    ) -> None:
        """A step an earlier run recorded: the ladder carries the delay it had."""
        if not record.skipped:
            self.walk.shift += max(timedelta(0), record.scheduled_on - nominal)
        advance(
            self.walk,
            step,
            base,
            record.scheduled_on,
            record.pay_before,
            record.sent_on,
            sent=not record.skipped,
        )
        state = StepState.SKIPPED if record.skipped else StepState.DONE
        self.ladder.append(StepPlan(index, step, state, record.scheduled_on, record.pay_before))

    def _passed_by(self, index: int, step: Step, base: date, nominal: date, on: date) -> bool:
        """A pre-due notice after the due date, or a step below its minimum, is passed by."""
        sent_on = max(on, self.today)
        if step.kind is StepKind.PRE_DUE_NOTICE and on >= self.facts.due_date:
            # A notice "before the due date" after it would only confuse: pass it by.
            self.ladder.append(StepPlan(index, step, StepState.PASSED_AFTER_DUE, on))
            # A step passed by takes no hold's delay: the next step that goes out carries it.
            advance(self.walk, step, base, nominal, None, sent_on, sent=False)
            return True
        if self.facts.open_amount < step.min_open_amount:
            note = say(
                N_("open %(open)s < minimum %(minimum)s"),
                open=self.facts.open_amount,
                minimum=step.min_open_amount,
            )
            self.ladder.append(StepPlan(index, step, StepState.PASSED_BELOW_MINIMUM, on, note=note))
            advance(self.walk, step, base, nominal, None, sent_on, sent=False)
            self.last_passed = Waiting.BELOW_MINIMUM
            self.below_minimum_today = self.below_minimum_today or on == self.today
            return True
        return False

    def _decide(
        self,
        index: int,
        step: Step,
        base: date,
        nominal: date,
        on: date,
        claims_costs: bool,
        *,
        starts: bool = False,
    ) -> None:
        """A step within the horizon: due (or skipped) by today, else planned."""
        facts = self.facts
        pay_before = term_end(step, on)
        due_date = self.due_date_for(index + 1)
        skipped = (
            ""  # a late invoice's first step is the one that goes out
            if starts
            else skipped_reason(self.policy, index, step, due_date, base, on, pay_before)
        )
        self.walk.shift += max(timedelta(0), on - nominal) if self.shifted else timedelta(0)
        if on <= self.today:
            self.due.append(
                DueStep(
                    facts.invoice_id,
                    facts.customer_id,
                    index,
                    step,
                    on,
                    pay_before,
                    facts.open_amount,
                    claims_costs and not skipped,
                    step.claims_interest and not skipped,
                    skipped,
                )
            )
            state = StepState.SKIPPED if skipped else StepState.DUE
        else:
            self._later(on, nominal)
            state = StepState.SKIPPED if skipped else StepState.PLANNED
        self.ladder.append(
            StepPlan(
                index,
                step,
                state,
                on,
                pay_before,
                claims_costs and not skipped,
                moved_from=self.moved_from,
                starts_late=starts,
            )
        )
        advance(self.walk, step, base, on, pay_before, max(on, self.today), sent=not skipped)

    def _later(self, on: date, nominal: date) -> None:
        """The first step after today says when and why the invoice waits."""
        if self.waiting is None:
            self.next_on = on
            self._wait_first(*_why_later(nominal, self.holds, self.today))

    def _wait_first(self, waiting: Waiting, hold: HoldPeriod | None) -> None:
        if self.waiting is None:
            self.waiting, self.blocking_hold = waiting, hold

    def decision(self) -> Decision:
        waiting = self.waiting
        if waiting is None:
            waiting = self.last_passed if (self.last_passed and not self.due) else Waiting.FINISHED
        return Decision(
            self.facts.invoice_id,
            self.facts.customer_id,
            tuple(self.due),
            waiting,
            next_on=self.next_on,
            hold=self.blocking_hold,
            ladder=tuple(self.ladder),
            below_minimum_today=self.below_minimum_today,
        )


def _why_later(
    nominal: date, holds: Sequence[HoldPeriod], today: date
) -> tuple[Waiting, HoldPeriod | None]:
    """A step later than today waits for a hold when it would be due now without one."""
    held_now = next((h for h in holds if h.covers(today)), None)
    if held_now is not None and nominal <= today:
        return Waiting.HOLD, held_now
    return Waiting.NOT_YET_DUE, None
