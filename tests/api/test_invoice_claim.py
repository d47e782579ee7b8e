"""`GET /api/invoices/{id}` gives the claim on the invoice as of `?on=`: the one claim."""

from datetime import timedelta
from decimal import Decimal

import pytest

from innen.outbox.invoice_claim import invoice_claim
from tests.api.conftest import overdue_invoice
from tests.claim_letters import claims_no_charges, demand_letter

pytestmark = pytest.mark.django_db


def test_a_business_invoice_in_default_owes_40_and_commercial_interest_without_a_letter(
    read_api, org, today
):
    # art. 6:96 lid 4 BW (EUR 40 from default) and art. 6:119a BW (from the day after due)
    invoice = overdue_invoice(org, today, 60, total="1210.00")
    body = read_api.get(f"/invoices/{invoice.pk}").json()
    assert body["claim_on"] == today.isoformat()
    assert body["collection_costs"] == "40.00"
    assert body["interest"] == str(invoice_claim(invoice, today).interest) != "0.00"
    assert Decimal(body["claim_total"]) == Decimal("1210.00") + Decimal(body["interest"]) + 40
    assert (
        body["limitation"] == (invoice.due_date.replace(year=invoice.due_date.year + 5)).isoformat()
    )


def test_the_api_gives_the_claim_the_letters_demand_as_of_the_day(read_api, org, today):
    invoice = overdue_invoice(org, today, 60, total="1210.00")
    demand_letter(org, invoice.customer, [invoice], decided_on=today - timedelta(days=10))
    later = today + timedelta(days=30)
    body = read_api.get(f"/invoices/{invoice.pk}", on=later.isoformat()).json()
    claim = invoice_claim(invoice, later)
    assert body["claim_on"] == later.isoformat()
    assert Decimal(body["interest"]) == claim.interest > 0
    assert Decimal(body["collection_costs"]) == claim.collection_costs > 0
    assert (
        Decimal(body["claim_total"]) == Decimal("1210.00") + claim.interest + claim.collection_costs
    )
    earlier = read_api.get(f"/invoices/{invoice.pk}", on=today.isoformat()).json()
    assert Decimal(earlier["interest"]) < claim.interest  # interest runs by the day


def test_a_day_that_is_not_a_date_is_refused(read_api, org, today):
    invoice = overdue_invoice(org, today, 60)
    assert read_api.get(f"/invoices/{invoice.pk}", on="gisteren").status_code == 422


def test_a_day_far_ahead_answers_a_claim_or_a_named_refusal(read_api, org, today):
    invoice = overdue_invoice(org, today, 60, total="1210.00")
    demand_letter(org, invoice.customer, [invoice], decided_on=today)
    response = read_api.get(f"/invoices/{invoice.pk}", on="2199-12-31")
    assert response.status_code in (200, 422)
    if response.status_code == 422:
        assert "on" in response.json()["errors"]


def test_an_organisation_claiming_no_charges_gives_the_principal(read_api, org, today):
    claims_no_charges(org)
    invoice = overdue_invoice(org, today, 60, total="1210.00")
    body = read_api.get(f"/invoices/{invoice.pk}").json()
    assert (body["interest"], body["collection_costs"]) == ("0.00", "0.00")
    assert body["claim_total"] == body["open_amount"] == "1210.00"
