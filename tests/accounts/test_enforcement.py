"""An owner can require two factors; members who owe one reach only the steps to give it."""

import pytest
from django.urls import reverse

from innen.organisations.models import Membership, Role
from tests import factories
from tests.accounts.helpers import confirmed_app, sign_in_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict(org):
    org.require_two_factor = True
    org.save()
    return org


def test_organisations_do_not_require_two_factors_until_an_owner_says_so(client, alice, org):
    assert org.require_two_factor is False
    client.force_login(alice)
    assert client.get(reverse("home")).status_code == 200


def test_a_member_without_an_app_is_sent_to_set_one_up(client, bob, strict):
    client.force_login(bob)
    for name in ("home", "customers", "collection", "members"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("two-factor-setup") + "?next=")
    assert client.get(reverse("two-factor-setup")).status_code == 200


def test_posts_are_held_back_too(client, bob, strict):
    client.force_login(bob)
    response = client.post(reverse("collection-run"))
    assert response["Location"] == reverse("two-factor-setup")


def test_a_member_with_an_app_but_an_unverified_session_is_asked_for_a_code(client, bob, strict):
    confirmed_app(bob)
    client.force_login(bob)
    response = client.get(reverse("customers"))
    assert response["Location"] == reverse("two-factor-verify") + "?next=%2Fcustomers%2F"


def test_a_user_with_an_app_is_asked_for_a_code_in_any_organisation(client, bob, org):
    confirmed_app(bob)
    client.force_login(bob)
    assert client.get(reverse("home"))["Location"].startswith(reverse("two-factor-verify"))


def test_a_verified_member_works_as_usual(client, bob, strict):
    sign_in_verified(client, bob)
    assert client.get(reverse("home")).status_code == 200


def test_signing_out_and_switching_organisation_stay_open(client, bob, strict):
    relaxed = factories.organisation("Relaxed B.V.")
    Membership.objects.create(user=bob, organisation=relaxed, role=Role.VIEWER)
    client.force_login(bob)
    response = client.post(reverse("switch-organisation"), {"organisation": relaxed.pk})
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302


def test_only_an_owner_with_two_factors_can_require_them(client, alice, org):
    client.force_login(alice)
    response = client.post(reverse("organisation-security"), {"require_two_factor": "on"})
    assert response.status_code == 400
    assert "eerst voor uzelf" in response.content.decode()
    org.refresh_from_db()
    assert org.require_two_factor is False
    sign_in_verified(client, alice)
    client.post(reverse("organisation-security"), {"require_two_factor": "on"})
    org.refresh_from_db()
    assert org.require_two_factor is True


def test_an_owner_can_lift_the_requirement(client, alice, strict):
    sign_in_verified(client, alice)
    client.post(reverse("organisation-security"), {})
    strict.refresh_from_db()
    assert strict.require_two_factor is False


@pytest.mark.parametrize("member", ["bob", "carol"])
def test_only_owners_open_the_security_settings(client, member, request, strict):
    sign_in_verified(client, request.getfixturevalue(member))
    assert client.get(reverse("organisation-security")).status_code == 403
    assert client.post(reverse("organisation-security"), {}).status_code == 403
    strict.refresh_from_db()
    assert strict.require_two_factor is True
