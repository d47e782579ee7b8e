"""What the claim on many invoices reads from the database, loaded once for any day.

`claim_on` asks, per call, for the customer's policy, the letters sent on the invoices, the
waivers and the rate tables: seven queries or so. A payment that brings more than its
invoices' principal asks the claim on each of them (`invoice_claim.charges_owed`); a
statement with many such payments would ask it many times. `ClaimFacts` loads the same
rows for all of them at once, and answers `claim_on` from memory with the same rules
(`claim_on.with_letters`, `consumer_costs.demands_of`, `waivers.waived_by`), so the
figures are those of `claim_on` without them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from innen.collection.models import Action
from innen.law.claim import RateTables
from innen.ledger.models import Customer, Invoice
from innen.outbox.claim_on import Flags, policies_claim, with_letters
from innen.outbox.consumer_costs import (
    SentBy,
    SentDemand,
    demands_of,
    is_demand,
    sent_actions,
    sent_by,
)
from innen.outbox.waivers import Waived, less_waived, waived_by, waivers_of
from innen.rates.selectors import rate_tables


@dataclass(frozen=True)
class ClaimFacts:
    """The rows the claim on some invoices reads: their customers' policies' flags, the
    actions of the messages sent on them, when those went out, the waivers, the rates."""

    policies: dict[int, Flags]
    actions: tuple[Action, ...]
    sent_by: dict[int, SentBy]
    waivers: tuple[tuple[int, date, Waived], ...]
    rates: RateTables

    @classmethod
    def load(cls, invoices: Sequence[Invoice]) -> ClaimFacts:
        """The facts of `invoices` (with their customers), in eight queries however many."""
        ids = [invoice.pk for invoice in invoices]
        customers = {invoice.customer_id: invoice.customer for invoice in invoices}
        actions = tuple(sent_actions(ids))
        return cls(
            policies=policies_claim(customers.values()),
            actions=actions,
            sent_by=sent_by(actions),
            waivers=tuple(waivers_of(ids)),
            rates=rate_tables(),
        )

    def flags(self, customer: Customer, invoice_ids: Iterable[int], day: date) -> dict[int, Flags]:
        """`claim_on.claimed` of these facts."""
        ids = list(invoice_ids)
        wanted = set(ids)
        letters = [
            (action.invoice_id, action.claims_interest, action.claims_costs)
            for action in self._of(wanted)
            if action.message is not None and action.message.decided_on <= day
        ]
        flags = with_letters(self.policies[customer.pk], ids, letters)
        return less_waived(flags, waived_by((w for w in self.waivers if w[0] in wanted), day))

    def sent(self, invoice_ids: Iterable[int], *, consumer: bool) -> list[SentDemand]:
        """`consumer_costs.sent_demands` of these facts."""
        rows = [a for a in self._of(set(invoice_ids)) if is_demand(a, consumer=consumer)]
        return demands_of(rows, self.sent_by, consumer=consumer)

    def _of(self, invoice_ids: set[int]) -> list[Action]:
        return [action for action in self.actions if action.invoice_id in invoice_ids]
