"""A decision in words: the policy, the steps done with their dates, what is next and why."""

from __future__ import annotations

from datetime import date

from innen.dunning.planner import Decision, StepPlan, StepState, Waiting
from innen.dunning.policy import Policy

WAITING_TEXT = {
    Waiting.NOT_YET_DUE: "the next step is not due yet",
    Waiting.HOLD: "collection is on hold",
    Waiting.BELOW_MINIMUM: "the open amount is below the step's minimum",
    Waiting.EXCLUDED: "the invoice or its customer is excluded from collection",
    Waiting.NO_POLICY: "no dunning policy applies to this customer",
    Waiting.PAID: "nothing is open",
    Waiting.FINISHED: "every step of the policy has been taken",
    Waiting.TIME_BARRED: "the consumer's claim is time-barred: collection stops",
}

STATE_TEXT = {
    StepState.DONE: "done",
    StepState.SKIPPED: "skipped",
    StepState.DUE: "due now",
    StepState.PASSED_BELOW_MINIMUM: "passed by: open amount below the minimum",
    StepState.PASSED_AFTER_DUE: "passed by: its moment came after the due date",
    StepState.PLANNED: "planned",
    StepState.ON_HOLD: "waits for the hold to end",
    StepState.TIME_BARRED: "not sent: the claim is time-barred by then",
}


def step_line(plan: StepPlan) -> str:
    on = plan.on.isoformat() if plan.on else "—"
    extra = []
    if plan.pay_before:
        extra.append(f"pay before {plan.pay_before.isoformat()}")
    if plan.step.claims_costs and not plan.claims_costs and plan.state is not StepState.DONE:
        extra.append("claims no costs: no 14-day letter went out")
    if plan.note:
        extra.append(plan.note)
    if plan.starts_late:
        extra.append("starts here: innen learned of the invoice after its earlier moments")
    if plan.moved_from:
        extra.append(f"moved from {plan.moved_from:%a} {plan.moved_from.isoformat()}")
    tail = f" ({'; '.join(extra)})" if extra else ""
    state = STATE_TEXT[plan.state]
    return f"{plan.index + 1}. {plan.step.name} [{plan.step.kind}] {on}: {state}{tail}"


def why(decision: Decision) -> str:
    """One sentence: what happens next for the invoice, and why."""
    if decision.due:
        names = ", ".join(d.step.name for d in decision.actions) or "nothing to send"
        return f"due now: {names}"
    text = WAITING_TEXT[decision.waiting]
    if decision.waiting is Waiting.HOLD and decision.hold is not None:
        hold = decision.hold
        until = f" until {hold.ends_on.isoformat()}" if hold.ends_on else " until lifted"
        text = f"{text} ({hold.reason}{until})"
    if decision.next_on is not None:
        text = f"{text}; next step on {decision.next_on.isoformat()}"
    return text


def explain(decision: Decision, policy: Policy | None, today: date) -> list[str]:
    """The lines `innen explain` prints and the invoice page shows."""
    lines = [f"Date: {today.isoformat()}"]
    lines.append(f"Policy: {policy.name}" if policy else "Policy: none")
    lines.extend(step_line(plan) for plan in decision.ladder)
    lines.append(f"Next: {why(decision)}")
    return lines
