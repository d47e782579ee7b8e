"""An organisation that collects, a customer with open invoices, the portal link, the desk."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from innen.collection.models import CollectionSettings
from innen.collection.policies import policy_install_defaults
from innen.organisations.models import Membership, Role
from innen.outbox.links import portal_token
from tests import factories


@pytest.fixture(autouse=True)
def _desk_pages_mounted(settings):
    settings.ROOT_URLCONF = "tests.arrangements.urls"


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def org(today):
    organisation = factories.organisation("Alice B.V.", email="debiteuren@alice.test")
    policy_install_defaults(organisation=organisation)
    CollectionSettings.objects.create(
        organisation=organisation, starts_on=today - timedelta(days=365)
    )
    return organisation


@pytest.fixture
def customer(org):
    return factories.customer(org, name="Bob B.V.", emails="bob@example.test")


@pytest.fixture
def invoices(org, customer, today):
    """Two overdue invoices: € 121,00 and € 242,00."""
    return [
        factories.invoice(
            org,
            customer,
            total=total,
            due=today - timedelta(days=10),
            issue_date=today - timedelta(days=40),
        )
        for total in ("121.00", "242.00")
    ]


@pytest.fixture
def token(customer):
    return portal_token(customer.organisation_id, customer.pk)


def member(org, username, role):
    user = User.objects.create_user(username, password="x-long-password")
    Membership.objects.create(user=user, organisation=org, role=role)
    return user


@pytest.fixture
def controller(org):
    return member(org, "carla", Role.CONTROLLER)


@pytest.fixture
def controller_client(client, controller):
    client.force_login(controller)
    return client


@pytest.fixture
def viewer_client(client, org):
    client.force_login(member(org, "victor", Role.VIEWER))
    return client


@pytest.fixture
def owner_client(client, org):
    client.force_login(member(org, "olga", Role.OWNER))
    return client
