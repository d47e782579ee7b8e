"""What the OpenAPI schema rules out, the API refuses; what it allows, the API takes.

The cases schemathesis found (tests/api/test_schemathesis.py runs it on every operation),
each written out once as the rule it broke.
"""

import pytest

from innen.collection.models import Hold
from tests import factories
from tests.api.conftest import populate

pytestmark = pytest.mark.django_db

INVOICE = {
    "number": "F-1",
    "issue_date": "2026-03-01",
    "due_date": "2026-03-31",
    "amount_excl_vat": "100.00",
    "vat_amount": "21.00",
    "total": "121.00",
}


@pytest.fixture
def ids(org, owner, today):
    return populate(org, owner, today)


def refused_on(response, *fields):
    assert response.status_code == 422, response.content
    assert set(fields) <= set(response.json()["errors"]), response.json()
    return response


@pytest.mark.parametrize("body", [[None, None], [], "reason", 5])
def test_a_body_that_is_not_an_object_lifts_no_hold(api, ids, body):
    response = api.post(f"/holds/{ids['hold_id']}/lift", body)
    assert response.status_code == 422
    assert Hold.objects.filter(pk=ids["hold_id"]).exists()


def test_a_field_the_schema_does_not_name_is_refused(api, ids):
    refused_on(api.post(f"/holds/{ids['hold_id']}/lift", {"reden": "typo"}), "reden")
    assert Hold.objects.filter(pk=ids["hold_id"]).exists()


@pytest.mark.parametrize("moment", ["0.5", "1700000000", "2026-03-01", "2026-03-01T00:00:00"])
def test_created_since_is_a_moment_with_its_zone_not_a_number(api, moment):
    refused_on(api.get("/payments/", created_since=moment), "created_since")


@pytest.mark.parametrize("moment", ["2026-03-01T00:00:00Z", "2026-03-01T01:00:00+01:00"])
def test_created_since_takes_every_rfc_3339_moment(api, moment):
    assert api.get("/payments/", created_since=moment).status_code == 200


def test_a_moment_at_the_calendars_edge_is_taken(api):
    assert api.get("/customers/", created_since="9999-12-31T23:59:59-23:59").status_code == 200


def test_a_day_is_written_as_a_date_not_a_number(api, ids):
    body = {"customer_id": ids["customer_id"], "reason": "manual", "starts_on": 0}
    refused_on(api.post("/holds/", body), "starts_on")


def test_an_id_in_a_body_is_a_number_not_text(api, org):
    customer = factories.customer(org)
    refused_on(api.post("/invoices/", {**INVOICE, "customer_id": str(customer.pk)}), "customer_id")
    whole = api.post("/invoices/", {**INVOICE, "customer_id": float(customer.pk)})
    assert whole.status_code == 201


@pytest.mark.parametrize("total", [121, "0.00", "0", "-1.00", "1e2", " 121.00"])
def test_an_amount_is_a_decimal_string_of_at_least_a_cent(api, org, total):
    customer = factories.customer(org)
    body = {**INVOICE, "customer_id": customer.pk, "total": total}
    refused_on(api.post("/invoices/", body), "total")


def test_the_smallest_amount_is_taken(api, org):
    customer = factories.customer(org)
    body = {**INVOICE, "customer_id": customer.pk}
    body.update(amount_excl_vat="0.01", vat_amount="0", total="0.01")
    assert api.post("/invoices/", body).status_code == 201


@pytest.mark.parametrize("cursor", ["0", "000000000000000001", "999999999999999999"])
def test_every_cursor_the_schema_allows_is_taken(api, cursor):
    assert api.get("/customers/", cursor=cursor).status_code == 200


def test_a_number_already_taken_is_a_conflict(api, org):
    customer = factories.customer(org)
    body = {**INVOICE, "customer_id": customer.pk}
    assert api.post("/invoices/", body).status_code == 201
    again = api.post("/invoices/", body)
    assert again.status_code == 409
    assert list(again.json()["errors"]) == ["number"]


def test_a_patch_field_sent_as_null_is_refused(api, ids):
    refused_on(api.patch(f"/invoices/{ids['invoice_id']}", {"due_date": None}), "due_date")


def test_the_schema_states_the_cursor_and_the_smallest_amount(client):
    schema = client.get("/api/openapi.json").json()
    cursor = next(
        p for p in schema["paths"]["/api/customers/"]["get"]["parameters"] if p["name"] == "cursor"
    )
    assert {"pattern": "^[0-9]{1,18}$", "type": "string"} in cursor["schema"]["anyOf"]
    amount = schema["components"]["schemas"]["PaymentIn"]["properties"]["amount"]
    assert amount["type"] == "string" and "0.01" in amount["description"]
    assert schema["components"]["schemas"]["HoldLiftIn"]["additionalProperties"] is False
