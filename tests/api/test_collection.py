"""Holds and actions through the API: the collection services decide, the dossier records."""

from datetime import timedelta

import pytest

from innen.collection.models import Hold, MessageStatus
from innen.dossier.models import Event, EventKind
from tests import factories
from tests.api.conftest import awaiting_approval

pytestmark = pytest.mark.django_db


def test_a_hold_on_an_invoice_is_placed_with_its_dossier_event(api, org, today):
    invoice = factories.invoice(org, factories.customer(org))
    response = api.post("/holds/", {"invoice_id": invoice.pk, "reason": "dispute", "note": "Kapot"})
    assert response.status_code == 201
    hold = Hold.objects.get(pk=response.json()["id"])
    assert (hold.invoice_id, hold.customer_id, hold.starts_on) == (
        invoice.pk,
        invoice.customer_id,
        today,
    )
    event = Event.objects.get(organisation=org, kind=EventKind.HOLD_PLACED)
    assert (event.invoice_id, event.actor) == (invoice.pk, "alice")


def test_a_hold_needs_an_invoice_or_a_customer_and_a_known_reason(api, org):
    errors = api.post("/holds/", {"reason": "holiday"}).json()["errors"]
    assert set(errors) == {"reason"}
    errors = api.post("/holds/", {"reason": "manual"}).json()["errors"]
    assert set(errors) == {"customer_id", "invoice_id"}
    assert not Hold.objects.exists()


def test_a_hold_cannot_end_before_it_starts(api, org, today):
    customer = factories.customer(org)
    body = {
        "customer_id": customer.pk,
        "reason": "manual",
        "starts_on": today.isoformat(),
        "ends_on": (today - timedelta(days=1)).isoformat(),
    }
    assert list(api.post("/holds/", body).json()["errors"]) == ["ends_on"]


def test_lifting_a_hold_that_began_earlier_ends_it_yesterday(api, org, today):
    customer = factories.customer(org)
    started = (today - timedelta(days=5)).isoformat()
    hold = api.post(
        "/holds/", {"customer_id": customer.pk, "reason": "manual", "starts_on": started}
    )
    lifted = api.post(f"/holds/{hold.json()['id']}/lift", {"reason": "paid"}).json()
    assert lifted["hold"]["ends_on"] == (today - timedelta(days=1)).isoformat()
    assert Event.objects.get(kind=EventKind.HOLD_LIFTED).payload["why"] == "paid"


def test_lifting_a_hold_the_day_it_began_removes_it(api, org):
    customer = factories.customer(org)
    hold = api.post("/holds/", {"customer_id": customer.pk, "reason": "manual"}).json()
    assert api.post(f"/holds/{hold['id']}/lift", {}).json() == {"hold": None}
    assert not Hold.objects.exists()


def test_actions_awaiting_approval_are_listed_and_approved(api, org, today):
    invoice, handover = awaiting_approval(org, today)
    waiting = api.get("/actions/", awaiting_approval="true").json()["items"]
    # The day's one message carries every step the catch-up decided; the hand-over makes it wait.
    assert {a["invoice_id"] for a in waiting} == {invoice.pk}
    (to_approve,) = [a for a in waiting if a["kind"] == "handover"]
    approved = api.post(f"/actions/{to_approve['id']}/approve")
    assert approved.json()["message_status"] == MessageStatus.QUEUED
    handover.refresh_from_db()
    assert handover.approved_by.username == "alice"
    assert Event.objects.filter(kind=EventKind.MESSAGE_APPROVED).count() == 1


def test_a_rejected_action_keeps_its_reason_and_cannot_be_approved_after(api, org, today):
    _invoice, handover = awaiting_approval(org, today)
    action = api.get("/actions/", awaiting_approval="true").json()["items"][0]
    rejected = api.post(f"/actions/{action['id']}/reject", {"reason": "klant belde"}).json()
    assert (rejected["message_status"], rejected["status"]) == ("cancelled", "cancelled")
    handover.refresh_from_db()
    assert handover.status_reason == "klant belde"
    again = api.post(f"/actions/{action['id']}/approve")
    assert again.status_code == 409
    assert "__all__" in again.json()["errors"]


def test_dossier_events_carry_their_chain(api, org):
    factories.invoice(org, factories.customer(org))
    factories.invoice(org, factories.customer(org))
    events = api.get("/dossier-events/").json()["items"]
    assert [e["seq"] for e in events] == [1, 2, 3, 4]  # each customer, then its invoice
    assert events[1]["prev_hash"] == events[0]["hash"]
    assert api.get("/dossier-events/", after_seq=1).json()["items"] == events[1:]


def test_dossier_events_cannot_be_written(api):
    assert api.post("/dossier-events/", {}).status_code == 405
