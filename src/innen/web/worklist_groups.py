"""The worklist per customer: one block for each customer with something waiting today;
and the disputes as disputes (one row for a portal dispute about several invoices).

A customer with a call, a step to approve and a dispute shows as one line that names all
three (each a link to its item below), with what the customer owes in all. The lines come
most urgent first, then by amount: a claim about to become time-barred or a broken promise
first (a deadline has passed or is near), then calls, approvals, disputes, plans to decide
and promises due today.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.utils.functional import Promise as LazyText
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from innen.arrangements.models import Dispute
from innen.collection.behaviour import segments_of
from innen.collection.models import Hold
from innen.file_messages import translated
from innen.ledger.models import Customer, Invoice
from innen.money import ZERO
from innen.organisations.models import Organisation

# Each kind of work, most urgent first: (the worklist filter's value, its label).
KINDS: list[tuple[str, LazyText]] = [
    ("time-barred", _("Time-barred soon")),
    ("promises", _("Promises")),
    ("calls", _("Calls")),
    ("approvals", _("Awaiting approval")),
    ("disputes", _("Disputes")),
    ("plans", _("Payment plans")),
    ("deliveries", _("Failed deliveries")),
    ("bank", _("Bank lines")),
]
URGENCY = {kind: rank for rank, (kind, _label) in enumerate(KINDS)}
LABELS = dict(KINDS)


@dataclass(frozen=True)
class Item:
    """One thing to do for a customer: its kind, what it is called and where it is below."""

    kind: str
    text: str
    anchor: str
    urgent: bool = False  # a broken promise, a claim about to be time-barred

    @property
    def rank(self) -> int:
        return URGENCY[self.kind] - (len(URGENCY) if self.urgent else 0)


@dataclass
class CustomerBlock:
    customer: Customer
    items: list[Item] = field(default_factory=list)
    open_total: Decimal = ZERO
    behaviour: str = ""  # the behaviour segment's label, and why (the daily job's)
    behaviour_reason: str = ""

    @property
    def rank(self) -> int:
        return min(item.rank for item in self.items)

    @property
    def kinds(self) -> list[tuple[str, LazyText, list[Item]]]:
        """The block's items by kind, in the page's order: (kind, label, items)."""
        found = []
        for kind, label in KINDS:
            items = [item for item in self.items if item.kind == kind]
            if items:
                found.append((kind, label, items))
        return found


def by_customer(
    organisation: Organisation, items: Iterable[tuple[Customer, Item]]
) -> list[CustomerBlock]:
    """The items grouped per customer, most urgent first, then the most owed (two queries:
    what they owe, their behaviour segments)."""
    blocks: dict[int, CustomerBlock] = {}
    for customer, item in items:
        blocks.setdefault(customer.pk, CustomerBlock(customer)).items.append(item)
    owed = (
        Invoice.objects.filter(
            organisation=organisation, customer_id__in=list(blocks), outstanding__gt=0
        )
        .order_by()
        .values("customer_id")
        .annotate(owed=Sum("outstanding"))
        .values_list("customer_id", "owed")
    )
    for customer_id, amount in owed if blocks else []:
        blocks[customer_id].open_total = amount or ZERO
    for customer_id, found in segments_of(organisation.pk, blocks).items() if blocks else []:
        block = blocks[customer_id]
        block.behaviour = translated(found.label)
        block.behaviour_reason = translated(found.reason)
    return sorted(blocks.values(), key=lambda b: (b.rank, -b.open_total, b.customer.name))


@dataclass
class DisputeRow:
    """One dispute to answer: a portal dispute with all its invoices, or one dispute hold
    noted after a call (closed by lifting it)."""

    hold: Hold  # the first of its holds: customer, since, the anchor
    days: int
    dispute: Dispute | None
    invoices: list[Invoice] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"dispute-{self.hold.pk}"

    @property
    def text(self) -> str:
        if len(self.invoices) == 1:
            return self.invoices[0].number
        if not self.invoices:
            return str(_("Every invoice"))
        return ngettext("%(count)s invoice", "%(count)s invoices", len(self.invoices)) % {
            "count": len(self.invoices)
        }


def dispute_rows(
    holds: Iterable[Hold], portal: dict[int, Dispute], today: date
) -> list[DisputeRow]:
    """The dispute holds as the disputes they are: one row per portal dispute, oldest first."""
    rows: list[DisputeRow] = []
    by_dispute: dict[int, DisputeRow] = {}
    for hold in holds:
        dispute = portal.get(hold.pk)
        row = by_dispute.get(dispute.pk) if dispute is not None else None
        if row is None:
            row = DisputeRow(hold, (today - hold.starts_on).days, dispute)
            rows.append(row)
            if dispute is not None:
                by_dispute[dispute.pk] = row
        if hold.invoice is not None:
            row.invoices.append(hold.invoice)
    return rows
