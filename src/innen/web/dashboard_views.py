"""The credit controller's dashboard: the figures of `innen.insights.figures`, with charts.

The charts are drawn in the browser by Chart.js (served with the app) from a JSON block in
the page; `web/dashboard.js` reads it, so the page runs no inline script.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from innen.insights.cached import dashboard_figures
from innen.insights.figures import Dashboard
from innen.organisations.decorators import organisation_required
from innen.organisations.requests import is_owner, organisation_of
from innen.web.experiment_views import experiment_context
from innen.web.kept_pages import kept_page
from innen.web.templatetags.innen_format import day_range

BUCKET_LABELS = {
    "not_due": lambda: _("Not yet due"),
    "1_30": lambda: _("1–30 days"),
    "31_60": lambda: _("31–60 days"),
    "61_90": lambda: _("61–90 days"),
    "over_90": lambda: _("More than 90 days"),
}


@organisation_required
@kept_page
def dashboard_page(request: HttpRequest) -> HttpResponse:
    kept = dashboard_figures(organisation_of(request), timezone.localdate())
    figures = kept.figures
    context = {
        "figures": figures,
        "computed_at": kept.computed_at,
        "buckets": [(BUCKET_LABELS[b.key](), b) for b in figures.ledger.buckets],
        "charts": chart_data(figures),
        "can_edit": is_owner(request),
        **experiment_context(organisation_of(request), figures.today),
    }
    return render(request, "web/dashboard.html", context)


def chart_data(figures: Dashboard) -> dict[str, Any]:
    """What the charts draw: labels and numbers (amounts as strings, exact to the cent)."""
    ledger = figures.ledger
    return {
        "aging": {
            "label": _("Open"),
            "labels": [BUCKET_LABELS[b.key]() for b in ledger.buckets],
            "amounts": [str(b.amount) for b in ledger.buckets],
        },
        "dso": {
            "label": _("DSO (days)"),
            "labels": [day.isoformat() for day, _dso in figures.dso_trend],
            "days": [str(dso) for _day, dso in figures.dso_trend],
        },
        "cash_in": {
            "label": _("Expected in"),
            "labels": [day_range(week.first, week.last) for week in ledger.cash_in],
            "amounts": [str(week.amount) for week in ledger.cash_in],
        },
        "funnel": {
            "reached": _("Reached"),
            "paid": _("Paid within 14 days"),
            "labels": [step.label for step in figures.funnel.steps],
            "reached_counts": [step.reached for step in figures.funnel.steps],
            "paid_counts": [step.paid_within for step in figures.funnel.steps],
        },
    }
