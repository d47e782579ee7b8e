"""Banking's refusals reach a person in the app's language: Dutch, and English when asked."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.functional import Promise

from innen.banking import refusals
from innen.banking.applying import entry_refund
from innen.banking.models import BankEntry
from innen.banking.services import statement_import
from tests.banking.conftest import IBAN, entry, statement

CONSTANTS = {name: value for name, value in vars(refusals).items() if isinstance(value, Promise)}


@pytest.mark.parametrize("name", sorted(CONSTANTS))
def test_every_banking_message_has_its_dutch(name):
    with translation.override("en"):
        english = str(CONSTANTS[name])
    with translation.override("nl"):
        dutch = str(CONSTANTS[name])
    assert dutch != english


@pytest.mark.django_db
def test_a_statement_of_an_account_the_organisation_lacks_is_refused_in_dutch(reader, org):
    data = reader.add(b"nov", statement([entry(1, "121.00")]))
    with translation.override("nl"):
        summary = statement_import(data=data, name="nov.xml", organisation=org, dry_run=False)
    (error,) = summary.errors
    assert error.where == f"afschrift 1, rekening {IBAN}"
    assert error.message.startswith(f"Alice B.V. heeft geen bankrekening {IBAN}")


@pytest.mark.django_db
def test_a_refund_to_a_customer_nobody_has_is_refused_in_dutch_and_english(org):
    for language, said in [
        ("nl", "geen klant met nummer K-404"),
        ("en", "no customer numbered K-404"),
    ]:
        with translation.override(language), pytest.raises(ValidationError) as refused:
            entry_refund(BankEntry(organisation=org), " K-404 ", today=date(2026, 12, 1), user=None)
        assert refused.value.message_dict == {"customer": [said]}
