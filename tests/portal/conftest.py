"""A customer with open invoices, their portal link, and Mollie played by the fake server."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache

from innen.outbox.links import portal_token
from innen.portal.fake_mollie import FakeMollie
from innen.portal.models import MollieSettings
from tests import factories

TEST_KEY = "test_dHar4XY7LxsDOtmnkVtjNVWXLSlXsM"


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The rate limit counts in the cache; each test starts with none counted.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def org():
    return factories.organisation(email="debiteuren@korenschoof.nl", phone="030 123 45 67")


@pytest.fixture
def customer(org):
    return factories.customer(org, name="Café Het Hoekje", postcode="1234 AB", language="nl")


@pytest.fixture
def invoices(org, customer):
    return [
        factories.invoice(org, customer, total="121.00", due=date(2026, 2, 1), number="F-2026-001"),
        factories.invoice(org, customer, total="60.50", due=date(2026, 3, 1), number="F-2026-002"),
    ]


@pytest.fixture
def token(customer):
    return portal_token(customer.organisation_id, customer.pk)


@pytest.fixture
def mollie(settings):
    with FakeMollie() as fake:
        settings.MOLLIE_API_ENDPOINT = fake.url
        yield fake


@pytest.fixture
def mollie_on(org, mollie):
    return MollieSettings.objects.create(
        organisation=org, enabled=True, api_key=TEST_KEY, methods=["ideal", "bancontact"]
    )
