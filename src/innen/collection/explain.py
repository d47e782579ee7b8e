"""One invoice's story: why the run does (or does not) act on it, and what it recorded."""

from __future__ import annotations

from datetime import date, timedelta

from innen.collection.facts import BatchFacts, batch_facts, collection_starts_on
from innen.collection.models import Action
from innen.collection.policies import PolicyResolver
from innen.dunning.explain import explain
from innen.dunning.grouping import DEFAULT_MIN_DAYS_BETWEEN_MESSAGES, first_allowed
from innen.dunning.planner import Decision, StepState, plan_invoice
from innen.dunning.policy import CustomerKind
from innen.dunning.timing import BEFORE_KNOWN
from innen.ledger.models import Invoice
from innen.money import format_eur


def explain_invoice(invoice: Invoice, today: date) -> list[str]:
    """Why the run does (or does not) act on `invoice`, step by step, as lines of text."""
    organisation = invoice.organisation
    resolver = PolicyResolver(organisation)
    horizon = today + timedelta(days=120)
    facts = batch_facts(
        organisation,
        [invoice.customer_id],
        resolver,
        collection_starts_on(organisation),
        barred_by=horizon,
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
            horizon=horizon,
            customer_kind=CustomerKind(planned.customer_kind),
        )
        lines.append(f"Open: {format_eur(planned.facts.open_amount)}")
        for hold in planned.facts.holds:
            until = hold.ends_on.isoformat() if hold.ends_on else "lifted"
            lines.append(f"Hold: {hold.reason} from {hold.starts_on} until {until}")
        if planned.facts.known_on and any(
            plan.starts_late or plan.note == BEFORE_KNOWN for plan in decision.ladder
        ):
            lines.append(
                f"Known to innen since {planned.facts.known_on}: it arrived after some of its"
                " steps' moments, so it starts at one step"
            )
        lines.extend(explain(decision, planned.policy, today))
        lines.extend(_spacing(decision, facts, today))
    recorded = recorded_actions(invoice)
    if recorded:
        lines.append("Recorded:")
        lines.extend(recorded)
    return lines


def _spacing(decision: Decision, facts: BatchFacts, today: date) -> list[str]:
    """The days between two messages to the customer: whether they hold this invoice's step."""
    last = facts.last_message_on.get(decision.customer_id)
    spacing = facts.min_days.get(decision.customer_id, DEFAULT_MIN_DAYS_BETWEEN_MESSAGES)
    step = next((p for p in decision.ladder if p.state in (StepState.DUE, StepState.PLANNED)), None)
    if last is None or step is None or step.on is None or step.step.is_call_only:
        return []
    allowed = first_allowed(step.step, last, spacing)
    if allowed <= max(step.on, today):
        return []
    return [
        f"Spacing: the customer last got a message on {last}; with {spacing} days between"
        f" messages, {step.step.name} waits until {allowed}"
    ]


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
