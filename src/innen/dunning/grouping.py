"""One message per customer per day: the steps due for a customer go out together.

The planner decides per invoice; a customer with invoices at different steps would get a
message for each. A careful controller sends one: it lists every invoice with its own step,
and the strictest of those steps sets the letter (a reminder and a 14-day letter due the same
day make one 14-day letter). Each invoice keeps its own action at its own step, so every
ladder goes on counting; only the message is shared.

Spacing: after a message, the run sends the customer nothing for `min_days_between_messages`
days (the policy's setting). Steps due in between wait, and go out on the first day the
spacing allows, counted as sent that day (their successors count from then). A legal term
letter (`LEGAL_STEPS`: the 14-day letter, aanmaning, ingebrekestelling) is never held back by
spacing; it only never makes a second message on one day, and takes with it whatever else is
due. A call task is no message to the customer: it goes on the worklist, apart, unspaced.
A person may always send more (the desk's manual sends do not pass through here).

Pure: "today" and the customer's last message day are arguments.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property

from innen.dunning.planner import DueStep
from innen.dunning.policy import LEGAL_STEPS, Step, StepKind
from innen.dunning.timing import term_end

DEFAULT_MIN_DAYS_BETWEEN_MESSAGES = 7

# How strict a step's letter is: the strictest step of a day's message sets its letter.
STRICTNESS = {
    StepKind.PRE_DUE_NOTICE: 0,
    StepKind.REMINDER: 1,
    StepKind.FRIENDLY_REMINDER: 1,
    StepKind.CALL_TASK: 1,
    StepKind.CUSTOM: 2,
    StepKind.SECOND_REMINDER: 2,
    StepKind.AANMANING: 3,
    StepKind.INGEBREKESTELLING: 3,
    StepKind.FOURTEEN_DAY_LETTER: 4,
    StepKind.SUSPENSION_NOTICE: 5,
    StepKind.HANDOVER: 6,
}


def strictness(item: DueStep) -> tuple[int, int]:
    """The order of strictness; of two steps of one kind, the later on the ladder."""
    return STRICTNESS[item.step.kind], item.index


@dataclass(frozen=True)
class MessagePlan:
    """One message to a customer on one day, listing every invoice with its own step."""

    customer_id: int
    items: tuple[DueStep, ...]

    @cached_property
    def strictest(self) -> DueStep:
        return max(self.items, key=strictness)

    @property
    def step(self) -> Step:
        """The step whose letter the message is."""
        return self.strictest.step

    @property
    def index(self) -> int:
        return self.strictest.index

    @property
    def is_call_task(self) -> bool:
        return self.step.is_call_only

    @property
    def pay_before(self) -> date | None:
        days = [item.pay_before for item in self.items if item.pay_before is not None]
        return max(days) if days else None


@dataclass(frozen=True)
class Grouped:
    """The day's messages, and the steps spacing holds back (due again on `held_until`)."""

    messages: tuple[MessagePlan, ...]
    held: tuple[DueStep, ...] = ()
    held_until: Mapping[int, date] | None = None  # customer id → first day spacing allows


def group_messages(
    due: Iterable[DueStep],
    today: date | None = None,
    *,
    last_message_on: Mapping[int, date] | None = None,
    min_days: Mapping[int, int] | None = None,
) -> Grouped:
    """Group the actions to record today into messages: one per customer (and a call task).

    `last_message_on` (customer id → day of the last message the customer got) and `min_days`
    (customer id → their policy's spacing; default 7) hold steps back; without them nothing is
    held. Skipped steps record an action but make no message.
    """
    by_customer: dict[tuple[int, bool], list[DueStep]] = {}
    for item in due:
        if not item.skipped_reason:
            key = (item.customer_id, item.step.is_call_only)
            by_customer.setdefault(key, []).append(item)
    messages: list[MessagePlan] = []
    held: list[DueStep] = []
    held_until: dict[int, date] = {}
    for (customer_id, call_only), items in sorted(by_customer.items()):
        last = (last_message_on or {}).get(customer_id)
        if call_only or last is None or today is None:
            messages.append(MessagePlan(customer_id, tuple(items)))
            continue
        spacing = (min_days or {}).get(customer_id, DEFAULT_MIN_DAYS_BETWEEN_MESSAGES)
        allowed = {id(item): first_allowed(item, last, spacing) for item in items}
        opens = min(allowed.values())
        if opens > today:
            held.extend(items)
            held_until[customer_id] = opens
            continue
        # The message goes out: each step held by spacing counts as sent today.
        moved = tuple(_sent_on(item, min(allowed[id(item)], today)) for item in items)
        messages.append(MessagePlan(customer_id, moved))
    return Grouped(tuple(messages), tuple(held), held_until)


def first_allowed(item: DueStep | Step, last: date, spacing: int) -> date:
    """The first day a message for this step may follow a message sent on `last`."""
    step = item if isinstance(item, Step) else item.step
    if step.kind in LEGAL_STEPS:
        return last + timedelta(days=1)  # never held by spacing; never twice on one day
    return last + timedelta(days=max(spacing, 1))


def _sent_on(item: DueStep, allowed: date) -> DueStep:
    """`item` as sent on the first day spacing allowed it (unchanged when it never waited)."""
    if item.scheduled_on >= allowed:
        return item
    return replace(item, scheduled_on=allowed, pay_before=term_end(item.step, allowed))
