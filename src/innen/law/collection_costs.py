"""Extrajudicial collection costs (art. 6:96 BW; Besluit vergoeding voor buitengerechtelijke
incassokosten, Stb. 2012, 141, "Besluit BIK").

The statutory scale (art. 2 Besluit BIK) on the principal P ("hoofdsom", without interest):
15% of the first €2,500, 10% of the next €2,500, 5% of the next €5,000, 1% of the next
€190,000 and 0.5% of the rest; at least €40 and at most €6,775. The scale amount is rounded
half-up to cents before the minimum and maximum are applied. With the VAT uplift (art. 2 lid 3)
the amount is raised by the general VAT rate (21%, art. 9 lid 1 Wet OB 1968), so €48.40 to
€8,197.75.

* Consumers (art. 6:96 lid 5-7 BW): the scale is mandatory, an agreed higher amount does not
  hold, and for several claims in one letter the principals are added up first.
* Businesses: the scale is the default (HR 10-07-2015, ECLI:NL:HR:2015:1868); an agreed amount
  or percentage replaces it, but never below €40 per late invoice (art. 6:96 lid 4 BW,
  CJEU C-585/20). innen computes the scale on the sum of the principals, like for consumers,
  and then applies the €40-per-invoice floor.

Worked examples (juridischloket.nl, das.nl, ciberjuristen.nl)::

    principal  3,500.00 -> 375.00 + 100.00 = 475.00
    principal 10,000.00 -> 375.00 + 250.00 + 250.00 = 875.00
    principal    450.00 -> 67.50   (three consumer invoices of 100, 150 and 200 in one letter)
    principal    100.00 -> 40.00   (the minimum; 48.40 with the VAT uplift)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from innen.money import ZERO, round_cents

MINIMUM = Decimal("40.00")
MAXIMUM = Decimal("6775.00")
B2B_FIXED_PER_INVOICE = Decimal("40.00")  # art. 6:96 lid 4 BW

# (upper edge of the bracket or None for the rest, percentage) — art. 2 lid 1 Besluit BIK
BRACKETS: tuple[tuple[Decimal | None, Decimal], ...] = (
    (Decimal("2500"), Decimal("15")),
    (Decimal("5000"), Decimal("10")),
    (Decimal("10000"), Decimal("5")),
    (Decimal("200000"), Decimal("1")),
    (None, Decimal("0.5")),
)

# The general VAT rate of art. 9 lid 1 Wet OB 1968 (19% before 1 October 2012).
VAT_RATES: tuple[tuple[date, Decimal], ...] = (
    (date(2001, 1, 1), Decimal("19")),
    (date(2012, 10, 1), Decimal("21")),
)

# Art. 3 Besluit BIK: not for claims whose debtor was in default before 1 July 2012.
BESLUIT_BIK_FROM = date(2012, 7, 1)


def vat_rate_on(day: date) -> Decimal:
    """The general Dutch VAT rate in percent on `day`."""
    rate = VAT_RATES[0][1]
    for effective, percent in VAT_RATES:
        if day >= effective:
            rate = percent
    return rate


def scale_amount(principal: Decimal) -> Decimal:
    """The bare scale of art. 2 lid 1 Besluit BIK, rounded half-up, before minimum and maximum."""
    if principal < 0:
        raise ValueError("principal must not be negative")
    total = ZERO
    lower = Decimal(0)
    for upper, percent in BRACKETS:
        top = principal if upper is None else min(principal, upper)
        if top > lower:
            total += (top - lower) * percent / 100
        if upper is None or principal <= upper:
            break
        lower = upper
    return round_cents(total)


def statutory_costs(principal: Decimal) -> Decimal:
    """The statutory collection costs on `principal`, without VAT: the scale within €40–€6,775."""
    return min(max(scale_amount(principal), MINIMUM), MAXIMUM)


@dataclass(frozen=True)
class CostsRule:
    """How the collection costs are set.

    `kind` is "statutory" (the scale), "none", "agreed_amount" (`value` in euros) or
    "agreed_percentage" (`value` percent of the principal). `vat_uplift` adds VAT to statutory
    costs (art. 2 lid 3 Besluit BIK): only when a VAT-charging collection service is used, the
    creditor cannot deduct the VAT, and says so explicitly.
    """

    kind: str = "statutory"
    value: Decimal | None = None
    vat_uplift: bool = False

    def __post_init__(self) -> None:
        if self.kind not in ("statutory", "none", "agreed_amount", "agreed_percentage"):
            raise ValueError(f"unknown costs rule {self.kind!r}")
        if self.kind.startswith("agreed"):
            if self.value is None or self.value < 0:
                raise ValueError("an agreed amount or percentage must be 0 or more")
        elif self.value is not None:
            raise ValueError(f"{self.kind} costs take no amount")
        if self.vat_uplift and self.kind != "statutory":
            raise ValueError("the VAT uplift applies to the statutory scale only")


STATUTORY_COSTS = CostsRule("statutory")
NO_COSTS = CostsRule("none")


@dataclass(frozen=True)
class CollectionCosts:
    """The costs claimed: `amount` includes `vat` (zero without the uplift); `base` is the
    principal they were computed on and `explanation` says, in Dutch, which rule gave them."""

    amount: Decimal
    vat: Decimal
    base: Decimal
    explanation: str


def collection_costs(
    principal: Decimal,
    *,
    consumer: bool,
    rule: CostsRule = STATUTORY_COSTS,
    invoices: int = 1,
    on: date | None = None,
) -> CollectionCosts:
    """The collection costs on the (summed) `principal` of `invoices` late invoices.

    `on` is the day the costs became due; it picks the VAT rate (21% when omitted). A consumer
    cannot be charged more than the statutory scale (art. 6:96 lid 5 BW): a higher agreed rule
    raises ValueError. For a business the result is never below €40 per invoice (lid 4).
    """
    if principal < 0:
        raise ValueError("principal must not be negative")
    if invoices < 1 or rule.kind == "none" or principal == 0:
        return CollectionCosts(ZERO, ZERO, principal, "geen incassokosten")
    statutory = statutory_costs(principal)
    if rule.kind == "statutory":
        amount, why = statutory, "wettelijke staffel (Besluit BIK art. 2)"
    elif rule.kind == "agreed_amount":
        amount, why = round_cents(rule.value or ZERO), "overeengekomen bedrag"
    else:
        amount = round_cents(principal * (rule.value or ZERO) / 100)
        why = f"overeengekomen {rule.value}% van de hoofdsom"
    if consumer and amount > statutory:
        raise ValueError(
            f"for a consumer the statutory scale is the most that may be charged "
            f"(art. 6:96 lid 5 BW): {amount} is more than {statutory}"
        )
    if not consumer and amount < B2B_FIXED_PER_INVOICE * invoices:
        amount = B2B_FIXED_PER_INVOICE * invoices
        why += f"; ten minste € 40 per factuur (art. 6:96 lid 4 BW) × {invoices}"
    vat = ZERO
    if rule.vat_uplift:
        percent = vat_rate_on(on) if on is not None else VAT_RATES[-1][1]
        vat = round_cents(amount * percent / 100)
        why += f"; verhoogd met {percent}% btw (Besluit BIK art. 2 lid 3)"
    return CollectionCosts(amount + vat, vat, principal, why)
