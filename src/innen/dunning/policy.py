"""A dunning policy: the ordered steps an open invoice goes through, and how each is timed."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from innen.money import ZERO


class StepKind(StrEnum):
    PRE_DUE_NOTICE = "pre_due_notice"
    REMINDER = "reminder"
    # A warmer first reminder for customers who simply forgot (the "forgetful" variant).
    FRIENDLY_REMINDER = "friendly_reminder"
    CALL_TASK = "call_task"
    SECOND_REMINDER = "second_reminder"
    AANMANING = "aanmaning"
    FOURTEEN_DAY_LETTER = "fourteen_day_letter"
    INGEBREKESTELLING = "ingebrekestelling"
    SUSPENSION_NOTICE = "suspension_notice"
    HANDOVER = "handover"
    CUSTOM = "custom"


# Steps with legal effect: never skipped, even when a policy skips steps whose moment passed.
LEGAL_STEPS = frozenset(
    {StepKind.FOURTEEN_DAY_LETTER, StepKind.INGEBREKESTELLING, StepKind.AANMANING}
)


class Anchor(StrEnum):
    """What a step's days are counted from."""

    DUE_DATE = "due_date"
    PREVIOUS_STEP = "previous_step"
    PREVIOUS_TERM = "previous_term"  # the day after the previous step's pay-before term ended


class LateStart(StrEnum):
    """Where an invoice innen learned of after some of its steps' moments starts its ladder."""

    FIRST_REMINDER = "first_reminder"  # with the first step after the pre-due notice
    AGE = "age"  # at the last step whose moment its age has reached


class DayCount(StrEnum):
    CALENDAR = "calendar"
    BUSINESS = "business"


class Channel(StrEnum):
    EMAIL = "email"
    LETTER = "letter"
    CALL = "call"


class CustomerKind(StrEnum):
    BUSINESS = "business"
    CONSUMER = "consumer"


CALL_ONLY = frozenset({Channel.CALL})  # a call task's channels: no message to the customer


@dataclass(frozen=True)
class Step:
    kind: StepKind
    name: str
    offset_days: int
    anchor: Anchor = Anchor.DUE_DATE
    day_count: DayCount = DayCount.CALENDAR
    min_open_amount: Decimal = ZERO
    channels: frozenset[Channel] = field(default_factory=lambda: frozenset({Channel.EMAIL}))
    pay_term_days: int | None = None
    claims_costs: bool = False
    claims_interest: bool = False
    needs_approval: bool = False

    @property
    def is_call_only(self) -> bool:
        return self.channels == CALL_ONLY


@dataclass(frozen=True)
class Policy:
    name: str
    customer_kind: CustomerKind
    steps: tuple[Step, ...]
    skip_passed_steps: bool = False
    late_start: LateStart = LateStart.FIRST_REMINDER
    # The run sends a customer no second message within this many days (legal letters excepted).
    min_days_between_messages: int = 7
