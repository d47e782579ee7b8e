"""A first sync from an accounting package: how fast a new connection fills the ledger.

`connector_sync_invoices_per_second`: the Moneybird fake (`innen.connectors.fakes`) serves an
administration of `INVOICES` sales invoices (with payments, credit invoices, uncollectible
ones) on a local port; a new connection's first sync reads them through the synchronization
endpoints over HTTP and writes them through the ledger's services, timed end to end. The
sales invoices Moneybird lists (credit invoices and the draft included) per second.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from innen.bench import Figure, benchmark

INVOICES = 10_000
ADMINISTRATION = "123456789"


@benchmark
def connector_sync(invoices: int = INVOICES) -> Iterator[Figure]:
    from django.conf import settings

    from innen.connections import services
    from innen.connections.models import State
    from innen.connections.sync import sync
    from innen.connectors.fakes.moneybird_data import seed
    from innen.connectors.fakes.moneybird_fake import FakeMoneybird, serve
    from innen.connectors.moneybird_oauth import personal_token
    from innen.organisations.models import Organisation

    fake = FakeMoneybird(limit=10_000)
    seed(fake.data, ADMINISTRATION, invoices)
    listed = len(fake.data.administrations[ADMINISTRATION].invoices)
    server = serve(fake)
    settings.MONEYBIRD_API_URL = f"http://127.0.0.1:{server.port}/api/v2"
    try:
        organisation = Organisation.objects.create(name="Bench Connector B.V.")
        tokens = personal_token(fake.data.personal_token())
        connection = services.connect(organisation=organisation, kind="moneybird", tokens=tokens)
        services.choose_account(connection=connection, account_id=ADMINISTRATION, name="Bench")
        started = time.perf_counter()
        outcome = sync(connection)
        seconds = time.perf_counter() - started
    finally:
        server.shutdown()
    if outcome.state != State.ACTIVE:
        raise RuntimeError(f"the sync did not finish: {outcome}")
    yield Figure("connector_sync_invoices_per_second", listed / seconds, "invoices/s")
