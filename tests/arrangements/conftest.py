"""An organisation that collects, a customer with open invoices, the portal link, the desk."""

from datetime import timedelta

import pytest

from innen.collection.models import CollectionSettings
from innen.collection.policies import policy_install_defaults
from innen.outbox.links import portal_token
from tests import factories


@pytest.fixture(autouse=True)
def _desk_pages_mounted(settings):
    settings.ROOT_URLCONF = "tests.arrangements.urls"


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
