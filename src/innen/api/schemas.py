"""What goes in and out of the API, per resource. Money is a decimal string, e.g. "121.00"."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

from innen.api.fields import (
    NOT_SENT,
    Amount,
    BodyId,
    Currency,
    Day,
    Iban,
    In,
    Money,
    PositiveMoney,
    Text,
)
from innen.balances import invoice_balance
from innen.collection.behaviour import segment_of
from innen.collection.models import ActionStatus, HoldReason, MessageStatus, StepKind
from innen.file_messages import translated
from innen.ledger.models import CustomerKind, Supply
from innen.organisations.models import Language

# Customers -------------------------------------------------------------------------------


class CustomerFields(In):
    """Each field left out stays as it is (or takes its default); none of them takes null."""

    kind: CustomerKind = Field(NOT_SENT)
    name: Text = Field(NOT_SENT, min_length=1, max_length=200)
    contact_person: Text = Field(NOT_SENT, max_length=200)
    emails: Text = Field(
        NOT_SENT,
        max_length=500,
        description="E-mail addresses, comma-separated; each must be valid.",
    )
    phone: Text = Field(NOT_SENT, max_length=40)
    street: Text = Field(NOT_SENT, max_length=200)
    postcode: Text = Field(NOT_SENT, max_length=12)
    city: Text = Field(NOT_SENT, max_length=100)
    country: str = Field(NOT_SENT, pattern=r"^[A-Z]{2}$", description="ISO 3166, e.g. NL.")
    kvk_number: str = Field(
        NOT_SENT, pattern=r"^([0-9]{8})?$", description="Eight digits; a consumer has none."
    )
    vat_number: Text = Field(
        NOT_SENT,
        max_length=20,
        description="An EU VAT number with a valid check digit; a consumer has none.",
    )
    language: Language = Field(NOT_SENT)
    segment: Text = Field(NOT_SENT, max_length=50)
    notes: Text = Field(NOT_SENT, max_length=5000)
    external_reference: Text = Field(NOT_SENT, max_length=100)


class CustomerPatch(CustomerFields):
    """Only the fields sent change; the customer number does not."""


class CustomerIn(CustomerFields):
    number: Text = Field(min_length=1, max_length=50)
    kind: CustomerKind
    name: Text = Field(min_length=1, max_length=200)
    ibans: list[Iban] = Field(default_factory=list, max_length=20)


class BehaviourOut(Schema):
    code: str = Field(description="punctual, forgetful, slow, in_trouble, disputing, silent or new")
    label: str = Field(description="The segment's name in the reader's language.")
    reason: str = Field(description="Why, in the reader's language.")
    computed_on: date


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
    behaviour: BehaviourOut | None = Field(
        description="Its behaviour segment as the daily job last computed it (null before the "
        "first time); `segment` is the one typed in."
    )

    @staticmethod
    def resolve_ibans(obj: Any) -> list[str]:
        return [known.iban for known in obj.ibans.all()]

    @staticmethod
    def resolve_behaviour(obj: Any) -> dict[str, Any] | None:
        found = segment_of(obj)
        if found is None:
            return None
        return {
            "code": found.code,
            "label": translated(found.label),
            "reason": translated(found.reason),
            "computed_on": found.computed_on,
        }


# Invoices --------------------------------------------------------------------------------


SUPPLY = (
    "goods, services or unknown: a consumer's goods are time-barred after 2 years (art. 7:28"
    " BW), services after 5 (art. 3:307); unknown counts as goods, the shorter term."
)


class InvoiceIn(In):
    customer_id: BodyId
    number: Text = Field(min_length=1, max_length=50)
    issue_date: Day
    due_date: Day = Field(description="The last day to pay; not before the issue date.")
    currency: Currency = "EUR"
    amount_excl_vat: Money
    vat_amount: Money = Decimal("0.00")
    total: PositiveMoney = Field(description="Amount excl. VAT plus VAT; at least 0.01.")
    payment_reference: Text = Field("", max_length=35)
    external_reference: Text = Field("", max_length=100)
    supply: Supply = Field(Supply.UNKNOWN, description=SUPPLY)


class InvoicePatch(In):
    """What may change of an invoice; its amounts change by credit notes, not here."""

    due_date: Day = Field(NOT_SENT, description="Not before the issue date.")
    payment_reference: Text = Field(NOT_SENT, max_length=35)
    external_reference: Text = Field(NOT_SENT, max_length=100)
    supply: Supply = Field(NOT_SENT, description=SUPPLY)


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
    supply: str = Field(description="goods, services or unknown")
    created_at: datetime

    @staticmethod
    def resolve_status(obj: Any) -> str:
        return invoice_balance(
            total=obj.total, paid=obj.paid, credited=obj.credited, written_off=obj.written_off
        ).status.value


class InvoiceClaimOut(InvoiceOut):
    """An invoice with the claim on it as of `claim_on` (`innen.outbox.invoice_claim`)."""

    claim_on: date = Field(description="The day the claim is computed for (`?on=`, else today).")
    interest: Amount = Field(description="Interest the letters claimed, to `claim_on`.")
    collection_costs: Amount = Field(description="Collection costs (incl. VAT) claimed.")
    claim_total: Amount = Field(
        description="Open principal on `claim_on` plus interest plus collection costs."
    )
    interest_waived: bool
    costs_waived: bool
    limitation: date = Field(
        description="The last day to interrupt limitation (art. 3:307/7:28, 3:317 BW)."
    )


# Credit notes ----------------------------------------------------------------------------


class CreditNoteIn(In):
    customer_id: BodyId
    invoice_id: BodyId | None = Field(None, description="The invoice it credits; settles it.")
    number: Text = Field(min_length=1, max_length=50)
    issue_date: Day
    currency: Currency = "EUR"
    amount_excl_vat: Money
    vat_amount: Money = Decimal("0.00")
    total: PositiveMoney = Field(description="Amount excl. VAT plus VAT; at least 0.01.")
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


class PaymentIn(In):
    customer_id: BodyId | None = Field(
        None, description="Who paid; empty: the customer of the named invoices, else nobody yet."
    )
    invoice_ids: list[BodyId] = Field(
        default_factory=list,
        max_length=100,
        description="Invoices the payer named: paid first, then the oldest due (art. 6:43 BW).",
    )
    date: Day
    amount: PositiveMoney
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
    charges_paid: list[AllocationOut] = Field(
        description="What the payment paid of the named invoices' interest and collection "
        "costs, beyond their principal (art. 6:44 BW)."
    )
    unallocated: Amount
    created_at: datetime

    @staticmethod
    def resolve_allocations(obj: Any) -> list[dict[str, Any]]:
        return [{"invoice_id": a.invoice_id, "amount": a.amount} for a in obj.allocations.all()]

    @staticmethod
    def resolve_charges_paid(obj: Any) -> list[dict[str, Any]]:
        return [{"invoice_id": c.invoice_id, "amount": c.amount} for c in obj.paid_charges.all()]

    @staticmethod
    def resolve_unallocated(obj: Any) -> Decimal:
        paid = [*obj.allocations.all(), *obj.paid_charges.all()]
        return Decimal(obj.amount - sum(a.amount for a in paid))


# Holds -----------------------------------------------------------------------------------


def _one_of_them_given(*names: str) -> dict[str, Any]:
    """JSON Schema for "at least one of these fields, not null"."""
    return {
        "anyOf": [{"required": [name], "properties": {name: {"type": "integer"}}} for name in names]
    }


class HoldIn(In):
    """Names the invoice to pause, or the customer to pause all of (or both, if they match)."""

    model_config = ConfigDict(json_schema_extra=_one_of_them_given("customer_id", "invoice_id"))

    customer_id: BodyId | None = Field(None, description="Every invoice of this customer; or:")
    invoice_id: BodyId | None = Field(None, description="Only this invoice.")
    reason: HoldReason
    starts_on: Day | None = Field(None, description="Empty: today.")
    ends_on: Day | None = Field(
        None, description="The last day of the pause, not before it starts; empty: until lifted."
    )
    note: Text = Field("", max_length=2000)


class HoldLiftIn(In):
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


class RejectIn(In):
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
