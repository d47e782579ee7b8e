"""What a customer may arrange by themselves: the rules for promises and payment plans.

A promise to pay names a day after today and at most the organisation's limit ahead (14 days
by default). It is kept when everything it covers is paid; it is broken when something is
still open after one business day of grace past the promised day (a transfer made on the
day reaches the bank statement the next business day).

A payment plan is a number of monthly instalments for what the chosen invoices still owe
(with the interest and costs the letters claimed). Within the organisation's rules it is
accepted at once; outside them, or above the organisation's approval limit (EUR 2,500 by
default), it waits for a credit controller. A few proposals are refused outright (they are
not plans at all): fewer than two instalments (that is a promise), more than MONTHS_CEILING,
or less than a cent each.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from innen.dunning.days import add_business_days
from innen.money import CENT, ZERO

MONTHS_CEILING = 24  # no organisation's rule reaches further: beyond it a proposal is refused
FEWEST_INSTALMENTS = 2


class PromiseProblem(enum.Enum):
    NOT_AFTER_TODAY = "not_after_today"
    TOO_FAR = "too_far"


class PromiseState(enum.Enum):
    OPEN = "open"
    KEPT = "kept"
    BROKEN = "broken"


def promise_latest(today: date, max_days: int) -> date:
    """The last day a promise made on `today` may name."""
    return today + timedelta(days=max_days)


def promise_problem(day: date, today: date, max_days: int) -> PromiseProblem | None:
    """Why a promise made on `today` to pay on `day` cannot be accepted (None: it can)."""
    if day <= today:
        return PromiseProblem.NOT_AFTER_TODAY
    if day > promise_latest(today, max_days):
        return PromiseProblem.TOO_FAR
    return None


def promise_deadline(promised_on: date) -> date:
    """The last day the money may arrive: one Dutch business day after the promised day."""
    return add_business_days(promised_on, 1)


def promise_state(promised_on: date, today: date, still_open: Decimal) -> PromiseState:
    """A promise's state on `today`, given what its invoices still owe."""
    if still_open <= ZERO:
        return PromiseState.KEPT
    if today > promise_deadline(promised_on):
        return PromiseState.BROKEN
    return PromiseState.OPEN


@dataclass(frozen=True)
class PlanRules:
    """An organisation's rules for plans accepted without a person looking at them."""

    min_instalment: Decimal
    max_months: int
    min_total: Decimal
    approval_above: Decimal | None = None  # None: no limit


class PlanProblem(enum.Enum):
    # Refusals: the proposal is not taken at all.
    TOO_FEW = "too_few"
    OVER_CEILING = "over_ceiling"
    NOTHING_OPEN = "nothing_open"
    # Exceptions: taken, but a credit controller decides.
    MORE_MONTHS = "more_months"
    SMALL_INSTALMENT = "small_instalment"
    SMALL_TOTAL = "small_total"
    ABOVE_LIMIT = "above_limit"


REFUSALS = frozenset({PlanProblem.TOO_FEW, PlanProblem.OVER_CEILING, PlanProblem.NOTHING_OPEN})


def plan_problems(total: Decimal, months: int, rules: PlanRules) -> list[PlanProblem]:
    """Every way a plan of `months` instalments for `total` departs from `rules`.

    Empty: accept at once. Any of REFUSALS: refuse. Otherwise a controller decides.
    """
    if total <= ZERO:
        return [PlanProblem.NOTHING_OPEN]
    if months < FEWEST_INSTALMENTS:
        return [PlanProblem.TOO_FEW]
    if months > MONTHS_CEILING or total < CENT * months:
        return [PlanProblem.OVER_CEILING]
    problems = []
    if months > rules.max_months:
        problems.append(PlanProblem.MORE_MONTHS)
    if total / months < rules.min_instalment:
        problems.append(PlanProblem.SMALL_INSTALMENT)
    if total < rules.min_total:
        problems.append(PlanProblem.SMALL_TOTAL)
    if rules.approval_above is not None and total > rules.approval_above:
        problems.append(PlanProblem.ABOVE_LIMIT)
    return problems


def refused(problems: list[PlanProblem]) -> bool:
    return any(problem in REFUSALS for problem in problems)


def most_months(total: Decimal, rules: PlanRules) -> int:
    """The most instalments `rules` accept at once for `total` (0: none is accepted at once)."""
    if total < rules.min_total:
        return 0
    if rules.approval_above is not None and total > rules.approval_above:
        return 0
    best = min(rules.max_months, MONTHS_CEILING)
    if rules.min_instalment > ZERO:
        best = min(best, int(total // rules.min_instalment))
    return best if best >= FEWEST_INSTALMENTS else 0
