"""What the debtor is told agrees everywhere: the letter, the portal, a plan and the export.

A plan is for the principal plus the interest and costs the letters claimed, unless a person
waives them (logged); a plan above the organisation's approval limit waits for a person.
"""

import io
import json
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from innen.arrangements import services
from innen.arrangements.models import ArrangementSettings, PlanStatus
from innen.casefile.export import dossier_export_bytes
from innen.collection.models import Message, MessageStatus
from innen.dossier.models import Event
from innen.outbox.compose import compose_letter
from innen.outbox.demanded import demanded_on
from innen.outbox.links import portal_token
from tests import factories
from tests.claim_letters import claims_no_charges, demand_letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def big_invoices(org, customer, today):
    return [
        factories.invoice(
            org,
            customer,
            total=total,
            due=today - timedelta(days=60),
            issue_date=today - timedelta(days=90),
        )
        for total in ("1210.00", "605.00")
    ]


def _parts(principal, interest, costs):
    return (Decimal(principal), Decimal(interest), Decimal(costs))


def test_the_letter_the_portal_a_plan_and_the_export_demand_the_same_figure(
    client, org, customer, big_invoices, today
):
    demand_letter(org, customer, big_invoices, decided_on=today, status=MessageStatus.SENT)
    ids = [i.pk for i in big_invoices]

    letter = compose_letter(Message.objects.get(), on=today, channel="letter").claim
    assert letter is not None
    from_letter = _parts(
        letter.principal, letter.interest, letter.total - letter.principal - letter.interest
    )

    portal = client.get(reverse("portal", args=[portal_token(org.pk, customer.pk)]))
    owed = portal.context["owed"]
    from_portal = _parts(owed.principal, owed.interest, owed.costs)

    data, _ = dossier_export_bytes(customer=customer, today=today)
    exported = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("dossier.json"))["demanded"]
    from_export = _parts(exported["principal"], exported["interest"], exported["costs"])

    plan = services.plan_propose(customer=customer, months=4, invoice_ids=ids, today=today)
    from_plan = _parts(plan.principal, plan.interest, plan.costs)

    assert from_letter[0] == Decimal("1815.00")
    assert from_letter[1] > 0 and from_letter[2] > 0  # interest and costs were claimed
    assert from_letter == from_portal == from_export == from_plan
    assert plan.total == sum(from_letter)


def test_a_plan_includes_the_interest_and_costs_the_letters_claimed(
    org, customer, big_invoices, today
):
    demand_letter(org, customer, big_invoices, decided_on=today, status=MessageStatus.SENT)
    ids = [i.pk for i in big_invoices]
    owed = demanded_on(customer, ids, today)
    plan = services.plan_propose(customer=customer, months=4, invoice_ids=ids, today=today)
    assert plan.status == PlanStatus.ACTIVE
    assert plan.total == owed.total > Decimal("1815.00")
    assert sum(i.amount for i in plan.instalments.all()) == plan.total


def test_a_plan_includes_the_40_per_invoice_and_interest_the_law_gives_without_a_letter(
    org, customer, big_invoices, today
):
    # a business: art. 6:96 lid 4 BW (EUR 40 per invoice) and art. 6:119a BW, from default
    plan = services.plan_propose(customer=customer, months=4, invoice_ids=[], today=today)
    owed = demanded_on(customer, [i.pk for i in big_invoices], today)
    assert (plan.principal, plan.interest, plan.costs) == (
        Decimal("1815.00"),
        owed.interest,
        Decimal("80.00"),
    )
    assert owed.interest > 0


def test_an_organisation_claiming_no_charges_plans_the_principal(
    org, customer, big_invoices, today
):
    claims_no_charges(org)
    plan = services.plan_propose(customer=customer, months=4, invoice_ids=[], today=today)
    assert (plan.principal, plan.interest, plan.costs) == _parts("1815.00", "0", "0")


def test_a_plan_above_the_approval_limit_waits_for_a_person(org, customer, today):
    ArrangementSettings.objects.create(organisation=org, plan_approval_above=Decimal("1000.00"))
    factories.invoice(
        org,
        customer,
        total="1210.00",
        due=today - timedelta(days=5),
        issue_date=today - timedelta(days=35),
    )
    plan = services.plan_propose(customer=customer, months=3, invoice_ids=[], today=today)
    assert plan.status == PlanStatus.PROPOSED
    assert plan.problems == ["above_limit"]


def test_the_default_approval_limit_is_2500_euro(org, customer, today):
    factories.invoice(org, customer, total="2600.00", due=today - timedelta(days=5))
    plan = services.plan_propose(customer=customer, months=6, invoice_ids=[], today=today)
    assert plan.status == PlanStatus.PROPOSED and "above_limit" in plan.problems


def test_the_portal_says_a_plan_waits_for_approval(client, org, customer, today):
    factories.invoice(org, customer, total="2600.00", due=today - timedelta(days=5))
    token = portal_token(org.pk, customer.pk)
    client.post(reverse("portal-plan", args=[token]), {"months": "6"})
    page = client.get(reverse("portal-plan", args=[token]), HTTP_ACCEPT_LANGUAGE="nl")
    assert "wacht op goedkeuring" in page.content.decode()


def test_a_person_waives_interest_and_costs_when_accepting_and_it_is_logged(
    controller_client, org, customer, big_invoices, today
):
    demand_letter(org, customer, big_invoices, decided_on=today, status=MessageStatus.SENT)
    ArrangementSettings.objects.create(organisation=org, plan_approval_above=Decimal("100.00"))
    plan = services.plan_propose(customer=customer, months=4, invoice_ids=[], today=today)
    assert plan.status == PlanStatus.PROPOSED and plan.interest > 0

    controller_client.post(
        reverse("arrangements-plan-accept", args=[plan.pk]),
        {"waive_charges": "on", "note": "goodwill"},
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE and plan.charges_waived
    assert (plan.total, plan.interest, plan.costs) == _parts("1815.00", "0", "0")
    waived = Event.objects.get(payload__action="payment_plan_charges_waived")
    assert waived.actor != "" and waived.payload["note"] == "goodwill"
