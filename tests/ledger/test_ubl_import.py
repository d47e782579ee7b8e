"""Importing UBL invoices and credit notes: every example in ../shared/data/ubl is imported or
refused as it should be, each file all or nothing, the same file twice changes nothing."""

from pathlib import Path

import pytest
from django.utils import translation

from innen.bench.ubl import an_invoice
from innen.dossier.models import Event
from innen.formats.ubl import read_ubl
from innen.ledger.importing.ubl import CREATED, REFUSED, UNCHANGED, import_ubl
from innen.ledger.models import CreditNote, Customer, Invoice
from tests import factories
from tests.samplefiles import a_pdf

pytestmark = pytest.mark.django_db

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "ubl"
EN = "ConnectingEurope_eInvoicing-EN16931/"
PEPPOL = "OpenPEPPOL_peppol-bis-invoice-3/rules/"
SI = "patrickvanamstel_SimplerInvoicing/si-sender/src/test/resources/nl/kaninefatendreef/si/"
LOGIUS = "Logius-standaarden_basisfactuur-rijk/technische-documentatie/"
ONLY_EUR = "innen keeps amounts in EUR only"
NOT_IN_INNEN = "which is not in innen; import it first"

# Examples refused on their own, with a part of the reason; the others are imported, unless
# they are not in euros (innen's ledger keeps EUR only).
REFUSED_EXAMPLES = {
    # The 2013 Dutch file's lines do not add up to its total (EN 16931 BR-CO-10).
    SI + "document/ubl.xml": "BR-CO-10: the sum of the lines' net amounts is 107.16",
    # Credit notes of an invoice that is not in the ledger (imported in a test below).
    PEPPOL + "examples/base-creditnote-correction.xml": 'invoice "Snippet1", which is not',
    PEPPOL + "examples/base-negative-inv-correction.xml": 'invoice "Snippet1", which is not',
    PEPPOL + "snippets/CreditNote-snippets.xml": NOT_IN_INNEN,
    PEPPOL + "snippets/Snippet-cn.xml": 'credits invoice "123"',
    PEPPOL + "snippets/base-creditnote-correction.xml": NOT_IN_INNEN,
    PEPPOL + "snippets/base-negative-inv-correction.xml": NOT_IN_INNEN,
}


def examples() -> list[str]:
    if not SHARED.is_dir():
        return []
    return sorted(
        str(path.relative_to(SHARED))
        for path in SHARED.rglob("*.xml")
        if "-unit-UBL" not in str(path)
    )


shared_data = pytest.mark.shared_data
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} is absent")


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def organisation_selling(data: bytes, **fields):
    """An organisation that is the seller of the invoice in `data` (by its KvK, VAT, IBAN)."""
    document = read_ubl(data)
    seller = document.supplier
    assert seller is not None
    identity = {
        "kvk_number": seller.kvk_number,
        "vat_number": seller.vat_numbers[0] if seller.vat_numbers else "",
        "iban": document.payee_ibans[0].replace(" ", "")[:34] if document.payee_ibans else "",
    }
    return factories.organisation(**{**identity, **fields})


def shared(relative: str) -> bytes:
    return (SHARED / relative).read_bytes()


@shared_data
@needs_shared
@pytest.mark.parametrize("relative", examples() or ["(none)"])
def test_each_example_is_imported_or_refused_as_it_should(relative):
    data = shared(relative)
    org = organisation_selling(data)
    report = import_ubl(organisation=org, name=relative, data=data)
    document = read_ubl(data)
    if relative in REFUSED_EXAMPLES:
        assert report.outcome == REFUSED
        assert REFUSED_EXAMPLES[relative] in " ".join(report.errors)
        assert not Customer.objects.filter(organisation=org).exists()
    elif document.currency != "EUR":
        assert report.outcome == REFUSED
        assert report.errors == (f'the invoice is in "{document.currency}"; {ONLY_EUR}',)
    else:
        assert report.errors == ()
        assert report.outcome == CREATED
        kept = Invoice if report.kind == "invoice" else CreditNote
        entry = kept.objects.get(organisation=org, number=document.number)
        assert entry.total == abs(document.totals.payable)


@shared_data
@needs_shared
def test_an_invoice_gets_its_customer_dates_amounts_reference_and_events():
    data = shared(LOGIUS + "Peppol_BIS_3_voorbeeldbericht_Basisfactuur_Rijk.xml")
    org = organisation_selling(data)
    report = import_ubl(organisation=org, name="p01.xml", data=data)
    assert (report.outcome, report.customer_created) == (CREATED, True)
    invoice = Invoice.objects.get(organisation=org)
    assert (invoice.number, str(invoice.issue_date), str(invoice.due_date)) == (
        "P01",
        "2020-11-13",
        "2020-12-01",
    )
    assert (str(invoice.amount_excl_vat), str(invoice.vat_amount), str(invoice.total)) == (
        "3250.00",
        "676.50",
        "3926.50",
    )
    assert invoice.supply == "unknown"  # UBL has no reliable goods/services flag
    customer = invoice.customer
    assert customer.name == "Min. van RegistrationName"  # as the example writes it
    assert customer.peppol_id == "0190:99990004000000072222"
    kinds = set(Event.objects.filter(organisation=org).values_list("kind", flat=True))
    assert {"customer_created", "invoice_imported"} <= kinds


@shared_data
@needs_shared
def test_the_same_file_twice_changes_nothing():
    data = shared(EN + "ubl/examples/ubl-tc434-example8.xml")
    org = organisation_selling(data)
    first = import_ubl(organisation=org, name="a.xml", data=data)
    events = Event.objects.filter(organisation=org).count()
    again = import_ubl(organisation=org, name="a.xml", data=data)
    assert (first.outcome, again.outcome) == (CREATED, UNCHANGED)
    assert Invoice.objects.filter(organisation=org).count() == 1
    assert Customer.objects.filter(organisation=org).count() == 1
    assert Event.objects.filter(organisation=org).count() == events


@shared_data
@needs_shared
def test_the_same_number_with_another_due_date_is_refused_saying_what_differs():
    data = shared(EN + "ubl/examples/ubl-tc434-example8.xml")
    org = organisation_selling(data)
    import_ubl(organisation=org, name="a.xml", data=data)
    changed = data.replace(b"<cbc:DueDate>2014-11-24", b"<cbc:DueDate>2014-12-24")
    report = import_ubl(organisation=org, name="b.xml", data=changed)
    assert report.outcome == REFUSED
    assert report.errors == (
        'invoice "1100512149" already exists with due date 24-11-2014; this file says 24-12-2014',
    )
    assert str(Invoice.objects.get(organisation=org).due_date) == "2014-11-24"


def test_an_invoice_whose_totals_do_not_add_up_is_refused_naming_the_rule():
    data = an_invoice(payable="130.00")
    org = factories.organisation(vat_number="NL820098395B01")
    report = import_ubl(organisation=org, name="a.xml", data=data)
    assert report.rules == ("BR-CO-16",)
    assert report.errors[0].startswith("BR-CO-16: the amount due is 130.00")
    assert not Invoice.objects.filter(organisation=org).exists()


def test_an_invoice_with_a_pdf_keeps_it_as_the_invoices_pdf():
    org = factories.organisation(vat_number="NL820098395B01")
    report = import_ubl(organisation=org, name="a.xml", data=an_invoice(pdf=a_pdf()))
    assert report.pdf_stored
    invoice = Invoice.objects.get(organisation=org)
    assert invoice.pdf.read().startswith(b"%PDF")


def test_a_file_with_a_dtd_is_refused_unread():
    data = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + an_invoice().split(b"?>", 1)[1]
    )
    org = factories.organisation(vat_number="NL820098395B01")
    report = import_ubl(organisation=org, name="a.xml", data=data)
    assert report.outcome == REFUSED
    assert "declares a DTD" in report.errors[0]


def test_without_a_due_date_the_terms_or_the_statutory_30_days_apply():
    org = factories.organisation(vat_number="NL820098395B01")
    import_ubl(organisation=org, name="a.xml", data=an_invoice(due="", number="T1"))
    terms = "<cac:PaymentTerms><cbc:Note>Betaling binnen 14 dagen</cbc:Note></cac:PaymentTerms>"
    import_ubl(organisation=org, name="b.xml", data=an_invoice(due="", number="T2", extra=terms))
    due = dict(Invoice.objects.filter(organisation=org).values_list("number", "due_date"))
    assert (str(due["T1"]), str(due["T2"])) == ("2026-12-01", "2026-11-15")


def test_the_customer_is_found_by_its_kvk_number():
    org = factories.organisation(vat_number="NL820098395B01")
    known = factories.customer(org, number="K7", kvk_number="87650001")
    report = import_ubl(organisation=org, name="a.xml", data=an_invoice())
    assert (report.customer_created, report.customer_number) == (False, "K7")
    assert Invoice.objects.get(organisation=org).customer == known


def test_the_customer_is_found_by_its_vat_number():
    org = factories.organisation(vat_number="NL820098395B01")
    known = factories.customer(org, number="K8", vat_number="NL000099998B57")
    vat = (
        "<cac:PartyTaxScheme><cbc:CompanyID>NL000099998B57</cbc:CompanyID>"
        "<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>"
    )
    data = an_invoice(buyer=9).replace(
        b"</cac:PostalAddress>", b"</cac:PostalAddress>" + vat.encode()
    )
    report = import_ubl(organisation=org, name="a.xml", data=data)
    assert (report.customer_created, report.customer_number) == (False, "K8")
    assert Invoice.objects.get(organisation=org).customer == known


def test_the_customer_is_found_by_its_peppol_endpoint():
    org = factories.organisation(vat_number="NL820098395B01")
    known = factories.customer(org, number="K9", peppol_id="0106:87650003")
    data = an_invoice(buyer=3).replace(
        b'<cbc:CompanyID schemeID="0106">87650003</cbc:CompanyID>', b""
    )
    report = import_ubl(organisation=org, name="a.xml", data=data)
    assert (report.customer_created, report.customer_number) == (False, "K9")
    assert Invoice.objects.get(organisation=org).customer == known


def test_a_new_customer_gets_the_buyers_address_email_and_identifiers():
    org = factories.organisation(vat_number="NL820098395B01")
    import_ubl(organisation=org, name="a.xml", data=an_invoice(buyer=4))
    customer = Customer.objects.get(organisation=org)
    assert (customer.number, customer.name, customer.kvk_number) == (
        "87650004",
        "Koper 4 B.V.",
        "87650004",
    )
    assert (customer.street, customer.postcode, customer.city, customer.country) == (
        "Kerkstraat 1",
        "3511 AB",
        "Utrecht",
        "NL",
    )
    assert (customer.emails, customer.peppol_id) == ("factuur@koper.nl", "0106:87650004")


def test_the_same_credit_note_twice_changes_nothing():
    org = factories.organisation(vat_number="NL820098395B01")
    import_ubl(organisation=org, name="i.xml", data=an_invoice(number="F-1"))
    note = (
        an_invoice(number="CN-1")
        .replace(b"<cbc:InvoiceTypeCode>380", b"<cbc:InvoiceTypeCode>381")
        .replace(
            b"<cac:AccountingSupplierParty>",
            b"<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>F-1</cbc:ID>"
            b"</cac:InvoiceDocumentReference></cac:BillingReference><cac:AccountingSupplierParty>",
        )
    )
    first = import_ubl(organisation=org, name="c.xml", data=note)
    again = import_ubl(organisation=org, name="c.xml", data=note)
    assert (first.outcome, first.kind, again.outcome) == (CREATED, "credit_note", UNCHANGED)
    credit = CreditNote.objects.get(organisation=org)
    assert credit.invoice is not None and credit.invoice.number == "F-1"
    assert Invoice.objects.get(organisation=org).outstanding == 0


def test_an_organisation_without_kvk_vat_or_iban_cannot_import():
    org = factories.organisation(kvk_number="", vat_number="", iban="")
    report = import_ubl(organisation=org, name="a.xml", data=an_invoice())
    assert report.outcome == REFUSED
    assert "has no KvK number, VAT number or IBAN yet" in report.errors[0]
