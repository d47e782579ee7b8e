"""How customers' payments pay their open invoices, worked out for many at once.

A payment pays the invoices its payer named first. What it brings beyond their principal
pays what their claim adds on the payment's day, the interest and collection costs
(`innen.ledger.charges`): the payer paid that invoice's whole claim, and art. 6:44 BW puts a
payment to an invoice's costs and interest before its principal. What is left pays the
oldest due invoice first (art. 6:43 BW); beyond that it is the customer's credit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple, cast

from innen.balances import OpenItem, spread_payment
from innen.dossier.record import NewEvent
from innen.inlists import pieces
from innen.ledger.charges import charges_owed
from innen.ledger.models import Invoice, Payment
from innen.money import ZERO
from innen.organisations.models import Organisation


@dataclass(frozen=True)
class NewPayment:
    """A customer's payment to record (unsaved), the invoices its payer named, and the
    events that follow its own in the dossier (what matched it, say)."""

    payment: Payment
    designated: Sequence[int] = ()
    followed_by: Sequence[NewEvent] = ()


class Open(NamedTuple):
    customer_id: int
    number: str
    due_date: date
    outstanding: Decimal


class Paid(NamedTuple):
    """An invoice a payment paid, as its event names it."""

    pk: int
    number: str


@dataclass
class Spread:
    """What one payment pays: principal per invoice, and interest and costs per invoice."""

    principal: list[tuple[Paid, Decimal]] = field(default_factory=list)
    charges: list[tuple[Paid, Decimal]] = field(default_factory=list)


def locked_open_invoices(
    organisation: Organisation, payments: Sequence[NewPayment]
) -> dict[int, Open]:
    """The open invoices of the payments' customers, locked, oldest due first. (As rows:
    a statement's customers have tens of thousands, of which a payment pays one or two.)"""
    customers = sorted({new.payment.customer_id or 0 for new in payments})
    found = [
        (pk, Open(*values))
        for some in pieces(customers)
        for pk, *values in Invoice.objects.select_for_update()
        .filter(organisation=organisation, customer_id__in=some, outstanding__gt=0)
        .values_list("pk", "customer_id", "number", "due_date", "outstanding")
    ]
    return dict(sorted(found, key=lambda row: (row[1].due_date, row[0])))


def spread(payments: Sequence[NewPayment], invoices: dict[int, Open]) -> list[Spread]:
    """What each payment pays, of what the payments before it left open."""
    left = {pk: invoice.outstanding for pk, invoice in invoices.items()}
    of_customer: dict[int, list[int]] = {}
    for pk, invoice in invoices.items():
        of_customer.setdefault(invoice.customer_id, []).append(pk)
    out = []
    for new in payments:
        open_ids = [pk for pk in of_customer.get(new.payment.customer_id or 0, ()) if left[pk] > 0]
        named = [pk for pk in dict.fromkeys(new.designated) if pk in open_ids]
        before = {pk: left[pk] for pk in named}
        paid = Spread()
        rest = _pay(new.payment.amount, named, invoices, left, paid.principal)
        if rest > 0 and named:
            owed = charges_owed(before, new.payment.date)
            for pk in named:
                part = min(rest, owed.get(pk, ZERO))
                if part > 0:
                    paid.charges.append((Paid(pk, invoices[pk].number), part))
                    rest -= part
        others = [pk for pk in open_ids if pk not in before]
        _pay(rest, others, invoices, left, paid.principal)
        out.append(paid)
    return out


def _pay(
    amount: Decimal,
    invoice_ids: list[int],
    invoices: dict[int, Open],
    left: dict[int, Decimal],
    parts: list[tuple[Paid, Decimal]],
) -> Decimal:
    """Pay the principal of `invoice_ids` in this order; return what is left of `amount`."""
    if amount <= 0:
        return amount
    items = [OpenItem(pk, invoices[pk].due_date, left[pk]) for pk in invoice_ids]
    for key, part in spread_payment(amount, items, designated=list(invoice_ids)):
        pk = cast(int, key)
        left[pk] -= part
        parts.append((Paid(pk, invoices[pk].number), part))
        amount -= part
    return amount
