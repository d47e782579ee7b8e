"""Importing real CAMT bytes: entries of a batch that share a reference import and are found
again; identities stored before keep matching; the report says what was not checked."""

import pytest

from innen.banking.models import BankEntry
from innen.banking.services import statement_import
from innen.cli.main import main
from tests.banking.conftest import IBAN
from tests.formats.test_camt053 import document, statement
from tests.formats.test_camt_as_banks_write import batch

pytestmark = pytest.mark.django_db


def run(data, org, dry_run=False):
    return statement_import(data=data, name="day.xml", organisation=org, dry_run=dry_run)


def test_a_batch_sharing_one_reference_imports_and_a_reimport_finds_every_entry(org, account):
    data = document(statement(batch("TX", "TX", "TX"), "0.00", "35.50"))
    first = run(data, org)
    assert first.ok, first.errors
    assert first.imported == 3
    again = run(data, org)
    assert (again.imported, again.duplicates) == (0, 3)
    assert BankEntry.objects.count() == 3


def test_a_batch_with_its_own_references_keeps_the_identities_stored_before(org, account):
    run(document(statement(batch("TA", "TB", "TC"), "0.00", "35.50")), org)
    stored = set(BankEntry.objects.values_list("identity", flat=True))
    # What innen stored for these entries before batches could share a reference.
    assert stored == {f"ref:{IBAN}:TA", f"ref:{IBAN}:TB", f"ref:{IBAN}:TC"}


def test_a_statement_with_available_balances_only_says_it_was_not_checked(org, account, capsys):
    body = statement(batch("TA", "TB", "TC"), "0.00", "1.00")
    data = document(body.replace("OPBD", "OPAV").replace("CLBD", "CLAV"))
    summary = run(data, org, dry_run=True)
    assert summary.ok
    (notice,) = summary.notices
    # In the reader's language, as every message of the import.
    assert notice.where == f"afschrift 1 (S1), rekening {IBAN}"
    assert "alleen beschikbare saldi (OPAV, CLAV)" in notice.message
    assert summary.as_json()["notices"] == [{"where": notice.where, "message": notice.message}]


def test_the_command_line_prints_the_notices(org, account, capsys, tmp_path):
    body = statement(batch("TA", "TB", "TC"), "0.00", "1.00")
    path = tmp_path / "day.xml"
    path.write_bytes(document(body.replace("OPBD", "OPAV").replace("CLBD", "CLAV")))
    assert main(["import-statement", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert f"  Note: statement 1 (S1), account {IBAN}: the statement gives only available" in out
