"""Who may call: a token of the organisation; a read token reads, a write token writes."""

import pytest

from innen.api.tokens import api_token_revoke
from tests import factories
from tests.api.conftest import Api

pytestmark = pytest.mark.django_db

NEW_CUSTOMER = {"number": "K1", "kind": "business", "name": "Bakker B.V."}


def test_a_call_without_a_token_is_401(client, org):
    response = Api(client, None).get("/customers/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_an_unknown_or_malformed_token_is_401(client, write_token):
    forged = write_token.secret[:-4] + "AAAA"
    for secret in (forged, "innen_zz_nope", "not-a-token"):
        assert Api(client, secret).get("/customers/").status_code == 401


def test_a_revoked_token_is_401(client, write_token):
    api_token_revoke(write_token.token)
    assert Api(client, write_token.secret).get("/customers/").status_code == 401


def test_a_read_token_reads(read_api, org):
    factories.customer(org)
    response = read_api.get("/customers/")
    assert response.status_code == 200
    assert len(response.json()["items"]) == 1


def test_a_read_token_cannot_write_403_and_nothing_changes(read_api, org):
    response = read_api.post("/customers/", NEW_CUSTOMER)
    assert response.status_code == 403
    assert "read" in response.json()["detail"]
    assert not org.customers.exists()


def test_a_write_token_writes(api, org):
    assert api.post("/customers/", NEW_CUSTOMER).status_code == 201
    assert org.customers.get().number == "K1"


def test_a_token_sees_only_its_own_organisation(api, org, other_org):
    factories.customer(other_org, number="THEIRS")
    mine = factories.customer(org, number="MINE")
    items = api.get("/customers/").json()["items"]
    assert [item["id"] for item in items] == [mine.pk]
