"""A consumer's 14-day letter names every claim in default, and each named claim has had it.

Art. 6:96 lid 7 BW: one demand for all claims in default, the costs on their sum. When the run
sends a consumer a 14-day letter, every other invoice of hers that is in default (due before
today, open, not held, excluded or time-barred) and whose ladder still has its 14-day letter to
come is named in it too, and for that invoice the letter *is* its 14-day letter: its action is
recorded at that step in the same message, and the steps before it that never went out are
recorded as skipped ("named in a 14-day letter"). So the letter, the claim (which counts the
14-day letters that went out, per invoice) and the ladder agree: the invoice's costs clock
starts with this letter's term, and it never gets a reminder, or a second 14-day letter, after.

Pure: the decisions of the day are arguments.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from innen.dunning.grouping import MessagePlan
from innen.dunning.planner import Decision, DueStep, InvoiceFacts, StepState, Waiting
from innen.dunning.policy import Policy, StepKind
from innen.dunning.timing import term_end

NAMED_IN_LETTER = "named in a 14-day letter"

# A step the run has recorded (or records today) is no longer to come.
_RECORDED = (StepState.DONE, StepState.SKIPPED)


@dataclass(frozen=True)
class Ladder:
    """One invoice's facts, its policy and today's decision: what the naming needs."""

    facts: InvoiceFacts
    policy: Policy | None
    decision: Decision


def letter_customers(plans: Iterable[MessagePlan]) -> set[int]:
    """The customers whose day's message is a 14-day letter: only their ladders are named."""
    return {plan.customer_id for plan in plans if plan.step.kind is StepKind.FOURTEEN_DAY_LETTER}


def name_claims_in_default(
    plans: Iterable[MessagePlan], ladders: Mapping[int, Sequence[Ladder]], today: date
) -> tuple[tuple[MessagePlan, ...], list[DueStep]]:
    """`plans` with each consumer 14-day letter naming the customer's claims in default.

    `ladders` holds, per customer id, the day's decision for each of her open invoices.
    Returns the plans, and the skipped steps to record besides (one per step passed over).
    """
    result, skipped = [], []
    for plan in plans:
        if plan.step.kind is not StepKind.FOURTEEN_DAY_LETTER:
            result.append(plan)
            continue
        items: dict[int, list[DueStep]] = {}
        for item in plan.items:
            items.setdefault(item.invoice_id, []).append(item)
        for ladder in ladders.get(plan.customer_id, ()):
            named = _named(ladder, today)
            if named is None:
                continue
            letter, passed = named
            # Its steps due today in this letter are passed over too; one due in another of
            # the day's messages (a call task) stays there.
            here = items.get(ladder.facts.invoice_id, [])
            passed += [_passed_over(item) for item in here]
            items[ladder.facts.invoice_id] = [letter]
            skipped.extend(passed)
        result.append(replace(plan, items=tuple(i for group in items.values() for i in group)))
    return tuple(result), skipped


def _named(ladder: Ladder, today: date) -> tuple[DueStep, list[DueStep]] | None:
    """The invoice's 14-day letter step in today's letter, and the steps it passes over; None
    when the invoice is not in default, is paused, or already had (or has today) its letter."""
    facts, policy, decision = ladder.facts, ladder.policy, ladder.decision
    if policy is None or not _in_default(facts, decision, today):
        return None
    index = next(
        (i for i, step in enumerate(policy.steps) if step.kind is StepKind.FOURTEEN_DAY_LETTER),
        None,
    )
    if index is None:
        return None
    states = {plan.index: plan.state for plan in decision.ladder}
    due_today = {item.index for item in decision.due}
    if states.get(index) in _RECORDED or index in due_today:
        return None
    step = policy.steps[index]
    letter = DueStep(
        facts.invoice_id,
        facts.customer_id,
        index,
        step,
        today,
        term_end(step, today),
        facts.open_amount,
        step.claims_costs,
        step.claims_interest,
    )
    passed = [  # the steps before it not recorded, nor due today (those are in a message)
        DueStep(
            facts.invoice_id,
            facts.customer_id,
            i,
            policy.steps[i],
            today,
            None,
            facts.open_amount,
            False,
            False,
            NAMED_IN_LETTER,
        )
        for i in range(index)
        if states.get(i) not in _RECORDED and i not in due_today
    ]
    return letter, passed


def _in_default(facts: InvoiceFacts, decision: Decision, today: date) -> bool:
    held = facts.excluded or any(hold.covers(today) for hold in facts.holds)
    paused = decision.waiting in (Waiting.HOLD, Waiting.EXCLUDED, Waiting.TIME_BARRED)
    return facts.due_date < today and facts.open_amount > 0 and not held and not paused


def _passed_over(item: DueStep) -> DueStep:
    return replace(
        item,
        pay_before=None,
        claims_costs=False,
        claims_interest=False,
        skipped_reason=NAMED_IN_LETTER,
    )
