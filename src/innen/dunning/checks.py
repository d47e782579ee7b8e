"""The policies innen refuses, with the reason in words a credit controller understands.

The main rule is the law's: a consumer owes collection costs only after a 14-day letter
that named them, once its term has expired (art. 6:96 lid 6 BW). A consumer ladder whose
costs could come before such a letter is refused outright; the planner also holds every
costs-claiming step back until the letter's term has really expired.
"""

from __future__ import annotations

from dataclasses import dataclass

from innen.dunning.policy import Anchor, CustomerKind, Policy, StepKind


@dataclass(frozen=True)
class PolicyProblem:
    step_index: int | None
    step_name: str
    reason: str

    def __str__(self) -> str:
        if self.step_index is None:
            return self.reason
        return f"step {self.step_index + 1} ({self.step_name}): {self.reason}"


class PolicyRefused(ValueError):
    def __init__(self, problems: list[PolicyProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def policy_problems(policy: Policy) -> list[PolicyProblem]:
    """Every reason to refuse `policy`; empty when it may be used."""
    problems: list[PolicyProblem] = []
    if not policy.steps:
        problems.append(PolicyProblem(None, "", "a policy needs at least one step"))
    letter_seen = False
    last_due_offset: int | None = None
    for index, step in enumerate(policy.steps):

        def refuse(reason: str, index: int = index, name: str = step.name) -> None:
            problems.append(PolicyProblem(index, name, reason))

        if not step.channels:
            refuse("choose at least one channel")
        if step.min_open_amount < 0:
            refuse("the minimum open amount cannot be negative")
        if step.pay_term_days is not None and step.pay_term_days < 0:
            refuse("the pay-before term cannot be negative")
        if step.anchor is not Anchor.DUE_DATE and index == 0:
            refuse("the first step cannot be counted from a previous step")
        if step.anchor is not Anchor.DUE_DATE and step.offset_days < 0:
            refuse("a step counted from the previous one cannot come before it")
        if step.anchor is Anchor.PREVIOUS_TERM and index > 0:
            previous = policy.steps[index - 1]
            if previous.pay_term_days is None and previous.kind is not StepKind.FOURTEEN_DAY_LETTER:
                refuse(f"the previous step ({previous.name}) gives no pay-before term")
        if step.anchor is Anchor.DUE_DATE:
            if last_due_offset is not None and step.offset_days < last_due_offset:
                refuse("it comes before an earlier step; put the steps in date order")
            last_due_offset = step.offset_days
        if step.kind is StepKind.PRE_DUE_NOTICE and (
            step.anchor is not Anchor.DUE_DATE or step.offset_days > 0
        ):
            refuse("a pre-due notice must be counted from the due date, on or before it")
        if step.kind is StepKind.FOURTEEN_DAY_LETTER:
            if step.is_call_only:
                refuse("a 14-day letter must be sent by letter or e-mail, not made a call")
            if step.claims_costs:
                refuse(
                    "a 14-day letter names the collection costs but cannot claim them: "
                    "they are due only after its 14-day term"
                )
            if step.pay_term_days is not None and step.pay_term_days < 14:
                refuse("the law gives a consumer at least 14 days after a 14-day letter")
            letter_seen = True
        if (
            policy.customer_kind is CustomerKind.CONSUMER
            and step.claims_costs
            and step.kind is not StepKind.FOURTEEN_DAY_LETTER
            and not letter_seen
        ):
            refuse(
                "a consumer owes collection costs only after a 14-day letter that named "
                "them and whose term expired; put a 14-day letter before this step"
            )
    return problems


def policy_check(policy: Policy) -> None:
    """Raise `PolicyRefused` when `policy` may not be used."""
    problems = policy_problems(policy)
    if problems:
        raise PolicyRefused(problems)
