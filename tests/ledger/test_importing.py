from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from innen.ledger import importing
from innen.ledger.models import (
    Allocation,
    CreditNote,
    Customer,
    CustomerIban,
    Invoice,
    Payment,
)
from tests import factories

pytestmark = pytest.mark.django_db

D = Decimal
INVOICE_HEADER = "factuurnummer;klantnummer;factuurdatum;vervaldatum;bedrag excl btw;btw;totaal"


@pytest.fixture(autouse=True)
def in_english():
    # The import speaks the active language (Dutch by default); these tests read its English.
    with translation.override("en"):
        yield


@pytest.fixture
def org():
    return factories.organisation()


@pytest.fixture
def cust(org):
    return factories.customer(org, number="K1")


def csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def import_invoices(org, *lines, header=INVOICE_HEADER, dry_run=False):
    return importing.import_invoices(organisation=org, data=csv(header, *lines), dry_run=dry_run)


def counts():
    return (
        Customer.objects.count(),
        CustomerIban.objects.count(),
        Invoice.objects.count(),
        CreditNote.objects.count(),
        Payment.objects.count(),
        Allocation.objects.count(),
    )


# Invoices ---------------------------------------------------------------------------------


def test_a_good_invoice_file_creates_every_invoice(org, cust):
    report = import_invoices(
        org,
        "F1;K1;01-11-2026;01-12-2026;1.000,00;210,00;1.210,00",
        "F2;K1;2026-11-02;2026-12-02;100,00;21,00;121,00",
    )
    assert report.ok, report.errors
    assert (report.created, report.unchanged, report.lines) == (2, 0, 2)
    invoice = Invoice.objects.get(number="F1")
    assert invoice.customer == cust
    assert invoice.total == D("1210.00")
    assert invoice.due_date == date(2026, 12, 1)
    assert invoice.organisation == org


def test_a_file_with_one_bad_line_imports_nothing(org, cust):
    before = counts()
    report = import_invoices(
        org,
        "F1;K1;01-11-2026;01-12-2026;100,00;21,00;121,00",
        "F2;K1;31-02-2026;01-12-2026;100,00;21,00;121,00",
        "F3;K1;01-11-2026;01-12-2026;100,00;21,00;121,00",
    )
    assert not report.ok
    assert [(e.line, e.column) for e in report.errors] == [(3, "factuurdatum")]
    assert report.created == 0
    assert counts() == before


def test_every_error_kind_of_a_broken_file_is_reported_with_line_and_column(org, cust):
    factories.invoice(org, cust, number="F-OLD", total="100.00")
    report = import_invoices(
        org,
        "F1;K1;01-11-2026;01-12-2026;100,00;21,00;121,00",
        "F2;K1;2026/11/01;01-12-2026;100,00;21,00;121,00",  # bad date
        "F3;K9;01-11-2026;01-12-2026;100,00;21,00;121,00",  # unknown customer
        "F1;K1;01-11-2026;01-12-2026;100,00;21,00;121,00",  # duplicate number
        "F4;K1;01-11-2026;01-12-2026;1.234;21,00;121,00",  # ambiguous amount
        "F5;K1;01-11-2026;01-12-2026;1,234.56;21,00;1.255,56",  # other style
        "F-OLD;K1;01-01-2026;31-01-2026;100,00;20,00;120,00",  # exists, different total
    )
    found = {(e.line, e.column): e.message for e in report.errors}
    assert "is not a date" in found[(3, "factuurdatum")]
    assert found[(4, "klantnummer")] == 'no customer with number "K9"; import the customers first'
    assert found[(5, "factuurnummer")] == 'invoice number "F1" is already on line 2'
    assert "ambiguous" in found[(6, "bedrag excl btw")]
    assert "line 2" in found[(7, "bedrag excl btw")]
    assert found[(8, "totaal")] == (
        'invoice "F-OLD" already exists with total 100,00; this line says 120,00'
    )
    assert Invoice.objects.count() == 1


def test_an_unknown_customer_is_reported_on_a_line_with_other_problems_too(org, cust):
    report = import_invoices(org, "F1;K9;31-02-2026;01-12-2026;;;10,00")
    assert [e.column for e in report.errors] == ["factuurdatum", "klantnummer"]


def test_importing_the_same_file_twice_changes_nothing(org, cust):
    lines = (
        "F1;K1;01-11-2026;01-12-2026;100,00;21,00;121,00",
        "F2;K1;01-11-2026;01-12-2026;100,00;21,00;121,00",
    )
    assert import_invoices(org, *lines).created == 2
    before = counts()
    again = import_invoices(org, *lines)
    assert again.ok
    assert (again.created, again.unchanged) == (0, 2)
    assert counts() == before


def test_an_existing_invoice_with_other_data_is_never_overwritten(org, cust):
    import_invoices(org, "F1;K1;01-11-2026;01-12-2026;100,00;21,00;121,00")
    report = import_invoices(org, "F1;K1;01-11-2026;15-12-2026;100,00;21,00;121,00")
    assert report.errors[0].column == "vervaldatum"
    assert "already exists with due date 01-12-2026; this line says 15-12-2026" in (
        report.errors[0].message
    )
    assert Invoice.objects.get(number="F1").due_date == date(2026, 12, 1)


def test_a_dry_run_reports_the_counts_and_writes_nothing(org, cust):
    report = import_invoices(org, "F1;K1;01-11-2026;01-12-2026;;;121,00", dry_run=True)
    assert report.ok and report.dry_run
    assert report.created == 1
    assert Invoice.objects.count() == 0


def test_another_organisations_customers_and_invoices_are_not_seen(org, cust):
    other = factories.organisation("Other B.V.")
    factories.customer(other, number="K2")
    report = import_invoices(org, "F1;K2;01-11-2026;01-12-2026;;;121,00")
    assert report.errors[0].column == "klantnummer"


def test_a_credit_note_naming_an_invoice_settles_it(org, cust):
    report = import_invoices(
        org,
        "F1;K1;01-11-2026;01-12-2026;100,00;21,00;121,00;factuur;",
        "C1;K1;05-11-2026;;-100,00;-21,00;-121,00;creditnota;F1",
        "C2;K1;06-11-2026;;10,00;;10,00;credit;",
        header=INVOICE_HEADER + ";type;gecrediteerde factuur",
    )
    assert report.ok, report.errors
    assert (report.created, report.credit_notes_created) == (3, 2)
    note = CreditNote.objects.get(number="C1")
    assert note.invoice.number == "F1"
    assert Invoice.objects.get(number="F1").balance().open_amount == D("0.00")
    assert CreditNote.objects.get(number="C2").invoice is None


def test_a_credit_note_for_an_unknown_or_anothers_invoice_is_refused(org, cust):
    other = factories.customer(org, number="K2")
    factories.invoice(org, other, number="F-K2")
    report = import_invoices(
        org,
        "C1;K1;05-11-2026;;;;10,00;creditnota;F-NONE",
        "C2;K1;05-11-2026;;;;10,00;creditnota;F-K2",
        header=INVOICE_HEADER + ";type;gecrediteerde factuur",
    )
    assert [(e.line, e.column) for e in report.errors] == [
        (2, "gecrediteerde factuur"),
        (3, "gecrediteerde factuur"),
    ]
    assert 'of customer "K2"' in report.errors[1].message
    assert CreditNote.objects.count() == 0


def test_a_model_rule_is_reported_on_its_line_and_column(org, cust):
    report = import_invoices(org, f"{'F' * 51};K1;01-11-2026;01-12-2026;;;10,00")
    assert (report.errors[0].line, report.errors[0].column) == (2, "factuurnummer")


def test_a_large_file_with_one_bad_line_at_the_end_imports_nothing(org, cust):
    day = date(2026, 1, 1)
    lines = [
        f"F{n:05d};K1;{day:%d-%m-%Y};{day + timedelta(days=30):%d-%m-%Y};100,00;21,00;121,00"
        for n in range(5000)
    ]
    bad = import_invoices(org, *lines, "F99999;K1;01-01-2026;01-02-2026;;;1.234")
    assert [e.line for e in bad.errors] == [5002]
    assert Invoice.objects.count() == 0
    good = import_invoices(org, *lines)
    assert good.created == 5000
    assert Invoice.objects.count() == 5000


# Customers --------------------------------------------------------------------------------


CUSTOMER_FILE = (
    "klantnummer;naam;soort;e-mail;postcode;plaats;kvk;iban",
    'K10;Jansen Bouw B.V.;zakelijk;info@jansen.nl;1234ab;Utrecht;12345678;"NL91ABNA0417164300"',
    "K11;Piet de Vries;particulier;piet@example.nl;;;;",
)


def test_a_customers_file_creates_customers_and_their_ibans(org):
    report = importing.import_customers(organisation=org, data=csv(*CUSTOMER_FILE))
    assert report.ok, report.errors
    assert (report.created, report.ibans_added) == (2, 1)
    jansen = Customer.objects.get(number="K10")
    assert (jansen.kind, jansen.postcode, jansen.language) == ("business", "1234 AB", "nl")
    assert list(jansen.ibans.values_list("iban", flat=True)) == ["NL91ABNA0417164300"]
    assert Customer.objects.get(number="K11").kind == "consumer"


def test_re_importing_customers_changes_nothing(org):
    importing.import_customers(organisation=org, data=csv(*CUSTOMER_FILE))
    before = counts()
    again = importing.import_customers(organisation=org, data=csv(*CUSTOMER_FILE))
    assert (again.ok, again.created, again.unchanged, again.ibans_added) == (True, 0, 2, 0)
    assert counts() == before


def test_a_new_iban_of_an_existing_customer_is_added(org):
    importing.import_customers(organisation=org, data=csv(*CUSTOMER_FILE))
    report = importing.import_customers(
        organisation=org, data=csv("klantnummer;naam;iban", "K11;Piet de Vries;BE68539007547034")
    )
    assert (report.unchanged, report.ibans_added) == (1, 1)


def test_an_existing_customer_with_another_name_is_an_error(org):
    importing.import_customers(organisation=org, data=csv(*CUSTOMER_FILE))
    report = importing.import_customers(
        organisation=org, data=csv("klantnummer;naam", "K10;Jansen Bouw en Zonen B.V.")
    )
    assert report.errors[0].column == "naam"
    assert 'already exists with name "Jansen Bouw B.V."' in report.errors[0].message


def test_a_bad_email_is_refused_with_djangos_validator(org):
    report = importing.import_customers(
        organisation=org, data=csv("klantnummer;naam;e-mail", "K1;A;info@@jansen")
    )
    assert (report.errors[0].line, report.errors[0].column) == (2, "e-mail")
    assert Customer.objects.count() == 0


def test_a_bad_iban_in_a_customers_file_imports_nothing(org):
    report = importing.import_customers(
        organisation=org,
        data=csv("klantnummer;naam;iban", "K1;A;NL91ABNA0417164300", "K2;B;NL00ABNA0417164300"),
    )
    assert [(e.line, e.column) for e in report.errors] == [(3, "iban")]
    assert counts()[:2] == (0, 0)


def test_a_consumer_with_a_kvk_number_is_refused_by_the_model_rule(org):
    report = importing.import_customers(
        organisation=org, data=csv("klantnummer;naam;soort;kvk", "K1;A;particulier;12345678")
    )
    assert (report.errors[0].line, report.errors[0].column) == (2, "soort")


# Payments ---------------------------------------------------------------------------------

PAYMENT_HEADER = "datum;bedrag;klantnummer;factuurnummer;tegenrekening;omschrijving;referentie"


def import_payments(org, *lines, header=PAYMENT_HEADER, dry_run=False):
    return importing.import_payments(organisation=org, data=csv(header, *lines), dry_run=dry_run)


def test_a_payment_pays_the_invoice_the_payer_named(org, cust):
    older = factories.invoice(org, cust, number="F1", total="100.00", due=date(2026, 1, 1))
    named = factories.invoice(org, cust, number="F2", total="100.00", due=date(2026, 2, 1))
    report = import_payments(org, "01-03-2026;100,00;;F2;;betaling F2;TX1")
    assert report.ok, report.errors
    assert named.balance().open_amount == D("0.00")
    assert older.balance().open_amount == D("100.00")
    assert Payment.objects.get().customer == cust


def test_a_payment_without_an_invoice_pays_the_oldest_due_first(org, cust):
    older = factories.invoice(org, cust, number="F1", total="100.00", due=date(2026, 1, 1))
    factories.invoice(org, cust, number="F2", total="100.00", due=date(2026, 2, 1))
    assert import_payments(org, "01-03-2026;100,00;K1;;;;TX1").ok
    assert older.balance().open_amount == D("0.00")


def test_a_payment_from_a_known_iban_is_the_customers(org, cust):
    factories.invoice(org, cust, number="F1", total="100.00")
    cust.ibans.create(organisation=org, iban="NL91ABNA0417164300")
    assert import_payments(org, "01-03-2026;40,00;;;NL91 ABNA 0417 1643 00;;").ok
    assert Payment.objects.get().customer == cust


def test_importing_payments_twice_changes_nothing_with_or_without_a_reference(org, cust):
    factories.invoice(org, cust, number="F1", total="100.00")
    lines = ("01-03-2026;10,00;K1;;;;TX1", "02-03-2026;20,00;K1;;;zonder referentie;")
    assert import_payments(org, *lines).created == 2
    before = counts()
    again = import_payments(org, *lines)
    assert (again.ok, again.created, again.unchanged) == (True, 0, 2)
    assert counts() == before
    assert Payment.objects.filter(external_reference__startswith="csv:").count() == 1


def test_a_payment_reference_that_exists_with_another_amount_is_an_error(org, cust):
    import_payments(org, "01-03-2026;10,00;K1;;;;TX1")
    report = import_payments(org, "01-03-2026;12,00;K1;;;;TX1")
    assert report.errors[0].column == "bedrag"
    assert "already exists with amount 10,00; this line says 12,00" in report.errors[0].message


def test_a_payment_for_an_unknown_customer_or_invoice_is_refused(org, cust):
    report = import_payments(org, "01-03-2026;10,00;K9;;;;TX1", "01-03-2026;10,00;;F9;;;TX2")
    assert [(e.line, e.column) for e in report.errors] == [(2, "klantnummer"), (3, "factuurnummer")]
    assert Payment.objects.count() == 0


def test_a_payment_naming_another_customers_invoice_is_refused(org, cust):
    other = factories.customer(org, number="K2")
    factories.invoice(org, other, number="F-K2")
    report = import_payments(org, "01-03-2026;10,00;K1;F-K2;;;TX1")
    assert 'of customer "K2"' in report.errors[0].message


def test_a_bad_payer_iban_is_refused(org, cust):
    report = import_payments(org, "01-03-2026;10,00;K1;;NL00ABNA0417164300;;TX1")
    assert (report.errors[0].line, report.errors[0].column) == (2, "tegenrekening")


def test_an_unknown_kind_of_file_is_a_programming_error(org):
    with pytest.raises(ValueError):
        importing.import_file(kind="orders", organisation=org, data=b"")


def test_a_payment_the_ledger_refuses_while_writing_names_its_line(org, cust):
    # The file's checks let every line through (something changed since): the ledger
    # refuses the lot, and one by one the line it refuses is named.
    from innen.formats.ledger_csv import PaymentRow
    from innen.ledger.importing.checks import WriteError
    from innen.ledger.importing.payments import PaymentLine, write_payments

    factories.invoice(org, cust, number="F1", total="100.00")

    def item(line: int, description: str):
        row = PaymentRow(
            line, date(2026, 3, line), D("10.00"), "K1", (), "", "", description, f"TX{line}", True
        )
        return PaymentLine(row, cust, ())

    lot = [item(2, "eerste"), item(3, "x" * 600), item(4, "derde")]

    with pytest.raises(WriteError) as refused:
        write_payments(org, lot, importing.NoProgress())

    assert refused.value.error.line == 3
    assert "500" in refused.value.error.message
