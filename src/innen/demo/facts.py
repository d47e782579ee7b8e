"""The demo data as plain, frozen records: what the generator returns and the loader writes.

Records refer to each other by their business keys (customer and invoice numbers), never by
database ids, so the generator needs no database.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Profile(StrEnum):
    """How a customer pays; each leaves its own trace in the aging buckets."""

    PUNCTUAL = "punctual"  # pays within the term
    LATE = "late"  # always a bit late: 5-20 days after the due date
    FORGETFUL = "forgetful"  # pays 30-60 days late, often several invoices at once
    IN_TROUBLE = "in_trouble"  # partial payments on account, arrears growing
    DISPUTING = "disputing"  # some invoices credited (partly or fully), some left open
    GONE = "gone"  # stopped paying entirely some months ago


@dataclass(frozen=True)
class OrganisationFacts:
    name: str
    kvk_number: str
    vat_number: str
    iban: str
    bic: str
    street: str
    postcode: str
    city: str
    email: str
    phone: str
    website: str


@dataclass(frozen=True)
class DemoCustomer:
    number: str
    kind: str  # "business" or "consumer", the values of ledger.CustomerKind
    name: str
    contact_person: str
    emails: str
    phone: str
    street: str
    postcode: str
    city: str
    kvk_number: str
    vat_number: str
    language: str  # "nl" or "en"
    segment: str
    profile: Profile
    payment_term_days: int
    ibans: tuple[str, ...]


@dataclass(frozen=True)
class DemoInvoice:
    number: str
    customer_number: str
    issue_date: date
    due_date: date
    amount_excl_vat: Decimal
    vat_amount: Decimal
    total: Decimal
    vat_rate: Decimal
    payment_reference: str


@dataclass(frozen=True)
class DemoCreditNote:
    number: str
    customer_number: str
    invoice_number: str
    issue_date: date
    amount_excl_vat: Decimal
    vat_amount: Decimal
    total: Decimal


@dataclass(frozen=True)
class DemoPayment:
    """A bank credit; `designated` are the invoices the payer named, paid first."""

    reference: str
    customer_number: str
    date: date
    amount: Decimal
    payer_name: str
    payer_iban: str
    description: str
    designated: tuple[str, ...]


@dataclass(frozen=True)
class DemoAllocation:
    """What part of a payment or credit note settled which invoice (see `replay`)."""

    kind: str  # "payment" or "credit", the values of ledger.AllocationKind
    source: str  # the payment's reference or the credit note's number
    invoice_number: str
    amount: Decimal
    date: date


@dataclass(frozen=True)
class Demo:
    today: date
    seed: int
    organisation: OrganisationFacts
    customers: tuple[DemoCustomer, ...]
    invoices: tuple[DemoInvoice, ...]
    credit_notes: tuple[DemoCreditNote, ...]
    payments: tuple[DemoPayment, ...]
