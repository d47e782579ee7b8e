"""The words for the pure rules' answers, in the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from innen.arrangements.rules import PlanProblem

PLAN_PROBLEMS: dict[str, Any] = {
    PlanProblem.TOO_FEW.value: _(
        "A plan has at least two instalments; for one date, promise to pay."
    ),
    PlanProblem.OVER_CEILING.value: _("That is more instalments than we can offer."),
    PlanProblem.NOTHING_OPEN.value: _("Nothing is open on these invoices."),
    PlanProblem.MORE_MONTHS.value: _("more months than the rules allow"),
    PlanProblem.SMALL_INSTALMENT.value: _("instalments below the smallest allowed"),
    PlanProblem.SMALL_TOTAL.value: _("total below the minimum for a plan"),
    PlanProblem.ABOVE_LIMIT.value: _("total above the limit that needs approval"),
}


def plan_problem_labels(values: list[str]) -> list[Any]:
    return [PLAN_PROBLEMS.get(value, value) for value in values]
