"""Which debt a payment pays off (art. 6:43 BW) and in which order within it (art. 6:44 BW).

* Between debts (art. 6:43): the invoice the debtor designates; otherwise the due
  ("opeisbare") invoices first, of those the most onerous, of equally onerous ones the
  oldest, and equally old ones pro rata. All invoices of one innen claim carry the same
  interest rule, so they are equally onerous and age decides: the earliest due date first.
* Within a debt (art. 6:44 lid 1): costs first, then interest, then principal. The collection
  costs of a claim are computed on the invoices together (art. 6:96 lid 7 BW), so they are
  one debt component of the whole claim and a payment pays them before anything else
  (HR 10-07-2015, ECLI:NL:HR:2015:1868: collection costs are "kosten" in art. 6:44).

Worked example: open costs 67.50; invoice A (due 1 March) 10.00 interest + 100.00 principal;
invoice B (due 1 April) 5.00 + 150.00. A payment of 150.00 on 1 May without designation pays
67.50 costs, then A: 10.00 interest and 72.50 principal; B gets nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from innen.money import CENT, ZERO, round_cents_down


@dataclass(frozen=True)
class OpenDebt:
    """What the allocation needs to know of one invoice: its index, due date and date issued."""

    index: int
    due: date
    issued: date | None = None


def payment_order(
    debts: Sequence[OpenDebt], paid_on: date, designated: int | None = None
) -> list[list[int]]:
    """The invoices in the order a payment reaches them (art. 6:43 BW), as groups of indexes.

    A group holds equally old invoices, which share the payment pro rata.
    """
    groups: list[list[int]] = []
    if designated is not None:
        groups.append([designated])
    rest = [d for d in debts if d.index != designated]

    def age(debt: OpenDebt) -> tuple[bool, date, date]:
        not_yet_due = debt.due >= paid_on  # art. 6:43 lid 2: due debts first
        return (not_yet_due, debt.due, debt.issued or debt.due)

    last_age: tuple[bool, date, date] | None = None
    for debt in sorted(rest, key=lambda d: (age(d), d.index)):
        if last_age is not None and age(debt) == last_age:
            groups[-1].append(debt.index)  # equally old: pro rata (art. 6:43 lid 2, last sentence)
        else:
            groups.append([debt.index])
        last_age = age(debt)
    return groups


def split_pro_rata(amount: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Split `amount` in cents pro rata `weights`; leftover cents go to the largest remainders."""
    total = sum(weights, ZERO)
    if total <= 0:
        return [ZERO for _ in weights]
    exact = [amount * w / total for w in weights]
    shares = [round_cents_down(e) for e in exact]
    left = int((amount - sum(shares, ZERO)) / CENT)
    by_remainder = sorted(range(len(weights)), key=lambda i: exact[i] - shares[i], reverse=True)
    for i in by_remainder[:left]:
        shares[i] += CENT
    return shares


@dataclass(frozen=True)
class Split:
    """How much of an amount went to costs, interest and principal, and what was left."""

    to_costs: Decimal
    to_interest: Decimal
    to_principal: Decimal
    rest: Decimal


def split_within_debt(
    amount: Decimal, *, costs: Decimal, interest: Decimal, principal: Decimal
) -> Split:
    """Art. 6:44 lid 1 BW: an amount pays costs, then interest, then principal."""
    to_costs = min(amount, costs)
    to_interest = min(amount - to_costs, interest)
    to_principal = min(amount - to_costs - to_interest, principal)
    return Split(
        to_costs, to_interest, to_principal, amount - to_costs - to_interest - to_principal
    )


def allocate_groups(
    amount: Decimal,
    groups: Sequence[Sequence[int]],
    open_amount: Callable[[int], Decimal],
) -> list[tuple[int, Decimal]]:
    """Walk `groups` in order, giving each invoice its share of `amount` (at most what is open).

    Returns (index, share) for every invoice that received something.
    """
    shares: list[tuple[int, Decimal]] = []
    remaining = amount
    for group in groups:
        if remaining <= 0:
            break
        opens = [open_amount(i) for i in group]
        total = sum(opens, ZERO)
        if total <= 0:
            continue
        parts = opens if remaining >= total else split_pro_rata(remaining, opens)
        for index, part in zip(group, parts, strict=True):
            if part > 0:
                shares.append((index, part))
                remaining -= part
    return shares
