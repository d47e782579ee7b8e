from datetime import date

import pytest
from django.utils import translation

from innen.banking.models import BankAccount, BankEntry, MatchStatus, StatementImport
from innen.banking.services import bank_account_add, statement_import
from tests import factories
from tests.banking.conftest import IBAN, OTHER_IBAN, entry, statement

pytestmark = pytest.mark.django_db

THREE = [entry(1, "121.00"), entry(2, "-50.00"), entry(3, "60.50", day=3)]


def run(data, org, dry_run=False, user=None):
    return statement_import(data=data, name="nov.xml", organisation=org, dry_run=dry_run, user=user)


def test_it_imports_every_entry_with_what_matching_needs(reader, org, account):
    returned = entry(
        4,
        "-121.00",
        is_return=True,
        return_reason="MD06",
        transaction_code="PMNT/RDDT/UPDD",
        structured_reference="1234567890123456",
        end_to_end_id="E2E-4",
        counterparty_bic="RABONL2U",
    )
    data = reader.add(b"nov", statement([*THREE, returned], statement_id="STMT-11"))
    summary = run(data, org)
    assert summary.ok and (summary.imported, summary.duplicates) == (4, 0)
    record = StatementImport.objects.get()
    assert (record.organisation, record.account, record.statement_id) == (org, account, "STMT-11")
    assert (record.entries, record.imported, record.duplicates) == (4, 4, 0)
    assert len(record.file_sha256) == 64 and record.format == "camt.053.001.02"
    storno = BankEntry.objects.get(number=4)
    assert storno.is_return and storno.return_reason == "MD06"
    assert storno.transaction_code == "PMNT/RDDT/UPDD" and storno.counterparty_bic == "RABONL2U"
    assert storno.structured_reference == "1234567890123456" and storno.end_to_end_id == "E2E-4"
    assert storno.identity == f"ref:{IBAN}:REF0004"
    # Nothing of this organisation's is named: matching leaves it for a person to look at.
    assert storno.match_status == MatchStatus.REVIEW
    first = BankEntry.objects.get(number=1)
    assert (first.booking_date, str(first.amount)) == (date(2026, 11, 2), "121.00")
    assert first.counterparty_name == "Klant 1 B.V." and first.remittance == "Factuur F00001"


def test_importing_the_same_statement_again_adds_nothing(reader, org, account):
    data = reader.add(b"nov", statement(THREE))
    run(data, org)
    again = run(data, org)
    assert again.ok and (again.imported, again.duplicates) == (0, 3)
    assert BankEntry.objects.count() == 3
    assert list(StatementImport.objects.values_list("imported", "duplicates")) == [(0, 3), (3, 0)]


def test_an_overlapping_statement_adds_only_the_new_entries(reader, org, account):
    run(reader.add(b"first", statement(THREE[:2])), org)
    later = statement([*THREE[1:], entry(5, "10.00", day=4)], opening="1071.00")
    summary = run(reader.add(b"later", later), org)
    assert (summary.imported, summary.duplicates) == (2, 1)
    assert sorted(BankEntry.objects.values_list("number", flat=True)) == [1, 2, 3, 5]


def test_entries_without_a_bank_reference_are_known_by_their_fingerprint(reader, org, account):
    # Two equal payments on one day are two entries, and stay two when imported again.
    same = [entry(n, "25.00", bank_reference="", remittance="contant") for n in (1, 2)]
    data = reader.add(b"fp", statement(same, opening=None))
    assert run(data, org).imported == 2
    assert (run(data, org).imported, run(data, org).duplicates) == (0, 2)
    assert BankEntry.objects.count() == 2


def test_a_dry_run_for_an_unknown_account_shows_the_summary_and_writes_nothing(reader, org):
    summary = run(reader.add(b"nov", statement(THREE)), org, dry_run=True)
    assert summary.ok and summary.imported == 3
    assert summary.as_json()["statements"][0]["known_account"] is False
    assert BankAccount.objects.count() == StatementImport.objects.count() == 0
    assert BankEntry.objects.count() == 0


def test_a_dry_run_counts_what_is_already_there(reader, org, account):
    run(reader.add(b"first", statement(THREE[:2])), org)
    summary = run(reader.add(b"all", statement(THREE)), org, dry_run=True)
    assert (summary.imported, summary.duplicates) == (1, 2)
    assert BankEntry.objects.count() == 2 and StatementImport.objects.count() == 1


def test_a_real_import_for_an_unknown_account_is_refused_and_says_how_to_add_it(reader, org):
    summary = run(reader.add(b"nov", statement(THREE)), org)
    assert not summary.ok
    (error,) = summary.errors
    assert IBAN in error.where and IBAN in error.message
    assert f"innen bank-account add {IBAN} --organisation {org.pk}" in error.message
    assert StatementImport.objects.count() == BankEntry.objects.count() == 0


def test_another_organisations_account_is_not_this_ones(reader, org):
    other = factories.organisation("Bob B.V.")
    bank_account_add(organisation=other, iban=IBAN)
    summary = run(reader.add(b"nov", statement(THREE)), org)
    assert not summary.ok and BankEntry.objects.count() == 0
    assert run(b"nov", None).ok  # without an organisation, the account's owner takes it
    assert set(BankEntry.objects.values_list("organisation", flat=True)) == {other.pk}


def test_a_file_with_one_bad_statement_imports_nothing_and_names_statement_and_entry(
    reader, org, account
):
    bank_account_add(organisation=org, iban=OTHER_IBAN)
    good = statement(THREE, statement_id="S1")
    flipped = [entry(11, "10.00"), entry(12, "-20.00"), entry(13, "5.00")]
    # The bank booked entry 12 as money in; the file says out.
    bad = statement(flipped, opening="0.00", closing="35.00", iban=OTHER_IBAN, number=2)
    with translation.override("en"):
        summary = run(reader.add(b"two", good, bad), org)
    assert not summary.ok
    (error,) = summary.errors
    assert error.where == f"statement 2, account {OTHER_IBAN}, entry 12 (its sign looks wrong)"
    assert "closing balance is 35.00" in error.message
    assert StatementImport.objects.count() == BankEntry.objects.count() == 0


def test_every_problem_names_its_entry(reader, org, account):
    bad = [
        entry(1, "10.00", currency="USD"),
        entry(2, "1.005"),
        entry(3, "4.00", bank_reference="REF0001"),
    ]
    with translation.override("en"):
        summary = run(reader.add(b"bad", statement(bad, opening=None, statement_id="S9")), org)
    where = [error.where for error in summary.errors]
    assert where == [f"statement 1 (S9), account {IBAN}, entry {n}" for n in (1, 2, 3)]
    assert BankEntry.objects.count() == 0


def test_a_file_the_reader_cannot_read_imports_nothing(reader, org, account):
    summary = run(b"garbage", org)
    assert not summary.ok and summary.as_json()["errors"][0]["message"]
    assert summary.statements == () and BankEntry.objects.count() == 0


def test_the_json_has_exactly_the_keys_of_the_issue_and_the_notices(reader, org, account):
    summary = run(reader.add(b"nov", statement(THREE)), org)
    report = summary.as_json()
    keys = {"format", "statements", "imported", "duplicates", "errors", "notices", "matching"}
    assert set(report) == keys
    assert set(report["matching"]) == {"applied", "review", "ignored", "returned", "refunded"}
    (one,) = report["statements"]
    issue_keys = {
        "account",
        "opening_balance",
        "closing_balance",
        "entries",
        "credit_total",
        "debit_total",
    }
    assert issue_keys <= set(one)
    assert (one["account"], one["opening_balance"], one["closing_balance"]) == (
        IBAN,
        "1000.00",
        "1131.50",
    )
    assert (one["entries"], one["credit_total"], one["debit_total"]) == (3, "181.50", "50.00")
    assert (report["imported"], report["duplicates"], report["errors"]) == (3, 0, [])


def test_the_user_who_imported_is_kept(reader, org, account, django_user_model):
    user = django_user_model.objects.create_user("alice", password="x-long-password")
    run(reader.add(b"nov", statement(THREE)), org, user=user)
    assert StatementImport.objects.get().created_by == user


def test_a_large_statement_imports_in_seconds(reader, org, account):
    many = [entry(n, "1.00", bank_reference=f"R{n}") for n in range(1, 20001)]
    data = reader.add(b"big", statement(many))
    assert run(data, org).imported == 20000
    assert run(data, org).duplicates == 20000


def test_an_account_is_added_once_in_its_normal_form(org):
    account = bank_account_add(organisation=org, iban="nl91 abna 0417 1643 00", name=" ABN ")
    assert (account.iban, account.name) == (IBAN, "ABN")
    with translation.override("en"), pytest.raises(Exception, match="already"):
        bank_account_add(organisation=org, iban=IBAN)
    with pytest.raises(Exception, match="IBAN"):
        bank_account_add(organisation=org, iban="NL00XXXX0000000000")
