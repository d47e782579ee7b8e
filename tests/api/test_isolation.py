"""Every route of the API, called with another organisation's ids, answers 404."""

import re

import pytest

from innen.api.api import api as ninja_api
from tests.api.conftest import Api, populate

pytestmark = pytest.mark.django_db

ID_PARAMETER = re.compile(r"\{(\w+)\}")


def routes_with_ids():
    schema = ninja_api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        if ID_PARAMETER.search(path):
            for method in operations:
                yield method, path


@pytest.fixture
def foreign_ids(other_org, today):
    return populate(other_org, None, today)


def test_the_walk_covers_every_resource():
    paths = {path for _, path in routes_with_ids()}
    assert {
        "/api/customers/{customer_id}",
        "/api/invoices/{invoice_id}",
        "/api/credit-notes/{credit_note_id}",
        "/api/payments/{payment_id}",
        "/api/holds/{hold_id}",
        "/api/holds/{hold_id}/lift",
        "/api/actions/{action_id}",
        "/api/actions/{action_id}/approve",
        "/api/actions/{action_id}/reject",
        "/api/dossier-events/{event_id}",
        "/api/customers/{customer_id}/dossier-export",
        "/api/disputes/{dispute_id}",
        "/api/disputes/{dispute_id}/answer",
        "/api/disputes/{dispute_id}/close",
        "/api/promises/{promise_id}",
        "/api/payment-plans/{plan_id}",
        "/api/payment-plans/{plan_id}/decide",
        "/api/bank-statements/{import_id}",
        "/api/bank-statements/{import_id}/entries",
        "/api/bank-entries/{entry_id}",
        "/api/bank-entries/{entry_id}/accept",
        "/api/bank-entries/{entry_id}/assign",
        "/api/bank-entries/{entry_id}/set-aside",
        "/api/customers/{customer_id}/credit",
        "/api/customers/{customer_id}/credit/checks",
    } <= paths


# A body the route takes, so that what answers is the id, not a missing field.
BODIES = {
    "/api/disputes/{dispute_id}/answer": {"text": "Wij crediteren het verschil."},
    "/api/disputes/{dispute_id}/close": {"text": "Opgelost."},
    "/api/payment-plans/{plan_id}/decide": {"decision": "approve"},
    "/api/bank-entries/{entry_id}/accept": {"offer": 0},
    "/api/bank-entries/{entry_id}/assign": {"invoices": ["F00001"]},
    "/api/customers/{customer_id}/credit/checks": {"order": "99999.00"},
}


@pytest.mark.parametrize(("method", "path"), list(routes_with_ids()))
def test_another_organisations_id_is_404(method, path, client, write_token, foreign_ids):
    url = ID_PARAMETER.sub(lambda found: str(foreign_ids[found[1]]), path).removeprefix("/api")
    call = Api(client, write_token.secret)
    body = BODIES.get(path, {})
    response = call.get(url) if method == "get" else getattr(call, method)(url, body)
    assert response.status_code == 404, response.content
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize(("method", "path"), [(m, p) for m, p in routes_with_ids() if m == "get"])
def test_the_same_reads_find_the_organisations_own_ids(method, path, client, org, owner, today):
    from innen.api.tokens import api_token_create

    own = populate(org, owner, today)
    secret = api_token_create(organisation=org, name="own", scope="read").secret
    url = ID_PARAMETER.sub(lambda found: str(own[found[1]]), path).removeprefix("/api")
    assert Api(client, secret).get(url).status_code == 200
