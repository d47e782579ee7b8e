"""Statements that name their account by a Dutch account number, through the real readers."""

import pytest
from django.utils import translation

from innen.banking.models import BankEntry
from innen.banking.services import bank_account_add, statement_import
from tests.formats.test_dutch_accounts import ABN_AMRO

pytestmark = pytest.mark.django_db


def run(data, org, name="abn.sta", dry_run=False):
    return statement_import(data=data, name=name, organisation=org, dry_run=dry_run)


def test_an_abn_amro_statement_imports_into_the_account_added_by_its_number(org):
    account = bank_account_add(organisation=org, iban="500950253", bank="ABN AMRO")
    summary = run(ABN_AMRO, org)
    assert summary.ok, summary.errors
    assert summary.statements[0].account == account.iban == "NL71ABNA0500950253"
    assert BankEntry.objects.get().counterparty_name == "JANSEN B.V."


def test_an_abn_amro_statement_of_an_unknown_account_names_its_iban_to_add(org):
    summary = run(ABN_AMRO, org, dry_run=True)
    assert summary.ok and not summary.would_import
    message = summary.would_refuse[0].message
    assert f"bank-account add NL71ABNA0500950253 --organisation {org.pk}" in message


def test_a_bare_number_in_a_file_that_names_no_bank_is_refused_saying_why(org):
    data = ABN_AMRO.replace(b"ABNANL2A\n940\nABNANL2A\n", b"")
    with translation.override("en"):
        summary = run(data, org)
    (error,) = summary.errors
    assert "500950253" in error.where
    assert "a Dutch account number, not an IBAN, and the file does not say which bank" in (
        error.message
    )
