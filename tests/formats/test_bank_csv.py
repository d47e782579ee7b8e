"""Dutch bank CSV exports (ING, Rabobank, ABN AMRO, Knab, ASN) and the format sniffer."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from innen.formats.bank_csv import read_bank_csv
from innen.formats.bank_files import read_statement_file, statement_format
from innen.formats.statement import StatementError

ING_HEADER = (
    '"Datum";"Naam / Omschrijving";"Rekening";"Tegenrekening";"Code";"Af Bij";"Bedrag (EUR)";'
    '"Mutatiesoort";"Mededelingen";"Saldo na mutatie";"Tag"'
)
ING_ROWS = (
    '"20260305";"Jansen B.V.";"NL77INGB0574908765";"NL32INGB0000012345";"OV";"Bij";"1.210,00";'
    '"Overschrijving";"Naam: Jansen B.V. Omschrijving: Factuur 2026-001 IBAN: NL32INGB0000012345 '
    'Kenmerk: 1234567890123456 Valutadatum: 05-03-2026";"2.372,50";""',
    '"20260304";"Kosten zakelijk";"NL77INGB0574908765";"";"DV";"Af";"12,50";"Diversen";'
    '"Kosten zakelijk pakket Valutadatum: 04-03-2026";"1.162,50";""',
    '"20260302";"De Vries";"NL77INGB0574908765";"NL91ABNA0417164300";"IC";"Bij";"175,00";'
    '"Incasso";"Naam: De Vries Omschrijving: Contributie IBAN: NL91ABNA0417164300 '
    'Kenmerk: E2E-77 Valutadatum: 02-03-2026";"1.175,00";"klant"',
)

RABOBANK_HEADER = (
    '"IBAN/BBAN","Munt","BIC","Volgnr","Datum","Rentedatum","Bedrag","Saldo na trn",'
    '"Tegenrekening IBAN/BBAN","Naam tegenpartij","Naam uiteindelijke partij",'
    '"Naam initiërende partij","BIC tegenpartij","Code","Batch ID","Transactiereferentie",'
    '"Machtigingskenmerk","Incassant ID","Betalingskenmerk","Omschrijving-1","Omschrijving-2",'
    '"Omschrijving-3","Reden retour","Oorspr bedrag","Oorspr munt","Koers"'
)
RABOBANK_ROWS = (
    '"NL34RABO0142623393","EUR","RABONL2U","000000000000007213","2026-03-02","2026-03-02",'
    '"+1.210,00","+5.643,52","NL32INGB0000012345","Jansen B.V.","","","INGBNL2A","cb","",'
    '"FACTUUR-2026-001","","","","Factuur 2026-001","","","","","",""',
    '"NL34RABO0142623393","EUR","RABONL2U","000000000000007214","2026-03-03","2026-03-03",'
    '"-175,00","+5.468,52","NL91ABNA0417164300","Vereniging De Vries","","","ABNANL2A","id","",'
    '"E2E-77","MANDAAT-9","NL98ZZZ999999990000","","Storno incasso","contributie maart","",'
    '"MD06","","",""',
    '"NL34RABO0142623393","EUR","RABONL2U","000000000000007215","2026-03-03","2026-03-04",'
    '"+250,00","+5.718,52","NL86INGB0002445588","Pietersen","","","INGBNL2A","tb","","","","",'
    '"1234 5678 9012 3456","","","","","","",""',
)

ABN_TAB_ROWS = (
    "517852257\tEUR\t20260302\t1000,00\t1210,00\t20260302\t210,00\t"
    "/TRTP/SEPA OVERBOEKING/IBAN/NL32INGB0000012345/BIC/INGBNL2A/NAME/Jansen B.V."
    "/REMI/Factuur 2026-001/EREF/E2E-1",
    "517852257\tEUR\t20260303\t1210,00\t1197,50\t20260303\t-12,50\t"
    "SEPA Overboeking                 IBAN: NL46ABNA0499998748        "
    "BIC: ABNANL2A                    Naam: H.F.A. SMITH               "
    "Omschrijving: Terugbetaling",
)

KNAB = (
    "KNAB EXPORT;;;;;;;;;;;;;;;;\n"
    "Rekeningnummer;Transactiedatum;Valutacode;CreditDebet;Bedrag;Tegenrekeningnummer;"
    "Tegenrekeninghouder;Valutadatum;Betaalwijze;Omschrijving;Type betaling;Machtigingsnummer;"
    "Incassant ID;Adres;Referentie;Boekdatum;\n"
    '"NL92KNAB0123123123";"05-03-2026";"EUR";"C";"1.210,00";"NL32INGB0000012345";"Jansen B.V.";'
    '"05-03-2026";"Ontvangen betaling";"1234567890123456";"";"";"";"";"B9F21PGYA068V2KD";'
    '"05-03-2026";\n'
    '"NL92KNAB0123123123";"04-03-2026";"EUR";"D";"12,50";"";"Knab";"04-03-2026";"Kosten";'
    '"Kosten rekening";"";"";"";"";"B9F21PGUJE88SFDR";"04-03-2026";\n'
)

ASN = (
    "17-06-2026,NL81ASNB9999999999,NL32INGB0000012345,Jansen B.V.,,,,EUR,130.44,EUR,1210.00,"
    "17-06-2026,17-06-2026,2754,NGM,51392971,1234567890123456,'Factuur 2026-001',26\n"
    "18-06-2026,NL81ASNB9999999999,,,,,,EUR,1340.44,EUR,-2.20,18-06-2026,18-06-2026,7241,MSC,"
    "50951652,,'Kosten gebruik betaalrekening',26\n"
)


def csv(*lines: str, encoding: str = "utf-8") -> bytes:
    return "\n".join(lines).encode(encoding)


def only_statement(data: bytes, kind: str):
    result = read_bank_csv(data, "export.csv")
    assert result.format == kind
    (statement,) = result.statements
    return statement


def test_ing_with_balances_is_read_oldest_first_with_checked_balances():
    statement = only_statement(csv(ING_HEADER, *ING_ROWS), "csv-ing")
    assert statement.account_iban == "NL77INGB0574908765"
    assert (statement.opening_balance, statement.closing_balance) == (
        Decimal("1000.00"),
        Decimal("2372.50"),
    )
    assert (statement.opening_date, statement.closing_date) == (
        date(2026, 3, 2),
        date(2026, 3, 5),
    )
    collected, costs, paid = statement.entries
    assert [e.number for e in statement.entries] == [1, 2, 3]
    assert collected.amount == Decimal("175.00")
    assert collected.end_to_end_id == "E2E-77"
    assert collected.remittance == "Contributie"
    assert costs.amount == Decimal("-12.50")
    assert costs.remittance == "Kosten zakelijk pakket"
    assert costs.transaction_code == "DV"
    assert paid.counterparty_iban == "NL32INGB0000012345"
    assert paid.counterparty_name == "Jansen B.V."
    assert paid.structured_reference == "1234567890123456"
    assert paid.end_to_end_id == ""
    assert paid.value_date == date(2026, 3, 5)


def test_ing_old_layout_without_balances():
    header = (
        '"Datum","Naam / Omschrijving","Rekening","Tegenrekening","Code","Af Bij",'
        '"Bedrag (EUR)","MutatieSoort","Mededelingen"'
    )
    row = '"20200213","Kosten","NL99INGB9999999999","","DV","Af","1,25","Diversen","Pakket"'
    statement = only_statement(csv(header, row), "csv-ing")
    assert statement.opening_balance is None and statement.closing_balance is None
    (entry,) = statement.entries
    assert (entry.booking_date, entry.amount) == (date(2020, 2, 13), Decimal("-1.25"))


def test_ing_balances_that_do_not_follow_are_refused_naming_the_line():
    broken = ING_ROWS[1].replace('"1.162,50"', '"1.162,00"')
    with pytest.raises(StatementError) as caught:
        read_bank_csv(csv(ING_HEADER, ING_ROWS[0], broken, ING_ROWS[2]), "ing.csv")
    assert caught.value.where in ("ing.csv, line 2", "ing.csv, line 3")
    assert "are lines missing or moved?" in caught.value.message


def test_rabobank_csv_in_windows_1252():
    data = csv(RABOBANK_HEADER, *RABOBANK_ROWS, encoding="cp1252")
    statement = only_statement(data, "csv-rabobank")
    assert statement.account_iban == "NL34RABO0142623393"
    assert (statement.opening_balance, statement.closing_balance) == (
        Decimal("4433.52"),
        Decimal("5718.52"),
    )
    paid, storno, kenmerk = statement.entries
    assert paid.amount == Decimal("1210.00")
    assert paid.counterparty_bic == "INGBNL2A"
    assert paid.end_to_end_id == "FACTUUR-2026-001"
    assert paid.bank_reference == "7213"
    assert paid.remittance == "Factuur 2026-001"
    assert storno.amount == Decimal("-175.00")
    assert storno.is_return and storno.return_reason == "MD06"
    assert storno.remittance == "Storno incasso contributie maart"
    assert kenmerk.structured_reference == "1234567890123456"
    assert kenmerk.value_date == date(2026, 3, 4)


def test_abn_amro_tab_export_without_header():
    statement = only_statement(csv(*ABN_TAB_ROWS), "csv-abnamro")
    assert statement.account_iban == "NL20ABNA0517852257"  # the bare number, as its IBAN
    assert (statement.opening_balance, statement.closing_balance) == (
        Decimal("1000.00"),
        Decimal("1197.50"),
    )
    sepa, labelled = statement.entries
    assert sepa.counterparty_iban == "NL32INGB0000012345"
    assert sepa.counterparty_name == "Jansen B.V."
    assert sepa.remittance == "Factuur 2026-001"
    assert sepa.end_to_end_id == "E2E-1"
    assert labelled.counterparty_iban == "NL46ABNA0499998748"
    assert labelled.counterparty_name == "H.F.A. SMITH"
    assert labelled.remittance == "Terugbetaling"


def test_abn_amro_export_with_the_excel_header_names():
    header = "\t".join(
        [
            "accountNumber",
            "mutationcode",
            "transactiondate",
            "valuedate",
            "startsaldo",
            "endsaldo",
            "amount",
            "description",
        ]
    )
    rows = ["\t".join([r.split("\t")[i] for i in (0, 1, 2, 5, 3, 4, 6, 7)]) for r in ABN_TAB_ROWS]
    statement = only_statement(csv(header, *rows), "csv-abnamro")
    assert statement.closing_balance == Decimal("1197.50")
    assert len(statement.entries) == 2


def test_abn_amro_row_whose_balances_disagree_names_the_line():
    broken = ABN_TAB_ROWS[1].replace("1197,50", "1197,00")
    with pytest.raises(StatementError, match=r"abn.tab, line 2: start balance 1210.00 \+ amount"):
        read_bank_csv(csv(ABN_TAB_ROWS[0], broken), "abn.tab")


def test_knab_export_with_its_title_line():
    statement = only_statement(KNAB.encode(), "csv-knab")
    assert statement.account_iban == "NL92KNAB0123123123"
    costs, paid = statement.entries  # oldest first
    assert costs.amount == Decimal("-12.50")
    assert paid.amount == Decimal("1210.00")
    assert paid.bank_reference == "B9F21PGYA068V2KD"
    assert paid.structured_reference == "1234567890123456"
    assert statement.opening_balance is None


def test_asn_export_without_header_checks_the_balance_before_each_entry():
    statement = only_statement(ASN.encode(), "csv-asn")
    assert statement.account_iban == "NL81ASNB9999999999"
    assert (statement.opening_balance, statement.closing_balance) == (
        Decimal("130.44"),
        Decimal("1338.24"),
    )
    paid, costs = statement.entries
    assert paid.structured_reference == "1234567890123456"
    assert paid.remittance == "Factuur 2026-001"
    assert paid.bank_reference == "51392971"
    assert costs.remittance == "Kosten gebruik betaalrekening"
    broken = ASN.replace("1340.44", "1340.40")
    with pytest.raises(StatementError, match=r"asn.csv, line 2: the balance before this entry"):
        read_bank_csv(broken.encode(), "asn.csv")


def test_each_account_is_its_own_statement():
    other = ING_ROWS[2].replace("NL77INGB0574908765", "NL20INGB0001234567")
    header = ING_HEADER.replace(';"Saldo na mutatie";"Tag"', "")
    rows = [r.rsplit(";", 2)[0] for r in (ING_ROWS[0], other)]
    result = read_bank_csv(csv(header, *rows), "ing.csv")
    assert [s.account_iban for s in result.statements] == [
        "NL77INGB0574908765",
        "NL20INGB0001234567",
    ]
    assert [s.number for s in result.statements] == [1, 2]


def test_an_unknown_header_is_refused_naming_its_columns():
    with pytest.raises(StatementError) as caught:
        read_bank_csv(b"Datum;Boeksaldo;Valutair saldo\n2020-05-30;13,20;13,20\n", "saldo.csv")
    assert caught.value.where == "saldo.csv, line 1"
    assert "'Datum', 'Boeksaldo', 'Valutair saldo'" in caught.value.message


def test_a_bad_amount_names_its_line():
    bad = ING_ROWS[1].replace('"12,50"', '"twaalf"')
    with pytest.raises(StatementError, match=r"line 3: Bedrag \(EUR\)"):
        read_bank_csv(csv(ING_HEADER, ING_ROWS[0], bad, ING_ROWS[2]), "ing.csv")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"KNAB EXPORT;;;;\n", "no header line"),
        (KNAB.split("\n", 2)[0].encode() + b"\n" + KNAB.split("\n")[1].encode(), "no transactions"),
    ],
)
def test_empty_exports_are_refused(data, message):
    with pytest.raises(StatementError, match=message):
        read_bank_csv(data, "x.csv")


# --- read_statement_file: the format from the contents ----------------------------------------

MT940 = b""":20:940S140102
:25:NL34RABO0142623393 EUR
:28C:0
:60F:C131231EUR4433,52
:61:140102C400,00N541NONREF
:86:/REMI/Test/
:62F:C140102EUR4833,52
"""


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (MT940, "mt940"),
        (b":25:NL34RABO0142623393\n:28C:1\n", "mt940"),  # a fragment: the MT940 reader refuses it
        (b"{1:F01INGBNL2ABXXX0000000000}\n" + MT940, "mt940"),
        (b"ABNANL2A\n940\nABNANL2A\n" + MT940, "mt940"),
        (b"\xef\xbb\xbf<?xml version='1.0'?><Document/>", "camt053"),
        (b"PK\x03\x04rest-of-a-zip", "zip"),
        ("<?xml version='1.0' encoding='UTF-16'?><Document/>".encode("utf-16"), "camt053"),
        (csv(ING_HEADER, *ING_ROWS), "csv"),
        (ASN.encode(), "csv"),
    ],
)
def test_the_format_is_told_by_the_contents(data, kind):
    assert statement_format(data) == kind


def test_read_statement_file_dispatches():
    assert read_statement_file(MT940, "a.txt").format == "mt940"
    assert read_statement_file(KNAB.encode(), "a.txt").format == "csv-knab"
    with pytest.raises(StatementError, match="the file is empty"):
        read_statement_file(b"  \n", "leeg.txt")


def test_read_statement_file_sends_xml_to_the_camt053_reader():
    pytest.importorskip("innen.formats.camt053")
    with pytest.raises(StatementError):
        read_statement_file(b"<html><body>Not found</body></html>", "page.xml")


# --- the shared exports -----------------------------------------------------------------------

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "bank_csv_nl"
SAMPLES = "gpaulissen_ofxstatement-dutch/tests/samples/"

READ = {
    # file: (format, entries per account)
    "Knab_transactieoverzicht_ok.csv": ("csv-knab", [28]),
    "ing_ok.csv": ("csv-ing", [6]),
    "ing_ok_Mutatiesoort.csv": ("csv-ing", [6]),
    "ing_ok_Mutatiesoort_Extra.csv": ("csv-ing", [6]),
    "ing_ok_Mutatiesoort_Extra_Unquoted.csv": ("csv-ing", [6]),
    "transactie-historie_NL00ASNB9999999999_20220717204133.csv": ("csv-asn", [11]),
    # ofxstatement refuses this file because its last line is for another account; here each
    # account is its own statement, and the balances of both chain.
    "transactie-historie_fail.csv": ("csv-asn", [11, 1]),
}
REFUSED = {
    # A DeGiro (broker) account overview: not a bank statement.
    "Account_20190101_20200317.csv": "the columns found are: 'Datum', 'Tijd'",
    # Knab title line only, no header.
    "Knab_transactieoverzicht_no_header2.csv": "no header line",
    # A Knab header without a single transaction.
    "Knab_transactieoverzicht_no_lines.csv": "no transactions",
    # An ING balance history (date, booked and value balance): no transactions.
    "NL99INGB9999999999_25-11-2019_30-05-2020.csv": "'Boeksaldo', 'Valutair saldo'",
    "empty.csv": "the file is empty",
    # ING export with a space before a quoted cell: the quote becomes part of the value.
    "ing_fail.csv": 'line 3: Valutadatum: "13-12-2019""',
    # International Card Services credit card statements (text reports): not supported.
    **dict.fromkeys(
        [
            "icscards-2025-03.txt",
            "icscards-2025-04.txt",
            "icscards.txt",
            "icscards_big.txt",
            "icscards_equal_transactions.txt",
            "icscards_error.txt",
            "icscards_no_balance.txt",
        ],
        "'International Card Services BV",
    ),
}

shared_data = pytest.mark.shared_data
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} is absent")


def _samples() -> list[str]:
    if not SHARED.is_dir():
        return []
    return sorted(p.name for p in (SHARED / SAMPLES).iterdir() if p.is_file())


@shared_data
@needs_shared
def test_every_shared_export_is_decided():
    assert set(_samples()) == set(READ) | set(REFUSED)


@shared_data
@needs_shared
@pytest.mark.parametrize("name", _samples() or ["(none)"])
def test_each_shared_export_reads_or_is_refused(name):
    data = (SHARED / SAMPLES / name).read_bytes()
    if name in REFUSED:
        with pytest.raises(StatementError) as caught:
            read_statement_file(data, name)
        assert REFUSED[name] in str(caught.value)
        return
    result = read_statement_file(data, name)
    kind, counts = READ[name]
    assert result.format == kind
    assert [len(s.entries) for s in result.statements] == counts
    for statement in result.statements:
        assert statement.balance_problem() is None
        dates = [e.booking_date for e in statement.entries]
        assert dates == sorted(dates)


def test_a_nul_character_is_refused_naming_its_line():
    rows = (ING_ROWS[0], ING_ROWS[1].replace("Kosten", "Kos\x00ten"), ING_ROWS[2])
    with pytest.raises(StatementError, match=r"ing\.csv, line 3: holds a NUL character"):
        read_bank_csv(csv(ING_HEADER, *rows), "ing.csv")
