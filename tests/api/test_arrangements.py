"""Disputes, promises and payment plans through the API: the desk's services, the same rules."""

from datetime import timedelta

import pytest
from django.db.models import Q

from innen.arrangements.models import Dispute, PaymentPlan, PlanStatus, Promise
from innen.collection.models import Hold, HoldReason
from innen.dossier.models import Event
from tests.api.conftest import overdue_invoice, populate

pytestmark = pytest.mark.django_db


@pytest.fixture
def ids(org, owner, today):
    return populate(org, owner, today)


def refused_on(response, status, *fields):
    assert response.status_code == status, response.content
    assert set(fields) <= set(response.json()["errors"]), response.json()
    return response.json()["errors"]


def active_holds(customer_id, reason, today):
    holds = Hold.objects.filter(customer_id=customer_id, reason=reason, starts_on__lte=today)
    return holds.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))


# Disputes --------------------------------------------------------------------------------


def test_a_read_token_lists_disputes_by_status(read_api, ids):
    found = read_api.get("/disputes/", status="open").json()["items"]
    assert [d["id"] for d in found] == [ids["dispute_id"]]
    assert found[0]["reason"] == "amount_wrong"
    assert read_api.get("/disputes/", status="resolved").json()["items"] == []


def test_answering_a_dispute_keeps_its_invoices_on_hold(api, ids, today):
    response = api.post(f"/disputes/{ids['dispute_id']}/answer", {"text": "We kijken ernaar."})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "answered"
    assert [a["text"] for a in body["answers"]] == ["We kijken ernaar."]
    assert active_holds(body["customer_id"], HoldReason.DISPUTE, today).exists()


def test_closing_a_dispute_resumes_collection_and_takes_no_more_answers(api, ids, today):
    response = api.post(f"/disputes/{ids['dispute_id']}/close", {"text": "Gecrediteerd."})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "resolved"
    assert not active_holds(response.json()["customer_id"], HoldReason.DISPUTE, today).exists()
    again = api.post(f"/disputes/{ids['dispute_id']}/answer", {"text": "Nog iets."})
    refused_on(again, 409, "text")


def test_a_blank_answer_is_refused_on_the_text_and_sends_nothing(api, ids):
    refused_on(api.post(f"/disputes/{ids['dispute_id']}/answer", {"text": "   "}), 422, "text")
    assert not Dispute.objects.get(pk=ids["dispute_id"]).answers.exists()


def test_a_read_token_cannot_answer_a_dispute(read_api, ids):
    response = read_api.post(f"/disputes/{ids['dispute_id']}/answer", {"text": "Ja."})
    assert response.status_code == 403


# Promises --------------------------------------------------------------------------------


def test_a_promise_recorded_holds_the_customers_invoices_until_its_day(api, org, today):
    invoice = overdue_invoice(org, today, 20)
    body = {"customer_id": invoice.customer_id, "promised_on": str(today + timedelta(days=5))}
    response = api.post("/promises/", body)
    assert response.status_code == 201, response.content
    assert response.json()["invoice_ids"] == [invoice.pk]
    assert response.json()["status"] == "open"
    assert active_holds(invoice.customer_id, HoldReason.PROMISE, today).exists()
    event = Event.objects.get(customer_id=invoice.customer_id, payload__action="promise")
    assert (event.kind, event.payload["source"]) == ("note", "api")  # taken down, not the portal
    listed = api.get("/promises/", customer_id=invoice.customer_id).json()["items"]
    assert [p["id"] for p in listed] == [response.json()["id"]]


def test_a_promise_for_today_is_refused_on_its_day(api, org, today):
    invoice = overdue_invoice(org, today, 20)
    body = {"customer_id": invoice.customer_id, "promised_on": str(today)}
    refused_on(api.post("/promises/", body), 422, "promised_on")
    assert not Promise.objects.filter(customer_id=invoice.customer_id).exists()


def test_a_second_open_promise_clashes(api, ids, today):
    promised = Promise.objects.get(pk=ids["promise_id"])
    body = {"customer_id": promised.customer_id, "promised_on": str(today + timedelta(days=3))}
    refused_on(api.post("/promises/", body), 409, "__all__")


def test_a_promise_names_only_the_customers_open_invoices(api, org, other_org, today):
    invoice = overdue_invoice(org, today, 20)
    foreign = overdue_invoice(other_org, today, 20)
    body = {
        "customer_id": invoice.customer_id,
        "promised_on": str(today + timedelta(days=3)),
        "invoice_ids": [foreign.pk],
    }
    refused_on(api.post("/promises/", body), 422, "invoice_ids")
    body = {**body, "customer_id": foreign.customer_id, "invoice_ids": []}
    refused_on(api.post("/promises/", body), 422, "customer_id")


# Payment plans ---------------------------------------------------------------------------


def test_plans_waiting_for_a_decision_are_listed(read_api, ids):
    found = read_api.get("/payment-plans/", status="proposed").json()["items"]
    assert [p["id"] for p in found] == [ids["plan_id"]]
    assert "more_months" in found[0]["problems"]


def test_approving_a_plan_fixes_its_instalments_once(api, ids):
    url = f"/payment-plans/{ids['plan_id']}/decide"
    response = api.post(url, {"decision": "approve", "waive_charges": True, "note": "coulance"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "active"
    assert body["charges_waived"] is True
    assert len(body["instalments"]) == 12
    refused_on(api.post(url, {"decision": "reject"}), 409, "__all__")


def test_rejecting_a_plan_resumes_collection(api, ids, today):
    url = f"/payment-plans/{ids['plan_id']}/decide"
    response = api.post(url, {"decision": "reject", "note": "te lang"})
    assert response.status_code == 200, response.content
    plan = PaymentPlan.objects.get(pk=ids["plan_id"])
    assert (plan.status, plan.decision_note) == (PlanStatus.REJECTED, "te lang")
    assert not active_holds(plan.customer_id, HoldReason.PAYMENT_PLAN, today).exists()


def test_a_decision_is_approve_or_reject(api, ids):
    url = f"/payment-plans/{ids['plan_id']}/decide"
    refused_on(api.post(url, {"decision": "maybe"}), 422, "decision")
    refused_on(api.post(url, {}), 422, "decision")
    assert PaymentPlan.objects.get(pk=ids["plan_id"]).status == PlanStatus.PROPOSED
