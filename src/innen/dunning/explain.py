"""A decision in words: the policy, the steps done with their dates, what is next and why.

Every line is a `Text` (`innen.translatable`): English as it stands, and said again in the
reader's language where it is shown (`innen.file_messages.translated`), the step kinds and
hold reasons by their labels.
"""

from __future__ import annotations

from datetime import date

from innen.dunning.planner import Decision, StepPlan, StepState, Waiting
from innen.dunning.policy import Policy, StepKind
from innen.dunning.timing import HoldReason
from innen.translatable import N_, Text, say

WAITING_TEXT = {
    Waiting.NOT_YET_DUE: N_("the next step is not due yet"),
    Waiting.HOLD: N_("collection is on hold"),
    Waiting.BELOW_MINIMUM: N_("the open amount is below the step's minimum"),
    Waiting.EXCLUDED: N_("the invoice or its customer is excluded from collection"),
    Waiting.NO_POLICY: N_("no dunning policy applies to this customer"),
    Waiting.PAID: N_("nothing is open"),
    Waiting.FINISHED: N_("every step of the policy has been taken"),
    Waiting.TIME_BARRED: N_("the consumer's claim is time-barred: collection stops"),
}

STATE_TEXT = {
    StepState.DONE: N_("done"),
    StepState.SKIPPED: N_("skipped"),
    StepState.DUE: N_("due now"),
    StepState.PASSED_BELOW_MINIMUM: N_("passed by: open amount below the minimum"),
    StepState.PASSED_AFTER_DUE: N_("passed by: its moment came after the due date"),
    StepState.PLANNED: N_("planned"),
    StepState.ON_HOLD: N_("waits for the hold to end"),
    StepState.TIME_BARRED: N_("not sent: the claim is time-barred by then"),
}

# The labels `innen.collection.models.StepKind` gives the kinds (a test keeps them equal).
KIND_LABELS = {
    StepKind.PRE_DUE_NOTICE: N_("Pre-due notice"),
    StepKind.REMINDER: N_("Reminder"),
    StepKind.FRIENDLY_REMINDER: N_("Friendly reminder"),
    StepKind.CALL_TASK: N_("Call"),
    StepKind.SECOND_REMINDER: N_("Second reminder"),
    StepKind.AANMANING: N_("Formal demand (aanmaning)"),
    StepKind.FOURTEEN_DAY_LETTER: N_("14-day letter"),
    StepKind.INGEBREKESTELLING: N_("Notice of default (ingebrekestelling)"),
    StepKind.SUSPENSION_NOTICE: N_("Service suspension notice"),
    StepKind.HANDOVER: N_("Hand-over to collection agency"),
    StepKind.CUSTOM: N_("Custom"),
}

HOLD_TEXT = {
    HoldReason.DISPUTE: N_("dispute"),
    HoldReason.PAYMENT_PLAN: N_("payment plan"),
    HoldReason.PROMISE: N_("promise to pay"),
    HoldReason.HANDED_OVER: N_("handed over"),
    HoldReason.MANUAL: N_("paused by hand"),
    HoldReason.BEFORE_START: N_("before collecting with innen started"),
}

# Day names as Django's own catalogue has them, so they need no translation of ours.
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def joined(parts: list[str], separator: str) -> Text:
    """`parts` joined by `separator`, each still translatable."""
    msgid = separator.join(f"%(part{index})s" for index in range(len(parts)))
    return Text(msgid, {f"part{index}": part for index, part in enumerate(parts)})


def kind_label(kind: StepKind) -> Text:
    return say(KIND_LABELS[kind])


def hold_label(reason: HoldReason) -> Text:
    return say(HOLD_TEXT[reason])


def day_text(on: date | None) -> date | str:
    """The day itself (said in the reader's format where the text is shown), "—" for none."""
    return on if on else "—"


def step_line(plan: StepPlan) -> Text:
    extra: list[str] = []
    if plan.pay_before:
        extra.append(say(N_("pay before %(date)s"), date=day_text(plan.pay_before)))
    if plan.step.claims_costs and not plan.claims_costs and plan.state is not StepState.DONE:
        extra.append(say(N_("claims no costs: no 14-day letter went out")))
    if plan.note:
        extra.append(plan.note if isinstance(plan.note, Text) else say(plan.note))
    if plan.starts_late:
        extra.append(say(N_("starts here: innen learned of the invoice after its earlier moments")))
    if plan.moved_from:
        weekday = say(WEEKDAYS[plan.moved_from.weekday()])
        extra.append(
            say(
                N_("moved from %(weekday)s %(date)s"),
                weekday=weekday,
                date=day_text(plan.moved_from),
            )
        )
    values = {
        "number": plan.index + 1,
        "name": plan.step.name,
        "kind": kind_label(plan.step.kind),
        "on": day_text(plan.on),
        "state": say(STATE_TEXT[plan.state]),
    }
    if not extra:
        return say(N_("%(number)s. %(name)s [%(kind)s] %(on)s: %(state)s"), **values)
    return say(
        N_("%(number)s. %(name)s [%(kind)s] %(on)s: %(state)s (%(extra)s)"),
        extra=joined(extra, "; "),
        **values,
    )


def why(decision: Decision) -> Text:
    """One sentence: what happens next for the invoice, and why."""
    if decision.due:
        names = [d.step.name for d in decision.actions]
        if not names:
            return say(N_("due now: nothing to send"))
        return say(N_("due now: %(names)s"), names=", ".join(names))
    text = say(WAITING_TEXT[decision.waiting])
    if decision.waiting is Waiting.HOLD and decision.hold is not None:
        hold = decision.hold
        if hold.ends_on:
            text = say(
                N_("%(text)s (%(reason)s until %(date)s)"),
                text=text,
                reason=hold_label(hold.reason),
                date=day_text(hold.ends_on),
            )
        else:
            text = say(
                N_("%(text)s (%(reason)s until lifted)"), text=text, reason=hold_label(hold.reason)
            )
    if decision.next_on is not None:
        text = say(
            N_("%(text)s; next step on %(date)s"), text=text, date=day_text(decision.next_on)
        )
    return text


def explain(decision: Decision, policy: Policy | None, today: date) -> list[Text]:
    """The lines `innen explain` prints and the invoice page shows."""
    lines = [say(N_("Date: %(date)s"), date=day_text(today))]
    if policy:
        lines.append(say(N_("Policy: %(name)s"), name=policy.name))
    else:
        lines.append(say(N_("Policy: none")))
    lines.extend(step_line(plan) for plan in decision.ladder)
    lines.append(say(N_("Next: %(why)s"), why=why(decision)))
    return lines
