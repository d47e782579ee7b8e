from datetime import date
from decimal import Decimal

from innen.formats.ledger_csv import (
    CREDIT_NOTE,
    INVOICE,
    read_customers,
    read_invoices,
    read_payments,
)

INVOICE_HEADER = "factuurnummer;klantnummer;factuurdatum;vervaldatum;bedrag excl btw;btw;totaal"


def invoices(*lines: str, header: str = INVOICE_HEADER):
    return read_invoices("\n".join([header, *lines]).encode())


def accept_all(address: str) -> None:
    if "@" not in address:
        raise ValueError(f'"{address}" is not a valid e-mail address')


def test_an_invoice_line_is_read_into_a_typed_row():
    parsed = invoices("F1;C1;01-11-2026;2026-12-01;1.000,00;210,00;1.210,00")
    assert parsed.errors == ()
    (row,) = parsed.rows
    assert row.kind == INVOICE
    assert row.issue_date == date(2026, 11, 1)
    assert (row.amount_excl_vat, row.vat_amount, row.total) == (
        Decimal("1000.00"),
        Decimal("210.00"),
        Decimal("1210.00"),
    )


def test_a_missing_total_is_excl_plus_vat_and_a_missing_excl_is_total_less_vat():
    parsed = read_invoices(
        b"invoice number,customer number,invoice date,due date,amount excl vat,vat,total\n"
        b"F1,C1,2026-11-01,2026-12-01,100.00,21.00,\n"
        b"F2,C1,2026-11-01,2026-12-01,,,50.00\n"
    )
    assert [r.total for r in parsed.rows] == [Decimal("121.00"), Decimal("50.00")]
    assert [r.amount_excl_vat for r in parsed.rows] == [Decimal("100.00"), Decimal("50.00")]


def test_a_total_that_is_not_excl_plus_vat_is_refused():
    parsed = invoices("F1;C1;01-11-2026;01-12-2026;100,00;21,00;120,00")
    (error,) = parsed.errors
    assert (error.line, error.column) == (2, "totaal")
    assert "120,00 is not the amount excl. VAT 100,00 plus VAT 21,00 (= 121,00)" in error.message


def test_mixing_amount_styles_in_one_file_names_the_first_line():
    parsed = invoices(
        "F1;C1;01-11-2026;01-12-2026;1.000,00;210,00;1.210,00",
        "F2;C1;01-11-2026;01-12-2026;100.00;21.00;121.00",
    )
    assert {(e.line, e.column) for e in parsed.errors} == {(3, "bedrag excl btw")}
    assert "line 2" in parsed.errors[0].message


def test_an_invoice_with_a_zero_or_negative_total_is_refused():
    parsed = invoices("F1;C1;01-11-2026;01-12-2026;;;0,00", "F2;C1;01-11-2026;01-12-2026;;;-5,00")
    assert [(e.line, e.column) for e in parsed.errors] == [(2, "totaal"), (3, "totaal")]
    assert "creditnota" in parsed.errors[1].message


def test_a_credit_note_may_be_exported_with_negative_amounts():
    parsed = invoices(
        "C1;K1;01-11-2026;;-100,00;-21,00;-121,00;creditnota;F1",
        header=INVOICE_HEADER + ";type;gecrediteerde factuur",
    )
    (row,) = parsed.rows
    assert (row.kind, row.total, row.credited_invoice) == (CREDIT_NOTE, Decimal("121.00"), "F1")
    assert row.due_date is None


def test_only_a_credit_note_names_a_credited_invoice():
    parsed = invoices(
        "F2;K1;01-11-2026;01-12-2026;;;10,00;factuur;F1",
        header=INVOICE_HEADER + ";type;gecrediteerde factuur",
    )
    assert parsed.errors[0].column == "gecrediteerde factuur"


def test_a_due_date_before_the_invoice_date_is_refused():
    parsed = invoices("F1;C1;01-11-2026;31-10-2026;;;10,00")
    assert (parsed.errors[0].line, parsed.errors[0].column) == (2, "vervaldatum")


def test_an_invoice_needs_a_due_date():
    parsed = invoices("F1;C1;01-11-2026;;;;10,00")
    assert "required" in parsed.errors[0].message


def test_a_duplicate_invoice_number_is_refused_on_the_second_line_naming_the_first():
    parsed = invoices(
        "F1;C1;01-11-2026;01-12-2026;;;10,00",
        "F2;C1;01-11-2026;01-12-2026;;;10,00",
        "F1;C1;01-11-2026;01-12-2026;;;10,00",
    )
    (error,) = parsed.errors
    assert (error.line, error.column) == (4, "factuurnummer")
    assert error.message == 'invoice number "F1" is already on line 2'


def test_every_bad_line_is_reported_not_only_the_first():
    parsed = invoices(
        "F1;C1;31-02-2026;01-12-2026;;;10,00",
        "F2;C1;01-11-2026;01-12-2026;;;1.234",
        "F3;C1;01-11-2026;01-12-2026;;;10,00",
        "F4;C1;2026/11/01;01-12-2026;;;10,00",
    )
    assert [e.line for e in parsed.errors] == [2, 3, 5]
    assert [r.number for r in parsed.rows] == ["F3"]


def test_only_euros_are_accepted():
    parsed = invoices("F1;C1;01-11-2026;01-12-2026;;;10,00;USD", header=INVOICE_HEADER + ";valuta")
    assert "only EUR" in parsed.errors[0].message


def test_a_customer_line_is_read_with_cleaned_identifiers():
    parsed = read_customers(
        b"klantnummer;naam;soort;e-mail;postcode;kvk;btw-nummer;iban;land\n"
        b'K1;Jansen;particulier;"a@x.nl; b@x.nl";1234ab;;;"nl91 abna 0417 1643 00, '
        b'BE68539007547034";Nederland\n',
        check_email=accept_all,
    )
    assert parsed.errors == ()
    (row,) = parsed.rows
    assert row.kind == "consumer"
    assert row.emails == "a@x.nl, b@x.nl"
    assert row.postcode == "1234 AB"
    assert row.country == "NL"
    assert row.ibans == ("NL91ABNA0417164300", "BE68539007547034")


def test_a_bad_iban_kvk_vat_or_email_names_its_line_and_column():
    parsed = read_customers(
        b"klantnummer;naam;iban;kvk;btw-nummer;e-mail\n"
        b"K1;A;NL91ABNA0417164301;;;\n"
        b"K2;B;;1234;;\n"
        b"K3;C;;;NL123;\n"
        b"K4;D;;;;not-an-address\n",
        check_email=accept_all,
    )
    assert [(e.line, e.column) for e in parsed.errors] == [
        (2, "iban"),
        (3, "kvk"),
        (4, "btw-nummer"),
        (5, "e-mail"),
    ]
    assert "IBAN" in parsed.errors[0].message


def test_a_payment_without_a_reference_gets_a_stable_fingerprint():
    data = b"datum;bedrag;tegenrekening;omschrijving\n2026-11-01;10,00;NL91ABNA0417164300;F1\n"
    first, second = read_payments(data).rows[0], read_payments(data).rows[0]
    assert first.external_reference.startswith("csv:")
    assert first.external_reference == second.external_reference
    assert not first.reference_given


def test_the_same_payment_twice_without_a_reference_is_refused():
    parsed = read_payments(b"datum;bedrag;omschrijving\n2026-11-01;10,00;x\n2026-11-01;10,00;x\n")
    assert parsed.errors[0].line == 3
    assert "line 2" in parsed.errors[0].message


def test_a_payment_must_be_more_than_zero():
    parsed = read_payments(b"datum;bedrag\n2026-11-01;-10,00\n")
    assert (parsed.errors[0].line, parsed.errors[0].column) == (2, "bedrag")


def test_a_duplicate_number_on_a_line_with_other_problems_is_reported_too():
    parsed = invoices(
        "F1;C1;01-11-2026;01-12-2026;;;10,00",
        "F1;C1;01-11-2026;01-12-2026;;;1.234",
    )
    assert [(e.line, e.column) for e in parsed.errors] == [(3, "factuurnummer"), (3, "totaal")]


def test_an_invoice_and_a_credit_note_may_share_a_number():
    parsed = invoices(
        "F1;C1;01-11-2026;01-12-2026;;;10,00;factuur",
        "F1;C1;01-11-2026;;;;10,00;creditnota",
        header=INVOICE_HEADER + ";type",
    )
    assert parsed.errors == ()


def test_a_style_clash_is_reported_on_a_line_with_other_problems_too():
    parsed = invoices(
        "F1;C1;01-11-2026;01-12-2026;;;10,00",
        "F2;C1;2026/11/01;01-12-2026;;;10.00",
    )
    assert [(e.line, e.column) for e in parsed.errors] == [(3, "factuurdatum"), (3, "totaal")]
