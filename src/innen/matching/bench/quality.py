"""How well the matcher did against the truth: precision of what it applied, recall. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from innen.matching.decision import Decision

# Decisions that move money between invoices without a person looking.
AUTOMATIC = ("apply", "storno")


@dataclass(frozen=True)
class Quality:
    precision: float  # correct automatic decisions / automatic decisions
    recall: float  # payments for invoices applied correctly / payments for invoices
    applied: int
    reviewed: int
    wrong: tuple[int, ...] = ()  # entry numbers applied to the wrong invoices


def evaluate(
    decisions: Sequence[Decision],
    truth: Sequence[tuple[int, ...]],
    incoming: Sequence[bool] | None = None,
) -> Quality:
    """`truth[i]`: the invoice ids decision i's line really pays or re-opens; () for none.

    `incoming[i]`: line i is money in (default: read from the decision, which cannot tell a
    storno sent to review from a payment).
    """
    applied = correct = belonging = found = reviewed = 0
    wrong = []
    if incoming is None:
        incoming = [d.action not in ("storno", "refund", "ignore") for d in decisions]
    for decision, real, money_in in zip(decisions, truth, incoming, strict=True):
        if decision.action == "review":
            reviewed += 1
        is_payment = money_in and bool(real)
        belonging += is_payment
        if decision.action not in AUTOMATIC or decision.chosen is None:
            continue
        applied += 1
        if tuple(sorted(decision.chosen.invoice_ids)) == tuple(sorted(real)):
            correct += 1
            found += is_payment and decision.action == "apply"
        else:
            wrong.append(decision.entry_number)
    return Quality(
        precision=correct / applied if applied else 1.0,
        recall=found / belonging if belonging else 1.0,
        applied=applied,
        reviewed=reviewed,
        wrong=tuple(wrong),
    )
