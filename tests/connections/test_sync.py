"""The sync writes a package's records to the ledger once, however often it is stopped."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from innen.connections import sealing, services
from innen.connections.models import Connection, ExternalRef, State, Unmapped
from innen.connections.sync import backoff, sync
from innen.connectors.errors import RateLimited, SignInNeeded, Unavailable
from innen.connectors.package import Tokens
from innen.connectors.records import (
    Batch,
    ExternalContact,
    ExternalInvoice,
    ExternalPayment,
    InvoiceState,
    PaymentKind,
)
from innen.ledger.models import Customer, Invoice, Payment
from tests.connections.memory_package import MemoryPackage

pytestmark = pytest.mark.django_db

DAY = date(2026, 10, 1)


def _package(invoices: int = 30) -> MemoryPackage:
    package = MemoryPackage()
    for n in range(5):
        package.contacts[f"c{n}"] = ExternalContact(
            f"c{n}", "1", f"Klant {n}", customer_number=f"K{n}"
        )
    for n in range(invoices):
        package.invoices.append(
            ExternalInvoice(
                external_id=f"i{n}",
                version="1",
                contact_external_id=f"c{n % 5}",
                number=f"2026-{n:04d}",
                issue_date=DAY,
                due_date=DAY + timedelta(days=14),
                total=Decimal("121.00"),
                vat=Decimal("21.00"),
                state=InvoiceState.PAID if n % 3 == 0 else InvoiceState.OPEN,
            )
        )
        if n % 3 == 0:
            package.payments.append(
                ExternalPayment(f"p{n}", "1", f"i{n}", Decimal("121.00"), DAY + timedelta(days=3))
            )
    return package


def _connection(org) -> Connection:
    connection = services.connect(organisation=org, kind="moneybird", tokens=Tokens("secret"))
    return services.choose_account(connection=connection, account_id="1", name="Bakkerij")


def _open_items(org) -> dict[str, Decimal]:
    rows = Invoice.objects.filter(organisation=org, outstanding__gt=0)
    return dict(rows.values_list("number", "outstanding"))


def test_a_first_sync_brings_every_sent_invoice_and_its_payments(org):
    connection = _connection(org)
    outcome = sync(connection, package=_package())
    assert outcome.batches == 3 and connection.state == State.ACTIVE
    assert Invoice.objects.filter(organisation=org).count() == 30
    assert len(_open_items(org)) == 20
    assert Payment.objects.filter(organisation=org).count() == 10
    assert (connection.progress_done, connection.progress_total) == (30, 30)


def test_a_sync_killed_halfway_resumes_without_duplicates(org):
    connection = _connection(org)
    package = _package()
    package.fail_after = 1
    package.failure = KeyboardInterrupt()
    with pytest.raises(KeyboardInterrupt):
        sync(connection, package=package)
    connection.refresh_from_db()
    assert connection.cursor == "10"
    Connection.objects.filter(pk=connection.pk).update(cursor="")
    connection.cursor = ""  # even a batch applied twice writes nothing twice
    sync(connection, package=package)
    assert Invoice.objects.filter(organisation=org).count() == 30
    assert Customer.objects.filter(organisation=org).count() == 5
    assert Payment.objects.filter(organisation=org).count() == 10
    assert len(_open_items(org)) == 20


def test_a_changed_invoice_changes_in_innen_and_a_paid_one_settles(org):
    connection = _connection(org)
    package = _package()
    sync(connection, package=package)
    package.invoices[1] = replace(
        package.invoices[1], version="2", due_date=DAY + timedelta(days=30)
    )
    package.payments.append(ExternalPayment("p1", "1", "i1", Decimal("21.00"), DAY))
    package.invoices[2] = replace(package.invoices[2], version="2", state=InvoiceState.WRITTEN_OFF)
    Connection.objects.filter(pk=connection.pk).update(cursor="")
    connection.cursor = ""
    sync(connection, package=package)
    assert Invoice.objects.get(organisation=org, number="2026-0001").due_date == DAY + timedelta(
        days=30
    )
    assert _open_items(org)["2026-0001"] == Decimal("100.00")
    assert "2026-0002" not in _open_items(org)


def test_a_write_off_in_the_package_writes_off_in_innen(org):
    connection = _connection(org)
    package = _package(3)
    package.payments.append(
        ExternalPayment("w1", "1", "i1", Decimal("21.00"), DAY, kind=PaymentKind.WRITE_OFF)
    )
    sync(connection, package=package)
    assert _open_items(org)["2026-0001"] == Decimal("100.00")
    assert Payment.objects.filter(organisation=org).count() == 1


def test_a_credit_note_settles_the_invoice_it_credits(org):
    connection = _connection(org)
    package = _package(3)
    package.invoices.append(
        replace(
            package.invoices[1],
            external_id="cn",
            number="2026-C1",
            is_credit_note=True,
            credited_external_id="i1",
            state=InvoiceState.PAID,
        )
    )
    sync(connection, package=package)
    assert "2026-0001" not in _open_items(org)


def test_a_record_that_cannot_be_mapped_is_listed_and_the_rest_goes_on(org):
    connection = _connection(org)
    package = _package(3)
    package.invoices[1] = replace(package.invoices[1], currency="USD")
    sync(connection, package=package)
    assert list(Unmapped.objects.values_list("external_id", flat=True)) == ["i1"]
    assert "USD" in Unmapped.objects.get().reason
    assert Invoice.objects.filter(organisation=org).count() == 2


def test_a_second_sync_of_the_same_connection_stops_at_the_first_batch_written_meanwhile(org):
    connection = _connection(org)
    stale = Connection.objects.get(pk=connection.pk)
    sync(connection, package=_package())
    assert sync(stale, package=_package()).error == "superseded"
    assert Invoice.objects.filter(organisation=org).count() == 30


def test_a_429_waits_as_long_as_the_package_says(org):
    connection = _connection(org)
    package = _package()
    package.fail_after, package.failure = 1, RateLimited(120)
    before = timezone.now()
    outcome = sync(connection, package=package)
    assert outcome.batches == 1 and connection.failures == 0
    assert timedelta(seconds=119) < connection.next_try - before < timedelta(seconds=130)
    assert connection.last_error.startswith("rate limited")


def test_an_unavailable_package_is_tried_again_later_and_later():
    assert [backoff(n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]
    assert backoff(50) == timedelta(hours=6)


def test_an_unavailable_package_backs_off(org):
    connection = _connection(org)
    package = _package()
    package.fail_after, package.failure = 0, Unavailable("502")
    sync(connection, package=package)
    assert connection.failures == 1 and connection.state == State.FIRST_SYNC
    sync(connection, package=package)
    assert connection.state == State.ACTIVE and connection.failures == 0


def test_a_withdrawn_sign_in_tells_the_owners_and_stops(org, owner):
    owner.email = "alice@example.nl"
    owner.save()
    connection = _connection(org)
    package = _package()
    package.fail_after, package.failure = 0, SignInNeeded("refused")
    sync(connection, package=package)
    assert connection.state == State.SIGN_IN
    assert mail.outbox and mail.outbox[0].to == ["alice@example.nl"]
    assert sync(connection, package=_package()).batches == 0


def test_tokens_are_stored_sealed_and_opened_again(org):
    connection = _connection(org)
    stored = Connection.objects.get(pk=connection.pk).sealed_tokens
    assert "secret" not in stored
    assert sealing.unseal(stored) == Tokens("secret")


def test_disconnecting_deletes_the_tokens_and_keeps_the_ledger(org):
    connection = _connection(org)
    sync(connection, package=_package(3))
    services.disconnect(connection=connection)
    connection.refresh_from_db()
    assert connection.sealed_tokens == "" and connection.state == State.OFF
    assert Invoice.objects.filter(organisation=org).count() == 3
    assert ExternalRef.objects.filter(connection=connection).exists()


@dataclass
class _Batches:
    """A package that gives these batches in turn; the cursor counts the ones applied."""

    batches: list[Batch]
    name: str = "memory"

    def changes(self, cursor: str) -> Iterator[Batch]:
        for at in range(int(cursor or 0), len(self.batches)):
            yield replace(self.batches[at], cursor=str(at + 1))


def test_records_that_lacked_another_are_taken_over_when_it_arrives(org):
    connection = _connection(org)
    contact = ExternalContact("c9", "1", "Klant 9", customer_number="K9")
    invoice = _package(1).invoices[0]
    invoice = replace(
        invoice, external_id="i9", contact_external_id="c9", number="2026-0009",
        state=InvoiceState.OPEN,
    )  # fmt: skip
    paid = ExternalPayment("p9", "1", "i9", Decimal("21.00"), DAY)
    package = _Batches(
        [Batch(invoices=(invoice,), payments=(paid,)), Batch(), Batch(contacts=(contact,))]
    )
    sync(connection, package=package)  # first the invoice and its payment, then the contact
    assert Invoice.objects.filter(organisation=org, number="2026-0009").exists()
    assert _open_items(org) == {"2026-0009": Decimal("100.00")}
    assert not Unmapped.objects.exists()


def test_a_record_waiting_is_listed_with_what_it_waits_for(org):
    connection = _connection(org)
    paid = ExternalPayment("p9", "1", "i9", Decimal("21.00"), DAY)
    sync(connection, package=_Batches([Batch(payments=(paid,))]))
    waiting = Unmapped.objects.get()
    assert (waiting.kind, waiting.waiting_for) == ("payment", "invoice:i9")
    assert waiting.record["amount"] == "21.00"
