"""Each customer's behaviour segment: computed by the daily job, stored with its day and
reason, shown in Dutch on the customer page and the worklist, and able to pick a policy."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from innen.collection.behaviour import behaviour_policy_set
from innen.collection.customer_policy import customer_policy_set
from innen.collection.models import BehaviourPolicy, CustomerBehaviour, Policy
from innen.collection.policies import PolicyResolver
from innen.collection.policy_lifecycle import policy_new
from innen.daily import daily_run, run_organisation
from innen.dossier.models import Event
from innen.ledger import services
from innen.ledger.models import CustomerKind
from innen.predictions.behaviours import behaviours_update
from innen.predictions.tasks import update_behaviours
from innen.risk.segments import Behaviour
from tests import factories
from tests.web.test_worklist import call_task

pytestmark = pytest.mark.django_db


def slow_payer(org, today, days_late=20):
    """A customer who paid six invoices `days_late` days late, and has one open."""
    slow = factories.customer(org)
    for months_ago in range(8, 2, -1):
        issued = today - timedelta(days=30 * months_ago)
        made = factories.invoice(org, slow, issue_date=issued, due=issued + timedelta(days=30))
        services.payment_register(
            organisation=org,
            customer=slow,
            date=made.due_date + timedelta(days=days_late),
            amount=Decimal("121.00"),
            designated=[made],
        )
    issued = today - timedelta(days=5)
    factories.invoice(org, slow, issue_date=issued, due=issued + timedelta(days=30))
    return slow


def behaviour_events(customer):
    return Event.objects.filter(customer_id=customer.pk, payload__action="behaviour_segment")


def test_the_daily_task_queues_the_segments_ahead_of_the_run(org):
    from django_tasks_db.models import DBTaskResult

    daily_run.call()
    queued = list(
        DBTaskResult.objects.order_by("enqueued_at", "pk").values_list("task_path", flat=True)
    )
    assert queued.index(update_behaviours.module_path) < queued.index(run_organisation.module_path)


def test_the_daily_task_stores_each_customers_segment_with_its_day_and_reason(org, today):
    slow = slow_payer(org, today)
    update_behaviours.call(org.pk, today.isoformat())
    row = CustomerBehaviour.objects.get(customer=slow)
    assert row.behaviour == Behaviour.SLOW
    assert row.computed_on == today
    assert row.reason["msgid"].startswith("paid %(percent)s%%")
    assert behaviour_events(slow).count() == 1


def test_the_same_segment_found_again_moves_the_day_and_writes_no_event(org, today):
    slow = slow_payer(org, today)
    behaviours_update(org, today)
    behaviours_update(org, today + timedelta(days=1))
    assert CustomerBehaviour.objects.get(customer=slow).computed_on == today + timedelta(days=1)
    assert behaviour_events(slow).count() == 1


def a_policy(org, name, kind=CustomerKind.BUSINESS):
    source = Policy.objects.get(organisation=org, customer_kind=kind, is_default=True)
    return policy_new(source=source, name=name, today=date.today())


def test_a_customer_without_its_own_policy_follows_its_behaviours(org, today):
    slow = slow_payer(org, today)
    behaviours_update(org, today)
    firm = a_policy(org, "Firm")
    behaviour_policy_set(
        organisation=org,
        behaviour=Behaviour.SLOW,
        customer_kind=CustomerKind.BUSINESS,
        policy=firm,
        today=today,
    )
    resolver = PolicyResolver(org)
    assert resolver.policy_id(slow, None, Behaviour.SLOW) == firm.pk
    own = a_policy(org, "Own")
    customer_policy_set(customer=slow, policy=own)
    resolver = PolicyResolver(org)
    settings = resolver.settings_for([slow.pk]).get(slow.pk)
    assert resolver.policy_id(slow, settings, Behaviour.SLOW) == own.pk


def test_a_consumer_never_follows_a_business_ladder_for_its_behaviour(org, today):
    firm = a_policy(org, "Firm")
    with pytest.raises(ValidationError, match="andere soort klant"):
        behaviour_policy_set(
            organisation=org,
            behaviour=Behaviour.SLOW,
            customer_kind=CustomerKind.CONSUMER,
            policy=firm,
            today=today,
        )


def test_the_customer_page_says_the_behaviour_and_why_in_dutch(owner_client, org, today):
    slow = slow_payer(org, today)
    behaviours_update(org, today)
    html = owner_client.get(reverse("customer-detail", args=[slow.pk])).content.decode()
    assert "Gedrag" in html
    assert "Langzaam maar zeker" in html
    assert "betaalde 100% van zijn laatste 6 facturen te laat, meestal 20 dagen" in html


def test_an_owner_chooses_a_policy_per_behaviour_on_the_policies_page(owner_client, org, today):
    firm = a_policy(org, "Firm")
    page = owner_client.get(reverse("policies")).content.decode()
    assert "Beleid per gedragssegment" in page and "Stilgevallen" in page
    field = f"behaviour-{Behaviour.SILENT.value}-{CustomerKind.BUSINESS.value}"
    owner_client.post(reverse("policy-behaviours"), {field: str(firm.pk)})
    chosen = BehaviourPolicy.objects.get(organisation=org, behaviour=Behaviour.SILENT)
    assert chosen.policy == firm


def test_a_viewer_cannot_choose_policies_per_behaviour(viewer_client, org):
    response = viewer_client.post(reverse("policy-behaviours"), {})
    assert response.status_code == 403


def test_the_worklist_shows_each_customers_behaviour(owner_client, org, today):
    invoice, _call = call_task(org, today)
    behaviours_update(org, today)
    html = owner_client.get(reverse("worklist")).content.decode()
    row = html[html.index(f'data-customer="{invoice.customer.number}"') :]
    assert 'class="behaviour" title="pas 0 facturen betaald">Nieuw<' in row[:600]


def test_an_owner_uses_the_recommended_policies_per_behaviour(owner_client, org):
    owner_client.post(reverse("policy-behaviours"), {"action": "recommended"})
    chosen = {
        (row.behaviour, row.customer_kind): row.policy.name
        for row in BehaviourPolicy.objects.filter(organisation=org)
    }
    assert chosen[(Behaviour.PUNCTUAL, CustomerKind.CONSUMER)] == (
        "Particulier (standaard): punctueel"
    )
    assert len(chosen) == 6


def test_the_dossier_says_the_new_segment_in_dutch(owner_client, org, today):
    slow = slow_payer(org, today)
    behaviours_update(org, today)
    html = owner_client.get(reverse("customer-detail", args=[slow.pk])).content.decode()
    assert "Gedragssegment: langzaam maar zeker (betaalde 100% van zijn laatste 6" in html
    assert "slow<" not in html and "behaviour:" not in html  # the machine's fields stay hidden
