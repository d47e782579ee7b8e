"""Rows written back by the thousand: the fields named, of the rows given, and no others."""

from decimal import Decimal

import pytest

from innen.banking.models import BankEntry, MatchStatus
from innen.dbcopy import update_rows
from tests import factories

pytestmark = pytest.mark.django_db


def test_update_rows_writes_the_named_fields_of_each_row_and_leaves_the_rest():
    from innen.banking.models import BankAccount, StatementImport

    org = factories.organisation()
    account = BankAccount.objects.create(organisation=org, iban="NL91ABNA0417164300")
    statement = StatementImport.objects.create(
        organisation=org,
        account=account,
        file_name="x",
        file_sha256="0" * 64,
        format="x",
        entries=3,
        imported=3,
        duplicates=0,
    )
    rows = [
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
        for n in range(3)
    ]
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
