"""Read a UBL 2.1 invoice or credit note (Peppol BIS Billing 3.0, NLCIUS / SI-UBL 2.0, the
older Dutch UBL) into plain records (`innen.formats.ubl_records`).

XML is parsed with defusedxml, which refuses DTDs and entities (no billion laughs, no
external entities). Amounts are read as exact `Decimal`s. What the file leaves out stays
empty; whether the document is complete and adds up is decided by `innen.formats.ubl_rules`.
"""

import base64
import binascii
import re
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from innen.formats import ubl_messages as m
from innen.formats.ubl_parties import party
from innen.formats.ubl_records import (
    Attachment,
    Taxed,
    Totals,
    UblDocument,
    VatBreakdown,
    VatTotal,
)
from innen.translatable import say

CAC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2}"
CBC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"
ROOTS = {
    "{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice": "Invoice",
    "{urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2}CreditNote": "CreditNote",
}
LARGEST_DIGITS = 12  # the ledger keeps amounts below a trillion (14 digits, 2 of them cents)
TERMS_DAYS = re.compile(r"(\d{1,3})\s*(?:days|dagen|dage|dager|tage|jours|giorni|d\b)", re.I)


class UblError(ValueError):
    """The file cannot be read as a UBL invoice; the message is a translatable `Text`."""


def read_ubl(data: bytes) -> UblDocument:
    """Read the invoice or credit note in `data`; raise UblError when it is not one."""
    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise UblError(say(m.DTD_FORBIDDEN)) from exc
    except (ParseError, LookupError) as exc:  # LookupError: an encoding Python does not know
        raise UblError(say(m.NOT_XML, error=exc)) from exc
    return read_element(root)


def is_ubl(root: Element) -> bool:
    return root.tag in ROOTS


def read_element(root: Element) -> UblDocument:
    """Read an `Invoice` or `CreditNote` element (a whole file, or one in a test set)."""
    if root.tag not in ROOTS:
        raise UblError(say(m.NOT_UBL, root=root.tag.rpartition("}")[2]))
    name = ROOTS[root.tag]
    supplier = root.find(f"{CAC}AccountingSupplierParty")
    customer = root.find(f"{CAC}AccountingCustomerParty")
    line_tag = "InvoiceLine" if name == "Invoice" else "CreditNoteLine"
    issue_date = _date(root, f"{CBC}IssueDate")
    return UblDocument(
        root=name,
        number=_text(root, f"{CBC}ID"),
        type_code=_text(root, f"{CBC}InvoiceTypeCode") or _text(root, f"{CBC}CreditNoteTypeCode"),
        issue_date=issue_date,
        due_date=_due_date(root),
        terms_days=_terms_days(root),
        currency=_text(root, f"{CBC}DocumentCurrencyCode"),
        supplier=party(supplier) if supplier is not None else None,
        customer=party(customer) if customer is not None else None,
        totals=_totals(root.find(f"{CAC}LegalMonetaryTotal")),
        vat_totals=tuple(_vat_total(t) for t in root.findall(f"{CAC}TaxTotal")),
        lines=tuple(
            _taxed(line, f"{CBC}LineExtensionAmount", f"{CAC}Item/{CAC}ClassifiedTaxCategory")
            for line in root.findall(f"{CAC}{line_tag}")
        ),
        allowances=tuple(_allowances(root, charge=False)),
        charges=tuple(_allowances(root, charge=True)),
        payment_ids=_texts(root, f"{CAC}PaymentMeans/{CBC}PaymentID"),
        payee_ibans=_texts(root, f"{CAC}PaymentMeans/{CAC}PayeeFinancialAccount/{CBC}ID"),
        credited_invoices=_texts(
            root, f"{CAC}BillingReference/{CAC}InvoiceDocumentReference/{CBC}ID"
        ),
        attachments=tuple(_attachments(root)),
    )


def due_date(document: UblDocument, default_days: int) -> date | None:
    """When the document must be paid: its due date, else the issue date plus the days its
    payment terms name, else plus `default_days` (None without an issue date)."""
    if document.due_date is not None:
        return document.due_date
    if document.issue_date is None:
        return None
    days = document.terms_days if document.terms_days is not None else default_days
    return document.issue_date + timedelta(days=days)


# Reading elements ---------------------------------------------------------------------------


def _text(element: Element, path: str) -> str:
    found = element.find(path)
    return (found.text or "").strip() if found is not None else ""


def _texts(element: Element, path: str) -> tuple[str, ...]:
    return tuple(text for e in element.findall(path) if (text := (e.text or "").strip()))


def _amount(element: Element | None, path: str) -> Decimal | None:
    if element is None:
        return None
    found = element.find(path)
    if found is None or not (found.text or "").strip():
        return None
    text = (found.text or "").strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise UblError(say(m.NOT_AN_AMOUNT, element=_local(path), text=text))
    if value and value.adjusted() >= LARGEST_DIGITS:
        raise UblError(say(m.AMOUNT_TOO_LARGE, element=_local(path), text=text))
    return value


def _date(element: Element, path: str) -> date | None:
    text = _text(element, path)
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError as exc:
        raise UblError(say(m.NOT_A_DATE, element=_local(path), text=text)) from exc


def _local(path: str) -> str:
    return "cbc:" + path.rpartition("}")[2]


def _due_date(root: Element) -> date | None:
    for path in (
        f"{CBC}DueDate",
        f"{CAC}PaymentMeans/{CBC}PaymentDueDate",
        f"{CAC}PaymentTerms/{CBC}PaymentDueDate",
        f"{CAC}PaymentTerms/{CAC}SettlementPeriod/{CBC}EndDate",
    ):
        found = _date(root, path)
        if found is not None:
            return found
    return None


def _terms_days(root: Element) -> int | None:
    for note in _texts(root, f"{CAC}PaymentTerms/{CBC}Note"):
        found = TERMS_DAYS.search(note)
        if found:
            return int(found.group(1))
    return None


def _totals(element: Element | None) -> Totals:
    def amount(name: str) -> Decimal | None:
        return _amount(element, f"{CBC}{name}")

    return Totals(
        line_extension=amount("LineExtensionAmount"),
        allowances=amount("AllowanceTotalAmount"),
        charges=amount("ChargeTotalAmount"),
        tax_exclusive=amount("TaxExclusiveAmount"),
        tax_inclusive=amount("TaxInclusiveAmount"),
        prepaid=amount("PrepaidAmount"),
        rounding=amount("PayableRoundingAmount"),
        payable=amount("PayableAmount"),
    )


def _vat_total(element: Element) -> VatTotal:
    found = element.find(f"{CBC}TaxAmount")
    currency = found.get("currencyID", "") if found is not None else ""
    breakdown = tuple(_vat_breakdown(sub) for sub in element.findall(f"{CAC}TaxSubtotal"))
    return VatTotal(_amount(element, f"{CBC}TaxAmount"), currency.strip(), breakdown)


def _vat_breakdown(element: Element) -> VatBreakdown:
    """The subtotal's category and rate come from its cac:TaxCategory of the VAT scheme, as
    the schematron selects it; failing one (old Dutch UBL names the scheme "BTW" without an
    ID), from its first category, and the rate from the subtotal itself (UBL 2.0 put it
    there), so that such an invoice is checked as its sender meant rather than refused."""
    categories = element.findall(f"{CAC}TaxCategory")
    vat = next(
        (c for c in categories if _text(c, f"{CAC}TaxScheme/{CBC}ID").upper() == "VAT"),
        categories[0] if categories else None,
    )
    percent = _amount(vat, f"{CBC}Percent")
    return VatBreakdown(
        category=_text(vat, f"{CBC}ID") if vat is not None else "",
        percent=percent if percent is not None else _amount(element, f"{CBC}Percent"),
        taxable=_amount(element, f"{CBC}TaxableAmount"),
        amount=_amount(element, f"{CBC}TaxAmount"),
    )


def _allowances(root: Element, *, charge: bool) -> Iterator[Taxed]:
    wanted = ("true", "1") if charge else ("false", "0")
    for element in root.findall(f"{CAC}AllowanceCharge"):
        if _text(element, f"{CBC}ChargeIndicator").lower() in wanted:
            yield _taxed(element, f"{CBC}Amount", f"{CAC}TaxCategory")


def _taxed(element: Element, amount: str, category: str) -> Taxed:
    return Taxed(
        amount=_amount(element, amount),
        category=_text(element, f"{category}/{CBC}ID"),
        percent=_amount(element, f"{category}/{CBC}Percent"),
    )


def _attachments(root: Element) -> Iterator[Attachment]:
    path = f"{CAC}AdditionalDocumentReference/{CAC}Attachment/{CBC}EmbeddedDocumentBinaryObject"
    for element in root.findall(path):
        name = element.get("filename", "")
        try:
            data = base64.b64decode("".join((element.text or "").split()), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise UblError(say(m.NOT_BASE64, name=name or "?")) from exc
        yield Attachment(name=name, mime_code=element.get("mimeCode", ""), data=data)
