"""Through the real readers: an MT940 file as a bank gives it, imported twice."""

import pytest
from django.utils import translation

from innen.banking.models import BankEntry
from innen.banking.services import statement_import

pytest.importorskip("innen.formats.bank_files")

pytestmark = pytest.mark.django_db

MT940 = b"""\
:20:STMT0001
:25:NL91ABNA0417164300
:28C:00001/1
:60F:C261101EUR1000,00
:61:2611021102C121,00NTRFREF0001//BANK0001
:86:/EREF/E2E-1//CNTP/NL44RABO0123456789/RABONL2U/Klant 1 BV///REMI/USTD//Factuur F00001/
:61:2611031103D50,00NTRFREF0002//BANK0002
:86:/CNTP/NL44RABO0123456789/RABONL2U/Leverancier BV///REMI/USTD//Inkoop 7/
:62F:C261103EUR1071,00
"""


def test_an_mt940_file_is_read_checked_and_imported_once(org, account):
    summary = statement_import(data=MT940, name="nov.940", organisation=org, dry_run=False)
    assert summary.ok, summary.errors
    assert summary.as_json()["format"] == "mt940"
    assert (summary.imported, summary.duplicates) == (2, 0)
    paid = BankEntry.objects.get(amount=121)
    assert (paid.counterparty_iban, paid.end_to_end_id) == ("NL44RABO0123456789", "E2E-1")
    again = statement_import(data=MT940, name="nov.940", organisation=org, dry_run=False)
    assert (again.imported, again.duplicates) == (0, 2)


def test_an_mt940_file_that_does_not_add_up_imports_nothing(org, account):
    broken = MT940.replace(b":62F:C261103EUR1071,00", b":62F:C261103EUR1171,00")
    with translation.override("en"):
        summary = statement_import(data=broken, name="nov.940", organisation=org, dry_run=False)
    assert not summary.ok and "statement 1" in str(summary.errors[0])
    assert BankEntry.objects.count() == 0
