"""What a policy change would do to the coming days, before it is saved.

The forecast is computed twice, with the stored policies and with the edited one in their
place (`policy_edit.resolver_with`), and nothing is written: the owner sees per day how many
steps of each kind the run would take, before and after, and which invoices would change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from innen.collection.forecast import ForecastDay, InvoiceSteps, forecast
from innen.collection.models import Policy
from innen.collection.policies import PolicyResolver
from innen.collection.policy_edit import PolicyEdit, resolver_with
from innen.ledger.models import Invoice

# The page lists this many changed invoices; the count says how many there are.
CHANGED_SHOWN = 50


@dataclass(frozen=True)
class ChangedInvoice:
    invoice: Invoice
    before: list[tuple[date, str]]
    after: list[tuple[date, str]]


@dataclass(frozen=True)
class PolicyPreview:
    before: list[ForecastDay]
    after: list[ForecastDay]
    changed: list[ChangedInvoice]
    changed_count: int

    def kinds(self) -> list[str]:
        """The step kinds either forecast takes, in the order of the first day they appear."""
        seen: dict[str, None] = {}
        for day in [*self.before, *self.after]:
            for kind in day.by_kind:
                seen.setdefault(kind)
        return list(seen)


def policy_preview(policy: Policy, edit: PolicyEdit, today: date, days: int) -> PolicyPreview:
    """The next `days` days with the stored policies and with `edit`, and what differs."""
    organisation = policy.organisation
    before_steps: InvoiceSteps = {}
    after_steps: InvoiceSteps = {}
    before = forecast(
        organisation, today, days, resolver=PolicyResolver(organisation), per_invoice=before_steps
    )
    after = forecast(
        organisation, today, days, resolver=resolver_with(policy, edit), per_invoice=after_steps
    )
    changed_ids = sorted(
        invoice_id
        for invoice_id in before_steps.keys() | after_steps.keys()
        if before_steps.get(invoice_id, []) != after_steps.get(invoice_id, [])
    )
    invoices = Invoice.objects.filter(pk__in=changed_ids[:CHANGED_SHOWN]).select_related("customer")
    changed = [
        ChangedInvoice(
            invoice,
            sorted(before_steps.get(invoice.pk, [])),
            sorted(after_steps.get(invoice.pk, [])),
        )
        for invoice in sorted(invoices, key=lambda invoice: (invoice.due_date, invoice.number))
    ]
    return PolicyPreview(before, after, changed, len(changed_ids))
