"""Exact Online through its fake: a payment read before its invoice is taken over when the
invoice arrives; a payment reversed in Exact is returned in innen; a changed account changes
the customer on the next incremental sync; an invoice deleted in Exact is written off once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest

from innen.connections.models import Connection, ExternalRef, Unmapped
from innen.connections.packages import package_for
from innen.connections.sync import sync
from innen.connectors.exact import Cursor
from innen.connectors.fakes.exact_fake import ExactFake
from innen.connectors.package import Package
from innen.connectors.records import Batch
from innen.dossier.models import Event
from innen.ledger.models import (
    Allocation,
    AllocationKind,
    Customer,
    Invoice,
    Repayment,
    RepaymentKind,
)
from tests.connections.test_exact_connection import (
    connect_on_the_settings_page,
    exact_open_items,
    innen_open_items,
    small_exact,
)

pytestmark = pytest.mark.django_db
__all__ = ["small_exact"]  # the fixture, served to these tests


@dataclass
class BookedMeanwhile:
    """Exact, where an invoice is booked and paid while innen reads the receivables: its
    invoice was read already this sync (without it), its payment is read now."""

    package: Package
    fake: ExactFake
    name: str = "exact"
    booked: list[int] = field(default_factory=list)

    def changes(self, cursor: str) -> Iterator[Batch]:
        for batch in self.package.changes(cursor):
            reading_receivables = batch.payments or batch.removed_payment_ids
            if reading_receivables and not self.booked:
                admin = self.fake.admin
                invoice = admin.add_invoice(next(iter(admin.accounts)), Decimal("250.00"),
                                            date(2026, 11, 3))  # fmt: skip
                assert invoice.number is not None
                admin.pay(invoice.number, Decimal("250.00"), date(2026, 11, 4))
                self.booked.append(invoice.number)
            yield batch


def test_a_payment_read_before_its_invoice_is_taken_over_when_the_invoice_arrives(
    owner_client, org, small_exact
):
    connection = connect_on_the_settings_page(owner_client)
    meanwhile = BookedMeanwhile(package_for(connection), small_exact)
    sync(connection, package=meanwhile)
    [number] = meanwhile.booked
    waiting = Unmapped.objects.get(connection=connection)
    assert (waiting.kind, waiting.waiting_for) == ("payment", f"invoice:{number}")
    sync(connection)  # the invoice arrives: its payment with it
    assert Invoice.objects.get(organisation=org, number=str(number)).outstanding == 0
    assert not Unmapped.objects.filter(connection=connection).exists()
    assert innen_open_items(org) == exact_open_items(small_exact)


def test_a_payment_reversed_in_exact_is_returned_in_innen(owner_client, org, small_exact):
    admin = small_exact.admin
    connection = connect_on_the_settings_page(owner_client)
    sync(connection)
    paid = next(
        i.number for i in admin.invoices.values()
        if i.number is not None and i.amount > 0 and admin.open_amount(i.number) == 0
        and len(admin.pieces(i.number)) == 1
    )  # fmt: skip
    assert str(paid) not in innen_open_items(org)
    admin.unpay(paid)
    sync(connection)
    assert innen_open_items(org)[str(paid)] == admin.open_amount(paid)
    assert innen_open_items(org) == exact_open_items(small_exact)
    storno = Repayment.objects.get(organisation=org)
    assert storno.kind == RepaymentKind.STORNO and storno.reason == "removed in Exact Online"
    sync(connection)
    assert Repayment.objects.filter(organisation=org).count() == 1
    admin.pay(paid, admin.open_amount(paid), date(2026, 11, 20))  # matched again, same piece
    sync(connection)
    assert str(paid) not in innen_open_items(org)
    assert innen_open_items(org) == exact_open_items(small_exact)
    admin.unpay(paid)  # and undone again: a second storno, of the second payment
    sync(connection)
    assert Repayment.objects.filter(organisation=org).count() == 2
    assert innen_open_items(org) == exact_open_items(small_exact)


def test_a_changed_account_changes_the_customer_on_the_next_sync(owner_client, org, small_exact):
    admin = small_exact.admin
    connection = connect_on_the_settings_page(owner_client)
    sync(connection)
    account_id = next(iter(admin.accounts))
    code = admin.accounts[account_id].code
    admin.change_account(
        account_id, name="Debiteur Nieuw B.V.", email="nieuw@example.nl", city="Zwolle"
    )
    assert sync(connection).batches == 1  # the account alone: no invoice of theirs changed
    customer = Customer.objects.get(organisation=org, number=code)
    assert (customer.name, customer.emails, customer.city) == (
        "Debiteur Nieuw B.V.",
        "nieuw@example.nl",
        "Zwolle",
    )
    noted = Event.objects.filter(customer=customer.pk).values_list("payload", flat=True)
    assert any("name" in payload.get("changed", {}) for payload in noted)


def test_an_invoice_deleted_in_exact_is_written_off_once_on_the_next_sync(
    owner_client, org, small_exact
):
    admin = small_exact.admin
    small_exact.sync_page_size = 1  # each deletion on its own page of sync/Deleted
    connection = connect_on_the_settings_page(owner_client)
    sync(connection)
    unpaid = [
        i for i in admin.invoices.values()
        if i.number is not None and i.amount > 0 and admin.paid_amount(i.number) == 0
    ]  # fmt: skip
    partly, whole = unpaid[0], unpaid[1]
    assert partly.number is not None and whole.number is not None
    admin.pay(partly.number, Decimal("10.00"), date(2026, 11, 5))
    sync(connection)
    ref = ExternalRef.objects.get(connection=connection, external_id=str(partly.number))
    assert ref.internal_id == partly.id  # the GUID sync/Deleted names it by
    admin.delete_invoice(partly.number)
    admin.delete_invoice(whole.number)
    assert sync(connection).batches == 2  # the two pages of sync/Deleted: nothing else changed
    for deleted, paid in ((partly, Decimal("10.00")), (whole, Decimal("0.00"))):
        invoice = Invoice.objects.get(organisation=org, number=str(deleted.number))  # kept
        assert invoice.outstanding == 0
        written_off = Allocation.objects.get(invoice=invoice, kind=AllocationKind.WRITE_OFF)
        assert written_off.note == "removed from Exact Online"
        assert written_off.amount == invoice.total - paid  # what was paid stays paid
    assert innen_open_items(org) == exact_open_items(small_exact)
    state = Cursor.decode(Connection.objects.get(pk=connection.pk).cursor)
    state.deleted = 1  # the deletions read again, as after a sync killed before its cursor
    Connection.objects.filter(pk=connection.pk).update(cursor=state.encode())
    sync(Connection.objects.get(pk=connection.pk))
    assert (
        Allocation.objects.filter(kind=AllocationKind.WRITE_OFF, note__startswith="removed").count()
        == 2
    )
