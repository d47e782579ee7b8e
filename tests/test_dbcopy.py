"""Rows written back by the thousand: the fields named, of the rows given, and no others."""

from decimal import Decimal

import pytest
from django.db import connection

from innen.banking.models import BankEntry, MatchStatus
from innen.dbcopy import update_rows
from tests import factories


def _bank_entries(count):
    from innen.banking.models import BankAccount, StatementImport

    org = factories.organisation()
    account = BankAccount.objects.create(organisation=org, iban="NL91ABNA0417164300")
    statement = StatementImport.objects.create(
        organisation=org,
        account=account,
        file_name="x",
        file_sha256="0" * 64,
        format="x",
        entries=count,
        imported=count,
        duplicates=0,
    )
    return [
        BankEntry.objects.create(
            organisation=org,
            account=account,
            statement_import=statement,
            identity=f"L{n}",
            number=n,
            booking_date="2026-11-02",
            amount=Decimal("10.00"),
            remittance=f"line {n}",
        )
        for n in range(count)
    ]


@pytest.mark.django_db
def test_update_rows_writes_the_named_fields_of_each_row_and_leaves_the_rest():
    rows = _bank_entries(3)
    for n, row in enumerate(rows[:2]):
        row.match_status = MatchStatus.REVIEW
        row.candidates = [{"invoices": [f"F{n}"], "score": 80}]
        row.match_note = f"note {n}"
        row.remittance = "not written"

    update_rows(BankEntry, ["match_status", "candidates", "match_note"], rows[:2])

    stored = {row.number: row for row in BankEntry.objects.all()}
    assert [stored[n].match_note for n in range(3)] == ["note 0", "note 1", ""]
    assert stored[1].candidates == [{"invoices": ["F1"], "score": 80}]
    assert stored[0].match_status == MatchStatus.REVIEW
    assert stored[2].match_status == MatchStatus.UNMATCHED
    assert {row.remittance for row in stored.values()} == {"line 0", "line 1", "line 2"}


@pytest.mark.django_db(transaction=True)
def test_update_rows_outside_a_transaction_keeps_its_scratch_table_within_one():
    """Behind a pooler in transaction mode each transaction may get another server connection:
    the scratch table is made, filled, read and gone within one, call after call."""
    rows = _bank_entries(2)
    for note in ("first", "second"):
        for row in rows:
            row.match_note = note
        update_rows(BankEntry, ["match_note"], rows)
        assert set(BankEntry.objects.values_list("match_note", flat=True)) == {note}
    assert not connection.in_atomic_block
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('pg_temp.innen_update_rows')")
            assert cursor.fetchone() == (None,)
