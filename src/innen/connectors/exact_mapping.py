"""Exact Online's rows as innen's package-neutral records.

- crm/Accounts -> `ExternalContact` (id: the account's GUID; Exact does not say whether an
  account is a person, so `is_consumer` stays None).
- salesinvoice/SalesInvoices -> `ExternalInvoice`. Its external id is the invoice NUMBER: the
  receivables (cashflow/Receivables) name their invoice by number, not by the SalesInvoices
  GUID. Status 50 (processed: booked and sent) is a claim, 5 (rejected) cancelled, 10 and 20
  (draft, open for editing) drafts, which innen ignores; a draft has no number yet and is
  keyed `draft:<GUID>`. Type 8021/8024 or a negative amount: a credit note, its amount made
  positive. Amounts in the invoice's currency (`AmountFC`, `VATAmountFC`).
- cashflow/Receivables -> `ExternalPayment`. A receivable is one piece of an invoice's
  outstanding item; Exact splits a piece when part of it is paid or matched, and marks the
  paid piece `IsFullyPaid`. Each fully paid piece of an invoice is one payment of its amount,
  keyed by the piece's GUID; open pieces are no payment. So an invoice's open amount in innen
  (total minus its payments) is the sum of its open pieces in Exact, which is what Exact's
  receivables list shows. The receivables do not say what a piece was matched with (a bank
  payment, a credit note, a write-off): innen records each as a payment from Exact. A credit
  note's own pieces are skipped (the invoice side already carries the match), and Exact names
  no credited invoice on a credit note, so innen keeps the credit note unlinked. A piece
  that is no longer fully paid (the match undone in Exact) names the payment it was as
  removed (`reversed_payment`): innen returns that payment.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from innen.connectors.exact_odata import as_date, millis
from innen.connectors.records import (
    ExternalContact,
    ExternalInvoice,
    ExternalPayment,
    InvoiceState,
    PaymentKind,
)
from innen.money import D, round_cents

Row = dict[str, Any]

ACCOUNT_FIELDS = (
    "ID,Code,Name,Email,ChamberOfCommerce,VATNumber,AddressLine1,Postcode,City,Country,"
    "Language,Modified"
)
INVOICE_FIELDS = (
    "InvoiceID,InvoiceNumber,InvoiceTo,InvoiceDate,DueDate,AmountFC,VATAmountFC,Currency,"
    "Status,Type,PaymentReference,Modified"
)
RECEIVABLE_FIELDS = (
    "ID,InvoiceNumber,AmountDC,TransactionAmountDC,IsFullyPaid,LastPaymentDate,Modified"
)
CREDIT_NOTE_TYPES = {8021, 8024}
PROCESSED, REJECTED = 50, 5


def _text(row: Row, name: str) -> str:
    value = row.get(name)
    return "" if value is None else str(value).strip()


def _money(value: Any) -> Decimal:
    return round_cents(D(str(value if value is not None else 0)))


def contact(row: Row) -> ExternalContact:
    language = _text(row, "Language").lower()[:2]
    return ExternalContact(
        external_id=_text(row, "ID"),
        version=str(millis(row.get("Modified"))),
        name=_text(row, "Name"),
        customer_number=_text(row, "Code"),
        email=_text(row, "Email"),
        kvk=_text(row, "ChamberOfCommerce"),
        vat=_text(row, "VATNumber"),
        address=_text(row, "AddressLine1"),
        postcode=_text(row, "Postcode"),
        city=_text(row, "City"),
        country=_text(row, "Country").upper()[:2],
        language=language if language in ("nl", "en") else "",
    )


def invoice_id(number: Any) -> str:
    return str(int(number))


def invoice(row: Row) -> ExternalInvoice:
    number = row.get("InvoiceNumber")
    status = int(row.get("Status") or 0)
    amount = _money(row.get("AmountFC"))
    is_credit = int(row.get("Type") or 0) in CREDIT_NOTE_TYPES or amount < 0
    issued = as_date(row.get("InvoiceDate")) or as_date(row.get("Modified"))
    assert issued is not None, "Exact always sends Modified"
    return ExternalInvoice(
        external_id=invoice_id(number)
        if number is not None
        else f"draft:{_text(row, 'InvoiceID')}",
        version=str(millis(row.get("Modified"))),
        contact_external_id=_text(row, "InvoiceTo"),
        number="" if number is None else str(number),
        issue_date=issued,
        due_date=as_date(row.get("DueDate")) or issued,
        total=abs(amount),
        state=_state(status, number),
        currency=_text(row, "Currency") or "EUR",
        vat=abs(_money(row.get("VATAmountFC"))),
        is_credit_note=is_credit,
        payment_reference=_text(row, "PaymentReference"),
        internal_id=_text(row, "InvoiceID"),
    )


def _state(status: int, number: Any) -> InvoiceState:
    if status == REJECTED:
        return InvoiceState.CANCELLED
    if status == PROCESSED and number is not None:
        return InvoiceState.OPEN
    return InvoiceState.DRAFT


def reversed_payment(row: Row) -> str | None:
    """A piece not (or no longer) paid: the payment it was, when innen took one over for it,
    was reversed in Exact (the match undone, the bank line unlinked)."""
    if row.get("IsFullyPaid") or row.get("InvoiceNumber") is None:
        return None
    return f"receivable:{_text(row, 'ID')}"


def payment(row: Row) -> ExternalPayment | None:
    """The paid piece of an invoice as a payment; None for a piece still open or a credit's."""
    if not row.get("IsFullyPaid") or row.get("InvoiceNumber") is None:
        return None
    if _money(row.get("TransactionAmountDC")) < 0:
        return None
    modified = millis(row.get("Modified"))
    paid_on = as_date(row.get("LastPaymentDate")) or as_date(row.get("Modified"))
    assert paid_on is not None
    return ExternalPayment(
        external_id=f"receivable:{_text(row, 'ID')}",
        version=str(modified),
        invoice_external_id=invoice_id(row["InvoiceNumber"]),
        amount=abs(_money(row.get("AmountDC"))),
        paid_on=paid_on,
        kind=PaymentKind.PAYMENT,
    )
