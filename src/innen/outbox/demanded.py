"""What the letters demand of a customer on a day: the one figure every page shows.

A letter, the portal, a payment plan and the case file's export all tell the debtor what
they owe; they read it here so it is the same figure on the same day. It is the one claim
(`claim_on`): the open principal, plus the interest and collection costs the law allows on
it as of the day and the organisation claims (see `claim_on`), less what was waived.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from innen.collection.models import ActionStatus, Message, MessageStatus
from innen.ledger.models import Customer, Invoice
from innen.money import ZERO
from innen.outbox.claim_on import Flags, claim_on
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


def demanded_on(
    customer: Customer,
    invoice_ids: Iterable[int],
    day: date,
    *,
    flags: dict[int, Flags] | None = None,
) -> Demanded:
    """The claim on `day` for those of `invoice_ids` still open (`claim_on`); with `flags`, as
    a letter whose steps claimed those states it."""
    from innen.outbox.compose import open_invoices

    invoices = open_invoices(Invoice.objects.filter(customer=customer, pk__in=list(invoice_ids)))
    principal = sum((line.open_amount for _, line in invoices), ZERO)
    claim = claim_on(customer, invoices, day, flags=flags, letter=flags is not None)
    if claim is None:
        return Demanded(day, principal, ZERO, ZERO)
    lines = claim.lines
    return Demanded(day, principal, lines.interest, lines.total - lines.principal - lines.interest)


@dataclass(frozen=True)
class LetterDemand:
    """What the last letter sent demanded, for the invoices it named that are still open."""

    message_id: int
    sent: date
    invoice_ids: tuple[int, ...]
    demanded: Demanded


def last_letter_demand(customer: Customer) -> LetterDemand | None:
    """The claim the customer's last sent letter made, on the day it went out, as it stated
    it (its steps' flags: a 14-day letter that claims nothing asks the principal) (None: none
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
    actions = message.actions.filter(status=ActionStatus.ACTIVE)
    flags = without_waived(
        {a.invoice_id: (a.claims_interest, a.claims_costs) for a in actions}, day
    )
    return LetterDemand(
        message.pk, day, still_open, demanded_on(customer, still_open, day, flags=flags)
    )
