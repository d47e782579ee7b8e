"""A whole claim computed to a given day: principal, interest, collection costs and payments.

This is the one entry point the command line, the web calculator and the collection run use.
`compute_claim` takes invoices, payments, the interest and costs rules and the day to compute
to, and returns a frozen `Claim` whose every figure can be explained line by line:

* each invoice's interest is the sum of its printed `InterestPeriod` lines (see interest.py);
* payments are taken in date order; each pays the collection costs once they are due, then
  per invoice (art. 6:43 BW order) its interest and then its principal (art. 6:44 BW); what
  exceeds the whole claim stays `unallocated`;
* the collection costs follow the written demands that went out (`demands`, see demands.py):
  a business owes €40 per invoice in default and the scale from a demand; a consumer owes
  costs only after a 14-day letter's term ran with what it demanded unpaid, on what stayed
  unpaid. Instead, `costs_from` gives the first day of costs for every invoice, on the
  principal still open that day. Optionally (`costs_on_capitalised_interest`) interest
  capitalised after a full year is added to their base, the NVI reading of the Nota van
  toelichting of the Besluit BIK.

Worked example (rentetool testcase 3, claim V2kHRS; its end date 16-01-2026 is exclusive,
innen's `until` inclusive): €2,000.00 due 10-11-2015, commercial interest, computed to
15-01-2026: 19 period lines over ten anniversaries, interest €2,820.43, total €4,820.43 without
costs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from innen.law.allocation import OpenDebt, allocate_groups, payment_order, split_within_debt
from innen.law.claim_input import ClaimInputError, check_costs, check_input, check_rates_cover
from innen.law.collection_costs import (
    NO_COSTS,
    STATUTORY_COSTS,
    CollectionCosts,
    CostsRule,
)
from innen.law.default import MAX_AGREED_TERM_DAYS, payment_term_warnings
from innen.law.demands import CostsSchedule, Demand, PaidOn
from innen.law.interest import (
    COMMERCIAL_INTEREST,
    NO_INTEREST,
    STATUTORY_INTEREST,
    InterestAccount,
    InterestPeriod,
    InterestRule,
    agreed_interest,
)
from innen.law.rates import PUBLISHED, RateRow, RateTables
from innen.money import ZERO, round_cents

__all__ = [  # everything a caller needs, importable from innen.law.claim
    "COMMERCIAL_INTEREST",
    "NO_COSTS",
    "NO_INTEREST",
    "STATUTORY_COSTS",
    "STATUTORY_INTEREST",
    "Claim",
    "ClaimInputError",
    "CollectionCosts",
    "CostsRule",
    "Demand",
    "InterestPeriod",
    "InterestRule",
    "Invoice",
    "InvoiceResult",
    "Payment",
    "PaymentPart",
    "PaymentResult",
    "ProvisionalPeriod",
    "RateRow",
    "RateTables",
    "agreed_interest",
    "compute_claim",
    "default_interest",
]

ONE_DAY = timedelta(days=1)
MAX_TERM = timedelta(days=MAX_AGREED_TERM_DAYS)


@dataclass(frozen=True)
class Invoice:
    """An invoice: `amount` (incl. VAT) to be paid by `due`, the last day to pay.

    `issued` (optional) lets innen reject payments dated before the invoice.
    """

    amount: Decimal
    due: date
    issued: date | None = None

    @property
    def first_interest_day(self) -> date:
        return self.due + ONE_DAY

    @property
    def issued_or_presumed(self) -> date:
        """`issued`, or else the due date minus 60 days, the longest usual agreed term
        (art. 6:119a lid 5 BW); payments before it are refused as predating the invoice."""
        return self.issued if self.issued is not None else self.due - MAX_TERM


@dataclass(frozen=True)
class Payment:
    """A payment of `amount` on `paid_on`; `invoice` is the 0-based index the debtor designated."""

    amount: Decimal
    paid_on: date
    invoice: int | None = None


@dataclass(frozen=True)
class InvoiceResult:
    """One invoice at the `until` day. `interest` is the sum of `periods`."""

    amount: Decimal
    due: date
    first_interest_day: date
    interest: Decimal
    interest_paid: Decimal
    interest_open: Decimal
    principal_paid: Decimal
    principal_open: Decimal
    periods: tuple[InterestPeriod, ...]


@dataclass(frozen=True)
class PaymentPart:
    """The part of a payment that went to one invoice."""

    invoice: int
    to_interest: Decimal
    to_principal: Decimal


@dataclass(frozen=True)
class PaymentResult:
    """How one payment was allocated; the four amounts add up to `amount`."""

    paid_on: date
    amount: Decimal
    to_costs: Decimal
    to_interest: Decimal
    to_principal: Decimal
    unallocated: Decimal
    parts: tuple[PaymentPart, ...]


@dataclass(frozen=True)
class ProvisionalPeriod:
    """Interest of invoice `invoice` (0-based) from `start` to `end` at a rate not yet known:
    the last known `rate`, which the table holds up to `known_until`."""

    invoice: int
    start: date
    end: date
    rate: Decimal
    known_until: date


@dataclass(frozen=True)
class Claim:
    """The claim on `until`: open `principal`, open `interest`, open `collection_costs` (incl.
    `collection_costs_vat`), and their `total`, with the detail per invoice and payment.

    `rates_used` are the table rows the interest was computed with; `provisional_periods`
    the parts computed past the end of the known rates (see `rates_provisional`).
    """

    debtor: str
    until: date
    interest_rule: InterestRule
    costs_rule: CostsRule
    principal: Decimal
    interest: Decimal
    collection_costs: Decimal
    collection_costs_vat: Decimal
    total: Decimal
    costs: CollectionCosts | None
    costs_paid: Decimal
    invoices: tuple[InvoiceResult, ...]
    payments: tuple[PaymentResult, ...]
    warnings: tuple[str, ...] = ()
    demands: tuple[Demand, ...] = ()

    @property
    def rates_used(self) -> tuple[RateRow, ...]:
        """Every table row a printed interest line used, in table and date order."""
        rows = {p.row for inv in self.invoices for p in inv.periods if p.row is not None}
        return tuple(sorted(rows, key=lambda row: (row.table, row.effective)))

    @property
    def provisional_periods(self) -> tuple[ProvisionalPeriod, ...]:
        table = self.interest_rule.table
        if table is None:
            return ()
        return tuple(
            ProvisionalPeriod(index, p.start, p.end, p.rate, table.known_until)
            for index, inv in enumerate(self.invoices)
            for p in inv.periods
            if p.provisional
        )

    @property
    def rates_provisional(self) -> bool:
        """True when some interest was computed past the last known rate."""
        return bool(self.provisional_periods)

    @property
    def rates_known_until(self) -> date | None:
        """The last day of known rates when the claim is provisional (else None)."""
        periods = self.provisional_periods
        return periods[0].known_until if periods else None


def default_interest(debtor: str) -> InterestRule:
    """Commercial interest for a business (art. 6:119a BW), statutory for a consumer (6:119)."""
    return COMMERCIAL_INTEREST if debtor == "business" else STATUTORY_INTEREST


def compute_claim(
    *,
    debtor: str,
    invoices: Sequence[Invoice],
    until: date,
    payments: Sequence[Payment] = (),
    interest: InterestRule | None = None,
    costs: CostsRule = STATUTORY_COSTS,
    costs_from: date | None = None,
    costs_on_capitalised_interest: bool = False,
    large_debtor_paying_sme: bool = False,
    rates: RateTables = PUBLISHED,
    demands: Sequence[Demand] = (),
) -> Claim:
    """Compute the claim on `until` (inclusive). Raises ClaimInputError naming the bad input.

    `debtor` is "business" or "consumer"; `interest` defaults per debtor (default_interest)
    and computes with `rates` (the database's tables, `innen.rates.selectors.rate_tables`).
    `demands` are the written demands that went out (consumer: the 14-day letters), which
    decide when collection costs are due and on what (see demands.py). `costs_from` instead
    gives the first day of costs directly, on every invoice's principal open that day.
    `large_debtor_paying_sme` flags agreed terms over 30 days (see default.py) in `warnings`.
    """
    check_input(debtor, invoices, until, payments, demands)
    demands = [d for d in demands if d.sent <= until]  # a claim as it stood on `until`
    rule = (interest if interest is not None else default_interest(debtor)).using(rates)
    check_rates_cover(rule, invoices, until)
    check_costs(costs, invoices, costs_from)
    run = _ClaimRun(
        debtor, invoices, rule, costs, costs_from, costs_on_capitalised_interest, demands, payments
    )
    payment_results = tuple(run.pay(p) for p in sorted(payments, key=lambda p: p.paid_on))
    claim = replace(run.close(until, payment_results), demands=tuple(demands))
    if debtor != "business":  # the maximum terms of art. 6:119a concern commercial contracts
        return replace(claim, warnings=_consumer_costs_warnings(costs, costs_from, demands))
    return replace(claim, warnings=_term_warnings(invoices, large_debtor_paying_sme))


# Says what is missing, not how to give it: the command line adds its flag, a page its field.
NO_FOURTEEN_DAY_LETTER = (
    "consument: geen incassokosten zonder veertiendagenbrief waarvan de termijn "
    "vruchteloos verstreek (art. 6:96 lid 6 BW)"
)


def _consumer_costs_warnings(
    costs: CostsRule, costs_from: date | None, demands: Sequence[Demand]
) -> tuple[str, ...]:
    # Art. 6:96 lid 6 BW: a consumer owes collection costs only after a 14-day letter's term
    # expired (HR 13-06-2014, ECLI:NL:HR:2014:1405): without one the claim has none; say why.
    if costs.kind == "none" or costs_from is not None or demands:
        return ()
    return (NO_FOURTEEN_DAY_LETTER,)


def _term_warnings(invoices: Sequence[Invoice], large_debtor_paying_sme: bool) -> tuple[str, ...]:
    """Flags for agreed payment terms over the legal maximum (invoices with a date only)."""
    warnings = []
    for number, invoice in enumerate(invoices, start=1):
        if invoice.issued is not None:
            for warning in payment_term_warnings(
                invoice.issued, invoice.due, large_debtor_paying_sme=large_debtor_paying_sme
            ):
                warnings.append(f"factuur {number}: {warning}")
    return tuple(warnings)


class _ClaimRun:
    """The mutable walk through a claim's payments; produces the frozen results."""

    def __init__(
        self,
        debtor: str,
        invoices: Sequence[Invoice],
        rule: InterestRule,
        costs_rule: CostsRule,
        costs_from: date | None,
        costs_on_capitalised_interest: bool,
        demands: Sequence[Demand],
        payments: Sequence[Payment],
    ) -> None:
        self.debtor = debtor
        self.invoices = tuple(invoices)
        self.rule = rule
        self.costs_rule = costs_rule
        self.accounts = [InterestAccount(i.amount, i.first_interest_day, rule) for i in invoices]
        self.costs = CostsSchedule(
            debtor=debtor,
            rule=costs_rule,
            first_interest_days=[i.first_interest_day for i in invoices],
            demands=demands,
            payments=[PaidOn(p.paid_on, p.amount, p.invoice) for p in payments],
            legacy_costs_from=costs_from,
            principal_of=lambda n: self.accounts[n].principal,
            capitalised_of=self._capitalised if costs_on_capitalised_interest else None,
        )
        self.costs_paid = ZERO
        self.interest_paid = [ZERO for _ in invoices]
        self.principal_paid = [ZERO for _ in invoices]
        self.debts = [OpenDebt(n, i.due, i.issued) for n, i in enumerate(invoices)]

    def _capitalised(self, index: int, day: date) -> Decimal:
        return self.accounts[index].capitalised_on(day)

    def _accrue(self, index: int, day: date) -> None:
        account = self.accounts[index]
        if day >= account.cursor:
            account.accrue_to(day)

    def costs_on(self, day: date) -> CollectionCosts | None:
        """The collection costs due on `day` (None when none are due yet)."""
        try:
            return self.costs.costs_on(day)
        except ValueError as exc:  # e.g. a consumer charged above the scale (art. 6:96 lid 5)
            raise ClaimInputError("costs", str(exc)) from None

    def pay(self, payment: Payment) -> PaymentResult:
        day = payment.paid_on
        costs = self.costs_on(day)
        costs_open = max(ZERO, costs.amount - self.costs_paid) if costs else ZERO
        to_costs = min(payment.amount, costs_open)
        self.costs_paid += to_costs

        def open_amount(index: int) -> Decimal:
            self._accrue(index, day)
            account = self.accounts[index]
            return account.interest_open + account.principal

        groups = payment_order(self.debts, day, payment.invoice)
        parts = []
        for index, share in allocate_groups(payment.amount - to_costs, groups, open_amount):
            account = self.accounts[index]
            split = split_within_debt(
                share, costs=ZERO, interest=account.interest_open, principal=account.principal
            )
            account.pay_interest(split.to_interest)
            account.pay_principal(split.to_principal)
            self.interest_paid[index] += split.to_interest
            self.principal_paid[index] += split.to_principal
            parts.append(PaymentPart(index, split.to_interest, split.to_principal))
        to_interest = sum((p.to_interest for p in parts), ZERO)
        to_principal = sum((p.to_principal for p in parts), ZERO)
        return PaymentResult(
            paid_on=day,
            amount=payment.amount,
            to_costs=to_costs,
            to_interest=to_interest,
            to_principal=to_principal,
            unallocated=payment.amount - to_costs - to_interest - to_principal,
            parts=tuple(parts),
        )

    def close(self, until: date, payments: tuple[PaymentResult, ...]) -> Claim:
        for index in range(len(self.accounts)):
            self._accrue(index, until)
        costs = self.costs_on(until)
        costs_open = max(ZERO, costs.amount - self.costs_paid) if costs else ZERO
        vat_open = ZERO
        if costs is not None and costs.amount > 0:
            vat_open = round_cents(costs.vat * costs_open / costs.amount)
        results = tuple(self._invoice_result(n) for n in range(len(self.invoices)))
        principal = sum((r.principal_open for r in results), ZERO)
        interest = sum((r.interest_open for r in results), ZERO)
        return Claim(
            debtor=self.debtor,
            until=until,
            interest_rule=self.rule,
            costs_rule=self.costs_rule,
            principal=principal,
            interest=interest,
            collection_costs=costs_open,
            collection_costs_vat=vat_open,
            total=principal + interest + costs_open,
            costs=costs,
            costs_paid=self.costs_paid,
            invoices=results,
            payments=payments,
        )

    def _invoice_result(self, index: int) -> InvoiceResult:
        invoice = self.invoices[index]
        account = self.accounts[index]
        return InvoiceResult(
            amount=invoice.amount,
            due=invoice.due,
            first_interest_day=invoice.first_interest_day,
            interest=account.interest_total,
            interest_paid=self.interest_paid[index],
            interest_open=account.interest_open,
            principal_paid=self.principal_paid[index],
            principal_open=account.principal,
            periods=tuple(account.periods),
        )
