"""What goes in and out of the API, per resource. Money is a decimal string, e.g. "121.00"."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from innen.api.fields import Amount, Currency, Id, Money, Text
from innen.balances import invoice_balance
from innen.collection.models import ActionStatus, HoldReason, MessageStatus, StepKind
from innen.ledger.models import CustomerKind
from innen.organisations.models import Language

# Customers -------------------------------------------------------------------------------


class CustomerFields(Schema):
    kind: CustomerKind | None = None
    name: Text | None = Field(None, max_length=200)
    contact_person: Text | None = Field(None, max_length=200)
    emails: Text | None = Field(None, max_length=500, description="Comma-separated.")
    phone: Text | None = Field(None, max_length=40)
    street: Text | None = Field(None, max_length=200)
    postcode: Text | None = Field(None, max_length=12)
    city: Text | None = Field(None, max_length=100)
    country: Text | None = Field(None, max_length=2)
    kvk_number: Text | None = Field(None, max_length=8)
    vat_number: Text | None = Field(None, max_length=20)
    language: Language | None = None
    segment: Text | None = Field(None, max_length=50)
    notes: Text | None = Field(None, max_length=5000)
    external_reference: Text | None = Field(None, max_length=100)


class CustomerPatch(CustomerFields):
    """Only the fields sent change; the customer number does not."""


class CustomerIn(CustomerFields):
    number: Text = Field(max_length=50)
    kind: CustomerKind
    name: Text = Field(max_length=200)
    ibans: list[Text] = Field(default_factory=list, max_length=20)


class CustomerOut(Schema):
    id: int
    number: str
    kind: str
    name: str
    contact_person: str
    emails: str
    phone: str
    street: str
    postcode: str
    city: str
    country: str
    kvk_number: str
    vat_number: str
    language: str
    segment: str
    notes: str
    external_reference: str
    ibans: list[str]
    created_at: datetime

    @staticmethod
    def resolve_ibans(obj: Any) -> list[str]:
        return [known.iban for known in obj.ibans.all()]


# Invoices --------------------------------------------------------------------------------


class InvoiceIn(Schema):
    customer_id: Id
    number: Text = Field(max_length=50)
    issue_date: date
    due_date: date = Field(description="The last day to pay.")
    currency: Currency = "EUR"
    amount_excl_vat: Money
    vat_amount: Money = Decimal("0.00")
    total: Money = Field(description="Amount excl. VAT plus VAT; more than 0.")
    payment_reference: Text = Field("", max_length=35)
    external_reference: Text = Field("", max_length=100)


class InvoicePatch(Schema):
    """What may change of an invoice; its amounts change by credit notes, not here."""

    due_date: date | None = None
    payment_reference: Text | None = Field(None, max_length=35)
    external_reference: Text | None = Field(None, max_length=100)


class InvoiceOut(Schema):
    id: int
    customer_id: int
    number: str
    issue_date: date
    due_date: date
    currency: str
    amount_excl_vat: Amount
    vat_amount: Amount
    total: Amount
    paid: Amount
    credited: Amount
    written_off: Amount
    open_amount: Amount
    status: str = Field(description="open, partially_paid, paid, credited or written_off")
    payment_reference: str
    external_reference: str
    created_at: datetime

    @staticmethod
    def resolve_status(obj: Any) -> str:
        return invoice_balance(
            total=obj.total, paid=obj.paid, credited=obj.credited, written_off=obj.written_off
        ).status.value


# Credit notes ----------------------------------------------------------------------------


class CreditNoteIn(Schema):
    customer_id: Id
    invoice_id: Id | None = Field(None, description="The invoice it credits; settles it.")
    number: Text = Field(max_length=50)
    issue_date: date
    currency: Currency = "EUR"
    amount_excl_vat: Money
    vat_amount: Money = Decimal("0.00")
    total: Money
    external_reference: Text = Field("", max_length=100)


class CreditNoteOut(Schema):
    id: int
    customer_id: int
    invoice_id: int | None
    number: str
    issue_date: date
    currency: str
    amount_excl_vat: Amount
    vat_amount: Amount
    total: Amount
    external_reference: str
    created_at: datetime


# Payments --------------------------------------------------------------------------------


class PaymentIn(Schema):
    customer_id: Id | None = Field(
        None, description="Who paid; empty: the customer of the named invoices, else nobody yet."
    )
    invoice_ids: list[Id] = Field(
        default_factory=list,
        max_length=100,
        description="Invoices the payer named: paid first, then the oldest due (art. 6:43 BW).",
    )
    date: date
    amount: Money
    currency: Currency = "EUR"
    payer_name: Text = Field("", max_length=200)
    payer_iban: Text = Field("", max_length=34)
    description: Text = Field("", max_length=500)
    external_reference: Text = Field("", max_length=100, description="Unique when given.")


class AllocationOut(Schema):
    invoice_id: int
    amount: Amount


class PaymentOut(Schema):
    id: int
    customer_id: int | None
    date: date
    amount: Amount
    currency: str
    payer_name: str
    payer_iban: str
    description: str
    external_reference: str
    allocations: list[AllocationOut]
    unallocated: Amount
    created_at: datetime

    @staticmethod
    def resolve_allocations(obj: Any) -> list[dict[str, Any]]:
        return [{"invoice_id": a.invoice_id, "amount": a.amount} for a in obj.allocations.all()]

    @staticmethod
    def resolve_unallocated(obj: Any) -> Decimal:
        return Decimal(obj.amount - sum(a.amount for a in obj.allocations.all()))


# Holds -----------------------------------------------------------------------------------


class HoldIn(Schema):
    customer_id: Id | None = Field(None, description="Every invoice of this customer; or:")
    invoice_id: Id | None = Field(None, description="Only this invoice.")
    reason: HoldReason
    starts_on: date | None = Field(None, description="Empty: today.")
    ends_on: date | None = Field(
        None, description="The last day of the pause; empty: until lifted."
    )
    note: Text = Field("", max_length=2000)


class HoldLiftIn(Schema):
    reason: Text = Field("", max_length=200)


class HoldOut(Schema):
    id: int
    customer_id: int
    invoice_id: int | None
    reason: str
    starts_on: date
    ends_on: date | None
    note: str
    created_at: datetime


class HoldLiftOut(Schema):
    hold: HoldOut | None = Field(
        description="The hold as it is now; null when it was lifted before it began (removed)."
    )


# Actions ---------------------------------------------------------------------------------


class ActionOut(Schema):
    id: int
    invoice_id: int
    customer_id: int
    step: str
    kind: StepKind
    scheduled_on: date
    decided_on: date
    pay_before: date | None
    open_amount: Amount
    claims_costs: bool
    claims_interest: bool
    status: ActionStatus
    reason: str
    message_id: int | None
    message_status: MessageStatus | None = Field(
        description="awaiting_approval: approve or reject it (the whole message, every invoice)."
    )

    @staticmethod
    def resolve_customer_id(obj: Any) -> int:
        return int(obj.invoice.customer_id)

    @staticmethod
    def resolve_step(obj: Any) -> str:
        return str(obj.step.name)

    @staticmethod
    def resolve_message_status(obj: Any) -> str | None:
        return obj.message.status if obj.message_id else None


class RejectIn(Schema):
    reason: Text = Field("", max_length=200)


# Dossier events --------------------------------------------------------------------------


class EventOut(Schema):
    id: int
    seq: int = Field(description="Its place in the organisation's chain, from 1.")
    occurred_at: datetime
    day: date
    kind: str
    customer_id: int | None
    invoice_id: int | None
    actor: str
    payload: dict[str, Any]
    prev_hash: str = Field(description="The hash of the event before (SHA-256, hex).")
    hash: str = Field(description="SHA-256 over this event's canonical form and prev_hash.")


class ChainOut(Schema):
    last_seq: int = Field(description="The newest event's number (0: none).")
    head_seq: int = Field(description="The newest number the chain's head recorded.")
    head_hash: str | None = Field(description="The head's hash (null: nothing recorded).")
    warnings: list[str] = Field(
        description="What `innen dossier verify` warns of: an emptied dossier, or one shorter "
        "than (or different from) what its last export showed. Empty: nothing seen."
    )
