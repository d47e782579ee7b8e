"""The demo's reminders from before its weeks of replayed runs: who paid late was reminded.

The loader replays innen's daily runs only for the last weeks (`loader.COLLECTING_DAYS`: a
run a day over eighteen months would take minutes). Without more, the months before would
hold no reminder at all, and "pays soon after a reminder" (the forgetful segment,
`innen.risk.segments`) could be seen in a few weeks only. So the organisation followed its
default ladder before too, and those steps are recorded as the run records them: one message
per customer a day (a call as its own task), an action per invoice and step, and the
dossier's "decided" and "sent" events, all on their own day.

Every invoice gets the steps whose moment came before the replay starts while it was still
open: only the steps counted from the due date, after it (the reminder, the call, the second
reminder and the formal letter), each on the first business day of its moment. What is still
open when the replay starts goes on from there with the run: its next step is the hand-over,
or the hold the loader made (a dispute, a debt already handed over). A message waits for the
policy's spacing after the one before (legal letters excepted), as in the run
(`innen.dunning.grouping.first_allowed`); a step already passed when its message goes gives
way to the invoice's later step in it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from innen.dunning.days import add_business_days
from innen.dunning.grouping import STRICTNESS, first_allowed
from innen.dunning.policy import Anchor, Policy, Step
from innen.dunning.timing import term_end


@dataclass(frozen=True)
class PaidInvoice:
    """An invoice paid in full on `settled` (`date.max` while open); `open_on(day)` is what
    it owed that day."""

    invoice_id: int
    customer_id: int
    number: str
    due: date
    settled: date
    total: Decimal
    payments: tuple[tuple[date, Decimal], ...] = ()

    def open_on(self, day: date) -> Decimal:
        return self.total - sum((amount for on, amount in self.payments if on < day), Decimal(0))


@dataclass(frozen=True)
class Planned:
    """One message (or call task) to a customer on `day`: (invoice, step index) per item."""

    customer_id: int
    day: date
    items: tuple[tuple[PaidInvoice, int], ...]
    is_call: bool

    def strictest(self, policy: Policy) -> int:
        """The index of the step that sets the message's kind (as `grouping.strictness`)."""
        indexes = [index for _, index in self.items]
        return max(indexes, key=lambda i: (STRICTNESS[policy.steps[i].kind], i))


def earlier_messages(invoices: Sequence[PaidInvoice], policy: Policy, until: date) -> list[Planned]:
    """The messages and call tasks `policy` would have made for one customer's `invoices`
    before `until`, oldest first."""
    moments = [
        (add_business_days(invoice.due + timedelta(days=step.offset_days), 0), invoice, index)
        for invoice in invoices
        for index, step in enumerate(policy.steps)
        if _counted_after_due(step)
    ]
    moments = [m for m in moments if m[0] < min(m[1].settled, until)]
    calls = [m for m in moments if policy.steps[m[2]].is_call_only]
    letters = [m for m in moments if not policy.steps[m[2]].is_call_only]
    planned = _calls(calls) + _letters(letters, policy, until)
    return sorted(planned, key=lambda p: (p.day, p.is_call))


def _counted_after_due(step: Step) -> bool:
    return step.anchor is Anchor.DUE_DATE and step.offset_days > 0


_Moment = tuple[date, PaidInvoice, int]


def _calls(moments: Iterable[_Moment]) -> list[Planned]:
    """A call task per day with calls due: calls wait for no spacing."""
    by_day: dict[date, list[tuple[PaidInvoice, int]]] = defaultdict(list)
    for day, invoice, index in moments:
        by_day[day].append((invoice, index))
    return [
        Planned(items[0][0].customer_id, day, tuple(items), is_call=True)
        for day, items in sorted(by_day.items())
    ]


def _letters(moments: list[_Moment], policy: Policy, until: date) -> list[Planned]:
    """Messages at least the policy's spacing apart, each with every step due by its day."""
    pending = sorted(moments, key=lambda m: (m[0], m[1].number, m[2]))
    planned: list[Planned] = []
    last: date | None = None
    while pending:
        day = min(_first_day(m, last, policy) for m in pending)
        if day >= until:
            break
        due = [m for m in pending if m[0] <= day and m[1].settled > day]
        pending = [m for m in pending if m[0] > day]
        latest: dict[int, tuple[PaidInvoice, int]] = {}
        for _, invoice, index in due:
            kept = latest.get(invoice.invoice_id)
            if kept is None or index > kept[1]:
                latest[invoice.invoice_id] = (invoice, index)
        if latest:
            planned.append(
                Planned(due[0][1].customer_id, day, tuple(latest.values()), is_call=False)
            )
            last = day
    return planned


def _first_day(moment: _Moment, last: date | None, policy: Policy) -> date:
    day, _, index = moment
    if last is not None:
        allowed = first_allowed(policy.steps[index], last, policy.min_days_between_messages)
        day = max(day, allowed)
    return add_business_days(day, 0)


def pay_before(step: Step, day: date) -> date | None:
    """The pay-before day a step sent on `day` names."""
    return term_end(step, day)
