"""The owner's token page: make a token (shown once), list, revoke; others may not."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from innen.api.models import ApiToken
from innen.api.tokens import api_token_create
from innen.organisations.models import Membership, Role

pytestmark = pytest.mark.django_db


def test_an_owner_makes_a_token_and_sees_it_once(owner_client, org):
    response = owner_client.post(reverse("api-tokens"), {"name": "boekhouding", "scope": "write"})
    assert response.status_code == 200
    secret = response.context["created"].secret
    assert secret in response.content.decode()
    token = ApiToken.objects.get()
    assert (token.organisation, token.scope, token.created_by.username) == (org, "write", "alice")
    again = owner_client.get(reverse("api-tokens"))
    assert secret not in again.content.decode()
    assert token.prefix in again.content.decode()


def test_a_token_without_a_name_is_refused_on_the_form(owner_client):
    response = owner_client.post(reverse("api-tokens"), {"name": "", "scope": "read"})
    assert response.status_code == 400
    assert "name" in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_an_owner_revokes_a_token(owner_client, org):
    made = api_token_create(organisation=org, name="oud", scope="read")
    response = owner_client.post(reverse("api-token-revoke", args=[made.token.pk]))
    assert response.status_code == 302
    made.token.refresh_from_db()
    assert made.token.revoked_at is not None


def test_another_organisations_token_cannot_be_revoked(owner_client, other_org):
    theirs = api_token_create(organisation=other_org, name="hun", scope="read")
    response = owner_client.post(reverse("api-token-revoke", args=[theirs.token.pk]))
    assert response.status_code == 404
    theirs.token.refresh_from_db()
    assert theirs.token.revoked_at is None


@pytest.mark.parametrize("role", [Role.CONTROLLER, Role.VIEWER])
def test_only_owners_manage_tokens(client, org, role):
    user = User.objects.create_user("carla", password="x-long-password")
    Membership.objects.create(user=user, organisation=org, role=role)
    client.force_login(user)
    made = api_token_create(organisation=org, name="a", scope="read")
    assert client.get(reverse("api-tokens")).status_code == 403
    assert client.post(reverse("api-tokens"), {"name": "b", "scope": "write"}).status_code == 403
    assert client.post(reverse("api-token-revoke", args=[made.token.pk])).status_code == 403
    assert ApiToken.objects.count() == 1


def test_the_page_needs_a_signed_in_user(client):
    assert client.get(reverse("api-tokens")).status_code == 302
