"""What an invoice still owes, derived from what was allocated to it.

The open amount and the status are never typed in: they follow from the invoice total and
the allocations (payments, credit notes, write-offs) against it.

>>> invoice_balance(total=D("121.00"), paid=D("50.00"), credited=ZERO, written_off=ZERO)
InvoiceBalance(open_amount=Decimal('71.00'), status='partially_paid')
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from innen.money import ZERO, D  # noqa: F401  (D is used by the doctest)


class InvoiceStatus(StrEnum):
    OPEN = "open"
    PARTIALLY_PAID = "partially_paid"
    PAID = "paid"
    CREDITED = "credited"
    WRITTEN_OFF = "written_off"


@dataclass(frozen=True)
class InvoiceBalance:
    open_amount: Decimal
    status: InvoiceStatus


def invoice_balance(
    *, total: Decimal, paid: Decimal, credited: Decimal, written_off: Decimal
) -> InvoiceBalance:
    """Return the open amount and status of an invoice of `total` after its allocations.

    A settled invoice is "written off" when any part was written off, "credited" when
    credit notes settled more of it than payments did, else "paid".
    """
    open_amount = total - paid - credited - written_off
    if open_amount > ZERO:
        status = InvoiceStatus.OPEN if open_amount == total else InvoiceStatus.PARTIALLY_PAID
    elif written_off > ZERO:
        status = InvoiceStatus.WRITTEN_OFF
    elif credited > paid:
        status = InvoiceStatus.CREDITED
    else:
        status = InvoiceStatus.PAID
    return InvoiceBalance(open_amount=open_amount, status=status)


AGING_BUCKETS: tuple[tuple[str, int | None, int | None], ...] = (
    # (key, first day overdue, last day overdue); None means unbounded.
    ("not_due", None, 0),
    ("1_30", 1, 30),
    ("31_60", 31, 60),
    ("61_90", 61, 90),
    ("over_90", 91, None),
)


def aging_bucket(days_overdue: int) -> str:
    """Return the key of the aging bucket for an invoice `days_overdue` past its due date."""
    for key, first, last in AGING_BUCKETS:
        if (first is None or days_overdue >= first) and (last is None or days_overdue <= last):
            return key
    raise AssertionError("the buckets cover every whole number")


@dataclass(frozen=True)
class OpenItem:
    key: object
    due_date: date
    open_amount: Decimal


def spread_payment(
    amount: Decimal, items: list[OpenItem], designated: list[object] | None = None
) -> list[tuple[object, Decimal]]:
    """Return how `amount` pays the open `items`: (key, part) pairs, in the order applied.

    The debtor's designation comes first; what is left pays the oldest due item first
    (art. 6:43 BW). A rest that no item can take is not returned: it stays unallocated,
    a credit of the customer.
    """
    designated = designated or []
    by_key = {item.key: item for item in items}
    order = [by_key[key] for key in designated if key in by_key]
    order += sorted(
        (item for item in items if item.key not in designated),
        key=lambda item: item.due_date,
    )
    parts = []
    rest = amount
    for item in order:
        if rest <= ZERO:
            break
        part = min(rest, item.open_amount)
        if part > ZERO:
            parts.append((item.key, part))
            rest -= part
    return parts
