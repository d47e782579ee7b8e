"""Exact Online synced into innen against its local stand-in: what a first sync costs.

`connector_sync_invoices_per_second_exact`: a first full sync of 10,000 sales invoices (with
their 500 customers, their payments and credit notes) from the Exact Online fake on a local
port, through the adapter and the connection's sync (one transaction per page of 60), as the
sync task runs it; invoices per second of the whole sync.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from innen.bench import Figure, benchmark

INVOICES = 10_000


@benchmark
def exact_sync() -> Iterator[Figure]:
    from django.test import override_settings

    from innen.connections import services
    from innen.connections.sync import sync
    from innen.connectors.fakes.exact_data import generate
    from innen.connectors.fakes.exact_fake import ExactFake, serve
    from innen.connectors.package import Tokens
    from innen.ledger.models import Invoice
    from innen.organisations.models import Organisation

    fake = ExactFake(generate(INVOICES, seed=26))
    organisation = Organisation.objects.create(name="Bench Exact B.V.")
    issued = fake.issue_tokens()
    tokens = Tokens(issued["access_token"], issued["refresh_token"], time.time() + 600)
    with serve(fake) as url:
        conf = {"base_url": url, "client_id": fake.client_id, "redirect_uri": ""}
        with override_settings(EXACT_OAUTH={**conf, "client_secret": fake.client_secret}):
            connection = services.connect(organisation=organisation, kind="exact", tokens=tokens)
            division = str(fake.admin.division)
            services.choose_account(connection=connection, account_id=division, name="Bench")
            started = time.perf_counter()
            outcome = sync(connection)
            seconds = time.perf_counter() - started
    synced = Invoice.objects.filter(organisation=organisation).count()
    if outcome.error or not synced:
        raise RuntimeError(f"the Exact sync did not finish: {outcome}")
    yield Figure("connector_sync_invoices_per_second_exact", INVOICES / seconds, "/s")
