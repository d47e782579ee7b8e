"""The rates in the admin (added through the services, read-only once used) and the owners'
warning on the worklist before the known rates run out."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from innen.organisations.models import Membership, Role
from innen.rates.models import InterestRate
from innen.rates.services import rates_add, rates_mark_used
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("root", password="x-long-password"))
    return client


def admin_add(admin_client, **fields):
    data = {"table": "commercial", "effective": "2027-01-01", "rate": "10.65", "source": "ECB"}
    return admin_client.post(reverse("admin:rates_interestrate_add"), {**data, **fields})


def test_the_admin_adds_a_rate_through_the_service(admin_client):
    response = admin_add(admin_client)
    assert response.status_code == 302
    row = InterestRate.objects.get(effective=date(2027, 1, 1))
    assert row.added_by == "admin: root"


def test_the_admin_refuses_a_rate_the_service_refuses_and_says_why(admin_client):
    response = admin_add(admin_client, effective="2027-02-01")
    assert response.status_code == 200
    assert "1 January and 1 July" in response.content.decode()
    assert not InterestRate.objects.filter(effective=date(2027, 2, 1)).exists()
    response = admin_add(admin_client, effective="2026-07-01")
    assert "give a reason" in response.content.decode()


def test_the_admin_records_a_correction_with_a_reason(admin_client):
    response = admin_add(admin_client, effective="2026-07-01", rate="10.15", reason="typo")
    assert response.status_code == 302
    correction = InterestRate.objects.get(
        effective=date(2026, 7, 1), table="commercial", reason="typo"
    )
    assert correction.replaces is not None and str(correction.replaces.rate) == "10.40"


def test_a_row_in_force_or_used_is_read_only_and_nothing_is_deleted(admin_client):
    in_force = InterestRate.objects.get(table="commercial", effective=date(2026, 7, 1))
    (future,) = rates_add(effective=date(2027, 1, 1), rates={"commercial": Decimal(10)}, source="x")
    change = "admin:rates_interestrate_change"
    response = admin_client.post(reverse(change, args=[in_force.pk]), {"rate": "1", "source": "x"})
    assert response.status_code == 403
    in_force.refresh_from_db()
    assert str(in_force.rate) == "10.40"
    if future.effective > timezone.localdate():
        response = admin_client.post(
            reverse(change, args=[future.pk]), {"rate": "10.50", "source": "ECB", "confirmed": "on"}
        )
        assert response.status_code == 302
        future.refresh_from_db()
        assert str(future.rate) == "10.50"
    rates_mark_used([future.pk], date(2026, 12, 5))
    response = admin_client.post(reverse(change, args=[future.pk]), {"rate": "9", "source": "x"})
    assert response.status_code == 403
    delete = reverse("admin:rates_interestrate_delete", args=[future.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403


@pytest.fixture
def org():
    return factories.organisation()


def signed_in(client, org, role):
    user = User.objects.create_user(f"u-{role}", password="x-long-password")
    Membership.objects.create(user=user, organisation=org, role=role)
    client.force_login(user)
    return client


def worklist_on(client, monkeypatch, day):
    monkeypatch.setattr(timezone, "localdate", lambda *args: day)
    return client.get(reverse("worklist")).content.decode()


def test_owners_are_told_from_30_days_before_the_rates_run_out(client, org, monkeypatch):
    signed_in(client, org, Role.OWNER)
    page = worklist_on(client, monkeypatch, date(2026, 12, 5))
    assert 'id="rates-to-add"' in page
    assert "01-01-2027" in page or "1 Jan 2027" in page
    assert 'id="rates-to-add"' not in worklist_on(client, monkeypatch, date(2026, 11, 30))


def test_the_web_never_tells_an_owner_to_run_a_command(client, org, monkeypatch):
    signed_in(client, org, Role.OWNER)
    page = worklist_on(client, monkeypatch, date(2026, 12, 5))
    assert "innen law rates add" not in page and "--from" not in page
    assert "beheerder" in page or "administrator" in page


def test_a_staff_owner_is_linked_to_the_rate_table_in_the_admin(client, org, monkeypatch):
    signed_in(client, org, Role.OWNER)
    staff = User.objects.get(username=f"u-{Role.OWNER}")
    staff.is_staff = True
    staff.save()
    page = worklist_on(client, monkeypatch, date(2026, 12, 5))
    assert reverse("admin:rates_interestrate_add") in page


def test_the_warning_goes_once_the_next_rates_are_added(client, org, monkeypatch):
    signed_in(client, org, Role.OWNER)
    rates_add(
        effective=date(2027, 1, 1),
        rates={"commercial": Decimal(10), "statutory": Decimal(5)},
        source="Stb.",
    )
    assert 'id="rates-to-add"' not in worklist_on(client, monkeypatch, date(2026, 12, 5))


def test_a_credit_controller_is_not_asked_to_add_rates(client, org, monkeypatch):
    signed_in(client, org, Role.CONTROLLER)
    assert 'id="rates-to-add"' not in worklist_on(client, monkeypatch, date(2026, 12, 5))
