"""The Moneybird fake served on a local port, and a connection to it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from innen.connections import services
from innen.connections.models import Connection
from innen.connectors.fakes.moneybird_data import seed
from innen.connectors.fakes.moneybird_fake import FakeMoneybird, serve
from innen.connectors.package import Tokens

ADMIN = "123456789"


@pytest.fixture
def moneybird(settings) -> Iterator[FakeMoneybird]:
    fake = FakeMoneybird()
    server = serve(fake)
    base = f"http://127.0.0.1:{server.port}"
    settings.MONEYBIRD_API_URL = f"{base}/api/v2"
    settings.MONEYBIRD_OAUTH = {
        "authorize_url": f"{base}/oauth/authorize",
        "token_url": f"{base}/oauth/token",
        "client_id": fake.data.client_id,
        "client_secret": fake.data.client_secret,
    }
    yield fake
    server.shutdown()


def connected(org, fake: FakeMoneybird, invoices: int, *, oauth: bool = True) -> Connection:
    """`org` connected to an administration of `invoices` (OAuth, or a personal token)."""
    seed(fake.data, ADMIN, invoices, contacts=min(200, max(invoices // 5, 1)))
    if oauth:
        grant = fake.data.issue()
        tokens = Tokens(grant.access_token, grant.refresh_token, grant.expires_at or 0.0)
    else:
        tokens = Tokens(fake.data.personal_token())
    connection = services.connect(organisation=org, kind="moneybird", tokens=tokens)
    return services.choose_account(connection=connection, account_id=ADMIN, name="Bakkerij")
