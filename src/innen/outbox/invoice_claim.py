"""The claim on one invoice as of a day: principal, interest, costs, and how payments split.

The one figure the desk's invoice and customer pages, the portal, payment plans, the API
and the case file's export show per invoice. It is the one claim
(`claim_on.claim_on`, which the letters, `demanded.demanded_on` and the export compute with)
for this invoice alone, on its open principal as of the day:

* `principal` is the ledger's `outstanding`, plus what was allocated to the invoice after
  the day: never stored a second time;
* `interest` and `collection_costs` are what the law allows as of the day and the
  organisation claims (`claim_on`: interest from the day after the due date; a business €40
  from default and the scale from a written demand; a consumer costs only after a 14-day
  letter's term ran unpaid), less what a person waived (`waivers`);
* `claim_total` is their sum.

Every payment is also read as art. 6:44 BW reads it: against the claim as of its day, to
costs first, then interest, then principal (`innen.law.allocation.split_within_debt`).
The ledger books payments against principal (`Allocation`), and keeps doing so:
`outstanding` stays what the ledger, dashboard and matching use. A payment that named the
invoice and brought more than its principal paid its interest and costs with the rest
(`PaidCharges`, `charges_owed` tells the ledger how much). The split shows the debtor and
the controller which part of each payment the law counts as costs and interest; those parts
are no longer owed, because the claim after the payment is computed on the principal the
ledger left open.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, DecimalException

from innen.law.allocation import split_within_debt
from innen.law.claim import ClaimInputError
from innen.ledger.charges import ChargesOn
from innen.ledger.models import Allocation, AllocationKind, Invoice, PaidCharges
from innen.letters.letter import InvoiceLine
from innen.money import ZERO, round_cents
from innen.outbox.claim_facts import ClaimFacts
from innen.outbox.claim_on import claim_on
from innen.outbox.consumer_costs import SentDemand, sent_demands
from innen.outbox.waivers import Waived, waived

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class PaymentSplit:
    """A payment to the invoice and how art. 6:44 BW divides it."""

    paid_on: date
    amount: Decimal
    to_costs: Decimal
    to_interest: Decimal
    to_principal: Decimal


@dataclass(frozen=True)
class InvoiceClaim:
    """What is owed on an invoice on `day` (see the module's docstring)."""

    invoice_id: int
    day: date
    principal: Decimal
    interest: Decimal
    collection_costs: Decimal
    waived: Waived
    demands: tuple[SentDemand, ...] = ()
    payments: tuple[PaymentSplit, ...] = ()
    error: str = ""
    paid_for_charges: Decimal = ZERO  # what payments brought beyond the principal (PaidCharges)

    @property
    def claim_total(self) -> Decimal:
        return self.principal + self.interest + self.collection_costs

    @property
    def charges(self) -> Decimal:
        return self.interest + self.collection_costs

    @property
    def charges_paid(self) -> Decimal:
        """What the payments paid of costs and interest, as art. 6:44 BW reads them."""
        return sum((p.to_costs + p.to_interest for p in self.payments), ZERO)

    @property
    def stopped_at_principal(self) -> bool:
        """The ledger's principal is paid while payments went to costs and interest first
        beyond what they brought for them: art. 6:44 BW would leave that much principal open;
        innen claims no more (docs/law.md)."""
        return self.principal <= 0 and self.principal_left_by_law > 0

    @property
    def principal_left_by_law(self) -> Decimal:
        """What art. 6:44 BW leaves of the principal once the ledger's is paid: what payments
        went to costs and interest beyond what they brought for them."""
        return max(self.charges_paid - self.paid_for_charges, ZERO)


def principal_on(invoice: Invoice, allocations: Iterable[Allocation], day: date) -> Decimal:
    """The invoice's open principal on `day`: its `outstanding` plus what was allocated later."""
    if invoice.issue_date > day:
        return ZERO
    later = sum((a.amount for a in allocations if _dated(a) > day), ZERO)
    return round_cents(invoice.outstanding + later)


def charges_on(
    invoice: Invoice, principal: Decimal, day: date, facts: ClaimFacts | None = None
) -> tuple[Decimal, Decimal, str]:
    """(interest, costs, error) claimed on `invoice` at `principal` open on `day` (`claim_on`,
    from `facts` when loaded)."""
    if principal <= 0:
        return ZERO, ZERO, ""
    line = InvoiceLine(
        number=invoice.number,
        issue_date=invoice.issue_date,
        due_date=invoice.due_date,
        total=invoice.total,
        open_amount=principal,
        payment_reference=invoice.payment_reference,
    )
    try:
        claim = claim_on(invoice.customer, [(invoice.pk, line)], day, facts=facts)
    except ClaimInputError as exc:
        return ZERO, ZERO, exc.message
    except DecimalException:  # a day so far ahead that the interest outgrows Decimal
        return ZERO, ZERO, "the day is too far ahead to compute the interest to"
    if claim is None:
        return ZERO, ZERO, ""
    lines = claim.lines
    return lines.interest, lines.total - lines.principal - lines.interest, ""


def invoice_claim(invoice: Invoice, day: date) -> InvoiceClaim:
    """The claim on `invoice` as of `day`, with every payment made by then split per 6:44."""
    allocations = list(Allocation.objects.filter(invoice=invoice).select_related("payment"))
    charged: dict[int, Decimal] = {}
    paid_charges = PaidCharges.objects.filter(invoice=invoice, date__lte=day)
    for payment_id, amount in paid_charges.values_list("payment_id", "amount"):
        charged[payment_id] = charged.get(payment_id, ZERO) + amount
    principal = principal_on(invoice, allocations, day)
    interest, costs, error = charges_on(invoice, principal, day)
    splits = [
        _split(invoice, allocations, a, charged.get(a.payment_id or 0, ZERO))
        for a in sorted(allocations, key=lambda a: (_dated(a), a.pk))
        if a.kind == AllocationKind.PAYMENT and _dated(a) <= day
    ]
    demands = [
        d
        for d in sent_demands([invoice.pk], consumer=invoice.customer.is_consumer)
        if d.sent <= day
    ]
    return InvoiceClaim(
        invoice_id=invoice.pk,
        day=day,
        principal=principal,
        interest=interest,
        collection_costs=costs,
        waived=waived([invoice.pk], day).get(invoice.pk, Waived()),
        demands=tuple(demands),
        payments=tuple(splits),
        error=error,
        paid_for_charges=sum(charged.values(), ZERO),
    )


def charges_owed(invoice_ids: Collection[int]) -> ChargesOn:
    """For `invoice_ids`: what the interest and costs claimed on each are at its principal
    open before a payment on a day (`charges_on`), which a payment beyond the principal pays.
    The ledger's `innen.ledger.charges` asks for it; the rows are read here, once, however
    many invoices and payments ask (`ClaimFacts`)."""
    invoices = {
        invoice.pk: invoice
        for invoice in Invoice.objects.filter(pk__in=list(invoice_ids)).select_related(
            "customer", "customer__organisation"
        )
    }
    facts = ClaimFacts.load(list(invoices.values()))

    def owed(principals: Mapping[int, Decimal], day: date) -> dict[int, Decimal]:
        found = {}
        for pk, principal in principals.items():
            if pk in invoices:
                interest, costs, _ = charges_on(invoices[pk], principal, day, facts)
                found[pk] = interest + costs
        return found

    return owed


def _split(
    invoice: Invoice, allocations: list[Allocation], payment: Allocation, charges: Decimal
) -> PaymentSplit:
    """`payment` (with what it paid of `charges` beyond the principal) against the claim as
    it stood on its day, just before it."""
    day = _dated(payment)
    principal = principal_on(invoice, allocations, day) + sum(
        (a.amount for a in allocations if _dated(a) == day and a.pk >= payment.pk), ZERO
    )
    interest, costs, _ = charges_on(invoice, principal, day)
    amount = payment.amount + charges
    split = split_within_debt(amount, costs=costs, interest=interest, principal=principal)
    return PaymentSplit(
        day, amount, split.to_costs, split.to_interest, split.to_principal + split.rest
    )


def _dated(allocation: Allocation) -> date:
    """The day an allocation counts: a payment's own date, else the allocation's."""
    if allocation.kind == AllocationKind.PAYMENT and allocation.payment is not None:
        return allocation.payment.date
    return allocation.date
