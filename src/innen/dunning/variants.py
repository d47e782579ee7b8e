"""The recommended variant of a ladder for a behaviour segment, never one the law forbids.

The next best step for a customer depends on how it pays (`innen.risk.segments`; the
behaviour arrives here as its plain value, so this package does not depend on that one):

- **in trouble**: call earlier (`EARLIER_CALL_DAYS` sooner) and offer a payment plan on the call;
- **forgetful**: a friendlier reminder, sooner (`FORGETFUL_REMINDER_DAY` after the due date),
  with its own warmer text (`StepKind.FRIENDLY_REMINDER`; no costs, no demand): it pays soon
  after a reminder, so an early one brings the money in early;
- **punctual**: no call (a reminder is enough; a call costs time and goodwill);
- other behaviours: the ladder as it is.

Only the reminders and the call change. The steps with legal effect (the 14-day letter, the
aanmaning, the ingebrekestelling), their days, terms and what they claim stay exactly as
they are; a step another step counts from is never removed; and a variant that
`innen.dunning.checks.policy_problems` would refuse is not made (the ladder stays as it is).
"""

from __future__ import annotations

from dataclasses import replace

from innen.dunning.checks import policy_problems
from innen.dunning.policy import LEGAL_STEPS, Anchor, Policy, Step, StepKind

EARLIER_CALL_DAYS = 5
FORGETFUL_REMINDER_DAY = 3
PLAN_CALL_NAME = "Bellen: betalingsregeling aanbieden"
FRIENDLY_REMINDER_NAME = "Vriendelijke herinnering"

IN_TROUBLE = "in_trouble"
FORGETFUL = "forgetful"
PUNCTUAL = "punctual"
VARIED = (IN_TROUBLE, FORGETFUL, PUNCTUAL)


def recommended(base: Policy, behaviour: str) -> Policy:
    """`base` as recommended for customers of `behaviour` (`base` itself when nothing is)."""
    if behaviour == IN_TROUBLE:
        steps = _earlier_call(base.steps)
    elif behaviour == FORGETFUL:
        steps = _friendly_reminder(base.steps)
    elif behaviour == PUNCTUAL:
        steps = _no_call(base.steps)
    else:
        return base
    variant = replace(base, steps=steps)
    if steps == base.steps or policy_problems(variant) or not _legal_steps_kept(base, variant):
        return base
    return variant


def _counted_from(steps: tuple[Step, ...], index: int) -> bool:
    """Whether the step after `index` counts its day from this one."""
    following = steps[index + 1] if index + 1 < len(steps) else None
    return following is not None and following.anchor != Anchor.DUE_DATE


def _earlier_call(steps: tuple[Step, ...]) -> tuple[Step, ...]:
    changed = []
    for index, step in enumerate(steps):
        if step.kind == StepKind.CALL_TASK and step.anchor == Anchor.DUE_DATE:
            earliest = max((s.offset_days for s in steps[:index]), default=0) + 1
            day = max(earliest, step.offset_days - EARLIER_CALL_DAYS)
            if not _counted_from(steps, index):
                step = replace(step, offset_days=min(day, step.offset_days), name=PLAN_CALL_NAME)
        changed.append(step)
    return tuple(changed)


def _friendly_reminder(steps: tuple[Step, ...]) -> tuple[Step, ...]:
    changed = list(steps)
    for index, step in enumerate(steps):
        if step.kind == StepKind.REMINDER and step.anchor == Anchor.DUE_DATE:
            if not _counted_from(steps, index):
                day = min(step.offset_days, FORGETFUL_REMINDER_DAY)
                changed[index] = replace(
                    step,
                    kind=StepKind.FRIENDLY_REMINDER,
                    offset_days=day,
                    name=FRIENDLY_REMINDER_NAME,
                    claims_costs=False,  # a friendly reminder asks only for the invoices
                    claims_interest=False,
                )
            break  # only the first reminder
    return tuple(changed)


def _no_call(steps: tuple[Step, ...]) -> tuple[Step, ...]:
    return tuple(
        step
        for index, step in enumerate(steps)
        if step.kind != StepKind.CALL_TASK or _counted_from(steps, index)
    )


def _legal_steps_kept(base: Policy, variant: Policy) -> bool:
    """Every step with legal effect is in the variant, unchanged and in the same order."""
    return [s for s in base.steps if s.kind in LEGAL_STEPS] == [
        s for s in variant.steps if s.kind in LEGAL_STEPS
    ]
