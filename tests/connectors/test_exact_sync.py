"""Exact Online against the fake: a full sync, a sync killed and resumed, an incremental sync."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import pytest

from innen.connectors.fakes.exact_data import Administration, generate
from innen.connectors.fakes.exact_fake import ExactFake
from innen.connectors.records import Batch, InvoiceState
from tests.connectors.exact_support import Applied, package_open_items, served, signed_in

INVOICES = 10_000


@pytest.fixture(scope="module")
def administration() -> Administration:
    return generate(INVOICES, seed=26)


@pytest.fixture(scope="module")
def full_sync(
    administration: Administration,
) -> Iterator[tuple[ExactFake, str, Applied, list[Batch]]]:
    fake = ExactFake(administration)
    with served(fake) as url:
        package, _ = signed_in(fake, url)
        batches = list(package.changes(""))
        applied = Applied()
        for batch in batches:
            applied.apply(batch)
        yield fake, url, applied, batches


def test_a_full_sync_yields_every_document_once_with_its_amount(full_sync, administration):
    _, _, applied, _ = full_sync
    numbered = [i for i in administration.invoices.values() if i.number is not None]
    credit_notes = [i for i in numbered if i.amount < 0]
    assert len(administration.invoices) == INVOICES and credit_notes
    assert applied.delivered == applied.distinct
    assert len(applied.invoices) == INVOICES
    for invoice in numbered:
        record = applied.invoices[str(invoice.number)]
        assert record.total == abs(invoice.amount)
        assert record.is_credit_note == (invoice.amount < 0)
        assert record.state is InvoiceState.OPEN
    drafts = [r for r in applied.invoices.values() if r.state is InvoiceState.DRAFT]
    assert len(drafts) == INVOICES - len(numbered)
    assert applied.contacts == set(administration.accounts)


def test_a_full_sync_ends_with_exactly_the_packages_open_items(full_sync, administration):
    _, _, applied, _ = full_sync
    paid_pieces = [r for r in administration.receivables.values() if r.fully_paid and r.amount > 0]
    assert len(applied.payments) == len(paid_pieces)
    assert applied.open_items() == package_open_items(administration)
    assert sum(applied.open_items().values()) == sum(
        (r.amount for r in administration.receivables.values() if not r.fully_paid), Decimal(0)
    )  # every credit note is matched in full, so what is open is on invoices only


def test_the_first_full_sync_reports_its_progress_to_the_end(full_sync):
    _, _, _, batches = full_sync
    progress = [b.progress for b in batches]
    assert all(p is not None for p in progress)
    assert progress[-1][0] == progress[-1][1] > INVOICES
    assert [p[0] for p in progress] == sorted(p[0] for p in progress)


@pytest.mark.parametrize("killed_after", [1, 9, 170, 300])
def test_a_sync_killed_after_some_batches_and_resumed_reads_each_record_once(
    full_sync, administration, killed_after
):
    fake, url, complete, _ = full_sync
    package, _ = signed_in(fake, url)
    applied = Applied()
    for n, batch in enumerate(package.changes("")):
        applied.apply(batch)
        if n + 1 == killed_after:
            break
    resumed, _ = signed_in(fake, url)
    for batch in resumed.changes(applied.cursor):
        applied.apply(batch)
    assert applied.delivered == complete.delivered
    assert applied.invoices == complete.invoices
    assert applied.payments == complete.payments
    assert applied.open_items() == package_open_items(administration)


def test_an_incremental_sync_after_a_change_yields_the_change_only():
    admin = generate(600, seed=7)
    fake = ExactFake(admin)
    with served(fake) as url:
        package, _ = signed_in(fake, url)
        applied = Applied()
        for batch in package.changes(""):
            applied.apply(batch)
        assert list(package.changes(applied.cursor)) == []
        number = next(n for n, v in package_open_items(admin).items() if v > 10)
        admin.pay(int(number), Decimal("10.00"), date(2026, 6, 1))
        admin.change_due_date(int(number), date(2026, 7, 1) + timedelta(days=1))
        new = admin.add_invoice(next(iter(admin.accounts)), Decimal("99.95"), date(2026, 6, 2))
        changes = Applied()
        for batch in package.changes(applied.cursor):
            changes.apply(batch)
            applied.apply(batch)
    assert set(changes.invoices) == {number, str(new.number)}
    assert changes.invoices[number].due_date == date(2026, 7, 2)
    assert [(p.invoice_external_id, p.amount) for p in changes.payments.values()] == [
        (number, Decimal("10.00"))
    ]
    assert changes.delivered == 3
    assert applied.open_items() == package_open_items(admin)


def test_records_sharing_one_modified_moment_across_a_page_boundary_are_all_read():
    admin = generate(300, seed=3, records_per_tick=50)  # 50 records a millisecond, 7 a page
    fake = ExactFake(admin, page_size=7)
    with served(fake) as url:
        package, _ = signed_in(fake, url)
        applied = Applied()
        cursors = []
        for batch in package.changes(""):
            applied.apply(batch)
            cursors.append(batch.cursor)
        again = Applied()
        for batch in signed_in(fake, url)[0].changes(cursors[len(cursors) // 2]):
            again.apply(batch)
    assert len(applied.invoices) == 300
    assert applied.open_items() == package_open_items(admin)
    assert again.delivered < applied.delivered
