"""The claim on a day for a customer's invoices, from the ledger through the law engine.

Each invoice counts at its total less credit notes and write-offs (dated on or before the
day); every payment allocated to it counts on the payment's date, designated to that invoice.
The law engine (`innen.law.claim.compute_claim`) then applies each payment to costs, interest
and principal (art. 6:44 BW), so the principal it finds open can be more than the ledger's
open amount. Interest is the law's default: commercial for a business, statutory for a
consumer.

A consumer owes collection costs only after a 14-day letter's term (art. 6:96 lid 6 BW), by
the rule the letters use (`innen.outbox.consumer_costs`): without a sent 14-day letter for
these invoices the claim has no costs; with one, costs run from the latest day any of its
invoices opens them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext

from innen.law.claim import NO_COSTS, STATUTORY_COSTS, Claim, ClaimInputError, compute_claim
from innen.law.claim import Invoice as LawInvoice
from innen.law.claim import Payment as LawPayment
from innen.law.collection_costs import CostsRule
from innen.ledger.models import Allocation, AllocationKind, Customer, Invoice
from innen.money import ZERO
from innen.outbox.consumer_costs import consumer_costs_from
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
    costs: CostsRule = STATUTORY_COSTS
    costs_from: date | None = None
    notes: list[str] = []
    if customer.is_consumer:
        costs, costs_from, notes = _consumer_costs([i.pk for i, _ in chosen])
    kept = tuple(invoice for invoice, _ in chosen)
    try:
        claim = compute_claim(
            debtor=debtor,
            invoices=[law for _, law in chosen],
            payments=payments,
            until=day,
            costs=costs,
            costs_from=costs_from,
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


def _consumer_costs(invoice_ids: list[int]) -> tuple[CostsRule, date | None, list[str]]:
    """A consumer owes collection costs only from the 14-day letter's term (art. 6:96 lid 6 BW)."""
    costs: CostsRule = STATUTORY_COSTS
    notes: list[str] = []
    costs_from, covered = _fourteen_day_costs_from(invoice_ids)
    if costs_from is None:
        costs = NO_COSTS
        notes.append(
            gettext(
                "No 14-day letter was sent for these invoices: a consumer owes no "
                "collection costs yet (art. 6:96 lid 6 BW)."
            )
        )
    elif not covered:
        notes.append(
            gettext(
                "Not every invoice had a 14-day letter; collection costs are counted "
                "from %(day)s for all of them."
            )
            % {"day": costs_from.isoformat()}
        )
    return costs, costs_from, notes


def _paid_by(allocations: Iterable[Allocation], day: date) -> list[tuple[Decimal, date]]:
    """(amount, payment date) of the payments among `allocations` made by `day`."""
    return [
        (a.amount, a.payment.date)
        for a in allocations
        if a.kind == AllocationKind.PAYMENT and a.payment is not None and a.payment.date <= day
    ]


def _fourteen_day_costs_from(invoice_ids: Sequence[int]) -> tuple[date | None, bool]:
    """From when a consumer owes costs on all of `invoice_ids`, and whether each had a letter.

    The claim counts costs from one day for all its invoices: the latest, so none is charged
    costs before its own letter's term ends. None without any sent 14-day letter.
    """
    per_invoice = consumer_costs_from(invoice_ids)
    if not per_invoice:
        return None, False
    return max(per_invoice.values()), set(invoice_ids) <= set(per_invoice)
