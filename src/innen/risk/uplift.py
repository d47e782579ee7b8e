"""Does the recommended step get money in sooner? The experiment's measurement, pure.

An organisation's experiment keeps a fixed random share of customers on the plain policy (the
control group); the others get the recommended variants. Per behaviour segment this compares
the two groups on two outcomes of their invoices that fell due during the experiment:

- **days to pay**: days from the due date to the day the invoice was paid in full, over the
  invoices paid (a negative number is early);
- **paid within 30 days**: the share paid at most 30 days after the due date, over the invoices
  due at least 30 days ago (a younger one cannot have failed yet).

Each as the difference of the means (recommended less control) with a Welch confidence
interval (unequal variances; for a share this is the unpooled Wald interval, with Student's t).
The difference is called significant only when the interval leaves out 0. Invoices of one
customer are not independent; the interval is narrower than it should be when a few customers
have many invoices, so `per_customer=True` averages each customer's invoices first.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from statistics import fmean, variance

from scipy.stats import t as student_t

PAID_WITHIN = 30
LEVEL = 0.95
MIN_EACH = 5  # fewer outcomes than this in a group: no interval at all
DEFAULT_CONTROL_SHARE = 0.2


def in_control(seed: str, customer: str, share: float = DEFAULT_CONTROL_SHARE) -> bool:
    """Whether `customer` is in the control group of the experiment with `seed`: a fixed,
    uniformly spread draw (the first 8 bytes of SHA-256) under `share`. The same seed and
    customer always give the same answer, so the assignment never moves; it is recorded once."""
    digest = hashlib.sha256(f"{seed}:{customer}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < share


@dataclass(frozen=True)
class Outcome:
    """One invoice in the experiment: its customer, the customer's segment and group, its due
    date and the day it was paid in full (None: still open)."""

    customer: str
    segment: str
    control: bool
    due: date
    paid: date | None


@dataclass(frozen=True)
class Difference:
    """Recommended less control: the means, the difference and its confidence interval."""

    n_recommended: int
    n_control: int
    recommended: float
    control: float
    difference: float
    low: float
    high: float

    @property
    def significant(self) -> bool:
        """The interval leaves out 0: the groups differ (at the interval's level)."""
        return self.low > 0 or self.high < 0


def welch(
    recommended: Sequence[float], control: Sequence[float], level: float = LEVEL
) -> Difference | None:
    """The difference of the means with its Welch interval; None with too few in a group."""
    n_r, n_c = len(recommended), len(control)
    if n_r < MIN_EACH or n_c < MIN_EACH:
        return None
    mean_r, mean_c = fmean(recommended), fmean(control)
    var_r, var_c = variance(recommended) / n_r, variance(control) / n_c
    spread = var_r + var_c
    if spread == 0:  # both groups all alike: the difference is what it is
        gap = mean_r - mean_c
        return Difference(n_r, n_c, mean_r, mean_c, gap, gap, gap)
    # Welch-Satterthwaite degrees of freedom, with each group's share of the spread (squaring
    # a tiny variance itself underflows to zero).
    share_r, share_c = var_r / spread, var_c / spread
    freedom = 1 / (share_r**2 / (n_r - 1) + share_c**2 / (n_c - 1))
    half = float(student_t.ppf(0.5 + level / 2, freedom)) * math.sqrt(spread)
    gap = mean_r - mean_c
    return Difference(n_r, n_c, mean_r, mean_c, gap, gap - half, gap + half)


@dataclass(frozen=True)
class SegmentResult:
    segment: str
    days_to_pay: Difference | None  # None: too few paid invoices in a group yet
    paid_within: Difference | None  # the share paid within `PAID_WITHIN` days of the due date


def _by_group(
    pairs: Iterable[tuple[Outcome, float]], per_customer: bool
) -> tuple[list[float], list[float]]:
    """The values of the recommended and the control group (per customer: each one's mean)."""
    if not per_customer:
        recommended: list[float] = []
        control: list[float] = []
        for outcome, value in pairs:
            (control if outcome.control else recommended).append(value)
        return recommended, control
    grouped: dict[tuple[bool, str], list[float]] = defaultdict(list)
    for outcome, value in pairs:
        grouped[(outcome.control, outcome.customer)].append(value)
    return (
        [fmean(v) for (ctrl, _), v in grouped.items() if not ctrl],
        [fmean(v) for (ctrl, _), v in grouped.items() if ctrl],
    )


def measure(
    outcomes: Iterable[Outcome], today: date, *, per_customer: bool = False
) -> dict[str, SegmentResult]:
    """Per segment, both outcomes for both groups, as known on `today`."""
    by_segment: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        if outcome.due <= today:
            by_segment[outcome.segment].append(outcome)
    results = {}
    for name, found in sorted(by_segment.items()):
        paid = [(o, float((o.paid - o.due).days)) for o in found if o.paid and o.paid <= today]
        ripe = [
            (
                o,
                float(
                    o.paid is not None and o.paid <= today and (o.paid - o.due).days <= PAID_WITHIN
                ),
            )
            for o in found
            if (today - o.due).days >= PAID_WITHIN
        ]
        results[name] = SegmentResult(
            name,
            welch(*_by_group(paid, per_customer)),
            welch(*_by_group(ripe, per_customer)),
        )
    return results
