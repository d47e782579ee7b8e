"""What a package's ledger looks like to innen: package-neutral records, pure data.

A package adapter fills what its API carries and leaves the rest empty. Amounts are Decimal
in the invoice's currency, positive; a credit note is its own record with `is_credit_note`.
`version` is what the package says changes when the record changes (a version number or a
modification time as text): the same id with the same version is the same record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum


@dataclass(frozen=True)
class ExternalContact:
    external_id: str
    version: str
    name: str
    is_consumer: bool | None = None  # None: the package does not say
    customer_number: str = ""
    email: str = ""
    kvk: str = ""
    vat: str = ""
    address: str = ""
    postcode: str = ""
    city: str = ""
    country: str = ""  # ISO 3166 alpha-2
    ibans: tuple[str, ...] = ()
    language: str = ""  # "nl", "en" or empty


class InvoiceState(StrEnum):
    OPEN = "open"  # sent and not (fully) paid
    PAID = "paid"
    WRITTEN_OFF = "written_off"  # the package booked the rest as uncollectable
    CANCELLED = "cancelled"  # withdrawn in the package: no longer a claim
    DRAFT = "draft"  # not sent yet: not a claim, innen ignores it


@dataclass(frozen=True)
class ExternalInvoice:
    external_id: str
    version: str
    contact_external_id: str
    number: str
    issue_date: date
    due_date: date
    total: Decimal  # including VAT, positive (a credit note's amount too)
    state: InvoiceState
    currency: str = "EUR"
    vat: Decimal | None = None
    is_credit_note: bool = False
    credited_external_id: str = ""  # the invoice a credit note credits, when the package says
    payment_reference: str = ""
    pdf_url: str = ""


class PaymentKind(StrEnum):
    PAYMENT = "payment"  # money received
    WRITE_OFF = "write_off"  # booked as uncollectable in the package
    CREDIT = "credit"  # settled against a credit note


@dataclass(frozen=True)
class ExternalPayment:
    external_id: str
    version: str
    invoice_external_id: str
    amount: Decimal  # positive: reduces what the invoice's customer owes
    paid_on: date
    kind: PaymentKind = PaymentKind.PAYMENT
    description: str = ""


@dataclass(frozen=True)
class Unmappable:
    """A record the adapter could not read (`kind`: "contact", "invoice", "payment")."""

    kind: str
    external_id: str
    reason: str


@dataclass(frozen=True)
class Batch:
    """One page of changes, and where to resume after it has been applied.

    The sync applies a batch's records in one transaction and stores `cursor` with them, so a
    sync killed at any point resumes after the last batch applied and never applies one twice
    in a way that duplicates (records are upserted by external id and version).
    """

    contacts: tuple[ExternalContact, ...] = ()
    invoices: tuple[ExternalInvoice, ...] = ()
    payments: tuple[ExternalPayment, ...] = ()
    deleted_invoice_ids: tuple[str, ...] = ()  # gone from the package: no longer a claim
    cursor: str = ""  # opaque to the sync; the adapter's own resume point
    progress: tuple[int, int] | None = field(default=None)  # (done, total) when the package tells
    unmappable: tuple[Unmappable, ...] = ()  # listed on the connection with their reason
