"""Revoking a customer's portal links: older links and the printed code stop working."""

import pytest
from django.contrib.auth.models import User
from django.core import signing

from innen.dossier.models import Event, EventKind
from innen.organisations.models import Membership, Role
from innen.outbox.links import portal_token
from innen.portal.codes import portal_code
from innen.portal.revocation import portal_links_revoke
from tests import factories

pytestmark = pytest.mark.django_db


def token_made_earlier(customer, monkeypatch, seconds=60):
    real = signing.time.time
    monkeypatch.setattr(signing.time, "time", lambda: real() - seconds)
    token = portal_token(customer.organisation_id, customer.pk)
    monkeypatch.setattr(signing.time, "time", real)
    return token


def member(org, role):
    user = User.objects.create_user(f"{role}-{org.pk}", password="x-long-password")
    Membership.objects.create(user=user, organisation=org, role=role)
    return user


def test_a_revoked_link_is_refused_and_a_new_one_works(client, customer, monkeypatch):
    old = token_made_earlier(customer, monkeypatch)
    assert client.get(f"/portal/{old}/").status_code == 200
    portal_links_revoke(customer, None)
    assert client.get(f"/portal/{old}/").status_code == 404
    newer = token_made_earlier(customer, monkeypatch, seconds=-2)
    assert client.get(f"/portal/{newer}/").status_code == 200


def test_revoking_renews_the_printed_code(customer):
    before = portal_code(customer)
    portal_links_revoke(customer, None)
    assert portal_code(customer) != before


def test_revoking_one_customer_leaves_the_others(client, org, customer, monkeypatch):
    other = factories.customer(org)
    theirs = token_made_earlier(other, monkeypatch)
    portal_links_revoke(customer, None)
    assert client.get(f"/portal/{theirs}/").status_code == 200


def test_a_controller_revokes_from_the_customer_page_and_the_dossier_says_so(
    client, org, customer, monkeypatch
):
    old = token_made_earlier(customer, monkeypatch)
    client.force_login(member(org, Role.CONTROLLER))
    response = client.post(f"/portal/revoke/{customer.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/customers/{customer.pk}/"
    assert client.get(f"/portal/{old}/").status_code == 404
    event = Event.objects.get(kind=EventKind.PORTAL, payload__action="links_revoked")
    assert event.actor == f"{Role.CONTROLLER}-{org.pk}"


def test_a_viewer_cannot_revoke(client, org, customer, monkeypatch):
    old = token_made_earlier(customer, monkeypatch)
    client.force_login(member(org, Role.VIEWER))
    assert client.post(f"/portal/revoke/{customer.pk}/").status_code == 403
    assert client.get(f"/portal/{old}/").status_code == 200


def test_another_organisations_customer_is_not_found(client, org, customer):
    other = factories.organisation("Ander B.V.")
    client.force_login(member(other, Role.OWNER))
    assert client.post(f"/portal/revoke/{customer.pk}/").status_code == 404
    assert not Event.objects.filter(payload__action="links_revoked").exists()


def test_revoking_takes_a_post(client, org, customer):
    client.force_login(member(org, Role.OWNER))
    assert client.get(f"/portal/revoke/{customer.pk}/").status_code == 405
