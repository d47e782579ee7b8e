"""Benchmark of the UBL import: Peppol invoices read, checked and written one file at a time.

Each file is its own transaction (all or nothing per file), with a new customer for every
tenth, as a month of e-invoices from an accounting package would be.
"""

import base64
import time
from collections.abc import Iterator

from innen.bench import Figure, benchmark
from innen.ledger.importing.ubl import CREATED, import_ubl_files
from innen.organisations.models import Organisation

FILES = 1_000
# The issue names no target. On this machine (2 shared cores, SQLite) a file costs about
# 25 ms, most of it the ledger's own services (model validation with its uniqueness
# queries, the dossier events). The floor: 20 files a second, a month of a busy SME's
# e-invoices (a few thousand) in a few minutes.
FLOOR = 20.0
SELLER_VAT = "NL820098395B01"

NS = (
    ' xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"'
    ' xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"'
    ' xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"'
)


@benchmark
def ubl() -> Iterator[Figure]:
    organisation = Organisation.objects.create(name="UBL bench B.V.", vat_number=SELLER_VAT)
    files = [(f"{n}.xml", an_invoice(number=f"UBL-{n:06d}", buyer=n // 10)) for n in range(FILES)]
    started = time.perf_counter()
    reports = import_ubl_files(organisation=organisation, files=files)
    seconds = time.perf_counter() - started
    assert all(r.outcome == CREATED for r in reports), [r.errors for r in reports if r.errors][:3]
    yield Figure("ubl_import_invoices_per_second", FILES / seconds, "files/s", floor=FLOOR)


def an_invoice(
    *,
    number: str = "M1",
    buyer: int = 1,
    payable: str = "121.00",
    due: str = "2026-12-01",
    pdf: bytes = b"",
    extra: str = "",
) -> bytes:
    """A Peppol BIS 3 invoice of 100.00 plus 21.00 VAT, sold by VAT NL820098395B01 to buyer
    `buyer` (KvK 8765xxxx); `extra` goes after the payment means (payment terms)."""
    kvk = f"8765{buyer:04d}"
    due_element = f"<cbc:DueDate>{due}</cbc:DueDate>" if due else ""
    return "\n".join(
        [
            f'<?xml version="1.0" encoding="UTF-8"?>\n<Invoice{NS}>',
            f"<cbc:ID>{number}</cbc:ID><cbc:IssueDate>2026-11-01</cbc:IssueDate>{due_element}",
            "<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>",
            "<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>",
            _attachment(number, pdf),
            "<cac:AccountingSupplierParty><cac:Party><cac:PartyTaxScheme>",
            f"<cbc:CompanyID>{SELLER_VAT}</cbc:CompanyID>",
            "<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>",
            "<cac:PartyLegalEntity><cbc:RegistrationName>Verkoper B.V.</cbc:RegistrationName>",
            "</cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>",
            "<cac:AccountingCustomerParty><cac:Party>",
            f'<cbc:EndpointID schemeID="0106">{kvk}</cbc:EndpointID>',
            "<cac:PostalAddress><cbc:StreetName>Kerkstraat 1</cbc:StreetName>",
            "<cbc:CityName>Utrecht</cbc:CityName><cbc:PostalZone>3511 AB</cbc:PostalZone>",
            "<cac:Country><cbc:IdentificationCode>NL</cbc:IdentificationCode></cac:Country>",
            "</cac:PostalAddress><cac:PartyLegalEntity>",
            f"<cbc:RegistrationName>Koper {buyer} B.V.</cbc:RegistrationName>",
            f'<cbc:CompanyID schemeID="0106">{kvk}</cbc:CompanyID></cac:PartyLegalEntity>',
            "<cac:Contact><cbc:ElectronicMail>factuur@koper.nl</cbc:ElectronicMail></cac:Contact>",
            "</cac:Party></cac:AccountingCustomerParty>",
            "<cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>",
            f"<cbc:PaymentID>{number}-REF</cbc:PaymentID></cac:PaymentMeans>{extra}",
            '<cac:TaxTotal><cbc:TaxAmount currencyID="EUR">21.00</cbc:TaxAmount>',
            '<cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">100.00</cbc:TaxableAmount>',
            '<cbc:TaxAmount currencyID="EUR">21.00</cbc:TaxAmount>',
            "<cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>21</cbc:Percent>",
            "<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory>",
            "</cac:TaxSubtotal></cac:TaxTotal><cac:LegalMonetaryTotal>",
            '<cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>',
            '<cbc:TaxExclusiveAmount currencyID="EUR">100.00</cbc:TaxExclusiveAmount>',
            '<cbc:TaxInclusiveAmount currencyID="EUR">121.00</cbc:TaxInclusiveAmount>',
            f'<cbc:PayableAmount currencyID="EUR">{payable}</cbc:PayableAmount>',
            "</cac:LegalMonetaryTotal><cac:InvoiceLine><cbc:ID>1</cbc:ID>",
            '<cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>',
            "<cac:Item><cbc:Name>Advies</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID>",
            "<cbc:Percent>21</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>",
            "</cac:ClassifiedTaxCategory></cac:Item></cac:InvoiceLine></Invoice>",
        ]
    ).encode()


def _attachment(number: str, pdf: bytes) -> str:
    if not pdf:
        return ""
    return (
        f"<cac:AdditionalDocumentReference><cbc:ID>{number}</cbc:ID><cac:Attachment>"
        f'<cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="{number}.pdf">'
        f"{base64.b64encode(pdf).decode()}</cbc:EmbeddedDocumentBinaryObject>"
        "</cac:Attachment></cac:AdditionalDocumentReference>"
    )
