"""The experiment's figures for the dashboard: per behaviour segment, days to pay and the share
paid within 30 days for the recommended and the control group, with their intervals.

The invoices counted are those of customers in a group that fell due on or after the day the
experiment started; a customer counts in its behaviour segment as computed last
(`innen.collection.models.CustomerBehaviour`). The measurement is `innen.risk.uplift`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from innen.collection.models import Experiment, ExperimentGroup
from innen.ledger.models import Invoice
from innen.organisations.models import Organisation
from innen.risk.uplift import Outcome, SegmentResult, measure


@dataclass(frozen=True)
class ExperimentFigures:
    experiment: Experiment
    customers: int
    control: int
    results: list[SegmentResult]


def experiment_figures(organisation: Organisation, today: date) -> ExperimentFigures | None:
    """The experiment's figures as known on `today`; None when it was never turned on."""
    experiment = Experiment.objects.filter(organisation=organisation).first()
    if experiment is None:
        return None
    groups = dict(
        ExperimentGroup.objects.filter(organisation=organisation).values_list(
            "customer_id", "control"
        )
    )
    rows = Invoice.objects.filter(
        organisation=organisation,
        customer_id__in=list(groups),
        due_date__gte=experiment.started_on,
        due_date__lte=today,
    ).values_list("customer_id", "customer__behaviour__behaviour", "due_date", "settled_on")
    outcomes = [
        Outcome(str(customer), behaviour or "new", groups[customer], due, settled)
        for customer, behaviour, due, settled in rows
    ]
    results = measure(outcomes, today, per_customer=True)
    return ExperimentFigures(
        experiment,
        len(groups),
        sum(1 for control in groups.values() if control),
        list(results.values()),
    )
