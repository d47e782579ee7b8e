"""Exact Online: refs taken over before innen kept each invoice's GUID get it on the next
sync, read from SalesInvoices by ranges of numbers, so a deletion in Exact finds them; one
deleted before its GUID was read is written off too, once; nothing lacking costs nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from innen.connections.backfill import lacking
from innen.connections.models import Connection, ExternalRef
from innen.connections.sync import sync
from innen.connectors.exact import Cursor, number_runs
from innen.connectors.fakes.exact_fake import ExactFake
from innen.ledger.models import Allocation, AllocationKind, Invoice
from tests.connections.test_exact_connection import (
    connect_on_the_settings_page,
    exact_open_items,
    innen_open_items,
    small_exact,
)

pytestmark = pytest.mark.django_db
__all__ = ["small_exact"]  # the fixture, served to these tests


def _unpaid(fake: ExactFake) -> list[int]:
    admin = fake.admin
    return [
        i.number for i in admin.invoices.values()
        if i.number is not None and i.amount > 0 and admin.paid_amount(i.number) == 0
    ]  # fmt: skip


def _taken_over_before_guids(connection: Connection) -> int:
    """The refs as innen wrote them before `ExternalRef.internal_id` existed."""
    return ExternalRef.objects.filter(connection=connection).update(internal_id="")


def _removed_write_offs(org) -> int:
    return Allocation.objects.filter(
        invoice__organisation=org, kind=AllocationKind.WRITE_OFF, note="removed from Exact Online"
    ).count()


def test_refs_without_guid_get_it_on_the_next_sync_and_a_later_deletion_finds_them(
    owner_client, org, small_exact
):
    small_exact.page_size = 7  # the look-up pages too
    connection = connect_on_the_settings_page(owner_client)
    sync(connection)
    assert _taken_over_before_guids(connection) > 0
    sync(connection)
    assert lacking(connection) == []
    admin = small_exact.admin
    for ref in ExternalRef.objects.filter(connection=connection, kind="invoice"):
        assert ref.internal_id == admin.invoices[ref.internal_id].id
        assert str(admin.invoices[ref.internal_id].number) == ref.external_id
    number = _unpaid(small_exact)[0]
    admin.delete_invoice(number)
    sync(connection)
    invoice = Invoice.objects.get(organisation=org, number=str(number))
    assert invoice.outstanding == 0 and _removed_write_offs(org) == 1
    assert innen_open_items(org) == exact_open_items(small_exact)


def test_an_invoice_deleted_in_exact_before_its_guid_was_read_is_written_off_once(
    owner_client, org, small_exact
):
    admin = small_exact.admin
    connection = connect_on_the_settings_page(owner_client)
    sync(connection)
    partly, whole = _unpaid(small_exact)[:2]
    admin.pay(partly, Decimal("10.00"), date(2026, 11, 5))
    sync(connection)
    _taken_over_before_guids(connection)
    admin.delete_invoice(partly)
    admin.delete_invoice(whole)
    sync(connection)  # sync/Deleted names GUIDs no ref knows; the look-up misses the numbers
    for number, paid in ((partly, Decimal("10.00")), (whole, Decimal("0.00"))):
        invoice = Invoice.objects.get(organisation=org, number=str(number))  # kept
        written_off = Allocation.objects.get(invoice=invoice, kind=AllocationKind.WRITE_OFF)
        assert written_off.amount == invoice.total - paid and invoice.outstanding == 0
    assert innen_open_items(org) == exact_open_items(small_exact)
    state = Cursor.decode(Connection.objects.get(pk=connection.pk).cursor)
    state.deleted = 1  # the deletions read again
    Connection.objects.filter(pk=connection.pk).update(cursor=state.encode())
    sync(Connection.objects.get(pk=connection.pk))
    assert _removed_write_offs(org) == 2


def test_a_look_up_stopped_halfway_resumes_with_what_still_lacks(owner_client, org, small_exact):
    small_exact.page_size = 10
    connection = connect_on_the_settings_page(owner_client)
    sync(connection)
    lacking_before = _taken_over_before_guids(connection)
    small_exact.fault("500", after=3)  # the look-up's third page fails
    assert sync(connection).error
    left = len(lacking(Connection.objects.get(pk=connection.pk)))
    assert 0 < left < lacking_before
    assert sync(Connection.objects.get(pk=connection.pk)).error == ""
    assert lacking(connection) == []


def test_a_sync_with_no_guid_lacking_asks_exact_nothing_more(owner_client, small_exact):
    connection = connect_on_the_settings_page(owner_client)
    sync(connection)
    before = small_exact.api_requests
    sync(connection)
    assert small_exact.api_requests - before == 4  # accounts, invoices, receivables, deleted


def test_numbers_are_read_in_runs_split_where_a_gap_is_longer_than_a_page():
    assert list(number_runs([1, 2, 3, 50, 200, 201], 60)) == [(1, 50), (200, 201)]
    assert list(number_runs([], 60)) == []
