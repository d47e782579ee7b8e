"""The Mollie settings page: owners only, and the key is never shown back in full."""

import pytest
from django.contrib.auth.models import User

from innen.organisations.models import Membership, Role
from innen.portal.models import MollieSettings
from tests.portal.conftest import TEST_KEY

pytestmark = pytest.mark.django_db


def signed_in(client, org, role):
    user = User.objects.create_user(f"{role}-{org.pk}", password="x-long-password")
    Membership.objects.create(user=user, organisation=org, role=role)
    client.force_login(user)
    return client


def test_an_owner_saves_the_key_and_methods(client, org):
    signed_in(client, org, Role.OWNER)
    response = client.post(
        "/portal/settings/", {"enabled": "on", "api_key": TEST_KEY, "methods": ["ideal", "paypal"]}
    )
    assert response.status_code == 302
    saved = MollieSettings.objects.get(organisation=org)
    assert (saved.enabled, saved.api_key, saved.methods) == (True, TEST_KEY, ["ideal", "paypal"])


def test_the_key_is_shown_only_by_its_last_characters(client, org):
    MollieSettings.objects.create(organisation=org, enabled=True, api_key=TEST_KEY)
    body = signed_in(client, org, Role.OWNER).get("/portal/settings/").content.decode()
    assert TEST_KEY not in body
    assert TEST_KEY[-4:] in body


def test_an_empty_key_field_keeps_the_saved_key(client, org):
    MollieSettings.objects.create(organisation=org, enabled=True, api_key=TEST_KEY)
    signed_in(client, org, Role.OWNER).post("/portal/settings/", {"enabled": "on", "api_key": ""})
    assert MollieSettings.objects.get(organisation=org).api_key == TEST_KEY


def test_a_malformed_key_is_named_and_nothing_is_saved(client, org):
    signed_in(client, org, Role.OWNER)
    response = client.post("/portal/settings/", {"enabled": "on", "api_key": "sk_live_123"})
    assert response.status_code == 400
    assert "begint met live_ of test_" in response.content.decode()
    assert not MollieSettings.objects.exists()


def test_switching_on_needs_a_key(client, org):
    response = signed_in(client, org, Role.OWNER).post("/portal/settings/", {"enabled": "on"})
    assert response.status_code == 400
    assert not MollieSettings.objects.exists()


@pytest.mark.parametrize("role", [Role.CONTROLLER, Role.VIEWER])
def test_only_owners_see_the_settings(client, org, role):
    MollieSettings.objects.create(organisation=org, enabled=True, api_key=TEST_KEY)
    signed_in(client, org, role)
    assert client.get("/portal/settings/").status_code == 403
    assert client.post("/portal/settings/", {"enabled": ""}).status_code == 403
    assert MollieSettings.objects.get().enabled


def test_each_organisation_edits_its_own_settings(client, org):
    from tests import factories

    other = factories.organisation("Ander B.V.")
    MollieSettings.objects.create(organisation=other, enabled=True, api_key=TEST_KEY)
    signed_in(client, org, Role.OWNER)
    assert TEST_KEY[-4:] not in client.get("/portal/settings/").content.decode()
    client.post("/portal/settings/", {"enabled": "", "api_key": "test_" + "q" * 30})
    assert MollieSettings.objects.get(organisation=other).api_key == TEST_KEY
