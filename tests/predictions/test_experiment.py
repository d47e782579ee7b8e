"""The experiment: a fixed fifth of customers drawn once into the control group (recorded in
the dossier), kept on the plain policy, and the dashboard's figures per behaviour segment."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from innen.collection.behaviour import behaviour_policy_set, behaviours_store
from innen.collection.behaviour_variants import recommended_policies_install
from innen.collection.experiment import experiment_assign_new, experiment_start, experiment_stop
from innen.collection.models import ExperimentGroup, Message, Policy
from innen.collection.policies import PolicyResolver
from innen.collection.policy_lifecycle import policy_new
from innen.collection.run import run_collection
from innen.dossier.models import Event
from innen.ledger.models import CustomerKind
from innen.predictions.behaviours import behaviours_update
from innen.risk.segments import Behaviour, Segment
from innen.translatable import say
from tests import factories

pytestmark = pytest.mark.django_db


def test_each_customer_is_drawn_once_and_its_group_is_in_the_dossier(org, today):
    customers = [factories.customer(org) for _ in range(30)]
    experiment_start(org, today)
    groups = dict(ExperimentGroup.objects.values_list("customer_id", "control"))
    assert set(groups) == {c.pk for c in customers}
    assert 0 < sum(groups.values()) < 30
    events = Event.objects.filter(payload__action="experiment_group")
    assert events.count() == 30
    later = factories.customer(org)
    assert experiment_assign_new(org, today + timedelta(days=1)) == 1
    assert experiment_assign_new(org, today + timedelta(days=2)) == 0
    assert (
        dict(ExperimentGroup.objects.exclude(customer=later).values_list("customer_id", "control"))
        == groups
    )


def test_the_control_group_keeps_the_plain_policy_while_the_experiment_runs(org, today):
    source = Policy.objects.get(
        organisation=org, customer_kind=CustomerKind.BUSINESS, is_default=True
    )
    firm = policy_new(source=source, name="Firm", today=date.today())
    behaviour_policy_set(
        organisation=org,
        behaviour=Behaviour.IN_TROUBLE,
        customer_kind=CustomerKind.BUSINESS,
        policy=firm,
        today=today,
    )
    experiment_start(org, today)
    resolver = PolicyResolver(org)
    kind, trouble = CustomerKind.BUSINESS, Behaviour.IN_TROUBLE
    assert resolver.policy_for(kind, "", None, trouble, control=False) == firm.pk
    assert resolver.policy_for(kind, "", None, trouble, control=True) == source.pk
    experiment_stop(org, today)
    assert PolicyResolver(org).policy_for(kind, "", None, trouble, control=True) == firm.pk


def test_the_dashboard_says_plainly_when_a_difference_is_not_yet_significant(
    owner_client, org, today
):
    page = owner_client.get(reverse("dashboard")).content.decode()
    assert "Experiment aanzetten" in page
    owner_client.post(reverse("experiment-switch"), {"action": "start"})
    customers = [factories.customer(org) for _ in range(40)]
    for customer in customers:
        factories.invoice(org, customer, issue_date=today, due=today)
    behaviours_update(org, today)
    experiment_assign_new(org, today)
    page = owner_client.get(reverse("dashboard")).content.decode()
    assert "Experiment uitzetten" in page
    assert "Dagen tot betaling na de vervaldag" in page
    assert "klanten houden het gewone beleid (de controlegroep)" in page
    assert "nog te weinig" in page or "nog niet significant" in page


def test_only_owners_turn_the_experiment_on(viewer_client):
    assert viewer_client.post(reverse("experiment-switch"), {"action": "start"}).status_code == 403


def in_trouble_with_an_invoice_due(org, today, days_ago):
    customer = factories.customer(org, phone="020 123 4567")
    due = today - timedelta(days=days_ago)
    factories.invoice(org, customer, issue_date=due - timedelta(days=30), due=due)
    return customer


def test_the_run_calls_a_customer_in_trouble_earlier_unless_it_is_in_the_control_group(org, today):
    made = recommended_policies_install(org, today)
    assert {p.name for p in made} >= {"Zakelijk (standaard): in de problemen"}
    treated = in_trouble_with_an_invoice_due(org, today, 9)
    control = in_trouble_with_an_invoice_due(org, today, 9)
    trouble = Segment(Behaviour.IN_TROUBLE, say("growing lateness"))
    behaviours_store(org, today, {treated.pk: trouble, control.pk: trouble})
    experiment_start(org, today)
    ExperimentGroup.objects.filter(customer=treated).update(control=False)
    ExperimentGroup.objects.filter(customer=control).update(control=True)
    run_collection(org, today)
    calls = set(Message.objects.filter(kind="call_task").values_list("customer_id", flat=True))
    assert treated.pk in calls
    assert control.pk not in calls
