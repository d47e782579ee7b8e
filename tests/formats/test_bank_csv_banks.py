"""bunq, Triodos, Revolut Business, Rabobank before 2018, SNS/ASN/RegioBank and Knab without
its title line: one fixture per layout, as the bank writes it.

The fixtures are written here (made-up names, accounts and amounts) after the layouts the
banks and public importers describe: bunq's CSV export in Dutch and English (quoted,
semicolon with decimal commas, or comma with decimal points; older exports without the
Account column), Triodos's header-less CSV (date, own account, amount, Credit/Debet,
name, account, code, description, balance), Revolut Business's transaction statement CSV,
Rabobank's "formaatbeschrijving CSV kommagescheiden" (19 columns, before the 2018 export)
and de Volksbank's header-less export shared by ASN Bank, SNS and RegioBank.
"""

import csv
from datetime import date
from decimal import Decimal

import pytest

from innen.formats.bank_csv import read_bank_csv
from innen.formats.bank_csv_recognise import headerless_layout
from innen.formats.statement import StatementError


def read(text: str, name: str = "export.csv"):
    return read_bank_csv(text.encode(), name)


def only_statement(text: str, kind: str, name: str = "export.csv"):
    result = read(text, name)
    assert result.format == kind
    (statement,) = result.statements
    return statement


# --- bunq ------------------------------------------------------------------------------------

BUNQ_NL = "\n".join(
    [
        '"Datum";"Rentedatum";"Bedrag";"Rekening";"Tegenrekening";"Naam";"Omschrijving"',
        '"2026-03-02";"2026-03-02";"1.210,00";"NL23BUNQ2025123456";"NL44RABO0123456789";'
        '"Bakkerij Jansen B.V.";"Factuur 2026-0042"',
        '"2026-03-03";"2026-03-03";"-12,50";"NL23BUNQ2025123456";"";"Albert Heijn 1234";'
        '"Albert Heijn 1234 AMSTERDAM, NL"',
        '"2026-03-04";"2026-03-05";"605,00";"NL23BUNQ2025123456";"NL91ABNA0417164300";'
        '"De Vries Installatie";"5000 0567 8901 2345"',
    ]
)

BUNQ_EN = "\n".join(
    [
        '"Date","Interest Date","Amount","Account","Counterparty","Name","Description"',
        '"2026-03-02","2026-03-02","1210.00","NL23BUNQ2025123456","NL44RABO0123456789",'
        '"Bakkerij Jansen B.V.","Invoice 2026-0042"',
        '"2026-03-05","2026-03-05","-3.99","NL23BUNQ2025123456","","bunq","bunq Easy Bank"',
    ]
)

# Older exports: no Account column.
BUNQ_NO_ACCOUNT = "\n".join(
    [
        '"Date";"Interest Date";"Amount";"Counterparty";"Name";"Description"',
        '"2026-03-02";"2026-03-02";"1.210,00";"NL44RABO0123456789";"Bakkerij Jansen B.V.";'
        '"Factuur 2026-0042"',
    ]
)


def test_bunq_dutch_export_reads_signed_amounts_with_decimal_commas():
    statement = only_statement(BUNQ_NL, "csv-bunq")
    assert statement.account_iban == "NL23BUNQ2025123456"
    paid, card, reference = statement.entries
    assert paid.amount == Decimal("1210.00")
    assert (paid.counterparty_iban, paid.counterparty_name) == (
        "NL44RABO0123456789",
        "Bakkerij Jansen B.V.",
    )
    assert paid.remittance == "Factuur 2026-0042"
    assert card.amount == Decimal("-12.50")
    assert card.counterparty_iban == ""
    assert reference.structured_reference == "5000056789012345"
    assert (reference.booking_date, reference.value_date) == (date(2026, 3, 4), date(2026, 3, 5))
    assert statement.opening_balance is None  # bunq's export has no balances


def test_bunq_english_export_with_commas_reads_as_the_dutch_one():
    statement = only_statement(BUNQ_EN, "csv-bunq")
    paid, fee = statement.entries
    assert (paid.amount, fee.amount) == (Decimal("1210.00"), Decimal("-3.99"))
    assert paid.remittance == "Invoice 2026-0042"
    assert fee.counterparty_name == "bunq"


def test_bunq_export_without_its_account_takes_the_iban_from_the_file_name():
    statement = only_statement(BUNQ_NO_ACCOUNT, "csv-bunq", "bunq NL23BUNQ2025123456 maart.csv")
    assert statement.account_iban == "NL23BUNQ2025123456"


def test_bunq_export_without_its_account_or_an_iban_in_its_name_is_refused_saying_how():
    with pytest.raises(StatementError, match=r"export.csv, line 2: the bunq export does not name"):
        read(BUNQ_NO_ACCOUNT)
    with pytest.raises(StatementError, match=r"NL23BUNQ2025123456\.csv"):
        read(BUNQ_NO_ACCOUNT, "NL00BUNQ0000000000.csv")  # not a valid IBAN


# --- Triodos ---------------------------------------------------------------------------------

# Newest first; the balance is the balance after the entry.
TRIODOS = "\n".join(
    [
        '04-03-2026,NL70TRIO0123456789,"12,50",Debet,Triodos Bank,,KN,'
        'Kosten betaalrekening februari,"3.697,50"',
        '02-03-2026,NL70TRIO0123456789,"1.210,00",Credit,Bakkerij Jansen B.V.,'
        'NL44RABO0123456789,ET,Factuur 2026-0042,"3.710,00"',
        '01-03-2026,NL70TRIO0123456789,"605,00",Credit,De Vries Installatie,'
        'NL91ABNA0417164300,ET,5000056789012345,"2.500,00"',
    ]
)


def test_triodos_export_without_header_checks_the_balance_after_each_entry():
    statement = only_statement(TRIODOS, "csv-triodos")
    assert statement.account_iban == "NL70TRIO0123456789"
    assert (statement.opening_balance, statement.closing_balance) == (
        Decimal("1895.00"),
        Decimal("3697.50"),
    )
    reference, paid, costs = statement.entries  # oldest first
    assert reference.structured_reference == "5000056789012345"
    assert paid.amount == Decimal("1210.00")
    assert (paid.counterparty_name, paid.counterparty_iban) == (
        "Bakkerij Jansen B.V.",
        "NL44RABO0123456789",
    )
    assert (paid.remittance, paid.transaction_code) == ("Factuur 2026-0042", "ET")
    assert costs.amount == Decimal("-12.50")
    assert not any(entry.is_return for entry in statement.entries)


def test_a_triodos_reversal_is_told_by_its_transaction_code():
    reversed_debit = TRIODOS.replace(
        '"12,50",Debet,Triodos Bank,,KN', '"12,50",Debet,Triodos Bank,,EICO'
    )
    assert only_statement(reversed_debit, "csv-triodos").entries[-1].is_return


def test_triodos_balances_that_do_not_chain_are_refused_naming_the_line():
    broken = TRIODOS.replace('"3.710,00"', '"3.710,01"')
    with pytest.raises(StatementError, match=r"triodos.csv, line \d: the balance before"):
        read(broken, "triodos.csv")


def test_triodos_sign_must_be_credit_or_debet():
    # The sign is what tells the layout, so only a later line can get it wrong.
    broken = TRIODOS.replace("Credit,De Vries", "Crebit,De Vries")
    with pytest.raises(StatementError, match=r'line 3: the 4th column is "Crebit"'):
        read(broken)


# --- Rabobank before 2018 --------------------------------------------------------------------

RABOBANK_2013 = "\n".join(
    [
        '"NL44RABO0123456789","EUR",20170104,"D",45.00,"NL91ABNA0417164300",'
        '"Sporthal De Boog",20170104,"ei","","Zaalhuur januari","","","","","",'
        '"SDD-778","NL12ZZZ301234560000","MND-0001"',
        '"NL44RABO0123456789","EUR",20170103,"C",1210.00,"NL20INGB0001234567",'
        '"Bakkerij Jansen B.V.",20170103,"cb","","Factuur 2016-0042","betaald met dank",'
        '"","","","","E2E-0042","",""',
        '"NL44RABO0123456789","EUR",20170105,"D",2.75,"0000000000","",20170105,"db","",'
        '"Kosten Rabo DirectBankieren","","","","","","","",""',
    ]
)


def test_rabobank_export_before_2018_is_recognised_by_its_own_marks():
    # It used to be taken for ABN AMRO's TAB export: "Sporthal De Boog is not an amount".
    statement = only_statement(RABOBANK_2013, "csv-rabobank-2013")
    assert statement.account_iban == "NL44RABO0123456789"
    hall, paid, costs = statement.entries
    assert hall.amount == Decimal("-45.00")
    assert (hall.counterparty_name, hall.counterparty_iban) == (
        "Sporthal De Boog",
        "NL91ABNA0417164300",
    )
    assert (hall.end_to_end_id, hall.transaction_code) == ("SDD-778", "ei")
    assert paid.amount == Decimal("1210.00")
    assert paid.remittance == "Factuur 2016-0042 betaald met dank"
    assert (paid.booking_date, paid.value_date) == (date(2017, 1, 3), date(2017, 1, 3))
    assert costs.counterparty_iban == ""  # "0000000000" is no account


def test_rabobank_export_before_2014_names_its_own_account_by_number_and_gets_its_iban():
    statement = only_statement(
        RABOBANK_2013.replace('"NL44RABO0123456789"', '"0123456789"'), "csv-rabobank-2013"
    )
    assert statement.account_iban == "NL44RABO0123456789"


def test_rabobank_export_before_2018_sign_must_be_c_or_d():
    broken = RABOBANK_2013.replace('"C",1210.00', '"X",1210.00')
    with pytest.raises(StatementError, match=r'line 2: the 4th column is "X"; expected "C"'):
        read(broken)


# --- de Volksbank: ASN, SNS, RegioBank -------------------------------------------------------


def volksbank(iban: str) -> str:
    return (
        f"17-06-2026,{iban},NL20INGB0001234567,Jansen B.V.,,,,EUR,130.44,EUR,1210.00,"
        "17-06-2026,17-06-2026,2754,NGM,51392971,1234567890123456,'Factuur 2026-001',26\n"
        f"18-06-2026,{iban},,,,,,EUR,1340.44,EUR,-2.20,18-06-2026,18-06-2026,7241,MSC,"
        "50951652,,'Kosten gebruik betaalrekening',26\n"
    )


@pytest.mark.parametrize(
    ("iban", "kind"),
    [
        ("NL57ASNB0123456789", "csv-asn"),
        ("NL12SNSB0123456789", "csv-sns"),
        ("NL32RBRB0123456789", "csv-regiobank"),
    ],
)
def test_de_volksbank_export_names_the_bank_its_iban_belongs_to(iban, kind):
    statement = only_statement(volksbank(iban), kind)
    assert statement.account_iban == iban
    assert (statement.opening_balance, statement.closing_balance) == (
        Decimal("130.44"),
        Decimal("1338.24"),
    )
    assert statement.entries[0].structured_reference == "1234567890123456"


# --- Revolut Business ------------------------------------------------------------------------

REVOLUT_HEADER = [
    "Date started (UTC)",
    "Date completed (UTC)",
    "ID",
    "Type",
    "State",
    "Description",
    "Reference",
    "Payer",
    "Card number",
    "Card label",
    "Card state",
    "Orig currency",
    "Orig amount",
    "Payment currency",
    "Amount",
    "Total amount",
    "Exchange rate",
    "Fee",
    "Fee currency",
    "Balance",
    "Account",
    "Beneficiary account number",
    "Beneficiary sort code or routing number",
    "Beneficiary IBAN",
    "Beneficiary BIC",
    "MCC",
    "Related transaction id",
    "Spend program",
]


def revolut_line(**cells: str) -> str:
    known = {"".join(filter(str.isalnum, column.casefold())): column for column in REVOLUT_HEADER}
    values = {known[key.replace("_", "")]: value for key, value in cells.items()}
    return ",".join(values.get(column, "") for column in REVOLUT_HEADER)


def revolut(*lines: str, header: list[str] = REVOLUT_HEADER) -> str:
    return "\n".join([",".join(header), *lines])


# Newest first, as Revolut lists them; one card payment still pending.
REVOLUT_LINES = (
    revolut_line(
        date_started_utc="2026-03-04 09:12:40",
        date_completed_utc="2026-03-04 09:12:41",
        id="7a3c9e2e-0000-4000-8000-000000000003",
        type="TRANSFER",
        state="COMPLETED",
        description="To De Vries Installatie",
        reference="Order 7781",
        payer="Anna de Wit",
        payment_currency="EUR",
        amount="-250.00",
        total_amount="-250.20",
        fee="-0.20",
        fee_currency="EUR",
        balance="2459.80",
        account="EUR Main",
        beneficiary_iban="NL91ABNA0417164300",
        beneficiary_bic="ABNANL2A",
    ),
    revolut_line(
        date_started_utc="2026-03-03 12:00:00",
        id="7a3c9e2e-0000-4000-8000-000000000002",
        type="CARD_PAYMENT",
        state="PENDING",
        description="Koffiebar Centraal",
        payer="Anna de Wit",
        card_number="459999******1234",
        payment_currency="EUR",
        amount="-3.50",
        total_amount="-3.50",
        account="EUR Main",
    ),
    revolut_line(
        date_started_utc="2026-03-02 08:00:00",
        date_completed_utc="2026-03-02 08:00:05",
        id="7a3c9e2e-0000-4000-8000-000000000001",
        type="TRANSFER",
        state="COMPLETED",
        description="Payment from Bakkerij Jansen B.V.",
        reference="Factuur 2026-0042",
        payment_currency="EUR",
        amount="1210.00",
        total_amount="1210.00",
        fee="0.00",
        balance="2710.00",
        account="EUR Main",
    ),
)
REVOLUT_IBAN = "NL09REVO0123456789"


def test_revolut_business_export_books_completed_transactions_with_their_fees():
    statement = only_statement(
        revolut(*REVOLUT_LINES), "csv-revolut-business", f"{REVOLUT_IBAN} maart.csv"
    )
    assert statement.account_iban == REVOLUT_IBAN
    assert (statement.opening_balance, statement.closing_balance) == (
        Decimal("1500.00"),
        Decimal("2459.80"),
    )
    paid, transfer = statement.entries  # the pending card payment is not on the account
    assert paid.amount == Decimal("1210.00")
    assert (paid.counterparty_name, paid.remittance) == (
        "Bakkerij Jansen B.V.",
        "Factuur 2026-0042",
    )
    assert paid.bank_reference == "7a3c9e2e-0000-4000-8000-000000000001"
    assert paid.booking_date == date(2026, 3, 2)
    assert transfer.amount == Decimal("-250.20")  # the fee is part of what left the account
    assert (transfer.counterparty_iban, transfer.counterparty_bic) == (
        "NL91ABNA0417164300",
        "ABNANL2A",
    )
    assert transfer.counterparty_name == "De Vries Installatie"


def test_revolut_business_export_without_total_amount_takes_the_fee_off_the_amount():
    header = [column for column in REVOLUT_HEADER if column != "Total amount"]
    lines = [
        revolut_line(
            date_started_utc="2026-03-04",
            date_completed_utc="2026-03-04",
            id="r-2",
            type="TRANSFER",
            description="To De Vries Installatie",
            payment_currency="EUR",
            amount="-250.00",
            fee="0.20",
            balance="2459.80",
            account="EUR Main",
        ),
    ]
    text = _drop_column(revolut(*lines), REVOLUT_HEADER.index("Total amount"))
    assert text.splitlines()[0].split(",") == header
    statement = only_statement(text, "csv-revolut-business", f"{REVOLUT_IBAN}.csv")
    assert statement.entries[0].amount == Decimal("-250.20")


def _drop_column(text: str, index: int) -> str:
    return "\n".join(
        ",".join(cell for i, cell in enumerate(line.split(",")) if i != index)
        for line in text.splitlines()
    )


def test_revolut_business_export_without_an_iban_is_refused_saying_how():
    with pytest.raises(StatementError, match=r'says "EUR Main"\): put the IBAN in the file name'):
        read(revolut(*REVOLUT_LINES), "transaction-statement_2026-03.csv")


def test_revolut_lines_of_another_currency_account_are_refused_naming_the_line():
    dollars = revolut_line(
        date_started_utc="2026-03-05",
        date_completed_utc="2026-03-05",
        id="r-usd",
        type="TOPUP",
        state="COMPLETED",
        description="Money added from Acme Inc",
        payment_currency="USD",
        amount="100.00",
        total_amount="100.00",
        balance="100.00",
        account="USD Main",
    )
    with pytest.raises(StatementError, match=r"line 5: this line is in USD, the lines before"):
        read(revolut(*REVOLUT_LINES, dollars), f"{REVOLUT_IBAN}.csv")


# --- Knab ------------------------------------------------------------------------------------

KNAB_WITHOUT_TITLE = (
    "Rekeningnummer;Transactiedatum;Valutacode;CreditDebet;Bedrag;Tegenrekeningnummer;"
    "Tegenrekeninghouder;Valutadatum;Betaalwijze;Omschrijving;Type betaling;Machtigingsnummer;"
    "Incassant ID;Adres;Referentie;Boekdatum;\n"
    '"NL92KNAB0123123123";"05-03-2026";"EUR";"C";"1.210,00";"NL20INGB0001234567";'
    '"Jansen B.V.";"05-03-2026";"Ontvangen betaling";"Factuur 2026-0042";"";"";"";"";'
    '"B9F21PGYA068V2KD";"05-03-2026";\n'
)


def test_knab_export_reads_without_its_title_line_too():
    statement = only_statement(KNAB_WITHOUT_TITLE, "csv-knab")
    (entry,) = statement.entries
    assert (entry.amount, entry.bank_reference) == (Decimal("1210.00"), "B9F21PGYA068V2KD")


# --- recognising the layouts without a header ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (RABOBANK_2013, "csv-rabobank-2013"),
        (TRIODOS, "csv-triodos"),
        (volksbank("NL12SNSB0123456789"), "csv-sns"),
        (volksbank("NL20INGB0001234567"), "csv-volksbank"),
        (
            "123456789\tEUR\t20260305\t1000,00\t980,00\t20260305\t-20,00\tBEA NR:X1 Jumbo,PAS123",
            "csv-abnamro",
        ),
    ],
)
def test_each_headerless_layout_is_told_by_what_only_it_has(text, kind):
    first = text.splitlines()[0]
    delimiter = "\t" if "\t" in first else ","
    layout = headerless_layout(next(csv.reader([first], delimiter=delimiter)))
    assert layout is not None
    assert layout.format == kind


def test_a_line_with_many_columns_but_no_layout_s_marks_is_not_guessed():
    cells = ["02-03-2026", "NL70TRIO0123456789", "12,50", "Maybe", *[""] * 15]
    assert headerless_layout(cells) is None


def test_a_headerless_line_cut_short_names_the_column_by_its_position():
    cut = TRIODOS + '\n03-03-2026,NL70TRIO0123456789,"5,00"'
    with pytest.raises(StatementError, match=r"line 4: has no column 4 \(only 3 cells"):
        read(cut)
