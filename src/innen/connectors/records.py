"""What a package's ledger looks like to innen: package-neutral records, pure data.

A package adapter fills what its API carries and leaves the rest empty. Amounts are Decimal
in the invoice's currency, positive; a credit note is its own record with `is_credit_note`.
`version` is what the package says changes when the record changes (a version number or a
modification time as text): the same id with the same version is the same record.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any


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
    # The package's own key when it differs from `external_id` (Exact's GUID): how the
    # package names the record when it reports it deleted.
    internal_id: str = ""


class PaymentKind(StrEnum):
    PAYMENT = "payment"  # money received
    WRITE_OFF = "write_off"  # booked as uncollectable in the package
    CREDIT = "credit"  # settled against a credit note
    REFUND = "refund"  # money paid back to the customer on the invoice: open again by it


@dataclass(frozen=True)
class ExternalPayment:
    external_id: str
    version: str
    invoice_external_id: str
    amount: Decimal  # positive; reduces what the customer owes, a REFUND adds it back
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
    # The same, named by the package's internal id (`ExternalInvoice.internal_id`).
    deleted_internal_ids: tuple[str, ...] = ()
    # (external id, internal id) of invoices and credit notes innen took over before it kept
    # the package's internal id (`Package.internal_ids`): written to their refs.
    internal_ids: tuple[tuple[str, str], ...] = ()
    # Asked for by external id (`Package.internal_ids`) and not in the package: deleted there.
    missing_invoice_ids: tuple[str, ...] = ()
    # Every invoice and credit note the package holds now (a full listing), when the adapter
    # read one: what innen took over and is not among them was deleted in the package.
    present_invoice_ids: frozenset[str] | None = None
    # Payments that no longer stand: deleted, or reversed (unmatched) in the package.
    removed_payment_ids: tuple[str, ...] = ()
    # Invoices whose payments this batch lists completely: a payment innen took over for one
    # of them that the batch no longer lists was deleted in the package.
    payments_complete_for: tuple[str, ...] = ()
    contacts_known_only: bool = False  # contacts only to update: a new one makes no customer
    cursor: str = ""  # opaque to the sync; the adapter's own resume point
    progress: tuple[int, int] | None = field(default=None)  # (done, total) when the package tells
    unmappable: tuple[Unmappable, ...] = ()  # listed on the connection with their reason


def to_record(item: ExternalInvoice | ExternalPayment) -> dict[str, Any]:
    """A record as JSON-ready values, to keep it until it can be taken over."""
    values: dict[str, Any] = {}
    for name, value in asdict(item).items():
        if isinstance(value, (date, Decimal)):
            value = str(value)
        values[name] = value
    return values


def invoice_from_record(values: dict[str, Any]) -> ExternalInvoice:
    return ExternalInvoice(
        **{
            **values,
            "issue_date": date.fromisoformat(values["issue_date"]),
            "due_date": date.fromisoformat(values["due_date"]),
            "total": Decimal(values["total"]),
            "vat": None if values.get("vat") is None else Decimal(values["vat"]),
            "state": InvoiceState(values["state"]),
        }
    )


def payment_from_record(values: dict[str, Any]) -> ExternalPayment:
    return ExternalPayment(
        **{
            **values,
            "amount": Decimal(values["amount"]),
            "paid_on": date.fromisoformat(values["paid_on"]),
            "kind": PaymentKind(values["kind"]),
        }
    )
