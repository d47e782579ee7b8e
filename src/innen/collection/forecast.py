"""Looking ahead and looking inside: the forecast of coming actions and one invoice's story."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from innen.collection.facts import batch_facts, collection_starts_on
from innen.collection.models import Action
from innen.collection.policies import PolicyResolver
from innen.collection.run import BATCH_SIZE, customers_to_visit
from innen.dunning.explain import explain
from innen.dunning.planner import StepState, plan_invoice
from innen.dunning.policy import CustomerKind
from innen.ledger.models import Invoice
from innen.money import format_eur
from innen.organisations.models import Organisation


@dataclass
class ForecastDay:
    day: date
    actions: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    customers: set[int] = field(default_factory=set)

    def as_json(self) -> dict[str, object]:
        return {
            "date": self.day.isoformat(),
            "actions": self.actions,
            "customers": len(self.customers),
            "by_kind": dict(sorted(self.by_kind.items())),
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
        for planned in batch_facts(organisation, customer_ids, resolver, starts_on).invoices:
            decision = plan_invoice(
                planned.facts,
                planned.policy,
                today,
                horizon=horizon,
                customer_kind=CustomerKind(planned.customer_kind),
            )
            for step in decision.ladder:
                if step.on is None:
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
                entry.by_kind[step.step.kind.value] += 1
                entry.customers.add(planned.facts.customer_id)
    return [result[day] for day in sorted(result)]


def explain_invoice(invoice: Invoice, today: date) -> list[str]:
    """Why the run does (or does not) act on `invoice`, step by step, as lines of text."""
    organisation = invoice.organisation
    resolver = PolicyResolver(organisation)
    facts = batch_facts(
        organisation, [invoice.customer_id], resolver, collection_starts_on(organisation)
    )
    planned = next((p for p in facts.invoices if p.facts.invoice_id == invoice.pk), None)
    lines = [f"Invoice {invoice.number} of {invoice.customer.name}, due {invoice.due_date}"]
    if planned is None:
        lines.append("Next: nothing happens: nothing is open on this invoice.")
    else:
        decision = plan_invoice(
            planned.facts,
            planned.policy,
            today,
            horizon=today + timedelta(days=120),
            customer_kind=CustomerKind(planned.customer_kind),
        )
        lines.append(f"Open: {format_eur(planned.facts.open_amount)}")
        for hold in planned.facts.holds:
            until = hold.ends_on.isoformat() if hold.ends_on else "lifted"
            lines.append(f"Hold: {hold.reason} from {hold.starts_on} until {until}")
        lines.extend(explain(decision, planned.policy, today))
    recorded = recorded_actions(invoice)
    if recorded:
        lines.append("Recorded:")
        lines.extend(recorded)
    return lines


def recorded_actions(invoice: Invoice) -> list[str]:
    lines = []
    for action in Action.objects.filter(invoice=invoice).select_related("step", "message"):
        message = action.message
        delivery = f", message {message.get_status_display().lower()}" if message else ""
        reason = f" ({action.reason})" if action.reason else ""
        lines.append(
            f"  {action.scheduled_on} {action.step.name}: {action.get_status_display().lower()}"
            f"{reason}, decided {action.decided_on}{delivery}"
        )
    return lines
