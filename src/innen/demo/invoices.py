"""Invoices: how many each customer gets, when, and for how much.

Amounts are drawn as whole cents (floats only feed the random draw, never an amount), the
VAT is rounded once per invoice, and the total is the sum of the two, exactly.
"""

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from innen.demo.facts import DemoCustomer, DemoInvoice, Profile
from innen.demo.situations import Situation
from innen.money import round_cents

VAT_HIGH = Decimal("0.21")
VAT_LOW = Decimal("0.09")  # food and drink: what horeca and shops buy for resale


@dataclass(frozen=True)
class SegmentTrade:
    """How a segment buys: invoices a month, the typical invoice, and its spread."""

    invoices_a_month: float
    median_euros: int
    spread: float
    low_vat_share: float


TRADE = {
    "horeca": SegmentTrade(2.4, 420, 0.7, 0.5),
    "retail": SegmentTrade(1.6, 950, 0.8, 0.3),
    "bouw": SegmentTrade(1.1, 2300, 0.9, 0.0),
    "zorg": SegmentTrade(1.2, 650, 0.6, 0.0),
    "kantoor": SegmentTrade(0.8, 340, 0.6, 0.0),
    "particulier": SegmentTrade(0.3, 180, 0.9, 0.0),
}
LOWEST_CENTS = 1_250
HIGHEST_CENTS = 4_000_000


@dataclass(frozen=True)
class _Draft:
    customer: DemoCustomer
    issue_date: date
    excl_cents: int
    vat_rate: Decimal


def make_invoices(
    rng: random.Random,
    customers: Sequence[DemoCustomer],
    situations: dict[str, Situation],
    total: int,
    reference_for: Callable[[str], str],
) -> tuple[DemoInvoice, ...]:
    """Return about `total` invoices, numbered in date order per year: 2026-00001, ..."""
    sizes = {c.number: rng.lognormvariate(0, 0.5) for c in customers}
    weights = [_weight(c, situations[c.number], sizes[c.number]) for c in customers]
    counts = _shares(weights, total)
    drafts = []
    for customer, count in zip(customers, counts, strict=True):
        situation = situations[customer.number]
        for issue in _issue_dates(rng, customer, situation, count):
            excl = _excl_cents(rng, TRADE[customer.segment], sizes[customer.number])
            low = rng.random() < TRADE[customer.segment].low_vat_share
            drafts.append(_Draft(customer, issue, excl, VAT_LOW if low else VAT_HIGH))
    drafts.sort(key=lambda d: (d.issue_date, d.customer.number))
    return tuple(_numbered(drafts, reference_for))


def vat_on(excl: Decimal, rate: Decimal) -> Decimal:
    return round_cents(excl * rate)


def _weight(customer: DemoCustomer, situation: Situation, size: float) -> float:
    months = (situation.active_until - situation.active_from).days / 30.44
    # Bigger customers order more often as well as more per order, but not in proportion.
    weight: float = TRADE[customer.segment].invoices_a_month * months * size**0.5
    return weight


def _shares(weights: Sequence[float], total: int) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder), at least one each."""
    rest = max(total - len(weights), 0)
    scale = rest / sum(weights)
    exact = [w * scale for w in weights]
    counts = [1 + int(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: exact[i] - int(exact[i]), reverse=True)
    for i in by_remainder[: len(weights) + rest - sum(counts)]:
        counts[i] += 1
    return counts


def _issue_dates(
    rng: random.Random, customer: DemoCustomer, situation: Situation, count: int
) -> list[date]:
    first, last = situation.active_from, situation.active_until
    dates = [_between(rng, first, last) for _ in range(count)]
    if customer.profile == Profile.GONE and situation.turning_point is not None:
        # A gone customer leaves unpaid invoices behind: at least two after it stopped paying.
        tail_from = situation.turning_point - timedelta(days=customer.payment_term_days)
        for _ in range(2 - sum(1 for d in dates if d >= tail_from)):
            dates.append(_between(rng, tail_from, last))
    return sorted(_weekday(d) for d in dates)


def _between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max((last - first).days, 0)))


def _weekday(day: date) -> date:
    # Invoices go out on working days: a Saturday or Sunday draw becomes the Friday before.
    return day - timedelta(days=max(day.weekday() - 4, 0))


def _excl_cents(rng: random.Random, trade: SegmentTrade, size: float) -> int:
    cents = round(trade.median_euros * 100 * size * rng.lognormvariate(0, trade.spread))
    return min(max(cents, LOWEST_CENTS), HIGHEST_CENTS)


def _numbered(drafts: list[_Draft], reference_for: Callable[[str], str]) -> list[DemoInvoice]:
    invoices = []
    sequence: dict[int, int] = {}
    for draft in drafts:
        year = draft.issue_date.year
        sequence[year] = sequence.get(year, 0) + 1
        number = f"{year}-{sequence[year]:05d}"
        excl = Decimal(draft.excl_cents).scaleb(-2)
        vat = vat_on(excl, draft.vat_rate)
        invoices.append(
            DemoInvoice(
                number=number,
                customer_number=draft.customer.number,
                issue_date=draft.issue_date,
                due_date=draft.issue_date + timedelta(days=draft.customer.payment_term_days),
                amount_excl_vat=excl,
                vat_amount=vat,
                total=excl + vat,
                vat_rate=draft.vat_rate,
                payment_reference=reference_for(number),
            )
        )
    return invoices
