"""The claim on a day for a customer's invoices, from the ledger through the law engine.

Each invoice counts at its total less credit notes and write-offs (dated on or before the
day); every payment allocated to it counts on the payment's date, designated to that invoice.
The law engine (`innen.law.claim.compute_claim`) then applies each payment to costs, interest
and principal (art. 6:44 BW), so the principal it finds open can be more than the ledger's
open amount. Interest is the law's default: commercial for a business, statutory for a
consumer.

The collection costs follow the demands that went out (`consumer_costs.sent_demands`), by
the rule the letters use (`innen.law.demands`): a business owes €40 per invoice in default
and the scale from a sent letter that claimed costs; a consumer owes costs only on the
invoices a 14-day letter named, after its term ran unpaid (art. 6:96 lid 6 BW).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext

from innen.law.claim import STATUTORY_COSTS, Claim, ClaimInputError, Demand, compute_claim
from innen.law.claim import Invoice as LawInvoice
from innen.law.claim import Payment as LawPayment
from innen.ledger.models import Allocation, AllocationKind, Customer, Invoice
from innen.money import ZERO
from innen.outbox.consumer_costs import law_demands, sent_demands
from innen.rates.selectors import rate_tables


@dataclass(frozen=True)
class ClaimOutcome:
    """The claim (None when nothing is open), its invoices in its order, and remarks."""

    claim: Claim | None
    invoices: tuple[Invoice, ...] = ()
    costs_from: date | None = None
    notes: tuple[str, ...] = ()
    error: str = ""


def customer_claim(
    customer: Customer, invoices: Sequence[Invoice], day: date, *, single: bool = False
) -> ClaimOutcome:
    """The claim on `day` for those of `invoices` open on it (with `single`: all of them).

    `invoices` are the customer's, annotated by `InvoiceQuerySet.with_balance`. A claim the
    law engine refuses (e.g. a day outside its rate tables) comes back as `error`.
    """
    allocations = _allocations_of(invoices)
    chosen = _open_on(invoices, allocations, day, single)
    if not chosen:
        return ClaimOutcome(None)
    payments = [
        # A payment before the invoice (paid in advance) pays it on the day it is issued.
        LawPayment(amount, max(paid_on, invoice.issue_date), index)
        for index, (invoice, _) in enumerate(chosen)
        for amount, paid_on in _paid_by(allocations[invoice.pk], day)
    ]
    debtor = "consumer" if customer.is_consumer else "business"
    order = [invoice.pk for invoice, _ in chosen]
    demands = law_demands(sent_demands(order, consumer=customer.is_consumer), order)
    costs_from: date | None = None
    notes: list[str] = []
    if customer.is_consumer:
        costs_from = min((d.costs_from for d in demands if d.costs_from), default=None)
        notes = _consumer_notes(demands, len(order))
    kept = tuple(invoice for invoice, _ in chosen)
    try:
        claim = compute_claim(
            debtor=debtor,
            invoices=[law for _, law in chosen],
            payments=payments,
            until=day,
            costs=STATUTORY_COSTS,
            demands=demands,
            rates=rate_tables(),
        )
    except ClaimInputError as exc:
        return ClaimOutcome(None, kept, costs_from, tuple(notes), str(exc))
    return ClaimOutcome(claim, kept, costs_from, tuple(notes))


def _allocations_of(invoices: Sequence[Invoice]) -> dict[int, list[Allocation]]:
    """Every allocation to `invoices`, with its payment, by invoice id."""
    allocations: dict[int, list[Allocation]] = defaultdict(list)
    for allocation in Allocation.objects.filter(
        invoice_id__in=[i.pk for i in invoices]
    ).select_related("payment"):
        allocations[allocation.invoice_id].append(allocation)
    return allocations


def _open_on(
    invoices: Sequence[Invoice],
    allocations: dict[int, list[Allocation]],
    day: date,
    single: bool,
) -> list[tuple[Invoice, LawInvoice]]:
    """The invoices issued by `day` and open on it (with `single`: also those paid, as long as
    credit notes left something), each as the law engine reads it: the amount after credits."""
    chosen: list[tuple[Invoice, LawInvoice]] = []
    for invoice in invoices:
        if invoice.issue_date > day:
            continue
        reduced = invoice.total - sum(
            (
                a.amount
                for a in allocations[invoice.pk]
                if a.kind != AllocationKind.PAYMENT and a.date <= day
            ),
            ZERO,
        )
        paid = sum((amount for amount, _ in _paid_by(allocations[invoice.pk], day)), ZERO)
        if reduced > 0 and (single or reduced - paid > 0):
            chosen.append((invoice, LawInvoice(reduced, invoice.due_date, invoice.issue_date)))
    return chosen


def _consumer_notes(demands: Sequence[Demand], invoices: int) -> list[str]:
    """Why some or all of a consumer's invoices carry no costs (art. 6:96 lid 6 BW)."""
    if not demands:
        return [
            gettext(
                "No 14-day letter was sent for these invoices: a consumer owes no "
                "collection costs yet (art. 6:96 lid 6 BW)."
            )
        ]
    named = {n for demand in demands for n in demand.invoices or ()}
    if len(named) < invoices:
        return [
            gettext(
                "Not every invoice had a 14-day letter; collection costs are counted only "
                "on the invoices one named (art. 6:96 lid 6 BW)."
            )
        ]
    return []


def _paid_by(allocations: Iterable[Allocation], day: date) -> list[tuple[Decimal, date]]:
    """(amount, payment date) of the payments among `allocations` made by `day`."""
    return [
        (a.amount, a.payment.date)
        for a in allocations
        if a.kind == AllocationKind.PAYMENT and a.payment is not None and a.payment.date <= day
    ]
