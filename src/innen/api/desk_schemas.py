"""What goes in and out of the desk's routes: disputes, promises, payment plans, the bank.

Kept apart from `schemas` (the ledger and collection) so that neither grows past its size.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from ninja import Field, Schema

from innen.api.fields import Amount, BodyId, Day, Flag, In, Text
from innen.arrangements.models import DisputeReason, DisputeStatus, PlanStatus, PromiseStatus
from innen.banking.models import MatchStatus

# Disputes --------------------------------------------------------------------------------


class DisputeAnswerOut(Schema):
    id: int
    text: str
    resolved: bool
    answered_on: date
    emailed_to: str = Field(description="Where the answer was e-mailed; empty: not e-mailed.")


class DisputeOut(Schema):
    id: int
    customer_id: int
    invoice_ids: list[int]
    reason: DisputeReason
    message: str
    attachment_name: str
    opened_on: date
    status: DisputeStatus
    resolved_on: date | None
    answers: list[DisputeAnswerOut]
    created_at: datetime

    @staticmethod
    def resolve_invoice_ids(obj: Any) -> list[int]:
        return sorted(invoice.pk for invoice in obj.invoices.all())

    @staticmethod
    def resolve_answers(obj: Any) -> list[Any]:
        return list(obj.answers.all())


class DisputeAnswerIn(In):
    text: Text = Field(
        min_length=1,
        max_length=10000,
        description="The answer, e-mailed to the customer and shown in the portal; not blank.",
    )
    resolve: Flag = Field(
        False, description="true: the dispute is resolved and collection resumes."
    )


class DisputeCloseIn(In):
    text: Text = Field(
        min_length=1,
        max_length=10000,
        description="The closing answer to the customer; collection of the invoices resumes.",
    )


# Promises --------------------------------------------------------------------------------


class PromiseOut(Schema):
    id: int
    customer_id: int
    invoice_ids: list[int]
    promised_on: date
    made_on: date
    status: PromiseStatus
    settled_on: date | None
    created_at: datetime

    @staticmethod
    def resolve_invoice_ids(obj: Any) -> list[int]:
        return sorted(invoice.pk for invoice in obj.invoices.all())


class PromiseIn(In):
    customer_id: BodyId
    promised_on: Day = Field(
        description="The day the customer promised to pay by: after today, and no further "
        "ahead than the organisation's arrangement settings allow."
    )
    invoice_ids: list[BodyId] = Field(
        default_factory=list,
        max_length=500,
        description="The customer's open invoices it covers; empty: all of them.",
    )


# Payment plans ---------------------------------------------------------------------------


class InstalmentOut(Schema):
    number: int
    due_on: date
    amount: Amount


class PlanOut(Schema):
    id: int
    customer_id: int
    invoice_ids: list[int]
    months: int
    total: Amount
    principal: Amount
    interest: Amount
    costs: Amount
    charges_waived: bool
    proposed_on: date
    problems: list[str] = Field(description="The organisation's rules the proposal is outside.")
    status: PlanStatus
    decided_on: date | None
    decision_note: str
    ended_on: date | None
    instalments: list[InstalmentOut]
    created_at: datetime

    @staticmethod
    def resolve_invoice_ids(obj: Any) -> list[int]:
        return sorted(invoice.pk for invoice in obj.invoices.all())

    @staticmethod
    def resolve_instalments(obj: Any) -> list[Any]:
        return list(obj.instalments.all())


class Decision(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"


class PlanDecideIn(In):
    decision: Decision = Field(
        description="approve: the instalments are fixed and confirmed in writing; "
        "reject: collection of the invoices resumes today."
    )
    waive_charges: Flag = Field(
        False, description="On approval: the plan is for the principal only (recorded)."
    )
    note: Text = Field("", max_length=500)


# Bank statements -------------------------------------------------------------------------


class StatementImportOut(Schema):
    id: int
    account_iban: str
    file_name: str
    file_sha256: str
    format: str
    statement_id: str
    sequence: str
    opening_balance: Amount | None
    opening_date: date | None
    closing_balance: Amount | None
    closing_date: date | None
    entries: int = Field(description="Entries in the statement.")
    imported: int = Field(description="Entries this import added.")
    duplicates: int = Field(description="Entries the account held already.")
    created_at: datetime

    @staticmethod
    def resolve_account_iban(obj: Any) -> str:
        return str(obj.account.iban)


class PlaceOut(Schema):
    where: str = Field(description="The statement and entry it is about; empty: the file.")
    message: str


class StatementSummaryOut(Schema):
    account: str
    statement_id: str
    opening_balance: Amount | None
    closing_balance: Amount | None
    entries: int
    credit_total: Amount
    debit_total: Amount
    known_account: bool
    imported: int
    duplicates: int


class ImportSummaryOut(Schema):
    dry_run: bool
    format: str
    statements: list[StatementSummaryOut]
    imported: int
    duplicates: int
    would_refuse: list[PlaceOut] = Field(
        description="On a dry run: statements of accounts innen does not know, which a real "
        "import refuses."
    )
    notices: list[PlaceOut]
    import_ids: list[int] = Field(description="The statement imports written (none: dry run).")
    matching: dict[str, int] | None = Field(
        description="What matching did with the new entries (null: dry run)."
    )


class OfferOut(Schema):
    invoice_ids: list[int]
    invoices: list[str] = Field(description="The invoices' numbers.")
    customer_id: int | None
    amounts: list[str]
    score: int
    reason: str
    rule: str


class BankEntryOut(Schema):
    id: int
    statement_import_id: int
    account_iban: str
    number: int = Field(description="Its place in the statement.")
    booking_date: date
    value_date: date | None
    amount: Amount = Field(description="Positive: money in.")
    currency: str
    counterparty_iban: str
    counterparty_name: str
    structured_reference: str
    remittance: str
    end_to_end_id: str
    is_return: bool
    match_status: MatchStatus
    match_note: str
    payment_id: int | None
    offers: list[OfferOut] = Field(
        description="What matching offers for a line to review; accept one by its index."
    )

    @staticmethod
    def resolve_account_iban(obj: Any) -> str:
        return str(obj.account.iban)

    @staticmethod
    def resolve_offers(obj: Any) -> list[dict[str, Any]]:
        return list(obj.candidates or [])


class EntryAcceptIn(In):
    offer: int = Field(ge=0, le=1000, description="The index of the offer in `offers`, from 0.")


class EntryAssignIn(In):
    invoices: list[Text] = Field(
        min_length=1,
        max_length=500,
        description="The numbers of the invoices the line pays (one customer's), in the order "
        "it pays them.",
    )
