"""Moneybird's JSON as innen's package-neutral records (pure).

A sales invoice carries its contact and its payments; a credit invoice is a sales invoice
with a negative total and `original_sales_invoice_id`. States: draft and scheduled are not
sent; open, pending_payment, reminded and late are open; paid; uncollectible is written off.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from innen.connectors.errors import NotMappable
from innen.connectors.records import (
    ExternalContact,
    ExternalInvoice,
    ExternalPayment,
    InvoiceState,
    PaymentKind,
)
from innen.money import D

STATES = {
    "draft": InvoiceState.DRAFT,
    "scheduled": InvoiceState.DRAFT,
    "open": InvoiceState.OPEN,
    "pending_payment": InvoiceState.OPEN,
    "reminded": InvoiceState.OPEN,
    "late": InvoiceState.OPEN,
    "paid": InvoiceState.PAID,
    "uncollectible": InvoiceState.WRITTEN_OFF,
}


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _amount(value: Any, what: str) -> Decimal:
    try:
        return D(str(value))
    except (InvalidOperation, ValueError) as problem:
        raise NotMappable(f"{what} {value!r} is not an amount") from problem


def _day(value: Any, what: str) -> date:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as problem:
        raise NotMappable(f"{what} {value!r} is not a date") from problem


def contact(data: dict[str, Any]) -> ExternalContact:
    company = _text(data.get("company_name")).strip()
    person = " ".join(_text(data.get(k)).strip() for k in ("firstname", "lastname") if data.get(k))
    address = " ".join(_text(data.get(k)).strip() for k in ("address1", "address2") if data.get(k))
    return ExternalContact(
        external_id=_text(data["id"]),
        version=_text(data.get("version")),
        name=company or person,
        is_consumer=not company,
        customer_number=_text(data.get("customer_id")),
        email=_text(data.get("email")),
        kvk=_text(data.get("chamber_of_commerce")),
        vat=_text(data.get("tax_number")),
        address=address,
        postcode=_text(data.get("zipcode")),
        city=_text(data.get("city")),
        country=_text(data.get("country")).upper()[:2],
        ibans=(data["sepa_iban"],) if data.get("sepa_iban") else (),
    )


def invoice(data: dict[str, Any]) -> ExternalInvoice:
    total = _amount(data.get("total_price_incl_tax"), "total")
    excl = _amount(data.get("total_price_excl_tax", total), "total excl. VAT")
    credited = _text(data.get("original_sales_invoice_id"))
    credit_note = total < 0 or bool(credited)
    state = STATES.get(_text(data.get("state")))
    if state is None:
        raise NotMappable(f"state {data.get('state')!r} is unknown")
    issue = _day(data.get("invoice_date"), "invoice date") if data.get("invoice_date") else None
    if issue is None or not data.get("invoice_id"):
        state, issue = InvoiceState.DRAFT, issue or date.min
    return ExternalInvoice(
        external_id=_text(data["id"]),
        version=_text(data.get("version")),
        contact_external_id=_text(data.get("contact_id") or (data.get("contact") or {}).get("id")),
        number=_text(data.get("invoice_id")),
        issue_date=issue,
        due_date=_day(data["due_date"], "due date") if data.get("due_date") else issue,
        total=abs(total),
        state=state,
        currency=_text(data.get("currency") or "EUR"),
        vat=abs(total - excl),
        is_credit_note=credit_note,
        credited_external_id=credited,
        payment_reference=_text(data.get("payment_reference")),
        pdf_url=_text(data.get("url")),
    )


def payments(data: dict[str, Any]) -> list[ExternalPayment]:
    """The payments booked on a sales invoice (not a credit invoice's own: the credit note
    settles by itself). A negative payment is money paid back on the invoice (a refund):
    Moneybird counts it against what was paid, so the invoice is open again by it."""
    if _amount(data.get("total_price_incl_tax"), "total") < 0:
        return []
    found = []
    for paid in data.get("payments") or []:
        amount = _amount(paid.get("price"), "payment")
        if amount == 0:
            continue
        kind = PaymentKind.CREDIT if paid.get("credit_invoice_id") else PaymentKind.PAYMENT
        found.append(
            ExternalPayment(
                external_id=_text(paid["id"]),
                version=_text(paid.get("updated_at") or paid.get("version")),
                invoice_external_id=_text(data["id"]),
                amount=abs(amount),
                paid_on=_day(paid.get("payment_date"), "payment date"),
                kind=kind if amount > 0 else PaymentKind.REFUND,
                description=f"Moneybird {_text(data.get('invoice_id'))}",
            )
        )
    return found
