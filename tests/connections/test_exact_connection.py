"""Exact Online end to end: an owner connects on the settings page (against the Exact fake),
10,000 invoices with payments and credit notes are synced, the sync is killed halfway and
resumed, and innen ends with exactly Exact's open items; a change reaches innen next sync."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from urllib.parse import urlparse

import pytest
import requests
from django.urls import reverse

from innen.connections import sealing
from innen.connections.models import Connection, State
from innen.connections.packages import package_for
from innen.connections.sync import sync
from innen.connectors.fakes.exact_data import generate
from innen.connectors.fakes.exact_fake import ExactFake
from innen.connectors.package import Package
from innen.connectors.records import Batch
from innen.ledger.models import CreditNote, Customer, Invoice, Payment
from tests.connectors.exact_support import package_open_items, served

pytestmark = pytest.mark.django_db

INVOICES = int(os.environ.get("INNEN_EXACT_TEST_INVOICES", "10000"))


class Killed(BaseException):
    """The worker died: no handler of ours sees it."""


@dataclass
class KilledAfter:
    package: Package
    batches: int
    name: str = "exact"

    def changes(self, cursor: str) -> Iterator[Batch]:
        for n, batch in enumerate(self.package.changes(cursor)):
            if n == self.batches:
                raise Killed
            yield batch


def _served_to_innen(settings, invoices: int) -> Iterator[ExactFake]:
    fake = ExactFake(generate(invoices, seed=26))
    with served(fake) as url:
        settings.EXACT_OAUTH = {
            "base_url": url,
            "client_id": fake.client_id,
            "client_secret": fake.client_secret,
            "redirect_uri": "",
        }
        yield fake


@pytest.fixture
def exact(settings) -> Iterator[ExactFake]:
    yield from _served_to_innen(settings, INVOICES)


@pytest.fixture
def small_exact(settings) -> Iterator[ExactFake]:
    yield from _served_to_innen(settings, 300)


def connect_on_the_settings_page(client) -> Connection:
    answer = client.post(reverse("connections_exact_connect"))
    assert answer.status_code == 302
    at_exact = requests.get(answer["Location"], allow_redirects=False, timeout=10)
    back = urlparse(at_exact.headers["Location"])
    assert back.path == reverse("connections_exact_back")
    answer = client.get(f"{back.path}?{back.query}")
    assert answer.status_code == 302 and answer["Location"] == reverse("connections")
    return Connection.objects.get(kind="exact")


def innen_open_items(org) -> dict[str, Decimal]:
    rows = Invoice.objects.filter(organisation=org, outstanding__gt=0)
    return dict(rows.values_list("number", "outstanding"))


def exact_open_items(fake: ExactFake) -> dict[str, Decimal]:
    return {k: v for k, v in package_open_items(fake.admin).items() if v > 0}


def test_an_owner_connects_exact_and_the_division_is_chosen(owner_client, org, small_exact):
    exact = small_exact
    connection = connect_on_the_settings_page(owner_client)
    assert connection.organisation == org
    assert connection.account_id == str(exact.admin.division)
    assert connection.account_name == "Fake B.V."
    assert connection.state == State.FIRST_SYNC
    tokens = sealing.unseal(connection.sealed_tokens)
    assert tokens.refresh_token in exact.refresh_tokens
    assert tokens.refresh_token not in connection.sealed_tokens


def test_the_settings_page_connects_syncs_and_disconnects_exact(owner_client, small_exact):
    page = owner_client.get(reverse("connections")).content.decode()
    assert reverse("connections_exact_connect") in page
    connection = connect_on_the_settings_page(owner_client)
    page = owner_client.get(reverse("connections")).content.decode()
    assert "Fake B.V." in page
    owner_client.post(reverse("connection-sync"), {"kind": "exact"})
    owner_client.post(reverse("connection-disconnect"), {"kind": "exact"})
    connection.refresh_from_db()
    assert connection.state == State.OFF and connection.sealed_tokens == ""


def test_a_sign_in_not_confirmed_by_exact_connects_nothing(owner_client, small_exact):
    owner_client.post(reverse("connections_exact_connect"))
    answer = owner_client.get(reverse("connections_exact_back") + "?code=x&state=forged")
    assert answer.status_code == 302
    assert not Connection.objects.filter(kind="exact").exists()


def test_exact_synced_killed_halfway_and_resumed_ends_with_exactly_its_open_items(
    owner_client, org, exact
):
    connection = connect_on_the_settings_page(owner_client)
    admin = exact.admin
    pages = (len(admin.accounts) + len(admin.invoices) + len(admin.receivables)) // exact.page_size
    with pytest.raises(Killed):
        sync(connection, package=KilledAfter(package_for(connection), batches=pages // 2))
    connection.refresh_from_db()
    assert connection.cursor and 0 < connection.progress_done < connection.progress_total
    exact.fault("expire", after=20)  # and the access token runs out on the way
    outcome = sync(connection)
    assert outcome.error == "" and connection.state == State.ACTIVE
    sent = [i for i in admin.invoices.values() if i.number is not None]
    paid_pieces = [r for r in admin.receivables.values() if r.fully_paid and r.amount > 0]
    assert Invoice.objects.filter(organisation=org).count() == sum(i.amount > 0 for i in sent)
    assert CreditNote.objects.filter(organisation=org).count() == sum(i.amount < 0 for i in sent)
    assert Customer.objects.filter(organisation=org).count() == len(admin.accounts)
    assert Payment.objects.filter(organisation=org).count() == len(paid_pieces)
    assert innen_open_items(org) == exact_open_items(exact)
    assert not connection.unmapped.exists()


def test_a_change_in_exact_reaches_innen_on_the_next_incremental_sync(
    owner_client, org, small_exact
):
    exact = small_exact
    connection = connect_on_the_settings_page(owner_client)
    sync(connection)
    number = min(int(n) for n in exact_open_items(exact))
    exact.admin.pay(number, Decimal("10.00"), date(2026, 11, 2))
    exact.admin.change_due_date(number, date(2026, 12, 31))
    account = next(iter(exact.admin.accounts))
    new = exact.admin.add_invoice(account, Decimal("250.00"), date(2026, 11, 3))
    before = exact.api_requests
    outcome = sync(connection)
    assert outcome.batches == 2  # the two invoices on one page, the payment: nothing else
    assert exact.api_requests - before == 4  # accounts, invoices, receivables, sync/Deleted
    assert Invoice.objects.get(organisation=org, number=str(number)).due_date == date(2026, 12, 31)
    assert Invoice.objects.get(organisation=org, number=str(new.number)).outstanding == Decimal(
        "250.00"
    )
    assert innen_open_items(org) == exact_open_items(exact)
