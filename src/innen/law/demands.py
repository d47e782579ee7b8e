"""When collection costs are due, and on what: the written demands of a claim (art. 6:96 BW).

One rule for `innen claim`, the letters, the case file's claim and its export: each passes
the demands that went out to `compute_claim(demands=...)` and this module decides the costs.

* **Business** (art. 6:96 lid 4 BW): from the day after the last day to pay, €40 per invoice
  in default, without any demand. The scale of the Besluit BIK (or an agreed amount) is for
  collection work actually done: it applies only from a written demand that went out, on the
  invoices in default at that demand, and never below €40 each. Invoices no demand reached
  keep their fixed €40.
* **Consumer** (art. 6:96 lid 6 BW): costs only after a 14-day letter, sent after default,
  whose term expired *vruchteloos*: without a letter there are none (HR 13-06-2014,
  ECLI:NL:HR:2014:1405). A letter names the invoices in default when it went out (lid 7: one
  demand for all of them). Costs start the day after its term, or after the longer term it
  stated. Paying what it demanded within the term owes no costs (HR 25-11-2016,
  ECLI:NL:HR:2016:2704), whatever art. 6:44 did with the payment: the base is what stayed
  unpaid of the demanded amount, at most the principal of the named invoices still open when
  the term ended, and the costs never exceed what the letter stated.
* **Several demands**: the costs are on the sum of the bases of every expired demand, not
  per demand. Art. 6:96 lid 7 requires this for claims in default together; for claims that
  fall due one after another (six monthly invoices, six letters) innen does the same, which
  is never more than separate letters would give (the scale is subadditive). The
  cumulation rule for small instalments of the Besluit BIK as amended on 1 October 2024
  (Stb. 2024, 44) is not implemented: its text was not found, and on one secondary reading
  it allows less than this for instalments whose sum exceeds €266.67 (docs/law.md, rule 4).
  An invoice counts in one demand's base only: the first that expired.

Worked example: a consumer invoice of €450, a 14-day letter posted 1 June 2026 demanding
€450; €450 paid on 10 June (first to interest, art. 6:44): no costs. Paid €300 instead:
costs on €150 (the €40 minimum), due from the day after the term.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from innen.law.collection_costs import (
    B2B_FIXED_PER_INVOICE,
    CollectionCosts,
    CostsRule,
    collection_costs,
)
from innen.law.letter_term import letter_term
from innen.money import ZERO, round_cents


@dataclass(frozen=True)
class Demand:
    """A written demand that went out on `sent` (for a consumer: the 14-day letter).

    `amount` is what it demanded (None: not known, then the principal still open when its
    term ended counts); `invoices` the 0-based invoices it named (None: every invoice in
    default on `sent`); `costs_from` the first day of costs (None: for a consumer the day
    after the statutory term of a letter posted on `sent`, for a business `sent` itself);
    `costs_stated` the costs the letter said would be due (the most it can bring).
    """

    sent: date
    amount: Decimal | None = None
    invoices: tuple[int, ...] | None = None
    costs_from: date | None = None
    costs_stated: Decimal | None = None


@dataclass(frozen=True)
class PaidOn:
    """A payment as the costs need it: its day, amount and designated invoice (or None)."""

    paid_on: date
    amount: Decimal
    invoice: int | None


@dataclass
class _Entry:
    """A moment costs may become due: `day`, the invoices it concerns, and its limits."""

    day: date
    invoices: tuple[int, ...]
    scale: bool  # the rule's scale (True) or only the fixed €40 of lid 4 (False)
    unpaid: Decimal | None = None  # consumer: what stayed unpaid of the demanded amount
    stated: Decimal | None = None
    base: Decimal | None = None  # fixed when the day comes


def demand_costs_from(demand: Demand, debtor: str) -> date:
    """The first day `demand` can bring costs (see `Demand.costs_from`)."""
    if demand.costs_from is not None:
        return demand.costs_from
    if debtor == "consumer":
        # By post: the later presumption of receipt, so costs never start too early.
        return letter_term(demand.sent, "post").costs_from
    return demand.sent


def demand_invoices(demand: Demand, first_interest_days: Sequence[date]) -> tuple[int, ...]:
    """The invoices `demand` concerns: those it named, else those in default when it went out."""
    if demand.invoices is not None:
        return tuple(demand.invoices)
    return tuple(n for n, day in enumerate(first_interest_days) if day <= demand.sent)


class CostsSchedule:
    """The collection costs of one claim as its days go by; driven by the claim's walk.

    `principal_of(n)` is invoice n's principal now (payments before the day asked applied),
    `capitalised_of(n, day)` its interest capitalised by `day` (for the NVI option).
    """

    def __init__(
        self,
        *,
        debtor: str,
        rule: CostsRule,
        first_interest_days: Sequence[date],
        demands: Sequence[Demand],
        payments: Sequence[PaidOn],
        legacy_costs_from: date | None,
        principal_of: Callable[[int], Decimal],
        capitalised_of: Callable[[int, date], Decimal] | None = None,
    ) -> None:
        self.consumer = debtor == "consumer"
        self.rule = rule
        self.principal_of = principal_of
        self.capitalised_of = capitalised_of
        self.entries = _entries(
            self.consumer, first_interest_days, demands, payments, legacy_costs_from
        )
        self.charged: dict[int, bool] = {}  # invoice → in a scale base (True) or fixed only

    def _fix(self, day: date) -> None:
        for entry in self.entries:
            if entry.day > day or entry.base is not None:
                continue
            fresh = [n for n in entry.invoices if not self.charged.get(n, False)]
            if not entry.scale:
                fresh = [n for n in fresh if n not in self.charged]
            open_principal = sum((self.principal_of(n) for n in fresh), ZERO)
            base = open_principal if entry.unpaid is None else min(entry.unpaid, open_principal)
            entry.base = max(base, ZERO)
            if entry.base > 0:
                for n in fresh:
                    if self.principal_of(n) > 0:
                        self.charged[n] = entry.scale

    def costs_on(self, day: date) -> CollectionCosts | None:
        """The collection costs due on `day` (None when none are due yet)."""
        if self.rule.kind == "none":
            return None
        self._fix(day)
        due = [e for e in self.entries if e.day <= day and e.base]
        if not due:
            return None
        scale = [e for e in due if e.scale]
        fixed = sum(1 for charged in self.charged.values() if not charged)
        if not scale:
            amount = B2B_FIXED_PER_INVOICE * fixed
            why = f"€ 40 per factuur in verzuim (art. 6:96 lid 4 BW) × {fixed}"
            return CollectionCosts(amount, ZERO, sum((e.base or ZERO for e in due), ZERO), why)
        base = sum((e.base or ZERO for e in scale), ZERO)
        if self.capitalised_of is not None:
            scaled = [n for n, charged in self.charged.items() if charged]
            base += sum((self.capitalised_of(n, day) for n in scaled), ZERO)
        in_scale = sum(1 for charged in self.charged.values() if charged)
        costs = collection_costs(
            base,
            consumer=self.consumer,
            rule=self.rule,
            invoices=max(in_scale, 1),
            on=min(e.day for e in scale),
        )
        if self.consumer and self.capitalised_of is None and len(scale) > 1:
            costs = self._no_more_than_apart(costs, scale)
        costs = _capped(costs, scale)
        if fixed:
            extra = B2B_FIXED_PER_INVOICE * fixed
            costs = CollectionCosts(
                costs.amount + extra,
                costs.vat,
                costs.base,
                costs.explanation + f"; € 40 per factuur zonder aanmaning × {fixed}",
            )
        return costs

    def _no_more_than_apart(
        self, costs: CollectionCosts, entries: Sequence[_Entry]
    ) -> CollectionCosts:
        """The costs on the sum, never more than each demand's own (the cent rounding might)."""
        apart = [
            collection_costs(e.base or ZERO, consumer=True, rule=self.rule, on=e.day)
            for e in entries
        ]
        cap = sum((c.amount for c in apart), ZERO)
        if costs.amount <= cap:
            return costs
        vat = sum((c.vat for c in apart), ZERO)
        return CollectionCosts(cap, vat, costs.base, costs.explanation)


def _capped(costs: CollectionCosts, entries: Sequence[_Entry]) -> CollectionCosts:
    """Never more than the letters stated (art. 6:96 lid 6 BW), when each stated its costs."""
    stated = [e.stated for e in entries]
    if any(s is None for s in stated):
        return costs
    cap = sum((s or ZERO for s in stated), ZERO)
    if costs.amount <= cap:
        return costs
    vat = round_cents(costs.vat * cap / costs.amount) if costs.amount else ZERO
    why = costs.explanation + "; niet meer dan de veertiendagenbrief noemde"
    return CollectionCosts(cap, vat, costs.base, why)


def _entries(
    consumer: bool,
    first_interest_days: Sequence[date],
    demands: Sequence[Demand],
    payments: Sequence[PaidOn],
    legacy_costs_from: date | None,
) -> list[_Entry]:
    debtor = "consumer" if consumer else "business"
    entries: list[_Entry] = []
    if not consumer:  # lid 4: €40 per invoice from its first day in default, no demand needed
        entries += [_Entry(day, (n,), False) for n, day in enumerate(first_interest_days)]
    if legacy_costs_from is not None:  # the costs' first day given as such (--costs-from)
        entries += [
            _Entry(max(legacy_costs_from, day), (n,), True)
            for n, day in enumerate(first_interest_days)
        ]
    for demand in demands:
        starts = demand_costs_from(demand, debtor)
        named = demand_invoices(demand, first_interest_days)
        if not named:
            continue
        unpaid = None
        if consumer and demand.amount is not None:
            unpaid = demand.amount - _paid_within(payments, demand.sent, starts, named)
        entries.append(_Entry(starts, named, True, unpaid, demand.costs_stated))
    entries.sort(key=lambda e: (e.day, not e.scale))
    return entries


def _paid_within(
    payments: Sequence[PaidOn], sent: date, costs_from: date, named: tuple[int, ...]
) -> Decimal:
    """What was paid from the day a letter went out until its term ended, towards its invoices."""
    return sum(
        (
            p.amount
            for p in payments
            if sent <= p.paid_on < costs_from and (p.invoice is None or p.invoice in named)
        ),
        ZERO,
    )
