"""What each payment and credit note settles, by the ledger's own rules, without a database.

Per customer, in date order (on one day: new invoices, then credit notes, then payments):
a credit note settles at most what its invoice still owes; a payment pays the invoices
the payer named first, then the oldest due (`innen.balances.spread_payment`, art. 6:43
BW). A rest no invoice can take stays on the payment, a credit of the customer.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from innen.balances import OpenItem, spread_payment
from innen.demo.facts import Demo, DemoAllocation, DemoCreditNote, DemoInvoice, DemoPayment
from innen.money import ZERO

_ISSUE, _CREDIT, _PAY = 0, 1, 2

# (day, kind, number, record): the kind says whether the record is an invoice, a credit note
# or a payment.
_Event = tuple[date, int, str, Any]


def allocations(demo: Demo) -> tuple[DemoAllocation, ...]:
    events: dict[str, list[_Event]] = defaultdict(list)
    for invoice in demo.invoices:
        events[invoice.customer_number].append(
            (invoice.issue_date, _ISSUE, invoice.number, invoice)
        )
    for note in demo.credit_notes:
        events[note.customer_number].append((note.issue_date, _CREDIT, note.number, note))
    for payment in demo.payments:
        events[payment.customer_number].append((payment.date, _PAY, payment.reference, payment))
    result: list[DemoAllocation] = []
    for customer in demo.customers:
        result += _replay_customer(sorted(events[customer.number], key=lambda e: e[:3]))
    return tuple(result)


def open_amounts(demo: Demo, settled: Iterable[DemoAllocation]) -> dict[str, Decimal]:
    """Return what each invoice still owes after `settled`, by invoice number."""
    owed = {invoice.number: invoice.total for invoice in demo.invoices}
    for allocation in settled:
        owed[allocation.invoice_number] -= allocation.amount
    return owed


def _replay_customer(events: list[_Event]) -> list[DemoAllocation]:
    invoices: dict[str, DemoInvoice] = {}
    owed: dict[str, Decimal] = {}
    result = []
    for _, kind, _, record in events:
        if kind == _ISSUE:
            invoices[record.number] = record
            owed[record.number] = record.total
        elif kind == _CREDIT:
            result += _credit(record, owed)
        else:
            result += _pay(record, invoices, owed)
    return result


def _credit(note: DemoCreditNote, owed: dict[str, Decimal]) -> list[DemoAllocation]:
    part = min(note.total, owed[note.invoice_number])
    if part <= ZERO:
        return []
    owed[note.invoice_number] -= part
    return [DemoAllocation("credit", note.number, note.invoice_number, part, note.issue_date)]


def _pay(
    payment: DemoPayment, invoices: dict[str, DemoInvoice], owed: dict[str, Decimal]
) -> list[DemoAllocation]:
    # Invoices in number order, so equal due dates fall oldest-number first, like the
    # service's order_by("due_date", "pk").
    items = [
        OpenItem(number, invoices[number].due_date, amount)
        for number, amount in owed.items()
        if amount > ZERO
    ]
    parts = spread_payment(payment.amount, items, designated=list(payment.designated))
    result = []
    for number, part in parts:
        owed[str(number)] -= part
        result.append(DemoAllocation("payment", payment.reference, str(number), part, payment.date))
    return result
