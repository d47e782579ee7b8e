"""Each Dutch bank's CSV export as the bank writes it today, one fixture per layout.

The fixtures are written here (made-up names, accounts and amounts) after the layouts found in
public exports: ING's Dutch and English "Alle rekeningen" CSV since its 2023 change (header,
quoting, the labelled "Mededelingen"; as in RSHKwee/ing2ofx's test resources), Rabobank's
26-column CSV (as in the rows quoted by several public Rabobank importers), ABN AMRO's TXT*.TAB
download (padded labelled descriptions and the newer /TRTP/ ones; as in
denilsonsa/abn-amro-statement-parser's TXT_SAMPLE.TAB) and Knab's "KNAB EXPORT" (as in
gpaulissen/ofxstatement-dutch's samples). Balances in them chain like a real export's.
"""

from datetime import date
from decimal import Decimal

import pytest

from innen.formats.bank_csv import read_bank_csv
from innen.formats.statement import StatementError

# --- ING -------------------------------------------------------------------------------------

ING_NL = "\n".join(
    [
        '"Datum";"Naam / Omschrijving";"Rekening";"Tegenrekening";"Code";"Af Bij";'
        '"Bedrag (EUR)";"Mutatiesoort";"Mededelingen";"Saldo na mutatie";"Tag"',
        # newest first, as ING lists them
        '"20230523";"Bakkerij Jansen B.V.";"NL69INGB0123456789";"NL44RABO0123456789";"OV";"Bij";'
        '"1210,00";"Overschrijving";"Naam: Bakkerij Jansen B.V. Omschrijving: 5000056789012345 '
        "IBAN: NL44RABO0123456789 Kenmerk: E2E-20230523-0001 Datum/Tijd: 23-05-2023 08:05:32 "
        'Valutadatum: 23-05-2023";"2446,38";""',
        '"20230522";"Energie Noord";"NL69INGB0123456789";"NL19ABNA0123456789";"IC";"Af";'
        '"26,00";"Incasso";"Naam: Energie Noord Omschrijving: Voorschot mei 20025077509 '
        "IBAN: NL19ABNA0123456789 Kenmerk: SDD0237763432 Machtiging ID: M-0227732 "
        'Incassant ID: NL23ZZZ123456780000 Doorlopende incasso Valutadatum: 22-05-2023";'
        '"1236,38";""',
        '"20230511";"Tankstation A12";"NL69INGB0123456789";"";"BA";"Af";"25,00";'
        '"Betaalautomaat";"Pasvolgnr: 006 11-05-2023 12:15 Transactie: B30010 Term: 1M6G52 '
        'Valutadatum: 11-05-2023";"1262,38";""',
        '"20230510";"Webwinkel B.V.";"NL69INGB0123456789";"NL04ADYB2017400157";"ID";"Af";'
        '"66,51";"iDEAL";"Naam: Webwinkel B.V. Omschrijving: Order 4273360026 IBAN: '
        'NL04ADYB2017400157 Kenmerk: 10-05-2023 21:09 0180315042046194 Valutadatum: 10-05-2023";'
        '"1287,38";"webshop"',
    ]
)

ING_EN = "\n".join(
    [
        '"Date";"Name / Description";"Account";"Counterparty";"Code";"Debit/credit";'
        '"Amount (EUR)";"Transaction type";"Notifications";"Resulting balance";"Tag"',
        '"20231002";"Bakkerij Jansen B.V.";"NL69INGB0123456789";"NL44RABO0123456789";"GT";'
        '"Credit";"121,00";"Online Banking";"Name: Bakkerij Jansen B.V. Description: Factuur '
        '2023-0417 IBAN: NL44RABO0123456789 Reference: E2E-77 Value date: 02/10/2023";'
        '"345,06";""',
        '"20230930";"Kosten OranjePakket";"NL69INGB0123456789";"";"DV";"Debit";"3,15";'
        '"Various";"1 aug t/m 31 aug 2023 ING BANK N.V. Value date: 30/09/2023";"224,06";""',
    ]
)


def only_statement(data: str, kind: str, encoding: str = "utf-8"):
    result = read_bank_csv(data.encode(encoding), "export.csv")
    assert result.format == kind
    (statement,) = result.statements
    return statement


def test_ing_dutch_export_fills_every_matching_field():
    statement = only_statement(ING_NL, "csv-ing")
    assert (statement.opening_balance, statement.closing_balance) == (
        Decimal("1353.89"),
        Decimal("2446.38"),
    )
    ideal, card, debit, paid = statement.entries  # oldest first
    assert paid.amount == Decimal("1210.00")
    assert paid.counterparty_iban == "NL44RABO0123456789"
    assert paid.counterparty_name == "Bakkerij Jansen B.V."
    assert paid.structured_reference == "5000056789012345"
    assert paid.remittance == "5000056789012345"
    assert paid.end_to_end_id == "E2E-20230523-0001"
    assert paid.value_date == date(2023, 5, 23)
    assert paid.transaction_code == "OV"
    assert debit.amount == Decimal("-26.00")
    assert debit.remittance == "Voorschot mei 20025077509"
    assert debit.end_to_end_id == "SDD0237763432"
    assert not debit.is_return
    assert card.counterparty_iban == "" and card.counterparty_name == "Tankstation A12"
    assert card.remittance == ""  # a card payment has no description of its own
    assert ideal.end_to_end_id == "10-05-2023 21:09 0180315042046194"
    assert ideal.structured_reference == ""


def test_ing_english_export_reads_as_the_dutch_one():
    statement = only_statement(ING_EN, "csv-ing")
    costs, paid = statement.entries
    assert paid.amount == Decimal("121.00")
    assert paid.remittance == "Factuur 2023-0417"
    assert paid.end_to_end_id == "E2E-77"
    assert paid.value_date == date(2023, 10, 2)  # 02/10/2023 is day first in ING's export
    assert costs.amount == Decimal("-3.15")
    assert costs.remittance == "1 aug t/m 31 aug 2023 ING BANK N.V."
    assert statement.closing_balance == Decimal("345.06")


def test_ing_line_with_a_wrong_af_bij_is_refused_naming_line_and_field():
    broken = ING_NL.replace('"OV";"Bij";', '"OV";"Plus";')
    with pytest.raises(StatementError) as caught:
        read_bank_csv(broken.encode(), "ing.csv")
    assert caught.value.where == "ing.csv, line 2"
    assert 'Af Bij is "Plus"' in caught.value.message


# --- Rabobank --------------------------------------------------------------------------------

RABO_HEADER = (
    '"IBAN/BBAN","Munt","BIC","Volgnr","Datum","Rentedatum","Bedrag","Saldo na trn",'
    '"Tegenrekening IBAN/BBAN","Naam tegenpartij","Naam uiteindelijke partij",'
    '"Naam initiërende partij","BIC tegenpartij","Code","Batch ID","Transactiereferentie",'
    '"Machtigingskenmerk","Incassant ID","Betalingskenmerk","Omschrijving-1","Omschrijving-2",'
    '"Omschrijving-3","Reden retour","Oorspr bedrag","Oorspr munt","Koers"'
)
RABO = "\n".join(
    [
        RABO_HEADER,
        # oldest first, as Rabobank lists them; Omschrijving-2 is often a single space
        '"NL11RABO0123456789","EUR","RABONL2U","000000000000001288","2025-10-06","2025-10-06",'
        '"+1210,00","+1559,74","NL44INGB0001234567","Bakkerij Jansen B.V.","","","INGBNL2A",'
        '"cb","","E2E-4711","","","5000056789012345","Factuur 2025-0117"," ","","","","",""',
        '"NL11RABO0123456789","EUR","RABONL2U","000000000000001289","2025-10-07","2025-10-07",'
        '"-42,34","+1517,40","LU89751001135104201E","PayPal Europe S.a.r.l. et Cie S.C.A","","",'
        '"PPLXLUL2","ei","","1045309341178","463J224V9GDTA","LU96ZZZ0000000000000000028","",'
        '"1045309341372/PAYPAL"," ","","","","",""',
        '"NL11RABO0123456789","EUR","RABONL2U","000000000000001290","2025-10-09","2025-10-08",'
        '"+42,34","+1559,74","LU89751001135104201E","PayPal Europe S.a.r.l. et Cie S.C.A","","",'
        '"PPLXLUL2","ei","","1045309341178","463J224V9GDTA","LU96ZZZ0000000000000000028","",'
        '"Storno incasso"," ","","MD06","","",""',
    ]
)


def test_rabobank_export_fills_every_matching_field():
    statement = only_statement(RABO, "csv-rabobank", encoding="cp1252")
    assert statement.account_iban == "NL11RABO0123456789"
    assert (statement.opening_balance, statement.closing_balance) == (
        Decimal("349.74"),
        Decimal("1559.74"),
    )
    paid, debit, storno = statement.entries
    assert paid.counterparty_iban == "NL44INGB0001234567"
    assert paid.counterparty_bic == "INGBNL2A"
    assert paid.structured_reference == "5000056789012345"
    assert paid.end_to_end_id == "E2E-4711"
    assert paid.remittance == "Factuur 2025-0117"
    assert paid.bank_reference == "1288"
    assert paid.transaction_code == "cb"
    assert debit.amount == Decimal("-42.34")
    assert debit.counterparty_iban == "LU89751001135104201E"
    assert not debit.is_return
    assert storno.amount == Decimal("42.34")
    assert storno.is_return and storno.return_reason == "MD06"
    assert storno.value_date == date(2025, 10, 8)


def test_rabobank_line_with_a_bad_date_is_refused_naming_line_and_field():
    broken = RABO.replace('"2025-10-07","2025-10-07"', '"2025-13-07","2025-10-07"')
    with pytest.raises(StatementError) as caught:
        read_bank_csv(broken.encode(), "rabo.csv")
    assert caught.value.where == "rabo.csv, line 3"
    assert caught.value.message.startswith("Datum:")


def test_rabobank_line_cut_short_is_refused_naming_the_missing_column():
    cut = RABO.split("\n")
    cut[2] = cut[2].split(',"+1517,40"')[0]
    with pytest.raises(StatementError) as caught:
        read_bank_csv("\n".join(cut).encode(), "rabo.csv")
    assert caught.value.where == "rabo.csv, line 3"
    assert 'has 7 cells where the header has 26; "Saldo na trn"' in caught.value.message


# --- ABN AMRO --------------------------------------------------------------------------------


def pad(kind: str, *parts: str) -> str:
    """ABN AMRO pads the kind of payment to 33 characters and each part after it to 32."""
    return kind.ljust(33) + "".join(part.ljust(32) for part in parts)


ABN = "\n".join(
    [
        "\t".join(
            [
                "123456789",
                "EUR",
                "20230202",
                "3493,00",
                "4703,00",
                "20230202",
                "1210,00",
                pad(
                    "SEPA Overboeking",
                    "IBAN: NL44RABO0123456789",
                    "BIC: RABONL2U",
                    "Naam: Bakkerij Jansen B.V.",
                    "Omschrijving: Factuur 2023-0012",
                    "Kenmerk: E2E-0012",
                ),
            ]
        ),
        "\t".join(
            [
                "123456789",
                "EUR",
                "20230203",
                "4703,00",
                "4687,01",
                "20230203",
                "-15,99",
                # As ABN AMRO writes it: a name that fills its 32 characters runs into the
                # next label, and a long value wraps into the following part.
                "SEPA Incasso algemeen doorlopend Incassant: GB98NFXSDDCHAS01234567890123"
                + " " * 26
                + "Naam: NETFLIX INTERNATIONAL B.V.Machtiging: DD-01234567890123456 7-890-123456"
                + " " * 20
                + "Omschrijving: Netflix Monthly Su bscription"
                + " " * 22
                + "IBAN: LU012345678901234567"
                + " " * 39,
            ]
        ),
        "\t".join(
            [
                "123456789",
                "EUR",
                "20231231",
                "4687,01",
                "4948,76",
                "20231231",
                "261,75",
                "/TRTP/SEPA OVERBOEKING/IBAN/NL01RABO0123456789/BIC/RABONL2U/NAME/De Vries"
                " Installatie/REMI/Factuur 2023-0099/EREF/Z0123456789".ljust(96),
            ]
        ),
        "\t".join(
            [
                "123456789",
                "EUR",
                "20240105",
                "4948,76",
                "4687,01",
                "20240105",
                "-261,75",
                "/TRTP/SEPA Incasso Terugboeking/IBAN/NL01RABO0123456789/BIC/RABONL2U/NAME/De"
                " Vries Installatie/RTRN/MD06/EREF/Z0123456789",
            ]
        ),
        "\t".join(
            [
                "112233445",
                "EUR",
                "20221201",
                "10000,00",
                "8000,00",
                "20221201",
                "-2000,00",
                pad("SEPA Overboeking", "IBAN: NL01ABNA0123456789", "Naam: J DE BOER"),
            ]
        ),
    ]
)


def test_abn_amro_tab_export_fills_every_matching_field():
    result = read_bank_csv(ABN.encode(), "TXT230202120000.TAB")
    assert result.format == "csv-abnamro"
    main, savings = result.statements  # one statement per account in the file
    assert (main.account_iban, savings.account_iban) == ("NL02ABNA0123456789", "NL59ABNA0112233445")
    assert (main.opening_balance, main.closing_balance) == (Decimal("3493.00"), Decimal("4687.01"))
    paid, netflix, slashed, storno = main.entries
    assert paid.counterparty_iban == "NL44RABO0123456789"
    assert paid.counterparty_bic == "RABONL2U"
    assert paid.counterparty_name == "Bakkerij Jansen B.V."
    assert paid.remittance == "Factuur 2023-0012"
    assert paid.end_to_end_id == "E2E-0012"
    assert netflix.counterparty_name == "NETFLIX INTERNATIONAL B.V."
    assert netflix.counterparty_iban == "LU012345678901234567"
    assert netflix.remittance == "Netflix Monthly Su bscription"  # wrapped as ABN AMRO does
    assert slashed.counterparty_name == "De Vries Installatie"
    assert slashed.remittance == "Factuur 2023-0099"
    assert slashed.end_to_end_id == "Z0123456789"
    assert storno.amount == Decimal("-261.75")
    assert storno.is_return and storno.return_reason == "MD06"
    assert savings.entries[0].counterparty_name == "J DE BOER"


def test_abn_amro_line_cut_short_is_refused_naming_the_missing_column():
    lines = ABN.split("\n")
    lines[1] = "\t".join(lines[1].split("\t")[:6])
    with pytest.raises(StatementError) as caught:
        read_bank_csv("\n".join(lines).encode(), "TXT.TAB")
    assert caught.value.where == "TXT.TAB, line 2"
    assert "column 7 (amount)" in caught.value.message


# --- Knab ------------------------------------------------------------------------------------

KNAB = "\n".join(
    [
        "KNAB EXPORT;;;;;;;;;;;;;;;;",
        "Rekeningnummer;Transactiedatum;Valutacode;CreditDebet;Bedrag;Tegenrekeningnummer;"
        "Tegenrekeninghouder;Valutadatum;Betaalwijze;Omschrijving;Type betaling;"
        "Machtigingsnummer;Incassant ID;Adres;Referentie;Boekdatum;",
        '"NL99KNAB0123456789";"21-06-2023";"EUR";"C";"1210,00";"NL44RABO0123456789";'
        '"Bakkerij Jansen B.V.";"21-06-2023";"Ontvangen betaling";"5000056789012345";"";"";"";'
        '"";"B9F21PGYA068V2KD";"21-06-2023";',
        '"NL99KNAB0123456789";"19-06-2023";"EUR";"D";"2500";"FR7630006000011234567890189";'
        '"M JANSSEN";"19-06-2023";"Overboeking";"Huur juni";"";"";"";"";"B9F19PGFDQ2Q56EL";'
        '"19-06-2023";',
    ]
)


def test_knab_export_fills_every_matching_field():
    statement = only_statement(KNAB, "csv-knab")
    rent, paid = statement.entries  # oldest first
    assert rent.amount == Decimal("-2500.00")  # Knab leaves out ",00"
    assert rent.counterparty_iban == "FR7630006000011234567890189"
    assert rent.remittance == "Huur juni"
    assert paid.counterparty_name == "Bakkerij Jansen B.V."
    assert paid.structured_reference == "5000056789012345"
    assert paid.bank_reference == "B9F21PGYA068V2KD"
    assert paid.transaction_code == "Ontvangen betaling"
    assert statement.opening_balance is None  # Knab's export carries no balances


def test_knab_line_with_a_wrong_credit_debet_is_refused_naming_line_and_field():
    broken = KNAB.replace('"EUR";"D";"2500"', '"EUR";"X";"2500"')
    with pytest.raises(StatementError) as caught:
        read_bank_csv(broken.encode(), "knab.csv")
    assert caught.value.where == "knab.csv, line 4"
    assert 'CreditDebet is "X"' in caught.value.message
