"""Looking ahead: how many actions the run will take on each of the coming days.

Each invoice's ladder is planned as the run plans it (`plan_invoice`); then the coming days
are played in order through the run's own grouping (`group_messages`), so a step the spacing
between two messages to one customer holds back is counted on the day it goes out, with the
number so held. What the forecast cannot know (a payment, a hold) it leaves out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from innen.collection.facts import BatchFacts, batch_facts, collection_starts_on
from innen.collection.policies import PolicyResolver
from innen.collection.run import BATCH_SIZE, customers_to_visit
from innen.dunning.grouping import group_messages
from innen.dunning.planner import DueStep, StepPlan, StepState, plan_invoice
from innen.dunning.policy import CustomerKind
from innen.dunning.timing import BEFORE_KNOWN
from innen.organisations.models import Organisation

ONE_DAY = timedelta(days=1)


@dataclass
class ForecastDay:
    day: date
    actions: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    customers: set[int] = field(default_factory=set)
    # Invoices innen learned of late: the steps recorded as skipped, and the one each starts at.
    skipped_before_known: int = 0
    late_starts: int = 0
    # Actions moved here from a Sunday, a holiday or (a call) a Saturday.
    moved_here: int = 0
    # Actions the spacing between two messages to a customer held back until this day.
    spaced_here: int = 0

    def as_json(self) -> dict[str, object]:
        return {
            "date": self.day.isoformat(),
            "actions": self.actions,
            "customers": len(self.customers),
            "by_kind": dict(sorted(self.by_kind.items())),
            "skipped_before_known": self.skipped_before_known,
            "late_starts": self.late_starts,
            "moved_here": self.moved_here,
            "spaced_here": self.spaced_here,
        }

    def count(self, plan: StepPlan, customer_id: int, *, spaced: bool) -> None:
        self.actions += 1
        self.late_starts += plan.starts_late
        self.moved_here += plan.moved_from is not None
        self.spaced_here += spaced
        self.by_kind[plan.step.kind.value] += 1
        self.customers.add(customer_id)


# invoice id → the (day, step kind) of each action the forecast counts for it.
InvoiceSteps = dict[int, list[tuple[date, str]]]


def forecast(
    organisation: Organisation,
    today: date,
    days: int,
    *,
    resolver: PolicyResolver | None = None,
    per_invoice: InvoiceSteps | None = None,
) -> list[ForecastDay]:
    """The actions the run will decide on each day from `today` on, if nothing changes.

    Today's line holds what today's run decides (or decided, once it has run). `resolver`:
    the policies to plan with (an edited one, for its preview); `per_invoice`, when given,
    is filled with each invoice's actions.
    """
    horizon = today + timedelta(days=days)
    result = {
        today + timedelta(days=n): ForecastDay(today + timedelta(days=n)) for n in range(days + 1)
    }
    resolver = resolver or PolicyResolver(organisation)
    seen: InvoiceSteps = {} if per_invoice is None else per_invoice
    starts_on = collection_starts_on(organisation)
    for customer_ids in customers_to_visit(organisation, BATCH_SIZE):
        facts = batch_facts(organisation, customer_ids, resolver, starts_on, barred_by=horizon)
        planned = _planned_steps(facts, today, horizon, result, seen)
        _play(planned, facts, today, horizon, result, seen)
    return [result[day] for day in sorted(result)]


Planned = dict[tuple[int, int], tuple[DueStep, StepPlan]]


def _planned_steps(
    facts: BatchFacts,
    today: date,
    horizon: date,
    result: dict[date, ForecastDay],
    seen: InvoiceSteps,
) -> Planned:
    """Every step the ladders plan up to `horizon` (today's run's already counted)."""
    planned: Planned = {}
    for invoice in facts.invoices:
        decision = plan_invoice(
            invoice.facts,
            invoice.policy,
            today,
            horizon=horizon,
            customer_kind=CustomerKind(invoice.customer_kind),
        )
        recorded_today = {item.index for item in decision.due}
        due = {item.index: item for item in decision.due}
        for step in decision.ladder:
            if step.on is None:
                continue
            if step.state is StepState.SKIPPED and step.note == BEFORE_KNOWN:
                result[today].skipped_before_known += step.index in recorded_today
            elif step.state is StepState.DONE and step.on == today:
                result[today].count(step, invoice.facts.customer_id, spaced=False)
                seen.setdefault(invoice.facts.invoice_id, []).append((today, step.step.kind))
            elif step.state is StepState.DUE and step.index in due:
                planned[(invoice.facts.invoice_id, step.index)] = (due[step.index], step)
            elif step.state is StepState.PLANNED and today < step.on <= horizon:
                item = _as_due(invoice.facts.invoice_id, invoice.facts.customer_id, step)
                planned[(item.invoice_id, item.index)] = (item, step)
    return planned


def _as_due(invoice_id: int, customer_id: int, step: StepPlan) -> DueStep:
    assert step.on is not None
    return DueStep(
        invoice_id,
        customer_id,
        step.index,
        step.step,
        step.on,
        step.pay_before,
        open_amount=Decimal(0),  # grouping never reads it
        claims_costs=step.claims_costs,
        claims_interest=step.step.claims_interest,
    )


def _play(
    planned: Planned,
    facts: BatchFacts,
    today: date,
    horizon: date,
    result: dict[date, ForecastDay],
    seen: InvoiceSteps,
) -> None:
    """The coming days in order through the run's grouping: spacing moves steps on."""
    last = dict(facts.last_message_on)
    waiting: list[DueStep] = []
    by_day: dict[date, list[DueStep]] = {}
    for item, _ in planned.values():
        by_day.setdefault(max(item.scheduled_on, today), []).append(item)
    day = today
    while day <= horizon:
        due = waiting + by_day.get(day, [])
        grouped = group_messages(due, day, last_message_on=last, min_days=facts.min_days)
        for message in grouped.messages:
            if not message.is_call_task:
                last[message.customer_id] = day
            for item in message.items:
                plan = planned[(item.invoice_id, item.index)][1]
                spaced = day > max(plan.on or day, today)
                result[day].count(plan, item.customer_id, spaced=spaced)
                seen.setdefault(item.invoice_id, []).append((day, plan.step.kind))
        waiting = list(grouped.held)
        day += ONE_DAY
