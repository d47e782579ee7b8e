"""A bank account's IBAN is unique within an organisation, never across them (issue 20, item 10).

Unique across all organisations, one tenant could register another's IBAN first (squatting:
the owner can then never add it) or learn from the refusal that innen holds it (probing).
"""

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from innen.banking.models import BankAccount, BankEntry, StatementImport
from innen.banking.services import bank_account_add, statement_import
from tests import factories
from tests.banking.conftest import IBAN, entry, statement

pytestmark = pytest.mark.django_db

TWO = [entry(1, "121.00"), entry(2, "60.50", day=3)]


@pytest.fixture
def squatter():
    return factories.organisation("Mallory B.V.")


def run(data, org):
    return statement_import(data=data, name="nov.xml", organisation=org, dry_run=False)


def test_an_iban_another_organisation_registered_can_still_be_added(org, squatter):
    bank_account_add(organisation=squatter, iban=IBAN)
    mine = bank_account_add(organisation=org, iban=IBAN, name="ABN zakelijk")
    assert (mine.organisation, mine.iban) == (org, IBAN)
    assert BankAccount.objects.filter(iban=IBAN).count() == 2


def test_adding_an_iban_says_nothing_about_other_organisations(org, squatter):
    # The only refusal an organisation can get for a valid IBAN is about its own accounts.
    bank_account_add(organisation=org, iban=IBAN)
    with translation.override("en"), pytest.raises(Exception, match="already one of your"):
        bank_account_add(organisation=org, iban=IBAN)
    bank_account_add(organisation=squatter, iban=IBAN)  # no refusal, so nothing learnt


def test_the_database_refuses_one_iban_twice_in_one_organisation(org):
    BankAccount.objects.create(organisation=org, iban=IBAN)
    with pytest.raises(IntegrityError), transaction.atomic():
        BankAccount.objects.create(organisation=org, iban=IBAN)


def test_an_import_takes_the_importing_organisations_account(reader, org, squatter):
    bank_account_add(organisation=squatter, iban=IBAN)
    mine = bank_account_add(organisation=org, iban=IBAN)
    summary = run(reader.add(b"nov", statement(TWO)), org)
    assert summary.ok and summary.imported == 2
    assert set(BankEntry.objects.values_list("organisation", "account")) == {(org.pk, mine.pk)}
    assert StatementImport.objects.get().account == mine


def test_without_an_organisation_a_shared_iban_is_imported_nowhere(reader, org, squatter):
    bank_account_add(organisation=squatter, iban=IBAN)
    bank_account_add(organisation=org, iban=IBAN)
    with translation.override("en"):
        summary = run(reader.add(b"nov", statement(TWO)), None)
    assert not summary.ok
    (error,) = summary.errors
    assert "several organisations" in error.message and "--organisation" in error.message
    assert f"Alice B.V. ({org.pk})" in error.message
    assert BankEntry.objects.count() == StatementImport.objects.count() == 0
