"""The claim on a day for a customer's invoices, from the ledger through the law engine.

It is the one claim every place shows (`innen.outbox.claim_on`): on each invoice's open
principal as the ledger leaves it on the day (payments are booked to principal; their art.
6:44 BW split is in each invoice's own `claim`), interest from the day after the due date
(commercial for a business, statutory for a consumer) and the collection costs the demands
that went out allow (`innen.law.demands`: a business €40 per invoice in default and the scale
from a written demand; a consumer only on the invoices a 14-day letter named, after its term
ran unpaid, art. 6:96 lid 6 BW), as far as the organisation claims them, less waivers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext

from innen.law.claim import NO_COSTS, NO_INTEREST, Claim, ClaimInputError, Demand, compute_claim
from innen.law.claim import Invoice as LawInvoice
from innen.ledger.models import Allocation, Customer, Invoice
from innen.letters.letter import InvoiceLine
from innen.money import ZERO
from innen.outbox.claim_on import claim_on
from innen.outbox.consumer_costs import law_demands, sent_demands
from innen.outbox.invoice_claim import principal_on
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
    """The claim on `day` for those of `invoices` open on it: the one claim (`claim_on`).

    `invoices` are the customer's. A claim the law engine refuses (e.g. a day outside its
    rate tables) comes back as `error`. `single` is kept for the callers' sake: a paid
    invoice has no principal left, so nothing is claimed on it either way.
    """
    del single
    allocations = _allocations_of(invoices)
    chosen = [
        (invoice, principal)
        for invoice in invoices
        if invoice.issue_date <= day
        and (principal := principal_on(invoice, allocations[invoice.pk], day)) > 0
    ]
    if not chosen:
        return ClaimOutcome(None)
    order = [invoice.pk for invoice, _ in chosen]
    by_id = {invoice.pk: invoice for invoice, _ in chosen}
    costs_from: date | None = None
    notes: list[str] = []
    if customer.is_consumer:
        demands = law_demands(sent_demands(order, consumer=True), order)
        costs_from = min((d.costs_from for d in demands if d.costs_from), default=None)
        notes = _consumer_notes(demands, len(order))
    lines = [(invoice.pk, _line(invoice, principal)) for invoice, principal in chosen]
    try:
        found = claim_on(customer, lines, day)
        parts = found.parts if found else ((tuple(order), _bare(customer, lines, day)),)
    except ClaimInputError as exc:
        kept = tuple(by_id[pk] for pk in order)
        return ClaimOutcome(None, kept, costs_from, tuple(notes), str(exc))
    kept = tuple(by_id[pk] for ids, _ in parts for pk in ids)
    return ClaimOutcome(_merged([claim for _, claim in parts]), kept, costs_from, tuple(notes))


def _line(invoice: Invoice, principal: Decimal) -> InvoiceLine:
    return InvoiceLine(
        number=invoice.number,
        issue_date=invoice.issue_date,
        due_date=invoice.due_date,
        total=invoice.total,
        open_amount=principal,
        payment_reference=invoice.payment_reference,
    )


def _bare(customer: Customer, lines: Sequence[tuple[int, InvoiceLine]], day: date) -> Claim:
    """The principal alone: the organisation claims neither interest nor costs."""
    return compute_claim(
        debtor="consumer" if customer.is_consumer else "business",
        invoices=[
            LawInvoice(line.open_amount, line.due_date, line.issue_date) for _, line in lines
        ],
        until=day,
        interest=NO_INTEREST,
        costs=NO_COSTS,
        rates=rate_tables(),
    )


def _merged(claims: Sequence[Claim]) -> Claim:
    """Claims on groups of invoices claimed differently (a waiver on one), as one claim: the
    sums, and the invoices one after another in the groups' order."""
    if len(claims) == 1:
        return claims[0]
    with_costs = next((c for c in claims if c.costs is not None), claims[0])
    return replace(
        with_costs,
        principal=sum((c.principal for c in claims), ZERO),
        interest=sum((c.interest for c in claims), ZERO),
        collection_costs=sum((c.collection_costs for c in claims), ZERO),
        collection_costs_vat=sum((c.collection_costs_vat for c in claims), ZERO),
        total=sum((c.total for c in claims), ZERO),
        costs_paid=sum((c.costs_paid for c in claims), ZERO),
        invoices=tuple(i for c in claims for i in c.invoices),
        payments=(),
        warnings=tuple(w for c in claims for w in c.warnings),
        demands=tuple(d for c in claims for d in c.demands),
    )


def _allocations_of(invoices: Sequence[Invoice]) -> dict[int, list[Allocation]]:
    """Every allocation to `invoices`, with its payment, by invoice id."""
    allocations: dict[int, list[Allocation]] = defaultdict(list)
    for allocation in Allocation.objects.filter(
        invoice_id__in=[i.pk for i in invoices]
    ).select_related("payment"):
        allocations[allocation.invoice_id].append(allocation)
    return allocations


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
