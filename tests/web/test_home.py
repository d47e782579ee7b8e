from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from innen.ledger import services
from innen.organisations.models import Membership, Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return User.objects.create_user("alice", password="x-long-password")


@pytest.fixture
def org(alice):
    org = factories.organisation("Alice B.V.")
    Membership.objects.create(user=alice, organisation=org, role=Role.OWNER)
    return org


def signed_in(client, user):
    client.force_login(user)
    return client


def test_it_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_it_shows_open_invoices_with_their_aging_totals(client, alice, org):
    today = timezone.localdate()
    cust = factories.customer(org, name="Jansen Bouw B.V.")
    factories.invoice(org, cust, total="100.00", number="F-OVERDUE", due=today - timedelta(days=45))
    factories.invoice(org, cust, total="50.00", number="F-FUTURE", due=today + timedelta(days=5))
    paid = factories.invoice(
        org, cust, total="10.00", number="F-PAID", due=today - timedelta(days=100)
    )
    services.payment_register(
        organisation=org, customer=cust, date=today, amount=Decimal("10.00"), designated=[paid]
    )
    response = signed_in(client, alice).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="nl")
    html = response.content.decode()
    assert response.status_code == 200
    assert "F-OVERDUE" in html and "F-FUTURE" in html
    assert "F-PAID" not in html
    assert "€\xa0150,00" in html  # all open, with a non-breaking space as Dutch writes it
    summary = response.context["summary"]
    assert summary["overdue"] == Decimal("100.00")
    assert {b["key"]: b["amount"] for b in summary["buckets"]}["31_60"] == Decimal("100.00")


def test_it_filters_on_one_aging_bucket(client, alice, org):
    today = timezone.localdate()
    cust = factories.customer(org)
    factories.invoice(org, cust, number="F-OLD", due=today - timedelta(days=120))
    factories.invoice(org, cust, number="F-NEW", due=today - timedelta(days=3))
    html = signed_in(client, alice).get(reverse("home") + "?bucket=over_90").content.decode()
    assert "F-OLD" in html and "F-NEW" not in html


def test_it_never_shows_another_organisations_invoices(client, alice, org):
    other = factories.organisation("Other B.V.")
    factories.invoice(other, factories.customer(other), number="F-OTHER")
    html = signed_in(client, alice).get(reverse("home")).content.decode()
    assert "F-OTHER" not in html


def test_a_user_without_an_organisation_is_told_so(client):
    loner = User.objects.create_user("loner", password="x-long-password")
    response = signed_in(client, loner).get(reverse("home"))
    assert response.status_code == 403


def test_a_member_of_two_organisations_can_switch(client, alice, org):
    second = factories.organisation("Zeta B.V.")
    Membership.objects.create(user=alice, organisation=second, role=Role.VIEWER)
    factories.invoice(second, factories.customer(second), number="F-ZETA")
    client = signed_in(client, alice)
    assert "F-ZETA" not in client.get(reverse("home")).content.decode()
    client.post(reverse("switch-organisation"), {"organisation": second.pk})
    assert "F-ZETA" in client.get(reverse("home")).content.decode()


def test_switching_to_an_organisation_one_is_not_a_member_of_is_refused(client, alice, org):
    other = factories.organisation("Other B.V.")
    response = signed_in(client, alice).post(
        reverse("switch-organisation"), {"organisation": other.pk}
    )
    assert response.status_code == 400


def test_the_page_speaks_dutch_by_default(client, alice, org):
    html = signed_in(client, alice).get(reverse("home")).content.decode()
    assert "Openstaande facturen" in html


def test_the_page_speaks_english_when_the_user_chooses_it(client, alice, org):
    client = signed_in(client, alice)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("home")).content.decode()
    assert "Open invoices" in html and "Openstaande facturen" not in html
