"""The experiment: a fixed random share of customers keeps the plain policy as control.

An owner turns it on (`experiment_start`): each customer is drawn into the control group or
not, once (`innen.risk.uplift.in_control` with the experiment's random seed), and its group is
recorded in the dossier. Customers who come later are drawn by the daily job
(`experiment_assign_new`). The control group follows its own policy, else its segment's, else
the default: never its behaviour segment's (`innen.collection.policies.PolicyResolver`); the
others get the recommended one. The measurement is `innen.risk.uplift.measure`.
"""

from __future__ import annotations

import secrets
from datetime import date

from django.db import transaction

from innen.collection.models import Experiment, ExperimentGroup
from innen.dossier.models import EventKind
from innen.dossier.record import SYSTEM, NewEvent, append_many
from innen.ledger.models import Customer
from innen.organisations.models import Organisation
from innen.risk.uplift import DEFAULT_CONTROL_SHARE, in_control
from innen.translatable import N_, say

IN_CONTROL = N_("Experiment: keeps the plain policy (control group)")
RECOMMENDED = N_("Experiment: follows the policy recommended for its behaviour")
STARTED = N_("Experiment started: %(percent)s%% of customers keep the plain policy")
STOPPED = N_("Experiment stopped")


def active_experiment(organisation: Organisation) -> Experiment | None:
    return Experiment.objects.filter(organisation=organisation, active=True).first()


@transaction.atomic
def experiment_start(
    organisation: Organisation,
    today: date,
    *,
    share: float = DEFAULT_CONTROL_SHARE,
    actor: str = SYSTEM,
) -> Experiment:
    """Turn the experiment on (again) and draw every customer not yet in a group."""
    experiment, _created = Experiment.objects.get_or_create(
        organisation=organisation,
        defaults={"seed": secrets.token_hex(16), "started_on": today, "control_share": share},
    )
    if not experiment.active:
        experiment.active = True
        experiment.save(update_fields=["active"])
    percent = round(100 * experiment.control_share)
    event = NewEvent(
        EventKind.NOTE,
        today,
        payload={"action": "experiment", "text": say(STARTED, percent=percent)},
        actor=actor,
    )
    append_many(organisation.pk, [event])
    experiment_assign_new(organisation, today)
    return experiment


@transaction.atomic
def experiment_stop(organisation: Organisation, today: date, *, actor: str = SYSTEM) -> None:
    """Everyone follows the recommended policy again; the groups stay, for the measurement."""
    if Experiment.objects.filter(organisation=organisation, active=True).update(active=False):
        event = NewEvent(
            EventKind.NOTE,
            today,
            payload={"action": "experiment", "text": say(STOPPED)},
            actor=actor,
        )
        append_many(organisation.pk, [event])


@transaction.atomic
def experiment_assign_new(organisation: Organisation, today: date) -> int:
    """Draw each customer without a group into one, once, with a dossier event; how many."""
    experiment = active_experiment(organisation)
    if experiment is None:
        return 0
    waiting = Customer.objects.filter(
        organisation=organisation, experiment_group__isnull=True
    ).values_list("pk", flat=True)
    groups = [
        ExperimentGroup(
            organisation=organisation,
            customer_id=pk,
            control=in_control(experiment.seed, str(pk), experiment.control_share),
            assigned_on=today,
        )
        for pk in waiting.order_by("pk")
    ]
    ExperimentGroup.objects.bulk_create(groups, batch_size=1000)
    append_many(
        organisation.pk,
        [
            NewEvent(
                EventKind.NOTE,
                today,
                customer_id=group.customer_id,
                payload={
                    "action": "experiment_group",
                    "control": group.control,
                    "text": say(IN_CONTROL if group.control else RECOMMENDED),
                },
            )
            for group in groups
        ],
    )
    return len(groups)
