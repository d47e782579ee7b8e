"""Moneybird through its fake: the ledger ends with exactly Moneybird's open items."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction

from innen.connections import sync as sync_module
from innen.connections.models import State
from innen.connections.sync import sync
from innen.ledger.models import CreditNote, Customer, Invoice, Payment
from tests.connections.conftest import ADMIN, connected

pytestmark = pytest.mark.django_db


class Killed(BaseException):
    """The worker died (not an error the sync catches)."""


def _open_items(org) -> dict[str, Decimal]:
    rows = Invoice.objects.filter(organisation=org, outstanding__gt=0)
    return dict(rows.values_list("number", "outstanding"))


def _kill_after(monkeypatch, batches: int) -> None:
    """The sync dies while writing batch `batches + 1`, before its transaction commits."""
    real = sync_module.apply_batch
    seen = []

    def dying(connection, batch, today):
        seen.append(batch)
        if len(seen) <= batches:
            return real(connection, batch, today)
        with transaction.atomic():
            real(connection, batch, today)
            raise Killed

    monkeypatch.setattr(sync_module, "apply_batch", dying)


def test_ten_thousand_invoices_killed_halfway_and_resumed_end_as_moneybirds_open_items(
    org, moneybird, monkeypatch
):
    connection = connected(org, moneybird, 10_000)
    _kill_after(monkeypatch, 50)
    with pytest.raises(Killed):
        sync(connection)
    connection.refresh_from_db()
    written = Invoice.objects.filter(organisation=org).count()
    written += CreditNote.objects.filter(organisation=org).count()
    assert written == 5_000  # 50 batches of 100 ids: invoices and credit invoices
    assert connection.state == State.FIRST_SYNC and connection.progress_done == 5_000
    monkeypatch.undo()
    assert sync(connection).state == State.ACTIVE
    assert _open_items(org) == moneybird.data.open_items(ADMIN)
    assert Invoice.objects.filter(organisation=org).count() == 10_000
    credited = sum(1 for n in range(10_000) if n % 4 in (2, 3) and n % 10 == 7)
    assert CreditNote.objects.filter(organisation=org).count() == credited
    assert Payment.objects.filter(organisation=org).count() == 5_000
    assert Customer.objects.filter(organisation=org).count() == 200
    assert not connection.unmapped.exists()


def test_a_change_in_moneybird_reaches_innen_on_the_next_sync(org, moneybird):
    connection = connected(org, moneybird, 40)
    sync(connection)
    later = date(2026, 3, 1)
    moneybird.change(ADMIN, "2026-00002", due_date=later.isoformat())
    moneybird.pay(ADMIN, "2026-00003", Decimal("10.00"), later)
    before = moneybird.requests_seen
    sync(connection)
    # contacts: the listing since and one fetch; invoices: the same; the whole listing
    assert moneybird.requests_seen - before == 5
    assert Invoice.objects.get(organisation=org, number="2026-00002").due_date == later
    assert _open_items(org) == moneybird.data.open_items(ADMIN)


def test_an_invoice_paid_in_moneybird_is_paid_in_innen(org, moneybird):
    connection = connected(org, moneybird, 10)
    sync(connection)
    assert "2026-00002" in _open_items(org)
    moneybird.pay(ADMIN, "2026-00002", Decimal("121.00"), date(2026, 2, 1))
    sync(connection)
    assert "2026-00002" not in _open_items(org)


def test_a_token_that_expires_mid_sync_is_refreshed_and_the_sync_goes_on(org, moneybird):
    connection = connected(org, moneybird, 300)
    real = sync_module.apply_batch
    calls = []

    def expiring(connection, batch, today):
        calls.append(1)
        if len(calls) == 1:
            moneybird.data.expire_tokens()
        return real(connection, batch, today)

    sealed = connection.sealed_tokens
    sync_module_apply = sync_module.apply_batch
    sync_module.apply_batch = expiring
    try:
        outcome = sync(connection)
    finally:
        sync_module.apply_batch = sync_module_apply
    assert outcome.state == State.ACTIVE and outcome.batches == 5  # 300 sent, 1 draft; the end
    connection.refresh_from_db()
    assert connection.sealed_tokens != sealed  # the rotated refresh token is kept
    assert _open_items(org) == moneybird.data.open_items(ADMIN)


def test_a_withdrawn_grant_asks_an_owner_to_sign_in_again(org, moneybird):
    connection = connected(org, moneybird, 10)
    moneybird.data.revoke_all()
    assert sync(connection).state == State.SIGN_IN


def test_a_personal_token_syncs_too(org, moneybird):
    connection = connected(org, moneybird, 300, oauth=False)
    assert sync(connection).state == State.ACTIVE
    assert _open_items(org) == moneybird.data.open_items(ADMIN)


def test_a_short_429_is_waited_out_as_long_as_retry_after_says(org, moneybird, monkeypatch):
    waits = []
    monkeypatch.setattr("innen.connectors.moneybird_http.time.sleep", waits.append)
    connection = connected(org, moneybird, 10)
    moneybird.throttle(retry_after=3)
    assert sync(connection).state == State.ACTIVE
    assert waits == [3.0]


def test_a_long_429_ends_the_sync_until_retry_after(org, moneybird):
    connection = connected(org, moneybird, 10)
    moneybird.throttle(retry_after=600)
    outcome = sync(connection)
    assert outcome.batches == 0 and "rate limited" in outcome.error
    assert timedelta(seconds=590) < connection.next_try - connection.created_at
    assert sync(connection).state == State.ACTIVE


def test_a_page_that_fails_is_tried_again(org, moneybird, monkeypatch):
    monkeypatch.setattr("innen.connectors.moneybird_http.time.sleep", lambda s: None)
    connection = connected(org, moneybird, 250)
    moneybird.fail(500, "synchronization", times=1)
    assert sync(connection).state == State.ACTIVE
    assert _open_items(org) == moneybird.data.open_items(ADMIN)


def test_a_page_that_keeps_failing_backs_off_and_resumes_after_the_last_batch(
    org, moneybird, monkeypatch
):
    monkeypatch.setattr("innen.connectors.moneybird_http.time.sleep", lambda s: None)
    connection = connected(org, moneybird, 250)
    sync_listing = moneybird.fail  # the listing answers; the second fetch fails 3 times
    sync_listing(500, "synchronization", times=0)
    real = sync_module.apply_batch

    def failing_later(connection, batch, today):
        real(connection, batch, today)
        moneybird.fail(503, "synchronization", times=3)

    monkeypatch.setattr(sync_module, "apply_batch", failing_later)
    outcome = sync(connection)
    assert outcome.batches == 1 and connection.failures == 1 and "503" in outcome.error
    monkeypatch.setattr(sync_module, "apply_batch", real)
    moneybird.faults.clear()
    assert sync(connection).state == State.ACTIVE
    assert Invoice.objects.filter(organisation=org).count() == 250
