"""The MT940 reader: Dutch banks' dialects by hand, then every shared sample."""

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
    assert statement.account_iban == "517852257"  # an old account number stays as it is
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
    assert statement.account_iban == "0454545454"
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


# --- every shared sample ----------------------------------------------------------------------

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "mt940"
NOT_SAMPLES = {".yml", ".tsv", ".md", ".rst"}

# Tag snippets written to test one field each, without a `:20:` statement: no statement.
NOT_A_STATEMENT = (
    "wolph_mt940/mt940_tests/betterplace/amount_formats.sta",
    "wolph_mt940/mt940_tests/betterplace/currency_in_25.sta",
    "wolph_mt940/mt940_tests/betterplace/empty_86.sta",
    "wolph_mt940/mt940_tests/betterplace/empty_entry_date.sta",
    "wolph_mt940/mt940_tests/betterplace/missing_crlf_at_end.sta",
    "wolph_mt940/mt940_tests/cmxl/account_balance_credit.sta",
    "wolph_mt940/mt940_tests/cmxl/account_balance_debit.sta",
    "wolph_mt940/mt940_tests/cmxl/account_identification_iban.sta",
    "wolph_mt940/mt940_tests/cmxl/account_identification_legacy.sta",
    "wolph_mt940/mt940_tests/cmxl/available_balance.sta",
    "wolph_mt940/mt940_tests/cmxl/closing_balance.sta",
    "wolph_mt940/mt940_tests/cmxl/statement_details.sta",
    "wolph_mt940/mt940_tests/cmxl/statement_line.sta",
    "wolph_mt940/mt940_tests/cmxl/statement_number.sta",
    "wolph_mt940/mt940_tests/self-provided/empty_non_swift.sta",
    "wolph_mt940/mt940_tests/self-provided/invalid_statement.sta",
    "wolph_mt940/mt940_tests/self-provided/sparkassen.sta",
)

# MT942 interim reports, or statements cut off before the closing `:62F:` (the last
# statement of the OCA SNS files, Knab's `knab_invalid`): there is nothing to check them by.
NO_BALANCE = (
    "OCA_bank-statement-import/account_bank_statement_import_mt940_base/test_files/test-sns-utf8.940",
    "OCA_bank-statement-import/account_bank_statement_import_mt940_base/test_files/test-sns.940",
    "OCA_bank-statement-import/account_bank_statement_import_mt940_base/test_files/test-sns__a1b032cb.940",
    "wolph_mt940/mt940_tests/betterplace/empty_line.sta",
    "wolph_mt940/mt940_tests/cmxl/reference.sta",
    "wolph_mt940/mt940_tests/mBank/mt942.sta",
    "wolph_mt940/mt940_tests/self-provided/account_identification.sta",
    "wolph_mt940/mt940_tests/self-provided/gv_codes.sta",
    "wolph_mt940/mt940_tests/self-provided/mt942.sta",
    "zilverline_mt940/spec/fixtures/knab/knab_invalid.txt",
)

# Broken fields: `:28C:/1` (no statement number, Zetb), `:65:Dnullnull7414,3`
# (a forward balance with "null" for its date, Oldenburgische Landesbank).
UNREADABLE = (
    "fruitl00p_php-mt940/test/Parser/Banking/Mt940/Engine/Zetb/sample",
    "jejik-mt940/tests/Jejik/Tests/MT940/Fixture/document/K4262927_20200905-080000-952.txt",
    "jejik-mt940/tests/Jejik/Tests/MT940/Fixture/document/oldenburgischelandesbank2.txt",
)

# Hand-made parser fixtures whose balances were never made to agree with their entries
# (checked: every `:61:` of each is read, the amounts are as written): for an import
# they are wrong statements, so they are refused. Among them the old ING/ABN AMRO/Rabobank/
# Triodos/Knab samples of jejik, dovadi, fruitl00p, gpaulissen and zilverline, and
# gpaulissen's `mt940_ASN.txt`, whose statement 31 holds one transfer twice.
BALANCES_DO_NOT_ADD_UP = (
    "dovadi_mt940/docs/MT940_voorbeeldbestanden_abnamro.txt",
    "dovadi_mt940/test/fixtures/abnamro.txt",
    "dovadi_mt940/test/fixtures/ing.txt",
    "dovadi_mt940/test/fixtures/ing_sepa.txt",
    "dovadi_mt940/test/fixtures/rabobank.txt",
    "dovadi_mt940/test/fixtures/rabobank_sepa.txt",
    "dovadi_mt940/test/fixtures/triodos.txt",
    "dovadi_mt940/test/fixtures/unknown.txt",
    "fruitl00p_php-mt940/test/Parser/Banking/Mt940/Engine/Abn/sample2",
    "fruitl00p_php-mt940/test/Parser/Banking/Mt940/Engine/Hsbc/sample",
    "fruitl00p_php-mt940/test/Parser/Banking/Mt940/Engine/Ing/sample",
    "fruitl00p_php-mt940/test/Parser/Banking/Mt940/Engine/Knab/sample",
    "fruitl00p_php-mt940/test/Parser/Banking/Mt940/Engine/Knab/sample3",
    "fruitl00p_php-mt940/test/Parser/Banking/Mt940/Engine/Rabo/sample",
    "fruitl00p_php-mt940/test/Parser/Banking/Mt940/Engine/Rabo/sample2",
    "fruitl00p_php-mt940/test/Parser/Banking/Mt940/Engine/Rabo/sample3",
    "fruitl00p_php-mt940/test/Parser/Banking/Mt940/Engine/Rabo/sample4",
    "gingerpayments_python-libmt94x/tests/examples/ming-ing-provided-example-multiple-messages.txt",
    "gingerpayments_python-libmt94x/tests/examples/ming-ing-provided-example-single-message.txt",
    "gpaulissen_ofxstatement-mt940/tests/samples/abnamro.sta",
    "gpaulissen_ofxstatement-mt940/tests/samples/ing.sta",
    "gpaulissen_ofxstatement-mt940/tests/samples/knab.sta",
    "gpaulissen_ofxstatement-mt940/tests/samples/mt940_ASN.txt",
    "gpaulissen_ofxstatement-mt940/tests/samples/rabo.sta",
    "gpaulissen_ofxstatement-mt940/tests/samples/triodos.sta",
    "jejik-mt940/tests/Jejik/Tests/MT940/Fixture/document/abnamro.txt",
    "jejik-mt940/tests/Jejik/Tests/MT940/Fixture/document/bug-core-5401.txt",
    "jejik-mt940/tests/Jejik/Tests/MT940/Fixture/document/commerzbank.txt",
    "jejik-mt940/tests/Jejik/Tests/MT940/Fixture/document/deutschebank.txt",
    "jejik-mt940/tests/Jejik/Tests/MT940/Fixture/document/ing-dos.txt",
    "jejik-mt940/tests/Jejik/Tests/MT940/Fixture/document/ing-unix.txt",
    "jejik-mt940/tests/Jejik/Tests/MT940/Fixture/document/knab.txt",
    "jejik-mt940/tests/Jejik/Tests/MT940/Fixture/document/oldenburgischelandesbank.txt",
    "jejik-mt940/tests/Jejik/Tests/MT940/Fixture/document/oldenburgischelandesbankmitbindestrich.txt",
    "jejik-mt940/tests/Jejik/Tests/MT940/Fixture/document/postfinance.txt",
    "jejik-mt940/tests/Jejik/Tests/MT940/Fixture/document/rabobank.txt",
    "jejik-mt940/tests/Jejik/Tests/MT940/Fixture/document/sparkasse2.txt",
    "jejik-mt940/tests/Jejik/Tests/MT940/Fixture/document/sparkasse3.txt",
    "jejik-mt940/tests/Jejik/Tests/MT940/Fixture/document/triodos.txt",
    "wolph_mt940/mt940_tests/betterplace/sepa_snippet.sta",
    "wolph_mt940/mt940_tests/betterplace/sepa_snippet_broken.sta",
    "wolph_mt940/mt940_tests/jejik/abnamro.sta",
    "wolph_mt940/mt940_tests/jejik/ing.sta",
    "wolph_mt940/mt940_tests/jejik/knab.sta",
    "wolph_mt940/mt940_tests/jejik/postfinance.sta",
    "wolph_mt940/mt940_tests/jejik/rabobank.sta",
    "wolph_mt940/mt940_tests/jejik/triodos.sta",
    "wolph_mt940/mt940_tests/mBank/with_newline_in_tnr.sta",
    "wolph_mt940/mt940_tests/self-provided/details_60-63.sta",
    "wolph_mt940/mt940_tests/self-provided/malformed_details.sta",
    "wolph_mt940/mt940_tests/self-provided/multiline.sta",
    "wolph_mt940/mt940_tests/self-provided/overly_long_details.sta",
    "wolph_mt940/mt940_tests/self-provided/raiffeisen-cmi.sta",
    "wolph_mt940/mt940_tests/self-provided/raphaelm.sta",
    "wolph_mt940/mt940_tests/self-provided/whitespace.sta",
    "zilverline_mt940/spec/fixtures/14aug2014.swi",
    "zilverline_mt940/spec/fixtures/abn/abn_sepa_incasso_doorlopend.txt",
    "zilverline_mt940/spec/fixtures/abn/abn_sepa_overboeking.txt",
    "zilverline_mt940/spec/fixtures/abn/abn_sepa_periodieke_overboeking.txt",
    "zilverline_mt940/spec/fixtures/abn/abn_structured_sepa_acceptgiro.txt",
    "zilverline_mt940/spec/fixtures/abn/abn_structured_sepa_ideal.txt",
    "zilverline_mt940/spec/fixtures/abn/abn_structured_sepa_overboeking.txt",
    "zilverline_mt940/spec/fixtures/abn/abnamro.txt",
    "zilverline_mt940/spec/fixtures/abn/abnamro_structured.txt",
    "zilverline_mt940/spec/fixtures/abn/anb_sepa_overboeking_belastingdienst.txt",
    "zilverline_mt940/spec/fixtures/deutsche_bank.txt",
    "zilverline_mt940/spec/fixtures/import-16-06-2014.txt",
    "zilverline_mt940/spec/fixtures/ing.txt",
    "zilverline_mt940/spec/fixtures/ing/eu_incasso_foreign_transaction.txt",
    "zilverline_mt940/spec/fixtures/ing_structured.txt",
    "zilverline_mt940/spec/fixtures/knab/knab_pin.txt",
    "zilverline_mt940/spec/fixtures/rabobank_mt940_structured_multi_line.txt",
    "zilverline_mt940/spec/fixtures/triodos.txt",
    "zilverline_mt940/spec/fixtures/triodos_multiline_bug.txt",
    "zilverline_mt940/spec/fixtures/unknown.txt",
)

REFUSED = {
    **dict.fromkeys(NOT_A_STATEMENT, "no MT940 statement found"),
    **dict.fromkeys(NO_BALANCE, "has no :6"),
    **dict.fromkeys(UNREADABLE, "cannot be read as MT940"),
    **dict.fromkeys(BALANCES_DO_NOT_ADD_UP, "the balances do not add up"),
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
def test_the_shared_folder_holds_samples():
    samples = _samples()
    assert len(samples) >= 150
    assert set(REFUSED) <= set(samples)


@shared_data
@needs_shared
@pytest.mark.parametrize("relative", _samples() or ["(none)"])
def test_each_shared_sample_reads_with_balances_that_add_up_or_is_refused(relative):
    data = (SHARED / relative).read_bytes()
    if relative in REFUSED:
        with pytest.raises(StatementError) as caught:
            read_mt940(data, relative)
        assert REFUSED[relative] in str(caught.value)
        assert str(caught.value).startswith(relative)  # the message names the file
        return
    result = read_mt940(data, relative)
    assert result.statements
    for statement in result.statements:
        assert statement.balance_problem() is None
        assert statement.account_iban
        assert statement.opening_balance is not None and statement.closing_balance is not None
        for entry in statement.entries:
            assert entry.amount == entry.amount.quantize(Decimal("0.01"))


def _wolph_expected() -> list[str]:
    return [
        relative
        for relative in _samples()
        if relative.startswith("wolph_mt940/")
        and relative not in REFUSED
        and (SHARED / relative).with_suffix(".yml").is_file()
    ]


@shared_data
@needs_shared
@pytest.mark.parametrize("relative", _wolph_expected() or ["(none)"])
def test_shared_samples_agree_with_wolphs_expected_parse(relative):
    """wolph/mt940 keeps its parse of each sample next to it (a YAML dump of its objects)."""
    yaml = pytest.importorskip("yaml")
    expected = yaml.unsafe_load((SHARED / relative).with_suffix(".yml").read_text())
    entries = [
        e for s in read_mt940((SHARED / relative).read_bytes()).statements for e in s.entries
    ]
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
