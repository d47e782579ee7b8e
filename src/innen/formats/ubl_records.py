"""What a UBL 2.1 invoice or credit note says, as plain records (`innen.formats.ubl` reads them).

Every field the file may leave out is empty ("" or None): the EN 16931 rules
(`innen.formats.ubl_rules`) and the import decide what a missing field means. Amounts are
exact `Decimal`s as written in the file, never rounded here.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

INVOICE = "invoice"
CREDIT_NOTE = "credit_note"

# UNTDID 1001 document type codes that make an <Invoice> a credit note (Peppol allows it).
CREDIT_TYPE_CODES = frozenset({"81", "83", "381", "396", "532"})

# Identifier schemes (ISO 6523 ICD as Peppol writes them, and the older Dutch "NL:KVK" style).
KVK_SCHEMES = frozenset({"0106", "NL:KVK", "KVK"})
VAT_SCHEMES = frozenset({"9944", "NL:VAT", "VAT"})


@dataclass(frozen=True)
class Party:
    """A seller or buyer (`cac:Party`), with the identifiers innen can match on."""

    name: str = ""
    endpoint_id: str = ""  # Peppol endpoint (BT-34/BT-49), as "scheme:id"
    identifiers: tuple[str, ...] = ()  # cac:PartyIdentification/cbc:ID, as written
    kvk_number: str = ""
    vat_numbers: tuple[str, ...] = ()
    account_id: str = ""  # the number the supplier gave this customer, when the file says it
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = ""
    contact_person: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class VatBreakdown:
    """One `cac:TaxSubtotal`: the VAT of one category and rate (its `cac:TaxCategory` of
    the VAT scheme, else its first)."""

    category: str
    percent: Decimal | None
    taxable: Decimal | None
    amount: Decimal | None


@dataclass(frozen=True)
class Taxed:
    """A line's net amount or a document-level allowance or charge, with the VAT category
    and rate it falls under (`cac:ClassifiedTaxCategory` or `cac:TaxCategory`)."""

    amount: Decimal | None
    category: str = ""
    percent: Decimal | None = None


@dataclass(frozen=True)
class VatTotal:
    """One `cac:TaxTotal`: its amount in `currency`, with the breakdown it holds."""

    amount: Decimal | None
    currency: str
    breakdown: tuple[VatBreakdown, ...] = ()


@dataclass(frozen=True)
class Totals:
    """`cac:LegalMonetaryTotal` (BG-22)."""

    line_extension: Decimal | None = None  # BT-106 sum of invoice line net amounts
    allowances: Decimal | None = None  # BT-107
    charges: Decimal | None = None  # BT-108
    tax_exclusive: Decimal | None = None  # BT-109
    tax_inclusive: Decimal | None = None  # BT-112
    prepaid: Decimal | None = None  # BT-113
    rounding: Decimal | None = None  # BT-114
    payable: Decimal | None = None  # BT-115


@dataclass(frozen=True)
class Attachment:
    """An embedded document (`cac:AdditionalDocumentReference`)."""

    name: str
    mime_code: str
    data: bytes


@dataclass(frozen=True)
class UblDocument:
    """One invoice or credit note."""

    root: str  # "Invoice" or "CreditNote", the element the document is
    number: str = ""
    type_code: str = ""
    issue_date: date | None = None
    due_date: date | None = None  # cbc:DueDate, or the payment means' or terms' due date
    terms_days: int | None = None  # "within 30 days" in the payment terms' note
    currency: str = ""
    supplier: Party | None = None
    customer: Party | None = None
    totals: Totals = field(default_factory=Totals)
    vat_totals: tuple[VatTotal, ...] = ()
    lines: tuple[Taxed, ...] = ()  # each line's net amount (BT-131)
    allowances: tuple[Taxed, ...] = ()  # document-level allowances (BG-20)
    charges: tuple[Taxed, ...] = ()  # document-level charges (BG-21)
    payment_ids: tuple[str, ...] = ()  # cac:PaymentMeans/cbc:PaymentID (BT-83)
    payee_ibans: tuple[str, ...] = ()  # cac:PayeeFinancialAccount/cbc:ID (BT-84)
    credited_invoices: tuple[str, ...] = ()  # cac:BillingReference (BT-25)
    attachments: tuple[Attachment, ...] = ()

    @property
    def line_amounts(self) -> tuple[Decimal | None, ...]:
        return tuple(line.amount for line in self.lines)

    @property
    def document_allowances(self) -> tuple[Decimal | None, ...]:
        return tuple(allowance.amount for allowance in self.allowances)

    @property
    def document_charges(self) -> tuple[Decimal | None, ...]:
        return tuple(charge.amount for charge in self.charges)

    @property
    def kind(self) -> str:
        """INVOICE or CREDIT_NOTE: a CreditNote, or an Invoice with a credit type code."""
        if self.root == "CreditNote" or self.type_code in CREDIT_TYPE_CODES:
            return CREDIT_NOTE
        return INVOICE

    @property
    def vat_in_currency(self) -> Decimal | None:
        """The document's VAT total (BT-110): the TaxTotal in the document currency."""
        amounts = [t.amount for t in self.vat_totals if t.currency in ("", self.currency)]
        if len(self.vat_totals) == 1 and not amounts:
            amounts = [self.vat_totals[0].amount]
        return amounts[0] if amounts else None

    @property
    def pdf(self) -> Attachment | None:
        """The first embedded PDF: the invoice as its customer sees it."""
        for attachment in self.attachments:
            if attachment.mime_code.lower() == "application/pdf":
                return attachment
        return None
