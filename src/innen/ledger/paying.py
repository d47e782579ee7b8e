"""How customers' payments pay their open invoices, worked out for many at once.

A payment pays the invoices its payer named first. What it brings beyond their principal
pays what their claim adds on the payment's day, the interest and collection costs
(`innen.ledger.charges`): the payer paid that invoice's whole claim, and art. 6:44 BW puts a
payment to an invoice's costs and interest before its principal. What is left pays the
oldest due invoice first (art. 6:43 BW); beyond that it is the customer's credit.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple, cast

from innen.balances import OpenItem, spread_payment
from innen.dossier.record import NewEvent
from innen.inlists import pieces
from innen.ledger.charges import ChargesOn, charges_owed
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
    """The open invoices the payments can pay, locked, oldest due first: those they name,
    and all of a customer's (tens of thousands for a statement's customers) only where one
    of its payments, in order, brings more than the principal its named invoices still owe.

    A payment whose named invoices' principal takes all of it pays those and nothing else,
    so without the customer's other invoices it pays what it would with them; for the rest
    `spread` needs them all.
    """
    named = sorted({pk for new in payments for pk in new.designated})
    found = dict(_locked(organisation, "pk__in", named))
    whole = _not_covered(payments, found)
    found.update(_locked(organisation, "customer_id__in", sorted(whole)))
    return dict(sorted(found.items(), key=lambda row: (row[1].due_date, row[0])))


def _locked(
    organisation: Organisation, lookup: str, values: Sequence[int]
) -> Iterator[tuple[int, Open]]:
    """The open invoices whose `lookup` is among `values`, locked. (As rows: thousands.)"""
    for some in pieces(values):
        rows = (
            Invoice.objects.select_for_update()
            .filter(organisation=organisation, outstanding__gt=0, **{lookup: some})
            .values_list("pk", "customer_id", "number", "due_date", "outstanding")
        )
        for pk, *values_of in rows:
            yield pk, Open(*values_of)


def _not_covered(payments: Sequence[NewPayment], named: dict[int, Open]) -> set[int]:
    """The customers one of whose payments, in order, brings more than the principal left
    open on the invoices it names (`named`: the open ones named by any payment)."""
    left = {pk: invoice.outstanding for pk, invoice in named.items()}
    out: set[int] = set()
    for new in payments:
        customer = new.payment.customer_id or 0
        if customer in out:
            continue
        own = [
            pk
            for pk in dict.fromkeys(new.designated)
            if pk in named and named[pk].customer_id == customer and left[pk] > 0
        ]
        rest = new.payment.amount
        for pk in own:
            part = min(rest, left[pk]) if rest > 0 else ZERO
            left[pk] -= part
            rest -= part
        if rest > 0:
            out.add(customer)
    return out


def spread(payments: Sequence[NewPayment], invoices: dict[int, Open]) -> list[Spread]:
    """What each payment pays, of what the payments before it left open."""
    left = {pk: invoice.outstanding for pk, invoice in invoices.items()}
    of_customer: dict[int, list[int]] = {}
    for pk, invoice in invoices.items():
        of_customer.setdefault(invoice.customer_id, []).append(pk)
    out = []
    owed_on: ChargesOn | None = None  # read only when a payment brings more than principal
    for new in payments:
        open_ids = [pk for pk in of_customer.get(new.payment.customer_id or 0, ()) if left[pk] > 0]
        named = [pk for pk in dict.fromkeys(new.designated) if pk in open_ids]
        before = {pk: left[pk] for pk in named}
        paid = Spread()
        rest = _pay(new.payment.amount, named, invoices, left, paid.principal)
        if rest > 0 and named:
            if owed_on is None:
                owed_on = charges_owed(_named(payments, invoices))
            owed = owed_on(before, new.payment.date)
            for pk in named:
                part = min(rest, owed.get(pk, ZERO))
                if part > 0:
                    paid.charges.append((Paid(pk, invoices[pk].number), part))
                    rest -= part
        others = [pk for pk in open_ids if pk not in before]
        _pay(rest, others, invoices, left, paid.principal)
        out.append(paid)
    return out


def _named(payments: Sequence[NewPayment], invoices: dict[int, Open]) -> list[int]:
    """The open invoices any of `payments` names."""
    return sorted({pk for new in payments for pk in new.designated if pk in invoices})


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
