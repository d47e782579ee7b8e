"""A suggested credit limit for a customer, from its history and what it owes now; and the
check before accepting an order: would what it owes plus the order pass the limit?

The rule: a customer normally owes what it is invoiced in the time it takes to pay. So the
base is its monthly invoiced amount over the last year times its payment cycle (the usual
term plus the usual days late, at least a month). That base is then weighed by how it pays:
half as much again for a punctual payer, halved for one that mostly pays late, halved again
after a broken promise or plan in the last year, and halved again while an invoice is more
than 30 days past due. A customer with no payment yet gets its largest invoice's worth. The
limit is rounded down to a round amount, so that it reads as a judgement, not a sum. Each step
says why in words (translatable English, as `innen.risk.explain` does).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from statistics import median

from innen.money import ZERO
from innen.risk.records import Record
from innen.translatable import N_, Text, say

YEAR = timedelta(days=365)
LONG_OVERDUE = 30  # days past due that halve the limit
PUNCTUAL_SHARE = 0.2  # at most this share paid late, with MIN_PAID payments: punctual
MIN_PAID = 3
LATE_SHARE = 0.5  # more than this share paid late: mostly late

LOW, MEDIUM, HIGH, UNKNOWN = "low", "medium", "high", "unknown"

INVOICED = N_("invoiced about %(amount)s a month over the last %(months)s months")
CYCLE = N_("pays in about %(days)s days (a term of %(term)s days, %(late)s days late)")
PUNCTUAL = N_("paid %(percent)s%% of its invoices late: half as much again")
MOSTLY_LATE = N_("paid %(percent)s%% of its invoices late: halved")
SOMETIMES_LATE = N_("paid %(percent)s%% of its invoices late")
BROKEN = N_("broke %(count)s promises or payment plans this year: halved")
OVERDUE = N_("%(count)s invoices more than 30 days past due: halved")
NO_HISTORY = N_("no payment history yet: the size of its largest invoice")
NOTHING_INVOICED = N_("nothing invoiced yet")
OWES = N_("owes %(amount)s now")


@dataclass(frozen=True)
class Advice:
    """The suggested limit, how risky the customer looks, and why."""

    limit: Decimal
    risk: str  # LOW, MEDIUM, HIGH, or UNKNOWN without a payment yet
    share_late: float | None  # of its paid invoices, the share paid after the due date
    reasons: tuple[Text, ...]


def suggested_limit(history: Sequence[Record], exposure: Decimal, today: date) -> Advice:
    """The limit the customer's `history` (its invoices) and `exposure` (what it owes on
    `today`) suggest. Only what was known before `today` counts."""
    known = [r for r in history if r.issued < today]
    paid = [r for r in known if r.settled is not None and r.settled < today]
    owes = say(OWES, amount=_euro(exposure))
    if not known:
        return Advice(ZERO, UNKNOWN, None, (say(NOTHING_INVOICED), owes))
    if not paid:
        largest = max(r.amount for r in known)
        return Advice(_round_down(largest), UNKNOWN, None, (say(NO_HISTORY), owes))
    monthly, months = _monthly(known, today)
    term = median((r.due - r.issued).days for r in known)
    late = median(r.days_late or 0 for r in paid)
    cycle = max(30, round(term + late))
    reasons = [
        say(INVOICED, amount=_euro(monthly), months=months),
        say(CYCLE, days=cycle, term=round(term), late=round(late)),
    ]
    share = sum(1 for r in paid if (r.days_late or 0) > 0) / len(paid)
    factor, risk = _by_lateness(share, len(paid), reasons)
    broken = _broken_this_year(known, today)
    if broken:
        factor /= 2
        risk = HIGH
        reasons.append(say(BROKEN, count=broken))
    overdue = _long_overdue(known, today)
    if overdue:
        factor /= 2
        risk = HIGH
        reasons.append(say(OVERDUE, count=overdue))
    base = monthly * Decimal(cycle) / Decimal(30)
    limit = _round_down(base * Decimal(str(factor)))
    return Advice(limit, risk, share, (*reasons, owes))


def passes(exposure: Decimal, limit: Decimal, order: Decimal = ZERO) -> bool:
    """Whether what the customer owes plus `order` would be more than `limit`."""
    return exposure + order > limit


def _by_lateness(share: float, paid: int, reasons: list[Text]) -> tuple[float, str]:
    percent = round(share * 100)
    if share <= PUNCTUAL_SHARE and paid >= MIN_PAID:
        reasons.append(say(PUNCTUAL, percent=percent))
        return 1.5, LOW
    if share > LATE_SHARE:
        reasons.append(say(MOSTLY_LATE, percent=percent))
        return 0.5, HIGH
    reasons.append(say(SOMETIMES_LATE, percent=percent))
    return 1.0, MEDIUM


def _monthly(known: Sequence[Record], today: date) -> tuple[Decimal, int]:
    """The amount invoiced per month in the last year, over the months the customer had."""
    recent = [r for r in known if r.issued >= today - YEAR]
    if not recent:
        return ZERO, 12
    first = min(r.issued for r in recent)
    months = min(12, max(1, -(-(today - first).days // 30)))
    return sum((r.amount for r in recent), ZERO) / months, months


def _broken_this_year(known: Sequence[Record], today: date) -> int:
    days = [d for r in known for d in (*r.broken_promises, *r.broken_plans)]
    return sum(1 for day in days if today - YEAR <= day < today)


def _long_overdue(known: Sequence[Record], today: date) -> int:
    return sum(
        1
        for r in known
        if (r.settled is None or r.settled >= today) and (today - r.due).days > LONG_OVERDUE
    )


def _round_down(amount: Decimal) -> Decimal:
    """Down to a round amount: whole hundreds from a thousand, tens below it."""
    step = 100 if amount >= 1000 else 10
    return Decimal(int(amount // step) * step) + ZERO


def _euro(amount: Decimal) -> str:
    return f"€ {int(amount):,}".replace(",", ".")
