"""The experiment on the dashboard: its figures per behaviour segment, and turning it on or off.

The figures are `innen.insights.experiment`'s; each difference is said with its interval and
plainly called "not yet significant" while the interval holds 0. Only owners turn the
experiment on or off (`innen.collection.experiment`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from innen.collection.experiment import experiment_start, experiment_stop
from innen.dossier.record import actor_name
from innen.insights.experiment import ExperimentFigures, experiment_figures
from innen.organisations.decorators import organisation_required
from innen.organisations.models import Organisation
from innen.organisations.requests import is_owner, organisation_of, signed_in_user
from innen.risk.segments import LABELS, Behaviour
from innen.risk.uplift import Difference

OWNERS_ONLY_PAGE = "web/policy_owners_only.html"


@dataclass(frozen=True)
class Said:
    """One outcome of one segment in words: both groups, the difference, the verdict."""

    recommended: str
    control: str
    difference: str
    verdict: str
    significant: bool


@dataclass(frozen=True)
class Row:
    segment: str
    days: Said
    paid: Said


def _number(value: float, places: int = 1) -> str:
    return number_format(round(value, places), places)


def _said(found: Difference | None, percent: bool) -> Said:
    if found is None:
        none = gettext("too few yet")
        return Said("–", "–", "–", none, False)
    scale, unit = (100.0, "%") if percent else (1.0, "")

    def show(value: float) -> str:
        return _number(value * scale) + unit

    difference = gettext("%(difference)s (%(low)s to %(high)s)") % {
        "difference": show(found.difference),
        "low": show(found.low),
        "high": show(found.high),
    }
    verdict = gettext("significant") if found.significant else gettext("not yet significant")
    return Said(
        f"{show(found.recommended)} (n={found.n_recommended})",
        f"{show(found.control)} (n={found.n_control})",
        difference,
        verdict,
        found.significant,
    )


def experiment_context(organisation: Organisation, today: date) -> dict[str, object]:
    """What the dashboard's experiment section shows."""
    figures: ExperimentFigures | None = experiment_figures(organisation, today)
    if figures is None:
        return {"experiment": None}
    rows = [
        Row(
            gettext(LABELS[Behaviour(r.segment)]) if r.segment in set(Behaviour) else r.segment,
            _said(r.days_to_pay, percent=False),
            _said(r.paid_within, percent=True),
        )
        for r in figures.results
    ]
    return {"experiment": figures, "experiment_rows": rows}


@require_POST
@organisation_required
def experiment_switch(request: HttpRequest) -> HttpResponse:
    """Turn the experiment on ("start") or off ("stop"); owners only."""
    if not is_owner(request):
        return render(request, OWNERS_ONLY_PAGE, status=403)
    organisation = organisation_of(request)
    actor = actor_name(signed_in_user(request))
    if request.POST.get("action") == "start":
        experiment_start(organisation, timezone.localdate(), actor=actor)
        messages.success(request, gettext("The experiment is on."))
    else:
        experiment_stop(organisation, timezone.localdate(), actor=actor)
        messages.success(request, gettext("The experiment is off."))
    return redirect("dashboard")
