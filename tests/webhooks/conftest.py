"""What the webhook tests share: a receiver on this machine, and endpoints pointing to it."""

from __future__ import annotations

import pytest

from innen.organisations.models import Organisation
from innen.webhooks import services
from innen.webhooks.models import SUBSCRIBABLE, Endpoint
from tests import factories
from tests.webhooks.http_server import HttpServer

ALL_EVENTS = [value for value, _ in SUBSCRIBABLE]


@pytest.fixture(autouse=True)
def _local_http_allowed(settings):
    # The receiver runs on 127.0.0.1 over plain http: allowed here as in development.
    settings.WEBHOOKS_ALLOW_LOCAL_HTTP = True


@pytest.fixture
def receiver():
    with HttpServer() as server:
        yield server


@pytest.fixture
def org(db) -> Organisation:
    return factories.organisation(
        street="Molenstraat 1", postcode="1234 AB", city="Utrecht", email="debiteuren@bakkerij.nl"
    )


def endpoint_for(org: Organisation, url: str, events: list[str] | None = None) -> Endpoint:
    return services.endpoint_create(organisation=org, url=url, events=events or ALL_EVENTS)
