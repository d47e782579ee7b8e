"""What a dunning message says, as plain data: the input of every template and layout.

`innen.outbox.compose` builds a `Letter` from the database; everything after that (texts,
HTML, PDF, e-mail) works on this data alone, so a letter can be rendered, previewed and
re-rendered for any day without Django.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from innen.law.rates import RateRow


@dataclass(frozen=True)
class Party:
    """The organisation (sender) or the customer (addressee)."""

    name: str
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = "NL"
    contact_person: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""
    kvk_number: str = ""
    vat_number: str = ""
    number: str = ""  # the customer's number at the organisation


@dataclass(frozen=True)
class InvoiceLine:
    """One invoice a message is about."""

    number: str
    issue_date: date
    due_date: date
    total: Decimal
    open_amount: Decimal
    payment_reference: str = ""


@dataclass(frozen=True)
class PaymentDetails:
    """How to pay: a SEPA transfer of `amount` to `iban` with `reference`."""

    name: str
    iban: str
    bic: str
    amount: Decimal
    reference: str  # the betalingskenmerk / RF reference, or the invoice number(s)


@dataclass(frozen=True)
class ClaimLines:
    """What a later step claims besides the principal, computed by the law engine."""

    principal: Decimal
    interest: Decimal
    interest_kind: str  # "statutory" (art. 6:119 BW) or "commercial" (art. 6:119a BW)
    collection_costs: Decimal
    collection_costs_vat: Decimal
    total: Decimal
    # The rate rows the interest used, and the last day of known rates when interest after
    # it was computed with the last known rate (None: nothing provisional).
    rates_used: tuple[RateRow, ...] = ()
    rates_known_until: date | None = None


@dataclass(frozen=True)
class FourteenDayNotice:
    """What a 14-day letter must state (art. 6:96 lid 6 BW): the term and the exact costs."""

    sent_on: date
    channel: str  # "post" or "email": decides the presumed receipt
    term_ends: date
    costs_from: date
    collection_costs: Decimal  # incl. VAT where the uplift applies
    collection_costs_vat: Decimal
    presumed_receipt: date | None = None  # printed so the reader can check the term's end


@dataclass(frozen=True)
class Letter:
    """Everything one message to one customer says."""

    kind: str  # a StepKind value: reminder, fourteen_day_letter, ...
    step_name: str
    language: str  # "nl" or "en"
    date: date  # the letter's date: the day it is rendered for sending
    organisation: Party
    customer: Party
    consumer: bool
    invoices: tuple[InvoiceLine, ...]
    total_open: Decimal
    pay_before: datetime.date | None  # not `date`: inside Letter that names the field above
    payment: PaymentDetails | None  # None: the organisation has no IBAN yet
    portal_url: str
    reference: str  # innen's own message reference, printed as "our reference"
    claim: ClaimLines | None = None  # steps that claim interest and/or costs
    fourteen_day: FourteenDayNotice | None = None  # only for a 14-day letter
    logo: bytes | None = None
    logo_mime: str = ""
    signatory: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    # For a letter on paper: where to type the code with one's postcode instead of a link.
    portal_entry: str = ""
    portal_code: str = ""

    @property
    def amount_due(self) -> Decimal:
        """What the customer is asked to pay now: the claim total where there is a claim."""
        return self.claim.total if self.claim is not None else self.total_open
