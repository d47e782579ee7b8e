"""What the letters demand of a customer on a day: the one figure every page shows.

A letter, the portal, a payment plan and the case file's export all tell the debtor what
they owe; they read it here so it is the same figure on the same day. It is what the
letters sent so far claim, computed to the day: the open principal, plus interest on
the invoices whose sent step claimed interest and costs on those whose sent step claimed
costs, as the demands that went out allow them (`consumer_costs.sent_demands` and
`innen.law.demands`: a consumer only after a 14-day letter's term ran unpaid). An invoice no
letter claimed interest or costs on yet owes its principal only. The computation is the
letters' own (`compose.letter_claim`), so a letter sent today demands exactly this.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from innen.collection.models import Action, ActionStatus, Message, MessageStatus
from innen.ledger.models import Customer, Invoice
from innen.money import ZERO
from innen.outbox.waivers import without_waived


@dataclass(frozen=True)
class Demanded:
    """Principal, interest and costs (incl. any VAT on them) demanded on `day`."""

    day: date
    principal: Decimal
    interest: Decimal
    costs: Decimal

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest + self.costs

    @property
    def charges(self) -> Decimal:
        """What the letters add to the principal: interest and costs."""
        return self.interest + self.costs


def claimed_flags(
    invoice_ids: Iterable[int], day: date | None = None
) -> dict[int, tuple[bool, bool]]:
    """Per invoice: whether a letter sent (by `day`) claimed interest, and whether one claimed
    costs; what a person waived (`waivers`) is not claimed."""
    flags: dict[int, tuple[bool, bool]] = {}
    rows = Action.objects.filter(
        invoice_id__in=list(invoice_ids),
        status=ActionStatus.ACTIVE,
        message__status__in=[MessageStatus.SENT, MessageStatus.DONE],
    )
    if day is not None:
        rows = rows.filter(message__decided_on__lte=day)
    for invoice_id, interest, costs in rows.values_list(
        "invoice_id", "claims_interest", "claims_costs"
    ):
        before = flags.get(invoice_id, (False, False))
        flags[invoice_id] = (before[0] or interest, before[1] or costs)
    return without_waived(flags, day)


def demanded_on(customer: Customer, invoice_ids: Iterable[int], day: date) -> Demanded:
    """What the letters demand on `day` for those of `invoice_ids` still open."""
    from innen.outbox.compose import letter_claim, open_invoices

    invoices = open_invoices(Invoice.objects.filter(customer=customer, pk__in=list(invoice_ids)))
    principal = sum((line.open_amount for _, line in invoices), ZERO)
    claim = letter_claim(customer, invoices, claimed_flags([pk for pk, _ in invoices], day), day)
    if claim is None:
        return Demanded(day, principal, ZERO, ZERO)
    return Demanded(day, principal, claim.interest, claim.total - claim.principal - claim.interest)


@dataclass(frozen=True)
class LetterDemand:
    """What the last letter sent demanded, for the invoices it named that are still open."""

    message_id: int
    sent: date
    invoice_ids: tuple[int, ...]
    demanded: Demanded


def last_letter_demand(customer: Customer) -> LetterDemand | None:
    """The claim the customer's last sent letter made, on the day it went out (None: none
    went out, or all it named is paid): paying it in its term pays what the letter asked,
    which for a consumer's 14-day letter avoids the collection costs (art. 6:96 lid 6 BW)."""
    from innen.outbox.consumer_costs import sent_on

    message = (
        Message.objects.filter(
            customer=customer,
            status__in=[MessageStatus.SENT, MessageStatus.DONE],
            actions__status=ActionStatus.ACTIVE,
            is_call_task=False,
        )
        .order_by("-decided_on", "-pk")
        .first()
    )
    if message is None:
        return None
    named = set(
        message.actions.filter(status=ActionStatus.ACTIVE).values_list("invoice_id", flat=True)
    )
    still_open = tuple(
        Invoice.objects.filter(pk__in=named).open().order_by("pk").values_list("pk", flat=True)
    )
    if not still_open:
        return None
    day = sent_on(message)
    return LetterDemand(message.pk, day, still_open, demanded_on(customer, still_open, day))
