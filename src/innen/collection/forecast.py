"""Looking ahead: how many actions the run will take on each of the coming days."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from innen.collection.facts import batch_facts, collection_starts_on
from innen.collection.policies import PolicyResolver
from innen.collection.run import BATCH_SIZE, customers_to_visit
from innen.dunning.planner import StepState, plan_invoice
from innen.dunning.policy import CustomerKind
from innen.dunning.timing import BEFORE_KNOWN
from innen.organisations.models import Organisation


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

    def as_json(self) -> dict[str, object]:
        return {
            "date": self.day.isoformat(),
            "actions": self.actions,
            "customers": len(self.customers),
            "by_kind": dict(sorted(self.by_kind.items())),
            "skipped_before_known": self.skipped_before_known,
            "late_starts": self.late_starts,
            "moved_here": self.moved_here,
        }


def forecast(organisation: Organisation, today: date, days: int) -> list[ForecastDay]:
    """The actions the run will decide on each day from `today` on, if nothing changes.

    Today's line holds what today's run decides (or decided, once it has run).
    """
    horizon = today + timedelta(days=days)
    result = {
        today + timedelta(days=n): ForecastDay(today + timedelta(days=n)) for n in range(days + 1)
    }
    resolver = PolicyResolver(organisation)
    starts_on = collection_starts_on(organisation)
    for customer_ids in customers_to_visit(organisation, BATCH_SIZE):
        for planned in batch_facts(
            organisation, customer_ids, resolver, starts_on, barred_by=horizon
        ).invoices:
            decision = plan_invoice(
                planned.facts,
                planned.policy,
                today,
                horizon=horizon,
                customer_kind=CustomerKind(planned.customer_kind),
            )
            recorded_today = {item.index for item in decision.due}
            for step in decision.ladder:
                if step.on is None:
                    continue
                if step.state is StepState.SKIPPED and step.note == BEFORE_KNOWN:
                    if step.index in recorded_today:
                        result[today].skipped_before_known += 1
                    continue
                if step.state is StepState.DUE:
                    day = today
                elif step.state is StepState.PLANNED and today < step.on <= horizon:
                    day = step.on
                elif step.state is StepState.DONE and step.on == today:
                    day = today
                else:
                    continue
                entry = result[day]
                entry.actions += 1
                entry.late_starts += step.starts_late
                entry.moved_here += step.moved_from is not None
                entry.by_kind[step.step.kind.value] += 1
                entry.customers.add(planned.facts.customer_id)
    return [result[day] for day in sorted(result)]
