"""The MT940 reader: Dutch banks' dialects by hand, then every shared sample."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from innen.formats.mt940 import read_mt940
from innen.formats.statement import StatementError

ING = b"""{1:F01INGBNL2ABXXX0000000000}
{2:I940INGBNL2AXXXN}
{4:
:20:P140220000000001
:25:NL77INGB0574908765EUR
:28C:00000
:60F:C140219EUR662,23
:61:1402200220C100,00NTRFEREF//00000000001005
/TRCD/00100/
:86:/EREF/FACTUUR-2026-001//CNTP/NL32INGB0000012345/INGBNL2A/Jansen B
.V.///REMI/USTD//Factuur 2026-001/
:61:1402200220C250,00NTRFNONREF//00000000001006
/TRCD/00100/
:86:/CNTP/NL91ABNA0417164300/ABNANL2A/De Vries///REMI/STRD/CUR/123
4567890123456/
:61:1402200221D100,00NRTIEREF//00000000001007
/TRCD/00190/
:86:/RTRN/MD06//EREF/INCASSO-77//CNTP/NL32INGB0000012345/INGBNL2A/J
ansen B.V.///REMI/USTD//Retour incasso/
:61:1402200220RD5,00NTRFNONREF//00000000001008
:86:/REMI/USTD//Storno/
:62F:C140220EUR917,23
-}
"""

RABOBANK = b""":940:
:20:940S140102
:25:NL34RABO0142623393 EUR
:28C:0
:60F:C131231EUR000000004433,52
:61:140102C000000000400,00N541NONREF
NL66RABO0160878799
:86:/ORDP//NAME/R. SMITH/ADDR/Green market 74 3311BE Sheepcity Nederl
and NL/REMI/Test money paid by other partner:
/ISDT/2014-01-02
:62F:C140102EUR000000004833,52
"""

ABN_AMRO = b"""ABNANL2A
940
ABNANL2A
:20:ABN AMRO BANK NV
:25:517852257
:28:19321/1
:60F:C130101EUR100,00
:61:1301020102C10,50N654NONREF
:86:/TRTP/SEPA OVERBOEKING/IBAN/NL46ABNA0499998748/BIC/ABNANL2A/NAME/H
.F.A. SMITH/REMI/FACTUUR 123/EREF/NOTPROVIDED
:61:1301020102D5,00N422NONREF
:86:SEPA ACCEPTGIROBETALING          IBAN: NL86INGB0002445588
BIC: INGBNL2A                    NAAM: BELASTINGDIENST
BETALINGSKENM.: 1234 5678 9012 3456
:62F:C130102EUR105,50
"""

TRIODOS = b""":20:6565656565656/1
:25:TRIODOSBANK/0454545454
:28:1
:60F:C131007EUR0,00
:61:131007C1000,00NET NONREF
:86:000>100000000000
>20RABONL2U
>21NL12RABO0888888888
>22METSELAARBEDRIJF JANSEN   >23FACTUUR 2013-17
>310454545454
:62F:C131007EUR1000,00
"""

ASN = b"""{1:F01ASNBNL21XXXX0000000000}{2:O940ASNBNL21XXXXN}{3:}{4:
:20:0000000000
:25:NL81ASNB9999999999
:28C:1/1
:60F:C200101EUR444,29
:61:2001010101D65,00NOVBNL47INGB9999999999
hr gjlm paulissen
:86:NL47INGB9999999999 hr gjlm paulissen

Betaling sieraden

:62F:C200101EUR379,29
-}{5:}
"""

KNAB = b""":20:C0D28MSTE73HKBCM
:25:NL92KNAB0123123123
:28C:75/1
:60F:C160425EUR1000,00
:61:1604250425D10,00N105ASFKJASDFKJASDFD
:86:/EREF/6767676767676766/BENM//NAME/BELASTINGDIENST/IBAN/NL86INGB0002
445588/BIC/INGBNL2AXXX/REMI/AANGIFTE LOONHEFFINGEN APRIL
:62F:C160426EUR990,00
"""

BUNQ = b"""BUNQNL2A
940
BUNQNL2A
:20:BUNQ BV
:25:NL10BUNQ2290325473 EUR
:28:00001
:60F:C190131EUR32,33
:61:1901310131C2,NTRFNONREF
:86:/IBAN/NL65BUNQ2206724936/NAME/P.C. Wacki/REMI/Factuur 7
:61:1901310131D34,5NMSCNONREF
:86:/NAME/www.thomann.de/REMI/www.thomann.de Burgebrach, DE
:62F:D190131EUR0,17
"""


def only_statement(data: bytes):
    (statement,) = read_mt940(data, "test.940").statements
    return statement


def test_ing_sepa_entries_carry_counterparty_references_and_returns():
    statement = only_statement(ING)
    assert statement.account_iban == "NL77INGB0574908765"
    assert statement.currency == "EUR"
    assert statement.statement_id == "P140220000000001"
    assert (statement.opening_balance, statement.opening_date) == (
        Decimal("662.23"),
        date(2014, 2, 19),
    )
    assert (statement.closing_balance, statement.closing_date) == (
        Decimal("917.23"),
        date(2014, 2, 20),
    )
    paid, structured, returned, reversal = statement.entries
    assert paid.amount == Decimal("100.00")
    assert paid.booking_date == paid.value_date == date(2014, 2, 20)
    assert paid.counterparty_iban == "NL32INGB0000012345"
    assert paid.counterparty_bic == "INGBNL2A"
    assert paid.counterparty_name == "Jansen B.V."
    assert paid.remittance == "Factuur 2026-001"
    assert paid.end_to_end_id == "FACTUUR-2026-001"
    assert paid.bank_reference == "00000000001005"
    assert paid.transaction_code == "NTRF"
    assert not paid.is_return
    assert structured.structured_reference == "1234567890123456"
    assert structured.counterparty_name == "De Vries"
    assert returned.amount == Decimal("-100.00")
    assert returned.booking_date == date(2014, 2, 21)
    assert returned.value_date == date(2014, 2, 20)
    assert returned.is_return and returned.return_reason == "MD06"
    assert returned.transaction_code == "NRTI"
    assert reversal.amount == Decimal("5.00")  # RD: a debit reversed, money back in
    assert reversal.is_return
    assert [e.number for e in statement.entries] == [1, 2, 3, 4]


def test_rabobank_counterparty_account_under_the_statement_line():
    statement = only_statement(RABOBANK)
    assert statement.account_iban == "NL34RABO0142623393"
    (entry,) = statement.entries
    assert entry.amount == Decimal("400.00")
    assert entry.counterparty_iban == "NL66RABO0160878799"
    assert entry.counterparty_name == "R. SMITH"
    assert entry.remittance == "Test money paid by other partner:"
    assert entry.transaction_code == "N541"
    assert entry.bank_reference == ""  # NONREF


def test_abn_amro_structured_and_labelled_details():
    statement = only_statement(ABN_AMRO)
    assert statement.account_iban == "NL20ABNA0517852257"  # from `:25:517852257` at ABNANL2A
    assert statement.sequence == "19321/1"
    sepa, acceptgiro = statement.entries
    assert sepa.counterparty_iban == "NL46ABNA0499998748"
    assert sepa.counterparty_name == "H.F.A. SMITH"
    assert sepa.remittance == "FACTUUR 123"
    assert sepa.end_to_end_id == ""  # NOTPROVIDED
    assert acceptgiro.amount == Decimal("-5.00")
    assert acceptgiro.counterparty_iban == "NL86INGB0002445588"
    assert acceptgiro.counterparty_bic == "INGBNL2A"
    assert acceptgiro.counterparty_name == "BELASTINGDIENST"
    assert acceptgiro.structured_reference == "1234567890123456"


def test_triodos_sub_fields():
    statement = only_statement(TRIODOS)
    assert statement.account_iban == "NL15TRIO0454545454"  # from `:25:TRIODOSBANK/0454545454`
    (entry,) = statement.entries
    assert entry.counterparty_bic == "RABONL2U"
    assert entry.counterparty_iban == "NL12RABO0888888888"
    assert entry.remittance == "METSELAARBEDRIJF JANSEN FACTUUR 2013-17"


def test_asn_iban_in_the_statement_line_is_not_a_bank_reference():
    statement = only_statement(ASN)
    assert statement.account_iban == "NL81ASNB9999999999"
    (entry,) = statement.entries
    assert entry.amount == Decimal("-65.00")
    assert entry.counterparty_iban == "NL47INGB9999999999"
    assert entry.counterparty_name == "hr gjlm paulissen"
    assert entry.remittance == "Betaling sieraden"
    assert entry.bank_reference == ""
    assert entry.transaction_code == "NOVB"


def test_knab_structured_details_and_own_reference():
    (entry,) = only_statement(KNAB).entries
    assert entry.counterparty_iban == "NL86INGB0002445588"
    assert entry.counterparty_name == "BELASTINGDIENST"
    assert entry.end_to_end_id == "6767676767676766"
    assert entry.bank_reference == "ASFKJASDFKJASDFD"
    assert entry.remittance == "AANGIFTE LOONHEFFINGEN APRIL"


def test_bunq_amounts_without_decimals_and_a_negative_closing_balance():
    statement = only_statement(BUNQ)
    assert statement.account_iban == "NL10BUNQ2290325473"
    assert [e.amount for e in statement.entries] == [Decimal("2.00"), Decimal("-34.50")]
    assert statement.entries[0].counterparty_iban == "NL65BUNQ2206724936"
    assert statement.entries[0].remittance == "Factuur 7"


def test_each_20_starts_a_statement():
    data = ASN + ASN.replace(b"444,29", b"379,29").replace(b"EUR379,29\n-}", b"EUR314,29\n-}")
    result = read_mt940(data, "twee.940")
    assert result.format == "mt940"
    assert [s.number for s in result.statements] == [1, 2]
    assert result.statements[1].closing_balance == Decimal("314.29")


def test_windows_1252_text_is_read():
    data = RABOBANK.replace(b"R. SMITH", "R. SMIT-ÉÉN".encode("cp1252"))
    (entry,) = only_statement(data).entries
    assert entry.counterparty_name == "R. SMIT-ÉÉN"


def test_balances_that_do_not_add_up_are_refused_naming_the_statement():
    data = ING.replace(b":62F:C140220EUR917,23", b":62F:C140220EUR917,24")
    with pytest.raises(StatementError) as caught:
        read_mt940(data, "ing.940")
    assert caught.value.where == "ing.940, statement 1 (:20: P140220000000001)"
    assert "917.23" in caught.value.message and "917.24" in caught.value.message


def test_a_statement_without_closing_balance_is_refused():
    data = RABOBANK.replace(b":62F:C140102EUR000000004833,52\n", b"")
    with pytest.raises(StatementError, match=r"statement 1 .* has no :62F: closing balance"):
        read_mt940(data, "rabo.swi")


def test_an_unreadable_statement_line_is_refused_naming_the_statement():
    data = RABOBANK.replace(b":61:140102C", b":61:14x102C")
    with pytest.raises(StatementError, match=r"statement 1 .*cannot be read as MT940"):
        read_mt940(data, "rabo.swi")


@pytest.mark.parametrize("data", [b"", b"Datum;Bedrag\n2026-01-01;1,00\n", b"\x00\x01\x02PK"])
def test_a_file_without_statements_is_refused(data):
    with pytest.raises(StatementError, match=r"no MT940 statement found|not text"):
        read_mt940(data, "x.940")


def test_a_bank_reference_that_two_entries_share_is_dropped():
    data = ING.replace(b"//00000000001006", b"//00000000001005")
    entries = only_statement(data).entries
    assert [e.bank_reference for e in entries[:3]] == ["", "", "00000000001007"]


def test_each_statement_line_is_an_entry_even_without_a_transaction_type():
    # Zenith Bank leaves out the type (`N` + 3) and the statement number in `:28C:`.
    data = b""":20:202012182126594
:25:1014365930
:28C: /1
:60F:C201218NGN6213,05
:61:2011301130CN220000,00//19239782213
:86:TRANSFER-PAYROLL
:61:2011301130DN43000,00//19239810200
:86:NOVEMBER-WAGES
:62F:C201130NGN183213,05
"""
    statement = only_statement(data)
    assert statement.sequence == "0/1"
    assert [(e.amount, e.bank_reference, e.remittance) for e in statement.entries] == [
        (Decimal("220000.00"), "19239782213", "TRANSFER-PAYROLL"),
        (Decimal("-43000.00"), "19239810200", "NOVEMBER-WAGES"),
    ]


def test_old_rabobank_amounts_with_a_decimal_point():
    data = b""":940:
:20:940A030108
:25:1017.490.554EUR
:28:00000/00
:60F:C030107EUR000000020000.15
:61:030109C000000000300.10NMSC170059286
:86:Spaarpot kantine
:62F:C030108EUR000000020300.25
"""
    statement = only_statement(data)
    assert statement.opening_balance == Decimal("20000.15")
    assert [e.amount for e in statement.entries] == [Decimal("300.10")]
    assert statement.entries[0].transaction_code == "NMSC"


def test_a_balance_without_currency_takes_the_statements():
    data = b""":20:STARTUMS
:25:1222333444
:28:1/1
:60F:C020315DEM0,00
:61:020322CM20000,00S051
:62M:C02031520000,00
"""
    statement = only_statement(data)
    assert statement.currency == "DEM"
    assert statement.closing_balance == Decimal("20000.00")
    assert statement.entries[0].transaction_code == "S051"


def test_a_space_before_the_transaction_type_is_read_past():
    data = b""":20:DEUTDEMMXXX
:25:20070000/0123456601
:28C:00143/1
:60F:C200605EUR12,35
:61:2006080608D12,35 NRTIKREF+//2016021783252833
:86:109?00SEPA-LASTSCHR. RETOURE CORE
:62F:C200608EUR0,00
"""
    (entry,) = only_statement(data).entries
    assert entry.amount == Decimal("-12.35")
    assert entry.transaction_code == "NRTI"


def test_an_invalid_field_is_named_in_the_refusal():
    data = RABOBANK.replace(b":62F:C140102EUR", b":62F:Cnullnull")
    with pytest.raises(StatementError, match=r"statement 1 .*the :62F: field 'Cnullnull"):
        read_mt940(data, "rabo.swi")


# --- every shared sample ----------------------------------------------------------------------
#
# Every file in ../shared/data/mt940 either imports, each statement adding up, or is named below
# with the statement and the reason it is refused. A file that moves from one side to the other
# fails here: a parser change that loses an entry, or a dialect that starts to be read.

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "mt940"
NOT_SAMPLES = {".yml", ".tsv", ".md", ".rst"}


@dataclass(frozen=True)
class Refusal:
    """Why a shared sample is refused: the statement its message names (0: none) and a part."""

    statement: int
    message: str


def adds_to(statement: int, total: str, closing: str) -> Refusal:
    """The statement's opening balance plus its entries make `total`, not its `closing`."""
    return Refusal(
        statement, f"the balances do not add up: {total}, but the closing balance is {closing}"
    )


_OCA = "OCA_bank-statement-import/account_bank_statement_import_mt940_base/test_files/"
_FRUITL00P = "fruitl00p_php-mt940/test/Parser/Banking/Mt940/Engine/"
_JEJIK = "jejik-mt940/tests/Jejik/Tests/MT940/Fixture/document/"
_GPAULISSEN = "gpaulissen_ofxstatement-mt940/tests/samples/"
_GINGER = "gingerpayments_python-libmt94x/tests/examples/"
_WOLPH = "wolph_mt940/mt940_tests/"
_ZILVERLINE = "zilverline_mt940/spec/fixtures/"
_DOVADI = "dovadi_mt940/"

# Snippets written to test one tag each, without the `:20:` that opens a statement.
NOT_A_STATEMENT = {
    _WOLPH + "betterplace/amount_formats.sta": Refusal(0, "no MT940 statement found"),
    _WOLPH + "betterplace/currency_in_25.sta": Refusal(0, "no MT940 statement found"),
    _WOLPH + "betterplace/empty_86.sta": Refusal(0, "no MT940 statement found"),
    _WOLPH + "betterplace/empty_entry_date.sta": Refusal(0, "no MT940 statement found"),
    _WOLPH + "betterplace/missing_crlf_at_end.sta": Refusal(0, "no MT940 statement found"),
    _WOLPH + "cmxl/account_balance_credit.sta": Refusal(0, "no MT940 statement found"),
    _WOLPH + "cmxl/account_balance_debit.sta": Refusal(0, "no MT940 statement found"),
    _WOLPH + "cmxl/account_identification_iban.sta": Refusal(0, "no MT940 statement found"),
    _WOLPH + "cmxl/account_identification_legacy.sta": Refusal(0, "no MT940 statement found"),
    _WOLPH + "cmxl/available_balance.sta": Refusal(0, "no MT940 statement found"),
    _WOLPH + "cmxl/closing_balance.sta": Refusal(0, "no MT940 statement found"),
    _WOLPH + "cmxl/statement_details.sta": Refusal(0, "no MT940 statement found"),
    _WOLPH + "cmxl/statement_line.sta": Refusal(0, "no MT940 statement found"),
    _WOLPH + "cmxl/statement_number.sta": Refusal(0, "no MT940 statement found"),
    _WOLPH + "self-provided/empty_non_swift.sta": Refusal(0, "no MT940 statement found"),
    _WOLPH + "self-provided/invalid_statement.sta": Refusal(0, "no MT940 statement found"),
    _WOLPH + "self-provided/sparkassen.sta": Refusal(0, "no MT940 statement found"),
}

# MT942 interim reports (no :60F:), snippets without balances, and statements cut off before
# their closing `:62F:` (the last statement of OCA's SNS files, Knab's `knab_invalid`): there is
# nothing to check their entries by, so none of them is imported.
NO_BALANCE = {
    _OCA + "test-sns-utf8.940": Refusal(3, "has no :62F: closing balance"),
    _OCA + "test-sns.940": Refusal(3, "has no :62F: closing balance"),
    _OCA + "test-sns__a1b032cb.940": Refusal(3, "has no :62F: closing balance"),
    _WOLPH + "betterplace/empty_line.sta": Refusal(1, "has no :60F: opening balance"),
    _WOLPH + "cmxl/reference.sta": Refusal(1, "has no :60F: opening balance"),
    _WOLPH + "mBank/mt942.sta": Refusal(1, "has no :60F: opening balance"),
    _WOLPH + "self-provided/account_identification.sta": Refusal(1, "has no :60F: opening balance"),
    _WOLPH + "self-provided/gv_codes.sta": Refusal(1, "has no :62F: closing balance"),
    _WOLPH + "self-provided/mt942.sta": Refusal(1, "has no :60F: opening balance"),
    _ZILVERLINE + "knab/knab_invalid.txt": Refusal(1, "has no :62F: closing balance"),
}

# `:65F:Dnullnull7414,3`: a forward balance with "null" for its date and no `:62F:` at all
# (Oldenburgische Landesbank, anonymised).
UNREADABLE = {
    _JEJIK + "K4262927_20200905-080000-952.txt": Refusal(
        1, "the :65: field 'Dnullnull7414,3' is not valid"
    ),
    _JEJIK + "oldenburgischelandesbank2.txt": Refusal(
        1, "the :65: field 'Dnullnull7414,3' is not valid"
    ),
}

# 30 February as a value date (German banks' interest convention): the package would move it to
# the 29th; innen refuses the file, naming the line and the date.
NO_SUCH_DAY = {
    _WOLPH + "self-provided/february_30.sta": Refusal(
        0, "line 6: the :61: field gives the date 160230 (30-02-2016), a day that does not exist"
    ),
    _WOLPH + "self-provided/transaction_details_wrapped.sta": Refusal(
        0, "line 6: the :61: field gives the date 160230 (30-02-2016), a day that does not exist"
    ),
    _WOLPH + "self-provided/wrapped_timestamp.sta": Refusal(
        0, "line 5: the :61: field gives the date 160230 (30-02-2016), a day that does not exist"
    ),
}

# Statements that do not add up as written: the opening balance plus every entry is not the
# closing balance. Each was checked by hand; the reason is in the comment above its group.
BALANCES_DO_NOT_ADD_UP = {
    # jejik's anonymised samples of ING, ABN AMRO, Rabobank, Triodos, Knab and PostFinance, copied
    # by dovadi, gpaulissen, wolph and zilverline: entries were edited, the balances were not. ING's
    # own trailer `:86:D000004C000002D25,24C28,71` (4 debits of 25,24, 2 credits of 28,71) makes
    # the closing 3,47, but the file holds 5 other debits; Knab's statement 2 adds up with D2760
    # where it says D7260; PostFinance's statement 2 is 0,20 out.
    _DOVADI + "test/fixtures/abnamro.txt": adds_to(1, "2914.84", "876.84"),
    _DOVADI + "test/fixtures/ing.txt": adds_to(1, "-46.59", "3.47"),
    _DOVADI + "test/fixtures/rabobank.txt": adds_to(1, "-740.11", "395.82"),
    _DOVADI + "test/fixtures/triodos.txt": adds_to(1, "4259.39", "4370.79"),
    _DOVADI + "test/fixtures/unknown.txt": adds_to(1, "-46.59", "3.47"),
    _FRUITL00P + "Ing/sample": adds_to(1, "7.15", "3.47"),
    _GPAULISSEN + "abnamro.sta": adds_to(1, "2914.84", "876.84"),
    _GPAULISSEN + "ing.sta": adds_to(1, "-45.59", "3.47"),
    _GPAULISSEN + "knab.sta": adds_to(2, "-3701.02", "798.98"),
    _GPAULISSEN + "rabo.sta": adds_to(1, "-740.11", "395.82"),
    _GPAULISSEN + "triodos.sta": adds_to(1, "4259.39", "4370.79"),
    _JEJIK + "abnamro.txt": adds_to(1, "2914.84", "876.84"),
    _JEJIK + "ing-dos.txt": adds_to(1, "-45.59", "3.47"),
    _JEJIK + "ing-unix.txt": adds_to(1, "-45.59", "3.47"),
    _JEJIK + "knab.txt": adds_to(2, "-3701.02", "798.98"),
    _JEJIK + "postfinance.txt": adds_to(2, "159.40", "159.60"),
    _JEJIK + "rabobank.txt": adds_to(1, "-740.11", "395.82"),
    _JEJIK + "triodos.txt": adds_to(1, "4259.39", "4370.79"),
    _WOLPH + "jejik/abnamro.sta": adds_to(1, "2914.84", "876.84"),
    _WOLPH + "jejik/ing.sta": adds_to(1, "-45.59", "3.47"),
    _WOLPH + "jejik/knab.sta": adds_to(2, "-3701.02", "798.98"),
    _WOLPH + "jejik/postfinance.sta": adds_to(2, "159.40", "159.60"),
    _WOLPH + "jejik/rabobank.sta": adds_to(1, "-740.11", "395.82"),
    _WOLPH + "jejik/triodos.sta": adds_to(1, "4259.39", "4370.79"),
    _ZILVERLINE + "abn/abnamro.txt": adds_to(1, "2914.84", "876.84"),
    _ZILVERLINE + "ing.txt": adds_to(1, "-46.59", "3.47"),
    _ZILVERLINE + "triodos.txt": adds_to(1, "4259.39", "4370.79"),
    _ZILVERLINE + "unknown.txt": adds_to(1, "-46.59", "3.47"),
    # Balances of 0,00 around entries that are not (German samples, anonymised).
    _FRUITL00P + "Hsbc/sample": adds_to(1, "-20000.00", "0.00"),
    _FRUITL00P + "Knab/sample3": adds_to(1, "100000.00", "0.00"),
    _JEJIK + "bug-core-5401.txt": adds_to(1, "50.00", "0.00"),
    _JEJIK + "commerzbank.txt": adds_to(1, "-12.35", "0.00"),
    _JEJIK + "deutschebank.txt": adds_to(1, "-12.35", "0.00"),
    _JEJIK + "oldenburgischelandesbank.txt": adds_to(1, "104.50", "0.00"),
    _JEJIK + "oldenburgischelandesbankmitbindestrich.txt": adds_to(1, "281725.57", "0.00"),
    _ZILVERLINE + "knab/knab_pin.txt": adds_to(1, "-1010.00", "1010.00"),
    # zilverline's ABN AMRO and ING fixtures: 10000,00 + 10,50 is not the closing 10010,00, and
    # the others do not follow from their entries either.
    _ZILVERLINE + "abn/abn_sepa_incasso_doorlopend.txt": adds_to(1, "10010.50", "10010.00"),
    _ZILVERLINE + "abn/abn_sepa_overboeking.txt": adds_to(1, "10010.50", "10010.00"),
    _ZILVERLINE + "abn/abn_sepa_periodieke_overboeking.txt": adds_to(1, "10010.50", "10010.00"),
    _ZILVERLINE + "abn/abn_structured_sepa_acceptgiro.txt": adds_to(1, "10010.50", "10010.00"),
    _ZILVERLINE + "abn/abn_structured_sepa_ideal.txt": adds_to(1, "10010.50", "10010.00"),
    _ZILVERLINE + "abn/abn_structured_sepa_overboeking.txt": adds_to(1, "10010.50", "10010.00"),
    _ZILVERLINE + "abn/abnamro_structured.txt": adds_to(1, "9975.80", "9980.90"),
    _ZILVERLINE + "abn/anb_sepa_overboeking_belastingdienst.txt": adds_to(1, "9350.00", "95350.00"),
    _ZILVERLINE + "ing/eu_incasso_foreign_transaction.txt": adds_to(1, "949.03", "950.00"),
    # ABN AMRO's own sample document: statements 2-4 open at D1627,85 where C1627,85 makes them
    # add up (1627,85 - 135,12 = 1492,73).
    _DOVADI + "docs/MT940_voorbeeldbestanden_abnamro.txt": adds_to(2, "-1762.97", "1492.73"),
    # ING's example via gingerpayments: the file's own trailer `/SUM/4/5/627,00/3969,15/` agrees
    # with the entries read (4 debits of 627,00, 5 credits of 3969,15); its closing balance does
    # not.
    _GINGER + "ming-ing-provided-example-multiple-messages.txt": adds_to(1, "985.00", "4882.15"),
    _GINGER + "ming-ing-provided-example-single-message.txt": adds_to(1, "4342.15", "4882.15"),
    # fruitl00p's and dovadi's other samples (Rabobank, ING, ABN AMRO, Knab): balances that change
    # without any entry (Rabobank's old format, whose decimal points are read since) or that do
    # not follow from the entries.
    _DOVADI + "test/fixtures/ing_sepa.txt": adds_to(1, "-228.17", "1005.83"),
    _DOVADI + "test/fixtures/rabobank_sepa.txt": adds_to(1, "1535.51", "1190.35"),
    _FRUITL00P + "Abn/sample2": adds_to(1, "16557.99", "17159.49"),
    _FRUITL00P + "Knab/sample": adds_to(1, "848.37", "945.21"),
    _FRUITL00P + "Rabo/sample": adds_to(1, "0.00", "2145.00"),
    _FRUITL00P + "Rabo/sample2": adds_to(1, "-1000.12", "2145.23"),
    _FRUITL00P + "Rabo/sample3": adds_to(1, "1535.51", "1190.35"),
    _FRUITL00P + "Rabo/sample4": adds_to(1, "-631.44", "18846.34"),
    # gpaulissen's real ASN export: statement 31 holds the 1000,18 transfer twice; counted once the
    # statement adds up (404,81 + 1000,18 - 903,76 = 501,23). Importing it would count it twice.
    _GPAULISSEN + "mt940_ASN.txt": adds_to(31, "1501.41", "501.23"),
    # wolph's self-made snippets for the `:86:` details (one entry of 233,15 between balances that
    # differ by 0,86), and `multiline.sta`, whose second `:61:` (dated 2022) is a fragment appended
    # after the statement's end `-`; wolph reads the same entries.
    _WOLPH + "self-provided/details_60-63.sta": adds_to(1, "12111.97", "12345.98"),
    _WOLPH + "self-provided/malformed_details.sta": adds_to(1, "12111.97", "12345.98"),
    _WOLPH + "self-provided/multiline.sta": adds_to(1, "130.40", "11.40"),
    _WOLPH + "self-provided/overly_long_details.sta": adds_to(1, "12111.97", "12345.98"),
    _WOLPH + "self-provided/whitespace.sta": adds_to(1, "12111.97", "12345.98"),
    # Cut from real statements, keeping some entries but both balances (Sparkasse, betterplace's
    # SEPA snippets, mBank, Raiffeisen, Rabobank, Deutsche Bank, ING, Triodos).
    _JEJIK + "sparkasse2.txt": adds_to(1, "932079.54", "931304.50"),
    _JEJIK + "sparkasse3.txt": adds_to(1, "930025.04", "931304.50"),
    _WOLPH + "betterplace/sepa_snippet.sta": adds_to(2, "-4472349.17", "-4472049.09"),
    _WOLPH + "betterplace/sepa_snippet_broken.sta": adds_to(1, "817646.54", "1125250.40"),
    _WOLPH + "mBank/with_newline_in_tnr.sta": adds_to(1, "89.46", "860.17"),
    _WOLPH + "self-provided/raiffeisen-cmi.sta": adds_to(1, "24158423.60", "25281687.60"),
    _ZILVERLINE + "14aug2014.swi": adds_to(1, "524.66", "996.53"),
    _ZILVERLINE + "deutsche_bank.txt": adds_to(1, "4.00", "5.87"),
    _ZILVERLINE + "import-16-06-2014.txt": adds_to(1, "173242.09", "189597.70"),
    _ZILVERLINE + "ing_structured.txt": adds_to(1, "-6316.00", "400.00"),
    _ZILVERLINE + "rabobank_mt940_structured_multi_line.txt": adds_to(1, "4899.99", "5100.00"),
    _ZILVERLINE + "triodos_multiline_bug.txt": adds_to(1, "4543.19", "3987.01"),
}

REFUSED = {
    **NOT_A_STATEMENT,
    **NO_BALANCE,
    **UNREADABLE,
    **NO_SUCH_DAY,
    **BALANCES_DO_NOT_ADD_UP,
}


def _samples() -> list[str]:
    if not SHARED.is_dir():
        return []
    return sorted(
        str(path.relative_to(SHARED))
        for path in SHARED.rglob("*")
        if path.is_file()
        and path.suffix not in NOT_SAMPLES
        and not path.name.startswith(("LICENSE", "MANIFEST"))
    )


shared_data = pytest.mark.shared_data
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} is absent")


@shared_data
@needs_shared
def test_the_shared_folder_holds_the_samples_named_here():
    samples = _samples()
    assert len(samples) >= 190
    assert set(REFUSED) <= set(samples)
    # Most of the samples are statements that import; a reader that refuses them is broken.
    assert len(set(samples) - set(REFUSED)) >= 91


def _refusal_text(relative: str, refusal: Refusal) -> tuple[str, str]:
    """The start of the message (the file and statement it names) and the part it must hold."""
    where = relative + (f", statement {refusal.statement} " if refusal.statement else "")
    message = refusal.message
    if message.startswith("the balances do not add up: "):
        # The table gives the sum and the closing balance; the message spells out the sum.
        total = message.removeprefix("the balances do not add up: ")
        return where, f" = {total}"
    return where, message


@shared_data
@needs_shared
@pytest.mark.parametrize("relative", _samples() or ["(none)"])
def test_each_shared_sample_imports_adding_up_or_is_refused_for_its_reason(relative):
    data = (SHARED / relative).read_bytes()
    if relative in REFUSED:
        with pytest.raises(StatementError) as caught:
            read_mt940(data, relative)
        where, part = _refusal_text(relative, REFUSED[relative])
        assert str(caught.value).startswith(where)
        assert part in str(caught.value)
        return
    result = read_mt940(data, relative)
    assert result.statements
    for number, statement in enumerate(result.statements, start=1):
        assert statement.number == number
        assert statement.balance_problem() is None
        assert statement.account_iban
        assert statement.opening_balance is not None and statement.closing_balance is not None
        assert [e.number for e in statement.entries] == list(range(1, len(statement.entries) + 1))
        for entry in statement.entries:
            assert entry.amount == entry.amount.quantize(Decimal("0.01"))


@shared_data
@needs_shared
# Rabo/sample2 ends in a second statement cut off after its `:20:`.
@pytest.mark.parametrize(
    "relative", sorted(set(BALANCES_DO_NOT_ADD_UP) - {_FRUITL00P + "Rabo/sample2"})
)
def test_a_sample_that_does_not_add_up_is_still_read_entry_by_entry(relative):
    """Refused for its balances alone: read without that check, every `:61:` is an entry."""
    data = (SHARED / relative).read_bytes()
    result = read_mt940(data, relative, check_balances=False)
    text = data.decode("utf-8", errors="replace")
    lines = sum(1 for line in text.replace("\r", "\n").split("\n") if line.startswith(":61:"))
    assert sum(len(s.entries) for s in result.statements) == lines


def _wolph_expected() -> list[str]:
    return [
        relative
        for relative in _samples()
        if relative.startswith("wolph_mt940/")
        and REFUSED.get(relative, adds_to(0, "", "")).message.startswith("the balances")
        and (SHARED / relative).with_suffix(".yml").is_file()
    ]


@shared_data
@needs_shared
@pytest.mark.parametrize("relative", _wolph_expected() or ["(none)"])
def test_shared_samples_agree_with_wolphs_expected_parse(relative):
    """wolph/mt940 keeps its parse of each sample next to it (a YAML dump of its objects).

    Also for the samples refused because they do not add up: wolph reads the same entries.
    """
    yaml = pytest.importorskip("yaml")
    expected = yaml.unsafe_load((SHARED / relative).with_suffix(".yml").read_text())
    data = (SHARED / relative).read_bytes()
    statements = read_mt940(data, check_balances=False).statements
    entries = [e for s in statements for e in s.entries]
    assert len(entries) == len(expected.transactions)
    for entry, transaction in zip(entries, expected.transactions, strict=True):
        data = transaction.data
        amount = data["amount"].amount
        if data.get("status") == "RC":  # wolph's default leaves a reversed credit positive
            amount = -amount
        assert entry.amount == amount
        assert entry.value_date == data["date"]
        assert entry.booking_date == (data.get("entry_date") or data["date"])
        assert entry.transaction_code == (data.get("id") or "").strip()
        reference = (data.get("bank_reference") or "").strip()
        if reference and reference.upper() != "NONREF" and entry.bank_reference:
            assert entry.bank_reference == reference


def test_a_nul_character_inside_the_file_is_refused_naming_its_line():
    data = ING.replace(b"Factuur 2026-001", b"x" * 5000 + b"\x00")
    with pytest.raises(StatementError, match=r"ing\.940, line 11: holds a NUL character"):
        read_mt940(data, "ing.940")


def test_nul_bytes_padding_the_file_are_not_its_text():
    statement = read_mt940(b"\x00" * 8 + ING + b"\x00" * 512).statements[0]
    assert len(statement.entries) == 4
