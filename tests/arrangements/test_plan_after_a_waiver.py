"""A plan's total is the claim: principal plus the interest and costs the letters claimed,
less what a person waived on the invoice (`innen.outbox.waivers`, logged in the dossier)."""

from datetime import timedelta
from decimal import Decimal

import pytest

from innen.arrangements import services
from innen.outbox.invoice_claim import invoice_claim
from innen.outbox.waivers import waive_charges
from tests import factories
from tests.claim_letters import demand_letter
from tests.personas import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(org, customer, today):
    invoice = factories.invoice(
        org,
        customer,
        total="1210.00",
        due=today - timedelta(days=60),
        issue_date=today - timedelta(days=90),
    )
    demand_letter(org, customer, [invoice], decided_on=today)
    return invoice


def test_a_plan_is_for_the_claim_on_its_invoices(org, customer, invoice, today):
    plan = services.plan_propose(customer=customer, months=4, invoice_ids=[], today=today)
    assert plan.total == invoice_claim(invoice, today).claim_total > Decimal("1210.00")


def test_a_plan_leaves_out_the_costs_a_person_waived_on_the_invoice(org, customer, invoice, today):
    user = member(org, "carla", "controller")
    waive_charges(invoice, interest=False, costs=True, reason="eerste keer", user=user, today=today)
    plan = services.plan_propose(customer=customer, months=4, invoice_ids=[], today=today)
    claim = invoice_claim(invoice, today)
    assert plan.costs == claim.collection_costs == 0
    assert plan.interest == claim.interest > 0
    assert plan.total == claim.claim_total
