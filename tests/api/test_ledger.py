"""Customers, invoices, credit notes and payments through the API, by the ledger's services."""

from datetime import date, timedelta

import pytest

from innen.casefile.integrity import verify_organisation
from innen.dossier.models import Event, EventKind
from innen.ledger.models import Allocation, Invoice, Payment
from tests import factories

pytestmark = pytest.mark.django_db

INVOICE = {
    "number": "F-100",
    "issue_date": "2026-01-01",
    "due_date": "2026-01-31",
    "amount_excl_vat": "100.00",
    "vat_amount": "21.00",
    "total": "121.00",
}


def test_a_customer_is_created_with_its_ibans_and_read_back(api, org):
    body = {
        "number": "K7",
        "kind": "business",
        "name": "Smit B.V.",
        "kvk_number": "12345678",
        "ibans": ["NL91 ABNA 0417 1643 00"],
    }
    created = api.post("/customers/", body)
    assert created.status_code == 201
    read = api.get(f"/customers/{created.json()['id']}").json()
    assert (read["name"], read["ibans"]) == ("Smit B.V.", ["NL91ABNA0417164300"])


def test_bad_customer_fields_are_named_each_and_nothing_is_created(api, org):
    body = {"number": "K7", "kind": "consumer", "name": "", "kvk_number": "1234", "ibans": ["NL00"]}
    response = api.post("/customers/", body)
    assert response.status_code == 422
    assert {"name", "kvk_number", "ibans.0"} <= set(response.json()["errors"])
    assert not org.customers.exists()


def test_a_customer_number_is_unique_per_organisation(api, org):
    factories.customer(org, number="K1")
    response = api.post("/customers/", {"number": "K1", "kind": "business", "name": "Twee"})
    assert response.status_code == 409
    assert list(response.json()["errors"]) == ["number"]


def test_a_customer_update_changes_only_the_fields_sent(api, org):
    customer = factories.customer(org, city="Utrecht")
    response = api.patch(f"/customers/{customer.pk}", {"phone": "030 123 4567"})
    assert response.status_code == 200
    customer.refresh_from_db()
    assert (customer.phone, customer.city) == ("030 123 4567", "Utrecht")


def test_a_customer_update_refuses_null_and_bad_values(api, org):
    customer = factories.customer(org)
    refused = api.patch(f"/customers/{customer.pk}", {"name": None})
    assert refused.status_code == 422 and list(refused.json()["errors"]) == ["name"]
    assert "emails" in api.patch(f"/customers/{customer.pk}", {"emails": "nope"}).json()["errors"]


def test_an_invoice_is_created_through_the_service_with_its_dossier_event(api, org):
    customer = factories.customer(org)
    response = api.post("/invoices/", {**INVOICE, "customer_id": customer.pk})
    assert response.status_code == 201
    body = response.json()
    assert (body["open_amount"], body["status"]) == ("121.00", "open")
    event = Event.objects.get(organisation=org, invoice_id=body["id"])
    assert (event.kind, event.payload["source"]) == (EventKind.INVOICE_IMPORTED, "api")


def test_an_invoice_whose_total_does_not_add_up_is_refused_on_total(api, org):
    customer = factories.customer(org)
    response = api.post("/invoices/", {**INVOICE, "customer_id": customer.pk, "total": "120.00"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["total"]
    assert not Invoice.objects.exists()


def test_an_invoice_for_another_organisations_customer_is_refused_on_customer_id(
    api, org, other_org
):
    theirs = factories.customer(other_org)
    response = api.post("/invoices/", {**INVOICE, "customer_id": theirs.pk})
    assert response.json()["errors"] == {"customer_id": ["There is no customer with this id."]}


def test_an_invoice_due_date_change_is_noted_in_the_dossier(api, org):
    invoice = factories.invoice(org, factories.customer(org), due=date(2026, 1, 31))
    response = api.patch(f"/invoices/{invoice.pk}", {"due_date": "2026-02-28"})
    assert response.json()["due_date"] == "2026-02-28"
    note = Event.objects.filter(invoice_id=invoice.pk, kind=EventKind.NOTE).get()
    assert note.payload["changed"] == {"due_date": ["2026-01-31", "2026-02-28"]}
    assert note.actor == "alice"
    assert verify_organisation(org.pk).intact


def test_an_invoice_cannot_fall_due_before_it_was_issued(api, org):
    invoice = factories.invoice(org, factories.customer(org))
    response = api.patch(f"/invoices/{invoice.pk}", {"due_date": "2025-01-01"})
    assert response.status_code == 422
    invoice.refresh_from_db()
    assert invoice.due_date == date(2026, 1, 31)


def test_the_open_filter_lists_open_or_settled_invoices(api, org):
    customer = factories.customer(org)
    unpaid = factories.invoice(org, customer)
    paid = factories.invoice(org, customer)
    api.post("/payments/", {"invoice_ids": [paid.pk], "date": "2026-02-01", "amount": "121.00"})
    assert [i["id"] for i in api.get("/invoices/", open="true").json()["items"]] == [unpaid.pk]
    assert [i["id"] for i in api.get("/invoices/", open="false").json()["items"]] == [paid.pk]


def test_a_payment_pays_the_named_invoice_first_then_the_oldest_due(api, org):
    customer = factories.customer(org)
    oldest = factories.invoice(org, customer, due=date(2026, 1, 10))
    newest = factories.invoice(org, customer, due=date(2026, 3, 10))
    middle = factories.invoice(org, customer, due=date(2026, 2, 10))
    body = {"invoice_ids": [newest.pk], "date": "2026-03-01", "amount": "200.00"}
    response = api.post("/payments/", body)
    assert response.status_code == 201
    paid = response.json()
    assert paid["customer_id"] == customer.pk
    assert paid["allocations"] == [
        {"invoice_id": newest.pk, "amount": "121.00"},
        {"invoice_id": oldest.pk, "amount": "79.00"},
    ]
    assert not Allocation.objects.filter(invoice=middle).exists()
    event = Event.objects.get(organisation=org, kind=EventKind.PAYMENT_REGISTERED)
    assert event.payload["source"] == "api"


def test_a_payment_naming_another_customers_invoice_is_refused_and_writes_nothing(api, org):
    mine, theirs = factories.customer(org), factories.customer(org)
    invoice = factories.invoice(org, theirs)
    body = {"customer_id": mine.pk, "invoice_ids": [invoice.pk], "date": "2026-03-01"}
    response = api.post("/payments/", {**body, "amount": "10.00"})
    assert response.json()["errors"] == {"invoice_ids.0": ["This invoice is of another customer."]}
    assert not Payment.objects.exists()


def test_a_payment_reference_is_used_once(api, org):
    body = {"date": "2026-03-01", "amount": "10.00", "external_reference": "BANK-1"}
    assert api.post("/payments/", body).status_code == 201
    assert list(api.post("/payments/", body).json()["errors"]) == ["external_reference"]


def test_a_credit_note_naming_an_invoice_settles_it(api, org):
    customer = factories.customer(org)
    invoice = factories.invoice(org, customer)
    body = {
        "customer_id": customer.pk,
        "invoice_id": invoice.pk,
        "number": "CN-1",
        "issue_date": "2026-02-01",
        "amount_excl_vat": "100.00",
        "vat_amount": "21.00",
        "total": "121.00",
    }
    assert api.post("/credit-notes/", body).status_code == 201
    assert api.get(f"/invoices/{invoice.pk}").json()["status"] == "credited"


def test_amounts_beyond_two_decimals_or_fourteen_digits_are_refused_per_field(api, org):
    customer = factories.customer(org)
    body = {**INVOICE, "customer_id": customer.pk, "total": "1.001", "vat_amount": "1e20"}
    errors = api.post("/invoices/", body).json()["errors"]
    assert {"total", "vat_amount"} <= set(errors)


def test_text_the_database_cannot_hold_is_refused_per_field(api, org):
    body = {"number": "K\x00", "kind": "business", "name": "ok"}
    assert list(api.post("/customers/", body).json()["errors"]) == ["number"]


def test_a_body_that_is_not_json_is_refused_in_the_same_shape(api, client, write_token):
    response = client.post(
        "/api/customers/",
        "{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {write_token.secret}"},
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["body"]


def test_created_since_lists_only_newer_rows(api, org):
    factories.customer(org)
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    assert api.get("/customers/", created_since=f"{tomorrow}T00:00:00Z").json()["items"] == []
    assert len(api.get("/customers/", created_since="2000-01-01T00:00:00Z").json()["items"]) == 1


def test_an_invoice_says_what_it_supplied_and_it_may_change(api, org):
    customer = factories.customer(org, kind="consumer")
    created = api.post("/invoices/", {**INVOICE, "customer_id": customer.pk, "supply": "goods"})
    assert (created.status_code, created.json()["supply"]) == (201, "goods")
    changed = api.patch(f"/invoices/{created.json()['id']}", {"supply": "services"})
    assert changed.json()["supply"] == "services"
    refused = api.patch(f"/invoices/{created.json()['id']}", {"supply": "energy"})
    assert list(refused.json()["errors"]) == ["supply"]


def test_an_invoice_without_a_supply_is_unknown_and_its_consumer_term_is_two_years(api, org):
    customer = factories.customer(org, kind="consumer")
    created = api.post("/invoices/", {**INVOICE, "customer_id": customer.pk}).json()
    assert created["supply"] == "unknown"
    assert api.get(f"/invoices/{created['id']}").json()["limitation"] == "2028-01-31"
