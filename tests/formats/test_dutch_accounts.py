"""Dutch account numbers from before the IBAN: the IBAN follows when the bank is known.

The fixtures are written for these tests in each bank's published MT940 and TAB layout.
"""

import pytest

from innen.formats.bank_csv import read_bank_csv
from innen.formats.mt940 import bank_of_file, read_mt940
from innen.identifiers import (
    clean_account,
    dutch_bank_code,
    iban_from_dutch_account,
    passes_eleven_test,
)
from tests.formats.test_bank_csv import RABOBANK_HEADER, RABOBANK_ROWS

# ABN AMRO's MT940: a line with its BIC, `940`, its BIC again, then `:25:` the bare number.
ABN_AMRO = b"""ABNANL2A
940
ABNANL2A
:20:ABN AMRO BANK NV
:25:500950253
:28:10001/1
:60F:C260302EUR1000,00
:61:2603020302C121,00N541NONREF
:86:/TRTP/SEPA OVERBOEKING/IBAN/NL32INGB0000012345/BIC/INGBNL2A/NAME/J
ANSEN B.V./REMI/FACTUUR 2026-001/EREF/NOTPROVIDED
:62F:C260302EUR1121,00
-
"""

# ING's MT940 before 2014: a header line with the BIC, `:25:` the ten-digit BBAN; a former
# Postbank number (0001234567) or an ING bank number (0123456789).
ING_OLD = b"""0000 01INGBNL2AXXXX00001
0000 01INGBNL2AXXXX00001
940 00
:20:INGEB
:25:0001234567
:28C:00000
:60F:C260302EUR500,00
:61:260302C50,00NOV NONREF
:86:0123456789 J JANSEN
FACTUUR 2026-002
:62F:C260302EUR550,00
-XXX
"""

# Rabobank's MT940 before SEPA: `:940:` on the first line, `:25:` the number with dots.
RABOBANK_OLD = b""":940:
:20:940S260302
:25:1234.56.789
:28:00000/00
:60F:C260301EUR000000000100,00
:61:260302C000000000025,00N541NONREF
:86:BETALING FACTUUR 2026-003
:62F:C260302EUR000000000125,00
"""


def test_abn_amro_mt940_bare_number_becomes_its_abna_iban():
    (statement,) = read_mt940(ABN_AMRO, "abn.sta").statements
    assert statement.account_iban == "NL71ABNA0500950253"


def test_old_ing_mt940_bban_becomes_its_ingb_iban():
    (statement,) = read_mt940(ING_OLD, "ing.940").statements
    assert statement.account_iban == "NL20INGB0001234567"


def test_old_rabobank_mt940_number_with_dots_becomes_its_rabo_iban():
    (statement,) = read_mt940(RABOBANK_OLD, "rabo.swi").statements
    assert statement.account_iban == "NL44RABO0123456789"


def test_a_bare_number_in_a_file_that_names_no_bank_stays_as_written():
    data = ABN_AMRO.replace(b"ABNANL2A\n940\nABNANL2A\n", b"")
    (statement,) = read_mt940(data, "abn.sta").statements
    assert statement.account_iban == "500950253"


def test_the_bank_is_the_one_in_the_header_not_a_counterpartys():
    assert bank_of_file(ABN_AMRO.decode()) == "ABNA"  # the entry names INGBNL2A
    assert bank_of_file("{1:F01KNABNL2HAXXX0000000000}{2:I940KNABNL2HXXXXN}{4:\n") == "KNAB"
    assert bank_of_file("{1:F01DEUTDEFFXXXX0000000000}\n") == ""  # not a Dutch bank
    assert bank_of_file(":20:STARTUMS\n:25:0123456789\n") == ""


def test_abn_amro_tab_export_bare_number_becomes_its_iban():
    row = "500950253\tEUR\t20260302\t1000,00\t1121,00\t20260302\t121,00\tFACTUUR 2026-001\n"
    (statement,) = read_bank_csv(row.encode(), "TXT260302.TAB").statements
    assert statement.account_iban == "NL71ABNA0500950253"


@pytest.mark.parametrize(
    ("number", "bank", "iban"),
    [
        ("500950253", "ABNA", "NL71ABNA0500950253"),
        ("0500950253", "ABNA", "NL71ABNA0500950253"),
        ("1234567", "INGB", "NL20INGB0001234567"),
        ("1234.56.789", "RABO", "NL44RABO0123456789"),
    ],
)
def test_the_iban_is_nl_check_digits_bank_code_and_the_number_padded_to_ten(number, bank, iban):
    assert iban_from_dutch_account(number, bank) == iban


def test_the_eleven_test_weighs_the_digits_ten_down_to_one():
    assert passes_eleven_test("500950253")  # 5*9 + 9*6 + 5*5 + 2*3 + 5*2 + 3*1 = 143 = 13*11
    assert not passes_eleven_test("500950254")


def test_a_typed_number_names_its_bank_by_name_code_or_bic():
    assert clean_account("500950253", "ABN AMRO") == "NL71ABNA0500950253"
    assert clean_account("500950253", "abna") == "NL71ABNA0500950253"
    assert clean_account("123456789", "RABONL2U") == "NL44RABO0123456789"
    assert dutch_bank_code("Rabobank") == "RABO"
    assert dutch_bank_code("ING Bank") == dutch_bank_code("ING") == "INGB"
    assert dutch_bank_code("Triodos Bank") == "TRIO"


def test_a_typed_number_of_seven_digits_or_fewer_is_ings_without_naming_it():
    assert clean_account("1234567") == "NL20INGB0001234567"


def test_a_typed_bank_number_without_its_bank_is_refused_saying_what_to_give():
    with pytest.raises(ValueError, match="500950253 is a Dutch account number, not an IBAN; name"):
        clean_account("500950253")


def test_a_typed_bank_number_that_fails_the_eleven_test_is_refused():
    with pytest.raises(ValueError, match="fails the eleven-test"):
        clean_account("500950254", "ABN AMRO")


def test_a_short_number_at_another_bank_than_ing_is_refused():
    with pytest.raises(ValueError, match="only ING"):
        clean_account("12345", "ABNA")


@pytest.mark.parametrize("bank", ["XXXX", "Deutsche Bank", "DEUTDEFF"])
def test_a_bank_that_is_not_dutch_is_refused(bank):
    with pytest.raises(ValueError, match="no Dutch bank is known as"):
        clean_account("500950253", bank)


def test_an_iban_with_another_bank_named_is_refused():
    assert clean_account("NL91 ABNA 0417 1643 00") == "NL91ABNA0417164300"
    with pytest.raises(ValueError, match="is an IBAN of ABNA, not of ING"):
        clean_account("NL91ABNA0417164300", "ING")


def test_rabobank_csv_bban_in_its_iban_bban_column_becomes_its_rabo_iban():
    row = RABOBANK_ROWS[0].replace('"NL34RABO0142623393"', '"0123456789"')
    data = (RABOBANK_HEADER + "\n" + row + "\n").encode()
    (statement,) = read_bank_csv(data, "rabo.csv").statements
    assert statement.account_iban == "NL44RABO0123456789"
