"""The policies innen refuses, with the reason in words a credit controller understands.

The main rule is the law's: a consumer owes collection costs only after a 14-day letter
that named them, once its term has expired (art. 6:96 lid 6 BW). A consumer ladder whose
costs could come before such a letter is refused outright; the planner also holds every
costs-claiming step back until the letter's term has really expired. A friendly reminder
claims nothing, so it is never a written demand that could make costs due
(`innen.law.demands`).
"""

from __future__ import annotations

from dataclasses import dataclass

from innen.dunning.policy import Anchor, CustomerKind, Policy, StepKind
from innen.translatable import N_, Text, say

# Each reason as a constant, so the Django layer can say it in the reader's language.
NO_STEPS = N_("a policy needs at least one step")
NO_CHANNEL = N_("choose at least one channel")
NEGATIVE_MINIMUM = N_("the minimum open amount cannot be negative")
NEGATIVE_TERM = N_("the pay-before term cannot be negative")
FIRST_FROM_PREVIOUS = N_("the first step cannot be counted from a previous step")
BEFORE_PREVIOUS = N_("a step counted from the previous one cannot come before it")
PREVIOUS_WITHOUT_TERM = N_("the previous step (%(name)s) gives no pay-before term")
OUT_OF_ORDER = N_("it comes before an earlier step; put the steps in date order")
PRE_DUE_AFTER_DUE = N_("a pre-due notice must be counted from the due date, on or before it")
LETTER_AS_CALL = N_("a 14-day letter must be sent by letter or e-mail, not made a call")
LETTER_CLAIMS_COSTS = N_(
    "a 14-day letter names the collection costs but cannot claim them: "
    "they are due only after its 14-day term"
)
LETTER_TERM_TOO_SHORT = N_("the law gives a consumer at least 14 days after a 14-day letter")
CONSUMER_COSTS_BEFORE_LETTER = N_(
    "a consumer owes collection costs only after a 14-day letter that named "
    "them and whose term expired; put a 14-day letter before this step"
)
FRIENDLY_CLAIMS = N_(
    "a friendly reminder only asks for the invoices: it claims no interest or costs "
    "(make it a reminder or a later step instead)"
)
PROBLEM_AT_STEP = N_("step %(number)s (%(name)s): %(reason)s")


@dataclass(frozen=True)
class PolicyProblem:
    step_index: int | None
    step_name: str
    reason: str

    def __str__(self) -> str:
        return self.said()

    def said(self) -> Text:
        """The problem with the step it is about, still translatable."""
        reason = self.reason if isinstance(self.reason, Text) else say(self.reason)
        if self.step_index is None:
            return reason
        return say(PROBLEM_AT_STEP, number=self.step_index + 1, name=self.step_name, reason=reason)


class PolicyRefused(ValueError):
    def __init__(self, problems: list[PolicyProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def policy_problems(policy: Policy) -> list[PolicyProblem]:
    """Every reason to refuse `policy`; empty when it may be used."""
    problems: list[PolicyProblem] = []
    if not policy.steps:
        problems.append(PolicyProblem(None, "", say(NO_STEPS)))
    letter_seen = False
    last_due_offset: int | None = None
    for index, step in enumerate(policy.steps):

        def refuse(reason: Text, index: int = index, name: str = step.name) -> None:
            problems.append(PolicyProblem(index, name, reason))

        if not step.channels:
            refuse(say(NO_CHANNEL))
        if step.min_open_amount < 0:
            refuse(say(NEGATIVE_MINIMUM))
        if step.pay_term_days is not None and step.pay_term_days < 0:
            refuse(say(NEGATIVE_TERM))
        if step.anchor is not Anchor.DUE_DATE and index == 0:
            refuse(say(FIRST_FROM_PREVIOUS))
        if step.anchor is not Anchor.DUE_DATE and step.offset_days < 0:
            refuse(say(BEFORE_PREVIOUS))
        if step.anchor is Anchor.PREVIOUS_TERM and index > 0:
            previous = policy.steps[index - 1]
            if previous.pay_term_days is None and previous.kind is not StepKind.FOURTEEN_DAY_LETTER:
                refuse(say(PREVIOUS_WITHOUT_TERM, name=previous.name))
        if step.anchor is Anchor.DUE_DATE:
            if last_due_offset is not None and step.offset_days < last_due_offset:
                refuse(say(OUT_OF_ORDER))
            last_due_offset = step.offset_days
        if step.kind is StepKind.PRE_DUE_NOTICE and (
            step.anchor is not Anchor.DUE_DATE or step.offset_days > 0
        ):
            refuse(say(PRE_DUE_AFTER_DUE))
        if step.kind is StepKind.FOURTEEN_DAY_LETTER:
            if step.is_call_only:
                refuse(say(LETTER_AS_CALL))
            if step.claims_costs:
                refuse(say(LETTER_CLAIMS_COSTS))
            if step.pay_term_days is not None and step.pay_term_days < 14:
                refuse(say(LETTER_TERM_TOO_SHORT))
            letter_seen = True
        if step.kind is StepKind.FRIENDLY_REMINDER and (step.claims_costs or step.claims_interest):
            refuse(say(FRIENDLY_CLAIMS))
        if (
            policy.customer_kind is CustomerKind.CONSUMER
            and step.claims_costs
            and step.kind is not StepKind.FOURTEEN_DAY_LETTER
            and not letter_seen
        ):
            refuse(say(CONSUMER_COSTS_BEFORE_LETTER))
    return problems


def policy_check(policy: Policy) -> None:
    """Raise `PolicyRefused` when `policy` may not be used."""
    problems = policy_problems(policy)
    if problems:
        raise PolicyRefused(problems)
